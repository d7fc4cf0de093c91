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
#   --lr LR              learning rate [1e-4]
#   --batch B            pairs per batch [12]
#   --split NAME         split the runs are evaluated on [test if the dataset has one, else val]
#   --turns "S ..."      seeds of the random-orientation evaluations [1 2]
#   --bn MODE            BatchNorm mode of the evaluations [original: the paper's protocol]
#   --threads T          compute threads per run [all cores]
#   --orinet PATH        the orinet executable [orinet on PATH, else build/app/orinet]
set -euo pipefail

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
[ $# -ge 2 ] || usage
dataset=$1
out=$2
shift 2
preset=tiny epochs=20 seeds="1 2" lr=1e-4 batch=12 split="" turns="1 2" bn=original
threads=0 orinet=""
while [ $# -gt 0 ]; do
    case $1 in
    --preset) preset=$2 ;;
    --epochs) epochs=$2 ;;
    --seeds) seeds=$2 ;;
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
log() { echo "orientation-ablation: $*" >&2; }

runs=()
for seed in $seeds; do
    for mode in input none; do
        run="$out/runs/$mode-s$seed"
        runs+=("$run")
        common=(--dataset "$dataset" --run "$run" --epochs "$epochs" --threads "$threads")
        if [ -f "$run/checkpoints/last.ckpt" ]; then
            log "resuming $run"
            "$orinet" train "${common[@]}" --resume --quiet
        else
            log "training $run ($mode, seed $seed)"
            "$orinet" train "${common[@]}" --preset "$preset" --orientation "$mode" \
                --seed "$seed" --lr "$lr" --batch "$batch" --val-all-bn --quiet
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
    for mode in input none; do
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
log "figure $out/ablation.pdf, table $out/ablation.csv, per-epoch validation in $out/runs/*/log.csv"
