"""Instruction count: the instructions of each defined function, from our IR model.

Definition (README.md, "Metrics"): the number of LLVM IR instructions in the defined
functions of a module; declarations have none, and debug records
(``#dbg_value(...)``) are not instructions. This is what LLVM's ``InstCount``
pass reports, which the paper artifact used; `veriopt.metrics.measure` checks
the count against the cost model's, which prices every instruction once.
"""

from __future__ import annotations

from veriopt.llvm.ir import Function, Module


def function_instructions(function: Function) -> int:
    """Instructions in a definition (0 for a declaration); debug records excluded."""
    return sum(len(block.instructions) for block in function.blocks or ())


def instructions_per_function(module: Module) -> dict[str, int]:
    """Instruction count of each defined function, in module order."""
    return {f.name: function_instructions(f) for f in module.definitions}
