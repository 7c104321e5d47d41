"""Soundness campaign: LLM-style edits of real pairs, every `correct` re-run concretely.

Why: a wrong ``correct`` is the worst bug the verifier can have, and a GRPO policy
searches for exactly those. The visible tests cannot find what nobody thought of, so
this script makes its own candidates: it takes real (O0, instcombine) pairs (the ``ic``
pairs of ../shared/conformance-real and the built-in corpus compiled here) and applies
the edits an LLM makes to the instcombine output (veriopt.verify.mutate: drop a store,
move a load across a call, memcpy <-> load/store, swap branch targets, add
nsw/nuw/exact/inbounds/nusw/disjoint/nneg, raise an alignment, change a constant, swap
operands, sext <-> zext, signed <-> unsigned compares, drop a call, ...). Each candidate
is verified as the product verifies it (``check`` with default options); each
``correct`` is then run by the concrete interpreter (refute.py) on many inputs,
including partly-poison memory, pointer bytes in memory, undef arguments and unknown
callees (concrete_calls.py). A ``correct`` the interpreter refutes is a disagreement to
triage: a verifier bug or an interpreter bug.

Reproducible (``--seed``; the candidates of a base depend only on the seed and the
base's id) and resumable: results are appended to ``--out`` (JSON lines) as they
come, and candidates already there are skipped. ``--report`` only summarises ``--out``.

    PYTHONPATH=src nice -n 10 python3 benchmarks/soundness_campaign.py --jobs 2 \\
        --out benchmarks/out/campaign.jsonl
    PYTHONPATH=src python3 benchmarks/soundness_campaign.py --report --out ...

``--alive2 PATH`` (development only) runs Alive2's ``alive-tv`` on every disagreement
and on ``--alive2-sample`` seeded `correct` candidates, appending to ``OUT.alive2.jsonl``.
The script exits with status 1 when a deterministic refutation of a `correct` remains.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
#: Wall seconds the interpreter may spend on one `correct` (twice for a bounded proof).
INTERP_SECONDS = 45.0
DEFAULT_PAIRS = REPO.parent / "shared" / "conformance-real" / "pairs.jsonl.gz"


# ---- bases: real (O0, instcombine) pairs ----------------------------------------------------


_FP_OR_VECTOR = re.compile(r"\b(half|bfloat|float|double|fp128|x86_fp80|ppc_fp128)\b|<\d+ x ")


def interpretable(b: dict) -> bool:
    """No floating point or vectors: the interpreter can cross-check the base's
    candidates (it has neither)."""
    return not _FP_OR_VECTOR.search(b["src"]) and not _FP_OR_VECTOR.search(b["tgt"])


def real_bases(path: Path) -> list[dict]:
    """The instcombine pairs of conformance-real (Alive2 did not reject the module)."""
    with gzip.open(path, "rt") as f:
        rows = [json.loads(line) for line in f]
    return [{"base": r["id"], "src": r["src"], "tgt": r["tgt"]} for r in rows
            if r["kind"] == "ic" and r["alive2"] != "error"]


def builtin_bases() -> list[dict]:
    """Every function of the built-in C corpus: -O0, and instcombine of it."""
    from veriopt.corpus import builtin_c_files
    from veriopt.data.config import DatasetConfig
    from veriopt.data.pipeline import _defined_function_names, compile_source
    from veriopt.errors import VeriOptError
    from veriopt.llvm.toolchain import get_toolchain

    tc, cfg, out = get_toolchain(), DatasetConfig(), []
    for path in builtin_c_files():
        try:
            module_ir, _ = compile_source(path, cfg)
            for fn in _defined_function_names(module_ir):
                o0 = tc.extract_function(module_ir, fn)
                out.append({"base": f"builtin/{path.name}::{fn}", "src": o0,
                            "tgt": tc.opt(o0, "instcombine")})
        except VeriOptError as e:
            print(f"skipping {path.name}: {str(e).splitlines()[0]}", file=sys.stderr)
    return out


#: Edit families also applied to the -O0 function (see `candidates`), at most
#: `SRC_EDITS` per base.
O0_EDITS = frozenset({"memcpy->load/store", "load/store->memcpy", "move load across call",
                      "drop call", "delete store"})
SRC_EDITS = 3


def candidates(bases: list[dict], per_base: int, seed: int) -> Iterator[dict]:
    """The instcombine output itself, ``per_base`` mutants of it, and up to `SRC_EDITS`
    memory/call edits of the -O0 function, per base. A base's mutants depend only on
    ``seed`` and its id, so a resumed run makes the same ones."""
    from veriopt.errors import VeriOptError
    from veriopt.verify.mutate import mutant_modules, mutation_kind

    for b in bases:
        yield {"id": f"{b['base']}#ic", "base": b["base"], "mutation": "instcombine",
               "kind": "instcombine", "src": b["src"], "tgt": b["tgt"]}
        try:
            ms = mutant_modules(b["tgt"], random.Random(f"{seed}:{b['base']}"), per_base)
        except (VeriOptError, ValueError) as e:
            print(f"no mutants of {b['base']}: {str(e).splitlines()[0]}", file=sys.stderr)
            continue
        for k, (name, text) in enumerate(ms):
            yield {"id": f"{b['base']}#{k}", "base": b["base"], "mutation": name,
                   "kind": mutation_kind(name), "src": b["src"], "tgt": text}
        # Memory and call edits find little to edit in instcombine's output (it already
        # turned small memcpys into loads and stores): the same edits of the -O0
        # function itself, as an LLM rewriting it would make them.
        try:
            ms = mutant_modules(b["src"], random.Random(f"{seed}:{b['base']}:src"), 400)
        except (VeriOptError, ValueError):
            continue
        by_kind: dict[str, list[tuple[str, str]]] = {}
        for n, t in ms:
            if mutation_kind(n) in O0_EDITS:
                by_kind.setdefault(mutation_kind(n), []).append((n, t))
        rare = [by_kind[k][i] for i in range(SRC_EDITS) for k in sorted(by_kind)
                if i < len(by_kind[k])][:SRC_EDITS]  # one of each family first
        for k, (name, text) in enumerate(rare):
            yield {"id": f"{b['base']}#s{k}", "base": b["base"], "mutation": name,
                   "kind": mutation_kind(name) + " (O0)", "src": b["src"], "tgt": text}


# ---- one candidate ----------------------------------------------------------------------------


def judge(cand: dict) -> dict:
    """Verify one candidate; cross-check a `correct` with the interpreter."""
    from veriopt.errors import VeriOptError
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify import check

    row = {k: cand[k] for k in ("id", "base", "mutation", "kind")}
    tc = get_toolchain()
    try:
        tgt = tc.canonicalize(cand["tgt"])
    except VeriOptError as e:
        row.update(verdict="llvm_rejects", reason=str(e).splitlines()[0][:200])
        return row
    t0 = time.process_time()
    v = check(cand["src"], tgt, timeout=cand["_timeout"],
              total_timeout=cand.get("_total_timeout"))
    row.update(verdict=v.category, reason=v.reason, proof=v.proof, unroll=v.unroll,
               verify_cpu_s=round(time.process_time() - t0, 3))
    if v.category != "correct":
        return row
    row["src"], row["tgt"] = cand["src"], tgt  # kept for triage and Alive2
    return cross_check(row, cand["_samples"], cand["_seed"])


def cross_check(row: dict, samples: int, seed: int) -> dict:
    """The interpreter on a `correct` row (``src``/``tgt`` held in it): ``interp``."""
    from veriopt.errors import VeriOptError
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify.refute import refute

    tc = get_toolchain()
    stats: Counter[str] = Counter()
    t0 = time.process_time()
    try:
        s, t = parse_module(tc.canonicalize(row["src"])), parse_module(row["tgt"])
        found = refute(s, s.definitions[0], t, t.definitions[0], samples=samples,
                       seed=seed, max_candidates=1, calls=True, undef=True, stats=stats,
                       time_budget=INTERP_SECONDS)
    except (VeriOptError, KeyError, IndexError) as e:
        row["interp"] = {"error": f"{type(e).__name__}: {e}"[:200]}
        return row
    row["interp"] = {"cpu_s": round(time.process_time() - t0, 3), "stats": dict(stats),
                     "judged": stats["src return"] + stats["src exit"]}
    if found:
        r = found[0]
        visits = max(r.source.max_visits, r.target.max_visits)
        row["interp"].update(refuted=True, deterministic=r.source_deterministic,
                             why=r.reason, inputs=repr(r.inputs), memory=r.memory,
                             world=repr(r.world), source=_brief(r.source),
                             target=_brief(r.target), visits=visits)
        if row.get("proof") == "bounded":
            if row.get("unroll") is None:  # a row from before the bound was recorded
                from veriopt.verify import check

                row["unroll"] = check(row["src"], row["tgt"], timeout=30.0).unroll
            # Only runs within the proof's bound count against it: every block entered
            # at most unroll + 1 times (stricter than the bound for nested loops, one
            # visit looser for a loop whose header is not its body: a while-loop's
            # header runs once more than its body, so a run whose body ran unroll + 1
            # times, past the bound, also passes; RESULTS.md triages such rows).
            limit = (row.get("unroll") or 0) + 1
            inside = refute(s, s.definitions[0], t, t.definitions[0], samples=samples,
                            seed=seed, max_candidates=1, calls=True, undef=True,
                            time_budget=INTERP_SECONDS, visit_limit=limit)
            row["interp"]["within_bound"] = bool(inside)
            if inside:
                row["interp"].update(why=inside[0].reason, inputs=repr(inside[0].inputs),
                                     deterministic=inside[0].source_deterministic)
    return row


def _brief(o: object) -> str:
    kind, value, reason = (getattr(o, k) for k in ("kind", "value", "reason"))
    return f"{kind} {value!r}" + (f" ({reason})" if reason else "")


# ---- running and reporting ---------------------------------------------------------------------


def _recheck(row: dict) -> dict:
    return cross_check({k: v for k, v in row.items() if not k.startswith("_")},
                       row["_samples"], row["_seed"])


def run(cands: list[dict], out: Path, jobs: int, hard_timeout: float,
        task: Callable[[dict], dict] = judge) -> None:
    import veriopt.verify.warm  # noqa: F401 - each task forks from this warm state
    from veriopt.workers import KillablePool, TaskCrashed, TaskTimeout

    with out.open("a") as f, KillablePool(task, jobs, hard_timeout=hard_timeout,
                                          start_method="fork", fresh_per_task=True) as pool:
        for done, (i, res) in enumerate(pool.imap_unordered(cands), 1):
            if isinstance(res, (TaskTimeout, TaskCrashed)):
                reason = "hard_timeout" if isinstance(res, TaskTimeout) else \
                    f"crash: {res.error[:200]}"
                if "verdict" in cands[i]:  # a recheck: the verdict stands
                    res = {k: v for k, v in cands[i].items() if not k.startswith("_")}
                    res["interp"] = {"error": reason}
                else:
                    res = {k: cands[i][k] for k in ("id", "base", "mutation", "kind")}
                    res.update(verdict="inconclusive", reason=reason)
            f.write(json.dumps(res) + "\n")
            f.flush()
            if done % 50 == 0:
                print(f"[{done}/{len(cands)}]", file=sys.stderr, flush=True)


def load(out: Path) -> list[dict]:
    if not out.exists():
        return []
    rows = {}
    with out.open() as f:
        for line in f:
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue  # blank, or cut short when a run was killed: done again
            rows[r["id"]] = r
    return list(rows.values())


def _past_bound(r: dict) -> bool:
    return r.get("proof") == "bounded" and not r["interp"].get("within_bound", True)


def disagreements(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r.get("verdict") == "correct"
            and r.get("interp", {}).get("refuted")]


def report(rows: list[dict], alive2: dict[str, dict]) -> int:
    gen = [r for r in rows if r["kind"] != "instcombine"]
    valid = [r for r in gen if r["verdict"] != "llvm_rejects"]
    print("## Soundness campaign (`benchmarks/soundness_campaign.py`)\n")
    print(f"- bases: {len({r['base'] for r in rows})}; generated candidates: {len(gen)} "
          f"({len(valid)} accepted by LLVM 19), plus {len(rows) - len(gen)} instcombine "
          "outputs themselves")
    cats = Counter(r["verdict"] for r in rows)
    print("- verdicts (all candidates): " + ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))
    correct = [r for r in rows if r["verdict"] == "correct"]
    judged = [r for r in correct if r.get("interp", {}).get("judged", 0) > 0]
    inputs = sum(r.get("interp", {}).get("judged", 0) for r in correct)
    print(f"- `correct`: {len(correct)}; cross-checked by the interpreter on at least one "
          f"input where src is defined: {len(judged)} ({inputs} such inputs in all)")
    bad = disagreements(rows)
    past_bound = [r for r in bad if _past_bound(r)]
    unsound = [r for r in bad if not _past_bound(r)]
    certain = [r for r in unsound if r["interp"]["deterministic"]]
    full = Counter(r.get("proof") for r in correct)
    print(f"- proofs: full {full['full']}, bounded {full['bounded']}, vacuous {full['vacuous']}")
    print(f"- **`correct` refuted by the interpreter: {len(unsound)}** "
          f"(deterministic source: {len(certain)}); bounded proofs refuted only by runs "
          f"longer than their unroll bound: {len(past_bound)}")
    print()
    print("| operator family | candidates | correct | semantic_error | inconclusive | "
          "LLVM rejects | refuted correct |\n|---|---:|---:|---:|---:|---:|---:|")
    by_kind: dict[str, Counter[str]] = {}
    for r in rows:
        c = by_kind.setdefault(r["kind"], Counter())
        c["n"] += 1
        c[r["verdict"]] += 1
        c["bad"] += r in unsound
    for kind, c in sorted(by_kind.items(), key=lambda kv: -kv[1]["n"]):
        print(f"| {kind} | {c['n']} | {c['correct']} | {c['semantic_error']} | "
              f"{c['inconclusive']} | {c['llvm_rejects']} | {c['bad']} |")
    if alive2:
        print("\n### Alive2 on the `correct` sample and the disagreements\n")
        tally = Counter(a["alive2"] for a in alive2.values())
        print("- " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())))
        for cid, a in sorted(alive2.items()):
            if a["alive2"] == "incorrect":
                print(f"  - Alive2 says incorrect: {cid} ({a.get('message', '')[:80]})")
    for title, group in (("Disagreements", unsound),
                         ("Bounded proofs refuted past their bound", past_bound)):
        if group:
            print(f"\n### {title}\n")
        for r in group:
            i = r["interp"]
            a = alive2.get(r["id"], {}).get("alive2", "not run")
            print(f"- {r['id']} ({r['mutation']}, {r.get('proof')} proof, unroll "
                  f"{r.get('unroll')}): {i['why']}; deterministic {i['deterministic']}; "
                  f"longest loop run {i.get('visits')}; Alive2 {a}; inputs {i['inputs'][:120]}")
    return 1 if certain else 0


# ---- Alive2 (development only) -----------------------------------------------------------------


def alive2_verdict(alive_tv: str, src: str, tgt: str, timeout_ms: int = 10000) -> dict:
    with tempfile.TemporaryDirectory() as d:
        sp, tp = Path(d, "src.ll"), Path(d, "tgt.ll")
        sp.write_text(src)
        tp.write_text(tgt)
        try:
            p = subprocess.run([alive_tv, f"--smt-to={timeout_ms}", str(sp), str(tp)],
                               capture_output=True, text=True, timeout=120)
        except subprocess.TimeoutExpired:
            return {"alive2": "timeout", "message": ""}
    text = p.stdout + p.stderr
    if "1 incorrect transformations" in text:
        verdict = "incorrect"
    elif "1 correct transformations" in text:
        verdict = "correct"
    elif "1 failed-to-prove" in text:
        verdict = "inconclusive"
    else:
        verdict = "error"
    msg = next((ln for ln in text.splitlines() if ln.startswith("ERROR:")), "")
    return {"alive2": verdict, "message": msg}


def run_alive2(rows: list[dict], out: Path, alive_tv: str, sample: int, seed: int) -> None:
    done = {r["id"] for r in load(out)}
    correct = sorted((r for r in rows if r["verdict"] == "correct" and "tgt" in r),
                     key=lambda r: r["id"])
    picked = disagreements(rows) + random.Random(seed).sample(correct, min(sample, len(correct)))
    with out.open("a") as f:
        for r in picked:
            if r["id"] in done:
                continue
            done.add(r["id"])
            res = {"id": r["id"], **alive2_verdict(alive_tv, r["src"], r["tgt"])}
            f.write(json.dumps(res) + "\n")
            f.flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="results (JSON lines, appended)")
    ap.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    ap.add_argument("--no-builtin", action="store_true", help="leave out the built-in corpus")
    ap.add_argument("--per-base", type=int, default=5, help="mutants per base pair")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0, help="only the first N bases")
    ap.add_argument("--with-fp", action="store_true",
                    help="also bases with floating point or vectors (their `correct`s cannot "
                         "be cross-checked: the interpreter has neither)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0, help="check's timeout per query")
    ap.add_argument("--total-timeout", type=float, default=None,
                    help="check's solving budget per candidate (default: 3 x --timeout); "
                    "a smaller one spends less on candidates that time out anyway")
    ap.add_argument("--samples", type=int, default=400, help="interpreter inputs per correct")
    ap.add_argument("--report", action="store_true", help="only summarise --out")
    ap.add_argument("--recheck", action="store_true",
                    help="re-run only the interpreter on the `correct` rows of --out (after "
                         "an interpreter change), appending the new rows")
    ap.add_argument("--alive2", default="", help="alive-tv path: cross-check (development)")
    ap.add_argument("--alive2-sample", type=int, default=200)
    args = ap.parse_args(argv)
    alive_out = args.out.with_suffix(".alive2.jsonl")
    if args.recheck:
        todo = [dict(r, _samples=args.samples, _seed=args.seed) for r in load(args.out)
                if r["verdict"] == "correct" and "tgt" in r]
        run(todo, args.out, args.jobs, hard_timeout=600, task=_recheck)
    elif not args.report:
        if not args.pairs.exists():
            print(f"pairs file {args.pairs} not found (pass --pairs)", file=sys.stderr)
            return 2
        bases = real_bases(args.pairs) + ([] if args.no_builtin else builtin_bases())
        if not args.with_fp:
            bases = [b for b in bases if interpretable(b)]
        # A seeded order, so that a partial run is a fair sample of the whole.
        random.Random(args.seed).shuffle(bases)
        if args.limit:
            bases = bases[:args.limit]
        done = {r["id"] for r in load(args.out)}
        todo = [dict(c, _timeout=args.timeout, _total_timeout=args.total_timeout,
                     _samples=args.samples, _seed=args.seed)
                for c in candidates(bases, args.per_base, args.seed) if c["id"] not in done]
        print(f"{len(todo)} candidates to run ({len(done)} already in {args.out})",
              file=sys.stderr)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        run(todo, args.out, args.jobs, hard_timeout=4 * args.timeout + 3 * INTERP_SECONDS + 60)
    rows = load(args.out)
    if args.alive2:
        run_alive2(rows, alive_out, args.alive2, args.alive2_sample, args.seed)
    alive2 = {r["id"]: r for r in load(alive_out)}
    return report(rows, alive2)


if __name__ == "__main__":
    sys.exit(main())
