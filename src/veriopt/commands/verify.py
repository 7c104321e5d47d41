"""`veriopt verify`: is TGT a refinement of SRC? (Alive2-style report, exit code).

As alive-tv: one file checks every ``@src``/``@tgt`` (``@srcN``/``@tgtN``,
``@src_X``/``@tgt_X``) pair in it; two files check every function defined in both,
paired by name (functions in one file only are named on stderr and not checked).
Each function's report is printed as alive-tv prints it, then one summary and the
kinds of the proofs (full, bounded, vacuous: docs/proofs.md); ``--json`` prints a
list with one verdict object per function (``"function"`` names it).

Exit codes, for the worst verdict (semantic error, then syntax error, then
inconclusive): 0 correct, 1 semantic error, 2 syntax error (or unusable input),
3 inconclusive; a fault of the LLVM toolchain is one error line and exit 3. With
``--batch``, verifies a JSONL file of pairs in parallel.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veriopt.errors import ToolchainError, VeriOptError
from veriopt.llvm.inputs import display_name, read_ir

if TYPE_CHECKING:
    from veriopt.verify.verdict import Verdict

EXIT_CODES = {"correct": 0, "semantic_error": 1, "syntax_error": 2, "inconclusive": 3}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check that a target function refines a source function",
                       description="Check that TGT refines SRC, as Alive2 does. One file: "
                                   "its @src/@tgt pairs; two files: every function defined "
                                   "in both, paired by name.")
    p.add_argument("src", nargs="?", help="source .ll or .bc, - for stdin (or one file "
                                          "holding @src and @tgt)")
    p.add_argument("tgt", nargs="?", help="target .ll or .bc (- for stdin)")
    p.add_argument("--json", action="store_true",
                   help="print the verdicts as a JSON list, one object per function")
    p.add_argument("--config", help="a veriopt YAML config whose verify: section sets the "
                                     "verifier's options (the flags below override it)")
    p.add_argument("--timeout", type=float, help="SMT timeout per query (s, default 10)")
    p.add_argument("--total-timeout", type=float,
                   help="seconds for a whole check of one function (default: 3 x --timeout)")
    p.add_argument("--unroll", type=int, help="loop unroll bound")
    p.add_argument("--batch", metavar="PAIRS.jsonl",
                   help="verify many pairs ({id, src, tgt} per line)")
    p.add_argument("--out", help="batch output JSONL (default: PAIRS.verdicts.jsonl)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="batch worker processes")
    p.add_argument("--cache", help="verdict cache folder (default: ~/.cache/veriopt/verdicts)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=run)


def _options(args: argparse.Namespace):  # -> VerifyOptions (imported lazily)
    from veriopt.config import load_config
    from veriopt.verify.options import VerifyOptions

    return load_config(VerifyOptions, args.config, section="verify", overrides={
        "timeout": args.timeout, "unroll": args.unroll, "total_timeout": args.total_timeout})


def run(args: argparse.Namespace) -> int:
    if args.batch:
        return _batch(args)
    if not args.src:
        raise VeriOptError("give SRC.ll [TGT.ll], or --batch PAIRS.jsonl")
    from veriopt.verify.report import combined_report, proof_summary

    src = read_ir(args.src)
    tgt = read_ir(args.tgt) if args.tgt else None
    results = _check_in_worker(src, tgt, _options(args))
    results = results.map(lambda v: name_inputs(v, args.src, args.tgt))
    for fv in results:
        if fv.verdict.reason.startswith("toolchain:"):
            raise ToolchainError(fv.verdict.message, tool=fv.verdict.reason.split(":", 1)[1])
    for name in results.src_only:
        print(f"veriopt: note: @{name} is defined in {display_name(args.src)} only: not "
              "checked", file=sys.stderr)
    for name in results.tgt_only:
        print(f"veriopt: note: @{name} is defined in {display_name(args.tgt)} only: ignored",
              file=sys.stderr)
    verdicts = [fv.verdict for fv in results]
    if args.json:
        print(json.dumps(results.to_json(), indent=2))
    else:
        text = verdicts[0].report if len(verdicts) == 1 else \
            combined_report(v.report for v in verdicts)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.write(proof_summary(verdicts))
    return EXIT_CODES[results.category]


#: Seconds a check may run past its deadline before its worker process is killed.
HARD_GRACE = 5.0


def _check_task(task: tuple[str, str | None, Any]) -> Any:
    from veriopt.verify import check_functions

    src, tgt, options = task
    return check_functions(src, tgt, options=options)


def _check_in_worker(src: str, tgt: str | None, options: Any) -> Any:
    """`check_functions` in a worker process killed once the deadlines of all the
    functions (and `HARD_GRACE`) have passed: inside a check the deadline is kept
    between steps, but one native z3 call cannot be interrupted (docs/proofs.md)."""
    from veriopt.verify import FunctionVerdict, FunctionVerdicts, Verdict
    from veriopt.verify.report import failed_report
    from veriopt.verify.verdict import TIMEOUT_WALL
    from veriopt.workers import KillablePool, TaskCrashed, TaskTimeout

    functions = max(1, src.count("define "))  # at least as many as the pairs to check
    hard = options.wall_seconds() * functions + HARD_GRACE
    with KillablePool(_check_task, 1, hard_timeout=hard, start_method="fork") as pool:
        ((_, result),) = list(pool.imap_unordered([(src, tgt, options)]))
    if isinstance(result, TaskTimeout):
        message = f"Timeout: the check ran past its deadline and was stopped after {hard:g} s"
        return FunctionVerdicts((FunctionVerdict(None, Verdict(
            "inconclusive", TIMEOUT_WALL, message, report=failed_report("", "", [message]))),))
    if isinstance(result, TaskCrashed):
        message = f"Internal error: the verifier's process died ({result.error.splitlines()[0]})"
        reason = result.reason if result.kind == "memory" else "internal_error:crash"
        return FunctionVerdicts((FunctionVerdict(None, Verdict(
            "inconclusive", reason, message,
            report=failed_report("", "", [message], alive_error=True))),))
    return result


def name_inputs(verdict: Verdict, src: str, tgt: str | None) -> Verdict:
    """The verdict with the verifier's placeholders for its inputs (``<input>``,
    ``<source>``, ``<target>``) replaced by the user's file names, so that a syntax
    error points at the file to fix."""
    names = {"<input>": display_name(src), "<source>": display_name(src)}
    if tgt is not None:
        names["<target>"] = display_name(tgt)

    def named(text: str) -> str:
        for placeholder, name in names.items():
            text = text.replace(placeholder, name)
        return text

    return dataclasses.replace(verdict, reason=named(verdict.reason),
                               message=named(verdict.message), report=named(verdict.report))


def _batch(args: argparse.Namespace) -> int:
    from veriopt.verify.batch import default_cache_dir, verify_batch

    out = Path(args.out or Path(args.batch).with_suffix(".verdicts.jsonl"))
    cache = None if args.no_cache else Path(args.cache) if args.cache else default_cache_dir()
    counts = verify_batch(args.batch, out, jobs=args.jobs, options=_options(args),
                          cache_dir=cache, progress=not args.no_progress)
    summary = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
    print(f"{out}: {summary or 'nothing to do'}")
    return 0
