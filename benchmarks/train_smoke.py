"""Seconds per GRPO step, and the share of a step spent waiting for rewards.

Why it matters: every GRPO step generates ``batch`` rollouts, then blocks until the
verifier has judged (and the metrics measured) each distinct one; if that wait is a
large share of the step, more verifier workers (``scorer.jobs``) or a faster
verifier pay off before a faster GPU does.

Runs the Model-Zero stage (GRPO, generic prompt, Eq. (1), real verifier in a
killable process pool) for a few steps in a temporary run folder and reads its
``train_log.csv``: ``step_seconds`` (generation + rewards + backward + optimizer)
and ``reward_wait_seconds`` (wall time inside the reward function). The first step
is reported separately (worker start-up, caches). Default model: ``--init scratch``,
pre-trained just enough to write ``<answer>`` and IR, so the verifier has real work;
``--model PATH`` measures a local model instead. Dataset: ``--dataset DIR``, or
a few built-in C files built on the spot.

    PYTHONPATH=src python3 benchmarks/train_smoke.py [--batch 8] [--generations 4]
        [--completion-length 512] [--steps 6] [--jobs 2] [--model PATH] [--record]
    PYTHONPATH=src python3 benchmarks/train_smoke.py --wait-only   # the reward wait alone

Prints a markdown section; ``--record`` writes it into benchmarks/RESULTS.md (replacing
this script's earlier section).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILTIN_FILES = ("bool_logic.c", "clamp_minmax.c", "division.c", "bit_tricks.c")


HEADING = "## Training: GRPO step cost (`python3 benchmarks/train_smoke.py`)"


def record_section(results: Path, section: str) -> None:
    """Replace this script's section of RESULTS.md (or append it)."""
    text = results.read_text() if results.is_file() else "# Benchmark results\n"
    lines = text.splitlines()
    if HEADING in lines:
        start = lines.index(HEADING)
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        lines[start:end] = section.rstrip("\n").splitlines() + [""]
        text = "\n".join(lines).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"
    results.write_text(text)


def build_small_dataset(out: Path) -> Path:
    from veriopt.corpus import builtin_corpus_dir
    from veriopt.data.builder import build_dataset
    from veriopt.data.config import DatasetConfig

    src = out / "src"
    src.mkdir(parents=True)
    for name in BUILTIN_FILES:
        shutil.copy(builtin_corpus_dir() / name, src / name)
    build_dataset([src], out / "dataset", DatasetConfig(jobs=2, test_fraction=0.25),
                  progress=False)
    return out / "dataset"


def wait_for_well_formed(dataset: Path, batch: int, jobs: int) -> tuple[float, int]:
    """Seconds the reward function waits for ``batch`` candidates that all parse (what a
    trained model writes): per input its instcombine reference, a copy of the input,
    a value mutant (semantic error), the reference again with fresh names. Returns
    (seconds, candidates verified correct); fresh scorer, so nothing is memoised."""
    import json
    import re

    from veriopt.model.prompts import answer_block
    from veriopt.model.rewards import RewardSuite
    from veriopt.model.scoring import CandidateScorer
    from veriopt.train.stage_reward import StageReward

    rows = [json.loads(line) for line in (dataset / "train.jsonl").read_text().splitlines()]
    rows = [r for r in rows if re.search(r"ret i32 %[\w.]+", r["instcombine"])]
    variants = []
    for r in rows:
        ref = r["instcombine"]
        variants += [(r, ref), (r, r["o0"]), (r, re.sub(r"ret i32 %[\w.]+", "ret i32 7", ref)),
                     (r, ref.replace("%", "%v"))]
    variants = variants[:batch]
    with CandidateScorer(jobs=jobs) as scorer:
        scorer.score([(variants[0][0]["o0"], variants[0][0]["o0"])])  # start the workers
        reward = StageReward(RewardSuite(scorer), "zero")
        start = time.monotonic()
        reward(["p"] * len(variants), [answer_block(c) for _, c in variants],
               o0=[r["o0"] for r, _ in variants], instcombine=[r["instcombine"] for r, _ in variants])
        seconds = time.monotonic() - start
    return seconds, sum(f["verified"] for f in reward.suite.last_facts)


