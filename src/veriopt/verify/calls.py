"""Calls to declared (unknown) functions (VERIFIER.md §6).

Each function is verified alone, so a callee is unknown: any function that is
deterministic given its inputs and respects its attributes. A *src* call becomes a
`CallRecord`: its inputs (callee, arguments, the memory it may read, how many
earlier calls to the same callee ran) and fresh *outputs*: the result (non-poison
when ``noundef``), a UB flag, a "does not return" flag (fixed by ``noreturn`` /
``willreturn``), a new byte function for every block it may write (``memory(...)``,
``readonly``/``readnone``/``argmemonly``) and, unless ``nofree``, a "freed" flag
per block it may release.

A *tgt* call must match a src call to the same callee (Alive2's rule): same
callee, src's call was executed, tgt's arguments and readable memory refine src's,
and, when the callee may write, the same number of earlier calls to it ran (so
a writing call is never added, dropped on a path, or duplicated). A matched tgt
call takes that src call's outputs; an unmatched one is UB in tgt, which shows up
as "Source is more defined than target". What this allows is exactly what is
sound: removing a call that returns and writes nothing, merging or duplicating
calls that only read, adding attributes that hold.

The readable-memory condition "tgt's bytes refine src's at every offset" uses one
free offset per block: for the UB stage that is exact (a witness offset where they
differ), elsewhere it only makes ¬UB(tgt) easier to satisfy, i.e. it can only add
counterexamples, never remove one (and stage 1 runs first and is exact).

Heap blocks (allocations, and the new object a ``noalias`` result points to, a
`FreshObject`) are the function's own until their pointer leaves it: no callee
reaches them and no pointer from memory or a call points to them
(``private_heap_now``, nonlocal_memory.py); passing them to a call is one way out.
Locals passed to calls *escape*: later calls may read and write them, pointers
from memory or calls may point to them. A local passed as a ``nocapture`` argument
does not escape (the callee may still read and write it during that call). Unlike Alive2 (which lets callees write
only non-local memory, VERIFIER.md §5.4), we havoc escaped locals at every later
call: the sound choice. An alloca both functions pass at matching call sites is
one block with one id on both sides (``call_sites.pair_locals``, used by the memory plan), so
its contents can be compared and havocked alike; a local pointer escaping any other
way (stored to non-local memory, ``ptrtoint``) is ``unsupported``.

A caller's own ``memory(...)`` (or ``readonly``/... parameters) covers its callees'
accesses too: where tgt's would forbid an access its callee may make, every src
call it may be matched with must forbid it as well, or the pair is refused
(fn_attrs.py).

Library functions LLVM knows but we model as unknown calls (``printf``, ...) are
*approximated*: a counterexample in a function calling one is reported as
"Couldn't prove the correctness of the transformation", never as an error.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import attrs as A
from veriopt.llvm import ir
from veriopt.llvm.walk import callee_name
from veriopt.verify import aggregates as agg
from veriopt.verify import fn_attrs
from veriopt.verify.call_sites import fresh_object_call
from veriopt.verify.libfacts import known_arg_claims
from veriopt.verify.memory import (
    NULL_BID,
    OFFSET_BITS,
    TAG0,
    TAG_BITS,
    Byte,
    ByteFunction,
    Write,
    byte_refines,
    data_byte,
)
from veriopt.verify.nonlocal_memory import (
    PREEXISTING_KINDS,
    MemoryPlan,
    allocsize_ub,
    callees_metadata,
    dereferenceable_now,
    open_reading,
)
from veriopt.verify.ranges import in_ranges, range_metadata
from veriopt.verify.state import (
    FALSE,
    TRUE,
    StateValue,
    bv,
    bv_add,
    mk_and,
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
)

ORDINAL_BITS = 16

#: Library functions LLVM reasons about (TargetLibraryInfo) that we model as unknown
#: calls: a counterexample that involves one may be an artefact (Alive2's
#: "Unknown libcall"), so it is reported as "couldn't prove".
APPROXIMATED = frozenset({
    "printf", "fprintf", "sprintf", "snprintf", "vprintf", "vfprintf", "vsprintf",
    "vsnprintf", "puts", "fputs", "putchar", "putc", "fputc", "fwrite", "fread", "fopen",
    "fclose", "fflush", "fgets", "fgetc", "getc", "getchar", "scanf", "fscanf", "sscanf",
    "strcmp", "strncmp", "strcpy", "strncpy", "strcat", "strncat", "strchr", "strrchr",
    "strstr", "strlen", "strnlen", "strdup", "strtol", "strtoul", "strtoll", "strtod",
    "atoi", "atol", "atoll", "atof", "memcmp", "bcmp", "memchr", "exit", "_exit", "realloc",
    "posix_memalign", "aligned_alloc", "qsort", "sqrt", "sqrtf", "sin", "cos", "tan", "exp",
    "exp2", "log", "log2", "log10", "pow", "fabs", "fabsf", "floor", "ceil", "fmod", "round",
    "trunc", "abs", "labs", "llabs", "toupper", "tolower", "isdigit", "isalpha", "isspace",
    "time", "clock", "gettimeofday", "perror", "rand", "srand", "__isoc99_scanf",
    "__isoc99_sscanf", "__isoc99_fscanf",
})

#: Call-site and parameter attributes with a meaning we model or that only restrict
#: the callee (ignoring a restriction over-approximates what the callee may do).
_ARG_ATTRS_OK = {"noundef", "nonnull", "dereferenceable", "dereferenceable_or_null", "align",
                 "readonly", "writeonly", "readnone", "nocapture", "captures", "signext",
                 "zeroext", "inreg", "returned", "noalias", "nofree", "dead_on_unwind",
                 "writable", "initializes", "range", "nofpclass", "byval"}
_UNSUPPORTED_ARG_ATTRS = {"byref", "sret", "inalloca", "preallocated", "nest",
                          "swifterror", "swiftself", "swiftasync", "elementtype"}
_UNSUPPORTED_FN_ATTRS = {"returns_twice", "preallocated"}


# ---- static pairing of call sites ------------------------------------------------------------


# ---- records ------------------------------------------------------------------------------------


@dataclass
class CallRecord:
    """One src call: its inputs and its (fresh) outputs. See the module docstring."""

    index: int
    callee: str
    site: tuple[str, int]
    pc: z3.BoolRef
    args: tuple[StateValue, ...]
    arg_types: tuple[ir.Type, ...]
    ordinal: z3.BitVecRef | None  # earlier calls to this callee (None: not compared)
    reads: Callable[[int, z3.BitVecRef], Byte]  # src memory at the call
    alive_at: Callable[[int], z3.BoolRef]
    readable: frozenset[int]
    result: StateValue | None
    ub: z3.BoolRef
    no_return: z3.BoolRef
    writes: dict[int, ByteFunction] = field(default_factory=dict)
    freed: dict[int, z3.BoolRef] = field(default_factory=dict)
    heap_block: int | None = None
    effects: Effects | None = None
    arg_claims: tuple[frozenset[str], ...] | None = None
    #: called through an address that is not a known function's (indirect mode)
    through_pointer: bool = False
    #: whether src's memory attributes make an access by the callee UB (fn_attrs.py)
    forbids: Callable[[tuple], bool] | None = None
    #: function attributes claiming what the callee is (`_fn_claims`)
    fn_claims: frozenset[str] = frozenset()
    #: the result is ``noalias``; and the new object it points to (`_fresh_object`)
    noalias: bool = False
    fresh: FreshObject | None = None


@dataclass(frozen=True)
class FreshObject:
    """The object a call with a ``noalias`` result creates (LangRef 19: "allocated
    storage disjoint from the storage for any other object accessible to the
    caller"): the plan's heap block ``bid``, unless the call returns null. Its size,
    alignment and contents are unknown (LangRef does not say they are uninitialised:
    Alive2's poison bytes would let src read anything, so they are the callee's
    output, as a write would be); the pointer may be at any offset in it."""

    bid: int
    null: z3.BoolRef
    contents: ByteFunction


@dataclass(frozen=True)
class Effects:
    """What a callee may do, from its attributes and the call site's."""

    reads_other: bool
    writes_other: bool
    reads_args: bool
    writes_args: bool
    may_free: bool
    no_return: bool
    will_return: bool
    reads_hidden: bool = False  # inaccessiblemem: the callee's own state (I/O, ...)
    writes_hidden: bool = False

    @property
    def frees_reachable(self) -> bool:
        """Whether the callee may free any heap object it can reach, not only those it
        may write: a callee without ``nofree`` frees apart from its memory effects
        (LangRef ``nofree``; Alive2 frees every heap block when the callee may write
        and touches memory beyond its arguments, its own hidden state included: a
        pointer it kept from an earlier call is enough to free an object)."""
        touches = self.reads_other or self.writes_other or self.reads_hidden \
            or self.writes_hidden
        return self.may_free and touches

    @property
    def writes(self) -> bool:
        return self.writes_other or self.writes_args or self.writes_hidden

    @property
    def reads(self) -> bool:
        return self.reads_other or self.reads_args or self.reads_hidden


def callee_effects(enc: Any, inst: ir.Call) -> Effects:
    module: ir.Module = enc.module
    groups = module.attribute_groups
    call_attrs = A.resolve(inst.fn_attrs, groups)
    decl_attrs: tuple[str, ...] = ()
    name = callee_name(inst)
    if name is not None:
        try:
            decl = module.function(name)
            decl_attrs = A.resolve(decl.fn_attrs, groups)
        except KeyError:
            pass
    all_attrs = call_attrs + decl_attrs
    for a in all_attrs:
        if A.keyword(a) in _UNSUPPORTED_FN_ATTRS:
            raise UnsupportedIR(f"attribute:{A.keyword(a)}", f"Unsupported attribute: {a}")
    eff = A.memory_effects(call_attrs).intersect(A.memory_effects(decl_attrs))
    # "other" covers globals and every non-argument location we model.
    return Effects(
        reads_other=bool(eff.other & A.ACCESS_READ),
        writes_other=bool(eff.other & A.ACCESS_WRITE),
        reads_args=bool(eff.argmem & A.ACCESS_READ),
        writes_args=bool(eff.argmem & A.ACCESS_WRITE),
        # Freeing writes the freed object (LLVM declares ``free`` as
        # ``memory(argmem: readwrite, inaccessiblemem: readwrite)``): a callee that
        # writes no memory the module can reach (``memory(read)``, ``memory(none)``,
        # ``memory(inaccessiblemem: readwrite)``) frees nothing (as in Alive2); any
        # other frees unless ``nofree``.
        may_free=not A.has(all_attrs, "nofree") and bool(
            (eff.other | eff.argmem) & A.ACCESS_WRITE),
        no_return=A.has(all_attrs, "noreturn"),
        will_return=A.has(all_attrs, "willreturn"),
        reads_hidden=bool(eff.inaccessiblemem & A.ACCESS_READ),
        writes_hidden=bool(eff.inaccessiblemem & A.ACCESS_WRITE),
    )


def param_attrs(enc: Any, inst: ir.Call, k: int) -> tuple[str, ...]:
    """Attributes of argument ``k``: the call site's plus the declaration's."""
    out = tuple(inst.args[k].attrs)
    name = callee_name(inst)
    if name is not None:
        try:
            decl = enc.module.function(name)
        except KeyError:
            return out
        if k < len(decl.params):
            out += tuple(decl.params[k].attrs)
    return out


def ret_attrs(enc: Any, inst: ir.Call) -> tuple[str, ...]:
    out = tuple(inst.ret_attrs)
    name = callee_name(inst)
    if name is not None:
        try:
            out += tuple(enc.module.function(name).ret_attrs)
        except KeyError:
            pass
    return out


# ---- argument evaluation ------------------------------------------------------------------------


def evaluate_args(enc: Any, inst: ir.Call) -> tuple[list[StateValue], z3.BoolRef, bool]:
    """The arguments' values (poison where a ``nonnull``/``align`` attribute is
    violated), the call's UB from its argument attributes (``noundef`` arguments
    that may be poison or undef, ``dereferenceable`` violated), and whether an
    attribute we do not model makes the call approximated."""
    plan: MemoryPlan = enc.plan
    values = []
    ub_terms = []
    approximated = False
    for k, arg in enumerate(inst.args):
        attrs = param_attrs(enc, inst, k)
        for a in attrs:
            name = A.keyword(a)
            if name in _UNSUPPORTED_ARG_ATTRS:
                raise UnsupportedIR(f"attribute:{name}", f"Unsupported attribute: {a}")
            if name not in _ARG_ATTRS_OK:
                approximated = True
        sv = enc.operand(arg.value, arg.type)
        if isinstance(arg.type, ir.PtrType):
            bid, off = plan.layout.split(sv.value)
            is_null = mk_and(mk_eq(bid, bv(NULL_BID, plan.layout.bid_bits)),
                             mk_eq(off, bv(0, OFFSET_BITS)))
            ok = []
            if A.has(attrs, "nonnull"):  # the address is not 0
                ok.append(enc.address_of(sv.value, enc.alias_of(arg.value)) != 0)
            align = A.int_arg(attrs, "align")
            if align and align > 1:
                ok.append(_aligned_pointer(enc, sv.value, enc.alias_of(arg.value), align,
                                           address_only=True))
            if ok:
                sv = StateValue(sv.value, mk_and(sv.non_poison, *ok), sv.undef_vars)
            for name, or_null in (("dereferenceable", False), ("dereferenceable_or_null", True)):
                n = A.int_arg(attrs, name)
                if n is None:
                    continue
                deref = dereferenceable_now(enc, sv.value, enc.alias_of(arg.value), n)
                if align and align > 1:  # dereferenceable *with* that alignment (Alive2)
                    deref = mk_and(deref, _aligned_pointer(enc, sv.value,
                                                           enc.alias_of(arg.value), align))
                ub_terms.append(mk_or(mk_not(sv.non_poison),
                                      mk_not(mk_or(is_null, deref) if or_null else deref)))
        byval = A.type_arg(attrs, "byval") if A.has(attrs, "byval") else None
        if byval is not None:
            # LangRef: the callee gets a copy of the pointee, made at the call: its
            # bytes are read there (UB unless they can be), and the caller's memory is
            # not the callee's to write or keep (`_promises`)
            size = enc.dl.alloc_size_of(byval, enc.types)
            ub_terms.append(mk_or(enc.ub_unless_defined(sv), mk_not(
                dereferenceable_now(enc, sv.value, enc.alias_of(arg.value), size))))
        elif A.has(attrs, "byval"):
            raise UnsupportedIR("attribute:byval", "Unsupported byval without a type")
        if A.has(attrs, "noundef"):
            ub_terms.append(enc.ub_unless_defined(sv))
        values.append(sv)
    return values, mk_or(*ub_terms), approximated


def _aligned_pointer(enc: Any, value: z3.BitVecRef, alias: frozenset[int], align: int,
                     *, address_only: bool = False) -> z3.BoolRef:
    """``value`` is ``align``-aligned. ``address_only``: as a fact about its address
    (a call argument's ``align``), not of its block as the memory model knows it
    (what an access needs, memory.BlockInfo.align_log2; a call's result ``align``,
    where the callee hands out the block, gives that too, as in Alive2)."""
    from veriopt.verify.memory import aligned_in

    bid, off = enc.ptr.split(value)
    terms = []
    for b in sorted(alias):
        info = enc.mem.blocks[b]
        is_b = mk_eq(bid, bv(b, enc.ptr.bid_bits))
        if b == NULL_BID:
            terms.append(mk_and(is_b, mk_eq(z3.URem(off, align), bv(0, OFFSET_BITS))))
            continue
        if address_only and info.address is not None and align & (align - 1) == 0:
            # an attribute speaks of the address (Alive2: a call-site ``align`` makes
            # ``ptrtoint`` aligned, but not an access: memory.BlockInfo.align_log2)
            k = align.bit_length() - 1
            enc.address_blocks |= {b}  # its address axioms apply
            terms.append(mk_and(is_b, z3.Extract(k - 1, 0, bv_add(info.address, off)) == 0))
            continue
        terms.append(mk_and(is_b, aligned_in(info, off, align)))
    return mk_or(*terms)


def undef_pattern_match(pattern: tuple[StateValue, ...], target: tuple[StateValue, ...]
                        ) -> bool:
    """Whether every argument tuple ``target`` can take (over its undef choices) is one
    ``pattern`` can take: the two are the same terms except that where ``pattern`` has
    one of its undef variables, ``target`` may have any term (a substitution for the
    pattern's undef variables, consistent across the tuple, turns ``pattern`` into
    ``target``, poison flags included). Then the callee receives an input at most as
    undefined on the target side, so it behaves as it may on the pattern side: an
    undef argument is passed as undef, it is not a value picked at the call.
    Structural, so it may answer False for equivalent terms (never True wrongly)."""
    names: set[str] = set()
    for sv in pattern:
        names |= sv.undef_vars
    if not names:
        return False
    sigma: dict[str, z3.ExprRef] = {}
    seen: set[tuple[int, int]] = set()

    def unify(a: z3.ExprRef, b: z3.ExprRef) -> bool:
        stack = [(a, b)]
        while stack:
            x, y = stack.pop()
            key = (x.get_id(), y.get_id())
            if key in seen:
                continue
            seen.add(key)
            if z3.is_const(x) and x.decl().kind() == z3.Z3_OP_UNINTERPRETED \
                    and x.decl().name() in names:
                if x.sort() != y.sort():
                    return False
                bound = sigma.setdefault(x.decl().name(), y)
                if not bound.eq(y):
                    return False
                continue
            if x.eq(y):
                continue
            if z3.is_quantifier(x) or z3.is_quantifier(y) or z3.is_var(x) or z3.is_var(y):
                return False
            if not (z3.is_app(x) and z3.is_app(y)) or x.num_args() != y.num_args() \
                    or not x.decl().eq(y.decl()):
                return False
            stack.extend(zip(x.children(), y.children(), strict=True))
        return True

    return all(unify(p.value, t.value) and unify(p.non_poison, t.non_poison)
               for p, t in zip(pattern, target, strict=True))


def arg_refines(s: StateValue, t: StateValue, enc: Any = None) -> z3.BoolRef:
    """A tgt argument refines a src argument: src poison allows anything; otherwise
    tgt passes the same value, and one value when src does: an undef argument is
    more undefined than any value (the callee may read it twice), so tgt's undef
    must not matter. When src passes an undef too, each value tgt's may take must
    be one src's may take (src's undef choices are src's, quantified in each
    stage): the set tgt passes is within src's."""
    if s.value.eq(t.value) and s.non_poison.eq(t.non_poison) and not t.undef_vars:
        return TRUE
    single = TRUE
    if t.undef_vars and not s.undef_vars and enc is not None:
        single = mk_eq(t.value, enc.nd.renamed(t.value, t.undef_vars))
    return mk_or(mk_not(s.non_poison), mk_and(t.non_poison, mk_eq(s.value, t.value), single))


#: Argument attributes that only promise something about the callee (what it reads,
#: writes, captures, ...): ignoring them over-approximates the callee, but tgt may
#: not add one its matched src call lacks (the promise could be false: UB).
_VALUE_ARG_ATTRS = {"noundef", "nonnull", "dereferenceable", "dereferenceable_or_null",
                    "align", "signext", "zeroext", "inreg"}


def _claims_held_by(inst: ir.Call, rec: CallRecord, enc: Any) -> bool:
    if rec.arg_claims is None:
        return True
    mine = _arg_claims(enc, inst)
    name = callee_name(inst)
    declared: tuple[frozenset[str], ...] = tuple(frozenset() for _ in mine)
    if rec.through_pointer and name is not None:
        # src called an address that must be this function for the two to match: its
        # declaration's claims hold for src's call too
        decl_only = dataclasses.replace(inst, args=tuple(
            dataclasses.replace(a, attrs=()) for a in inst.args))
        declared = _arg_claims(enc, decl_only)
    if A.has(A.resolve(inst.fn_attrs, enc.module.attribute_groups), "nobuiltin"):
        name = None  # not the library function LLVM knows (libfacts.py)
    return all(t - known_arg_claims(name, k) <= s | d
               for k, (t, s, d) in enumerate(zip(mine, rec.arg_claims, declared, strict=True)))


#: Function attributes of a call that say what the callee is, which the model does
#: not use (LangRef 19 ``allockind``: an allocator, a deallocator, ...): ignoring
#: one over-approximates src's callee, but tgt may not add one (it could be false).
_CLAIMING_FN_ATTRS = {"allockind", "alloc-family"}
#: Claims whose removal alive-tv also reads as another call (it makes such a call an
#: allocation): a tgt call matches only a src call with the same ones.
_SAME_FN_CLAIMS = {"allocsize"}


def _returns_noalias(enc: Any, inst: ir.Call) -> bool:
    return isinstance(inst.return_type, ir.PtrType) and A.has(ret_attrs(enc, inst), "noalias")


def _fn_claims(enc: Any, inst: ir.Call) -> frozenset[str]:
    return frozenset(a.replace(" ", "") for a in _fn_attrs(enc, inst)
                     if A.keyword(a).strip('"') in _CLAIMING_FN_ATTRS | _SAME_FN_CLAIMS)


def _fn_claims_match(enc: Any, inst: ir.Call, rec: CallRecord) -> bool:
    """tgt's call claims nothing src's did not, and drops none of `_SAME_FN_CLAIMS`."""
    mine = _fn_claims(enc, inst)
    same = {c for c in rec.fn_claims if A.keyword(c) in _SAME_FN_CLAIMS}
    return mine <= rec.fn_claims and same <= mine


def _arg_claims(enc: Any, inst: ir.Call) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(a for a in param_attrs(enc, inst, k)
                           if A.keyword(a) not in _VALUE_ARG_ATTRS)
                 for k in range(len(inst.args)))


