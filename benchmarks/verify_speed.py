"""Verifier speed per pair against Alive2's, with the rlimit calibration and a profile.

Runs ``veriopt.verify.check`` on a fixed, seeded sample of ``--n`` instcombine pairs of
../shared/conformance-real (``kind: ic``, LLVM-valid) and measures each pair's CPU time
(the worker's own plus its ``opt`` subprocesses', imports excluded: workers are warm).
CPU time, not wall time, because this machine is shared: a busy neighbour stretches
wall time, not CPU time. Alive2's seconds are the ``alive2_seconds`` of each record
(one ``alive-tv`` process on an idle 2-core machine, its start-up included).

Prints a markdown section: median/p90/p95 of ours and Alive2's, overall, with and
without loops and calls; verdict counts (with Alive2's); and the calibration of
z3's resource limit: resource units per CPU second of every query (it also prints
the encoder's instructions and terms built per CPU second: the rates behind
``ENCODE_STEPS_PER_SECOND`` and ``ENCODE_TERMS_PER_SECOND``). ``--profile K`` runs the first
K loop-free, call-free pairs under cProfile in this process and prints the top entries.

    PYTHONPATH=src nice -n 10 python3 benchmarks/verify_speed.py [--n 150] [--jobs 2]
        [--profile 20] [--out rows.json]
    python3 benchmarks/verify_speed.py --compare before.json after.json
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import pstats
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

PAIRS = Path(__file__).resolve().parents[1] / ".." / "shared" / "conformance-real" / "pairs.jsonl.gz"

#: Per-query samples of the calibration: (resource units, CPU seconds, logic), and the
#: encoder's (instructions, CPU seconds); filled in each worker by `_instrument`.
_QUERIES: list[tuple[int, float, str]] = []
_ENCODINGS: list[tuple[int, float, int]] = []  # instructions, CPU s, terms built


def sample(path: Path, n: int, seed: int) -> list[dict[str, Any]]:
    """``n`` ic pairs (LLVM-valid for Alive2), chosen by ``seed``, in id order."""
    with gzip.open(path, "rt") as f:
        rows = [r for r in map(json.loads, f) if r["kind"] == "ic" and r["alive2"] != "error"]
    rows.sort(key=lambda r: r["id"])
    return sorted(random.Random(seed).sample(rows, min(n, len(rows))), key=lambda r: r["id"])


def _rlimit_count(s: Any) -> int:
    """z3's resource counter (one per context: any solver reads it)."""
    stats = s.statistics()
    return next((int(stats.get_key_value(k)) for k in stats.keys() if k == "rlimit count"), 0)


def _instrument() -> None:
    """Record every solver check's resource units and CPU time, and every encoder
    run's instructions and CPU time (z3 is single-threaded: CPU time = its time)."""
    import z3

    from veriopt.verify.encoder import FunctionEncoder
    from veriopt.verify.solving import query_logic

    check = z3.Solver.check

    def timed_check(self: z3.Solver, *args: Any) -> Any:
        logic = query_logic(*self.assertions()) or "other"  # before the clock starts
        before, t0 = _rlimit_count(self), time.process_time()
        try:
            return check(self, *args)
        finally:
            _QUERIES.append((_rlimit_count(self) - before, time.process_time() - t0, logic))

    run = FunctionEncoder.run

    def timed_run(self: FunctionEncoder) -> Any:
        from veriopt.verify.state import terms_built

        t0, k0 = time.process_time(), terms_built()
        try:
            return run(self)
        finally:
            _ENCODINGS.append((getattr(self, "steps", 0), time.process_time() - t0,
                               terms_built() - k0))

    z3.Solver.check = timed_check  # type: ignore[method-assign]
    FunctionEncoder.run = timed_run  # type: ignore[method-assign]


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def measure(row: dict[str, Any]) -> dict[str, Any]:
    """One pair in a warm worker: verdict, CPU seconds, and the calibration samples."""
    from veriopt.verify import check

    del _QUERIES[:], _ENCODINGS[:]
    t0 = _cpu()
    bound = row.get("_unroll")
    fixed = {} if bound is None else {"unroll": bound, "max_unroll": bound}
    v = check(row["src"], row["tgt"], timeout=row.get("_timeout", 10.0),
              total_timeout=row.get("_total_timeout"), **fixed)
    cpu = _cpu() - t0
    return {"id": row["id"], "category": v.category, "reason": v.reason, "proof": v.proof,
            "unroll": v.unroll, "cpu": cpu, "alive2": row["alive2"], "alive2_seconds": row["alive2_seconds"],
            "has_loop": row["has_loop"], "has_call": row["has_call"],
            "queries": list(_QUERIES), "encodings": list(_ENCODINGS)}


