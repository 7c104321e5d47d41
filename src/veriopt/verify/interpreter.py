"""A concrete interpreter for LLVM IR functions: one input in, one behaviour out.

Why: refuting a candidate on a few hundred concrete inputs is far cheaper than an SMT
query, and an interpreter written independently from the symbolic semantics is the
oracle of the verifier's differential test (two readings of the LangRef that must agree).
IR is never executed natively; every instruction is given its meaning here, from the
LangRef and the Alive2 choices recorded in ``VERIFIER.md`` §4-§5:

* integers of any width are Python ints holding the unsigned bit pattern; ``POISON`` is a
  separate marker; undefined behaviour ends the run (``Outcome.kind == "ub"``);
* pointers are ``Pointer(block, offset)`` into a byte memory with per-byte poison; every
  block also has a concrete base address so that address compares and ``ptrtoint`` work;
* loads of never-written stack bytes are poison (Alive2, not old LangRef ``undef``);
* every use of ``undef`` and every ``freeze`` of poison picks a value through the
  ``undef_choice`` policy and marks the run ``nondeterministic`` (a caller comparing two
  functions must not trust a single choice made on the source side); an argument may be
  `UNDEF` too;
* an integer load of pointer bytes is poison (Alive2 v19); ``malloc``/``calloc``/``free``
  and ``strlen`` have their C meaning; a call to any other function is answered by a
  `CallModel` (concrete_calls.py: one legal callee per input) and recorded as a
  `CallEvent`, and a call that does not return ends the run (``kind == "exit"``).

A function is first compiled to closures (one per instruction, cached), so that running
it again costs a few microseconds per instruction. Constructs that are not modelled raise
``UnsupportedIR`` while compiling; a construct only reachable on some paths (``inttoptr``,
an unknown call without a call model) ends that run with ``Outcome.kind ==
"unsupported"``. A rule the interpreter does not model is never guessed: it says
nothing about that run rather than something wrong.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Union

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify.libfacts import LIBRARY_MODELS

# --------------------------------------------------------------------------
# Concrete values
# --------------------------------------------------------------------------


class _Poison:
    """The poison marker: a value that taints what it flows into (LangRef "Poison Values")."""

    _instance: _Poison | None = None

    def __new__(cls) -> _Poison:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "poison"

    def __reduce__(self) -> str:
        return "POISON"


POISON = _Poison()


class _Undef:
    """An undef *argument*: every run picks its value (as for an ``undef`` operand,
    one choice per run; the refuter retries other choices on the source side)."""

    def __repr__(self) -> str:
        return "undef"

    def __reduce__(self) -> str:
        return "UNDEF"


UNDEF = _Undef()


@dataclass(frozen=True)
class Pointer:
    """A logical pointer: a block id (0 is the null block) and a signed 64-bit offset."""

    block: int
    offset: int = 0

    def __repr__(self) -> str:
        return "null" if self.block == 0 and self.offset == 0 else \
            f"pointer(block={self.block}, offset={self.offset})"


NULL = Pointer(0, 0)


@dataclass(frozen=True)
class PointerByte:
    """Byte ``index`` (0..7, little-endian) of a stored pointer; reassembled on load."""

    pointer: Pointer
    index: int


#: A run-time value: an unsigned int, ``POISON``, a ``Pointer``, or a tuple (struct/array).
ConcreteValue = Union[int, _Poison, Pointer, tuple]
#: A memory byte: 0..255, ``POISON``, or one byte of a stored pointer.
Byte = Union[int, _Poison, PointerByte]

# --------------------------------------------------------------------------
# Outcome
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What one run did.

    ``kind``: ``"return"`` (``value`` is the returned value, ``None`` for void), ``"ub"``
    (``reason`` says which rule), ``"exit"`` (a call did not return: the program ended
    there; ``value`` is that call's `CallEvent`), ``"step_limit"`` (the run was cut;
    loops), or ``"unsupported"`` (``reason`` names the construct met on this path).
    ``trace`` lists (instruction result, value) in execution order, for counterexamples.
    ``memory`` holds the final bytes of each non-local block the run wrote (globals by
    ``@name``, argument blocks by ``%param``), for the final-memory comparison.
    ``nondeterministic`` is true when an undef use, a freeze of poison or an address
    observation picked one of several allowed values on this path.
    """

    kind: str
    value: ConcreteValue | None = None
    reason: str | None = None
    trace: tuple[tuple[str, ConcreteValue], ...] = ()
    memory: Mapping[str, tuple[Byte, ...]] = field(default_factory=dict)
    nondeterministic: bool = False
    steps: int = 0
    #: (kind, size) of every block, indexed by block id, so that returned pointers can be
    #: compared across runs (local blocks by size and offset, non-local ones by identity).
    blocks: tuple[tuple[str, int], ...] = ()
    #: The calls to unknown functions this run made, in order (see `CallLog`).
    events: tuple[CallEvent, ...] = ()
    #: Non-local blocks (by name) that are dead at the end (freed by a callee).
    dead: frozenset[str] = frozenset()
    #: The most times one basic block was entered: a loop header entered n times ran
    #: n - 1 iterations (tells whether a counterexample lies within an unroll bound).
    max_visits: int = 0


@dataclass(frozen=True)
class CallEvent:
    """One call to an unknown function, as the callee saw it (its inputs).

    ``key`` is what the callee's outputs depend on: its name, how many earlier calls
    to it this run made (only for a callee with state, i.e. one that may write), and
    the arguments in canonical form (`canonical_value`). ``memory`` is the memory the
    callee may read, in canonical bytes: ``(label, bytes)`` pairs (``arg<i>`` for the
    block of pointer argument ``i``, ``@global``/``%param`` for non-local blocks
    written so far). ``will_return``: the callee promises to return; a call that may
    not return is one of the program's observable behaviours.
    """

    key: tuple
    memory: tuple[tuple[str, tuple], ...]
    will_return: bool

    @property
    def callee(self) -> str:
        return self.key[0]


class RunCut(Exception):
    """Raised by a call model to end a run that says nothing (as the step limit does)."""


class ProgramExit(Exception):
    """Raised by a call model when the callee does not return: the run ends there."""

    def __init__(self, event: CallEvent) -> None:
        super().__init__(event.callee)
        self.event = event


@dataclass
class CallLog:
    """The calls one run made: the events, and per callee how many so far."""

    events: list[CallEvent] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    nondet: bool = False

    def ordinal(self, callee: str) -> int:
        k = self.counts.get(callee, 0)
        self.counts[callee] = k + 1
        return k


@dataclass(frozen=True)
class UnknownCall:
    """A call site of a function the interpreter does not know (declared, or defined
    but opaque as in Alive2): what its attributes let the callee do."""

    callee: str
    arg_types: tuple[ir.Type, ...]
    arg_attrs: tuple[tuple[str, ...], ...]
    return_type: ir.Type
    ret_attrs: tuple[str, ...]
    reads_args: bool
    writes_args: bool
    reads_other: bool
    writes_other: bool
    has_state: bool  # may write anything (its own hidden state included)
    may_free: bool
    will_return: bool
    no_return: bool


class CallModel:
    """What unknown functions do on one input (`concrete_calls.CallWorld`): the same
    object is given to the src and the tgt run, so both call the same functions."""

    def call(self, memory: Memory, log: CallLog, site: UnknownCall,
             args: Sequence[ConcreteValue]) -> ConcreteValue | None:
        raise NotImplementedError


class _UndefinedBehavior(Exception):
    """Raised inside a run to end it with ``Outcome(kind="ub")``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --------------------------------------------------------------------------
# Integer arithmetic helpers (values are unsigned bit patterns of width w)
# --------------------------------------------------------------------------


def mask(w: int) -> int:
    return (1 << w) - 1


def to_signed(v: int, w: int) -> int:
    return v - (1 << w) if v >> (w - 1) else v


def to_unsigned(v: int, w: int) -> int:
    return v & ((1 << w) - 1)


def _fits_signed(v: int, w: int) -> bool:
    return -(1 << (w - 1)) <= v < (1 << (w - 1))


def _int_min(w: int) -> int:
    return 1 << (w - 1)


def _sdiv(a: int, b: int, w: int) -> int:
    """Signed division truncating toward zero (LangRef ``sdiv``), as a bit pattern."""
    sa, sb = to_signed(a, w), to_signed(b, w)
    q = abs(sa) // abs(sb)
    return q if (sa < 0) == (sb < 0) else -q


def _srem(a: int, b: int, w: int) -> int:
    """Signed remainder with the dividend's sign (LangRef ``srem``)."""
    sa, sb = to_signed(a, w), to_signed(b, w)
    r = abs(sa) % abs(sb)
    return -r if sa < 0 else r


def _signed_div_ub(a: int | _Poison, b: int, w: int) -> str | None:
    if b == 0:
        return "division by zero"
    # A poison dividend may be INT_MIN: dividing it by -1 may overflow, so it is UB too.
    if b == mask(w) and (a is POISON or a == _int_min(w)):
        return "signed division overflow (INT_MIN / -1)"
    return None


def _unsigned_div_ub(a: int | _Poison, b: int, w: int) -> str | None:
    return "division by zero" if b == 0 else None


# --------------------------------------------------------------------------
# Semantics tables (LangRef, "Instruction Reference")
# --------------------------------------------------------------------------

IntFn = Callable[[int, int, int], int]
IntPred = Callable[[int, int, int], bool]


@dataclass(frozen=True)
class BinaryRule:
    """One integer binary opcode: its value, the condition that makes it always poison,
    the condition under which each flag makes it poison, and when it is UB."""

    value: IntFn
    poison_flags: Mapping[str, IntPred] = field(default_factory=dict)
    always_poison: IntPred | None = None
    ub: Callable[[int | _Poison, int, int], str | None] | None = None


def _shift_too_large(a: int, b: int, w: int) -> bool:
    return b >= w


def _low_bits_lost(a: int, b: int, w: int) -> bool:
    return a & mask(b) != 0


BINARY: dict[str, BinaryRule] = {
    # add/sub/mul: nsw = signed overflow, nuw = unsigned overflow.
    "add": BinaryRule(lambda a, b, w: a + b, {
        "nsw": lambda a, b, w: not _fits_signed(to_signed(a, w) + to_signed(b, w), w),
        "nuw": lambda a, b, w: a + b > mask(w)}),
    "sub": BinaryRule(lambda a, b, w: a - b, {
        "nsw": lambda a, b, w: not _fits_signed(to_signed(a, w) - to_signed(b, w), w),
        "nuw": lambda a, b, w: a < b}),
    "mul": BinaryRule(lambda a, b, w: a * b, {
        "nsw": lambda a, b, w: not _fits_signed(to_signed(a, w) * to_signed(b, w), w),
        "nuw": lambda a, b, w: a * b > mask(w)}),
    # Division: zero (or poison) divisor is UB, INT_MIN / -1 is UB; exact = remainder != 0.
    "udiv": BinaryRule(lambda a, b, w: a // b, {"exact": lambda a, b, w: a % b != 0},
                       ub=_unsigned_div_ub),
    "sdiv": BinaryRule(_sdiv, {"exact": lambda a, b, w: _srem(a, b, w) != 0},
                       ub=_signed_div_ub),
    "urem": BinaryRule(lambda a, b, w: a % b, ub=_unsigned_div_ub),
    "srem": BinaryRule(_srem, ub=_signed_div_ub),
    # Shifts: an amount >= width is poison; exact = a shifted-out bit is set;
    # shl nuw = a set bit is shifted out; shl nsw = a shifted-out bit differs from the sign.
    "shl": BinaryRule(lambda a, b, w: a << b, {
        "nuw": lambda a, b, w: (a << b) >> w != 0,
        "nsw": lambda a, b, w: to_signed((a << b) & mask(w), w) >> b != to_signed(a, w)},
        always_poison=_shift_too_large),
    "lshr": BinaryRule(lambda a, b, w: a >> b, {"exact": _low_bits_lost},
                       always_poison=_shift_too_large),
    "ashr": BinaryRule(lambda a, b, w: to_signed(a, w) >> b, {"exact": _low_bits_lost},
                       always_poison=_shift_too_large),
    "and": BinaryRule(lambda a, b, w: a & b),
    # or disjoint: the operands share a set bit.
    "or": BinaryRule(lambda a, b, w: a | b, {"disjoint": lambda a, b, w: a & b != 0}),
    "xor": BinaryRule(lambda a, b, w: a ^ b),
}