# ---- the effect of an unknown call ---------------------------------------------------------------


def _pointer_args(inst: ir.Call, values: list[StateValue]) -> list[tuple[ir.Value, StateValue]]:
    return [(a.value, v) for a, v in zip(inst.args, values, strict=True)
            if isinstance(a.type, ir.PtrType)]


def _arg_blocks(enc: Any, inst: ir.Call, writing: bool = False) -> frozenset[int]:
    """Blocks the callee may reach through its pointer arguments; when ``writing``,
    not through those it does not write through (``readonly``/``readnone``)."""
    out: frozenset[int] = frozenset()
    for k, a in enumerate(inst.args):
        if isinstance(a.type, ir.PtrType):
            if writing and _promises(enc, inst, k) & {"readonly", "readnone"}:
                continue
            out |= enc.alias_of(a.value)
    return out


def _byval_blocks(enc: Any, inst: ir.Call) -> frozenset[int]:
    """Blocks whose bytes a ``byval`` argument copies at the call: inputs of the callee
    whatever its memory effects say (the copy is the caller's read)."""
    out: frozenset[int] = frozenset()
    for k, a in enumerate(inst.args):
        if isinstance(a.type, ir.PtrType) and A.has(param_attrs(enc, inst, k), "byval"):
            out |= frozenset(b for b in enc.alias_of(a.value)
                             if enc.mem.blocks[b].kind != "null")
    return out


