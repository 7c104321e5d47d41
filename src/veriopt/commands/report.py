"""`veriopt report RUN_DIR... --out DIR`: the paper's tables and figures for one or
more evaluation runs (and training curves where a run folder holds train_log.csv)."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "report", help="tables and figures (Markdown + HTML) for evaluation runs",
        description="Render Tables I-III, geomean speedups, the pairwise comparison with "
                    "instcombine, the fallback, and Fig. 4-7 style PNGs for the given run "
                    "folders (from `veriopt eval`, or any folder with an artifact-style "
                    "metrics.json or a train_log.csv). Runs keep the order given: it is the "
                    "x axis of the ablation figure.")
    p.add_argument("runs", nargs="+", metavar="RUN_DIR", help="run folders, in order")
    p.add_argument("--out", required=True, help="folder for REPORT.md, report.html and PNGs")
    p.add_argument("--names", help="comma-separated display names, one per run")
    p.add_argument("--title", default="veriopt evaluation", help="page title")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veriopt.commands import needs_extra

    needs_extra("report", "report", "matplotlib", "numpy")
    from veriopt.evaluate.report import load_runs, write_report

    names = [n.strip() for n in args.names.split(",")] if args.names else None
    runs = load_runs(args.runs, names)
    warning = sample_set_warning([(r.name, {x.id for x in r.results}) for r in runs
                                  if r.results])
    if warning:
        print(f"veriopt report: warning: {warning}", file=sys.stderr)
    page = write_report(runs, args.out, title=args.title)
    print(f"{page.parent / 'REPORT.md'}")
    print(f"{page}")
    return 0


def sample_set_warning(runs: list[tuple[str, set[str]]]) -> str | None:
    """A sentence when the runs were scored on different samples (then their geomeans and
    percentages are not comparable), else None."""
    if len(runs) < 2 or all(ids == runs[0][1] for _, ids in runs[1:]):
        return None
    common = set.intersection(*(ids for _, ids in runs))
    sizes = ", ".join(f"{name}: {len(ids)}" for name, ids in runs)
    return (f"the runs cover different samples ({sizes}; {len(common)} in all of them), so "
            "their numbers are not directly comparable; evaluate them on the same dataset "
            "split (and --limit)")
