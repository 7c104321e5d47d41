"""What encoding one function produces: its inputs (shared by src and tgt), the trace
the report prints, and the `FunctionSummary` the refinement check compares.

Why its own module: the encoder writes these, the refinement check, the report and
the aggregate helpers read them; keeping the plain data below all of them lets each
import it without importing the encoder.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3

from veriopt.llvm import ir
from veriopt.verify.memory import BlockInfo, PointerLayout
from veriopt.verify.state import FALSE, TRUE, Nondeterminism, StateValue


@dataclass(frozen=True)
class InputVar:
    """One argument: its bits, poison flag and whole-value "is undef" flag, shared by
    src and tgt (positionally). ``non_poison``/``is_undef`` are literals when
    ``noundef`` or the disable-flags rule the case out."""

    index: int
    name: str  # as printed in src, e.g. "%x"
    type: ir.Type
    value: z3.BitVecRef
    non_poison: z3.BoolRef
    is_undef: z3.BoolRef
    #: an aggregate (vector, array, struct) argument: one input per scalar element
    #: (`aggregates.aggregate_input`), each with its own poison and undef flags.
    elements: tuple[InputVar, ...] = ()


@dataclass(frozen=True)
class TraceEntry:
    """What the report lists for one executed instruction."""

    kind: str  # "value" | "jump" | "effect"
    label: str  # "%m" / "%then" / "store"
    type: ir.Type | None
    value: StateValue | None
    ub: z3.BoolRef  # this instruction's own UB condition (path-free)


@dataclass(frozen=True)
class TraceBlock:
    name: str
    pc: z3.BoolRef
    entries: tuple[TraceEntry, ...]


@dataclass(frozen=True)
class FunctionSummary:
    side: str
    ub: z3.BoolRef  # some path reaches UB
    ret: StateValue | None  # merged return value (None for void)
    ret_type: ir.Type
    nondet: Nondeterminism
    trace: tuple[TraceBlock, ...]
    approximations: tuple[tuple[str, z3.BoolRef], ...]
    ptr_layout: PointerLayout
    blocks: dict[int, BlockInfo] = field(default_factory=dict)
    #: paths cut by loop unrolling (they reach `unroll.SINK`): never returning,
    #: never UB; the refinement check drops them (VERIFIER.md §7).
    sink: z3.BoolRef = field(default_factory=lambda: FALSE)
    #: paths that end in a call that does not return (no UB): defined, not returning.
    no_return: z3.BoolRef = field(default_factory=lambda: FALSE)
    #: facts about the inputs both sides rely on (where pointers point, addresses).
    assumptions: z3.BoolRef = field(default_factory=lambda: TRUE)
    #: the memory at return (nonlocal_memory.FinalMemory), compared in stage 6.
    final_memory: object | None = None
    #: library calls modelled as unknown calls: counterexamples are "couldn't prove".
    approximated_calls: tuple[str, ...] = ()
    #: tgt executions with a call no src call matches (calls.py): a violation in
    #: every stage (not UB: src must not be able to excuse it by its own choices).
    call_mismatch: z3.BoolRef = field(default_factory=lambda: FALSE)