def _promises(enc: Any, inst: ir.Call, k: int) -> set[str]:
    """What the callee promises about argument ``k``: the call site's and the
    declaration's attributes, and what the C library function of that name does
    (libfacts.py; not for ``nobuiltin`` calls). ``captures(none)`` is ``nocapture``."""
    out = {A.keyword(a) for a in param_attrs(enc, inst, k)}
    if "captures" in out and any(a.replace(" ", "") == "captures(none)"
                                 for a in param_attrs(enc, inst, k)):
        out.add("nocapture")
    if "byval" in out:  # the callee works on its own copy of the bytes
        out |= {"readonly", "nocapture"}
    name = callee_name(inst)
    if name is not None and not A.has(A.resolve(inst.fn_attrs, enc.module.attribute_groups),
                                      "nobuiltin"):
        out |= known_arg_claims(name, k)
    return out


def _keeps_private(enc: Any, inst: ir.Call, k: int) -> bool:
    """The callee does not keep argument ``k`` (``nocapture``: no copy of the pointer
    outlives the call), and what it can read there holds no pointer to the stack: a
    local passed there does not escape. It may still read and write the local during
    the call (through its arguments: `_arg_blocks`), but later calls cannot reach it
    and no pointer they return or leave in memory can point to it."""
    if "nocapture" not in _promises(enc, inst, k):
        return False
    for b in enc.alias_of(inst.args[k].value):
        if any(enc.plan.layout.is_local(x) for x in enc.stored_alias.get(b, ())):
            return False
    return True


