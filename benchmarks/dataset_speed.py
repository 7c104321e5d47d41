"""Dataset build throughput: functions per second, end to end, on the built-in corpus.

Builds the dataset of the built-in C corpus (compile, extract, instcombine, verify,
metrics, split, export) into a temporary folder with ``--jobs`` worker processes and
reports functions/s by wall clock and by CPU time. The workers are forked by a
forkserver (a fresh one per source file), so they are not this process's children and
``getrusage`` cannot see them: CPU time is the machine's busy time (/proc/stat) over the
build, which counts anything else running too, so run it on an otherwise idle machine.
``functions / (CPU seconds / jobs)`` is the rate the same build would reach on ``jobs``
idle cores (an estimate: it assumes the work spreads over all of them).
Also prints the verdicts, so a speed-up that changed them shows.

    PYTHONPATH=src nice -n 10 python3 benchmarks/dataset_speed.py [--jobs 2] [--timeout 10]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any


def _cpu() -> float:
    """Busy CPU seconds of the whole machine since boot (user, nice, system, irq,
    softirq, steal), from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0,
                    help="the verifier's seconds per query (VerifyOptions.timeout)")
    args = ap.parse_args(argv)

    from veriopt.corpus import builtin_corpus_dir
    from veriopt.data.builder import build_dataset
    from veriopt.data.config import DatasetConfig
    from veriopt.verify.options import VerifyOptions

    cfg = DatasetConfig(jobs=args.jobs, verify=VerifyOptions(timeout=args.timeout))
    verdicts: Counter[str] = Counter()

    def count(result: dict[str, Any]) -> None:
        for rec in result["records"] + result["rejects"]:
            verdicts[f"{rec.get('verdict')} {rec.get('reason') or ''}".strip()[:60]] += 1

    with tempfile.TemporaryDirectory() as tmp:
        cpu0, t0 = _cpu(), time.monotonic()
        summary = build_dataset([builtin_corpus_dir()], Path(tmp) / "ds", cfg, progress=False,
                                on_file=count)
        wall, cpu = time.monotonic() - t0, _cpu() - cpu0
    n = summary["stages"]["functions"]
    print(f"## dataset build, built-in corpus: {n} functions, {args.jobs} jobs, "
          f"verify timeout {args.timeout:g} s per query\n")
    print("| | seconds | functions/s |\n|---|---:|---:|")
    print(f"| wall clock | {wall:.0f} | {n / wall:.2f} |")
    print(f"| CPU (machine-wide busy time) | {cpu:.0f} | {n / (cpu / args.jobs):.2f} (per {args.jobs} "
          "idle cores) |")
    print("\nverdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    print(f"stages: {summary['stages']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
