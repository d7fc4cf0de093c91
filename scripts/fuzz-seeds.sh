#!/usr/bin/env bash
# Seeds for the libFuzzer targets (fuzz/): one folder per target under OUT/seeds, each with a
# valid input of its format, from a small world made with ORINET (the main build's `orinet`)
# when it is given and runs, plus hand-made .npy, safetensors, descriptors.json and run config.
# Also makes OUT/findings/<target>. OUT/seeds is made anew each time.
#   scripts/fuzz-seeds.sh OUT [ORINET]
# Used by scripts/fuzz.sh and by the fuzz_* tests (tests/fuzz, docs/robustness.md).
set -euo pipefail
out=${1:?usage: fuzz-seeds.sh OUT [ORINET]}
orinet=${2:-}
targets=(npy mat safetensors pairscsv cvusacsv descriptorsjson runconfig)
seeds="$out/seeds"
rm -rf "$seeds"
for t in "${targets[@]}"; do
    mkdir -p "$seeds/$t" "$out/findings/$t"
done
if [ -n "$orinet" ] && [ -x "$orinet" ]; then
    world=$(mktemp -d)
    trap 'rm -rf "$world"' EXIT
    "$orinet" synth --out "$world/w" --pairs 6 --tile-size 32 --tile-metres 40 \
        --pano-width 66 --cvact-width 32 --world-metres 200 --threads 2 --quiet >/dev/null
    cp "$world/w/pairs.csv" "$seeds/pairscsv/"
    cp "$world/w/cvusa/splits/train-19zl.csv" "$seeds/cvusacsv/"
    cp "$world/w/cvact/ACT_data.mat" "$seeds/mat/"
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
