"""Fixed-width vectors: element-wise instructions and the vector-only ones.

A vector value is an `AggregateValue` with one `StateValue` per lane (see
`aggregates.py` for why poison must be per lane).

Element-wise instructions (LangRef: binary operators, ``icmp``/``fcmp``, casts
and ``fneg`` "operate on each element") are *scalarised*: for every lane the
encoder runs the scalar instruction of the element type on that lane's
operands, through its own handler. The vector semantics are then exactly the
scalar semantics, lane by lane, including every flag, poison rule and UB rule
(a vector ``udiv`` is UB when any lane divides by zero), and including whatever
scalar types the encoder supports (floating point lanes follow the scalar FP
model with no code here).

The vector-only instructions are encoded directly, after LangRef and Alive2
(``ir/instr.cpp``):

* ``extractelement``: poison when the index is poison or out of range;
* ``insertelement``: the whole result is poison when the index is poison or out
  of range;
* ``shufflevector``: a poison/undef mask element gives a poison lane;
* ``select`` with a vector condition: lane-wise, a poison condition lane gives a
  poison result lane;
* ``bitcast`` between vectors and integers (or vectors of another shape): the
  bits of lane 0 are the low bits (little-endian, LangRef "bitcast ... as if
  stored and loaded through memory"); a result lane (or the integer) is poison
  when any source lane it overlaps is.

Scalable vectors, vectors of pointers and vector GEPs are refused by the gate.
"""

from __future__ import annotations

from collections.abc import Callable

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify.aggregates import (
    AggregateValue,
    bind,
    check_operand,
    forget,
    operand,
    run_scalar,
    temp_name,
)
from veriopt.verify.context import EncodingContext, GateChecks, TypeDefs
from veriopt.verify.state import (
    TRUE,
    StateValue,
    bv,
    fold,
    mk_and,
    mk_eq,
    mk_ite,
    mk_or,
)


def is_vector(t: ir.Type | None) -> bool:
    return isinstance(t, ir.VectorType)


def lanes(enc: EncodingContext, v: ir.Value, t: ir.Type) -> list[StateValue]:
    """The lanes of a vector operand at this use."""
    value = operand(enc, v, t)
    out = []
    for e in value.elements:
        if not isinstance(e, StateValue):
            raise UnsupportedIR("vector", "vector of aggregates")
        out.append(e)
    return out


def poison_lane(enc: EncodingContext, t: ir.Type) -> StateValue:
    sv = enc.operand(ir.PoisonConst(), t)
    assert isinstance(sv, StateValue)
    return sv


# ---- dispatch ----------------------------------------------------------------------------


def execute(enc: EncodingContext, inst: ir.Instruction) -> bool:
    """Run ``inst`` if it is a vector instruction this file models."""
    if isinstance(inst, (ir.ExtractElement, ir.InsertElement, ir.ShuffleVector)):
        {ir.ExtractElement: _extract_element, ir.InsertElement: _insert_element,
         ir.ShuffleVector: _shuffle}[type(inst)](enc, inst)  # type: ignore[operator]
    elif isinstance(inst, ir.Select) and is_vector(inst.cond.type):
        _select(enc, inst)
    elif isinstance(inst, ir.Cast) and inst.opcode == "bitcast" and (
            is_vector(inst.operand.type) or is_vector(inst.dest_type)):
        _bitcast(enc, inst)
    elif elementwise_kind(inst):
        _elementwise(enc, inst)
    elif fp_reduction(inst) is not None:
        _fp_reduction(enc, inst)  # type: ignore[arg-type]
    elif elementwise_call(inst) is not None:
        _elementwise_call(enc, inst)  # type: ignore[arg-type]
    else:
        return False
    return True


def elementwise_kind(inst: ir.Instruction) -> bool:
    """An element-wise instruction on vectors (scalarised lane by lane)."""
    if isinstance(inst, (ir.BinaryOp, ir.UnaryOp, ir.ICmp, ir.FCmp)):
        return is_vector(inst.type)
    if isinstance(inst, ir.Cast):
        return inst.opcode != "bitcast" and is_vector(inst.operand.type)
    return False