#: icmp predicates on unsigned bit patterns (signed ones convert first).
ICMP: dict[str, IntPred] = {
    "eq": lambda a, b, w: a == b,
    "ne": lambda a, b, w: a != b,
    "ugt": lambda a, b, w: a > b,
    "uge": lambda a, b, w: a >= b,
    "ult": lambda a, b, w: a < b,
    "ule": lambda a, b, w: a <= b,
    "sgt": lambda a, b, w: to_signed(a, w) > to_signed(b, w),
    "sge": lambda a, b, w: to_signed(a, w) >= to_signed(b, w),
    "slt": lambda a, b, w: to_signed(a, w) < to_signed(b, w),
    "sle": lambda a, b, w: to_signed(a, w) <= to_signed(b, w),
}

#: icmp samesign: poison when the operands' sign bits differ.
ICMP_POISON_FLAGS: dict[str, IntPred] = {
    "samesign": lambda a, b, w: (a >> (w - 1)) != (b >> (w - 1)),
}


@dataclass(frozen=True)
class CastRule:
    """An integer cast: the value from (x, source width, dest width), and the flags'
    poison conditions on the same arguments."""

    value: IntFn
    poison_flags: Mapping[str, IntPred] = field(default_factory=dict)


INT_CASTS: dict[str, CastRule] = {
    # trunc nuw: a dropped bit is set; trunc nsw: the value changes under sext(trunc(x)).
    "trunc": CastRule(lambda x, sw, dw: x & mask(dw), {
        "nuw": lambda x, sw, dw: x >> dw != 0,
        "nsw": lambda x, sw, dw: to_signed(x & mask(dw), dw) != to_signed(x, sw)}),
    # zext nneg: the operand is negative.
    "zext": CastRule(lambda x, sw, dw: x, {"nneg": lambda x, sw, dw: x >> (sw - 1) != 0}),
    "sext": CastRule(lambda x, sw, dw: to_signed(x, sw)),
}


# --------------------------------------------------------------------------
# Intrinsics (LangRef, "Standard C/C++ Library Intrinsics", "Bit Manipulation", ...)
# --------------------------------------------------------------------------


def _ctlz(x: int, w: int) -> int:
    return w - x.bit_length()


def _cttz(x: int, w: int) -> int:
    return w if x == 0 else (x & -x).bit_length() - 1


