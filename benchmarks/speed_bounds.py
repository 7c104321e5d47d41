"""The wall-clock bounds that used to be test assertions, measured instead of asserted.

Why a benchmark: a test whose outcome depends on how busy the machine is fails on a
shared CI box for no fault of the code (issue 16: `make test` failed on a loaded
2-core machine on three such bounds). The tests now check behaviour only; this
script times the same workloads and compares each with the bound the test once had,
so a real slowdown is still seen, by a person, with the load written next to it.

Workloads (each: median of ``--runs`` wall and process-CPU times):
* interpreter: 512 runs of a 50-instruction straight-line function (bound 0.2 s);
* refute: the concrete refuter, 256 samples x 2 sides of a 51-instruction function
  (bound 0.3 s);
* parser, hostile 10 MB inputs: valid globals + one bad line (bound 90 s), ten million
  letters (30 s), ten million open brackets (30 s);
* verifier: ``add undef, undef`` -> ``mul undef, 2`` proven correct (bound 5 s);
* toolchain: a hung tool killed at a 0.5 s timeout (bound 5 s).

    PYTHONPATH=src python3 benchmarks/speed_bounds.py [--runs 3] [--out FILE]

Prints a markdown table for benchmarks/RESULTS.md; exits 1 with ``--check`` when a
median CPU time is over its bound.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from veriopt.errors import IRSyntaxError, ToolTimeout
from veriopt.llvm.parser import parse_module
from veriopt.llvm.toolchain import get_toolchain

DL = 'target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'


def _chain(ops: list[str], rhs_of: Callable[[str], str]) -> str:
    body, prev = [], "%a"
    for i in range(50):
        op = ops[i % len(ops)]
        body.append(f"  %t{i} = {op} i32 {prev}, {rhs_of(op)}")
        prev = f"%t{i}"
    return "define i32 @f(i32 %a, i32 %b) {\n" + "\n".join(body) + f"\n  ret i32 {prev}\n}}\n"


def interpreter_workload() -> Callable[[], None]:
    from veriopt.verify.interpreter import run_function

    ops = ["add nsw", "mul", "xor", "and", "or", "sub nuw", "shl", "lshr", "udiv", "srem"]
    text = _chain(ops, lambda op: "3" if op.split()[0] in ("shl", "lshr", "udiv", "srem")
                  else "%b")
    module = parse_module(get_toolchain().canonicalize(DL + text))
    fn = module.definitions[0]
    rng = random.Random(0)
    inputs = [[rng.getrandbits(32), rng.getrandbits(32)] for _ in range(512)]

    def run() -> None:
        for args in inputs:
            run_function(module, fn, args)
    return run


def refute_workload() -> Callable[[], None]:
    from veriopt.verify.refute import refute

    text = _chain(["add", "mul", "xor", "and", "or"], lambda op: "%b")
    module = parse_module(get_toolchain().canonicalize(DL + text))
    fn = module.definitions[0]

    def run() -> None:
        assert refute(module, fn, module, fn, samples=256) == []
    return run


def hostile_parse_workload(kind: str) -> Callable[[], None]:
    unit = "".join(f"@g{i} = global i32 {i}, align 4\n" for i in range(1000))
    texts = {
        "globals": "".join(unit.replace("@g", f"@m{k}_")
                           for k in range(10_000_000 // len(unit) + 1))
        + "@bad = global i32 ,\n",
        "letters": "x" * 10_000_000,
        "brackets": "(" * 10_000_000,
    }
    text = texts[kind]

    def run() -> None:
        try:
            parse_module(text)
        except IRSyntaxError:
            pass
    return run


def undef_proof_workload() -> Callable[[], None]:
    from veriopt.verify import check

    text = ("define i32 @src() {\n  %r = add i32 undef, undef\n  ret i32 %r\n}\n\n"
            "define i32 @tgt() {\n  %r = mul i32 undef, 2\n  ret i32 %r\n}\n")

    def run() -> None:
        assert check(text, timeout=60).category == "correct"
    return run


def hung_tool_workload() -> Callable[[], None]:
    folder = Path(tempfile.mkdtemp(prefix="veriopt-bench-"))
    hang = folder / "opt"
    hang.write_text("#!/bin/sh\nexec sleep 3600\n")
    hang.chmod(0o755)

    def run() -> None:
        old = os.environ.get("VERIOPT_LLVM_BIN")
        os.environ["VERIOPT_LLVM_BIN"] = str(folder)
        try:
            get_toolchain().run("opt", ["--version"], timeout=0.5)
        except ToolTimeout:
            pass
        finally:
            if old is None:
                os.environ.pop("VERIOPT_LLVM_BIN", None)
            else:
                os.environ["VERIOPT_LLVM_BIN"] = old
    return run


#: (name, former test bound in seconds, workload factory)
WORKLOADS: list[tuple[str, float, Callable[[], Callable[[], None]]]] = [
    ("interpreter: 512 runs of 50 instructions", 0.2, interpreter_workload),
    ("refute: 256 samples of 51 instructions", 0.3, refute_workload),
    ("parse 10 MB: globals + bad line", 90.0, lambda: hostile_parse_workload("globals")),
    ("parse 10 MB: letters", 30.0, lambda: hostile_parse_workload("letters")),
    ("parse 10 MB: open brackets", 30.0, lambda: hostile_parse_workload("brackets")),
    ("verify: undef + undef -> undef * 2", 5.0, undef_proof_workload),
    ("toolchain: hung tool killed at 0.5 s", 5.0, hung_tool_workload),
]


def measure(run: Callable[[], None], runs: int) -> tuple[float, float]:
    """Median wall and process-CPU seconds over ``runs`` calls (after one warm-up)."""
    run()
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", help="also write the markdown snippet here")
    ap.add_argument("--check", action="store_true",
                    help="exit 1 when a median CPU time is over its former bound")
    args = ap.parse_args(argv)
    load = os.getloadavg()[0]
    rows = ["| workload | former bound (s) | wall median (s) | CPU median (s) | within |",
            "|---|---:|---:|---:|---|"]
    over = 0
    for name, bound, factory in WORKLOADS:
        wall, cpu = measure(factory(), args.runs)
        # CPU time for the in-process workloads; wall time where the work is a subprocess
        # (the hung tool) or waiting is the point.
        judged = wall if name.startswith("toolchain") else cpu
        ok = judged <= bound
        over += not ok
        rows.append(f"| {name} | {bound:g} | {wall:.3f} | {cpu:.3f} | {'yes' if ok else 'NO'} |")
        print(rows[-1], flush=True)
    snippet = "\n".join([
        "## Former test speed bounds (`python3 benchmarks/speed_bounds.py`)",
        "",
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, load average "
        f"{load:.1f} at the start, {args.runs} runs each (median). The tests check the "
        "behaviour of these workloads; their speed is measured here.",
        "",
        *rows, ""])
    print()
    print(snippet)
    if args.out:
        Path(args.out).write_text(snippet + "\n")
    return 1 if args.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
