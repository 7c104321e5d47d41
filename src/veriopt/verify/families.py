"""The instruction families, in the one order the encoder and the feature gate try them.

Each family owns some instructions (by opcode, by type, or by callee) and gives two
things for them: its feature gate (accept, refuse with a reason, or "not mine") and
its encoding (against `context.EncodingContext`). The encoder (`encoder.py`) and the
gate (`support.py`) both walk `FAMILIES` front to back and stop at the first family
that claims the instruction; what no family claims is the core's: memory
(alloca/load/store/getelementptr), control flow, and calls (`call_routing.py`), which
the encoder and support.py handle directly.

Why one list: the gate must accept exactly what the encoder can encode. Two chains
written separately drift apart (they listed these families in different orders); one
list cannot.

To add a family: a module with ``check(inst, types, checks) -> bool`` and
``execute(enc, inst) -> bool``, and one `Family` row here (docs/verifier.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify import aggregates, fp, fp_instructions, intrinsics, scalar, stack, vectors
from veriopt.verify.context import EncodingContext, GateChecks, TypeDefs

#: A family's gate: True when it accepts ``inst``, False when ``inst`` is not its own;
#: raises `UnsupportedIR` (feature, message) to refuse it.
Gate = Callable[[ir.Instruction, TypeDefs, GateChecks], bool]
#: A family's encoding: True when it encoded ``inst``, False when ``inst`` is not its own.
Encode = Callable[[EncodingContext, ir.Instruction], bool]


@dataclass(frozen=True)
class Family:
    name: str
    gate: Gate
    encode: Encode


def _fp_gate(inst: ir.Instruction, types: TypeDefs, checks: GateChecks) -> bool:
    if not fp_instructions.handles(inst):
        return False
    checks.metadata(inst)
    try:
        operands = fp_instructions.gate(inst)
    except fp.FPUnsupported as e:
        raise UnsupportedIR(e.feature, e.message) from None
    for v, t in operands:
        checks.operand(v, t)
    return True


def _fp_encode(enc: EncodingContext, inst: ir.Instruction) -> bool:
    if not fp_instructions.handles(inst):
        return False
    fp_instructions.execute(enc, inst)
    return True


FAMILIES: tuple[Family, ...] = (
    # integer intrinsics (scalar and per lane): llvm.smax, llvm.ctpop, llvm.assume, ...
    Family("intrinsics", intrinsics.check_call, intrinsics.execute),
    # vector instructions, lane-wise operations and vector reductions
    Family("vectors", vectors.check_instruction, vectors.execute),
    # arrays and structs: extractvalue/insertvalue, and phi/select/load/store/ret of them
    Family("aggregates", aggregates.check_instruction, aggregates.execute),
    # llvm.stacksave / llvm.stackrestore
    Family("stack", stack.check_call, stack.execute),
    # floating point: arithmetic, fcmp, casts, FP intrinsics
    Family("fp", _fp_gate, _fp_encode),
    # scalar integers and pointers: binary operators, icmp, casts, select, freeze, phi
    Family("scalar", scalar.check, scalar.execute),
)


def gate(inst: ir.Instruction, types: TypeDefs, checks: GateChecks) -> bool:
    """The feature gate of the family that owns ``inst``; False when none does."""
    return any(f.gate(inst, types, checks) for f in FAMILIES)


def encode(enc: EncodingContext, inst: ir.Instruction) -> bool:
    """Encode ``inst`` with the family that owns it; False when none does."""
    return any(f.encode(enc, inst) for f in FAMILIES)


__all__ = ["FAMILIES", "Family", "encode", "gate"]