# ---- element-wise instructions --------------------------------------------------------------


def lane_instruction(inst: ir.Instruction, result: str, ops: list[ir.Local]) -> ir.Instruction:
    """The scalar instruction one lane of ``inst`` runs, on locals ``ops``."""
    if isinstance(inst, ir.BinaryOp):
        elem = inst.type.elem  # type: ignore[union-attr]
        return ir.BinaryOp(result, inst.opcode, elem, ops[0], ops[1], inst.flags)
    if isinstance(inst, ir.UnaryOp):
        return ir.UnaryOp(result, inst.opcode, inst.type.elem, ops[0], inst.flags)  # type: ignore[union-attr]
    if isinstance(inst, ir.ICmp):
        return ir.ICmp(result, inst.predicate, inst.type.elem, ops[0], ops[1], inst.flags)  # type: ignore[union-attr]
    if isinstance(inst, ir.FCmp):
        return ir.FCmp(result, inst.predicate, inst.type.elem, ops[0], ops[1], inst.flags)  # type: ignore[union-attr]
    if isinstance(inst, ir.Cast):
        src = inst.operand.type.elem  # type: ignore[union-attr]
        dst = inst.dest_type.elem  # type: ignore[union-attr]
        return ir.Cast(result, inst.opcode, ir.TypedValue(src, ops[0]), dst, inst.flags)
    raise UnsupportedIR("vector", f"not element-wise: {type(inst).__name__}")


def _operands(inst: ir.Instruction) -> list[tuple[ir.Value, ir.Type]]:
    if isinstance(inst, (ir.BinaryOp, ir.ICmp, ir.FCmp)):
        return [(inst.lhs, inst.type), (inst.rhs, inst.type)]
    if isinstance(inst, ir.UnaryOp):
        return [(inst.operand, inst.type)]
    if isinstance(inst, ir.Cast):
        return [(inst.operand.value, inst.operand.type)]
    raise UnsupportedIR("vector", f"not element-wise: {type(inst).__name__}")


def result_type(inst: ir.Instruction) -> ir.Type:
    if isinstance(inst, (ir.ICmp, ir.FCmp)):
        return ir.VectorType(inst.type.count, ir.I1)  # type: ignore[union-attr]
    if isinstance(inst, ir.Cast):
        return inst.dest_type
    return inst.type  # type: ignore[union-attr]


def map_lanes(enc: EncodingContext, operands: list[list[StateValue]],
              make: Callable[[str, list[ir.Local]], ir.Instruction]
              ) -> tuple[list[StateValue], z3.BoolRef]:
    """Run ``make(result, lane_operands)`` for every lane; the lane results and the
    OR of their UB."""
    count = len(operands[0])
    out, ubs = [], []
    for i in range(count):
        ops = [bind(enc, op[i]) for op in operands]
        name = temp_name(enc, "lane")
        sv, ub = run_scalar(enc, make(name, ops), name)
        forget(enc, *ops, ir.Local(name))
        if not isinstance(sv, StateValue):
            raise UnsupportedIR("vector", "lane result is not a scalar")
        out.append(sv)
        ubs.append(ub)
    return out, mk_or(*ubs)


def _elementwise(enc: EncodingContext, inst: ir.Instruction) -> None:
    # Each operand is fetched once: one use of the vector value, whatever its lanes.
    ops = [lanes(enc, v, t) for v, t in _operands(inst)]
    results, ub = map_lanes(enc, ops, lambda name, locs: lane_instruction(inst, name, locs))
    enc.define(inst.result, result_type(inst), AggregateValue(tuple(results)), ub)  # type: ignore[attr-defined, arg-type]


# ---- intrinsic calls on vectors (those of other files, lane by lane) -------------------------------


