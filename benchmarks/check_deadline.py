"""How far past its deadline can one `check` run? Oversized, deep and costly inputs.

Each case runs `veriopt.verify.check` in this process and records the verdict, the
wall and CPU seconds, and the overrun past the check's deadline
(`VerifyOptions.total_timeout`, default 3 x timeout). Oversized inputs must be refused
at once (``too_large``); inputs within the limits must stop at the deadline
(``timeout``) with a small overrun; a hanging ``opt`` must be killed at it.

    PYTHONPATH=src nice -n 10 python3 benchmarks/check_deadline.py [--timeout 10]

Prints a markdown table (wall time depends on the machine's load: say it).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from veriopt.verify import Verdict, check
from veriopt.verify.options import VerifyOptions

SMALL = "define i8 @f(i8 %x) {\n  ret i8 %x\n}\n"
CONFORMANCE = Path(__file__).resolve().parents[1].parent / "shared" / "conformance"


def chain_of_blocks(n: int) -> str:
    body = "".join(f"b{i}:\n  %v{i + 1} = add i8 %v{i}, {i % 7}\n  br label %b{i + 1}\n"
                   for i in range(n))
    return f"define i8 @f(i8 %v0) {{\nentry:\n  br label %b0\n{body}b{n}:\n  ret i8 %v{n}\n}}\n"


def memory_block(n: int) -> str:
    body = "".join(f"  store i32 %v{i}, ptr %p, align 4\n  %v{i + 1} = load i32, ptr %p, "
                   "align 4\n" for i in range(n))
    return f"define i32 @f(ptr %p, i32 %v0) {{\n{body}  ret i32 %v{n}\n}}\n"


def nested_geps(depth: int) -> str:
    nested = "getelementptr (i8, ptr " * depth + "@g" + ", i64 1)" * depth
    return f"@g = global [4 x i8] zeroinitializer\ndefine ptr @f() {{\n  ret ptr {nested}\n}}\n"


def plus_zero(text: str, ret: str) -> str:
    """The same function with one more (harmless) instruction: not a copy."""
    return text.replace(f"ret {ret}", f"%zz = add {ret}, 0\n  ret {ret.split()[0]} %zz")


def with_hanging_opt(run: Callable[[], object]) -> Callable[[], object]:
    def wrapped() -> object:
        with tempfile.TemporaryDirectory() as d:
            opt = Path(d) / "opt"
            opt.write_text("#!/bin/sh\nsleep 300\n")
            opt.chmod(0o755)
            old = os.environ.get("VERIOPT_LLVM_BIN")
            os.environ["VERIOPT_LLVM_BIN"] = d
            try:
                return run()
            finally:
                if old is None:
                    del os.environ["VERIOPT_LLVM_BIN"]
                else:
                    os.environ["VERIOPT_LLVM_BIN"] = old
    return wrapped


def cli_verdict(src: str, tgt: str, timeout: float) -> object:
    """`veriopt verify --json` in a subprocess (its worker is killed past the deadline)."""
    with tempfile.TemporaryDirectory() as d:
        s, t = Path(d) / "s.ll", Path(d) / "t.ll"
        s.write_text(src)
        t.write_text(tgt)
        out = subprocess.run([sys.executable, "-m", "veriopt", "verify", "--json", "--timeout",
                              str(timeout), str(s), str(t)], capture_output=True, text=True)
    (row,) = json.loads(out.stdout)
    row.pop("function")
    return Verdict.from_json(row)


def cases(timeout: float) -> list[tuple[str, float | None, Callable[[], object]]]:
    out: list[tuple[str, float | None, Callable[[], object]]] = []
    blocks = chain_of_blocks(10_000)
    out.append(("10,000-block function", None, lambda: check(blocks, blocks, timeout=timeout)))
    big = memory_block(5_000_000 // 70)
    out.append((f"{len(big) / 1e6:.1f} MB candidate", None,
                lambda: check(SMALL, big, timeout=timeout)))
    for depth in (50_000, 20_000):
        deep = nested_geps(depth)
        out.append((f"{depth:,} nested GEPs", None, lambda d=deep: check(d, d, timeout=timeout)))
    near = chain_of_blocks(1_900)
    out.append(("1,900 blocks (within limits)", None,
                lambda: check(near, plus_zero(near, "i8 %v1900"), timeout=timeout)))
    mem = memory_block(2_450)
    out.append(("4,900 memory instructions (within limits)", None,
                lambda: check(mem, plus_zero(mem, "i32 %v2450"), timeout=timeout)))
    chain = memory_block(125)
    chain_tgt = plus_zero(chain, "i32 %v125")
    out.append(("store/load chain x125, in process", None,
                lambda: check(chain, chain_tgt, timeout=timeout)))
    out.append(("store/load chain x125, `veriopt verify` (worker)", None,
                lambda: cli_verdict(chain, chain_tgt, timeout)))
    for total in (5.0, None):
        out.append((f"hanging opt, total_timeout={total}", total,
                    with_hanging_opt(lambda t=total: check(SMALL, SMALL, timeout=timeout,
                                                           total_timeout=t))))
    fnranges = CONFORMANCE / "calls" / "fnranges-br.srctgt.ll"
    if fnranges.is_file():
        text = fnranges.read_text()
        for total in (5.0, None):
            out.append((f"conformance calls/fnranges-br, total_timeout={total}", total,
                        lambda t=total: check(text, unroll=0, max_unroll=0, timeout=timeout,
                                              total_timeout=t)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=10.0, help="per-query timeout (s)")
    args = ap.parse_args()
    print("| case | verdict | wall s | CPU s | deadline s | overrun s |")
    print("|---|---|---|---|---|---|")
    for name, total, run in cases(args.timeout):
        # the wall-clock safety net (the deterministic budgets end most checks earlier)
        deadline = VerifyOptions(timeout=args.timeout, total_timeout=total).wall_seconds()
        t0, c0 = time.monotonic(), time.process_time()
        v = run()
        wall, cpu = time.monotonic() - t0, time.process_time() - c0
        over = max(0.0, wall - deadline)
        print(f"| {name} | {v.category} `{v.reason}` | {wall:.2f} | {cpu:.2f} | {deadline:g} "
              f"| {over:.2f} |", flush=True)


if __name__ == "__main__":
    main()