def wait_only(batch: int, jobs: int) -> None:
    """`wait_for_well_formed` alone: the verifier's share of a step without training a
    model (wall clock: what the step waits; state the load with it)."""
    tmp = Path(tempfile.mkdtemp(prefix="veriopt-reward-wait-"))
    try:
        dataset = build_small_dataset(tmp)
        seconds, verified = wait_for_well_formed(dataset, batch, jobs)
        print(f"reward wait for {batch} well-formed candidates ({verified} verified), "
              f"{jobs} verifier processes: {seconds:.2f} s wall (load average "
              f"{os.getloadavg()[0]:.1f})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="local base model folder (default: --init scratch)")
    ap.add_argument("--dataset", help="dataset folder (default: 4 built-in C files)")
    ap.add_argument("--batch", type=int, default=8, help="completions per step")
    ap.add_argument("--generations", type=int, default=4, help="completions per prompt")
    ap.add_argument("--completion-length", type=int, default=512)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--jobs", type=int, default=2, help="verifier worker processes")
    ap.add_argument("--pretrain-steps", type=int, default=120,
                    help="scratch pre-training steps (so the model writes IR)")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--keep", help="keep the run folder here")
    ap.add_argument("--wait-only", action="store_true",
                    help="only the reward wait for well-formed candidates (no training)")
    ap.add_argument("--record", action="store_true",
                    help="append the result section to benchmarks/RESULTS.md")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if args.wait_only:
        wait_only(args.batch, args.jobs)
        return

    from veriopt.train.config import STAGES, load_train_config
    from veriopt.train.pipeline import run_training
    from veriopt.train.train_log import read_train_log

    tmp = Path(tempfile.mkdtemp(prefix="veriopt-train-smoke-"))
    try:
        start = time.monotonic()
        dataset = Path(args.dataset) if args.dataset else build_small_dataset(tmp)
        settings = [f"data.dataset={dataset}", "eval.enabled=false", "data.max_train_samples=64",
                    f"scorer.jobs={args.jobs}", "verify.timeout=10",
                    f"zero.grpo.max_steps={args.steps}",
                    f"zero.grpo.per_device_train_batch_size={args.batch}",
                    f"zero.grpo.num_generations={args.generations}",
                    f"zero.grpo.max_completion_length={args.completion_length}",
                    "zero.grpo.learning_rate=0.0001", "zero.grpo.save_steps=1000",
                    "lora.r=8", "lora.alpha=16",
                    f"scratch.pretrain_steps={args.pretrain_steps}",
                    "scratch.max_length=2048"]
        cfg = load_train_config(REPO / "configs" / "tiny-cpu.yaml", settings=settings,
                                overrides={"run_dir": str(tmp / "run"), "device": args.device,
                                           "init": "pretrained" if args.model else "scratch",
                                           "model": args.model})
        dataset_s = time.monotonic() - start
        start = time.monotonic()
        run_training([STAGES[0]], cfg)
        run_s = time.monotonic() - start
        rows = read_train_log(tmp / "run" / "zero" / "train_log.csv")
        steps = [float(r["step_seconds"]) for r in rows]
        waits = [float(r["reward_wait_seconds"]) for r in rows]
        later = list(zip(steps[1:], waits[1:], strict=True)) or list(zip(steps, waits,
                                                                        strict=True))
        step_s = statistics.mean(s for s, _ in later)
        wait_s = statistics.mean(w for _, w in later)
        verified = statistics.mean(float(r["verified_rate"]) for r in rows)
        syntax = statistics.mean(float(r["syntax_error_rate"]) for r in rows)
        wf_seconds, wf_verified = wait_for_well_formed(dataset, args.batch, args.jobs)
        model = args.model or (f"scratch Qwen2 (hidden {cfg.scratch.hidden_size}, "
                               f"{cfg.scratch.layers} layers, {args.pretrain_steps} "
                               "pre-training steps)")
        import torch

        device = "cuda: " + torch.cuda.get_device_name(0) if torch.cuda.is_available() \
            else f"CPU ({os.cpu_count()} cores, torch {torch.__version__})"
        section = "\n".join([
            HEADING, "",
            f"{time.strftime('%Y-%m-%d')}: Model-Zero GRPO, {model}; {args.batch} completions per step "
            f"({args.batch // args.generations} prompts x {args.generations}), up to "
            f"{args.completion_length} new tokens; verifier pool of {args.jobs} processes; "
            f"{device}; {platform.node() or 'host'} (load average at the end: "
            f"{os.getloadavg()[0]:.1f}).", "",
            "| measure | value |", "|---|---:|",
            f"| steps measured (after the first) | {len(later)} |",
            f"| first step (worker start-up, caches) | {steps[0]:.2f} s |",
            f"| seconds per GRPO step (mean) | {step_s:.2f} s |",
            f"| seconds waiting for rewards per step (mean) | {wait_s:.2f} s |",
            f"| reward-wait share of a step | {wait_s / step_s:.1%} |",
            f"| verified rate of the rollouts | {verified:.1%} |",
            f"| syntax-error rate of the rollouts | {syntax:.1%} |",
            f"| reward wait for {args.batch} well-formed candidates (reference, input copy, "
            f"value mutant, renamed reference; {wf_verified} verified) | {wf_seconds:.2f} s |",
            f"| same, as a share of the mean step above | "
            f"{wf_seconds / (step_s - wait_s + wf_seconds):.1%} |",
            f"| dataset build | {dataset_s:.0f} s |",
            f"| model build/pre-training, loading, trainer setup | {run_s - sum(steps):.0f} s |",
            ""])
        print(section)
        if args.record:
            results = REPO / "benchmarks" / "RESULTS.md"
            record_section(results, section)
            print(f"recorded in {results}")
        if args.keep:
            shutil.copytree(tmp / "run", args.keep, dirs_exist_ok=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