def _bswap(x: int, w: int) -> int:
    return int.from_bytes(x.to_bytes(w // 8, "little"), "big")


def _bitreverse(x: int, w: int) -> int:
    return int(format(x, f"0{w}b")[::-1], 2)


def _fshl(a: int, b: int, c: int, w: int) -> int:
    s = c % w
    return (((a << w) | b) << s >> w) & mask(w)


def _fshr(a: int, b: int, c: int, w: int) -> int:
    s = c % w
    return (((a << w) | b) >> s) & mask(w)


def _clamp_signed(v: int, w: int) -> int:
    lo, hi = -(1 << (w - 1)), (1 << (w - 1)) - 1
    return to_unsigned(min(max(v, lo), hi), w)


def _clamp_unsigned(v: int, w: int) -> int:
    return min(max(v, 0), mask(w))


def _sshl_sat(a: int, b: int, w: int) -> int:
    sa = to_signed(a, w)
    return _clamp_signed(sa << b, w)


#: Pure integer intrinsics: (argument count used for the value, value function over the
#: unsigned operands and the width). Any poison operand makes the result poison.
PURE_INTRINSICS: dict[str, tuple[int, Callable[..., int]]] = {
    "smax": (2, lambda a, b, w: a if to_signed(a, w) >= to_signed(b, w) else b),
    "smin": (2, lambda a, b, w: a if to_signed(a, w) <= to_signed(b, w) else b),
    "umax": (2, lambda a, b, w: max(a, b)),
    "umin": (2, lambda a, b, w: min(a, b)),
    "ctpop": (1, lambda a, w: a.bit_count()),
    "bswap": (1, _bswap),
    "bitreverse": (1, _bitreverse),
    "fshl": (3, _fshl),
    "fshr": (3, _fshr),
    "sadd.sat": (2, lambda a, b, w: _clamp_signed(to_signed(a, w) + to_signed(b, w), w)),
    "ssub.sat": (2, lambda a, b, w: _clamp_signed(to_signed(a, w) - to_signed(b, w), w)),
    "uadd.sat": (2, lambda a, b, w: _clamp_unsigned(a + b, w)),
    "usub.sat": (2, lambda a, b, w: _clamp_unsigned(a - b, w)),
}

#: *.with.overflow: (value, overflowed?) over unsigned operands; the result is {iN, i1}.
OVERFLOW_INTRINSICS: dict[str, Callable[[int, int, int], tuple[int, bool]]] = {
    "sadd.with.overflow": lambda a, b, w: (
        (a + b) & mask(w), not _fits_signed(to_signed(a, w) + to_signed(b, w), w)),
    "uadd.with.overflow": lambda a, b, w: ((a + b) & mask(w), a + b > mask(w)),
    "ssub.with.overflow": lambda a, b, w: (
        (a - b) & mask(w), not _fits_signed(to_signed(a, w) - to_signed(b, w), w)),
    "usub.with.overflow": lambda a, b, w: ((a - b) & mask(w), a < b),
    "smul.with.overflow": lambda a, b, w: (
        (a * b) & mask(w), not _fits_signed(to_signed(a, w) * to_signed(b, w), w)),
    "umul.with.overflow": lambda a, b, w: ((a * b) & mask(w), a * b > mask(w)),
}

#: Intrinsics that do nothing observable here.
NO_OP_INTRINSICS = frozenset({"donothing", "dbg.value", "dbg.declare", "dbg.assign",
                              "dbg.label", "sideeffect",
                              "experimental.noalias.scope.decl"})

KNOWN_INTRINSICS = tuple(sorted(
    set(PURE_INTRINSICS) | set(OVERFLOW_INTRINSICS) | NO_OP_INTRINSICS | {
        "abs", "ctlz", "cttz", "sshl.sat", "ushl.sat", "scmp", "ucmp", "expect",
        "expect.with.probability", "assume", "trap", "ubsantrap", "lifetime.start",
        "lifetime.end", "memcpy", "memcpy.inline", "memmove", "memset", "memset.inline"},
    key=len, reverse=True))


def intrinsic_base(name: str) -> str | None:
    """``llvm.sadd.with.overflow.i32`` -> ``sadd.with.overflow``; None if not modelled."""
    if not name.startswith("llvm."):
        return None
    rest = name[5:]
    for base in KNOWN_INTRINSICS:
        if rest == base or rest.startswith(base + "."):
            return base
    return None


# --------------------------------------------------------------------------
# Data layout (sizes, alignments, struct offsets)
# --------------------------------------------------------------------------

_DEFAULT_INT_ALIGN = {1: 1, 8: 1, 16: 2, 32: 4, 64: 4}
_FLOAT_SIZE_ALIGN = {"half": (2, 2), "bfloat": (2, 2), "float": (4, 4), "double": (8, 8),
                     "fp128": (16, 16), "x86_fp80": (10, 16), "ppc_fp128": (16, 16)}


class Layout:
    """Sizes and alignments from a module's ``target datalayout`` (LangRef "Data Layout").

    A small reading of the string: endianness, integer ABI alignments (an unlisted width
    takes the next larger listed one, else the largest), pointer size/alignment of address
    space 0, and aggregate alignment. Named structs are resolved through the module.
    """

    def __init__(self, datalayout: str | None,
                 type_defs: Mapping[str, ir.StructType | None] | None = None) -> None:
        self.little_endian = True
        self.int_align = dict(_DEFAULT_INT_ALIGN)
        self.pointer_size = 8
        self.pointer_align = 8
        self.aggregate_align = 1
        self.type_defs = dict(type_defs or {})
        self._cache: dict[ir.Type, tuple[int, int]] = {}
        for spec in (datalayout or "").split("-"):
            self._read_spec(spec)
        self.int_widths = sorted(self.int_align)

    def _read_spec(self, spec: str) -> None:
        if spec == "E":
            self.little_endian = False
        elif spec == "e":
            self.little_endian = True
        elif re.fullmatch(r"i\d+:\d+(:\d+)?", spec):
            bits, abi = spec[1:].split(":")[:2]
            self.int_align[int(bits)] = int(abi) // 8
        elif re.fullmatch(r"p0?:\d+:\d+(:\d+)*", spec):
            parts = spec.split(":")
            self.pointer_size = int(parts[1]) // 8
            self.pointer_align = int(parts[2]) // 8
        elif re.fullmatch(r"a:\d+(:\d+)?", spec):
            self.aggregate_align = max(1, int(spec.split(":")[1]) // 8)

    def resolve(self, t: ir.Type) -> ir.Type:
        while isinstance(t, ir.NamedType):
            body = self.type_defs.get(t.name)
            if body is None:
                raise UnsupportedIR("opaque struct type", t.name)
            t = body
        return t

    def store_size(self, t: ir.Type) -> int:
        """Bytes a load/store of ``t`` touches."""
        t = self.resolve(t)
        if isinstance(t, ir.IntType):
            return (t.bits + 7) // 8
        return self.alloc_size(t)

    def alloc_size(self, t: ir.Type) -> int:
        """Bytes between consecutive ``t`` in an array (the GEP stride)."""
        return self._size_align(t)[0]

    def abi_align(self, t: ir.Type) -> int:
        return self._size_align(t)[1]

    def struct_offsets(self, t: ir.StructType) -> tuple[int, ...]:
        offsets, offset = [], 0
        for f in t.fields:
            a = 1 if t.packed else self.abi_align(f)
            offset = -(-offset // a) * a
            offsets.append(offset)
            offset += self.alloc_size(f)
        return tuple(offsets)

    def _size_align(self, t: ir.Type) -> tuple[int, int]:
        t = self.resolve(t)
        cached = self._cache.get(t)
        if cached is None:
            cached = self._compute(t)
            self._cache[t] = cached
        return cached

    def _compute(self, t: ir.Type) -> tuple[int, int]:
        if isinstance(t, ir.IntType):
            align = self._int_abi_align(t.bits)
            size = (t.bits + 7) // 8
            return -(-size // align) * align, align
        if isinstance(t, ir.PtrType):
            if t.addrspace != 0:
                raise UnsupportedIR("pointer address space", str(t.addrspace))
            return self.pointer_size, self.pointer_align
        if isinstance(t, ir.FloatType):
            size, align = _FLOAT_SIZE_ALIGN[t.kind]
            return -(-size // align) * align, align
        if isinstance(t, ir.ArrayType):
            size, align = self._size_align(t.elem)
            return size * t.count, align
        if isinstance(t, ir.StructType):
            align = 1 if t.packed else max(
                [self.aggregate_align] + [self.abi_align(f) for f in t.fields])
            end = 0
            if t.fields:
                end = self.struct_offsets(t)[-1] + self.alloc_size(t.fields[-1])
            return -(-end // align) * align, align
        raise UnsupportedIR("type layout", type(t).__name__)

    def _int_abi_align(self, bits: int) -> int:
        if bits in self.int_align:
            return self.int_align[bits]
        for w in self.int_widths:
            if w > bits:
                return self.int_align[w]
        return self.int_align[self.int_widths[-1]]


# --------------------------------------------------------------------------
# Memory
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class GlobalImage:
    """A global's block before the function runs: the same for src and tgt runs."""

    size: int
    align: int
    constant: bool
    contents: tuple[Byte, ...]


#: How `InitialMemory` fills the globals a function may not assume anything about.
GLOBAL_FILLS = ("initializer", "random", "random+poison")


class InitialMemory:
    """Block ids and initial contents of the globals, shared by the runs it is given to.

    Why shared: src and tgt must see the same non-local memory, and pointers stored in
    globals must name the same block ids in both runs. Ids 1..G go to the globals of the
    first module, then to globals only later modules define.

    A constant global always holds its initializer. Any other global (mutable, or
    external) may hold anything when the function is called (Alive2 quantifies over its
    initial contents), so ``fill`` picks one such memory: ``"initializer"`` (external
    ones read as zero), ``"random"`` bytes, or ``"random+poison"`` (about one byte in
    eight poison), reproducibly from ``seed``. Images are built lazily (a benchmark may
    hold megabyte arrays it never touches) and cached.
    """

    def __init__(self, *modules: ir.Module, fill: str = "initializer", seed: int = 0) -> None:
        if fill not in GLOBAL_FILLS:
            raise ValueError(f"unknown fill {fill!r} (one of {', '.join(GLOBAL_FILLS)})")
        self.fill = fill
        self.seed = seed
        self.global_ids: dict[str, int] = {}
        self._sources: dict[str, tuple[ir.GlobalVariable, Layout]] = {}
        self._images: dict[str, GlobalImage] = {}
        for module in modules:
            layout = Layout(module.datalayout, module.type_defs)
            for g in module.globals:
                if g.name not in self.global_ids:
                    self.global_ids[g.name] = len(self.global_ids) + 1
                    self._sources[g.name] = (g, layout)
        # Functions are blocks too (an address one may store or compare, never access).
        for module in modules:
            for f in module.functions:
                if f.name not in self.global_ids:
                    self.global_ids[f.name] = len(self.global_ids) + 1
                    self._images[f.name] = GlobalImage(0, 1, True, ())
        self.names = {i: n for n, i in self.global_ids.items()}

    def image(self, name: str) -> GlobalImage:
        img = self._images.get(name)
        if img is None:
            g, layout = self._sources[name]
            if g.addrspace not in (None, 0) or g.thread_local:
                raise UnsupportedIR("global variable kind", f"@{name}")
            size = layout.alloc_size(g.value_type)
            align = g.align or layout.abi_align(g.value_type)
            contents: list[Byte]
            if self.fill != "initializer" and (not g.is_constant or g.initializer is None):
                rng = random.Random(f"{self.seed}:{name}")
                contents = list(rng.randbytes(size))
                if self.fill == "random+poison":
                    contents = [POISON if rng.random() < 0.125 else b for b in contents]
            elif g.initializer is None:  # external: unknown contents; zero is one choice
                contents = [0] * size
            else:
                contents = [POISON] * size
                self._write_constant(contents, 0, g.initializer, g.value_type, layout)
            img = GlobalImage(size, align, g.is_constant, tuple(contents))
            self._images[name] = img
        return img

    def _write_constant(self, out: list[Byte], at: int, value: ir.Value, t: ir.Type,
                        layout: Layout) -> None:
        t = layout.resolve(t)
        if isinstance(value, ir.ZeroInit) or isinstance(value, ir.NullConst):
            out[at:at + layout.store_size(t)] = [0] * layout.store_size(t)
        elif isinstance(value, ir.PoisonConst | ir.UndefConst):
            pass  # bytes stay poison: an undef initial byte may be anything, poison covers it
        elif isinstance(value, ir.IntConst) and isinstance(t, ir.IntType):
            n = layout.store_size(t)
            out[at:at + n] = _int_to_bytes(value.value & mask(t.bits), n,
                                           layout.little_endian)
        elif isinstance(value, ir.StringConst) and isinstance(t, ir.ArrayType):
            out[at:at + len(value.data)] = list(value.data)
        elif isinstance(value, ir.ArrayConst) and isinstance(t, ir.ArrayType):
            stride = layout.alloc_size(t.elem)
            for i, e in enumerate(value.elements):
                self._write_constant(out, at + i * stride, e.value, e.type, layout)
        elif isinstance(value, ir.StructConst) and isinstance(t, ir.StructType):
            for off, e in zip(layout.struct_offsets(t), value.elements, strict=True):
                self._write_constant(out, at + off, e.value, e.type, layout)
        elif isinstance(t, ir.PtrType):
            ptr = self._constant_pointer(value, layout)
            out[at:at + layout.pointer_size] = [PointerByte(ptr, i)
                                                for i in range(layout.pointer_size)]
        else:
            raise UnsupportedIR("global initializer", type(value).__name__)

    def _constant_pointer(self, value: ir.Value, layout: Layout) -> Pointer:
        if isinstance(value, ir.Global) and value.name in self.global_ids:
            return Pointer(self.global_ids[value.name], 0)
        if (isinstance(value, ir.ConstExpr) and value.opcode == "getelementptr"
                and value.source_type is not None):
            base = self._constant_pointer(value.operands[0].value, layout)
            offset = _constant_gep_offset(value, layout)
            return Pointer(base.block, base.offset + offset)
        raise UnsupportedIR("pointer in global initializer", type(value).__name__)


def _constant_gep_offset(expr: ir.ConstExpr, layout: Layout) -> int:
    """Byte offset of a constant GEP whose indices are all integer literals."""
    t: ir.Type = expr.source_type  # type: ignore[assignment]
    offset = 0
    for n, idx in enumerate(expr.operands[1:]):
        if not isinstance(idx.value, ir.IntConst | ir.ZeroInit) or not isinstance(
                idx.type, ir.IntType):
            raise UnsupportedIR("constant getelementptr index", type(idx.value).__name__)
        i = 0 if isinstance(idx.value, ir.ZeroInit) else to_signed(
            idx.value.value & mask(idx.type.bits), idx.type.bits)
        if n == 0:
            offset += i * layout.alloc_size(t)
            continue
        t = layout.resolve(t)
        if isinstance(t, ir.StructType):
            offset += layout.struct_offsets(t)[i]
            t = t.fields[i]
        elif isinstance(t, ir.ArrayType):
            offset += i * layout.alloc_size(t.elem)
            t = t.elem
        else:
            raise UnsupportedIR("constant getelementptr into", type(t).__name__)
    return offset


def _int_to_bytes(v: int, n: int, little: bool) -> list[int]:
    return list(v.to_bytes(n, "little" if little else "big"))


class MemoryBlock:
    """One allocation. Mutable on purpose: a run owns its memory and updates it in place
    (a persistent structure would cost more than the interpreter's whole budget)."""

    __slots__ = ("kind", "name", "size", "align", "alive", "constant", "address",
                 "contents", "written")

    def __init__(self, kind: str, name: str, size: int, align: int, address: int,
                 contents: Sequence[Byte], *, alive: bool = True,
                 constant: bool = False) -> None:
        self.kind = kind  # "null" | "global" | "argument" | "stack" | "heap"
        self.name = name
        self.size = size
        self.align = align
        self.alive = alive
        self.constant = constant
        self.address = address
        self.contents: Sequence[Byte] = contents  # a shared tuple until the first write
        self.written = False

    @property
    def is_local(self) -> bool:
        """Stack and heap blocks belong to this invocation (never compared at the end)."""
        return self.kind in ("stack", "heap")


class Memory:
    """The blocks of one run. Block 0 is null (size 0, never alive); globals have the ids
    of the shared `InitialMemory`; argument and stack blocks follow."""

    def __init__(self, initial: InitialMemory, layout: Layout) -> None:
        self.initial = initial
        self.layout = layout
        self.blocks: list[MemoryBlock | None] = [
            MemoryBlock("null", "null", 0, 1, 0, (), alive=False)]
        self.blocks.extend([None] * len(initial.global_ids))
        self._next_address = 0x10000
        self.nondet = False  # set when a load read bits whose value is unspecified

    def _place(self, size: int, align: int) -> int:
        align = max(align, 16)
        address = -(-self._next_address // align) * align
        self._next_address = address + size + 16  # a gap: no one-past-the-end aliasing
        return address

    def block(self, bid: int) -> MemoryBlock:
        b = self.blocks[bid]
        if b is None:  # a global, materialised on first use
            name = self.initial.names[bid]
            img = self.initial.image(name)
            b = MemoryBlock("global", "@" + name, img.size, img.align,
                            self._place(img.size, img.align), img.contents,
                            constant=img.constant)
            self.blocks[bid] = b
        return b

    def global_pointer(self, name: str) -> Pointer:
        bid = self.initial.global_ids.get(name)
        if bid is None:
            raise UnsupportedIR("reference to a function or alias", f"@{name}")
        self.block(bid)
        return Pointer(bid, 0)

    def allocate(self, kind: str, name: str, size: int, align: int, *,
                 contents: Sequence[Byte] | None = None, alive: bool = True) -> Pointer:
        """A new block (stack: poison contents, as Alive2's uninitialised allocas)."""
        data = list(contents) if contents is not None else [POISON] * size
        self.blocks.append(MemoryBlock(kind, name, size, align, self._place(size, align),
                                       data, alive=alive))
        return Pointer(len(self.blocks) - 1, 0)

    def address(self, p: Pointer) -> int:
        return (self.block(p.block).address + p.offset) & mask(64)

    def _checked(self, p: ConcreteValue, n: int, align: int, what: str) -> MemoryBlock:
        if p is POISON:
            raise _UndefinedBehavior(f"{what} through a poison pointer")
        assert isinstance(p, Pointer)
        if p.block == 0:
            raise _UndefinedBehavior(f"{what} through a null pointer")
        b = self.block(p.block)
        if not b.alive:
            raise _UndefinedBehavior(f"{what} of a dead block")
        if p.offset < 0 or p.offset + n > b.size:
            raise _UndefinedBehavior(f"{what} out of bounds")
        if b.align < align or p.offset % align:
            raise _UndefinedBehavior(f"misaligned {what}")
        return b

    def check_access(self, p: ConcreteValue, n: int, align: int, what: str) -> None:
        """Raise UB unless ``n`` bytes at ``p`` may be accessed (before building data)."""
        self._checked(p, n, align, what)

    def read(self, p: ConcreteValue, n: int, align: int) -> list[Byte]:
        b = self._checked(p, n, align, "load")
        off = p.offset  # type: ignore[union-attr]
        return list(b.contents[off:off + n])

    def write(self, p: ConcreteValue, data: Sequence[Byte], align: int) -> None:
        b = self._checked(p, len(data), align, "store")
        if b.constant:
            raise _UndefinedBehavior("store to a constant global")
        if not b.written:
            b.contents = list(b.contents)
            b.written = True
        off = p.offset  # type: ignore[union-attr]
        b.contents[off:off + len(data)] = data  # type: ignore[index]

    # ---- values <-> bytes ------------------------------------------------

    def encode(self, v: ConcreteValue, t: ir.Type) -> list[Byte]:
        """The bytes a store of ``v : t`` writes (aggregate padding becomes poison)."""
        lay = self.layout
        t = lay.resolve(t)
        if isinstance(t, ir.IntType):
            n = lay.store_size(t)
            return [POISON] * n if v is POISON else _int_to_bytes(v, n, lay.little_endian)
        if isinstance(t, ir.PtrType):
            if v is POISON:
                return [POISON] * lay.pointer_size
            return [PointerByte(v, i) for i in range(lay.pointer_size)]  # type: ignore[arg-type]
        if isinstance(t, ir.StructType | ir.ArrayType):
            out: list[Byte] = [POISON] * lay.alloc_size(t)
            fields, offsets = _aggregate_fields(t, lay)
            elems = v if isinstance(v, tuple) else (POISON,) * len(fields)
            for ft, off, e in zip(fields, offsets, elems, strict=True):
                data = self.encode(e, ft)
                out[off:off + len(data)] = data
            return out
        raise UnsupportedIR("store of type", type(t).__name__)

    def decode(self, data: Sequence[Byte], t: ir.Type) -> ConcreteValue:
        """The value a load of ``t`` makes from ``data`` (any poison byte -> poison)."""
        lay = self.layout
        t = lay.resolve(t)
        if isinstance(t, ir.IntType):
            if any(b is POISON for b in data):
                return POISON
            if any(isinstance(b, PointerByte) for b in data):
                # Alive2 (v19, checked with alive-tv): an integer load of pointer bytes
                # is poison; the provenance is not turned into an address. LangRef 19
                # leaves type punning through memory open; this is the stricter reading.
                return POISON
            v = int.from_bytes(bytes(data), "little" if lay.little_endian else "big")  # type: ignore[arg-type]
            if v >> t.bits:
                # Bits past an iN (N % 8 != 0) that a store of iN did not write: LangRef
                # leaves the result unspecified, so this run took one of several readings.
                self.nondet = True
            return v & mask(t.bits)
        if isinstance(t, ir.PtrType):
            if any(b is POISON for b in data):
                return POISON
            if not any(isinstance(b, PointerByte) for b in data):
                if all(b == 0 for b in data):
                    return NULL  # a provenance-free zero address
                raise UnsupportedIR("pointer load of integer bytes")
            if not all(isinstance(b, PointerByte) for b in data):
                raise UnsupportedIR("pointer load of mixed pointer and integer bytes")
            first = data[0]
            if all(b.pointer == first.pointer and b.index == i  # type: ignore[union-attr]
                   for i, b in enumerate(data)):
                return first.pointer  # type: ignore[union-attr]
            return POISON  # bytes of different pointers, or out of order (Alive2)
        if isinstance(t, ir.StructType | ir.ArrayType):
            fields, offsets = _aggregate_fields(t, lay)
            return tuple(self.decode(data[off:off + lay.store_size(ft)], ft)
                         for ft, off in zip(fields, offsets, strict=True))
        raise UnsupportedIR("load of type", type(t).__name__)

    def non_local_writes(self) -> dict[str, tuple[Byte, ...]]:
        return {b.name: tuple(b.contents) for b in self.blocks
                if b is not None and b.written and not b.is_local}

    def dead_non_local(self) -> frozenset[str]:
        """Non-local blocks a callee freed (null, never alive, is not one of them)."""
        return frozenset(b.name for b in self.blocks
                         if b is not None and not b.alive and not b.is_local
                         and b.kind != "null")

    def summary(self) -> tuple[tuple[str, int], ...]:
        return tuple(("global", 0) if b is None else (b.kind, b.size) for b in self.blocks)


def _aggregate_fields(t: ir.StructType | ir.ArrayType,
                      lay: Layout) -> tuple[tuple[ir.Type, ...], tuple[int, ...]]:
    if isinstance(t, ir.StructType):
        return t.fields, lay.struct_offsets(t)
    stride = lay.alloc_size(t.elem)
    return (t.elem,) * t.count, tuple(i * stride for i in range(t.count))


# --------------------------------------------------------------------------
# Undef / freeze choices
# --------------------------------------------------------------------------

UndefChoice = Union[str, Callable[[int, random.Random], int]]


def _undef_picker(choice: UndefChoice) -> Callable[[int, random.Random], int]:
    """``"zero"``, ``"ones"``, ``"random"`` or a callable (bits, rng) -> value."""
    if callable(choice):
        return choice
    if choice == "zero":
        return lambda w, rng: 0
    if choice == "ones":
        return lambda w, rng: mask(w)
    if choice == "random":
        return lambda w, rng: rng.getrandbits(w)
    raise ValueError(f"unknown undef_choice {choice!r} (zero, ones, random or a callable)")


class _Frame:
    """The state of one run: SSA values, memory, and the undef/freeze choices made."""

    __slots__ = ("values", "memory", "pick", "rng", "nondet", "ret", "steps", "calls", "log",
                 "visits")

    def __init__(self, memory: Memory, pick: Callable[[int, random.Random], int],
                 rng: random.Random, calls: CallModel | None = None) -> None:
        self.values: dict[str, ConcreteValue] = {}
        self.memory = memory
        self.pick = pick
        self.rng = rng
        self.nondet = False
        self.ret: ConcreteValue | None = None
        self.steps = 0
        self.calls = calls
        self.log = CallLog()
        self.visits: dict[str, int] = {}

    def choose(self, t: ir.Type) -> ConcreteValue:
        """An arbitrary value of type ``t`` (one use of undef; freeze of poison)."""
        self.nondet = True
        if isinstance(t, ir.IntType):
            return self.pick(t.bits, self.rng) & mask(t.bits)
        if isinstance(t, ir.PtrType):
            return NULL
        t = self.memory.layout.resolve(t)
        if isinstance(t, ir.StructType | ir.ArrayType):
            fields, _ = _aggregate_fields(t, self.memory.layout)
            return tuple(self.choose(f) for f in fields)
        raise UnsupportedIR("undef of type", type(t).__name__)


Getter = Callable[[_Frame], ConcreteValue]
Step = Callable[[_Frame], None]


def _is_poisoned(v: ConcreteValue) -> bool:
    """True if ``v`` or any element of it is poison (what ``noundef`` forbids)."""
    if isinstance(v, tuple):
        return any(_is_poisoned(e) for e in v)
    return v is POISON


def _in_range(v: int, w: int, lo: int, hi: int) -> bool:
    """Membership in LLVM's half-open wrapping range ``[lo, hi)``."""
    lo, hi = lo & mask(w), hi & mask(w)
    return (v - lo) & mask(w) < (hi - lo) & mask(w) if lo != hi else True


_RANGE_ATTR = re.compile(r"range\(i(\d+) (-?\d+), (-?\d+)\)")


def _attr_poison(v: ConcreteValue, attrs: Sequence[str], memory: Memory,
                 layout: Layout) -> bool:
    """Whether ``v`` violates a poison-generating attribute (range, nonnull, align)."""
    for a in attrs:
        m = _RANGE_ATTR.fullmatch(a)
        if m and isinstance(v, int) and not _in_range(v, int(m[1]), int(m[2]), int(m[3])):
            return True
        if a == "nonnull" and v == NULL:
            return True
        if a.startswith("align ") and isinstance(v, Pointer):
            if memory.address(v) % int(a.split()[1]):
                return True
    return False


# --------------------------------------------------------------------------
# Compiling a function to closures
# --------------------------------------------------------------------------

_FLOAT_OPS = set(ir.FP_BINARY_OPS) | {"fneg", "fptrunc", "fpext", "fptoui", "fptosi",
                                      "uitofp", "sitofp"}


@dataclass
class _CompiledBlock:
    name: str
    phis: list[tuple[str, dict[str, Getter]]]
    body: list[tuple[str | None, Step]]
    terminator: Callable[[_Frame], str | None]


#: Parameter attributes that make an access of the function's own UB (not modelled).
_RESTRICTING_PARAM_ATTRS = frozenset({"readonly", "writeonly", "readnone", "noalias",
                                      "byref", "inalloca", "preallocated", "sret",
                                      "swifterror", "initializes", "writable"})


class _Compiler:
    """Turns one `ir.Function` into closures, rejecting what is not modelled."""

    def __init__(self, module: ir.Module, fn: ir.Function) -> None:
        self.module = module
        self.fn = fn
        self.layout = Layout(module.datalayout, module.type_defs)
        self.lifetime_managed = self._lifetime_managed_allocas()

    # ---- types and operands ---------------------------------------------

    def check_type(self, t: ir.Type) -> ir.Type:
        r = self.layout.resolve(t)
        if isinstance(r, ir.IntType | ir.PtrType):
            if isinstance(r, ir.PtrType) and r.addrspace != 0:
                raise UnsupportedIR("pointer address space", str(r.addrspace))
            return r
        if isinstance(r, ir.StructType):
            for f in r.fields:
                self.check_type(f)
            return r
        if isinstance(r, ir.ArrayType):
            self.check_type(r.elem)
            return r
        if isinstance(r, ir.FloatType):
            raise UnsupportedIR("floating point", r.kind)
        if isinstance(r, ir.VectorType):
            raise UnsupportedIR("vector type")
        raise UnsupportedIR("type", type(r).__name__)

    def int_width(self, t: ir.Type) -> int:
        r = self.check_type(t)
        if not isinstance(r, ir.IntType):
            raise UnsupportedIR("non-integer operand type", type(r).__name__)
        return r.bits

    def operand(self, v: ir.Value, t: ir.Type) -> Getter:
        t = self.check_type(t)
        if isinstance(v, ir.Local):
            name = v.name
            return lambda fr: fr.values[name]
        if isinstance(v, ir.UndefConst):
            return lambda fr: fr.choose(t)
        const = self.constant(v, t)
        if const is _DEFERRED:
            return lambda fr: self._late(v, fr)
        return lambda fr: const

    def _late(self, v: ir.Value, fr: _Frame) -> ConcreteValue:
        """Constants that need the run's memory (global addresses, constant GEPs)."""
        if isinstance(v, ir.Global):
            return fr.memory.global_pointer(v.name)
        assert isinstance(v, ir.ConstExpr)
        base = self._late(v.operands[0].value, fr) if isinstance(
            v.operands[0].value, ir.Global | ir.ConstExpr) else self.constant(
            v.operands[0].value, v.operands[0].type)
        if base is POISON or not isinstance(base, Pointer):
            return POISON
        return Pointer(base.block, base.offset + _constant_gep_offset(v, self.layout))

    def constant(self, v: ir.Value, t: ir.Type) -> ConcreteValue:
        t = self.layout.resolve(t)
        if isinstance(v, ir.IntConst) and isinstance(t, ir.IntType):
            return int(v.value) & mask(t.bits)
        if isinstance(v, ir.PoisonConst):
            return POISON
        if isinstance(v, ir.NullConst):
            return NULL
        if isinstance(v, ir.ZeroInit):
            return self._zero(t)
        if isinstance(v, ir.Global):
            return _DEFERRED
        if isinstance(v, ir.ConstExpr) and v.opcode == "getelementptr" and v.operands \
                and not (set(v.flags) - {"inbounds"}):
            _constant_gep_offset(v, self.layout)  # rejects what it cannot fold
            return _DEFERRED
        if isinstance(v, ir.StructConst | ir.ArrayConst) and not any(
                isinstance(e.value, ir.UndefConst | ir.Global | ir.ConstExpr)
                for e in v.elements):
            return tuple(self.constant(e.value, e.type) for e in v.elements)
        if isinstance(v, ir.UndefConst):
            raise UnsupportedIR("undef inside an aggregate constant")
        raise UnsupportedIR("constant", type(v).__name__)

    def _zero(self, t: ir.Type) -> ConcreteValue:
        t = self.layout.resolve(t)
        if isinstance(t, ir.IntType):
            return 0
        if isinstance(t, ir.PtrType):
            return NULL
        if isinstance(t, ir.StructType | ir.ArrayType):
            fields, _ = _aggregate_fields(t, self.layout)
            return tuple(self._zero(f) for f in fields)
        raise UnsupportedIR("zeroinitializer of type", type(t).__name__)

    # ---- whole function ----------------------------------------------------

    def compile(self) -> dict[str, _CompiledBlock]:
        if self.fn.blocks is None:
            raise UnsupportedIR("declaration", f"@{self.fn.name} has no body")
        if self.fn.varargs:
            raise UnsupportedIR("varargs function")
        if not isinstance(self.fn.return_type, ir.VoidType):
            self.check_type(self.fn.return_type)
        for p in self.fn.params:
            self.check_type(p.type)
        self._check_function_attributes()
        return {b.name: self.compile_block(b) for b in self.fn.blocks}

    def _check_function_attributes(self) -> None:
        """Attributes of the function itself that make some of its own behaviours UB
        (``memory(...)``, ``noreturn``, parameter ``readonly`` ...) or defined
        (``null_pointer_is_valid``): not modelled, so the function is not judged (a run
        that ignored them could demand of tgt what src never promised)."""
        from veriopt.llvm import attrs as A

        fn_attrs = A.fn_attrs_resolved(self.fn, self.module)
        if not A.memory_effects(fn_attrs) == A.MemoryEffects() or any(
                A.has(fn_attrs, a) for a in ("noreturn", "null_pointer_is_valid", "nofree",
                                             "allocsize")):
            raise UnsupportedIR("function attributes", " ".join(fn_attrs))
        for p in self.fn.params:
            if any(A.keyword(a) in _RESTRICTING_PARAM_ATTRS for a in p.attrs):
                raise UnsupportedIR("parameter attributes", " ".join(p.attrs))

    def compile_block(self, block: ir.Block) -> _CompiledBlock:
        phis: list[tuple[str, dict[str, Getter]]] = []
        body: list[tuple[str | None, Step]] = []
        instrs = block.instructions
        for ins in instrs[:-1]:
            if isinstance(ins, ir.Phi):
                phis.append((ins.result, {blk: self.operand(v, ins.type)
                                          for v, blk in ins.incoming}))
            else:
                body.append(self.compile_instruction(ins))
        return _CompiledBlock(block.name, phis, body, self.compile_terminator(instrs[-1]))

    def compile_instruction(self, ins: ir.Instruction) -> tuple[str | None, Step]:
        handler = _HANDLERS.get(type(ins))
        if handler is None:
            raise UnsupportedIR("instruction", type(ins).__name__.lower())
        return handler(self, ins)

    def compile_terminator(self, ins: ir.Instruction) -> Callable[[_Frame], str | None]:
        if isinstance(ins, ir.Ret):
            return self.ret(ins)
        if isinstance(ins, ir.Br):
            return self.br(ins)
        if isinstance(ins, ir.Switch):
            return self.switch(ins)
        if isinstance(ins, ir.Unreachable):
            def unreachable(fr: _Frame) -> str | None:
                raise _UndefinedBehavior("unreachable executed")
            return unreachable
        raise UnsupportedIR("terminator", type(ins).__name__.lower())

    def _lifetime_managed_allocas(self) -> frozenset[str]:
        """Allocas named by a ``lifetime.start``: they start dead (VERIFIER.md §5.3)."""
        names = set()
        for b in self.fn.blocks or ():
            for ins in b.instructions:
                if (isinstance(ins, ir.Call) and isinstance(ins.callee, ir.Global)
                        and ins.callee.name.startswith("llvm.lifetime.start")
                        and isinstance(ins.args[-1].value, ir.Local)):
                    names.add(ins.args[-1].value.name)
        return frozenset(names)

    # ---- terminators -------------------------------------------------------

    def ret(self, ins: ir.Ret) -> Callable[[_Frame], str | None]:
        noundef = "noundef" in self.fn.ret_attrs
        attrs = tuple(self.fn.ret_attrs)
        if ins.value is None:
            def ret_void(fr: _Frame) -> str | None:
                fr.ret = None
                return None
            return ret_void
        get = self.operand(ins.value.value, ins.value.type)
        layout = self.layout

        def ret(fr: _Frame) -> str | None:
            v = get(fr)
            if attrs and _attr_poison(v, attrs, fr.memory, layout):
                v = POISON
            if noundef and _is_poisoned(v):
                raise _UndefinedBehavior("poison returned from a noundef return")
            fr.ret = v
            return None
        return ret

    def br(self, ins: ir.Br) -> Callable[[_Frame], str | None]:
        if ins.cond is None:
            dest = ins.true_dest
            return lambda fr: dest
        if isinstance(ins.cond, ir.UndefConst):
            def br_undef(fr: _Frame) -> str | None:
                raise _UndefinedBehavior("branch on undef")
            return br_undef
        get = self.operand(ins.cond, ir.I1)
        t_dest, f_dest = ins.true_dest, ins.false_dest

        def br(fr: _Frame) -> str | None:
            c = get(fr)
            if c is POISON:
                raise _UndefinedBehavior("branch on poison")
            return t_dest if c else f_dest
        return br

    def switch(self, ins: ir.Switch) -> Callable[[_Frame], str | None]:
        w = self.int_width(ins.type)
        if isinstance(ins.value, ir.UndefConst):
            def switch_undef(fr: _Frame) -> str | None:
                raise _UndefinedBehavior("switch on undef")
            return switch_undef
        get = self.operand(ins.value, ins.type)
        table = {int(c.value.value) & mask(w): dest for c, dest in ins.cases}  # type: ignore[union-attr]
        default = ins.default

        def switch(fr: _Frame) -> str | None:
            v = get(fr)
            if v is POISON:
                raise _UndefinedBehavior("switch on poison")
            return table.get(v, default)  # type: ignore[arg-type]
        return switch


class _Deferred:
    """Marks a constant whose value depends on the run (an address)."""


_DEFERRED = _Deferred()

# ---- one handler per instruction family -----------------------------------


def _binary(c: _Compiler, ins: ir.BinaryOp) -> tuple[str | None, Step]:
    if ins.opcode not in BINARY:
        raise UnsupportedIR("floating point" if ins.opcode in _FLOAT_OPS else "opcode",
                            ins.opcode)
    rule = BINARY[ins.opcode]
    w = c.int_width(ins.type)
    unknown = set(ins.flags) - set(rule.poison_flags)
    if unknown:
        raise UnsupportedIR(f"{ins.opcode} flag", " ".join(sorted(unknown)))
    checks = tuple(rule.poison_flags[f] for f in ins.flags)
    get_a, get_b = c.operand(ins.lhs, ins.type), c.operand(ins.rhs, ins.type)
    value, always, ub = rule.value, rule.always_poison, rule.ub
    m, name = mask(w), ins.result

    def step(fr: _Frame) -> None:
        a, b = get_a(fr), get_b(fr)
        if ub is not None:
            if b is POISON:
                raise _UndefinedBehavior(f"{ins.opcode} by a poison divisor")
            reason = ub(a, b, w)  # type: ignore[arg-type]
            if reason:
                raise _UndefinedBehavior(reason)
        if a is POISON or b is POISON or (always is not None and always(a, b, w)):
            fr.values[name] = POISON
            return
        for check in checks:
            if check(a, b, w):  # type: ignore[arg-type]
                fr.values[name] = POISON
                return
        fr.values[name] = value(a, b, w) & m  # type: ignore[arg-type]
    return name, step


def _icmp(c: _Compiler, ins: ir.ICmp) -> tuple[str | None, Step]:
    pred = ICMP.get(ins.predicate)
    if pred is None:
        raise UnsupportedIR("icmp predicate", ins.predicate)
    unknown = set(ins.flags) - set(ICMP_POISON_FLAGS)
    if unknown:
        raise UnsupportedIR("icmp flag", " ".join(sorted(unknown)))
    t = c.check_type(ins.type)
    checks = tuple(ICMP_POISON_FLAGS[f] for f in ins.flags)
    get_a, get_b = c.operand(ins.lhs, ins.type), c.operand(ins.rhs, ins.type)
    name = ins.result
    if isinstance(t, ir.PtrType):
        predicate = ins.predicate

        def pointer_step(fr: _Frame) -> None:
            a, b = get_a(fr), get_b(fr)
            if a is POISON or b is POISON:
                fr.values[name] = POISON
                return
            fr.values[name] = _compare_pointers(fr, predicate, a, b, checks)  # type: ignore[arg-type]
        return name, pointer_step
    if not isinstance(t, ir.IntType):
        raise UnsupportedIR("icmp on type", type(t).__name__)
    w = t.bits

    def step(fr: _Frame) -> None:
        a, b = get_a(fr), get_b(fr)
        if a is POISON or b is POISON:
            fr.values[name] = POISON
            return
        for check in checks:
            if check(a, b, w):  # type: ignore[arg-type]
                fr.values[name] = POISON
                return
        fr.values[name] = int(pred(a, b, w))  # type: ignore[arg-type]
    return name, step


def _compare_pointers(fr: _Frame, predicate: str, a: Pointer, b: Pointer,
                      checks: tuple[IntPred, ...]) -> ConcreteValue:
    """Pointer icmp compares addresses. Within one block that is the offsets; across
    blocks the result depends on where blocks were placed, which is a choice (marked
    nondeterministic) unless both pointers are strictly inside their live blocks."""
    mem = fr.memory
    if a.block != b.block:
        ba, bb = mem.block(a.block), mem.block(b.block)
        inside = (0 <= a.offset < ba.size and 0 <= b.offset < bb.size
                  and ba.alive and bb.alive)
        # An object's address is never null and never wraps: a pointer within [0, size]
        # of a block is certainly not null.
        against_null = (a == NULL and 0 <= b.offset <= bb.size) or (
            b == NULL and 0 <= a.offset <= ba.size)
        if predicate not in ("eq", "ne") or not (inside or against_null):
            fr.nondet = True
    x, y = mem.address(a), mem.address(b)
    for check in checks:
        if check(x, y, 64):
            return POISON
    return int(ICMP[predicate](x, y, 64))


def _cast(c: _Compiler, ins: ir.Cast) -> tuple[str | None, Step]:
    name, op = ins.result, ins.opcode
    get = c.operand(ins.operand.value, ins.operand.type)
    if op in INT_CASTS:
        rule = INT_CASTS[op]
        sw, dw = c.int_width(ins.operand.type), c.int_width(ins.dest_type)
        unknown = set(ins.flags) - set(rule.poison_flags)
        if unknown:
            raise UnsupportedIR(f"{op} flag", " ".join(sorted(unknown)))
        checks = tuple(rule.poison_flags[f] for f in ins.flags)
        value, m = rule.value, mask(dw)

        def step(fr: _Frame) -> None:
            x = get(fr)
            if x is POISON or any(check(x, sw, dw) for check in checks):  # type: ignore[arg-type]
                fr.values[name] = POISON
            else:
                fr.values[name] = value(x, sw, dw) & m  # type: ignore[arg-type]
        return name, step
    if op == "bitcast":
        st, dt = c.check_type(ins.operand.type), c.check_type(ins.dest_type)
        if st != dt:
            raise UnsupportedIR("bitcast between types", f"{st} -> {dt}")
        return name, lambda fr: fr.values.__setitem__(name, get(fr))
    if op == "ptrtoint":
        dw = c.int_width(ins.dest_type)
        c.check_type(ins.operand.type)

        def ptrtoint(fr: _Frame) -> None:
            p = get(fr)
            if p is POISON:
                fr.values[name] = POISON
                return
            fr.nondet = True  # the address is one of many the block could have
            fr.values[name] = fr.memory.address(p) & mask(dw)  # type: ignore[arg-type]
        return name, ptrtoint
    if op in _FLOAT_OPS:
        raise UnsupportedIR("floating point", op)
    raise UnsupportedIR("cast", op)


def _select(c: _Compiler, ins: ir.Select) -> tuple[str | None, Step]:
    if not isinstance(c.check_type(ins.cond.type), ir.IntType):
        raise UnsupportedIR("vector select")
    if ins.flags:
        raise UnsupportedIR("select flags (fast-math)", " ".join(ins.flags))
    get_c = c.operand(ins.cond.value, ins.cond.type)
    get_t = c.operand(ins.true_value.value, ins.true_value.type)
    get_f = c.operand(ins.false_value.value, ins.false_value.type)
    name = ins.result

    def step(fr: _Frame) -> None:
        cond = get_c(fr)
        # Poison condition -> poison; otherwise only the chosen arm is evaluated/matters.
        fr.values[name] = POISON if cond is POISON else (get_t(fr) if cond else get_f(fr))
    return name, step


def _freeze_value(fr: _Frame, v: ConcreteValue, t: ir.Type) -> ConcreteValue:
    if v is POISON:
        return fr.choose(t)
    if isinstance(v, tuple):
        fields, _ = _aggregate_fields(fr.memory.layout.resolve(t), fr.memory.layout)  # type: ignore[arg-type]
        return tuple(_freeze_value(fr, e, ft) for e, ft in zip(v, fields, strict=True))
    return v


def _freeze(c: _Compiler, ins: ir.Freeze) -> tuple[str | None, Step]:
    t = c.check_type(ins.operand.type)
    get = c.operand(ins.operand.value, ins.operand.type)
    name = ins.result
    return name, lambda fr: fr.values.__setitem__(name, _freeze_value(fr, get(fr), t))


_MAX_ALLOCA = 1 << 24


def _alloca(c: _Compiler, ins: ir.Alloca) -> tuple[str | None, Step]:
    if ins.addrspace not in (None, 0) or ins.inalloca or ins.swifterror:
        raise UnsupportedIR("alloca kind")
    c.check_type(ins.allocated_type)
    elem_size = c.layout.alloc_size(ins.allocated_type)
    align = ins.align or c.layout.abi_align(ins.allocated_type)
    get_n = c.operand(ins.count.value, ins.count.type) if ins.count else (lambda fr: 1)
    name = ins.result
    starts_dead = name in c.lifetime_managed

    def step(fr: _Frame) -> None:
        n = get_n(fr)
        if n is POISON:
            raise _UndefinedBehavior("alloca with a poison size")
        size = elem_size * n  # type: ignore[operator]
        if size >= 1 << 63:
            raise _UndefinedBehavior("alloca size overflows")
        if size > _MAX_ALLOCA:
            raise UnsupportedIR("alloca larger than 16 MiB")
        fr.values[name] = fr.memory.allocate("stack", "%" + name, size, align,
                                             alive=not starts_dead)
    return name, step


#: Load metadata that changes the loaded value's meaning (LangRef "Metadata"): not
#: modelled, so such loads are not judged.
_VALUE_METADATA = frozenset({"range", "noundef", "nonnull", "align", "dereferenceable",
                             "dereferenceable_or_null"})


def _load(c: _Compiler, ins: ir.Load) -> tuple[str | None, Step]:
    if ins.volatile or ins.atomic:
        raise UnsupportedIR("volatile or atomic load")
    if any(m[0] in _VALUE_METADATA for m in ins.metadata):
        raise UnsupportedIR("load metadata", " ".join(m[0] for m in ins.metadata))
    c.check_type(ins.type)
    n = c.layout.store_size(ins.type)
    align = ins.align or c.layout.abi_align(ins.type)
    get_p = c.operand(ins.pointer.value, ins.pointer.type)
    t, name = ins.type, ins.result

    def step(fr: _Frame) -> None:
        mem = fr.memory
        fr.values[name] = mem.decode(mem.read(get_p(fr), n, align), t)
    return name, step


def _store(c: _Compiler, ins: ir.Store) -> tuple[str | None, Step]:
    if ins.volatile or ins.atomic:
        raise UnsupportedIR("volatile or atomic store")
    t = ins.value.type
    c.check_type(t)
    align = ins.align or c.layout.abi_align(t)
    get_v = c.operand(ins.value.value, t)
    get_p = c.operand(ins.pointer.value, ins.pointer.type)

    def step(fr: _Frame) -> None:
        mem = fr.memory
        mem.write(get_p(fr), mem.encode(get_v(fr), t), align)
    return None, step


_OFFSET_BITS = 64


def _gep(c: _Compiler, ins: ir.GetElementPtr) -> tuple[str | None, Step]:
    flags = set(ins.flags)
    unknown = {f for f in flags if not f.startswith("inrange")} - {"inbounds", "nusw", "nuw"}
    if unknown or any(f.startswith("inrange") for f in flags):
        raise UnsupportedIR("getelementptr flag", " ".join(sorted(flags)))
    if not isinstance(c.check_type(ins.pointer.type), ir.PtrType):
        raise UnsupportedIR("vector getelementptr")
    inbounds = "inbounds" in flags
    nusw = inbounds or "nusw" in flags
    nuw = "nuw" in flags
    get_p = c.operand(ins.pointer.value, ins.pointer.type)
    # Each step: (getter or None, index width, scale, constant offset).
    steps: list[tuple[Getter | None, int, int, int]] = []
    t: ir.Type = ins.source_type
    c.check_type(t)
    for n, idx in enumerate(ins.indices):
        w = c.int_width(idx.type)
        if n == 0:
            steps.append((c.operand(idx.value, idx.type), w, c.layout.alloc_size(t), 0))
            continue
        r = c.layout.resolve(t)
        if isinstance(r, ir.StructType):
            if not isinstance(idx.value, ir.IntConst | ir.ZeroInit):
                raise UnsupportedIR("non-constant struct index")
            i = 0 if isinstance(idx.value, ir.ZeroInit) else idx.value.value & mask(w)
            steps.append((None, w, 0, c.layout.struct_offsets(r)[i]))
            t = r.fields[i]
        elif isinstance(r, ir.ArrayType):
            steps.append((c.operand(idx.value, idx.type), w, c.layout.alloc_size(r.elem), 0))
            t = r.elem
        else:
            raise UnsupportedIR("getelementptr into", type(r).__name__)
    name = ins.result
    lo, hi = -(1 << (_OFFSET_BITS - 1)), 1 << (_OFFSET_BITS - 1)

    def step(fr: _Frame) -> None:
        p = get_p(fr)
        offsets = []
        for get, w, scale, const in steps:
            if get is None:
                offsets.append((const, const))
                continue
            i = get(fr)
            if i is POISON:
                fr.values[name] = POISON
                return
            # The index is sign-extended (or truncated) to the 64-bit index width first.
            idx = to_signed(to_unsigned(to_signed(i, w), 64), 64)  # type: ignore[arg-type]
            offsets.append((idx * scale, to_unsigned(idx, 64) * scale))
        if p is POISON:
            fr.values[name] = POISON
            return
        fr.values[name] = _gep_result(fr, p, offsets, inbounds, nusw, nuw, lo, hi)  # type: ignore[arg-type]
    return name, step


def _gep_result(fr: _Frame, p: Pointer, offsets: list[tuple[int, int]], inbounds: bool,
                nusw: bool, nuw: bool, lo: int, hi: int) -> ConcreteValue:
    """LangRef getelementptr: offsets are added one by one. ``inbounds``: every partial
    result stays in ``[0, size]`` of the block (all-zero indices always fine); ``nusw``:
    no signed overflow of a product or of an addition to the address; ``nuw``: the same,
    unsigned (indices then read as unsigned)."""
    block = fr.memory.block(p.block) if (inbounds or nuw or nusw) else None
    signed_total = p.offset
    address = fr.memory.address(p) if block is not None else 0
    unsigned_total = address
    signed_address = to_signed(address, 64) if block is not None else 0
    all_zero = all(s == 0 for s, _ in offsets)
    if inbounds and not all_zero and not (0 <= p.offset <= block.size):  # type: ignore[union-attr]
        return POISON
    for s, u in offsets:
        if nusw and not (lo <= s < hi):
            return POISON
        if nuw and u >= 1 << _OFFSET_BITS:
            return POISON
        signed_total += s
        unsigned_total += u
        signed_address += s
        if nusw and not (lo <= signed_address < hi):
            return POISON
        if nuw and unsigned_total >= 1 << _OFFSET_BITS:
            return POISON
        if inbounds and not all_zero and not (0 <= signed_total <= block.size):  # type: ignore[union-attr]
            return POISON
    return Pointer(p.block, to_signed(signed_total & mask(64), 64))


def _extractvalue(c: _Compiler, ins: ir.ExtractValue) -> tuple[str | None, Step]:
    c.check_type(ins.aggregate.type)
    get = c.operand(ins.aggregate.value, ins.aggregate.type)
    indices, name = ins.indices, ins.result

    def step(fr: _Frame) -> None:
        v = get(fr)
        for i in indices:
            v = v[i] if isinstance(v, tuple) else POISON
        fr.values[name] = v
    return name, step


def _insertvalue(c: _Compiler, ins: ir.InsertValue) -> tuple[str | None, Step]:
    t = c.check_type(ins.aggregate.type)
    get_agg = c.operand(ins.aggregate.value, ins.aggregate.type)
    get_e = c.operand(ins.element.value, ins.element.type)
    indices, name, layout = ins.indices, ins.result, c.layout

    def replace(agg: ConcreteValue, at: Sequence[int], e: ConcreteValue,
                t: ir.Type) -> ConcreteValue:
        if not at:
            return e
        fields, _ = _aggregate_fields(layout.resolve(t), layout)  # type: ignore[arg-type]
        items = list(agg) if isinstance(agg, tuple) else [POISON] * len(fields)
        items[at[0]] = replace(items[at[0]], at[1:], e, fields[at[0]])
        return tuple(items)

    return name, lambda fr: fr.values.__setitem__(name, replace(get_agg(fr), indices,
                                                                  get_e(fr), t))


def _call(c: _Compiler, ins: ir.Call) -> tuple[str | None, Step]:
    if not isinstance(ins.callee, ir.Global):
        raise UnsupportedIR("indirect call or inline asm")
    if ins.bundles:
        raise UnsupportedIR("call with operand bundles")
    callee = ins.callee.name
    base = intrinsic_base(callee)
    if base is None:
        if callee.startswith("llvm."):
            raise UnsupportedIR("intrinsic", f"@{callee}")
        library = _library_call(c, ins, callee)
        name, step = library if library is not None else _unknown_call(c, ins, callee)
        return name, _with_call_attributes(c, ins, name, step)
    if base in NO_OP_INTRINSICS:
        return ins.result, lambda fr: None
    name, step = _INTRINSIC_COMPILERS.get(base, _pure_intrinsic)(c, ins, base)
    return name, _with_call_attributes(c, ins, name, step)


# ---- C library functions with exact semantics (as libcalls.py models them) ---------------

#: Library functions run here with their C semantics (`_library_call`).
INTERPRETED_LIBCALLS = frozenset({"malloc", "calloc", "free", "strlen", "memcpy", "memmove",
                                  "memset"})
#: Library functions the verifier models exactly (libfacts.py) in a way the interpreter
#: does not (rewrites into other calls, partial models, or not yet here): a path calling
#: one is not judged. Derived, so a library call added to the verifier is never run
#: here as an unknown function.
_LIBCALLS_NOT_MODELLED = (frozenset(LIBRARY_MODELS) | {"fwrite"}) - INTERPRETED_LIBCALLS


def _library_signature(callee: str, ins: ir.Call) -> bool:
    """The C prototype (a function named ``malloc`` with another one is unknown)."""
    types = [a.type for a in ins.args]
    ptr, i64, ret = ir.PTR, ir.I64, ins.return_type
    return {
        "malloc": types == [i64] and ret == ptr,
        "calloc": types == [i64, i64] and ret == ptr,
        "free": types == [ptr] and ret == ir.VOID,
        "strlen": types == [ptr] and ret in (i64, ir.I32),
        "memcpy": types == [ptr, ptr, i64] and ret in (ptr, ir.VOID),
        "memmove": types == [ptr, ptr, i64] and ret in (ptr, ir.VOID),
        "memset": types == [ptr, ir.I32, i64] and ret in (ptr, ir.VOID),
    }.get(callee, False)


def _library_call(c: _Compiler, ins: ir.Call, callee: str) -> tuple[str | None, Step] | None:
    """Allocation, ``free``, ``strlen`` and the ``mem*`` libcalls; None for others."""
    if callee in _LIBCALLS_NOT_MODELLED:
        raise UnsupportedIR("library call", f"@{callee}")
    if not _library_signature(callee, ins):
        return None
    gets, name = _intrinsic_args(c, ins), ins.result
    if callee in ("malloc", "calloc"):
        if name is None:
            raise UnsupportedIR("allocation whose result is unused")
        return name, _allocation(gets, name, zeroed=callee == "calloc")
    if callee == "free":
        return None, _free_step(gets[0])
    if callee == "strlen":
        if name is None:
            raise UnsupportedIR("strlen whose result is unused")
        return name, _strlen_step(gets[0], name, c.int_width(ins.return_type))
    # memcpy/memmove/memset: the intrinsic's meaning (not volatile), returning dst.
    as_intrinsic = dataclasses.replace(
        ins, args=ins.args + (ir.CallArg(ir.I1, ir.IntConst(0)),))
    _, mem = _mem_intrinsic(c, as_intrinsic, callee)
    if name is None:
        return None, mem

    def mem_returning_dst(fr: _Frame) -> None:
        mem(fr)
        fr.values[name] = gets[0](fr)
    return name, mem_returning_dst


def _allocation(gets: list[Getter], name: str, zeroed: bool) -> Step:
    """``malloc(n)``/``calloc(n, m)``: a fresh heap block. Allocation succeeds (one of
    the allowed outcomes, the same in src and tgt: Alive2's ``malloc_never_fails``),
    except a ``calloc`` whose size overflows, which returns null."""
    def allocate(fr: _Frame) -> None:
        sizes = [g(fr) for g in gets]
        if any(x is POISON for x in sizes):
            raise _UndefinedBehavior("allocation size is poison")
        size = 1
        for x in sizes:
            size *= x  # type: ignore[operator]
        if size >> 64:
            fr.values[name] = NULL
            return
        if size > _MAX_ALLOCA:
            raise UnsupportedIR("allocation larger than 16 MiB")
        contents = [0] * size if zeroed else None
        fr.values[name] = fr.memory.allocate("heap", "%" + name, size, 16, contents=contents)
    return allocate


def _free_step(get: Getter) -> Step:
    """``free(p)``: UB unless ``p`` is null or the start of a live heap block (a block
    of a pointer argument may be one: the caller's allocation is unknown)."""
    def free(fr: _Frame) -> None:
        p = get(fr)
        if p is POISON:
            raise _UndefinedBehavior("free of a poison pointer")
        if p == NULL:
            return
        b = fr.memory.block(p.block)  # type: ignore[union-attr]
        if p.offset != 0 or not b.alive or b.kind not in ("heap", "argument"):  # type: ignore[union-attr]
            raise _UndefinedBehavior("free of a pointer that is not a live heap block")
        b.alive = False
    return free


def _strlen_step(get: Getter, name: str, width: int) -> Step:
    """``strlen(p)``: the index of the first zero byte; UB on a poison pointer, on a
    poison byte before it, or when no zero byte is in bounds."""
    def strlen(fr: _Frame) -> None:
        p = get(fr)
        fr.memory.check_access(p, 1, 1, "strlen read")
        b = fr.memory.block(p.block)  # type: ignore[union-attr]
        for k in range(p.offset, b.size):  # type: ignore[union-attr]
            byte = b.contents[k]
            if byte is POISON:
                raise _UndefinedBehavior("strlen reads a poison byte")
            if isinstance(byte, PointerByte):
                raise UnsupportedIR("strlen over pointer bytes")
            if byte == 0:
                fr.values[name] = (k - p.offset) & mask(width)  # type: ignore[union-attr]
                return
        raise _UndefinedBehavior("strlen reads past the end of the block")
    return strlen


# ---- unknown functions ------------------------------------------------------------------

#: (``allocsize`` restricts the result: UB when broken, not modelled here)
_UNSUPPORTED_CALLEE_ATTRS = frozenset({"returns_twice", "preallocated", "allocsize"})
_UNSUPPORTED_ARG_ATTRS = frozenset({"byval", "byref", "sret", "inalloca", "preallocated",
                                    "nest", "swifterror", "swiftself", "elementtype"})


def unknown_call_site(module: ir.Module, ins: ir.Call, callee: str) -> UnknownCall:
    """What a call to ``callee`` may do, from the call site's and the declaration's
    attributes (and the C library facts LLVM relies on, libfacts.py)."""
    from veriopt.llvm import attrs as A
    from veriopt.verify.libfacts import known_arg_claims

    groups = module.attribute_groups
    call_attrs = A.resolve(ins.fn_attrs, groups)
    try:
        decl: ir.Function | None = module.function(callee)
    except KeyError:
        decl = None
    if decl is not None and (decl.return_type != ins.return_type or (
            [p.type for p in decl.params] != [a.type for a in ins.args] and not decl.varargs)):
        # A call through another function type (K&R C): not judged.
        raise UnsupportedIR("call with a type other than the callee's", f"@{callee}")
    decl_attrs = A.resolve(decl.fn_attrs, groups) if decl is not None else ()
    every = call_attrs + decl_attrs
    for a in every:
        if A.keyword(a) in _UNSUPPORTED_CALLEE_ATTRS:
            raise UnsupportedIR("callee attribute", a)
    eff = A.memory_effects(call_attrs).intersect(A.memory_effects(decl_attrs))
    arg_attrs = []
    for k, arg in enumerate(ins.args):
        attrs = tuple(arg.attrs)
        if decl is not None and k < len(decl.params):
            attrs += tuple(decl.params[k].attrs)
        attrs += tuple(sorted(known_arg_claims(callee, k)))
        if {A.keyword(a) for a in attrs} & _UNSUPPORTED_ARG_ATTRS:
            raise UnsupportedIR("call argument attribute", " ".join(attrs))
        arg_attrs.append(attrs)
    ret_attrs = tuple(ins.ret_attrs) + (tuple(decl.ret_attrs) if decl is not None else ())
    writes_args, writes_other = bool(eff.argmem & A.ACCESS_WRITE), bool(eff.other & A.ACCESS_WRITE)
    return UnknownCall(
        callee=callee, arg_types=tuple(a.type for a in ins.args), arg_attrs=tuple(arg_attrs),
        return_type=ins.return_type, ret_attrs=ret_attrs,
        reads_args=bool(eff.argmem & A.ACCESS_READ), writes_args=writes_args,
        reads_other=bool(eff.other & A.ACCESS_READ), writes_other=writes_other,
        has_state=not eff.only_reads_memory,
        # Alive2 (checked with alive-tv): a callee frees only if it may write memory
        # other than its own (memory(none/read/inaccessiblemem) callees never free).
        may_free=not A.has(every, "nofree") and (writes_args or writes_other),
        will_return=A.has(every, "willreturn"), no_return=A.has(every, "noreturn"))


def _unknown_call(c: _Compiler, ins: ir.Call, callee: str) -> tuple[str | None, Step]:
    """A call the run's `CallModel` answers (none: this path is not judged)."""
    for a in ins.args:
        t = c.check_type(a.type)
        if not isinstance(t, ir.IntType | ir.PtrType):
            raise UnsupportedIR("call argument type", str(type(t).__name__))
    if not isinstance(ins.return_type, ir.VoidType) and not isinstance(
            c.check_type(ins.return_type), ir.IntType | ir.PtrType):
        raise UnsupportedIR("call return type")
    site = unknown_call_site(c.module, ins, callee)
    gets, name = _intrinsic_args(c, ins), ins.result

    def unknown(fr: _Frame) -> None:
        if fr.calls is None:
            raise UnsupportedIR("call", f"@{callee}")
        result = fr.calls.call(fr.memory, fr.log, site, [g(fr) for g in gets])
        if name is not None:
            fr.values[name] = result
    return name, unknown


def _with_call_attributes(c: _Compiler, ins: ir.Call, name: str | None, step: Step) -> Step:
    """Call-site attributes: a poison argument to a ``noundef`` parameter is UB; a
    result violating ``range``/``nonnull``/``align`` is poison, and UB with ``noundef``
    (instcombine puts ``range`` on intrinsic calls; a wrong one must not go unseen)."""
    noundef_args = [(c.operand(a.value, a.type), k) for k, a in enumerate(ins.args)
                    if "noundef" in a.attrs]
    ret_attrs = tuple(ins.ret_attrs)
    if not noundef_args and not ret_attrs:
        return step
    ret_noundef = "noundef" in ret_attrs
    layout = c.layout

    def attributed(fr: _Frame) -> None:
        for get, k in noundef_args:
            if _is_poisoned(get(fr)):
                raise _UndefinedBehavior(f"poison passed to noundef argument {k}")
        step(fr)
        if name is None or not ret_attrs:
            return
        v = fr.values[name]
        if _attr_poison(v, ret_attrs, fr.memory, layout):
            v = fr.values[name] = POISON
        if ret_noundef and _is_poisoned(v):
            raise _UndefinedBehavior("noundef call result is poison")
    return attributed


def _intrinsic_args(c: _Compiler, ins: ir.Call) -> list[Getter]:
    return [c.operand(a.value, a.type) for a in ins.args]


def _pure_intrinsic(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    """`PURE_INTRINSICS`: poison in, poison out."""
    if base not in PURE_INTRINSICS:
        raise UnsupportedIR("intrinsic", ins.callee.name)  # type: ignore[union-attr]
    gets, w, name = _intrinsic_args(c, ins), c.int_width(ins.args[0].type), ins.result
    arity, fn = PURE_INTRINSICS[base]
    if base == "bswap" and w % 16:
        raise UnsupportedIR("bswap width", str(w))
    m = mask(w)

    def pure(fr: _Frame) -> None:
        xs = [g(fr) for g in gets[:arity]]
        fr.values[name] = POISON if any(x is POISON for x in xs) else fn(*xs, w) & m  # type: ignore[arg-type]
    return name, pure


def _with_overflow(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    """``{iN, i1}`` results; a poison operand poisons both fields."""
    gets, w, name = _intrinsic_args(c, ins), c.int_width(ins.args[0].type), ins.result
    fn = OVERFLOW_INTRINSICS[base]

    def with_overflow(fr: _Frame) -> None:
        a, b = gets[0](fr), gets[1](fr)
        if a is POISON or b is POISON:
            fr.values[name] = (POISON, POISON)
        else:
            v, o = fn(a, b, w)  # type: ignore[arg-type]
            fr.values[name] = (v, int(o))
    return name, with_overflow


def _flagged_unary(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    """abs/ctlz/cttz with their i1 flag: abs(INT_MIN), ctlz(0), cttz(0) are poison when
    the flag is true."""
    gets, w, name = _intrinsic_args(c, ins), c.int_width(ins.args[0].type), ins.result
    flag = ins.args[1].value
    if not isinstance(flag, ir.IntConst):
        raise UnsupportedIR(f"llvm.{base} with a non-constant flag")
    poison_flag = bool(flag.value & 1)
    fn = {"abs": lambda x: abs(to_signed(x, w)) & mask(w), "ctlz": lambda x: _ctlz(x, w),
          "cttz": lambda x: _cttz(x, w)}[base]
    poison_at = _int_min(w) if base == "abs" else 0

    def unary(fr: _Frame) -> None:
        x = gets[0](fr)
        fr.values[name] = POISON if x is POISON or (poison_flag and x == poison_at) \
            else fn(x)  # type: ignore[arg-type]
    return name, unary


def _shl_sat(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    """Saturating shifts: an amount >= the width is poison."""
    gets, w, name = _intrinsic_args(c, ins), c.int_width(ins.args[0].type), ins.result
    signed = base == "sshl.sat"

    def shl_sat(fr: _Frame) -> None:
        a, b = gets[0](fr), gets[1](fr)
        if a is POISON or b is POISON or b >= w:  # type: ignore[operator]
            fr.values[name] = POISON
        else:
            fr.values[name] = _sshl_sat(a, b, w) if signed else _clamp_unsigned(a << b, w)  # type: ignore[arg-type,operator]
    return name, shl_sat


def _three_way(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    """scmp/ucmp: -1, 0 or 1 in the result type."""
    gets, w, name = _intrinsic_args(c, ins), c.int_width(ins.args[0].type), ins.result
    rw = c.int_width(ins.return_type)
    lt, gt = (ICMP["slt"], ICMP["sgt"]) if base == "scmp" else (ICMP["ult"], ICMP["ugt"])

    def three_way(fr: _Frame) -> None:
        a, b = gets[0](fr), gets[1](fr)
        if a is POISON or b is POISON:
            fr.values[name] = POISON
        else:
            fr.values[name] = mask(rw) if lt(a, b, w) else int(gt(a, b, w))  # type: ignore[arg-type]
    return name, three_way


def _expect(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    """llvm.expect*: the identity on its first argument."""
    get, name = c.operand(ins.args[0].value, ins.args[0].type), ins.result
    return name, lambda fr: fr.values.__setitem__(name, get(fr))


def _assume(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    if ins.bundles:
        raise UnsupportedIR("llvm.assume with operand bundles")
    get = c.operand(ins.args[0].value, ins.args[0].type)

    def assume(fr: _Frame) -> None:
        v = get(fr)
        if v is POISON or not v:
            raise _UndefinedBehavior("llvm.assume of false or poison")
    return None, assume


def _trap(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    def trap(fr: _Frame) -> None:
        # A noreturn call: the path leaves the function's domain, which refinement treats
        # exactly like UB (VERIFIER.md §2, stage 1).
        raise _UndefinedBehavior(f"llvm.{base} does not return")
    return None, trap


def _lifetime(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    get = c.operand(ins.args[-1].value, ins.args[-1].type)
    start = base == "lifetime.start"

    def lifetime(fr: _Frame) -> None:
        p = get(fr)
        if p is POISON:
            return  # LangRef: a poison pointer makes lifetime markers no-ops
        b = fr.memory.block(p.block)  # type: ignore[union-attr]
        if b.kind != "stack" or p.offset != 0:  # type: ignore[union-attr]
            # LangRef 19: on a non-stack object, or not at its first byte, the marker
            # only fills the object with poison (no UB; Alive2 agrees, alive-tv).
            if b.kind == "null" or b.constant:
                raise UnsupportedIR(f"llvm.{base} on a null or constant block")
            if b.alive:
                b.contents = [POISON] * b.size
                b.written = True
            return
        b.alive = start
        if start:
            b.contents = [POISON] * b.size
    return None, lifetime


def _mem_intrinsic(c: _Compiler, ins: ir.Call, base: str) -> tuple[str | None, Step]:
    gets = _intrinsic_args(c, ins)
    if len(ins.args) != 4 or not isinstance(ins.args[3].value, ir.IntConst):
        raise UnsupportedIR(f"llvm.{base} form")
    if ins.args[3].value.value & 1:
        raise UnsupportedIR(f"volatile llvm.{base}")
    dst_align = _param_align(ins.args[0].attrs)
    src_align = _param_align(ins.args[1].attrs) if not base.startswith("memset") else 1
    is_set = base.startswith("memset")
    is_copy = base.startswith("memcpy")

    def mem(fr: _Frame) -> None:
        dst, src, n = gets[0](fr), gets[1](fr), gets[2](fr)
        if n is POISON:
            raise _UndefinedBehavior(f"llvm.{base} with a poison length")
        if n == 0:
            return  # a zero length is fine even with invalid pointers
        memory = fr.memory
        memory.check_access(dst, n, dst_align, "store")  # type: ignore[arg-type]
        if is_set:
            data: list[Byte] = [src] * n  # type: ignore[list-item,operator]
        else:
            data = memory.read(src, n, src_align)  # type: ignore[arg-type]
            # memcpy: the ranges must be equal or disjoint (LangRef llvm.memcpy).
            if is_copy and dst.block == src.block and dst.offset != src.offset and abs(  # type: ignore[union-attr]
                    dst.offset - src.offset) < n:  # type: ignore[union-attr]
                raise _UndefinedBehavior("llvm.memcpy of overlapping ranges")
        memory.write(dst, data, dst_align)
    return None, mem


def _param_align(attrs: Sequence[str]) -> int:
    for a in attrs:
        if a.startswith("align "):
            return int(a.split()[1])
    return 1


_INTRINSIC_COMPILERS = {
    **{name: _with_overflow for name in OVERFLOW_INTRINSICS},
    "abs": _flagged_unary, "ctlz": _flagged_unary, "cttz": _flagged_unary,
    "sshl.sat": _shl_sat, "ushl.sat": _shl_sat, "scmp": _three_way, "ucmp": _three_way,
    "expect": _expect, "expect.with.probability": _expect,
    "assume": _assume, "trap": _trap, "ubsantrap": _trap,
    "lifetime.start": _lifetime, "lifetime.end": _lifetime,
    "memcpy": _mem_intrinsic, "memcpy.inline": _mem_intrinsic, "memmove": _mem_intrinsic,
    "memset": _mem_intrinsic, "memset.inline": _mem_intrinsic,
}

_HANDLERS: dict[type, Callable[[_Compiler, ir.Instruction], tuple[str | None, Step]]] = {
    ir.BinaryOp: _binary, ir.ICmp: _icmp, ir.Cast: _cast, ir.Select: _select,
    ir.Freeze: _freeze, ir.Alloca: _alloca, ir.Load: _load, ir.Store: _store,
    ir.GetElementPtr: _gep, ir.ExtractValue: _extractvalue, ir.InsertValue: _insertvalue,
    ir.Call: _call,
}  # type: ignore[dict-item]


# --------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledFunction:
    """A function ready to run many times (see `compile_function`)."""

    module: ir.Module
    function: ir.Function
    layout: Layout
    blocks: Mapping[str, _CompiledBlock]
    entry: str


_CACHE: dict[int, CompiledFunction] = {}
_CACHE_LIMIT = 512


def compile_function(module: ir.Module, fn: ir.Function) -> CompiledFunction:
    """Compile (or fetch from a small identity cache) ``fn`` of ``module``.

    Raises `UnsupportedIR` for any construct the interpreter does not model.
    """
    key = id(fn)
    hit = _CACHE.get(key)
    if hit is not None and hit.function is fn and hit.module is module:
        return hit
    comp = _Compiler(module, fn)
    blocks = comp.compile()
    compiled = CompiledFunction(module, fn, comp.layout, blocks, fn.blocks[0].name)  # type: ignore[index]
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = compiled
    return compiled


def run_function(module: ir.Module, fn: ir.Function | str, args: Sequence[ConcreteValue], *,
                 undef_choice: UndefChoice = "zero", step_limit: int = 10_000,
                 rng: random.Random | None = None, memory: Memory | None = None,
                 initial_memory: InitialMemory | None = None,
                 record_trace: bool = True, calls: CallModel | None = None,
                 visit_limit: int | None = None) -> Outcome:
    """Run ``fn`` on ``args`` (unsigned ints, ``POISON``, or `Pointer`s into ``memory``).

    ``undef_choice`` picks the value of each undef use and each freeze of poison
    (``"zero"``, ``"ones"``, ``"random"`` with ``rng``, or a callable (bits, rng) -> int).
    ``initial_memory`` shares global block ids and contents between runs (pass the same
    object to a src and a tgt run); ``memory`` lets a caller pre-build argument blocks.
    ``calls`` decides what unknown functions do (pass the same model to a src and a tgt
    run); without one, a path that calls an unknown function ends "unsupported". An
    argument may be `UNDEF` (each run picks its value through ``undef_choice``).
    ``visit_limit`` cuts the run (``step_limit``) when a block is entered more often:
    runs within an unroll bound (each loop iterating at most ``visit_limit - 1`` times).
    Raises `UnsupportedIR` for constructs the interpreter does not model at all.
    """
    if isinstance(fn, str):
        fn = module.function(fn)
    compiled = compile_function(module, fn)
    if len(args) != len(fn.params):
        raise ValueError(f"@{fn.name} takes {len(fn.params)} arguments, got {len(args)}")
    rng = rng if rng is not None else random.Random(0)
    if memory is None:
        memory = Memory(initial_memory or InitialMemory(module), compiled.layout)
    fr = _Frame(memory, _undef_picker(undef_choice), rng, calls)
    trace: list[tuple[str, ConcreteValue]] = []
    kind, value, reason = "return", None, None
    try:
        _bind_params(fr, fn, args, compiled.layout)
        _execute(fr, compiled, step_limit, trace if record_trace else None, visit_limit)
        if fr.steps > step_limit:
            kind, reason = "step_limit", f"more than {step_limit} steps"
        else:
            value = fr.ret
    except _UndefinedBehavior as e:
        kind, reason = "ub", e.reason
    except UnsupportedIR as e:
        kind, reason = "unsupported", str(e)
    except ProgramExit as e:
        kind, value, reason = "exit", e.event, f"@{e.event.callee} did not return"
    except RunCut as e:
        kind, reason = "step_limit", str(e)
    return Outcome(kind, value, reason, tuple(trace), memory.non_local_writes(),
                   fr.nondet or memory.nondet or fr.log.nondet, fr.steps, memory.summary(),
                   tuple(fr.log.events), memory.dead_non_local(),
                   max(fr.visits.values(), default=0))


def _bind_params(fr: _Frame, fn: ir.Function, args: Sequence[ConcreteValue],
                 layout: Layout) -> None:
    """Bind arguments; an attribute violation makes the argument poison, and a poison
    ``noundef`` argument is UB (the caller's precondition, VERIFIER.md §4)."""
    for i, (p, a) in enumerate(zip(fn.params, args, strict=True)):
        if a is UNDEF:
            a = fr.choose(p.type)
            if "noundef" in p.attrs:  # LangRef: undef passed to noundef is UB too
                raise _UndefinedBehavior(f"undef passed to noundef parameter %{p.name or i}")
        if p.attrs and a is not POISON and _attr_poison(a, p.attrs, fr.memory, layout):
            a = POISON
        if "noundef" in p.attrs and _is_poisoned(a):
            raise _UndefinedBehavior(f"poison passed to noundef parameter %{p.name or i}")
        for attr in p.attrs:
            m = _DEREFERENCEABLE.fullmatch(attr)
            if m and not (m[1] and a == NULL) and not _dereferenceable(fr.memory, a, int(m[2])):
                raise _UndefinedBehavior(f"parameter %{p.name or i} is not {attr}")
        fr.values[p.name if p.name is not None else str(i)] = a


_DEREFERENCEABLE = re.compile(r"dereferenceable(_or_null)?\((\d+)\)")


def _dereferenceable(memory: Memory, p: ConcreteValue, n: int) -> bool:
    if not isinstance(p, Pointer) or p.block == 0:
        return False
    b = memory.block(p.block)
    return b.alive and 0 <= p.offset and p.offset + n <= b.size


def _execute(fr: _Frame, compiled: CompiledFunction, step_limit: int,
             trace: list[tuple[str, ConcreteValue]] | None,
             visit_limit: int | None = None) -> None:
    """Run blocks until ``ret``, counting steps in ``fr.steps`` (> limit when cut, also
    when a block is entered more than ``visit_limit`` times)."""
    blocks, values = compiled.blocks, fr.values
    name: str | None = compiled.entry
    prev: str | None = None
    visits = fr.visits
    while name is not None:
        block = blocks[name]
        visits[name] = visits.get(name, 0) + 1
        if visit_limit is not None and visits[name] > visit_limit:
            fr.steps = step_limit + 1
            return
        fr.steps += len(block.phis) + len(block.body) + 1
        if fr.steps > step_limit:
            return
        if block.phis:
            if prev is None:
                raise UnsupportedIR("phi in the entry block")
            incoming = [(res, getters[prev](fr)) for res, getters in block.phis]
            for res, v in incoming:
                values[res] = v
            if trace is not None:
                trace.extend(incoming)
        if trace is None:
            for _, step in block.body:
                step(fr)
        else:
            for res, step in block.body:
                step(fr)
                if res is not None:
                    trace.append((res, values[res]))
        prev, name = name, block.terminator(fr)


__all__ = [
    "POISON", "UNDEF", "NULL", "Pointer", "CallEvent", "CallLog", "CallModel", "UnknownCall",
    "ProgramExit", "RunCut", "PointerByte", "ConcreteValue", "Byte", "Outcome",
    "BINARY", "ICMP", "ICMP_POISON_FLAGS", "INT_CASTS", "PURE_INTRINSICS",
    "OVERFLOW_INTRINSICS", "Layout", "GlobalImage", "GLOBAL_FILLS", "InitialMemory", "Memory",
    "MemoryBlock", "CompiledFunction", "compile_function", "run_function",
    "intrinsic_base", "to_signed", "to_unsigned", "mask",
]
