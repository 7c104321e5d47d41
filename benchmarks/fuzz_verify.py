"""Fuzz the verifier with 2,000 corrupted candidates (the broken IR an LLM writes).

Why: RL rollouts are full of truncated functions, fences, typos and wrong types. `check`
must never crash or hang on them, must call everything LLVM rejects a syntax error, and
may only call a corrupted-but-valid text correct when the interpreter cannot refute it.
The same generator and judge as tests/test_verify_fuzz.py, at full size.

    PYTHONPATH=src python3 benchmarks/fuzz_verify.py [--n 2000] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    sys.path.insert(0, str(REPO / "tests"))  # the judge lives with the test it backs
    from test_verify_fuzz import run_fuzz

    start = time.perf_counter()
    problems, counts = run_fuzz(args.n, jobs=args.jobs, seed=args.seed)
    wall = time.perf_counter() - start
    print(f"### fuzz_verify ({args.n} corrupted candidates, {args.jobs} processes, "
          f"{wall:.0f} s, {1000 * wall / args.n:.0f} ms each)\n")
    kinds = {k: v for k, v in counts.items() if not k.startswith("verdict ")}
    verdicts = {k[8:]: v for k, v in counts.items() if k.startswith("verdict ")}
    print(f"- corruption kinds: {dict(sorted(kinds.items()))}")
    print(f"- verdicts: {dict(sorted(verdicts.items()))}")
    print(f"- **problems (crash, hang, non-syntax verdict on rejected IR, refuted correct): "
          f"{len(problems)}**")
    for p in problems[:30]:
        print(f"  - {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
