#!/usr/bin/env bash
# The orientation ablation in one command (docs/training.md, "The orientation ablation"):
# OriNet with its orientation channels ("input") against the same network without them
# ("none"), same seeds and budget, evaluated on north-aligned pairs and on pairs turned to a
# random orientation (where only the channels can say which way is north).
#
#   scripts/orientation-ablation.sh DATASET OUT [options]
#
# DATASET is any dataset orinet reads (CVUSA, CVACT, pairs.csv; e.g. a real CVUSA folder or
# `orinet synth --out world --pairs 1450`). OUT receives the run folders (runs/<mode>-s<seed>),
# their results, a recall@K figure and a table. Runs that exist are resumed, so an interrupted
# ablation continues where it stopped. Every validation measures all BatchNorm modes.
#
# Options (defaults in brackets):
#   --preset NAME        input size: paper, small or tiny [tiny]
#   --epochs N           training epochs per run [20]
#   --seeds "S ..."      training seeds [1 2]
#   --orientations "O ..." the orientation modes compared [input none]
#   --lr LR              learning rate [1e-4]
#   --batch B            pairs per batch [12]
#   --split NAME         split the runs are evaluated on [test if the dataset has one, else val]
#   --turns "S ..."      seeds of the random-orientation evaluations [1 2]
#   --bn MODE            BatchNorm mode of the evaluations [original: the paper's protocol]
#   --threads T          compute threads per run [all cores]
#   --each-epoch         also evaluate the split after every epoch, in every BatchNorm mode
#                        (trains one epoch at a time; table in OUT/per-epoch.csv)
#   --orinet PATH        the orinet executable [orinet on PATH, else build/app/orinet]
set -euo pipefail

usage() { sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
[ $# -ge 2 ] || usage
dataset=$1
out=$2
shift 2
preset=tiny epochs=20 seeds="1 2" orientations="input none" lr=1e-4 batch=12 split="" turns="1 2" bn=original
threads=0 orinet="" each=0
while [ $# -gt 0 ]; do
    case $1 in
    --each-epoch) each=1; shift; continue ;;
    --preset) preset=$2 ;;
    --epochs) epochs=$2 ;;
    --seeds) seeds=$2 ;;
    --orientations) orientations=$2 ;;
    --lr) lr=$2 ;;
    --batch) batch=$2 ;;
    --split) split=$2 ;;
    --turns) turns=$2 ;;
    --bn) bn=$2 ;;
    --threads) threads=$2 ;;
    --orinet) orinet=$2 ;;
    -h | --help) usage 0 ;;
    *) echo "orientation-ablation: unknown option $1" >&2; usage ;;
    esac
    shift 2
done
if [ -z "$orinet" ]; then
    orinet=$(command -v orinet || true)
    [ -n "$orinet" ] || orinet="$(dirname "$0")/../build/app/orinet"
fi
[ -x "$orinet" ] || { echo "orientation-ablation: no orinet executable at $orinet" >&2; exit 1; }
if [ -z "$split" ]; then
    if "$orinet" dataset --dataset "$dataset" --json | grep -q '"test"'; then split=test; else split=val; fi
fi
mkdir -p "$out/runs" "$out/results"
epoch_modes=(original recalibrated running adapted)
log() { echo "orientation-ablation: $*" >&2; }

runs=()
for seed in $seeds; do
    for mode in $orientations; do
        run="$out/runs/$mode-s$seed"
        runs+=("$run")
        # Trains (or resumes) $run up to epoch $1.
        train_to() {
            local common=(--dataset "$dataset" --run "$run" --epochs "$1" --threads "$threads")
            if [ -f "$run/checkpoints/last.ckpt" ]; then
                log "resuming $run to epoch $1"
                "$orinet" train "${common[@]}" --resume --quiet
            else
                log "training $run ($mode, seed $seed) to epoch $1"
                "$orinet" train "${common[@]}" --preset "$preset" --orientation "$mode" \
                    --seed "$seed" --lr "$lr" --batch "$batch" --val-all-bn --quiet
            fi
        }
        if [ "$each" = 1 ]; then
            for ((e = 1; e <= epochs; e++)); do
                at="$out/results/epochs/$mode-s$seed/e$e"
                [ -f "$at-${epoch_modes[-1]}/eval_g2s.json" ] && continue
                train_to "$e"
                for m in "${epoch_modes[@]}"; do
                    # One mode that cannot describe the split (the reason is printed) leaves a
                    # gap in the table, not the whole ablation undone.
                    "$orinet" eval --run "$run" --dataset "$dataset" --split "$split" --bn "$m" \
                        --out "$at-$m" --quiet || log "epoch $e: no $m evaluation of $run"
                done
            done
        else
            train_to "$epochs"
        fi
        # North-aligned pairs, then each random orientation.
        "$orinet" eval --run "$run" --dataset "$dataset" --split "$split" --bn "$bn" \
            --out "$out/results/$mode-s$seed-aligned" --quiet
        for turn in $turns; do
            "$orinet" eval --run "$run" --dataset "$dataset" --split "$split" --bn "$bn" \
                --random-orientation "$turn" --out "$out/results/$mode-s$seed-turned$turn" --quiet
        done
    done
done

names=()
results=()
for seed in $seeds; do
    for mode in $orientations; do
        names+=("$mode s$seed aligned")
        results+=("$out/results/$mode-s$seed-aligned/eval_g2s.json")
        for turn in $turns; do
            names+=("$mode s$seed turned $turn")
            results+=("$out/results/$mode-s$seed-turned$turn/eval_g2s.json")
        done
    done
done
"$orinet" plot recall --runs "${results[@]}" --names "${names[@]}" --log-x \
    --out "$out/ablation.pdf" --table csv --quiet
if [ "$each" = 1 ]; then
    names=()
    results=()
    for seed in $seeds; do
        for mode in $orientations; do
            for ((e = 1; e <= epochs; e++)); do
                for m in "${epoch_modes[@]}"; do
                    [ -f "$out/results/epochs/$mode-s$seed/e$e-$m/eval_g2s.json" ] || continue
                    names+=("$mode s$seed e$e $m")
                    results+=("$out/results/epochs/$mode-s$seed/e$e-$m/eval_g2s.json")
                done
            done
        done
    done
    "$orinet" plot recall --runs "${results[@]}" --names "${names[@]}" --log-x \
        --out "$out/per-epoch.pdf" --table csv --quiet
    log "per-epoch $split results in $out/per-epoch.csv"
fi
log "figure $out/ablation.pdf, table $out/ablation.csv, per-epoch validation in $out/runs/*/log.csv"
