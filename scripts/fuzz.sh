#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, clang) and runs each for a bounded time, like a
# benchmark: prints per target the runs, the seconds and whether anything was found.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, all targets)
# Seeds come from a small world made with the main build's `orinet` (build/app/orinet) when
# it exists. A finding leaves its input in build-fuzz/findings/<target>/ and makes the script
# exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(npy mat safetensors pairscsv cvusacsv descriptorsjson runconfig)
build=build-fuzz

CXX=${CXX:-clang++-14} cmake -S fuzz -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 >/dev/null

seeds="$build/seeds"
if [ ! -d "$seeds" ]; then
    mkdir -p "$seeds"/{npy,mat,safetensors,pairscsv,cvusacsv,descriptorsjson,runconfig}
    if [ -x build/app/orinet ]; then
        world=$(mktemp -d)
        build/app/orinet synth --out "$world/w" --pairs 6 --tile-size 32 --tile-metres 40 \
            --pano-width 66 --cvact-width 32 --world-metres 200 --quiet >/dev/null
        cp "$world/w/pairs.csv" "$seeds/pairscsv/"
        cp "$world/w/cvusa/splits/train-19zl.csv" "$seeds/cvusacsv/"
        cp "$world/w/cvact/ACT_data.mat" "$seeds/mat/"
        rm -rf "$world"
    fi
    python3 - "$seeds" <<'PY'
import struct, sys
seeds = sys.argv[1]
header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }"
header += " " * (64 - (10 + len(header) + 1) % 64) + "\n"
with open(seeds + "/npy/a.npy", "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode())
    f.write(struct.pack("<4f", 1, 0, 0, 1))
meta = b'{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
with open(seeds + "/safetensors/s.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(meta)) + meta + struct.pack("<2f", 1, 2))
PY
    printf '{"ids":["a","b","c"],"split":"val","checkpoint":"c","preset":"tiny","dimension":4,"count":3}' \
        >"$seeds/descriptorsjson/d.json"
    printf '{"model":{"preset":"tiny","orientation":"input"},"epochs":2,"batch_size":4,"learning_rate":1e-5,"rotation":"original"}' \
        >"$seeds/runconfig/c.json"
fi

status=0
printf '%-16s %10s %8s  %s\n' target runs seconds result
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"
    findings="$build/findings/$t"
    mkdir -p "$corpus" "$findings"
    log="$build/fuzz_$t.log"
    start=$(date +%s)
    if "$build/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$findings/" "$corpus" "$seeds/$t" >"$log" 2>&1; then
        result="no finding"
    else
        result="FINDING (see $log, $findings)"
        status=1
    fi
    runs=$(grep -oE '^Done [0-9]+ runs' "$log" | awk '{print $2}' | tail -1 || true)
    printf '%-16s %10s %8s  %s\n' "$t" "${runs:-?}" "$(($(date +%s) - start))" "$result"
done
echo "load: $(uptime | sed 's/.*load average: //')"
exit $status
