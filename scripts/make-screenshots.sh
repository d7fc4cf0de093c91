#!/usr/bin/env bash
# Makes the user guide's pictures with the program itself, so they show what the current
# build shows: the studio runs on a virtual display (xvfb-run) and saves its window through
# --screenshot; the paper figure comes from `orinet plot`. Starts from an empty data folder,
# so the first start (demo world generation) is part of the run.
#   scripts/make-screenshots.sh BUILD_DIR [OUT_DIR] [LANGUAGE]
# OUT_DIR defaults to docs/guide/images; LANGUAGE (e.g. de) adds "-<language>" to the names
# and runs the studio in that language (a check for cut-off labels). Takes a few minutes:
# it trains a tiny model for two epochs to have something to evaluate, compare and map. ORINET_SCREENSHOT_DATA
# keeps the data folder (demo world, run) between calls.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:?usage: make-screenshots.sh BUILD_DIR [OUT_DIR] [LANGUAGE]}" && pwd)
out=${2:-docs/guide/images}
language=${3:-}
studio="$build/app/orinet-studio"
orinet="$build/app/orinet"
for tool in xvfb-run "$studio" "$orinet"; do
    command -v "$tool" >/dev/null || { echo "make-screenshots: $tool not found" >&2; exit 1; }
done
mkdir -p "$out"
out=$(cd "$out" && pwd)

data=${ORINET_SCREENSHOT_DATA:-$(mktemp -d)}
[ -n "${ORINET_SCREENSHOT_DATA:-}" ] || trap 'rm -rf "$data"' EXIT
mkdir -p "$data"
suffix=${language:+-$language}
# The user's saved language and window state must not leak into the pictures.
export XDG_CONFIG_HOME="$data/config"

shot() { # shot NAME [studio options...]
    local name=$1 start=$SECONDS
    shift
    local args=(--data-dir "$data" --screenshot "$out/$name$suffix.png" "$@")
    [ -z "$language" ] || args+=(--language "$language")
    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" "$studio" "${args[@]}" \
        >"$data/studio.log" 2>&1 ||
        { echo "make-screenshots: the studio failed for $name:" >&2; cat "$data/studio.log" >&2; exit 1; }
    echo "  $out/$name$suffix.png ($((SECONDS - start)) s)"
}

echo "make-screenshots: studio workspaces (the first one generates the demo world)"
shot dataset --tab dataset
shot map --tab map
shot orientation --tab orientation

# The first start's welcome page exists only while the world is made: tst_firststart grabs it
# at that moment (English only).
if [ -z "$language" ] && [ -x "$build/tests/app/tst_firststart" ]; then
    ORINET_SAVE_GRABS="$out" QT_QPA_PLATFORM=offscreen "$build/tests/app/tst_firststart" \
        welcomePageWhileTheDemoWorldIsMade >"$data/studio.log" 2>&1 &&
        echo "  $out/first-start.png"
fi

dataset="$data/demo-world/cvact"
run="$data/runs/demo-tiny"
if [ ! -f "$run/checkpoints/last.ckpt" ]; then
    echo "make-screenshots: training a tiny model for two epochs"
    "$orinet" train --dataset "$dataset" --run "$run" --preset tiny --epochs 2 --batch 12 \
        --lr 1e-4 --seed 1 --val-pairs 60 --quiet
fi
shot training --tab training --run "$run" # the run's settings and curves
shot evaluation --run "$run"

echo "make-screenshots: comparing runs, and the heat map"
# Compare Runs needs a second evaluation of the same split: the run with the recalibrated
# BatchNorm statistics (each image alone) against the studio's default, the paper's batch
# statistics (original).
"$orinet" eval --run "$run" --dataset "$dataset" --split test --bn recalibrated --quiet
recalibrated=$(find "$run/results" -path '*/test_*_recalibrated*/eval_g2s.json' | head -n 1)
shot compare --run "$run" --view compare --compare "$recalibrated"
# Why this match? for the worst query, its largest panorama cell hovered.
shot explain --run "$run" --view explain
# The heat map describes the demo world's places once; the run folder caches them.
shot heatmap --run "$run" --view heatmap
# The map docked beside the failure inspector; the choice is remembered, so it is the last
# studio picture and its layout is dropped after it.
shot beside --run "$run" --map-beside
rm -f "$data/layout.ini"

# Make Dataset with VIGOR's grid (docs/guide/vigor.md): the demo world's orthophoto and its
# panoramas' positions, previewed.
echo "make-screenshots: Make Dataset from Orthophoto (VIGOR's grid)"
awk -F, -v root="$data/demo-world" 'NR == 1 { print "file,lat,lon,id"; next }
    { print root "/" $2 "," $7 "," $8 "," $1 }' "$data/demo-world/pairs.csv" >"$data/positions.csv"
shot make-dataset-vigor --make-dataset "$data/demo-world/world.tif" \
    --make-positions "$data/positions.csv" --make-layout vigor

# Evaluation > VIGOR (docs/guide/vigor.md): a small VIGOR-layout world, a tiny run trained on its
# same-area protocol and evaluated on its test split; the view opens the run's results.
echo "make-screenshots: Evaluation > VIGOR (a small VIGOR-layout world, trained 8 epochs)"
vigor="$data/vigor-world" vigorRun="$data/vigor-run"
[ -f "$vigor/vigor_world.json" ] ||
    "$orinet" synth --vigor --out "$vigor" --panoramas-per-city 60 --tile-size 64 \
        --tile-metres 80 --cvact-width 128 >"$data/vigor.log" 2>&1