def _accessible(enc: Any, inst: ir.Call, other: bool, args: bool, hidden: bool,
                writing: bool = False) -> frozenset[int]:
    """Blocks the callee may access: every non-local and escaped block for "other"
    memory, the blocks of pointer arguments for "argmem", and the block standing for
    memory no function here names (``#callee-memory``) for "inaccessiblemem" (the
    callee's own state: a call that writes it has an effect even when nothing else
    changes, so it is never dropped or duplicated)."""
    plan: MemoryPlan = enc.plan
    out: set[int] = set()
    if other:
        out |= (plan.nonlocal_bids - enc.private_heap_now) | enc.escaped
    if args:
        out |= _arg_blocks(enc, inst, writing=writing)
    if hidden and plan.callee_block is not None:
        out.add(plan.callee_block)
    if plan.blocks[NULL_BID].kind == "null":  # (null_pointer_is_valid: a block like others)
        out.discard(NULL_BID)
    return frozenset(out)


def _escape_arguments(enc: Any, inst: ir.Call) -> None:
    """Locals and heap blocks passed to a call escape (later calls may access them),
    unless the callee promises not to keep the pointer (``_keeps_private``); the heap
    blocks whose pointers the callee can read there escape in any case."""
    for k, a in enumerate(inst.args):
        if not isinstance(a.type, ir.PtrType):
            continue
        alias = enc.alias_of(a.value)
        if not _keeps_private(enc, inst, k):
            enc.escape(alias)
            continue
        held = frozenset(x for b in alias for x in enc.stored_alias.get(b, ()))
        enc.escape(held & frozenset(enc.private_heap_now))


def call_ordinal(enc: Any, callee: str) -> z3.BitVecRef:
    return enc.call_counts.get(callee, bv(0, ORDINAL_BITS))


def count_call(enc: Any, callee: str) -> None:
    """One more call to ``callee`` on this path. Counted with the block's path
    condition: a later call is reached only if this one returned anyway, and in
    straight-line code the counts stay literals (so candidates prune statically)."""
    taken = enc.pc.get(enc.block, enc.cur_pc)
    enc.call_counts[callee] = bv_add(call_ordinal(enc, callee),
                                     mk_ite(taken, bv(1, ORDINAL_BITS), bv(0, ORDINAL_BITS)))


def fresh_contents(enc: Any, tag: str) -> ByteFunction:
    data = z3.Function(f"{tag}!data", z3.BitVecSort(OFFSET_BITS), z3.BitVecSort(8))
    np = z3.Function(f"{tag}!np", z3.BitVecSort(OFFSET_BITS), z3.BoolSort())
    layout = enc.ptr
    # how each byte was written (a callee may store non-byte-sized integers: memory.py)
    how = z3.Function(f"{tag}!tag", z3.BitVecSort(OFFSET_BITS), z3.BitVecSort(TAG_BITS)) \
        if enc.plan.sub_byte else None
    # a callee may store pointers too (an integer load of their bytes is poison: memory.py)
    foreign = z3.Function(f"{tag}!ptr", z3.BitVecSort(OFFSET_BITS), z3.BoolSort())

    def byte(offset: z3.BitVecRef) -> Byte:
        return data_byte(layout, data(offset), np(offset), frozenset(),
                         TAG0 if how is None else how(offset), foreign_ptr=foreign(offset))
    return byte


def _fresh_result(enc: Any, inst: ir.Call, tag: str) -> Result | None:
    if inst.result is None or isinstance(inst.return_type, ir.VoidType):
        return None
    if agg.is_composite(inst.return_type):  # a struct/array/vector: a fresh value per element
        leaves = [StateValue(z3.BitVec(f"{tag}!ret{k}", enc.bit_width(t)),
                             z3.Bool(f"{tag}!retnp{k}"))
                  for k, t in enumerate(agg.leaf_types(inst.return_type, enc.types))]
        return agg.build(inst.return_type, enc.types, iter(leaves))  # type: ignore[return-value]
    w = enc.bit_width(inst.return_type)
    value = z3.BitVec(f"{tag}!ret", w)
    return StateValue(value, z3.Bool(f"{tag}!retnp"))


#: A call's result: a scalar, or an aggregate of scalars (a struct, array or vector).
Result = StateValue | agg.AggregateValue


def _ite_result(c: z3.BoolRef, a: Result, b: Result) -> Result:
    """``c ? a : b`` element by element."""
    if isinstance(a, agg.AggregateValue):
        assert isinstance(b, agg.AggregateValue)
        pairs = iter(zip(a.leaves(), b.leaves(), strict=True))
        return a.map_leaves(lambda _x: _ite_result(c, *next(pairs)))  # type: ignore[arg-type,return-value]
    assert isinstance(b, StateValue)
    return StateValue(mk_ite(c, a.value, b.value), mk_ite(c, a.non_poison, b.non_poison),
                      a.undef_vars | b.undef_vars)


def _result_leaves(r: Result) -> list[StateValue]:
    return r.leaves() if isinstance(r, agg.AggregateValue) else [r]


def _result_alias(enc: Any) -> frozenset[int]:
    return enc.external_alias()