def _callee(inst: ir.Instruction) -> str | None:
    if isinstance(inst, ir.Call) and isinstance(inst.callee, ir.Global) \
            and inst.callee.name.startswith("llvm."):
        return inst.callee.name
    return None


def elementwise_call(inst: ir.Instruction) -> str | None:
    """The base name of a vector call of an element-wise FP intrinsic (``fabs``,
    ``fma``, ``minnum`` ...: LangRef defines their vector forms lane by lane), whose
    scalar form fp.py models; None otherwise."""
    name = _callee(inst)
    if name is None:
        return None
    assert isinstance(inst, ir.Call)
    if not (is_vector(inst.return_type) or any(is_vector(a.type) for a in inst.args)):
        return None
    from veriopt.verify import fp

    return fp.intrinsic_name(inst.callee)


def _lane_callee(base: str, elem: ir.Type) -> ir.Global:
    from veriopt.llvm.printer import print_type

    return ir.Global(f"llvm.{base}.{print_type(elem)}")


def _lane_call(inst: ir.Call, base: str, result: str, ops: list[ir.Local]) -> ir.Call:
    """The scalar call one lane runs: vector arguments become the lane's locals,
    scalar ones (an ``is.fpclass`` mask) stay as they are."""
    args, k = [], 0
    for a in inst.args:
        if is_vector(a.type):
            args.append(ir.CallArg(a.type.elem, ops[k], a.attrs))  # type: ignore[union-attr]
            k += 1
        else:
            args.append(a)
    rt = inst.return_type.elem if is_vector(inst.return_type) else inst.return_type  # type: ignore[union-attr]
    elem = next(a.type.elem for a in inst.args if is_vector(a.type))  # type: ignore[union-attr]
    return ir.Call(result, rt, _lane_callee(base, elem), tuple(args), flags=inst.flags)


def _elementwise_call(enc: EncodingContext, inst: ir.Call) -> None:
    base = elementwise_call(inst)
    assert base is not None and inst.result is not None
    ops = [lanes(enc, a.value, a.type) for a in inst.args if is_vector(a.type)]
    results, ub = map_lanes(enc, ops, lambda name, locs: _lane_call(inst, base, name, locs))
    enc.define(inst.result, inst.return_type, AggregateValue(tuple(results)), ub)


#: ``llvm.vector.reduce.<op>`` on FP lanes -> the scalar step that folds them.
#: fadd/fmul are sequential (LangRef: without ``reassoc`` the order is the lane
#: order, starting from the scalar start value); fmax/fmin have maxnum/minnum and
#: fmaximum/fminimum maximum/minimum semantics.
FP_REDUCTIONS = {"fadd": "fadd", "fmul": "fmul", "fmax": "maxnum", "fmin": "minnum",
                 "fmaximum": "maximum", "fminimum": "minimum"}


def fp_reduction(inst: ir.Instruction) -> str | None:
    name = _callee(inst)
    if name is None or not name.startswith("llvm.vector.reduce."):
        return None
    op = name[len("llvm.vector.reduce."):].split(".", 1)[0]
    return op if op in FP_REDUCTIONS else None


def _fold_step(op: str, elem: ir.Type, flags: tuple[str, ...], result: str,
               acc: ir.Local, lane: ir.Local) -> ir.Instruction:
    step = FP_REDUCTIONS[op]
    if step in ("fadd", "fmul"):
        return ir.BinaryOp(result, step, elem, acc, lane, flags)
    return ir.Call(result, elem, _lane_callee(step, elem),
                   (ir.CallArg(elem, acc), ir.CallArg(elem, lane)), flags=flags)


