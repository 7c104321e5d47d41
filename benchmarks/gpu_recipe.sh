#!/usr/bin/env bash
# The CPU-scale pipeline at GPU scale: a bigger scratch model (configs/gpu-h100.yaml:
# ~26M parameters), bf16, vLLM rollouts when vllm is installed, sized for about ten
# minutes on one H100. Writes the same per-stage held-out table (RUN/heldout.md).
#
#   benchmarks/gpu_recipe.sh [--dataset DIR] [--run-dir DIR]     # on a GPU machine
#   benchmarks/gpu_recipe.sh --tiny --run-dir /tmp/recipe        # end to end on a CPU
#
# Dataset: --dataset DIR (a `veriopt dataset build` or merged folder; its tokenizer/ is
# used when present); default runs/data/cpu-scale when it exists (made by
# `python3 benchmarks/train_cpu_scale.py sources build merge`), else a smaller one built
# here with every CPU: the built-in corpus and 200 generated small-C files. --tiny: a
# 2-layer model, a few steps per stage, four built-in C files, CPU; it checks the recipe
# runs end to end (a slow test does), not that the model learns.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-python3}"
export PYTHONPATH="$REPO/src${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1
TINY=0
DATASET=""
RUN_DIR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) TINY=1; shift ;;
    --dataset) DATASET="$2"; shift 2 ;;
    --run-dir) RUN_DIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "gpu_recipe.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$TINY" = 1 ]; then RUN_DIR="${RUN_DIR:-$REPO/runs/gpu-recipe-tiny}"; else RUN_DIR="${RUN_DIR:-$REPO/runs/gpu-h100}"; fi
mkdir -p "$RUN_DIR"
JOBS="$(nproc)"
start=$(date +%s)

if [ -z "$DATASET" ]; then
  if [ "$TINY" = 1 ]; then
    DATASET="$RUN_DIR/dataset"
    mkdir -p "$RUN_DIR/sources"
    for f in bool_logic.c clamp_minmax.c division.c bit_tricks.c; do
      cp "$REPO/src/veriopt/corpus/c/$f" "$RUN_DIR/sources/"
    done
    "$PY" -m veriopt dataset build "$RUN_DIR/sources" --out "$DATASET" -j 2 \
      --test-fraction 0.25 --no-progress
  elif [ -f "$REPO/runs/data/cpu-scale/train.jsonl" ]; then
    DATASET="$REPO/runs/data/cpu-scale"
  else
    DATASET="$RUN_DIR/dataset"
    "$PY" -m veriopt.data.smallc --out "$RUN_DIR/sources/smallc" --files 200 --seed 0
    "$PY" -m veriopt dataset build "$RUN_DIR/sources/smallc" --out "$RUN_DIR/builds/smallc" \
      -j "$JOBS" --verify-timeout 5 --no-progress
    "$PY" -m veriopt dataset build "$REPO/src/veriopt/corpus/c" --out "$RUN_DIR/builds/builtin" \
      -j "$JOBS" --no-progress
    "$PY" - "$RUN_DIR" "$DATASET" <<'EOF'
import sys
from pathlib import Path
from veriopt.data.config import DatasetConfig
from veriopt.data.merge import merge_builds
from veriopt.model.tiny import save_ir_tokenizer
run, out = Path(sys.argv[1]), Path(sys.argv[2])
merge_builds({f: run / "builds" / f for f in ("smallc", "builtin")}, out,
             DatasetConfig(max_tokens=640, test_fraction=0.1, seed=0),
             train_tokenizer=save_ir_tokenizer)
EOF
  fi
fi

SETS=()
if [ -d "$DATASET/tokenizer" ]; then SETS+=(--set "scratch.tokenizer=$DATASET/tokenizer"); fi
if [ "$TINY" = 1 ]; then
  SETS+=(--set device=cpu --set torch_threads=1 --set scorer.jobs=2
         --set scratch.hidden_size=64 --set scratch.layers=2 --set scratch.heads=2
         --set scratch.kv_heads=1 --set scratch.intermediate_size=128
         --set scratch.vocab_size=600 --set scratch.pretrain_steps=4
         --set scratch.pretrain_batch_size=2 --set scratch.pretrain_save_steps=0
         --set scratch.max_length=512 --set data.max_train_samples=8
         --set eval.max_samples=2 --set eval.max_new_tokens=16 --set eval.batch_size=2
         --set lora.r=4 --set lora.alpha=8)
  for s in zero correctness latency; do
    SETS+=(--set "$s.grpo.max_steps=1" --set "$s.grpo.per_device_train_batch_size=4"
           --set "$s.grpo.num_generations=2" --set "$s.grpo.max_completion_length=16"
           --set "$s.grpo.save_steps=1")
  done
  SETS+=(--set warmup.sft.max_steps=1 --set warmup.sft.per_device_train_batch_size=2
         --set warmup.sft.max_length=512 --set warmup.sft.save_steps=1)
fi

"$PY" -m veriopt train pipeline --config "$REPO/configs/gpu-h100.yaml" --dataset "$DATASET" \
  --run-dir "$RUN_DIR" --resume "${SETS[@]}"
echo "gpu_recipe.sh: $(( $(date +%s) - start )) s wall; device and switches per stage in $RUN_DIR/run.json"
cat "$RUN_DIR/heldout.md"
