"""The seams between the encoder, the gate and the instruction families: the encoding
context (what a family's encoding may use of the encoder) and the gate checks (what a
family's feature gate may use of support.py).

Why a protocol: each family (aggregates.py, vectors.py, intrinsics.py, stack.py,
fp_instructions.py, the call families) encodes its instructions against this seam
instead of the encoder's class, so the families sit below the encoder in the import
graph (tests/test_import_cycles.py) and a reader sees in one place everything a
family can do: read operands, define results, raise UB, record the trace, touch
memory. `encoder.FunctionEncoder` is the one implementation.

The three things an instruction produces are kept apart, as in LangRef: its value
(`define`), the poison in it (a `StateValue`'s ``non_poison``) and its undefined
behaviour (`add_ub`, always under the current path condition).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import z3

from veriopt.llvm import ir
from veriopt.llvm.layout import DataLayout
from veriopt.verify.memory import Memory, PointerLayout, Write
from veriopt.verify.state import Nondeterminism, StateValue
from veriopt.verify.summary import InputVar, TraceEntry

#: The result of a memory access: the pointer's value, its block id and offset, the
#: blocks it may point to, and the access's UB condition (already added).
Access = tuple[StateValue, z3.BitVecRef, z3.BitVecRef, frozenset[int], z3.BoolRef]


class EncodingContext(Protocol):
    """One side (src or tgt) of a pair being encoded, at the current instruction."""

    # -- what is being encoded ------------------------------------------------------------
    module: ir.Module
    fn: ir.Function
    side: str  # "src" | "tgt"
    inputs: tuple[InputVar, ...]
    dl: DataLayout
    types: dict[str, ir.StructType | None]
    nd: Nondeterminism  # fresh undef / nondeterministic choices of this side
    ptr: PointerLayout
    mem: Memory

    # -- where execution is ---------------------------------------------------------------
    block: str  # the current block
    inst_index: int  # the current instruction's position in it
    cur_pc: z3.BoolRef  # its path condition
    pc: dict[str, z3.BoolRef]  # each block's path condition
    edges: dict[tuple[str, str], z3.BoolRef]  # (from, to) -> taken
    anc: dict[str, set[str]]  # the blocks that may run before each block
    dom: dict[str, set[str]]  # each block's dominators

    # -- the values defined so far ----------------------------------------------------------
    values: dict[str, StateValue]  # SSA name -> value (aggregates: AggregateValue)
    alias: dict[str, frozenset[int]]  # SSA pointer name -> the blocks it may point to
    used: set[str]  # names read once already (later reads refresh their undef)
    entries: list[TraceEntry]  # the current block's trace (the report)
    rets: list[tuple[z3.BoolRef, StateValue | None]]  # (path condition, returned value)
    ub_terms: list[z3.BoolRef]  # the UB conditions so far (each under its path)
    approx: list[tuple[str, z3.BoolRef]]  # approximations: a counterexample is "couldn't prove"
    alloca_points: dict[int, tuple[str, int]]  # local block id -> (block, index) of its alloca
    address_blocks: set[int]  # blocks whose address is observed
    temp_ids: Iterator[int]  # numbers of internal temporaries (deterministic per encoder)
    family_state: dict[str, Any]  # each family's own bookkeeping, by family name

    # -- operands ---------------------------------------------------------------------------
    def operand(self, v: ir.Value, t: ir.Type) -> StateValue:
        """The value of an operand at this use (undef refreshed after the first use)."""
        ...

    def alias_of(self, v: ir.Value) -> frozenset[int]:
        """The blocks pointer ``v`` may point to."""
        ...

    def bit_width(self, t: ir.Type) -> int:
        """Bits of a scalar value of type ``t`` (a pointer: the pointer layout's)."""
        ...

    # -- results, UB and the trace ------------------------------------------------------------
    def define(self, name: str, t: ir.Type, sv: StateValue, ub: z3.BoolRef = ...) -> None:
        """Bind SSA ``name`` to ``sv`` and list it in the trace (with its own UB)."""
        ...

    def add_ub(self, cond: z3.BoolRef) -> z3.BoolRef:
        """Executing the current instruction with ``cond`` is UB (under the path)."""
        ...

    def ub_unless_defined(self, sv: StateValue) -> z3.BoolRef:
        """The condition "``sv`` is poison or may be undef" (branch conditions, divisors,
        dereferenced pointers, noundef values): UB where used as such."""
        ...

    def ub_if_undef(self, sv: StateValue) -> z3.BoolRef:
        """The condition "``sv`` may change with its undef choices"."""
        ...

    def record(self, kind: str, label: str, t: ir.Type | None, sv: StateValue | None,
               ub: z3.BoolRef = ...) -> None:
        """List an effect (a store, a call) or a jump in the trace."""
        ...

    def execute_instruction(self, inst: ir.Instruction) -> None:
        """Encode ``inst`` (a family lowering one instruction into simpler ones)."""
        ...

    # -- memory ------------------------------------------------------------------------------
    def access(self, pointer: ir.TypedValue, nbytes: int, align: int, write: bool = False
               ) -> Access:
        """Access ``nbytes`` at ``pointer``: its UB (not dereferenceable, misaligned,
        excluded by the function's memory attributes) is added."""
        ...

    def write_visible(self, w: Write) -> z3.BoolRef | None:
        """When a write is visible here (None: never)."""
        ...

    def all_blocks(self) -> frozenset[int]:
        ...

    def alive_now(self, bid: int) -> z3.BoolRef:
        ...

    def write_guard(self, hit: z3.BoolRef) -> z3.BoolRef:
        ...

    def local_bid(self, name: str) -> int:
        ...

    def address_of(self, value: z3.BitVecRef, alias: frozenset[int]) -> z3.BitVecRef:
        ...

    def compare_pointers(self, predicate: str, a: StateValue, a_alias: frozenset[int],
                         b: StateValue, b_alias: frozenset[int]) -> z3.BoolRef:
        ...

    def pointer_to_int(self, value: z3.BitVecRef, alias: frozenset[int]) -> z3.BitVecRef:
        """A pointer's address as an integer (``ptrtoint``; the address is observed)."""
        ...


#: Named struct bodies of a module (``%T = type {...}``; None: opaque).
TypeDefs = dict[str, ir.StructType | None]


@dataclass(frozen=True)
class GateChecks:
    """The scalar checks of `support.py`, passed to each family's gate:
    ``instruction(inst, types)``, ``value_type(t)``, ``operand(v, t)`` and
    ``metadata(inst)`` each raise support's refusal for what they do not accept."""

    instruction: Callable[[ir.Instruction, TypeDefs], None]
    value_type: Callable[..., None]
    operand: Callable[[ir.Value, ir.Type], None]
    metadata: Callable[[ir.Instruction], None]


__all__ = ["Access", "EncodingContext", "GateChecks", "TypeDefs"]
