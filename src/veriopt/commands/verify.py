"""`veriopt verify`: is TGT a refinement of SRC? (Alive2-style report, exit code).

Exit codes: 0 correct, 1 semantic error, 2 syntax error (or unusable input),
3 inconclusive. With ``--batch``, verifies a JSONL file of pairs in parallel.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from veriopt.errors import VeriOptError
from veriopt.llvm.inputs import display_name, read_ir

if TYPE_CHECKING:
    from veriopt.verify.verdict import Verdict

EXIT_CODES = {"correct": 0, "semantic_error": 1, "syntax_error": 2, "inconclusive": 3}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check that a target function refines a source function",
                       description="Check that TGT refines SRC, as Alive2 does. One file: "
                                   "@src and @tgt in it; two files: functions paired by name.")
    p.add_argument("src", nargs="?", help="source .ll or .bc, - for stdin (or one file "
                                          "holding @src and @tgt)")
    p.add_argument("tgt", nargs="?", help="target .ll or .bc (- for stdin)")
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")
    p.add_argument("--timeout", type=float, default=10.0, help="SMT timeout per query (s)")
    p.add_argument("--unroll", type=int, help="loop unroll bound")
    p.add_argument("--batch", metavar="PAIRS.jsonl",
                   help="verify many pairs ({id, src, tgt} per line)")
    p.add_argument("--out", help="batch output JSONL (default: PAIRS.verdicts.jsonl)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="batch worker processes")
    p.add_argument("--cache", help="verdict cache folder (default: ~/.cache/veriopt/verdicts)")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.batch:
        return _batch(args)
    if not args.src:
        raise VeriOptError("give SRC.ll [TGT.ll], or --batch PAIRS.jsonl")
    from veriopt.verify import check

    src = read_ir(args.src)
    tgt = read_ir(args.tgt) if args.tgt else None
    kwargs = {"timeout": args.timeout}
    if args.unroll is not None:
        kwargs["unroll"] = args.unroll
    verdict = name_inputs(check(src, tgt, **kwargs), args.src, args.tgt)
    if args.json:
        from veriopt.verify.batch import verdict_dict

        print(json.dumps(verdict_dict(verdict), indent=2))
    else:
        sys.stdout.write(verdict.report if verdict.report.endswith("\n")
                         else verdict.report + "\n")
    return EXIT_CODES[verdict.category]


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
    from veriopt.verify.batch import VerifyOptions, default_cache_dir, verify_batch

    out = Path(args.out or Path(args.batch).with_suffix(".verdicts.jsonl"))
    cache = None if args.no_cache else Path(args.cache) if args.cache else default_cache_dir()
    counts = verify_batch(args.batch, out, jobs=args.jobs,
                          options=VerifyOptions(timeout=args.timeout, unroll=args.unroll),
                          cache_dir=cache, progress=not args.no_progress)
    summary = ", ".join(f"{k}: {v}" for k, v in counts.items() if v)
    print(f"{out}: {summary or 'nothing to do'}")
    return 0
