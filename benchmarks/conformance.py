"""Agreement with Alive2 on its own test suite (../shared/conformance).

Runs `veriopt.verify.check` on every test of ``manifest.json`` (half of Alive2's
``tests/alive-tv``) and compares with the verdict Alive2 gives today:

* expected ``correct`` agrees with our ``correct``;
* expected ``incorrect`` agrees with our ``semantic_error``;
* our ``inconclusive`` on either is a disagreement, counted apart as "inconclusive";
* our ``correct`` where ``incorrect`` is expected is UNSOUND: printed loudly, and the
  script exits with status 1.

The **target set** is what the issue measures: ``in_subset`` and ``llvm19_parses`` and
``category`` in {correct, incorrect}, with only Alive2 flags we map onto ``check``
(``-src-unroll``/``-tgt-unroll`` -> ``unroll``, ``-disable-undef-input``,
``-disable-poison-input``; ``-quiet`` only changes printing). Tests with other flags
(``-tgt-is-asm``, ``-disallow-ub-exploitation``, ``-dbg`` ...) run in the full set
for information, but their expected verdict belongs to another mode, so they never
count as unsound. Tests without unroll flags run with Alive2's default bound, 0
(``--default-unroll`` changes it); the bound is fixed (``max_unroll=unroll``), as in
Alive2.

Test formats: ``srctgt`` (one file, every ``@srcN``/``@tgtN`` pair; a test is
incorrect when one pair is), ``src+tgt`` (two files, functions paired by name),
``ident`` (the file against itself), ``plain-ll`` (no pair: Alive2 optimises it
itself; we cannot, so it is reported as not run).

    PYTHONPATH=src python3 benchmarks/conformance.py [-j 2] [--timeout 10] [--out FILE]

The markdown section goes to stdout (and to ``--out``); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DEFAULT_ROOT = Path("/work/shared/conformance")
TARGET_CATEGORIES = ("correct", "incorrect")

#: Alive2 flags that only change printing.
PRINT_ONLY_FLAGS = {"-quiet", "--quiet"}


# ---- flags ------------------------------------------------------------------------------


def map_args(args: str, default_unroll: int) -> tuple[dict[str, Any], list[str]]:
    """``check`` keyword arguments for Alive2's TEST-ARGS, and the flags we cannot map.

    ``-src-unroll=N``/``-tgt-unroll=N`` become one ``unroll`` (the larger of the two:
    a larger bound only explores more executions)."""
    kw: dict[str, Any] = {}
    unmapped: list[str] = []
    unroll: list[int] = []
    for tok in args.split():
        m = re.fullmatch(r"--?(src|tgt)-unroll=(\d+)", tok)
        if m:
            unroll.append(int(m.group(2)))
        elif tok in ("-disable-undef-input", "--disable-undef-input"):
            kw["disable_undef_input"] = True
        elif tok in ("-disable-poison-input", "--disable-poison-input"):
            kw["disable_poison_input"] = True
        elif tok in PRINT_ONLY_FLAGS:
            pass
        else:
            unmapped.append(tok)
    kw["unroll"] = max(unroll) if unroll else default_unroll
    kw["max_unroll"] = kw["unroll"]  # Alive2's bound is fixed: no raising when src never returns
    return kw, unmapped


def in_target_set(test: dict[str, Any]) -> bool:
    """The issue's target set: in the -O0/instcombine subset, readable by LLVM 19, a
    definite expected verdict, and only flags we map."""
    _, unmapped = map_args(test.get("args", ""), 0)
    return (bool(test.get("in_subset")) and bool(test.get("llvm19_parses"))
            and test.get("category") in TARGET_CATEGORIES and not unmapped)


# ---- running one test -----------------------------------------------------------------------


def _pairs_in(text: str, filename: str) -> list[str] | None:
    """The ``@srcN`` names of a single-file test (None when it does not parse)."""
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify import function_pairs

    try:
        mod = parse_module(get_toolchain().canonicalize(text, filename=filename))
    except Exception:  # noqa: BLE001 - check() reports the error itself
        return None
    return [s for s, _ in function_pairs(mod)]


def _common_definitions(src: str, tgt: str) -> list[str] | None:
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain

    try:
        tc = get_toolchain()
        a = parse_module(tc.canonicalize(src, filename="<source>"))
        b = parse_module(tc.canonicalize(tgt, filename="<target>"))
    except Exception:  # noqa: BLE001
        return None
    names = {f.name for f in b.definitions}
    return [f.name for f in a.definitions if f.name in names]


def run_test(job: dict[str, Any]) -> dict[str, Any]:
    """Verify every pair of one test; combine into one verdict for the test."""
    from veriopt.verify import check

    root = Path(job["root"])
    test = job["test"]
    kw = dict(job["kwargs"])
    kw["timeout"] = job["timeout"]
    files = [root / f for f in test["local_files"]]
    t0 = time.perf_counter()
    verdicts: list[tuple[str, Any]] = []
    fmt = test["format"]
    if fmt == "plain-ll" or not files:
        return {"path": test["path"], "ours": "not_run", "reason": "no src/tgt pair",
                "pairs": [], "seconds": 0.0, "bounded": False}
    if fmt == "srctgt":
        text = files[0].read_text()
        names = _pairs_in(text, str(files[0])) or [None]
        for name in names:
            verdicts.append((name or "src", check(text, fn_name=name, **kw)))
    elif fmt == "ident":
        text = files[0].read_text()
        names = _common_definitions(text, text) or [None]
        for name in names:
            verdicts.append((name or "?", check(text, text, fn_name=name, **kw)))
    else:  # src+tgt
        src, tgt = files[0].read_text(), files[1].read_text()
        names = _common_definitions(src, tgt)
        if not names:
            names = [None]
        for name in names:
            verdicts.append((name or "?", check(src, tgt, fn_name=name, **kw)))
    ours, reason = combine([(v.category, v.reason) for _, v in verdicts])
    return {"path": test["path"], "ours": ours, "reason": reason,
            "pairs": [(n, v.category, v.reason, round(v.solver_seconds, 3))
                      for n, v in verdicts],
            "bounded": any(v.bounded for _, v in verdicts),
            "seconds": time.perf_counter() - t0}


def combine(results: list[tuple[str, str]]) -> tuple[str, str]:
    """One verdict for a test with several pairs: incorrect if any pair is, correct if
    all are, else the first other verdict (syntax error, inconclusive)."""
    for cat, reason in results:
        if cat == "semantic_error":
            return cat, reason
    if results and all(cat == "correct" for cat, _ in results):
        return "correct", results[0][1]
    for cat, reason in results:
        if cat != "correct":
            return cat, reason
    return "inconclusive", "no pairs"


# ---- comparison -----------------------------------------------------------------------------


def outcome(expected: str, ours: str) -> str:
    """agree / unsound / false_alarm / inconclusive / other."""
    if expected == "correct":
        if ours == "correct":
            return "agree"
        if ours == "semantic_error":
            return "false_alarm"
        return "inconclusive"
    if expected == "incorrect":
        if ours == "semantic_error":
            return "agree"
        if ours == "correct":
            return "unsound"
        return "inconclusive"
    if expected == "unsupported/skip":
        return "agree" if ours in ("inconclusive", "syntax_error", "not_run") else "other"
    return "other"


def _folder(test: dict[str, Any]) -> str:
    return test.get("subdir") or "(top)"


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "n/a"


def report(tests: list[dict[str, Any]], results: dict[str, dict[str, Any]],
           args: argparse.Namespace, wall: float) -> tuple[str, int]:
    lines: list[str] = []
    out = lines.append
    rows = []
    for t in tests:
        r = results[t["path"]]
        _, unmapped = map_args(t.get("args", ""), args.default_unroll)
        rows.append({**r, "test": t, "expected": t["category"], "target": in_target_set(t),
                     "mode_differs": bool(unmapped),
                     "outcome": outcome(t["category"], r["ours"])})
    target = [r for r in rows if r["target"]]
    no_args = [r for r in target if not r["test"].get("args")]
    out("## Alive2 conformance (shared/conformance)\n")
    out(f"- tests: {len(rows)}; target set (in_subset, LLVM 19 parses, correct/incorrect, "
        f"mappable flags): {len(target)}; wall {wall:.1f} s with {args.jobs} job(s); "
        f"timeout {args.timeout:g} s per query; unroll: the test's -src/-tgt-unroll, "
        f"else {args.default_unroll}")
    for title, subset in (("target set", target), ("target set without flags", no_args)):
        c = Counter(r["outcome"] for r in subset)
        out(f"- **{title}**: agreement {c['agree']}/{len(subset)} = "
            f"{_pct(c['agree'], len(subset))}; inconclusive {c['inconclusive']}, "
            f"false alarms {c['false_alarm']}, UNSOUND {c['unsound']}")
    secs = [r["seconds"] for r in target]
    if secs:
        out(f"- seconds per target test: median {statistics.median(secs):.3f}, "
            f"p95 {sorted(secs)[min(len(secs) - 1, round(0.95 * (len(secs) - 1)))]:.3f}, "
            f"max {max(secs):.3f}")
    by_exp = Counter((r["expected"], r["ours"]) for r in target)
    out("\n### Target set: expected vs ours\n")
    out("| expected | ours | tests |\n|---|---|---|")
    for (e, o), k in sorted(by_exp.items()):
        out(f"| {e} | {o} | {k} |")

    unsound = [r for r in rows if r["outcome"] == "unsound" and not r["mode_differs"]]
    if unsound:
        out("\n### !!! UNSOUND: we say correct, Alive2's expected verdict is incorrect !!!\n")
        for r in unsound:
            out(f"- **{r['path']}** (expected: {r['test'].get('detail') or 'incorrect'}; "
                f"pairs: {r['pairs']})")

    out("\n### Target set per folder\n")
    out("| folder | tests | agree | % | inconclusive | false alarm | unsound |")
    out("|---|---|---|---|---|---|---|")
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for r in target:
        per[_folder(r["test"])][r["outcome"]] += 1
    for folder in sorted(per):
        c = per[folder]
        n = sum(c.values())
        out(f"| {folder} | {n} | {c['agree']} | {_pct(c['agree'], n)} | {c['inconclusive']} "
            f"| {c['false_alarm']} | {c['unsound']} |")

    out("\n### Full set\n")
    full = Counter((r["expected"], r["outcome"]) for r in rows)
    out("| expected | outcome | tests |\n|---|---|---|")
    for (e, o), k in sorted(full.items()):
        out(f"| {e} | {o} | {k} |")
    c_all = Counter(r["outcome"] for r in rows)
    out(f"\n- all {len(rows)} tests: agree {c_all['agree']} ({_pct(c_all['agree'], len(rows))}); "
        f"tests run under flags we do not model: {sum(r['mode_differs'] for r in rows)} "
        f"(never counted as unsound)")

    out("\n### Target-set disagreements by reason\n")
    reasons = Counter((r["outcome"], r["reason"] or r["ours"]) for r in target
                      if r["outcome"] != "agree")
    for (o, reason), k in sorted(reasons.items(), key=lambda x: (-x[1], x[0])):
        out(f"- {o} `{reason}`: {k}")
    out("\n### Every target-set disagreement\n")
    for r in sorted(target, key=lambda r: (r["outcome"], r["path"])):
        if r["outcome"] == "agree":
            continue
        exp = r["test"].get("detail") or r["expected"]
        out(f"- {r['path']} [{r['test'].get('args', '')}]: expected {r['expected']} "
            f"({exp}); ours {r['ours']} `{r['reason']}` ({r['seconds']:.2f} s)")
    return "\n".join(lines) + "\n", (1 if unsound else 0)


# ---- driver -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10.0, help="per SMT query (check's timeout)")
    ap.add_argument("--hard-timeout", type=float, default=0.0,
                    help="wall-clock limit per test (default: 6 x timeout + 30 s)")
    ap.add_argument("--default-unroll", type=int, default=0,
                    help="unroll bound for tests without -src/-tgt-unroll (Alive2's default: 0)")
    ap.add_argument("--only", default="", help="run only tests whose path contains this")
    ap.add_argument("--target-only", action="store_true", help="run only the target set")
    ap.add_argument("--out", type=Path, help="also write the markdown section here")
    ap.add_argument("--json", type=Path, help="write per-test results as JSON lines here")
    args = ap.parse_args(argv)
    manifest = args.root / "manifest.json"
    if not manifest.exists():
        print(f"{manifest} not found", file=sys.stderr)
        return 2
    tests = json.loads(manifest.read_text())["tests"]
    if args.only:
        tests = [t for t in tests if args.only in t["path"]]
    if args.target_only:
        tests = [t for t in tests if in_target_set(t)]
    jobs = []
    for t in tests:
        kw, _ = map_args(t.get("args", ""), args.default_unroll)
        jobs.append({"root": str(args.root), "test": t, "kwargs": kw, "timeout": args.timeout})
    hard = args.hard_timeout or (6 * args.timeout + 30)
    results: dict[str, dict[str, Any]] = {}
    t0 = time.perf_counter()
    import veriopt.verify.warm  # noqa: F401 - each task forks from this warm state
    from veriopt.workers import KillablePool, TaskCrashed, TaskTimeout

    with KillablePool(run_test, args.jobs, hard_timeout=hard, start_method="fork",
                      fresh_per_task=True) as pool:
        for done, (i, res) in enumerate(pool.imap_unordered(jobs), 1):
            path = jobs[i]["test"]["path"]
            if isinstance(res, TaskTimeout):
                res = {"path": path, "ours": "inconclusive", "reason": "hard_timeout",
                       "pairs": [], "seconds": res.seconds, "bounded": False}
            elif isinstance(res, TaskCrashed):
                first = res.error.splitlines()[0] if res.error else "crash"
                res = {"path": path, "ours": "inconclusive", "reason": f"crash:{first}",
                       "pairs": [], "seconds": 0.0, "bounded": False}
            results[path] = res
            print(f"[{done}/{len(jobs)}] {path}: {res['ours']} {res['reason']} "
                  f"({res['seconds']:.1f} s)", file=sys.stderr)
    wall = time.perf_counter() - t0
    text, status = report(tests, results, args, wall)
    print(text)
    if args.out:
        args.out.write_text(text)
    if args.json:
        with args.json.open("w") as f:
            for t in tests:
                f.write(json.dumps({**results[t["path"]], "expected": t["category"],
                                    "target": in_target_set(t)}) + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
