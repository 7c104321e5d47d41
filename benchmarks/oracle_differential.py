"""Differential run against a real Alive2 (development oracle): mutants of src/tgt pairs.

Why: the concrete interpreter cannot judge every construct the verifier models (calls
through pointers, memcmp, constrained FP, aggregate call results, ...), so a `correct`
on those rests on the encoder alone. A real ``alive-tv`` built against LLVM 19 is a
second opinion: every pair is checked by both, and a pair we call `correct` that
alive-tv refutes is listed for triage (an unsound verdict, or a place where LangRef and
Alive2 differ, which docs/ub-audit.md must then say).

Pairs: each given ``.srctgt.ll`` file (one module with ``@src`` and ``@tgt``) as it is,
plus ``--mutants`` mutants of its ``@tgt``; with ``--real PAIRS``, also ``--sample``
(O0, instcombine) pairs of ../shared/conformance-real and mutants of their tgt (veriopt.verify.mutate: swapped opcodes and
predicates, changed constants, flags, deleted instructions, moved loads, dropped calls).
alive-tv is optional for everything else in this repository and never needed by tests.

    python3 benchmarks/oracle_differential.py --alive-tv /path/to/alive-tv \\
        [--mutants 6] [--jobs 2] [--real PAIRS.jsonl.gz --sample N [--loops]] FILE_OR_DIR...
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def alive_verdict(alive_tv: str, paths: tuple[Path, ...], timeout_s: float) -> str:
    """``correct``, ``incorrect`` or ``other`` (errors, timeouts, unsupported) for one
    ``.srctgt.ll`` file or a (src, tgt) pair of files."""
    try:
        p = subprocess.run([alive_tv, "-smt-to=20000", *map(str, paths)], capture_output=True,
                           text=True, timeout=timeout_s)
        out = p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return "other"
    if "Transformation doesn't verify!" in out:
        return "incorrect"
    if "Transformation seems to be correct!" in out and "ERROR:" not in out:
        return "correct"
    return "other"


def ours(paths: tuple[Path, ...], timeout_s: float) -> tuple[str, str]:
    """Our category and reason, in a fresh process (as the product checks a pair)."""
    code = ("import sys; from veriopt.verify import check; "
            "texts = [open(p).read() for p in sys.argv[2:]]; "
            "v = check(*texts, timeout=float(sys.argv[1])); "
            "print(v.category, v.reason)")
    try:
        p = subprocess.run([sys.executable, "-c", code, str(timeout_s), *map(str, paths)],
                           capture_output=True, text=True, timeout=timeout_s * 8 + 60)
    except subprocess.TimeoutExpired:
        return "inconclusive", "timeout:harness"
    line = (p.stdout.strip().splitlines() or ["error harness"])[-1].split(" ", 1)
    return line[0], line[1] if len(line) > 1 else ""


Item = tuple[str, tuple[Path, ...]]  # (label, one .srctgt.ll or src and tgt files)


def pairs(files: list[Path], n_mutants: int, seed: int, work: Path) -> list[Item]:
    from veriopt.verify.mutate import mutant_modules

    out: list[Item] = []
    for f in files:
        text = f.read_text()
        out.append((f.name, (f,)))
        try:
            mutants = mutant_modules(text, random.Random(f"{seed}:{f.name}"), n_mutants,
                                     function="tgt")
        except Exception:  # a module our parser or mutator does not take: the file alone
            mutants = []
        for k, (name, module) in enumerate(mutants):
            p = work / f"{f.stem}.m{k}.ll"
            p.write_text(module)
            out.append((f"{f.name} [{name}]", (p,)))
    return out


def real_pairs(path: Path, sample: int, seed: int, n_mutants: int, work: Path,
               loops: bool) -> list[Item]:
    """(O0, instcombine) pairs of a conformance-real file (``kind`` ic; ``sample`` of
    them, seeded; without loops unless ``loops``), each as it is plus ``n_mutants``
    mutants of its instcombine function: real code, with calls and memory the
    interpreter cannot judge."""
    import gzip
    import json

    from veriopt.verify.mutate import mutant_modules

    with gzip.open(path, "rt") as f:
        rows = [r for r in map(json.loads, f) if r.get("kind") == "ic"
                and (loops or not r.get("has_loop"))]
    random.Random(seed).shuffle(rows)
    out: list[Item] = []
    for r in rows[:sample]:
        src, tgt = work / f"{r['id']}.src.ll", work / f"{r['id']}.tgt.ll"
        src.write_text(r["src"])
        tgt.write_text(r["tgt"])
        out.append((r["id"], (src, tgt)))
        try:
            mutants = mutant_modules(r["tgt"], random.Random(f"{seed}:{r['id']}"), n_mutants,
                                     function=r["function"])
        except Exception:  # a module our parser or mutator does not take: the pair alone
            mutants = []
        for k, (name, module) in enumerate(mutants):
            m = work / f"{r['id']}.m{k}.tgt.ll"
            m.write_text(module)
            out.append((f"{r['id']} [{name}]", (src, m)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path)
    ap.add_argument("--real", type=Path, metavar="PAIRS_JSONL_GZ",
                    help="also (O0, instcombine) pairs of this conformance-real file")
    ap.add_argument("--sample", type=int, default=100, help="how many --real pairs")
    ap.add_argument("--loops", action="store_true", help="--real pairs with loops too")
    ap.add_argument("--alive-tv", required=True)
    ap.add_argument("--mutants", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0, help="our per-query timeout")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    files = sorted(f for p in args.inputs
                   for f in (p.rglob("*.srctgt.ll") if p.is_dir() else [p]))
    with tempfile.TemporaryDirectory() as tmp:
        todo = pairs(files, args.mutants, args.seed, Path(tmp))
        if args.real:
            todo += real_pairs(args.real, args.sample, args.seed, args.mutants, Path(tmp),
                               args.loops)

        def judge(item: Item) -> tuple[str, str, str, str]:
            label, paths = item
            a = alive_verdict(args.alive_tv, paths, 120.0)
            cat, reason = ours(paths, args.timeout)
            return label, a, cat, reason

        with ThreadPoolExecutor(args.jobs) as pool:
            rows = list(pool.map(judge, todo))
    outcome: Counter[str] = Counter()
    flagged = []
    for label, a, cat, reason in rows:
        if a == "other":
            kind = "alive2 undecided"
        elif cat == "correct":
            kind = "agree" if a == "correct" else "UNSOUND vs alive2"
        elif cat == "semantic_error":
            kind = "agree" if a == "incorrect" else "false alarm"
        else:
            kind = "inconclusive"
        outcome[kind] += 1
        if kind in ("UNSOUND vs alive2", "false alarm"):
            flagged.append((kind, label, a, cat, reason))
    print(f"## Oracle differential: {len(files)} files"
          + (f" and {args.sample} real pairs" if args.real else "") + f", {len(rows)} pairs "
          f"({args.mutants} mutants of each tgt)\n")
    for kind, n in sorted(outcome.items()):
        print(f"- {kind}: {n}")
    if flagged:
        print("\n| kind | pair | alive-tv | ours | reason |\n|---|---|---|---|---|")
        for row in sorted(flagged):
            print("| " + " | ".join(row) + " |")
    return 1 if outcome["UNSOUND vs alive2"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
