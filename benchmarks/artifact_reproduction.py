"""Does `veriopt eval` reproduce the paper artifact's per-sample verdicts?

The paper's artifact (github.com/carrotProgrammer/llmveriopt-AE) publishes, for
three models, the model outputs (``inference/output/reference_results/<model>/
results.csv``: ``prompt,output``) and the statuses its verify.py got from Alive2
(``metrics.json``: ``{"0": {"status": ...}, ...}``). This scores each results.csv
with `veriopt eval` (default: the paper-compatible standalone assembly; also the
lenient splice, for comparison) and compares every sample's status with the
artifact's, printing a Markdown section with the agreement and every difference.

    PYTHONPATH=src python3 benchmarks/artifact_reproduction.py --artifact DIR [-j 2]

``DIR`` holds ``<model>/results.csv`` and ``<model>/metrics.json`` (a clone of the
artifact's ``inference/output/reference_results``), or is a clone (or bare mirror)
of the artifact repository itself, from which they are read with ``git show``.
Without ``--artifact`` (and without $VERIOPT_ARTIFACT) it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

MODELS = ("model_latency", "model_correctness_1epoch", "sft_qwen_3b_1epoch")
GIT_DIR = "inference/output/reference_results"


def artifact_files(root: Path, model: str, into: Path) -> tuple[Path, Path] | None:
    """(results.csv, metrics.json) of ``model``, from a folder or a git repository."""
    plain = root / model
    if (plain / "results.csv").is_file() and (plain / "metrics.json").is_file():
        return plain / "results.csv", plain / "metrics.json"
    out = into / model
    out.mkdir(parents=True, exist_ok=True)
    for name in ("results.csv", "metrics.json"):
        proc = subprocess.run(["git", f"--git-dir={_git_dir(root)}", "show",
                               f"HEAD:{GIT_DIR}/{model}/{name}"], capture_output=True)
        if proc.returncode != 0:
            return None
        (out / name).write_bytes(proc.stdout)
    return out / "results.csv", out / "metrics.json"


def _git_dir(root: Path) -> Path:
    return root / ".git" if (root / ".git").exists() else root


def score(csv_path: Path, out: Path, assembly: str, jobs: int, timeout: float) -> dict:
    from veriopt.evaluate.config import EvalConfig
    from veriopt.evaluate.run import evaluate, load_samples
    from veriopt.verify.options import VerifyOptions

    cfg = EvalConfig(predictions=str(csv_path), jobs=jobs, verify=VerifyOptions(timeout=timeout),
                     assembly=assembly)
    evaluate(load_samples(cfg), out, cfg, restart=True, progress=False)
    return json.loads((out / "metrics.json").read_text())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--artifact", type=Path, default=os.environ.get("VERIOPT_ARTIFACT"))
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=15.0,
                    help="SMT timeout per query (s); the artifact ran alive-tv --smt-to=15000")
    ap.add_argument("--modes", default="standalone,splice")
    args = ap.parse_args(argv)
    if args.artifact is None or not Path(args.artifact).exists():
        print("artifact_reproduction: no --artifact (or $VERIOPT_ARTIFACT) given; skipped")
        return 0
    modes = args.modes.split(",")
    lines = ["## Paper artifact: per-sample status reproduced "
             f"(`python3 benchmarks/artifact_reproduction.py --artifact DIR -j {args.jobs}`)",
             "", "| model | samples | artifact correct | " +
             " | ".join(f"{m}: correct | {m}: same status" for m in modes) + " |",
             "|---|---:|---:|" + "---:|---:|" * len(modes)]
    diffs: list[str] = []
    totals = Counter()
    with tempfile.TemporaryDirectory(prefix="veriopt-artifact-") as tmp:
        for model in MODELS:
            files = artifact_files(Path(args.artifact), model, Path(tmp) / "in")
            if files is None:
                print(f"{model}: not in {args.artifact}; skipped", file=sys.stderr)
                continue
            csv_path, metrics_path = files
            theirs = json.loads(metrics_path.read_text())
            n = len(theirs)
            cells = [model, str(n), _pct(sum(e["status"] == "correct"
                                             for e in theirs.values()), n)]
            totals["samples"] += n
            for mode in modes:
                ours = score(csv_path, Path(tmp) / mode / model, mode, args.jobs, args.timeout)
                same = 0
                for key, entry in theirs.items():
                    mine = ours.get(key, {})
                    if mine.get("status") == entry["status"]:
                        same += 1
                    elif mode == "standalone":
                        diffs.append(f"| {model} | {key} | {entry['status']} | "
                                     f"{mine.get('status', '(input skipped)')} | "
                                     f"{str(mine.get('reason', ''))[:80]} |")
                correct = sum(e.get("status") == "correct" for e in ours.values())
                totals[f"{mode}:same"] += same
                totals[f"{mode}:correct"] += correct
                cells += [_pct(correct, n), f"{same}/{n} ({100 * same / n:.1f}%)"]
            lines.append("| " + " | ".join(cells) + " |")
    n = totals["samples"]
    if not n:
        print("artifact_reproduction: no model folder found; skipped")
        return 0
    lines.append("| **all** | " + str(n) + " | | " + " | ".join(
        f"{_pct(totals[f'{m}:correct'], n)} | **{totals[f'{m}:same']}/{n} "
        f"({100 * totals[f'{m}:same'] / n:.1f}%)**" for m in modes) + " |")
    lines += ["", "### Every difference (standalone, the paper-compatible default)", "",
              "| model | sample | artifact | ours | our reason |", "|---|---|---|---|---|",
              *diffs]
    print("\n".join(lines))
    return 0


def _pct(k: int, n: int) -> str:
    return f"{k} ({100 * k / n:.1f}%)" if n else "n/a"


if __name__ == "__main__":
    sys.exit(main())
