"""CPU time and LLVM processes per reward candidate (`score_candidate`, in-process).

What a GRPO step's verifier workers do per candidate, without the pool around it:
assemble the candidate (splice into the source), check it, hash it, measure it. The
candidates are 12 functions of three built-in C files, each as its instcombine output,
its -O0 input (a copy) and the instcombine output with renamed values; the source goes
in as the scorer ships it. CPU is this process's plus its LLVM children's, so compare
two commits in the same run on the same machine:

    PYTHONPATH=/path/to/old/src python3 benchmarks/reward_cost.py
    PYTHONPATH=src python3 benchmarks/reward_cost.py
"""

from __future__ import annotations

import re
import resource
from collections import Counter
from pathlib import Path


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _body(text: str) -> str:
    m = re.search(r"define[^{]*\{.*?\n\}", text, re.S)
    assert m is not None
    return m.group(0)


def main() -> None:
    from veriopt.corpus import builtin_corpus_dir
    from veriopt.data import pipeline
    from veriopt.data.config import DatasetConfig
    from veriopt.llvm import toolchain
    from veriopt.model import scoring
    from veriopt.verify.options import VerifyOptions

    tc = toolchain.get_toolchain()
    pairs = []
    for name in ("strings.c", "colors.c", "array_ops.c"):
        module, _ = pipeline.compile_source(Path(builtin_corpus_dir()) / name, DatasetConfig())
        for fn in pipeline._defined_function_names(module)[:4]:
            o0 = tc.extract_function(module, fn)
            ic, _ = tc.opt_with_fallback(o0, "instcombine")
            pairs.append((o0, ic))
    tasks = [(o0, cand) for o0, ic in pairs
             for cand in (_body(ic), _body(o0), _body(ic).replace("%", "%v"))]
    ship = getattr(scoring, "_canonical_source", lambda s: s)  # older commits: as is

    started: Counter[str] = Counter()
    real = type(tc).run

    def run(self, tool, *args, **kwargs):  # type: ignore[no-untyped-def]
        started[tool] += 1
        return real(self, tool, *args, **kwargs)

    type(tc).run = run  # type: ignore[method-assign]
    scoring.score_candidate((ship(tasks[0][0]), tasks[0][1], VerifyOptions(), "splice", 1.0))
    started.clear()
    verdicts: Counter[str] = Counter()
    t0 = _cpu()
    for src, cand in tasks:
        verdicts[scoring.score_candidate((ship(src), cand, VerifyOptions(), "splice", 1.0))
                 ["category"]] += 1
    cpu = _cpu() - t0
    n = len(tasks)
    print(f"{n} candidates: {cpu:.2f} CPU s, {cpu / n * 1000:.0f} ms each; LLVM processes "
          f"{dict(started)} ({sum(started.values()) / n:.1f} per candidate); "
          f"verdicts {dict(verdicts)}")


if __name__ == "__main__":
    main()
