"""Estimated latency: LLVM's cost model, summed over the instructions of each function.

Definition (README.md, "Metrics"; the paper's §IV "Estimated Latency"): for every
instruction of every defined function, the cost that
``opt -passes='print<cost-model>' -cost-kind=latency`` prints for the module's
target, summed. With LLVM 19 this reproduces the paper artifact's per-function
numbers (e.g. ``bikoeff``: 32 at -O0, 14 after optimisation).

What opt prints (stderr), one header per defined function and one line per
instruction; a multi-line instruction (``switch``) continues on lines that do
not start with ``Cost Model:``, so only the ``Cost Model:`` lines are read::

    Printing analysis 'Cost Model Analysis' for function 'f':
    Cost Model: Found an estimated cost of 1 for instruction:   %c = add i32 %a, %b
    Cost Model: Invalid cost for instruction:   ...

Some AArch64 latencies, for orientation (LLVM 19, ``generic`` CPU; measured):
``add``, ``sub``, ``mul``, ``shl``, ``xor``, ``icmp``, ``fcmp``, ``select``,
``store``, ``br``, ``ret``, ``unreachable``: 1; ``alloca``, ``getelementptr``,
``zext``/``sext``/``trunc`` that the target folds (e.g. into a load): 0;
``load``: 4; ``sdiv``/``udiv``/``urem``: 4; ``fadd``/``fmul`` double: 3; a call:
1 + its number of arguments (``call i32 @f(i32 %a, i32 %b)``: 3), except calls
the target knows (``sqrt``: 1; intrinsics such as ``llvm.ctpop``: their own cost).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veriopt.errors import ToolchainError, UnsupportedIR
from veriopt.llvm.toolchain import get_toolchain

COST_MODEL_ARGS = ("-passes=print<cost-model>", "-cost-kind=latency")

_HEADER = re.compile(r"^Printing analysis 'Cost Model Analysis' for function '(?P<name>.*)':$")
_COST = re.compile(r"^Cost Model: Found an estimated cost of (?P<cost>\d+) for instruction:"
                   r"(?P<inst>.*)$")
_INVALID = re.compile(r"^Cost Model: Invalid cost for instruction:(?P<inst>.*)$")


@dataclass(frozen=True)
class FunctionCosts:
    """The cost model's view of one defined function."""

    name: str
    latency: int
    instructions: int  # how many instructions the cost model priced


@dataclass(frozen=True)
class CostModelRun:
    """What one opt run gives: the cost report and, when asked, the module as
    LLVM prints it (canonical text, at no extra process)."""

    report: str
    module_text: str | None = None


def run_cost_model(targeted_text: str, *, print_module: bool = False,
                   timeout: float = 60.0) -> CostModelRun:
    """Run opt's cost model on a module that already names its target.

    A non-zero exit (the text does not parse or verify, or opt crashed) raises
    ToolchainError; `veriopt.metrics.measure` turns the former into IRSyntaxError.
    """
    output = ("-S", "-o", "-") if print_module else ("-disable-output",)
    proc = get_toolchain().run("opt", [*COST_MODEL_ARGS, *output, "-"],
                               input_text=targeted_text, timeout=timeout, check=False)
    if proc.returncode != 0:
        first = next((ln for ln in proc.stderr.splitlines() if ln.strip()), "")
        raise ToolchainError(f"opt's cost model failed (exit status {proc.returncode}): "
                             f"{first.strip()}", tool="opt", command=list(proc.args),
                             stderr=proc.stderr)
    return CostModelRun(proc.stderr, proc.stdout if print_module else None)


def parse_cost_report(report: str) -> dict[str, FunctionCosts]:
    """Per-function latency from opt's report, in the module's order.

    An instruction the target cannot price ("Invalid cost") raises UnsupportedIR
    rather than counting as 0: a latency that silently drops instructions would
    reward a candidate for hiding work where the cost model cannot see it.
    """
    costs: dict[str, FunctionCosts] = {}
    name: str | None = None
    latency = count = 0
    for line in report.splitlines():
        if m := _HEADER.match(line):
            if name is not None:
                costs[name] = FunctionCosts(name, latency, count)
            name, latency, count = m["name"], 0, 0
        elif m := _COST.match(line):
            if name is None:
                raise ToolchainError(f"unexpected cost-model output before any function: {line}",
                                     tool="opt", stderr=report)
            latency += int(m["cost"])
            count += 1
        elif m := _INVALID.match(line):
            raise UnsupportedIR("instruction without a latency estimate",
                                f"{name}: {m['inst'].strip()}")
        elif line.startswith("Cost Model:"):
            raise ToolchainError(f"unrecognised cost-model output: {line}", tool="opt",
                                 stderr=report)
    if name is not None:
        costs[name] = FunctionCosts(name, latency, count)
    return costs