def _fp_reduction(enc: EncodingContext, inst: ir.Call) -> None:
    op = fp_reduction(inst)
    assert op is not None and inst.result is not None
    vec_arg = inst.args[-1]
    vec = lanes(enc, vec_arg.value, vec_arg.type)
    elem = vec_arg.type.elem  # type: ignore[union-attr]
    if op in ("fadd", "fmul"):
        acc_value = enc.operand(inst.args[0].value, inst.args[0].type)
        rest = vec
    else:
        acc_value, rest = vec[0], vec[1:]
    ubs = []
    for lane in rest:
        acc, x = bind(enc, acc_value), bind(enc, lane)
        name = temp_name(enc, "fold")
        value, ub = run_scalar(enc, _fold_step(op, elem, inst.flags, name, acc, x), name)
        forget(enc, acc, x, ir.Local(name))
        assert isinstance(value, StateValue)
        acc_value = value
        ubs.append(ub)
    enc.define(inst.result, inst.return_type, acc_value, mk_or(*ubs))


# ---- select with a vector condition ------------------------------------------------------------


def _select(enc: EncodingContext, inst: ir.Select) -> None:
    c = lanes(enc, inst.cond.value, inst.cond.type)
    a = lanes(enc, inst.true_value.value, inst.true_value.type)
    b = lanes(enc, inst.false_value.value, inst.false_value.type)
    out = []
    for ci, ai, bi in zip(c, a, b, strict=True):
        pick = mk_eq(ci.value, bv(1, 1))
        out.append(StateValue(mk_ite(pick, ai.value, bi.value),
                              mk_and(ci.non_poison, mk_ite(pick, ai.non_poison, bi.non_poison)),
                              ci.undef_vars | ai.undef_vars | bi.undef_vars))
    enc.define(inst.result, inst.true_value.type, AggregateValue(tuple(out)))  # type: ignore[arg-type]


# ---- extractelement / insertelement / shufflevector ---------------------------------------------


def _in_range(idx: z3.BitVecRef, count: int) -> z3.BoolRef:
    w = idx.size()
    if count >= 1 << w:
        return TRUE
    return fold(z3.ULT(idx, bv(count, w)))


def _extract_element(enc: EncodingContext, inst: ir.ExtractElement) -> None:
    vec = lanes(enc, inst.vector.value, inst.vector.type)
    idx = enc.operand(inst.index.value, inst.index.type)
    elem_t = inst.vector.type.elem  # type: ignore[union-attr]
    if z3.is_bv_value(idx.value):
        k = idx.value.as_long()
        if k >= len(vec):
            result = poison_lane(enc, elem_t)
        else:
            lane = vec[k]
            result = StateValue(lane.value, mk_and(idx.non_poison, lane.non_poison),
                                lane.undef_vars | idx.undef_vars)
    else:
        value, np, uvars = vec[-1].value, vec[-1].non_poison, idx.undef_vars | vec[-1].undef_vars
        for i in reversed(range(len(vec) - 1)):
            hit = mk_eq(idx.value, bv(i, idx.width))
            value = mk_ite(hit, vec[i].value, value)
            np = mk_ite(hit, vec[i].non_poison, np)
            uvars |= vec[i].undef_vars
        result = StateValue(value, mk_and(idx.non_poison, _in_range(idx.value, len(vec)), np),
                            uvars)
    enc.define(inst.result, elem_t, result)


def _insert_element(enc: EncodingContext, inst: ir.InsertElement) -> None:
    vec = lanes(enc, inst.vector.value, inst.vector.type)
    elem_t = inst.vector.type.elem  # type: ignore[union-attr]
    e = enc.operand(inst.element.value, elem_t)
    idx = enc.operand(inst.index.value, inst.index.type)
    # LangRef: an out-of-range (or poison) index makes the whole result poison.
    ok = mk_and(idx.non_poison, _in_range(idx.value, len(vec)))
    out = []
    for i, old in enumerate(vec):
        hit = mk_eq(idx.value, bv(i, idx.width)) if i < (1 << idx.width) else z3.BoolVal(False)
        uvars = idx.undef_vars | old.undef_vars
        if not z3.is_false(hit):
            uvars |= e.undef_vars
        out.append(StateValue(mk_ite(hit, e.value, old.value),
                              mk_and(ok, mk_ite(hit, e.non_poison, old.non_poison)), uvars))
    enc.define(inst.result, inst.vector.type, AggregateValue(tuple(out)))


