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

# Seeds from a small world made with the main build's `orinet` (when built), made once.
seeds="$build/seeds"
if [ ! -d "$seeds" ]; then
    orinet=build/app/orinet
    [ -x "$orinet" ] || orinet=
    bash scripts/fuzz-seeds.sh "$build" $orinet
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
