"""How fast are the metrics? Modules per second over a sample of real functions.

Why it matters: the latency reward measures every verified rollout and the
evaluation measures input, reference and candidate of every test function, so
the per-module cost of `measure` (five LLVM processes: llvm-as, llvm-dis, opt,
llc, llvm-size) bounds how fast those loops run.

Sample: the -O0 one-function modules of ../shared/conformance-real (real
LLVM test-suite functions) when present, else the functions of the built-in
C corpus. Prints a markdown snippet for benchmarks/RESULTS.md.

    PYTHONPATH=src python3 benchmarks/metrics_speed.py [--sample 120] [--jobs N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

from veriopt.corpus import builtin_c_files
from veriopt.llvm.toolchain import get_toolchain
from veriopt.metrics import ModuleMetrics, estimate_latency, measure, measure_many

REPO = Path(__file__).resolve().parents[1]


def real_sample(n: int, seed: int) -> tuple[str, list[str]]:
    shared = Path(os.environ.get("VERIOPT_SHARED", REPO.parent / "shared"))
    pairs = shared / "conformance-real" / "pairs.jsonl.gz"
    if pairs.is_file():
        with gzip.open(pairs, "rt") as f:
            srcs = sorted({json.loads(line)["src"] for line in f})
        random.Random(seed).shuffle(srcs)
        return "conformance-real -O0 functions", srcs[:n]
    tc = get_toolchain()
    modules = []
    for path in builtin_c_files():
        ir = tc.compile_c(path)
        for name in re.findall(r"^define [^@]*@([\w.]+)\(", ir, re.M):
            modules.append(tc.extract_function(ir, name))
    random.Random(seed).shuffle(modules)
    return "built-in corpus functions", modules[:n]


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - start, out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=120)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    source, modules = real_sample(args.sample, args.seed)
    sizes = [len(m.splitlines()) for m in modules]
    measure(modules[0])  # warm the page cache for the LLVM binaries

    per_module = [timed(measure, m)[0] for m in modules]
    latency_only = [timed(estimate_latency, m)[0] for m in modules]
    pool_s, results = timed(lambda: measure_many(modules, jobs=args.jobs, progress=False))
    failed = [r for r in results if not isinstance(r, ModuleMetrics)]

    def rate(seconds: float) -> str:
        return f"{len(modules) / seconds:.1f}"

    print(f"### metrics speed ({source}, {len(modules)} modules, "
          f"median {statistics.median(sizes):.0f} lines)\n")
    print(f"Machine: {os.cpu_count()} CPUs; LLVM: "
          f"{get_toolchain().versions().get('opt', '?')}; command: "
          f"`PYTHONPATH=src python3 benchmarks/metrics_speed.py --sample {args.sample}`\n")
    print("| what | modules/s | median ms/module | p95 ms/module |")
    print("|---|---:|---:|---:|")
    for label, times in (("`measure` (3 metrics), 1 process", per_module),
                         ("`estimate_latency` only, 1 process", latency_only)):
        q = statistics.quantiles(times, n=20)
        print(f"| {label} | {rate(sum(times))} | {statistics.median(times) * 1e3:.0f} | "
              f"{q[-1] * 1e3:.0f} |")
    print(f"| `measure_many`, {args.jobs} processes | {rate(pool_s)} | | |")
    print(f"\n{len(failed)} of {len(modules)} modules could not be measured"
          + (f" (first: {failed[0]})" if failed else "") + ".")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