def shuffle_mask(mask: ir.TypedValue) -> list[int | None]:
    """The mask of a ``shufflevector`` as lane numbers, None for a poison/undef lane."""
    t = mask.type
    if not isinstance(t, ir.VectorType) or t.scalable:
        raise UnsupportedIR("scalable-vector", "Unsupported shufflevector mask")
    v = mask.value
    if isinstance(v, ir.ZeroInit):
        return [0] * t.count
    if isinstance(v, (ir.UndefConst, ir.PoisonConst)):
        return [None] * t.count
    if isinstance(v, ir.VectorConst):
        out: list[int | None] = []
        for e in v.elements:
            if isinstance(e.value, ir.IntConst):
                out.append(e.value.value % (1 << 32))
            elif isinstance(e.value, (ir.UndefConst, ir.PoisonConst)):
                out.append(None)
            else:
                raise UnsupportedIR("shufflevector-mask", "Unsupported shufflevector mask element")
        return out
    raise UnsupportedIR("shufflevector-mask", "Unsupported shufflevector mask")


def _shuffle(enc: EncodingContext, inst: ir.ShuffleVector) -> None:
    a = lanes(enc, inst.v1.value, inst.v1.type)
    b = lanes(enc, inst.v2.value, inst.v2.type)
    elem_t = inst.v1.type.elem  # type: ignore[union-attr]
    n = len(a)
    out = []
    for m in shuffle_mask(inst.mask):
        if m is None or m >= 2 * n:
            out.append(poison_lane(enc, elem_t))
        else:
            out.append(a[m] if m < n else b[m - n])
    result_t = ir.VectorType(len(out), elem_t)
    enc.define(inst.result, result_t, AggregateValue(tuple(out)))


# ---- bitcast ------------------------------------------------------------------------------------


def _chunks(value: StateValue | AggregateValue) -> list[StateValue]:
    """The value's bit pieces from the lowest bits up (lane 0 first)."""
    pieces = value.leaves() if isinstance(value, AggregateValue) else [value]
    for p in pieces:
        if not z3.is_bv(p.value):
            raise UnsupportedIR("bitcast", "Unsupported bitcast of a non-bit-vector lane")
    return pieces


def _concat_low_first(pieces: list[z3.BitVecRef]) -> z3.BitVecRef:
    if len(pieces) == 1:
        return pieces[0]
    return fold(z3.Concat(*reversed(pieces)))


def _bitcast(enc: EncodingContext, inst: ir.Cast) -> None:
    """A bitcast is a store and a load of the other type (LangRef): on a little-endian
    target lane 0 is in the lowest bits of the whole, on a big-endian one in the
    highest (bitcast/bitcast-vector-bigendian: ``<4 x i2> <0, 1, 2, 3>`` is 27)."""
    big_endian = not enc.dl.little_endian
    x = operand(enc, inst.operand.value, inst.operand.type) if is_vector(inst.operand.type) \
        else enc.operand(inst.operand.value, inst.operand.type)
    pieces = _chunks(x)
    if big_endian:
        pieces = pieces[::-1]  # from the lowest bits up: the last lane first
    bounds, at = [], 0
    for p in pieces:
        bounds.append((at, at + p.width, p))
        at += p.width
    whole = _concat_low_first([p.value for p in pieces])
    dst = inst.dest_type

    def part(lo: int, width: int) -> StateValue:
        hi = lo + width
        overlap = [p for a, b, p in bounds if a < hi and lo < b]
        value = whole if (lo == 0 and width == whole.size()) else fold(z3.Extract(hi - 1, lo, whole))
        uvars: frozenset[str] = frozenset().union(*(p.undef_vars for p in overlap))
        return StateValue(value, mk_and(*(p.non_poison for p in overlap)), uvars)

    if isinstance(dst, ir.VectorType):
        w = whole.size() // dst.count
        lanes = [part(i * w, w) for i in range(dst.count)]  # from the lowest bits up
        result: StateValue | AggregateValue = AggregateValue(
            tuple(lanes[::-1] if big_endian else lanes))
    else:
        result = part(0, whole.size())
    enc.define(inst.result, dst, result)  # type: ignore[arg-type]


