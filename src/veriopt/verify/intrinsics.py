"""Integer intrinsics as tables: value, poison and UB, one row per intrinsic.

Each row restates the LangRef entry of the intrinsic ("Standard C/C++ Library
Intrinsics", "Bit Manipulation Intrinsics", "Arithmetic with Overflow
Intrinsics", "Saturation Arithmetic Intrinsics", "Vector Reduction Intrinsics",
``llvm.assume``/``llvm.expect``) the way Alive2 encodes it (``ir/instr.cpp``:
``BinOp``, ``UnaryOp``, ``TernaryOp``, ``UnaryReductionOp``, ``Assume``). As
for instructions, any poison operand makes the result poison; the rows only add
the intrinsic's *own* poison conditions (``abs`` of INT_MIN with the
int-min-is-poison flag, ``ctlz``/``cttz`` of 0 with the zero-is-poison flag, a
too-large ``*shl.sat`` shift amount). The i1 flags are ``immarg`` constants
(the gate insists), so they are read as Python booleans.

Vector forms (``llvm.smax.v4i32``) apply the row lane by lane; the flag
operands stay scalar. ``*.with.overflow`` returns ``{ iN, i1 }`` (or
``{ <n x iN>, <n x i1> }``), both elements poison when an operand is.

Call-site attributes that change the result are applied after the row:
``range(...)`` on the return and ``!range`` metadata make out-of-range results
poison, ``noundef`` on the return or on an argument makes poison/undef there UB.
Anything else on the call (operand bundles other than ``assume``'s
``"noundef"``, ``"nonnull"``, ``"align"``, ``"dereferenceable"``, ``"cold"`` and
``"ignore"``, fast-math flags, other parameter/return attributes) is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify import semantics as sem
from veriopt.verify.aggregates import (
    AggregateValue,
    check_operand,
    may_be_undefined,
)
from veriopt.verify.calls import execute_unknown_call
from veriopt.verify.context import EncodingContext, GateChecks, TypeDefs
from veriopt.verify.nonlocal_memory import dereferenceable_now
from veriopt.verify.ranges import apply_range, in_ranges, range_attribute, range_metadata
from veriopt.verify.state import (
    StateValue,
    bv,
    fold,
    mk_and,
    mk_eq,
    mk_not,
    mk_or,
)

BV = z3.BitVecRef
Bool = z3.BoolRef


# ---- bit manipulation helpers ----------------------------------------------------------------


def _int_min(w: int) -> BV:
    return z3.BitVecVal(1 << (w - 1), w)


def _int_max(w: int) -> BV:
    return z3.BitVecVal((1 << (w - 1)) - 1, w)


def _bit(a: BV, i: int) -> Bool:
    return z3.Extract(i, i, a) == 1


def abs_value(a: BV) -> BV:
    """``abs``: INT_MIN stays INT_MIN (two's complement negation wraps)."""
    return z3.If(a < 0, -a, a)


def ctpop(a: BV) -> BV:
    w = a.size()
    bits = [z3.ZeroExt(w - 1, z3.Extract(i, i, a)) if w > 1 else z3.Extract(i, i, a)
            for i in range(w)]
    total = bits[0]
    for b in bits[1:]:
        total = total + b
    return total


def ctlz(a: BV) -> BV:
    """Leading zeros; ``w`` for 0. The highest set bit decides (outermost ite)."""
    w = a.size()
    result = bv(w, w)
    for i in range(w):
        result = z3.If(_bit(a, i), bv(w - 1 - i, w), result)
    return result


def cttz(a: BV) -> BV:
    """Trailing zeros; ``w`` for 0. The lowest set bit decides (outermost ite)."""
    w = a.size()
    result = bv(w, w)
    for i in reversed(range(w)):
        result = z3.If(_bit(a, i), bv(i, w), result)
    return result


def bswap(a: BV) -> BV:
    """Byte ``k`` (from the low end) becomes byte ``n-1-k``."""
    w = a.size()
    pieces = [z3.Extract(8 * k + 7, 8 * k, a) for k in range(w // 8)]
    return z3.Concat(*pieces) if len(pieces) > 1 else a  # first piece = most significant


def bitreverse(a: BV) -> BV:
    w = a.size()
    if w == 1:
        return a
    return z3.Concat(*[z3.Extract(i, i, a) for i in range(w)])


def fshl(a: BV, b: BV, c: BV) -> BV:
    """Funnel shift left: the high half of ``(a ++ b) << (c mod w)``."""
    w = a.size()
    s = z3.URem(c, w) if w & (w - 1) else c & (w - 1)
    return z3.Extract(2 * w - 1, w, z3.Concat(a, b) << z3.ZeroExt(w, s))


def fshr(a: BV, b: BV, c: BV) -> BV:
    """Funnel shift right: the low half of ``(a ++ b) >> (c mod w)``."""
    w = a.size()
    s = z3.URem(c, w) if w & (w - 1) else c & (w - 1)
    return z3.Extract(w - 1, 0, z3.LShR(z3.Concat(a, b), z3.ZeroExt(w, s)))


def sadd_sat(a: BV, b: BV) -> BV:
    w = a.size()
    return z3.If(sem.add_overflows_signed(a, b), z3.If(a < 0, _int_min(w), _int_max(w)), a + b)


def ssub_sat(a: BV, b: BV) -> BV:
    w = a.size()
    return z3.If(sem.sub_overflows_signed(a, b), z3.If(a < 0, _int_min(w), _int_max(w)), a - b)


def uadd_sat(a: BV, b: BV) -> BV:
    return z3.If(sem.add_overflows_unsigned(a, b), bv(-1, a.size()), a + b)


def usub_sat(a: BV, b: BV) -> BV:
    return z3.If(z3.ULT(a, b), bv(0, a.size()), a - b)


def sshl_sat(a: BV, b: BV) -> BV:
    w = a.size()
    return z3.If(sem.shl_loses_sign(a, b), z3.If(a < 0, _int_min(w), _int_max(w)), a << b)


def ushl_sat(a: BV, b: BV) -> BV:
    return z3.If(sem.shl_loses_bits(a, b), bv(-1, a.size()), a << b)


# ---- the tables ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntrinsicRule:
    """``operands`` data operands of the result's (element) type, then ``flags``
    i1 immarg operands. ``poison(args, flags)`` is the intrinsic's own poison
    condition (operand poison is added by the caller)."""

    operands: int
    value: Callable[..., BV]
    flags: int = 0
    poison: Callable[[list[BV], list[bool]], Bool] | None = None


def _shift_amount_too_large(args: list[BV], flags: list[bool]) -> Bool:
    """``*shl.sat``: a shift amount >= the width is poison."""
    return sem.shift_too_large(args[0], args[1])


def _abs_of_int_min(args: list[BV], flags: list[bool]) -> Bool:
    """``abs(x, true)``: poison when ``x`` is INT_MIN."""
    return args[0] == _int_min(args[0].size()) if flags[0] else z3.BoolVal(False)


def _count_of_zero(args: list[BV], flags: list[bool]) -> Bool:
    """``ctlz/cttz(x, true)``: poison when ``x`` is 0."""
    return args[0] == 0 if flags[0] else z3.BoolVal(False)


ELEMENTWISE: dict[str, IntrinsicRule] = {
    "smax": IntrinsicRule(2, lambda a, b: z3.If(a > b, a, b)),
    "smin": IntrinsicRule(2, lambda a, b: z3.If(a < b, a, b)),
    "umax": IntrinsicRule(2, lambda a, b: z3.If(z3.UGT(a, b), a, b)),
    "umin": IntrinsicRule(2, lambda a, b: z3.If(z3.ULT(a, b), a, b)),
    "abs": IntrinsicRule(1, abs_value, flags=1, poison=_abs_of_int_min),
    "ctpop": IntrinsicRule(1, ctpop),
    "ctlz": IntrinsicRule(1, ctlz, flags=1, poison=_count_of_zero),
    "cttz": IntrinsicRule(1, cttz, flags=1, poison=_count_of_zero),
    "bswap": IntrinsicRule(1, bswap),
    "bitreverse": IntrinsicRule(1, bitreverse),
    "fshl": IntrinsicRule(3, fshl),
    "fshr": IntrinsicRule(3, fshr),
    "sadd.sat": IntrinsicRule(2, sadd_sat),
    "uadd.sat": IntrinsicRule(2, uadd_sat),
    "ssub.sat": IntrinsicRule(2, ssub_sat),
    "usub.sat": IntrinsicRule(2, usub_sat),
    "sshl.sat": IntrinsicRule(2, sshl_sat, poison=_shift_amount_too_large),
    "ushl.sat": IntrinsicRule(2, ushl_sat, poison=_shift_amount_too_large),
}

#: ``{s,u}{add,sub,mul}.with.overflow``: (wrapped result, did it overflow?).
WITH_OVERFLOW: dict[str, tuple[Callable[[BV, BV], BV], Callable[[BV, BV], Bool]]] = {
    "sadd.with.overflow": (lambda a, b: a + b, sem.add_overflows_signed),
    "uadd.with.overflow": (lambda a, b: a + b, sem.add_overflows_unsigned),
    "ssub.with.overflow": (lambda a, b: a - b, sem.sub_overflows_signed),
    "usub.with.overflow": (lambda a, b: a - b, sem.sub_overflows_unsigned),
    "smul.with.overflow": (lambda a, b: a * b, sem.mul_overflows_signed),
    "umul.with.overflow": (lambda a, b: a * b, sem.mul_overflows_unsigned),
}

#: ``scmp``/``ucmp``: -1, 0 or 1 in the (possibly different) result width.
THREE_WAY: dict[str, tuple[Callable[[BV, BV], Bool], Callable[[BV, BV], Bool]]] = {
    "scmp": (lambda a, b: a < b, lambda a, b: a > b),
    "ucmp": (z3.ULT, z3.UGT),
}

#: ``llvm.vector.reduce.*``: folded over the lanes; poison if any lane is.
REDUCTIONS: dict[str, Callable[[BV, BV], BV]] = {
    "vector.reduce.add": lambda a, b: a + b,
    "vector.reduce.mul": lambda a, b: a * b,
    "vector.reduce.and": lambda a, b: a & b,
    "vector.reduce.or": lambda a, b: a | b,
    "vector.reduce.xor": lambda a, b: a ^ b,
    "vector.reduce.smax": ELEMENTWISE["smax"].value,
    "vector.reduce.smin": ELEMENTWISE["smin"].value,
    "vector.reduce.umax": ELEMENTWISE["umax"].value,
    "vector.reduce.umin": ELEMENTWISE["umin"].value,
}

#: Identity on the first operand (LangRef: "returns val"); the rest is a hint.
IDENTITY = ("expect", "expect.with.probability")

ASSUME = "assume"

#: Not UB: calls that (may) not return. Alive2 treats them as calls of an unknown
#: function with the intrinsic's attributes (``noreturn``, ``memory(inaccessiblemem:
#: write)`` ...), so they go to the unknown-call model (calls.py): replacing a trap by
#: ``unreachable`` or by another noreturn function is then rightly refuted.
TRAPS = ("trap", "ubsantrap", "debugtrap")

KNOWN: tuple[str, ...] = tuple(sorted(
    set(ELEMENTWISE) | set(WITH_OVERFLOW) | set(THREE_WAY) | set(REDUCTIONS) | set(IDENTITY)
    | {ASSUME} | set(TRAPS), key=len, reverse=True))


def intrinsic_base(name: str) -> str | None:
    """``llvm.sadd.with.overflow.v4i32`` -> ``sadd.with.overflow``; None when the
    intrinsic is not modelled here."""
    if not name.startswith("llvm."):
        return None
    rest = name[5:]
    for base in KNOWN:
        if rest == base or rest.startswith(base + "."):
            return base
    return None


def modelled_call(inst: ir.Instruction) -> str | None:
    if isinstance(inst, ir.Call) and isinstance(inst.callee, ir.Global):
        return intrinsic_base(inst.callee.name)
    return None


# ---- execution ----------------------------------------------------------------------------------


Value = StateValue | AggregateValue


def execute(enc: EncodingContext, inst: ir.Instruction) -> bool:
    """Run ``inst`` if it is a call of an intrinsic modelled here."""
    base = modelled_call(inst)
    if base is None:
        return False
    assert isinstance(inst, ir.Call)
    if base in TRAPS:
        execute_unknown_call(enc, inst)
        return True
    used = inst.args[:1] if base in IDENTITY else inst.args  # expect's hints are constants
    args = [enc.operand(a.value, a.type) for a in used]  # one use each
    ub_terms = []
    for a, v in zip(used, args, strict=True):
        # LangRef: a poison/undef ``noundef`` argument is UB; Alive2 ignores call-site
        # ``noundef`` on intrinsic arguments (alive-tv). Sound under both readings:
        # only tgt's is UB (src takes the more defined reading).
        if "noundef" in a.attrs and enc.side == "tgt":
            ub_terms.append(may_be_undefined(enc, v))
    if base == ASSUME:
        ub_terms.append(_assume_ub(enc, inst, args))
        ub = enc.add_ub(mk_or(*ub_terms))
        enc.record("effect", "assume", None, None, ub)
        return True
    result = _result(enc, inst, base, args)
    result = apply_range(enc, inst, result)
    if "noundef" in inst.ret_attrs:
        ub_terms.append(may_be_undefined(enc, result))
    ub = enc.add_ub(mk_or(*ub_terms))
    assert inst.result is not None
    enc.define(inst.result, inst.return_type, result, ub)  # type: ignore[arg-type]
    return True


def _scalar_lanes(value: Value) -> list[StateValue]:
    return value.leaves() if isinstance(value, AggregateValue) else [value]


def _pack(template: Value, lanes: list[StateValue]) -> Value:
    return AggregateValue(tuple(lanes)) if isinstance(template, AggregateValue) else lanes[0]


def _flag(arg: ir.CallArg) -> bool:
    assert isinstance(arg.value, ir.IntConst)
    return bool(arg.value.value & 1)


def _result(enc: EncodingContext, inst: ir.Call, base: str, args: list[Value]) -> Value:
    if base in IDENTITY:
        return args[0]
    if base in REDUCTIONS:
        lanes = _scalar_lanes(args[0])
        op = REDUCTIONS[base]
        value = lanes[0].value
        for lane in lanes[1:]:
            value = op(value, lane.value)
        return StateValue(fold(value), mk_and(*(x.non_poison for x in lanes)),
                          frozenset().union(*(x.undef_vars for x in lanes)))
    if base in WITH_OVERFLOW:
        compute, overflows = WITH_OVERFLOW[base]
        values, flags = [], []
        for a, b in zip(_scalar_lanes(args[0]), _scalar_lanes(args[1]), strict=True):
            np = mk_and(a.non_poison, b.non_poison)
            uvars = a.undef_vars | b.undef_vars
            values.append(StateValue(fold(compute(a.value, b.value)), np, uvars))
            bit = z3.If(overflows(a.value, b.value), bv(1, 1), bv(0, 1))
            flags.append(StateValue(fold(bit), np, uvars))
        return AggregateValue((_pack(args[0], values), _pack(args[0], flags)))
    if base in THREE_WAY:
        less, greater = THREE_WAY[base]
        rt = inst.return_type
        w = (rt.elem if isinstance(rt, ir.VectorType) else rt).bits  # type: ignore[union-attr]
        out = []
        for a, b in zip(_scalar_lanes(args[0]), _scalar_lanes(args[1]), strict=True):
            value = z3.If(less(a.value, b.value), bv(-1, w),
                          z3.If(greater(a.value, b.value), bv(1, w), bv(0, w)))
            out.append(StateValue(fold(value), mk_and(a.non_poison, b.non_poison),
                                  a.undef_vars | b.undef_vars))
        return _pack(args[0], out)
    rule = ELEMENTWISE[base]
    flags = [_flag(a) for a in inst.args[rule.operands:rule.operands + rule.flags]]
    data = [_scalar_lanes(v) for v in args[:rule.operands]]
    out = []
    for ops in zip(*data, strict=True):
        values = [x.value for x in ops]
        np = mk_and(*(x.non_poison for x in ops))
        if rule.poison is not None:
            np = mk_and(np, mk_not(fold(rule.poison(values, flags))))
        out.append(StateValue(fold(rule.value(*values)), np,
                              frozenset().union(*(x.undef_vars for x in ops))))
    return _pack(args[0], out)


def _assume_ub(enc: EncodingContext, inst: ir.Call, args: list[Value]) -> z3.BoolRef:
    """``llvm.assume(c)``: UB unless ``c`` is true (poison/undef count as false,
    as for a branch condition), plus the UB of its operand bundles."""
    c = args[0]
    assert isinstance(c, StateValue)
    terms = [enc.ub_unless_defined(c), mk_eq(c.value, bv(0, 1))]
    for bundle in inst.bundles:
        terms.append(ASSUME_BUNDLES[bundle.tag](enc, bundle))
    return mk_or(*terms)


def _noundef_bundle(enc: EncodingContext, bundle: ir.OperandBundle) -> z3.BoolRef:
    """``"noundef"(x, ...)``: UB if any operand is poison or undef."""
    return mk_or(*(may_be_undefined(enc, enc.operand(tv.value, tv.type)) for tv in bundle.inputs))


def _nonnull_bundle(enc: EncodingContext, bundle: ir.OperandBundle) -> z3.BoolRef:
    """``"nonnull"(p)``: UB if ``p`` is poison, undef or null (Alive2 Assume::NonNull)."""
    tv = bundle.inputs[0]
    p = enc.operand(tv.value, ir.PTR)
    null = enc.operand(ir.NullConst(), ir.PTR)
    is_null = enc.compare_pointers("eq", p, enc.alias_of(tv.value), null, frozenset({0}))
    return mk_or(enc.ub_unless_defined(p), is_null)


def _align_bundle(enc: EncodingContext, bundle: ir.OperandBundle) -> z3.BoolRef:
    """``"align"(p, k[, off])``: UB if an operand is poison or undef, or, for a power of
    two ``k``, if ``p - off`` is not a multiple of ``k`` (Alive2 Assume::Align). The
    LangRef ("Assume Operand Bundles") allows a dynamic ``k``, and a ``k`` that is not a
    power of two (0 included): then ``p`` must be null, else UB."""
    tv, ktv = bundle.inputs[0], bundle.inputs[1]
    p = enc.operand(tv.value, ir.PTR)
    alias = enc.alias_of(tv.value)
    terms = [enc.ub_unless_defined(p)]
    address = enc.address_of(p.value, alias)
    width = address.size()
    if len(bundle.inputs) == 3:
        otv = bundle.inputs[2]
        if isinstance(otv.value, ir.IntConst):
            address = address - bv(otv.value.value, width)
        else:  # an index, sign-extended to the address width (Alive2: a GEP by -off)
            o = enc.operand(otv.value, otv.type)
            terms.append(enc.ub_unless_defined(o))
            address = address - fold(z3.SignExt(width - o.value.size(), o.value))
    k = ktv.value
    kval = k.value % (1 << ktv.type.bits) if isinstance(k, ir.IntConst) else 0  # type: ignore[union-attr]
    if kval > 0 and kval & (kval - 1) == 0:
        bits = kval.bit_length() - 1
        if bits:
            terms.append(fold(z3.Extract(bits - 1, 0, address) != 0))
        return mk_or(*terms)
    null = enc.operand(ir.NullConst(), ir.PTR)
    is_null = enc.compare_pointers("eq", p, alias, null, frozenset({0}))
    if isinstance(k, ir.IntConst):  # not a power of two: p must be null
        terms.append(mk_not(is_null))
        return mk_or(*terms)
    ks = enc.operand(k, ktv.type)
    terms.append(enc.ub_unless_defined(ks))
    kv = fold(z3.ZeroExt(width - ks.value.size(), ks.value))
    pow2 = mk_and(kv != 0, (kv & (kv - 1)) == 0)
    aligned = (address & (kv - 1)) == 0
    terms.append(fold(z3.If(pow2, z3.Not(aligned), mk_not(is_null))))
    return mk_or(*terms)


def _dereferenceable_bundle(enc: EncodingContext, bundle: ir.OperandBundle) -> z3.BoolRef:
    """``"dereferenceable"(p, n)``: UB if ``p`` is poison or undef, or if ``n`` bytes
    from ``p`` are not dereferenceable now (as the argument attribute, made UB)."""
    tv, n = bundle.inputs[0], bundle.inputs[1].value
    assert isinstance(n, ir.IntConst)
    p = enc.operand(tv.value, ir.PTR)
    deref = dereferenceable_now(enc, p.value, enc.alias_of(tv.value), n.value)
    return mk_or(enc.ub_unless_defined(p), mk_not(deref))


#: Operand bundles of ``llvm.assume`` (LangRef "Assume Operand Bundles"); "cold" and
#: "ignore" carry no semantics.
ASSUME_BUNDLES: dict[str, Callable[[EncodingContext, ir.OperandBundle], z3.BoolRef]] = {
    "noundef": _noundef_bundle,
    "nonnull": _nonnull_bundle,
    "align": _align_bundle,
    "dereferenceable": _dereferenceable_bundle,
    "cold": lambda enc, bundle: z3.BoolVal(False),
    "ignore": lambda enc, bundle: z3.BoolVal(False),
}


# ---- range attributes and metadata ---------------------------------------------------------------


# ---- the feature gate -----------------------------------------------------------------------------


CALL_RET_ATTRS = frozenset({"noundef"})
CALL_ARG_ATTRS = frozenset({"noundef"})


def _int_or_int_vector(t: ir.Type) -> ir.IntType:
    if isinstance(t, ir.VectorType):
        if t.scalable:
            raise UnsupportedIR("scalable-vector", "Unsupported type: scalable vector")
        t = t.elem
    if not isinstance(t, ir.IntType):
        raise UnsupportedIR("intrinsic-type", "Unsupported intrinsic operand type")
    return t


def _same_shape(a: ir.Type, b: ir.Type, elem: ir.IntType | None = None) -> bool:
    """``b`` has ``a``'s shape (scalar, or vector of the same length), with element
    type ``elem`` when given, else ``a``'s."""
    if isinstance(a, ir.VectorType):
        return (isinstance(b, ir.VectorType) and b.count == a.count and not b.scalable
                and b.elem == (elem or a.elem))
    return b == (elem or a)


def check_call(inst: ir.Instruction, types: TypeDefs, checks: GateChecks) -> bool:
    """Gate the intrinsic calls `execute` handles; False when not one of them."""
    base = modelled_call(inst)
    if base is None:
        return False
    assert isinstance(inst, ir.Call)
    name = inst.callee.name  # type: ignore[union-attr]
    feature = f"intrinsic:{name}"
    checks.metadata(dataclasses.replace(inst, metadata=tuple(
        m for m in inst.metadata if m[0] != "range")))
    if inst.flags or inst.cconv not in (None, "ccc") or inst.function_type is not None:
        raise UnsupportedIR(feature, f"Unsupported call of @{name} (flags or calling convention)")
    if inst.bundles and not (base == ASSUME and all(b.tag in ASSUME_BUNDLES for b in inst.bundles)):
        raise UnsupportedIR("operand-bundle", f"Unsupported operand bundle on @{name}")
    for a in inst.ret_attrs:
        if a not in CALL_RET_ATTRS and not a.startswith("range("):
            raise UnsupportedIR(f"attribute:{a.split('(')[0]}", f"Unsupported attribute: {a}")
    for arg in inst.args:
        for a in arg.attrs:
            if a not in CALL_ARG_ATTRS:
                raise UnsupportedIR(f"attribute:{a.split('(')[0]}", f"Unsupported attribute: {a}")
    _check_signature(inst, base, feature)
    for arg in inst.args[:1] if base in IDENTITY else inst.args:
        check_operand(arg.value, arg.type, types, checks)
    for bundle in inst.bundles:
        _check_bundle(bundle, types, checks)
    return True


def _check_bundle(bundle: ir.OperandBundle, types: TypeDefs, checks: GateChecks) -> None:
    bad = UnsupportedIR("operand-bundle", f"Unsupported assume bundle \"{bundle.tag}\"")
    ins = bundle.inputs
    if bundle.tag == "noundef":
        for tv in ins:
            checks.value_type(tv.type, allow_ptr=True)
            check_operand(tv.value, tv.type, types, checks)
        return
    if bundle.tag in ("nonnull", "align"):
        arities = (1,) if bundle.tag == "nonnull" else (2, 3)
        if len(ins) not in arities or ins[0].type != ir.PTR:
            raise bad
        if bundle.tag == "align":
            # a constant or dynamic alignment and offset, of at most 64 bits
            for extra in ins[1:]:
                if not (isinstance(extra.type, ir.IntType) and extra.type.bits <= 64):
                    raise bad
                if isinstance(extra.value, ir.IntConst):
                    continue
                checks.value_type(extra.type)
                check_operand(extra.value, extra.type, types, checks)
        checks.value_type(ir.PTR, allow_ptr=True)
        checks.operand(ins[0].value, ir.PTR)
        return
    if bundle.tag == "dereferenceable":
        if len(ins) != 2 or ins[0].type != ir.PTR or not isinstance(ins[1].type, ir.IntType):
            raise bad
        n = ins[1].value
        if not (isinstance(n, ir.IntConst) and 0 < n.value < 1 << 32):
            raise bad  # a dynamic, zero or huge byte count
        checks.value_type(ir.PTR, allow_ptr=True)
        checks.operand(ins[0].value, ir.PTR)
        return
    if bundle.tag not in ASSUME_BUNDLES:
        raise bad


def _check_signature(inst: ir.Call, base: str, feature: str) -> None:
    """Operand and result types as the intrinsic's LangRef entry requires."""
    args = [a.type for a in inst.args]
    rt = inst.return_type
    bad = UnsupportedIR(feature, f"Unsupported signature for @{inst.callee.name}")  # type: ignore[union-attr]
    if base in TRAPS:
        want = [ir.I8] if base == "ubsantrap" else []
        if args != want or not isinstance(rt, ir.VoidType) or inst.ret_attrs:
            raise bad
        return
    if base == ASSUME:
        if args != [ir.I1] or not isinstance(rt, ir.VoidType):
            raise bad
        return
    if not args:
        raise bad
    first = args[0]
    elem = _int_or_int_vector(first)
    if base in IDENTITY:
        if not isinstance(first, ir.IntType) or rt != first or len(args) < 2 \
                or args[1] != first or not isinstance(inst.args[1].value, ir.IntConst):
            raise bad
        if base == "expect.with.probability" and (len(args) != 3 or not isinstance(
                args[2], ir.FloatType)):
            raise bad
        if base == "expect" and len(args) != 2:
            raise bad
        return
    if base in REDUCTIONS:
        if len(args) != 1 or not isinstance(first, ir.VectorType) or rt != first.elem:
            raise bad
        return
    if base in WITH_OVERFLOW:
        overflow_t = ir.VectorType(first.count, ir.I1) if isinstance(first, ir.VectorType) \
            else ir.I1
        expected = ir.StructType((first, overflow_t))
        if len(args) != 2 or args[1] != first or rt != expected:
            raise bad
        return
    if base in THREE_WAY:
        if len(args) != 2 or args[1] != first:
            raise bad
        rt_elem = _int_or_int_vector(rt)
        if rt_elem.bits < 2 or not _same_shape(first, rt, rt_elem):
            raise bad
        return
    rule = ELEMENTWISE[base]
    if len(args) != rule.operands + rule.flags or rt != first:
        raise bad
    if any(a != first for a in args[:rule.operands]):
        raise bad
    for a in inst.args[rule.operands:]:
        if a.type != ir.I1 or not isinstance(a.value, ir.IntConst):
            raise bad  # LangRef: the flag is an immarg constant
    if base == "bswap" and elem.bits % 16:
        raise bad


__all__ = ["ELEMENTWISE", "IntrinsicRule", "KNOWN", "REDUCTIONS", "THREE_WAY", "WITH_OVERFLOW",
           "check_call", "execute", "in_ranges", "intrinsic_base", "modelled_call",
           "range_attribute", "range_metadata"]

