"""`veriopt metrics FILE.ll...`: latency, instruction count and binary size per function.

Prints one table per file (a row per defined function, then the module total)
or, with ``--json``, one JSON list with an object per file. A file LLVM rejects
gets one error line on stderr and the exit status 1; the other files are still
measured.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veriopt.errors import VeriOptError
from veriopt.llvm.inputs import STDIO, display_name, is_bitcode, read_ir
from veriopt.metrics import ModuleMetrics, measure, measure_many


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("metrics", help="estimated latency, instruction count and binary size "
                                       "of LLVM IR files",
                       description="Measure LLVM IR modules as the paper does: cost-model "
                                   "latency, IR instruction count, and text+data of the "
                                   "llc -O0 object file, all for the module's own target "
                                   "triple (AArch64, the paper's target, when the module "
                                   "names none). Each table names the triple it used.")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="IR files, text (.ll) or bitcode (.bc); '-' reads stdin")
    p.add_argument("--json", action="store_true", help="print JSON instead of tables")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help="parallel processes (default: number of CPUs)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per LLVM tool run")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    names, results = _measure_all(args.files, args.jobs, args.timeout)
    failed = 0
    for name, result in zip(names, results, strict=True):
        if isinstance(result, VeriOptError):
            failed += 1
            print(f"veriopt: error: {_one_line(result, name)}", file=sys.stderr)
    if args.json:
        entries = [_json_entry(n, r) for n, r in zip(names, results, strict=True)]
        print(json.dumps(entries, indent=2))
    else:
        tables = [format_table(n, r) for n, r in zip(names, results, strict=True)
                  if isinstance(r, ModuleMetrics)]
        if tables:
            print("\n\n".join(tables))
    return 1 if failed else 0


def _measure_all(files: list[str], jobs: int | None, timeout: float,
                 ) -> tuple[list[str], list[ModuleMetrics | VeriOptError]]:
    names: list[str] = []
    results: list[ModuleMetrics | VeriOptError | None] = []
    paths: list[tuple[int, Path]] = []
    for f in files:
        names.append(display_name(f))
        if f == STDIO or _is_bitcode_file(f):
            results.append(_measure_read(f, timeout))
        else:
            results.append(None)
            paths.append((len(results) - 1, Path(f)))
    measured = measure_many([p for _, p in paths], jobs=jobs if len(paths) > 1 else 1,
                            timeout=timeout, progress=len(paths) > 1)
    for (i, _), r in zip(paths, measured, strict=True):
        results[i] = r
    return names, results  # type: ignore[return-value]  # all slots filled


def _is_bitcode_file(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return is_bitcode(f.read(4))
    except OSError:
        return False  # measure_many reports the unreadable file in its place


def _measure_read(path: str, timeout: float) -> ModuleMetrics | VeriOptError:
    """stdin or bitcode: read (disassemble) here, measure in this process."""
    try:
        return measure(read_ir(path, timeout=timeout), timeout=timeout,
                       filename=display_name(path))
    except VeriOptError as e:
        return e


def format_table(name: str, m: ModuleMetrics) -> str:
    """A fixed-width table: one row per defined function, then the module total."""
    rows = [(f"@{f.name}", str(f.latency), str(f.instructions),
             "-" if f.size is None else str(f.size)) for f in m.functions.values()]
    rows.append(("total", str(m.latency), str(m.instructions), str(m.size)))
    head = ("function", "latency", "instructions", "size")
    width = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]

    def line(r: tuple[str, ...]) -> str:
        return "  ".join([r[0].ljust(width[0])] + [r[i].rjust(width[i]) for i in (1, 2, 3)])

    target = m.triple + ("; the module names no target triple: AArch64 assumed"
                         if m.triple_was_default else "")
    return "\n".join([f"{name}  [{target}]", line(head), *map(line, rows)])


def _json_entry(name: str, r: ModuleMetrics | VeriOptError) -> dict:
    if isinstance(r, VeriOptError):
        return {"file": name, "error": _one_line(r, name)}
    return {"file": name, **r.to_dict()}


def _one_line(e: VeriOptError, name: str) -> str:
    text = (str(e).strip().splitlines() or [type(e).__name__])[0]
    return text if name in text else f"{name}: {text}"