def execute_unknown_call(enc: Any, inst: ir.Call) -> None:
    """Encode a call to an unknown function (src: a new record; tgt: a match)."""
    name = callee_name(inst)
    callee_ub: z3.BoolRef = FALSE
    callee: StateValue | None = None  # the called address, in indirect mode
    if name is None:
        if not isinstance(inst.callee, ir.Local):
            what = "inline-asm" if isinstance(inst.callee, ir.InlineAsm) else "indirect-call"
            raise UnsupportedIR(what, f"Unsupported instruction: call ({what})")
        inst, name, callee, callee_ub = _resolve_indirect(enc, inst)
    elif enc.plan.indirect_calls:
        bid = enc.plan.globals.get(name)
        if bid is None:  # (the plan gives every called function a block)
            raise UnsupportedIR("indirect-call", f"Unsupported: @{name} has no address")
        callee = StateValue(enc.ptr.make(bid, 0), TRUE)
    key = INDIRECT_KEY if enc.plan.indirect_calls else name
    assert key is not None
    if inst.bundles:
        raise UnsupportedIR("operand-bundle", "Unsupported operand bundle on a call")
    if inst.cconv not in (None, "ccc"):
        raise UnsupportedIR(f"calling-convention:{inst.cconv}", "Unsupported calling convention")
    eff = callee_effects(enc, inst)
    label = name or "(indirect)"
    if name is not None and _arity_mismatch(enc, inst, name):
        # LangRef: calling a function with the wrong number of arguments is UB.
        enc.add_ub(TRUE)
        if inst.result is not None:
            enc.define(inst.result, inst.return_type,
                        StateValue(bv(0, enc.bit_width(inst.return_type)), FALSE), TRUE)
        else:
            enc.record("effect", f"call @{name}", None, None, TRUE)
        return
    values, arg_ub, approx_attr = evaluate_args(enc, inst)
    arg_ub = mk_or(arg_ub, callee_ub)
    plan: MemoryPlan = enc.plan
    site = enc.current_site(inst)
    if name in APPROXIMATED:
        enc.approximated_calls.add(name)
    if approx_attr:
        enc.approximated_calls.add(f"attributes:{label}")
    if (enc.side, site) in plan.unpaired_calls:
        enc.approximated_calls.add(f"local-arguments:{label}")
    _escape_arguments(enc, inst)
    readable = _accessible(enc, inst, eff.reads_other, eff.reads_args, eff.reads_hidden) \
        | _byval_blocks(enc, inst)
    writable = _accessible(enc, inst, eff.writes_other, eff.writes_args, eff.writes_hidden,
                           writing=True)
    writable = frozenset(b for b in writable if not enc.mem.blocks[b].read_only)
    freeable = _freeable(enc, inst, eff, writable)
    enc.add_ub(arg_ub)
    # Calls that write are ordered by how many calls to the callee ran before (Alive2),
    # unless all they touch is memory reachable from their arguments: then memory
    # itself tells whether two calls see the same inputs.
    argmem_only = not (eff.reads_other or eff.writes_other or eff.reads_hidden
                       or eff.writes_hidden)
    ordinal = call_ordinal(enc, key) if eff.writes and not argmem_only else None
    pc = enc.cur_pc
    # in indirect mode the called address is the first input (Alive2's #indirect_call)
    inputs = values if callee is None else [callee, *values]
    types = tuple(a.type for a in inst.args)
    if callee is not None:  # calls through one address match only with one type
        types = (inst.return_type, ir.PTR, *types)
    if enc.side == "src":
        rec = _new_record(enc, inst, key, site, pc, inputs, types, ordinal, readable,
                          writable, freeable, eff)
        rec.through_pointer = name is None
        _fresh_object(enc, inst, rec)
        _consistent_with_earlier_calls(enc, rec)
        plan.src_calls.append(rec)
        result, ub, no_return = rec.result, rec.ub, rec.no_return
        writes, freed = rec.writes, rec.freed
        made = [(TRUE, rec)] if rec.fresh is not None else []
    else:
        result, ub, no_return, writes, freed, unmatched, made = _match(
            enc, inst, key, inputs, types, ordinal, readable, writable, freeable, eff)
        enc.call_unmatched(unmatched)
        arg_ub = mk_or(arg_ub, ub, unmatched)  # for the trace: the call is where it fails
    if name is None and callee is not None and isinstance(result, StateValue):
        result = _returned_by_declared(enc, inst, callee, values, result)
    count_call(enc, key)
    enc.add_ub(ub)
    if enc.fn_will_return() and not z3.is_false(no_return):
        enc.add_ub(no_return)  # a willreturn function calling one that may not return
    _nofree_caller(enc, freed)
    _apply_writes(enc, inst, values, writes, freed, eff)
    _create_fresh_objects(enc, made)
    enc.stop_unless(no_return)
    returned = _returned_argument(enc, inst, values)
    if returned is not None and isinstance(result, StateValue):
        result = returned  # a ``returned`` parameter: the call gives back that argument
    if result is not None:
        assert inst.result is not None
        if isinstance(inst.return_type, ir.PtrType):
            enc.alias[inst.result] = _result_alias(enc) if returned is None else \
                enc.alias_of(inst.args[_returned_index(enc, inst)].value)
            if made:  # a fresh object (or null), else what any call may return
                fresh = frozenset({NULL_BID}) | {r.fresh.bid for _, r in made if r.fresh}
                # (tgt's may also be another matched call's result)
                enc.alias[inst.result] = fresh if enc.side == "src" \
                    else fresh | enc.alias[inst.result]
        result, ret_ub = return_attributes(enc, inst, label, result, values)
        enc.add_ub(ret_ub)
        enc.define(inst.result, inst.return_type, result, mk_or(arg_ub, ret_ub))
    else:
        enc.record("effect", f"call @{label}", None, None, arg_ub)


def _fresh_object(enc: Any, inst: ir.Call, rec: CallRecord) -> None:
    """A src call returning a ``noalias`` pointer (`call_sites.fresh_object_call`):
    null or a pointer into a new object (`FreshObject`), the plan's heap block for
    this call. Not in indirect mode, where calls are keyed by address (the result
    is then any pointer, which over-approximates the callee)."""
    plan: MemoryPlan = enc.plan
    bid = plan.heap.get(str(inst.result)) if inst.result is not None else None
    if bid is None or plan.indirect_calls or not fresh_object_call(enc.module, inst):
        return
    assert isinstance(rec.result, StateValue)
    tag = f"call{rec.index}"
    null = z3.Bool(f"{tag}!null")
    pointer = mk_ite(null, enc.ptr.null(), enc.ptr.make(bid, z3.BitVec(f"{tag}!off", OFFSET_BITS)))
    rec.result = StateValue(pointer, rec.result.non_poison)
    rec.heap_block = bid
    rec.fresh = FreshObject(bid, null, fresh_contents(enc, f"{tag}!fresh"))


def _create_fresh_objects(enc: Any, made: list[tuple[z3.BoolRef, CallRecord]]) -> None:
    """The objects the call creates (each where its record is the one matched): alive,
    with the callee's contents. No pointer outside the function reaches them yet
    (`NonLocalEncoding.private_heap_now`)."""
    for cond, rec in made:
        assert rec.fresh is not None
        guard = enc.write_guard(mk_and(cond, mk_not(rec.fresh.null)))
        enc.mem.write_block(rec.fresh.bid, rec.fresh.contents, guard, enc.block)
        enc.mem.set_alive(rec.fresh.bid, TRUE, guard, enc.block)


def _matched_candidates(enc: Any, key: str, types: tuple[ir.Type, ...]) -> list[CallRecord]:
    plan: MemoryPlan = enc.plan
    return [r for r in plan.src_calls if r.callee == key and r.arg_types == types]


def _nofree_caller(enc: Any, freed: dict[int, z3.BoolRef]) -> None:
    """In a ``nofree`` function, a callee that frees memory that existed before the
    function was called breaks the attribute (LangRef 19: "directly or
    transitively"); Alive2 does not check callees, so whether that is UB is an
    `open_reading` (a tgt that adds ``nofree`` is refuted under the UB one)."""
    if not freed or not enc.fn_no_free():
        return
    before = [flag for b, flag in sorted(freed.items())
              if enc.mem.blocks[b].kind in PREEXISTING_KINDS]
    if before:
        enc.add_ub(mk_and(open_reading("nofree-callee-frees"), mk_or(*before)))


