"""Differential run: the symbolic verifier against the concrete interpreter (and Alive2).

Why: the verifier's worst possible bug is a wrong ``correct``. The interpreter is an
independent reading of the LangRef; on every pair where the verifier says ``correct``
it tries thousands of inputs and must find no counterexample, and every pair it
refutes (with a deterministic source) must not be ``correct``. Alive2's own labels in
conformance-real give a third opinion on the interpreter.

Subjects: small built-in functions plus every loop-free, call-free, integer-parameter
pair of ../shared/conformance-real (its instcombine output and Alive2-labelled mutants),
each with ``--mutants`` fresh mutants of the target. Prints a markdown snippet.

    PYTHONPATH=src python3 benchmarks/differential.py [--mutants 8] [--samples 2000]

``--interpreter-vs-alive2`` checks the interpreter alone against Alive2's labels on every
labelled pair of conformance-real (instcombine outputs, old mutants and mutants-v2, calls
included, with concrete unknown callees and undef inputs): a deterministic refutation of
a pair Alive2 proved is an interpreter bug (or an Alive2 one, to be documented); it is
listed, and the script exits with status 1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')

BUILTINS = [
    "define i8 @f(i8 %x, i8 %y) {\n  %a = add nsw i8 %x, %y\n  %b = sub i8 %a, %y\n"
    "  ret i8 %b\n}\n",
    "define i32 @f(i32 %x) {\n  %m = mul i32 %x, 8\n  %d = sdiv i32 %m, 4\n  %r = srem i32 %d, 3\n"
    "  ret i32 %r\n}\n",
    "define i16 @f(i16 %x, i16 %s) {\n  %a = shl i16 %x, %s\n  %b = lshr exact i16 %a, 2\n"
    "  %c = ashr i16 %b, 1\n  ret i16 %c\n}\n",
    "define i1 @f(i32 %x, i32 %y) {\n  %a = icmp slt i32 %x, %y\n  %b = icmp ult i32 %x, 10\n"
    "  %c = and i1 %a, %b\n  ret i1 %c\n}\n",
    "define i32 @f(i32 %x, i32 %y) {\n  %c = icmp sgt i32 %x, %y\n"
    "  %m = select i1 %c, i32 %x, i32 %y\n  %r = add i32 %m, 1\n  ret i32 %r\n}\n",
    "define i64 @f(i8 %x) {\n  %a = zext i8 %x to i32\n  %b = sext i32 %a to i64\n"
    "  %t = trunc i64 %b to i16\n  %r = sext i16 %t to i64\n  ret i64 %r\n}\n",
    "define i32 @f(i32 noundef %x) {\n  %p = alloca i32, align 4\n  store i32 %x, ptr %p, align 4\n"
    "  %v = load i32, ptr %p, align 4\n  %r = udiv i32 %v, 3\n  ret i32 %r\n}\n",
    "define i8 @f(i8 %x) {\nentry:\n  %c = icmp eq i8 %x, 0\n  br i1 %c, label %z, label %nz\n"
    "z:\n  br label %e\nnz:\n  %d = udiv i8 100, %x\n  br label %e\ne:\n"
    "  %r = phi i8 [ 7, %z ], [ %d, %nz ]\n  ret i8 %r\n}\n",
    "define i8 @f(i8 %x, i8 %y) {\n  %a = call i8 @llvm.umax.i8(i8 %x, i8 %y)\n"
    "  %b = call i8 @llvm.ctpop.i8(i8 %a)\n  %r = or disjoint i8 %b, 16\n  ret i8 %r\n}\n"
    "declare i8 @llvm.umax.i8(i8, i8)\ndeclare i8 @llvm.ctpop.i8(i8)\n",
    "define i32 @f(i32 %x) {\n  %f = freeze i32 %x\n  %a = and i32 %f, 255\n"
    "  %b = xor i32 %a, %f\n  ret i32 %b\n}\n",
]


def _interpretable_params(text: str) -> bool:
    m = re.search(r"define [^@]*@[\w.$]+\(([^)]*)\)", text)
    return m is not None and all(re.match(r"(i\d+|ptr) ", p.strip()) for p in m[1].split(",")
                                 if p.strip())


def real_rows() -> list[dict]:
    shared = Path(os.environ.get("VERIOPT_SHARED", REPO.parent / "shared"))
    path = shared / "conformance-real" / "pairs.jsonl.gz"
    if not path.is_file():
        return []
    rows = [json.loads(line) for line in gzip.open(path, "rt")]
    return [r for r in rows if not (r["has_loop"] or r["has_call"] or r["has_fp"]
                                    or r["has_vector"]) and _interpretable_params(r["src"])]


def subjects(n_mutants: int, seed: int) -> list[tuple[str, str, str, str | None]]:
    """(label, src, candidate, Alive2's verdict or None)."""
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.printer import print_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify.mutate import mutants, replace_function

    tc = get_toolchain()
    rng = random.Random(seed)
    out: list[tuple[str, str, str, str | None]] = []
    bases = [(f"builtin{i}", DL + b, DL + b, None) for i, b in enumerate(BUILTINS)]
    bases += [(r["id"], r["src"], r["tgt"], r["alive2"]) for r in real_rows()]
    for label, src, tgt, alive2 in bases:
        out.append((label, src, tgt, alive2))
        if label.endswith("-ic") or label.startswith("builtin"):
            module = parse_module(tc.canonicalize(tgt))
            for name, m in mutants(module.definitions[0], rng, n_mutants):
                out.append((f"{label}: {name}", src, print_module(replace_function(module, m)),
                            None))
    return out


def judge(case: tuple[str, str, str, str | None], samples: int, timeout: float) -> dict:
    from veriopt.errors import VeriOptError
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify import check
    from veriopt.verify.refute import refute

    label, src, cand, alive2 = case
    tc = get_toolchain()
    row: dict = {"label": label, "alive2": alive2}
    try:
        s, t = parse_module(tc.canonicalize(src)), parse_module(tc.canonicalize(cand))
    except VeriOptError as e:
        row["skipped"] = str(e).splitlines()[0]
        return row
    start = time.perf_counter()
    found = refute(s, s.definitions[0], t, t.definitions[0], samples=samples, max_candidates=1)
    row["interp_s"] = time.perf_counter() - start
    row["refuted"] = bool(found and found[0].source_deterministic)
    row["refutation"] = (found[0].reason, found[0].inputs) if found else None
    start = time.perf_counter()
    try:
        # refute_samples=0: keep the verifier's own concrete pre-pass (this refuter) out
        # of its verdict, so that the two sides stay independent.
        verdict = check(src, cand, timeout=timeout, refute_samples=0)
        row["verdict"], row["message"] = verdict.category, verdict.message
    except Exception as e:  # noqa: BLE001 - a crash is a finding, not the end of the run
        row["verdict"], row["message"] = "crash", f"{type(e).__name__}: {e}"
    row["verify_s"] = time.perf_counter() - start
    return row


def labelled_rows() -> list[dict]:
    """Every pair of conformance-real Alive2 labelled correct or incorrect, LLVM-valid."""
    shared = Path(os.environ.get("VERIOPT_SHARED", REPO.parent / "shared"))
    out = []
    for name in ("pairs.jsonl.gz", "mutants-v2.jsonl.gz"):
        path = shared / "conformance-real" / name
        if path.is_file():
            out += [r for r in (json.loads(line) for line in gzip.open(path, "rt"))
                    if r["alive2"] in ("correct", "incorrect") and not r.get("metadata_only")]
    return out


def interpret(row: dict, samples: int) -> dict:
    """The interpreter alone on one labelled pair."""
    from veriopt.errors import VeriOptError
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify.refute import refute

    tc = get_toolchain()
    out = {"id": row["id"], "alive2": row["alive2"], "mutation": row.get("mutation", "")}
    try:
        s, t = parse_module(tc.canonicalize(row["src"])), parse_module(tc.canonicalize(row["tgt"]))
        stats: Counter[str] = Counter()
        found = refute(s, s.definitions[0], t, t.definitions[0], samples=samples,
                       max_candidates=1, calls=True, undef=True, stats=stats, time_budget=30)
    except VeriOptError as e:
        out["skipped"] = str(e).splitlines()[0][:120]
        return out
    out["judged"] = stats["src return"] + stats["src exit"]
    if found:
        r = found[0]
        out.update(refuted=True, deterministic=r.source_deterministic, why=r.reason,
                   inputs=repr(r.inputs)[:200], world=repr(r.world))
    return out


def interpreter_vs_alive2(samples: int, jobs: int) -> int:
    rows = labelled_rows()
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        res = list(pool.map(interpret, rows, [samples] * len(rows), chunksize=2))
    wall = time.perf_counter() - start
    judged = [r for r in res if r.get("judged")]
    false_alarms = [r for r in judged if r["alive2"] == "correct" and r.get("refuted")
                    and r["deterministic"]]
    incorrect = [r for r in judged if r["alive2"] == "incorrect"]
    caught = [r for r in incorrect if r.get("refuted")]
    print(f"### interpreter vs Alive2 ({len(rows)} labelled pairs, {samples} inputs each, "
          f"unknown callees and undef inputs, {jobs} jobs, {wall:.0f} s)\n")
    print(f"- judged (src defined on at least one input): {len(judged)}; skipped "
          f"(not modelled or LLVM rejects): {len(res) - len(judged)}")
    print(f"- **Alive2 `correct`, interpreter refutes (deterministic source): "
          f"{len(false_alarms)}**")
    print(f"- Alive2 `incorrect`, interpreter refutes: {len(caught)}/{len(incorrect)}")
    for r in false_alarms:
        print(f"  - {r['id']} ({r['mutation']}): {r['why']}; {r['inputs']}; {r['world']}")
    return 1 if false_alarms else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mutants", type=int, default=8)
    ap.add_argument("--samples", type=int, default=2000)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="only the first N subjects")
    ap.add_argument("--interpreter-vs-alive2", action="store_true",
                    help="the interpreter alone against Alive2's labels (calls included)")
    args = ap.parse_args()
    if args.interpreter_vs_alive2:
        return interpreter_vs_alive2(min(args.samples, 300), args.jobs)

    cases = subjects(args.mutants, args.seed)
    if args.limit:
        cases = cases[:args.limit]
    start = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(judge, cases, [args.samples] * len(cases),
                             [args.timeout] * len(cases), chunksize=4))
    wall = time.perf_counter() - start
    done = [r for r in rows if "verdict" in r]
    verdicts = Counter(r["verdict"] for r in done)
    wrong_correct = [r for r in done if r["verdict"] == "correct" and r["refuted"]]
    missed = [r for r in done if r["verdict"] == "semantic_error" and not r["refutation"]]
    unproven = [r for r in done if r["verdict"] == "inconclusive" and r["refuted"]]
    crashes = [r for r in done if r["verdict"] == "crash"]
    labelled = [r for r in done if r["alive2"] in ("correct", "incorrect")]
    interp_vs_alive2 = Counter((r["alive2"], r["refuted"]) for r in labelled)
    verifier_vs_alive2 = Counter((r["alive2"], r["verdict"]) for r in labelled)

    print(f"### differential: verifier vs interpreter ({len(cases)} subjects, "
          f"{args.samples} inputs each, {args.jobs} jobs, {wall:.0f} s)\n")
    print(f"- skipped (LLVM rejects the mutant): {len(rows) - len(done)}")
    print(f"- verdicts: {dict(verdicts)}")
    print(f"- interpreter refutations (deterministic source): "
          f"{sum(r['refuted'] for r in done)}")
    print(f"- **verifier `correct` but interpreter refutes: {len(wrong_correct)}**")
    print(f"- verifier `semantic_error`, interpreter found nothing: {len(missed)}")
    print(f"- verifier `inconclusive`, interpreter refutes: {len(unproven)} "
          f"(reasons: {dict(Counter(r['message'][:40] for r in unproven).most_common(5))})")
    print(f"- verifier crashes: {len(crashes)}")
    print(f"- interpreter vs Alive2 (label, refuted): {dict(interp_vs_alive2)}")
    print(f"- verifier vs Alive2 (label, verdict): {dict(verifier_vs_alive2)}")
    it = sorted(r["interp_s"] for r in done)
    vt = sorted(r["verify_s"] for r in done)
    if it:
        print(f"- median time per subject: interpreter {1000 * it[len(it) // 2]:.1f} ms "
              f"({args.samples} inputs), verifier {1000 * vt[len(vt) // 2]:.1f} ms")
    for r in wrong_correct[:20]:
        print(f"  - WRONG CORRECT {r['label']}: {r['refutation']}")
    for r in crashes[:20]:
        print(f"  - CRASH {r['label']}: {r['message'][:200]}")
    for r in missed[:10]:
        print(f"  - missed by the interpreter {r['label']}: {r['message'][:80]}")
    return 1 if wrong_correct or crashes else 0


if __name__ == "__main__":
    sys.exit(main())