# ---- the feature gate ---------------------------------------------------------------------------


def _vector_type(t: ir.Type, checks: GateChecks) -> ir.VectorType:
    if not isinstance(t, ir.VectorType):
        raise UnsupportedIR("vector", "expected a vector type")
    if t.scalable:
        raise UnsupportedIR("scalable-vector", "Unsupported type: scalable vector")
    if isinstance(t.elem, ir.PtrType):
        raise UnsupportedIR("vector-of-pointers", "Unsupported type: vector of pointers")
    checks.value_type(t.elem)
    return t


def _bit_size(t: ir.Type) -> int:
    if isinstance(t, ir.VectorType):
        return t.count * _bit_size(t.elem)
    if isinstance(t, (ir.IntType, ir.FloatType)):
        return t.bits
    raise UnsupportedIR("bitcast", f"Unsupported bitcast type {type(t).__name__}")


def check_instruction(inst: ir.Instruction, types: TypeDefs, checks: GateChecks) -> bool:
    """Gate the instructions `execute` handles; False when not one of them."""
    if isinstance(inst, ir.GetElementPtr) and (
            is_vector(inst.pointer.type) or any(is_vector(i.type) for i in inst.indices)):
        raise UnsupportedIR("vector-gep", "Unsupported getelementptr on vectors")
    if isinstance(inst, ir.ExtractElement):
        checks.metadata(inst)
        _vector_type(inst.vector.type, checks)
        checks.value_type(inst.index.type)
        check_operand(inst.vector, inst.vector.type, types, checks)
        checks.operand(inst.index.value, inst.index.type)
    elif isinstance(inst, ir.InsertElement):
        checks.metadata(inst)
        t = _vector_type(inst.vector.type, checks)
        if inst.element.type != t.elem:
            raise UnsupportedIR("vector", "insertelement of the wrong type")
        checks.value_type(inst.index.type)
        check_operand(inst.vector, t, types, checks)
        checks.operand(inst.element.value, t.elem)
        checks.operand(inst.index.value, inst.index.type)
    elif isinstance(inst, ir.ShuffleVector):
        checks.metadata(inst)
        _vector_type(inst.v1.type, checks)
        shuffle_mask(inst.mask)
        for op in (inst.v1, inst.v2):
            check_operand(op, op.type, types, checks)
    elif isinstance(inst, ir.Select) and is_vector(inst.cond.type):
        checks.metadata(inst)
        c = _vector_type(inst.cond.type, checks)
        t = _vector_type(inst.true_value.type, checks)
        if inst.flags:
            raise UnsupportedIR("fp", "Unsupported select flags (fast-math)")
        if c.elem != ir.I1 or c.count != t.count:
            raise UnsupportedIR("select-condition", "Unsupported select condition type")
        for op in (inst.cond, inst.true_value, inst.false_value):
            check_operand(op, op.type, types, checks)
    elif isinstance(inst, ir.Cast) and inst.opcode == "bitcast" and (
            is_vector(inst.operand.type) or is_vector(inst.dest_type)):
        checks.metadata(inst)
        if inst.flags:
            raise UnsupportedIR("flag:bitcast", f"Unsupported flags: {inst.flags}")
        for t in (inst.operand.type, inst.dest_type):
            if is_vector(t):
                _vector_type(t, checks)
            else:
                checks.value_type(t)
            if isinstance(t, ir.PtrType):
                raise UnsupportedIR("bitcast", "Unsupported bitcast of pointers")
        if _bit_size(inst.operand.type) != _bit_size(inst.dest_type):
            raise UnsupportedIR("bitcast", "bitcast between types of different sizes")
        check_operand(inst.operand, inst.operand.type, types, checks)
    elif elementwise_kind(inst) or (isinstance(inst, ir.Cast) and is_vector(inst.dest_type)):
        _check_elementwise(inst, types, checks)
    elif fp_reduction(inst) is not None:
        _check_fp_reduction(inst, types, checks)  # type: ignore[arg-type]
    elif elementwise_call(inst) is not None:
        _check_elementwise_call(inst, types, checks)  # type: ignore[arg-type]
    else:
        return False
    return True