#: The key of every unknown call when either function calls through a pointer.
INDIRECT_KEY = "#indirect"


def _resolve_indirect(enc: Any, inst: ir.Call) -> tuple[ir.Call, str | None, StateValue,
                                                         z3.BoolRef]:
    """A call through a pointer: as a direct call when the pointer is the address of a
    function (then its declaration's attributes apply), else a call of an unknown
    function identified by the address (only the call site's attributes apply). The
    UB: a poison, undef, null, stack or interior callee address, one that is neither
    a function nor a live block of a byte at least (Alive2), a callee outside
    ``!callees`` (LangRef)."""
    plan: MemoryPlan = enc.plan
    sv = enc.operand(inst.callee, ir.PTR)
    # a callee that may be undef is UB (Alive2): where it is not, its value is fixed
    undefined = enc.ub_unless_defined(sv)
    sv = StateValue(sv.value, sv.non_poison)
    bid, off = enc.ptr.split(sv.value)
    functions = {b: info.name[1:] for b, info in plan.blocks.items() if info.kind == "function"}
    if z3.is_bv_value(bid) and z3.is_bv_value(off) and off.as_long() == 0 \
            and bid.as_long() in functions and z3.is_false(undefined):
        fname = functions[bid.as_long()]
        if _declared(enc, fname) is not None and not _callees_exclude(enc, inst, fname):
            return dataclasses.replace(inst, callee=ir.Global(fname)), fname, sv, FALSE
    is_function = mk_or(*(mk_eq(bid, bv(b, enc.ptr.bid_bits)) for b in functions))
    # (Alive2: the callee is a live block of at least one byte; a function is)
    code = mk_or(is_function, dereferenceable_now(enc, sv.value, enc.alias_of(inst.callee), 1))
    bits = enc.ptr.bid_bits
    # (with no local block, first_local may not fit in the block id's bits)
    on_stack = z3.UGE(bid, bv(enc.ptr.first_local, bits)) \
        if enc.ptr.first_local < 1 << bits else FALSE
    ub = [undefined, mk_not(off == 0), on_stack, mk_eq(bid, bv(NULL_BID, bits)), mk_not(code)]
    # A function with another number of parameters: UB, as for a direct call
    # (`_arity_mismatch`). Another type with the same count is called as an unknown
    # function of this type, in both functions alike (Alive2: UB; LangRef unclear).
    for b, fname in sorted(functions.items()):
        if _arity_mismatch(enc, inst, fname):
            ub.append(mk_eq(bid, bv(b, enc.ptr.bid_bits)))
    listed = [f for kind, ref in inst.metadata if kind == "callees"
              for f in callees_metadata(enc.module, ref)]
    if listed:
        ub.append(mk_not(mk_or(*(mk_eq(bid, bv(plan.globals[f], enc.ptr.bid_bits))
                                 for f in listed if f in plan.globals))))
    return inst, None, sv, mk_or(*ub)


def _declared(enc: Any, name: str) -> ir.Function | None:
    try:
        return enc.module.function(name)
    except KeyError:
        return None


def _callees_exclude(enc: Any, inst: ir.Call, name: str) -> bool:
    """Whether the call's ``!callees`` metadata (if any) leaves out ``name``."""
    lists = [callees_metadata(enc.module, ref) for kind, ref in inst.metadata
             if kind == "callees"]
    return any(name not in names for names in lists)


def _same_signature(decl: ir.Function, inst: ir.Call) -> bool:
    """Whether calling ``decl`` as ``inst`` does matches its type (LangRef: a call of a
    function of another type is UB)."""
    if decl.return_type != inst.return_type:
        return False
    fixed = [p.type for p in decl.params]
    ft = inst.function_type
    if decl.varargs:
        return ft is not None and ft.varargs and list(ft.params) == fixed
    if ft is not None and ft.varargs:
        return False
    return [a.type for a in inst.args] == fixed


def _returned_by_declared(enc: Any, inst: ir.Call, callee: StateValue,
                          values: list[StateValue], result: StateValue) -> StateValue:
    """A call through a pointer that may be a declared function with a ``returned``
    parameter gives back that argument when it is (Alive2), so that it matches a
    direct call of that function (whose result is its argument)."""
    bid, _ = enc.ptr.split(callee.value)
    for b, info in sorted(enc.plan.blocks.items()):
        if info.kind != "function":
            continue
        decl = _declared(enc, info.name[1:])
        if decl is None or decl.varargs or not _same_signature(decl, inst):
            continue
        for k, p in enumerate(decl.params):
            if A.has(p.attrs, "returned") and p.type == inst.return_type:
                is_it = mk_eq(bid, bv(b, enc.ptr.bid_bits))
                arg = values[k]
                result = StateValue(mk_ite(is_it, arg.value, result.value),
                                    mk_ite(is_it, arg.non_poison, result.non_poison),
                                    result.undef_vars | arg.undef_vars)
                break
    return result


def _returned_index(enc: Any, inst: ir.Call) -> int | None:
    for k, a in enumerate(inst.args):
        if A.has(param_attrs(enc, inst, k), "returned") and a.type == inst.return_type:
            return k
    return None


def _returned_argument(enc: Any, inst: ir.Call, values: list[StateValue]) -> StateValue | None:
    k = _returned_index(enc, inst)
    # an undef argument comes back as undef (the same value, each use its own choice)
    return None if k is None else StateValue(values[k].value, values[k].non_poison,
                                             values[k].undef_vars)


def _arity_mismatch(enc: Any, inst: ir.Call, name: str) -> bool:
    try:
        decl = enc.module.function(name)
    except KeyError:
        return False
    n = len(inst.args)
    return n < len(decl.params) if decl.varargs else n != len(decl.params)


def _consistent_with_earlier_calls(enc: Any, rec: CallRecord) -> None:
    """A callee that writes nothing is a function of its inputs: two src calls with
    equal arguments and equal readable memory give equal outputs (Alive2). Assumed
    with one free offset per block for "equal memory", which only weakens it."""
    if (rec.ordinal is not None and not _blind_writer(rec)) or rec.fresh is not None:
        return  # (two calls never return the same new object)
    plan: MemoryPlan = enc.plan
    undef = any(a.undef_vars for a in rec.args)
    for prev in plan.src_calls:
        if prev.callee != rec.callee or prev.heap_block is not None \
                or prev.arg_types != rec.arg_types:
            continue
        if (prev.ordinal is None) != (rec.ordinal is None) \
                or (prev.ordinal is not None and not _blind_writer(prev)):
            continue
        same = [prev.pc, rec.pc]
        lead = 1 if plan.indirect_calls else 0  # the callee's address (never undef)
        for a, b in zip(prev.args[:lead], rec.args[:lead], strict=True):
            same.append(mk_eq(a.value, b.value))
        if undef or any(a.undef_vars for a in prev.args):
            # Undef arguments: the same input only when both calls pass the same
            # (undef) terms, each a renaming of the other.
            if not (undef_pattern_match(prev.args[lead:], rec.args[lead:])
                    and undef_pattern_match(rec.args[lead:], prev.args[lead:])):
                continue
        else:
            for a, b in zip(prev.args[lead:], rec.args[lead:], strict=True):
                same += [mk_eq(a.non_poison, b.non_poison),
                         mk_or(mk_not(a.non_poison), mk_eq(a.value, b.value))]
        for blk in sorted(prev.readable | rec.readable):
            o = z3.BitVec(f"callsame!{prev.index}!{rec.index}!{blk}", OFFSET_BITS)
            same.append(byte_refines(prev.reads(blk, o), rec.reads(blk, o), plan.little_endian))
            same.append(byte_refines(rec.reads(blk, o), prev.reads(blk, o), plan.little_endian))
        outs = [mk_eq(prev.ub, rec.ub), mk_eq(prev.no_return, rec.no_return)]
        if prev.result is not None and rec.result is not None:
            for x, y in zip(_result_leaves(prev.result), _result_leaves(rec.result), strict=True):
                outs += [mk_eq(x.non_poison, y.non_poison), mk_eq(x.value, y.value)]
        same_c = mk_and(*same)
        enc.assume(mk_or(mk_not(same_c), mk_and(*outs)))
        if rec.ordinal is not None:
            # A writer that cannot read what it writes: the same inputs give the same
            # writes (so a second such call rewrites what the first wrote).
            for b in sorted(set(prev.writes) & set(rec.writes)):
                rec.writes[b] = _ite_contents(same_c, prev.writes[b], rec.writes[b])
            for b in sorted(set(prev.freed) & set(rec.freed)):
                rec.freed[b] = mk_ite(same_c, prev.freed[b], rec.freed[b])


