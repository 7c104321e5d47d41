"""Benchmark the symbolic verifier on real (O0, instcombine) pairs.

Reads /work/shared/conformance-real/pairs.jsonl.gz (or --pairs), keeps the pairs of
``--kind`` (default ``ic``: instcombine output) whose functions have no loop and no
call (``--all``: every pair of that kind, loops, calls and FP included), runs
``veriopt.verify.check`` on each (``--unroll``: the loop bound, default check's) in
a pool of killable workers (``--hard-timeout`` per pair) and prints a markdown section: the share
proved correct (overall and among pairs inside the verifier's current feature set),
median and p95 seconds per pair, every non-correct verdict with its reason, and a
comparison with Alive2's verdict in the ``alive2`` field. A "correct" where Alive2
says "incorrect" is the one disagreement that must never happen; it is printed
loudly and makes the script exit with status 1.

    PYTHONPATH=src python3 benchmarks/verify_corpus.py [--kind ic|mutant|all] [--all] [--jobs 2]
    PYTHONPATH=src python3 benchmarks/verify_corpus.py --mutants-v2 [--jobs 2]

``--mutants-v2`` runs the body-only mutants of ../shared/conformance-real/mutants-v2.jsonl.gz
(every pair, loops and calls included) and lists every disagreement with Alive2, each
with our reason and Alive2's message; it exits with status 1 on any ``correct`` where
Alive2 says ``incorrect``.

With loops, a ``correct`` may be a bounded proof (``bounded=True``: some execution
runs longer than the unroll bound); the section counts those apart.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_PAIRS = Path("/work/shared/conformance-real/pairs.jsonl.gz")
MUTANTS_V2 = DEFAULT_PAIRS.with_name("mutants-v2.jsonl.gz")

#: Our category that agrees with each Alive2 verdict (``error``: LLVM rejects the module).
AGREES = {"correct": "correct", "incorrect": "semantic_error", "error": "syntax_error"}


def _verify(row: dict) -> dict:
    from veriopt.verify import check

    t0 = time.perf_counter()
    kw = {} if row.get("_unroll") is None else {"unroll": row["_unroll"]}
    v = check(row["src"], row["tgt"], timeout=row.get("_timeout", 10.0), **kw)
    dt = time.perf_counter() - t0
    return {"id": row["id"], "function": row["function"], "category": v.category,
            "reason": v.reason, "seconds": dt, "solver_seconds": v.solver_seconds,
            "bounded": v.bounded, "proof": v.proof, "unroll": v.unroll,
            "has_loop": row.get("has_loop", False),
            "alive2_message": row.get("alive2_message", ""),
            "has_call": row.get("has_call", False), "has_fp": row.get("has_fp", False),
            "alive2": row.get("alive2", ""), "alive2_seconds": row.get("alive2_seconds"),
            "kind": row.get("kind", ""), "mutation": row.get("mutation", "")}


def _percentile(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))
    return xs[k]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    ap.add_argument("--kind", default="ic", help="ic, mutant or all")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--all", action="store_true",
                    help="every pair of --kind, with loops, calls and FP (default: loop- and "
                         "call-free only)")
    ap.add_argument("--unroll", type=int, default=None, help="loop unroll bound (check's default)")
    ap.add_argument("--hard-timeout", type=float, default=0.0,
                    help="wall-clock limit per pair (default: 4 x timeout + 20 s)")
    ap.add_argument("--only", default="", help="only pairs whose id or function contains this")
    ap.add_argument("--sample", type=int, default=0,
                    help="a random subset of this many pairs (fixed seed, for quick runs)")
    ap.add_argument("--having", choices=("loop", "call", "fp", "vector"),
                    help="only pairs with this feature (implies --all)")
    ap.add_argument("--alive2", default="",
                    help="only pairs with this Alive2 verdict (e.g. incorrect: a soundness run)")
    ap.add_argument("--json", type=Path, help="write per-pair results as JSON lines here")
    ap.add_argument("--mutants-v2", action="store_true",
                    help="every pair of ../shared/conformance-real/mutants-v2.jsonl.gz, with "
                         "each disagreement with Alive2 listed")
    args = ap.parse_args(argv)
    if args.mutants_v2:
        args.pairs = args.pairs if args.pairs != DEFAULT_PAIRS else MUTANTS_V2
        args.kind, args.all = "mutant", True
    if not args.pairs.exists():
        print(f"pairs file {args.pairs} not found", file=sys.stderr)
        return 2
    with gzip.open(args.pairs, "rt") as f:
        rows = [json.loads(line) for line in f]
    if args.having:
        args.all = True
    rows = [r for r in rows if (args.kind == "all" or r["kind"] == args.kind)
            and (args.all or (not r["has_loop"] and not r["has_call"]))
            and (not args.having or r.get(f"has_{args.having}"))]
    if args.alive2:
        rows = [r for r in rows if r.get("alive2") == args.alive2]
    if args.only:
        rows = [r for r in rows if args.only in r["id"] or args.only in r["function"]]
    if args.sample and args.sample < len(rows):
        import random

        rows = sorted(random.Random(0).sample(rows, args.sample), key=lambda r: r["id"])
    if args.limit:
        rows = rows[:args.limit]
    for r in rows:
        r["_timeout"] = args.timeout
        r["_unroll"] = args.unroll
    t0 = time.perf_counter()
    results = run_all(rows, args.jobs, args.hard_timeout or (4 * args.timeout + 20))
    wall = time.perf_counter() - t0
    if args.json:
        with args.json.open("w") as f:
            for r in results:
                f.write(json.dumps(r) + "\n")
    return report(results, args, wall)


def run_all(rows: list[dict], jobs: int, hard_timeout: float) -> list[dict]:
    """`_verify` on every row in killable workers: a pair past ``hard_timeout`` is
    reported as ``inconclusive/hard_timeout`` instead of stalling the run."""
    import veriopt.verify.warm  # noqa: F401 - each task forks from this warm state
    from veriopt.workers import KillablePool, TaskCrashed, TaskTimeout

    results: list[dict | None] = [None] * len(rows)
    with KillablePool(_verify, jobs, hard_timeout=hard_timeout, start_method="fork",
                      fresh_per_task=True) as pool:
        for done, (i, res) in enumerate(pool.imap_unordered(rows), 1):
            row = rows[i]
            if isinstance(res, (TaskTimeout, TaskCrashed)):
                reason = "hard_timeout" if isinstance(res, TaskTimeout) else "crash"
                res = {"id": row["id"], "function": row["function"], "category": "inconclusive",
                       "reason": reason, "seconds": hard_timeout if reason == "hard_timeout"
                       else 0.0, "solver_seconds": 0.0, "bounded": False,
                       "has_loop": row["has_loop"], "has_call": row["has_call"],
                       "has_fp": row.get("has_fp", False), "alive2": row.get("alive2", ""),
                       "alive2_seconds": row.get("alive2_seconds"), "kind": row.get("kind", ""),
                       "mutation": row.get("mutation", ""), "proof": "",
                       "alive2_message": row.get("alive2_message", "")}
            results[i] = res
            if done % 25 == 0:
                print(f"[{done}/{len(rows)}]", file=sys.stderr, flush=True)
    return [r for r in results if r is not None]


def report(results: list[dict], args: argparse.Namespace, wall: float) -> int:
    n = len(results)
    cats = Counter(r["category"] for r in results)
    in_scope = [r for r in results if not r["reason"].startswith("unsupported:")]
    secs = [r["seconds"] for r in results]
    scope_secs = [r["seconds"] for r in in_scope]
    n_correct = cats["correct"]
    scope = "all" if args.all else "loop-free, call-free"
    print(f"## Verifier on real pairs ({args.kind}, {scope})\n")
    print(f"- pairs: {n}; wall {wall:.1f} s with {args.jobs} job(s); timeout {args.timeout:g} s")
    print(f"- correct: {n_correct}/{n} = {100 * n_correct / max(1, n):.1f}%")
    sc = sum(r["category"] == "correct" for r in in_scope)
    print(f"- inside the supported feature set: {len(in_scope)} pairs, correct "
          f"{sc}/{len(in_scope)} = {100 * sc / max(1, len(in_scope)):.1f}%")
    print("- verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))
    n_bounded = sum(r["category"] == "correct" and r.get("bounded") for r in results)
    unroll = "check's default" if args.unroll is None else str(args.unroll)
    print(f"- correct with a bounded proof (a loop may run past the unroll bound, {unroll}): "
          f"{n_bounded}")
    for label, key in (("with loops", "has_loop"), ("with calls", "has_call"), ("with FP", "has_fp")):
        sub = [r for r in results if r.get(key)]
        if sub:
            k = sum(r["category"] == "correct" for r in sub)
            print(f"- {label}: {k}/{len(sub)} = {100 * k / len(sub):.1f}% correct")
    print(f"- seconds per pair: median {statistics.median(secs) if secs else 0:.3f}, "
          f"p95 {_percentile(secs, 0.95):.3f}, max {max(secs, default=0):.3f}")
    if scope_secs:
        print(f"- seconds per supported pair: median {statistics.median(scope_secs):.3f}, "
              f"p95 {_percentile(scope_secs, 0.95):.3f}")
    a2 = [r["alive2_seconds"] for r in results if r["alive2_seconds"] is not None]
    if a2:
        print(f"- Alive2 (recorded): median {statistics.median(a2):.3f} s, "
              f"p95 {_percentile(a2, 0.95):.3f} s")
    print()
    print("### Agreement with Alive2\n")
    agree = Counter((r["category"], r["alive2"]) for r in results)
    print("| ours | alive2 | pairs |\n|---|---|---|")
    for (ours, theirs), k in sorted(agree.items()):
        print(f"| {ours} | {theirs} | {k} |")
    bad = [r for r in results if r["category"] == "correct" and r["alive2"] == "incorrect"]
    print()
    if bad:
        print("### !!! UNSOUND: correct where Alive2 says incorrect !!!\n")
        for r in bad:
            print(f"- **{r['id']}** `{r['function']}` ({r['mutation']})")
        print()
    alarms = [r for r in results if r["category"] == "semantic_error" and r["alive2"] == "correct"]
    if alarms:
        print("### Semantic error where Alive2 says correct (check each)\n")
        for r in alarms:
            print(f"- {r['id']} `{r['function']}`: {r['reason']}")
        print()
    if args.mutants_v2:
        print_disagreements(results)
    print("### Non-correct verdicts\n")
    reasons = Counter(r["reason"] for r in results if r["category"] != "correct")
    for reason, k in reasons.most_common():
        print(f"- `{reason}`: {k}")
    print()
    for r in sorted(results, key=lambda r: (r["category"], r["reason"], r["id"])):
        if r["category"] != "correct":
            print(f"- {r['id']} `{r['function']}`: {r['category']} `{r['reason']}` "
                  f"({r['seconds']:.2f} s; alive2: {r['alive2']})")
    return 1 if bad else 0


def print_disagreements(results: list[dict]) -> None:
    """Every pair where our category is not the one that agrees with Alive2's verdict
    (Alive2 ``inconclusive``/``timeout`` pairs are listed apart: no label to agree with)."""
    labelled = [r for r in results if r["alive2"] in AGREES]
    agree = sum(r["category"] == AGREES[r["alive2"]] for r in labelled)
    print(f"### Agreement on Alive2-labelled pairs: {agree}/{len(labelled)} = "
          f"{100 * agree / max(1, len(labelled)):.1f}%\n")
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in results:
        if r["alive2"] in AGREES and r["category"] == AGREES[r["alive2"]]:
            continue
        groups.setdefault((r["category"], r["alive2"]), []).append(r)
    order = sorted(groups, key=lambda k: (k != ("correct", "incorrect"),
                                          k[1] not in AGREES, k))
    for ours, theirs in order:
        print(f"#### ours {ours}, Alive2 {theirs}: {len(groups[ours, theirs])}\n")
        for r in sorted(groups[ours, theirs], key=lambda r: (r["reason"], r["id"])):
            proof = f", {r['proof']} proof" if r.get("proof") else ""
            msg = (r.get("alive2_message") or "").strip().splitlines()
            print(f"- {r['id']} `{r['function']}` ({r['mutation']}{proof}): ours "
                  f"`{r['reason'] or r['category']}`; Alive2: {msg[0][:100] if msg else '-'}")
        print()


if __name__ == "__main__":
    sys.exit(main())