def _check_call_site(inst: ir.Call, checks: GateChecks) -> None:
    name = _callee(inst)
    if inst.bundles or inst.cconv not in (None, "ccc") or inst.ret_attrs or inst.function_type:
        raise UnsupportedIR(f"intrinsic:{name}", f"Unsupported call of @{name}")
    if any(a.attrs for a in inst.args):
        raise UnsupportedIR(f"intrinsic:{name}", f"Unsupported argument attributes on @{name}")
    checks.metadata(inst)


def _check_elementwise_call(inst: ir.Call, types: TypeDefs, checks: GateChecks) -> None:
    _check_call_site(inst, checks)
    base = elementwise_call(inst)
    assert base is not None
    counts = {_vector_type(t, checks).count for t in
              [a.type for a in inst.args if is_vector(a.type)] + [inst.return_type]}
    if len(counts) != 1 or not is_vector(inst.return_type):
        raise UnsupportedIR("vector", "vector call of mixed shapes")
    for a in inst.args:
        check_operand(a.value, a.type, types, checks)
    n = sum(is_vector(a.type) for a in inst.args)
    placeholders = [ir.Local(temp_name(tag=str(k))) for k in range(n)]
    checks.instruction(_lane_call(inst, base, "lane", placeholders), types)


def _check_fp_reduction(inst: ir.Call, types: TypeDefs, checks: GateChecks) -> None:
    _check_call_site(inst, checks)
    op = fp_reduction(inst)
    assert op is not None
    if "reassoc" in inst.flags or "fast" in inst.flags:
        # LangRef: with reassoc the reduction order is unspecified.
        raise UnsupportedIR("fp-reduction-reassoc", "Unsupported reassociating FP reduction")
    arity = 2 if op in ("fadd", "fmul") else 1
    if len(inst.args) != arity:
        raise UnsupportedIR("intrinsic", "FP reduction with the wrong arity")
    t = _vector_type(inst.args[-1].type, checks)
    if inst.return_type != t.elem or (arity == 2 and inst.args[0].type != t.elem):
        raise UnsupportedIR("intrinsic", "FP reduction of the wrong type")
    for a in inst.args:
        check_operand(a.value, a.type, types, checks)
    acc, lane = ir.Local(temp_name(tag="0")), ir.Local(temp_name(tag="1"))
    checks.instruction(_fold_step(op, t.elem, inst.flags, "step", acc, lane), types)


def _check_elementwise(inst: ir.Instruction, types: TypeDefs, checks: GateChecks) -> None:
    checks.metadata(inst)
    vector_types = [t for _, t in _operands(inst)] + [result_type(inst)]
    counts = set()
    for t in vector_types:
        counts.add(_vector_type(t, checks).count)
    if len(counts) != 1:
        raise UnsupportedIR("vector", "vector operands of different lengths")
    for v, t in _operands(inst):
        check_operand(v, t, types, checks)
    # The lane instruction must itself be supported (opcode, flags, types).
    placeholders = [ir.Local(temp_name(tag=str(k))) for k in range(len(_operands(inst)))]
    checks.instruction(lane_instruction(inst, "lane", placeholders), types)


__all__ = ["check_instruction", "elementwise_kind", "execute", "is_vector", "lane_instruction",
           "lanes", "map_lanes", "shuffle_mask"]