def _blind_writer(rec: CallRecord) -> bool:
    """A call that writes (ordered by call counts) but cannot read anything it may
    write: its outputs, writes and frees included, are a function of its arguments
    and the memory it reads (as for calls that only read). Whether an object is
    still alive is not an input here: a repeat that frees it again would be a
    double free (UB), so modelling it as the same free only makes src more
    defined."""
    return rec.effects is not None and not (set(rec.writes) & rec.readable)


def _ite_contents(c: z3.BoolRef, a: ByteFunction, b: ByteFunction) -> ByteFunction:
    from veriopt.verify.memory import ite_byte

    def byte(offset: z3.BitVecRef) -> Byte:
        return ite_byte(c, a(offset), b(offset))
    return byte


_RET_ATTRS_OK = {"noundef", "nonnull", "align", "dereferenceable", "dereferenceable_or_null",
                 "signext", "zeroext", "inreg", "noalias", "range"}


def return_attributes(enc: Any, inst: ir.Call, name: str, result: Result,
                      args: list[StateValue] | None = None) -> tuple[Result, z3.BoolRef]:
    """A call's return attributes (call site and declaration), as LangRef gives them:
    ``nonnull``/``align`` make a violating result poison, ``noundef`` makes a poison
    result UB, ``dereferenceable`` makes a non-dereferenceable one UB. For src's
    fresh result they restrict the callee (UB otherwise); for tgt, which takes src's
    outputs, they are claims that must hold. ``noalias`` is a new object
    (`_fresh_object`, matched by `_match`); anything else is an approximation.
    The function attribute ``allocsize`` (call site or declaration) restricts a
    pointer result the same way (`allocsize_ub`, from the call's ``args``).
    An aggregate result takes ``noundef`` (UB if an element is poison, Alive2: the
    padding does not count) and nothing else."""
    attrs = ret_attrs(enc, inst)
    if isinstance(result, agg.AggregateValue):
        if any(A.keyword(a) != "noundef" for a in attrs):
            enc.approximated_calls.add(f"attributes:{name}")
        if not A.has(attrs, "noundef"):
            return result, FALSE
        poison = mk_or(*(mk_not(x.non_poison) for x in result.leaves()))
        return result.map_leaves(lambda x: StateValue(x.value, TRUE, x.undef_vars)), poison
    ub_terms = []
    np = result.non_poison
    for a in attrs:
        if A.keyword(a) not in _RET_ATTRS_OK:
            enc.approximated_calls.add(f"attributes:{name}")
    if isinstance(inst.return_type, ir.PtrType):
        # where the result points (a fresh object, a returned argument's blocks, ...)
        alias = enc.alias.get(inst.result) if inst.result is not None else None
        alias = _result_alias(enc) if alias is None else alias
        if A.has(attrs, "nonnull"):
            np = mk_and(np, enc.address_of(result.value, alias) != 0)
        align = A.int_arg(attrs, "align")
        if align and align > 1:
            np = mk_and(np, _aligned_pointer(enc, result.value, alias, align))
        bid, off = enc.ptr.split(result.value)
        is_null = mk_and(mk_eq(bid, bv(NULL_BID, enc.ptr.bid_bits)), mk_eq(off, bv(0, OFFSET_BITS)))
        for attr, or_null in (("dereferenceable", False), ("dereferenceable_or_null", True)):
            n = A.int_arg(attrs, attr)
            if n is not None:
                deref = dereferenceable_now(enc, result.value, alias, n)
                # a poison pointer is not dereferenceable (as for arguments)
                ub_terms.append(mk_not(mk_and(result.non_poison,
                                              mk_or(is_null, deref) if or_null else deref)))
        fn = _fn_attrs(enc, inst)
        if A.has(fn, "allocsize"):
            if args is None:
                raise UnsupportedIR("attribute:allocsize", "Unsupported allocsize here")
            ub_terms.append(allocsize_ub(enc, fn, args, StateValue(result.value, np), alias,
                                         is_null))
    if isinstance(inst.return_type, ir.IntType):
        # ``range(...)`` and ``!range``: a result outside the ranges is poison (LangRef 19)
        np = mk_and(np, *(in_ranges(result.value, r) for r in _result_ranges(enc, inst, attrs)))
    if A.has(attrs, "noundef"):
        ub_terms.append(mk_not(np))
        np = TRUE
    return StateValue(result.value, np, result.undef_vars), mk_or(*ub_terms)


def _fn_attrs(enc: Any, inst: ir.Call) -> tuple[str, ...]:
    """The call's function attributes: the call site's and the declaration's."""
    groups = enc.module.attribute_groups
    out = A.resolve(inst.fn_attrs, groups)
    name = callee_name(inst)
    if name is not None:
        decl = _declared(enc, name)
        if decl is not None:
            out += A.resolve(decl.fn_attrs, groups)
    return out


def _result_ranges(enc: Any, inst: ir.Call, attrs: tuple[str, ...]
                   ) -> list[list[tuple[int, int]]]:
    """The ranges a call's integer result must lie in: its ``range(...)`` return
    attributes (call site, declaration) and its ``!range`` metadata."""
    out = [[(r[1], r[2])] for a in attrs if (r := A.range_arg((a,))) is not None]
    out += [range_metadata(enc.module, ref) for kind, ref in inst.metadata if kind == "range"]
    return out


def _freeable(enc: Any, inst: ir.Call, eff: Effects, writable: frozenset[int]
              ) -> frozenset[int]:
    """Heap blocks the call may free: every one it can reach when it touches more
    than its arguments (`Effects.frees_reachable`), else those it may write through
    its arguments."""
    if not eff.may_free:
        return frozenset()
    reach = writable
    if eff.frees_reachable:
        reach = reach | _accessible(enc, inst, True, True, False)
    return frozenset(b for b in reach if _may_be_heap(enc, b))


def _may_be_heap(enc: Any, b: int) -> bool:
    info = enc.mem.blocks[b]
    return info.is_heap is not None and not z3.is_false(info.is_heap)