def _warm() -> None:
    import veriopt.verify  # noqa: F401 - imports are not a pair's cost

    _instrument()


def run_all(rows: list[dict[str, Any]], jobs: int) -> list[dict[str, Any]]:
    with ProcessPoolExecutor(jobs, initializer=_warm) as pool:
        return list(pool.map(measure, rows, chunksize=1))


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")


def speed_table(results: list[dict[str, Any]]) -> str:
    groups: list[tuple[str, Callable[[dict[str, Any]], bool]]] = [
        ("all", lambda r: True),
        ("with loops", lambda r: r["has_loop"]),
        ("with calls, no loops", lambda r: r["has_call"] and not r["has_loop"]),
        ("loop-free, call-free", lambda r: not r["has_loop"] and not r["has_call"])]
    out = ["| pairs | n | ours median | Alive2 median | ratio | ours p90 | Alive2 p90 | "
           "ours p95 | Alive2 p95 |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, keep in groups:
        rs = [r for r in results if keep(r)]
        if not rs:
            continue
        ours = [r["cpu"] for r in rs]
        theirs = [r["alive2_seconds"] for r in rs]
        med, amed = statistics.median(ours), statistics.median(theirs)
        out.append(f"| {name} | {len(rs)} | {med:.2f} | {amed:.2f} | {med / amed:.1f}x | "
                   f"{percentile(ours, .9):.2f} | {percentile(theirs, .9):.2f} | "
                   f"{percentile(ours, .95):.2f} | {percentile(theirs, .95):.2f} |")
    return "\n".join(out)


def verdict_table(results: list[dict[str, Any]]) -> str:
    counts = Counter((r["alive2"], r["category"] + (f" ({r['proof']})" if r["proof"] else ""))
                     for r in results)
    out = ["| Alive2 | ours | n |", "|---|---|---:|"]
    out += [f"| {a} | {o} | {n} |" for (a, o), n in sorted(counts.items())]
    timeouts = Counter(r["reason"] for r in results if r["reason"].startswith("timeout"))
    if timeouts:
        out.append("\ntimeouts by limit: " + ", ".join(f"{k} {v}" for k, v in sorted(
            timeouts.items())))
    return "\n".join(out)


def calibration(results: list[dict[str, Any]]) -> str:
    """Resource units per CPU second, over queries long enough to time (>= 0.05 s)."""
    # Older result files have (units, seconds) without the logic.
    queries = [(q[0], q[1], q[2] if len(q) > 2 else "?") for r in results for q in r["queries"]]
    lines = [f"queries: {len(queries)}"]
    for logic in ("all", *sorted({q[2] for q in queries})):
        for floor in (0.05, 0.5, 2.0):
            long = [(u, s) for u, s, lg in queries if s >= floor and logic in ("all", lg)]
            if long:
                rates = [u / s for u, s in long]
                lines.append(
                    f"{logic} queries >= {floor:g} s CPU: {len(long)}; units/s: median "
                    f"{statistics.median(rates):,.0f}, p10 {percentile(rates, .1):,.0f}, "
                    f"p90 {percentile(rates, .9):,.0f}; pooled "
                    f"{sum(u for u, _ in long) / sum(s for _, s in long):,.0f}")
    enc = [e for r in results for e in r["encodings"] if e[1] >= 0.05]
    if enc:
        rates = [e[0] / e[1] for e in enc]
        lines.append(f"encoder runs >= 0.05 s CPU: {len(enc)}; instructions/s: median "
                     f"{statistics.median(rates):,.0f}, p10 {percentile(rates, .1):,.0f}, "
                     f"p90 {percentile(rates, .9):,.0f}")
    # Terms per second where terms dominate (ENCODE_TERMS_PER_SECOND): runs that built
    # more than 2,000 (older result files have no term counts).
    heavy = [e for r in results for e in r["encodings"] if len(e) > 2 and e[2] > 2000
             and e[1] > 0]
    if heavy:
        rates = [e[2] / e[1] for e in heavy]
        lines.append(f"encoder runs > 2,000 terms: {len(heavy)}; terms/s: median "
                     f"{statistics.median(rates):,.0f}, p10 {percentile(rates, .1):,.0f}, "
                     f"p90 {percentile(rates, .9):,.0f}; pooled "
                     f"{sum(e[2] for e in heavy) / sum(e[1] for e in heavy):,.0f}")
    return "\n".join(lines)


def profile(rows: Iterable[dict[str, Any]], top: int = 25) -> str:
    """cProfile of the given pairs in this process (imports warmed first)."""
    from veriopt.verify import check

    rows = list(rows)
    check(rows[0]["src"], rows[0]["tgt"])  # warm caches and lazy imports
    prof = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    prof.enable()
    for r in rows:
        check(r["src"], r["tgt"])
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    stats.sort_stats("tottime").print_stats(top)
    return buf.getvalue()


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> str:
    """CPU per pair of two runs (``--out`` files) on the pairs both answered without a
    timeout: the code's speed apart from how long a budget lets a hopeless pair run."""
    old = {r["id"]: r for r in before if not r["reason"].startswith("timeout")}
    both = [(old[r["id"]], r) for r in after
            if r["id"] in old and not r["reason"].startswith("timeout")]
    out = ["| pairs answered in both runs | n | before median | after median | before p90 | "
           "after p90 | before total | after total |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, keep in (("all", lambda r: True), ("with loops", lambda r: r["has_loop"]),
                       ("no loops", lambda r: not r["has_loop"])):
        rs = [(b, a) for b, a in both if keep(a)]
        if not rs:
            continue
        b, a = [x["cpu"] for x, _ in rs], [y["cpu"] for _, y in rs]
        out.append(f"| {name} | {len(rs)} | {statistics.median(b):.2f} | "
                   f"{statistics.median(a):.2f} | {percentile(b, .9):.2f} | "
                   f"{percentile(a, .9):.2f} | {sum(b):.1f} | {sum(a):.1f} |")
    changed = [(x["id"], x["category"], y["category"]) for x, y in both
               if (x["category"], x["proof"]) != (y["category"], y["proof"])]
    out.append(f"\nverdicts changed among them: {len(changed)} {changed}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--n", type=int, default=150)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--total-timeout", type=float, default=None,
                    help="check's total budget (default: 3 x --timeout)")
    ap.add_argument("--unroll", type=int, default=None, metavar="N",
                    help="one fixed loop bound, as Alive2's -src-unroll=N -tgt-unroll=N "
                         "(default: the adaptive bound, 8 first)")
    ap.add_argument("--profile", type=int, default=0, metavar="K",
                    help="also profile the first K loop-free, call-free pairs")
    ap.add_argument("--out", type=Path, help="write the per-pair rows as JSON")
    ap.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"),
                    help="only compare two --out files")
    args = ap.parse_args(argv)
    if args.compare:
        print(compare(*(json.loads(p.read_text()) for p in args.compare)))
        return 0
    rows = sample(args.pairs, args.n, args.seed)
    for r in rows:
        r["_timeout"], r["_total_timeout"] = args.timeout, args.total_timeout
        r["_unroll"] = args.unroll
    start = time.monotonic()
    results = run_all(rows, args.jobs)
    wall = time.monotonic() - start
    if args.out:
        args.out.write_text(json.dumps(results))
    print(f"## verify_speed: {len(results)} ic pairs (seed {args.seed}), CPU s per pair "
          f"(warm worker, opt included), {args.jobs} jobs, {wall:.0f} s wall, loop bound "
          f"{'adaptive' if args.unroll is None else args.unroll}\n")
    print(speed_table(results) + "\n")
    print(verdict_table(results) + "\n")
    print("```\n" + calibration(results) + "\n```")
    if args.profile:
        simple = [r for r in rows if not r["has_loop"] and not r["has_call"]][:args.profile]
        print(f"\n### profile: {len(simple)} loop-free, call-free pairs\n\n```\n"
              + profile(simple) + "```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