if [ ! -f "$vigorRun/checkpoints/last.ckpt" ]; then
    "$orinet" train --dataset "$vigor" --protocol same-area --run "$vigorRun" --preset tiny \
        --epochs 8 --batch 12 --lr 1e-4 --seed 1 >>"$data/vigor.log" 2>&1
    "$orinet" eval --run "$vigorRun" --vigor "$vigor" --protocol same-area --split test \
        >>"$data/vigor.log" 2>&1
fi
# The view opens the run's newest results: the BatchNorm-original ones (made first).
vigorResults=$(ls -d "$vigorRun"/results/vigor-same-area-test_*_original/querygallery.json | head -1)
touch "$vigorResults"
shot vigor --no-demo --run "$vigorRun" --view vigor
# The same run's results with recalibrated BatchNorm statistics (A, now the newest) compared with
# those (B), query by query.
"$orinet" eval --run "$vigorRun" --vigor "$vigor" --protocol same-area --split test \
    --bn recalibrated >>"$data/vigor.log" 2>&1
shot vigor-compare --no-demo --run "$vigorRun" --view vigor-compare --compare "$vigorResults"
# The Training workspace set up for that VIGOR root, showing the run's curves and the
# held-out validation's figures per epoch.
shot training-vigor --no-demo --open "$vigor" --tab training --run "$vigorRun"

# Other methods beside OriNet (docs/guide/comparing.md): colour-histogram descriptors written
# as .npy by docs/examples/histogram_descriptors.py (numpy), imported; and an untrained
# ResNet-18 pair exported as TorchScript by docs/examples/resnet_pair.py, imported with its
# card. Needs a Python with numpy, Pillow, torch and torchvision (scripts/install-deps.sh
# installs Debian's).
python=
for candidate in /usr/bin/python3 python3; do
    if "$candidate" -c 'import numpy, PIL, torch, torchvision' >/dev/null 2>&1; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    echo "make-screenshots: no python3 with numpy, Pillow, torch and torchvision:" \
        "compare-methods and methods-figure are not made" >&2
else
    echo "make-screenshots: other methods (.npy descriptors, a TorchScript model) beside OriNet"
    world=$(dirname "$dataset")
    histogram="$data/runs/colour-histogram"
    if [ ! -f "$histogram/import.json" ]; then
        "$python" docs/examples/histogram_descriptors.py "$world" test "$data/histogram" >/dev/null
        "$orinet" import-descriptors --method "Colour histogram" --ground "$data/histogram/ground.npy" \
            --satellite "$data/histogram/satellite.npy" --ids "$data/histogram/ids.txt" \
            --dataset "$dataset" --split test --out "$histogram" --quiet
    fi
    other="$data/runs/resnet-pair"
    if [ ! -f "$other/import.json" ]; then
        "$python" docs/examples/resnet_pair.py "$data/resnet_pair.pt"
        "$orinet" import-model --torchscript "$data/resnet_pair.pt" \
            --card docs/examples/resnet_pair.json --out "$other" --quiet
    fi
    for method in "$histogram" "$other"; do
        "$orinet" eval --run "$method" --dataset "$dataset" --split test --quiet
    done
    histogramResults=$(find "$histogram/results" -path '*/test_*/eval_g2s.json' | head -n 1)
    theirs=$(find "$other/results" -path '*/test_*/eval_g2s.json' | head -n 1)
    ours=$(find "$run/results" -path '*/test_*_original*/eval_g2s.json' | head -n 1)
    # A is the run opened (OriNet), B the imported descriptors: the table starts at "only A
    # right", and the map beside it shows both methods' top-1.
    shot compare-methods --run "$run" --view compare --compare "$histogramResults" --map-beside
    rm -f "$data/layout.ini"
fi

echo "make-screenshots: paper figure"
"$orinet" eval --run "$run" --dataset "$dataset" --split val --quiet
# The run also holds the studio's evaluation of the test split: name the val results.
results=$(find "$run/results" -path '*/val_*/eval_g2s.json' | head -n 1)
"$orinet" plot recall --runs "$results" --names "OriNet (tiny, 2 epochs)" --out "$out/figure$suffix.png" \
    --log-x --dpi 150 --quiet
echo "  $out/figure$suffix.png"
if [ -n "$python" ]; then
    # The three methods with the OriNet paper's CVACT_test row as published markers.
    "$orinet" plot recall --runs "$ours" "$histogramResults" "$theirs" \
        --names "OriNet (tiny, 2 epochs)" "Colour histogram" "ResNet-18 pair (untrained)" \
        --published docs/examples/published-orinet.csv --dataset CVACT --geo --log-x \
        --out "$out/methods-figure$suffix.png" --dpi 150 --quiet
    echo "  $out/methods-figure$suffix.png"
fi

# Palette PNGs are a third of the size and look the same for window pictures (the map stays
# under 200 KB at this quality).
if command -v pngquant >/dev/null; then
    for png in "$out"/*"$suffix".png; do
        pngquant --force --skip-if-larger --speed 1 --quality 30-60 --output "$png" "$png" || true
    done
fi
du -k "$out"/*"$suffix".png | sed 's/^/  KiB /'