def _new_record(enc: Any, inst: ir.Call, name: str, site: tuple[str, int], pc: z3.BoolRef,
                values: list[StateValue], types: tuple[ir.Type, ...],
                ordinal: z3.BitVecRef | None,
                readable: frozenset[int], writable: frozenset[int], freeable: frozenset[int],
                eff: Effects) -> CallRecord:
    plan: MemoryPlan = enc.plan
    index = len(plan.src_calls)
    tag = f"call{index}"
    if eff.no_return:
        no_return: z3.BoolRef = TRUE
    elif eff.will_return:
        no_return = FALSE
    else:
        no_return = z3.Bool(f"{tag}!noreturn")
    upto = len(enc.mem.writes)
    live_upto = len(enc.mem.liveness)
    visible = enc.visibility_at(enc.block)

    def reads(b: int, o: z3.BitVecRef) -> Byte:
        return enc.mem.read(b, o, visible, upto=upto)

    seen: dict[int, z3.BoolRef] = {}

    def alive_at(b: int) -> z3.BoolRef:
        if b not in seen:
            seen[b] = enc.mem.alive(b, visible, upto=live_upto)
        return seen[b]

    return CallRecord(
        index=index, callee=name, site=site, pc=pc, args=tuple(values),
        arg_types=types, ordinal=ordinal, reads=reads,
        alive_at=alive_at, readable=readable, result=_fresh_result(enc, inst, tag),
        ub=z3.Bool(f"{tag}!ub"), no_return=no_return,
        writes={b: fresh_contents(enc, f"{tag}!mem{b}") for b in sorted(writable)},
        freed={b: z3.Bool(f"{tag}!freed{b}") for b in sorted(freeable)}, effects=eff,
        arg_claims=_arg_claims(enc, inst), forbids=fn_attrs.src_call_forbids(enc, inst),
        fn_claims=_fn_claims(enc, inst), noalias=_returns_noalias(enc, inst))


def _match(enc: Any, inst: ir.Call, name: str, values: list[StateValue],
           types: tuple[ir.Type, ...], ordinal: z3.BitVecRef | None, readable: frozenset[int],
           writable: frozenset[int], freeable: frozenset[int], eff: Effects
           ) -> tuple[Any, ...]:
    """tgt's call: the outputs of the src call it matches (an ite over the
    candidates); UB when it matches none."""
    plan: MemoryPlan = enc.plan
    candidates = _matched_candidates(enc, name, types)
    # A ``noalias`` result claims a new object: only a src call with the same claim
    # matches (which made one, where it is modelled: `_fresh_object`; where it is not,
    # both sides ignore the same claim). Dropping the claim is a refinement for
    # LangRef, but alive-tv reads calls that differ in it as different calls (the
    # stricter reading: not matched either).
    claims_fresh = _returns_noalias(enc, inst)
    matches: list[tuple[z3.BoolRef, CallRecord]] = []
    for rec in candidates:
        if (rec.ordinal is None) != (ordinal is None):
            continue
        if claims_fresh != rec.noalias:
            continue
        if rec.effects is not None and (eff.no_return != rec.effects.no_return
                                        or eff.will_return != rec.effects.will_return):
            # Calls that differ in noreturn/willreturn are not the same call (Alive2:
            # adding *or dropping* either one is incorrect, attrs/noreturn-fail-2).
            # LangRef would let tgt drop them; not matching is the stricter reading.
            continue
        cond = [rec.pc]
        if ordinal is not None:
            assert rec.ordinal is not None
            cond.append(mk_eq(rec.ordinal, ordinal))
        # (in indirect mode the callee's address leads: it is never undef)
        lead = 1 if plan.indirect_calls else 0
        cond += [arg_refines(s, t, enc) for s, t in zip(rec.args[:lead], values[:lead],
                                                         strict=True)]
        src_args, tgt_args = rec.args[lead:], tuple(values[lead:])
        if any(t.undef_vars for t in tgt_args) and undef_pattern_match(src_args, tgt_args):
            pass  # tgt's undef arguments are src's undef arguments
        else:
            cond += [arg_refines(s, t, enc) for s, t in zip(src_args, tgt_args, strict=True)]
        if not _claims_held_by(inst, rec, enc) or not _fn_claims_match(enc, inst, rec):
            continue  # tgt adds attributes (claims about the callee) src lacks
        if not z3.is_false(mk_and(*cond)):
            cond.append(_memory_refines(enc, rec, readable | rec.readable))
        c = mk_and(*cond)
        if not z3.is_false(c):
            matches.append((c, rec))
    # An access tgt's memory attributes forbid must be forbidden to src too (fn_attrs.py).
    fn_attrs.check_matched(fn_attrs.tgt_call_forbidden(enc, inst, eff), (r for _, r in matches))
    unmatched = mk_not(mk_or(*(c for c, _ in matches)))
    if not matches:
        result = _fresh_result(enc, inst, f"tgtcall{enc.match_counter()}")
        return result, FALSE, FALSE, {}, {}, TRUE, []
    *others, (_, last) = matches
    result = last.result
    ub, no_return = last.ub, last.no_return
    for c, rec in reversed(others):
        if result is not None and rec.result is not None:
            result = _ite_result(c, rec.result, result)
        ub = mk_ite(c, rec.ub, ub)
        no_return = mk_ite(c, rec.no_return, no_return)
    writes: dict[int, ByteFunction] = {}
    for b in writable:
        fns = [(c, rec.writes.get(b) or fresh_contents(enc, f"tgtcall{enc.match_counter()}!mem{b}"))
               for c, rec in matches]
        writes[b] = _select_contents(fns)
    freed: dict[int, z3.BoolRef] = {}
    for b in freeable:  # unmatched is UB, so the last candidate is the default
        flag: z3.BoolRef = last.freed.get(b, FALSE)
        for c, rec in reversed(others):
            flag = mk_ite(c, rec.freed.get(b, FALSE), flag)
        freed[b] = flag
    made = [(c, rec) for c, rec in matches if rec.fresh is not None]
    return result, ub, no_return, writes, freed, unmatched, made


def _select_contents(fns: list[tuple[z3.BoolRef, ByteFunction]]) -> ByteFunction:
    from veriopt.verify.memory import ite_byte

    if len(fns) == 1:
        return fns[0][1]  # the same function object as src's: reads compare structurally

    def byte(offset: z3.BitVecRef) -> Byte:
        *others, (_, last_fn) = fns
        out = last_fn(offset)
        for c, fn in reversed(others):
            out = ite_byte(c, fn(offset), out)
        return out
    return byte


def _memory_refines(enc: Any, rec: CallRecord, blocks: frozenset[int]) -> z3.BoolRef:
    """tgt's memory now refines src's at the recorded call, on ``blocks`` (one free
    offset per block; see the module docstring), with the same liveness."""
    terms = []
    for b in sorted(blocks):
        o = z3.BitVec(f"callmem!{rec.index}!{enc.match_counter()}!{b}", OFFSET_BITS)
        s_byte = rec.reads(b, o)
        t_byte = enc.mem.read(b, o, enc.write_visible)
        terms.append(byte_refines(s_byte, t_byte, enc.plan.little_endian))
        terms.append(mk_eq(rec.alive_at(b), enc.alive_now(b)))
    return mk_and(*terms)


def _apply_writes(enc: Any, inst: ir.Call, values: list[StateValue],
                  writes: dict[int, ByteFunction], freed: dict[int, z3.BoolRef],
                  eff: Effects) -> None:
    arg_only = not eff.writes_other
    bid_arg = [enc.ptr.split(v.value)[0] for a, v in zip(inst.args, values, strict=True)
               if isinstance(a.type, ir.PtrType)] if arg_only else []
    for b, fn in sorted(writes.items()):
        guard = TRUE
        if arg_only and b != enc.plan.callee_block:
            guard = mk_or(*(mk_eq(x, bv(b, enc.ptr.bid_bits)) for x in bid_arg))
        # The path condition is not part of the guard: every later reader is on a
        # path through this call (visibility), so the call returned.
        enc.mem.write_block(b, fn, guard, enc.block)
    for b, flag in sorted(freed.items()):
        enc.mem.set_alive(b, FALSE, flag, enc.block)


__all__ = ["CallRecord", "Effects", "APPROXIMATED", "execute_unknown_call", "callee_effects",
           "arg_refines", "evaluate_args"]

_ = Write  # re-exported type for annotations in other modules


