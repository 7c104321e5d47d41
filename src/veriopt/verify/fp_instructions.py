"""The FP instructions' gate and symbolic execution: the glue between the IR and fp.py.

Why separate from fp.py: the semantics there work on values (`StateValue`s), lane
by lane, and know nothing about instructions; this file decides which instructions
are FP ones (`handles`), refuses what is not modelled (`gate`, called by
support.py's allow-list walk) and runs them in the encoder (`execute`).
"""

from __future__ import annotations

from collections.abc import Sequence

from veriopt.llvm import ir
from veriopt.verify.context import EncodingContext
from veriopt.verify.fp import (
    BINARY_INTRINSICS,
    CONSTRAINED_OPS,
    DYNAMIC_ROUNDING,
    EXCEPTION_BEHAVIOURS,
    FAST_MATH_FLAGS,
    FBINARY,
    FCMP,
    FP_CASTS,
    STATIC_ROUNDING,
    TERNARY_INTRINSICS,
    Bool,
    FPResult,
    FPUnsupported,
    fast_math,
    fp_binary,
    fp_cast,
    fp_compare,
    fp_constrained,
    fp_format,
    fp_intrinsic,
    fp_negate,
    fp_select_flags,
    intrinsic_name,
    rounding_mismatch,
)
from veriopt.verify.state import StateValue, bv, mk_and, mk_eq, mk_ite, mk_or

CALL_ARG_ATTRS = frozenset({"noundef"})


def handles(inst: ir.Instruction) -> bool:
    """Whether this module models ``inst`` (FP arithmetic, compares, casts, FP
    intrinsics, fast-math selects). Vector forms are left to the vector support."""
    if isinstance(inst, ir.BinaryOp):
        return inst.opcode in FBINARY and not isinstance(inst.type, ir.VectorType)
    if isinstance(inst, ir.UnaryOp):
        return inst.opcode == "fneg" and not isinstance(inst.type, ir.VectorType)
    if isinstance(inst, ir.FCmp):
        return not isinstance(inst.type, ir.VectorType)
    if isinstance(inst, ir.Cast):
        src, dst = inst.operand.type, inst.dest_type
        if isinstance(src, ir.VectorType) or isinstance(dst, ir.VectorType):
            return False
        if inst.opcode in FP_CASTS:
            return True
        return inst.opcode == "bitcast" and (isinstance(src, ir.FloatType)
                                             or isinstance(dst, ir.FloatType))
    if isinstance(inst, ir.Select):
        return bool(inst.flags) and isinstance(inst.true_value.type, ir.FloatType)
    if isinstance(inst, ir.Call):
        return intrinsic_name(inst.callee) is not None and not isinstance(
            inst.return_type, ir.VectorType) and not any(
            isinstance(a.type, ir.VectorType) for a in inst.args)
    return False


def _check_flags(flags: Sequence[str], allowed: frozenset[str], what: str) -> None:
    extra = [f for f in flags if f not in allowed and f not in FAST_MATH_FLAGS and f != "fast"]
    if extra:
        raise FPUnsupported(f"flag:{what}", f"Unsupported flags on {what}: {' '.join(extra)}")


def gate(inst: ir.Instruction) -> list[tuple[ir.Value, ir.Type]]:
    """Check an instruction `handles` accepted; returns the operands (with their
    types) that the generic operand check must still accept. Raises FPUnsupported."""
    if isinstance(inst, ir.BinaryOp):
        fp_format(inst.type)
        _check_flags(inst.flags, frozenset(), inst.opcode)
        return [(inst.lhs, inst.type), (inst.rhs, inst.type)]
    if isinstance(inst, ir.UnaryOp):
        fp_format(inst.type)
        _check_flags(inst.flags, frozenset(), "fneg")
        return [(inst.operand, inst.type)]
    if isinstance(inst, ir.FCmp):
        fp_format(inst.type)
        if inst.predicate not in FCMP:
            raise FPUnsupported("fcmp", f"Unsupported fcmp predicate {inst.predicate}")
        _check_flags(inst.flags, frozenset(), "fcmp")
        return [(inst.lhs, inst.type), (inst.rhs, inst.type)]
    if isinstance(inst, ir.Cast):
        return _gate_cast(inst)
    if isinstance(inst, ir.Select):
        fp_format(inst.true_value.type)
        if inst.cond.type != ir.I1:
            raise FPUnsupported("vector", "Unsupported select condition type")
        _check_flags(inst.flags, frozenset(), "select")
        return [(inst.cond.value, inst.cond.type), (inst.true_value.value, inst.true_value.type),
                (inst.false_value.value, inst.false_value.type)]
    if isinstance(inst, ir.Call):
        return _gate_call(inst)
    raise FPUnsupported(type(inst).__name__.lower(), "Unsupported FP instruction")


def _gate_cast(inst: ir.Cast) -> list[tuple[ir.Value, ir.Type]]:
    src, dst = inst.operand.type, inst.dest_type
    op = inst.opcode
    if op in ("fpext", "fptrunc"):
        a, b = fp_format(src), fp_format(dst)
        wider = b.exponent >= a.exponent and b.fraction >= a.fraction
        narrower = b.exponent <= a.exponent and b.fraction <= a.fraction
        if (op == "fpext" and (not wider or a == b)) or (op == "fptrunc" and (not narrower or a == b)):
            raise FPUnsupported("fp-cast-width", f"Invalid {op} from {a.kind} to {b.kind}")
        _check_flags(inst.flags, frozenset(), op)
    elif op in ("fptosi", "fptoui"):
        fp_format(src)
        if not isinstance(dst, ir.IntType):
            raise FPUnsupported("fp-cast-type", f"Unsupported {op} result type")
        _check_flags(inst.flags, frozenset(), op)
        if fast_math(inst.flags):
            raise FPUnsupported(f"flag:{op}", f"Unsupported fast-math flags on {op}")
    elif op in ("sitofp", "uitofp"):
        fp_format(dst)
        if not isinstance(src, ir.IntType):
            raise FPUnsupported("fp-cast-type", f"Unsupported {op} operand type")
        _check_flags(inst.flags, frozenset({"nneg"}) if op == "uitofp" else frozenset(), op)
        if fast_math(inst.flags):
            raise FPUnsupported(f"flag:{op}", f"Unsupported fast-math flags on {op}")
    else:  # bitcast between FP and integer (or FP) scalars of one width
        if not all(isinstance(x, (ir.IntType, ir.FloatType)) for x in (src, dst)):
            raise FPUnsupported("bitcast", "Unsupported bitcast")
        for x in (src, dst):
            if isinstance(x, ir.FloatType):
                fp_format(x)
        if src.bits != dst.bits or inst.flags:  # type: ignore[union-attr]
            raise FPUnsupported("bitcast", "Unsupported bitcast")
    return [(inst.operand.value, src)]


#: The C prototypes of `fp.LIBCALL_INTRINSICS` (long double is fp128 on AArch64).
LIBCALL_TYPES = {"fabs": ir.FloatType("double"), "fabsf": ir.FloatType("float"),
                 "fabsl": ir.FloatType("fp128")}


def _gate_call(inst: ir.Call) -> list[tuple[ir.Value, ir.Type]]:
    name = intrinsic_name(inst.callee)
    assert name is not None
    if inst.bundles or inst.cconv not in (None, "ccc") or inst.ret_attrs or inst.tail == "musttail":
        raise FPUnsupported(f"intrinsic:llvm.{name}", "Unsupported call form of an FP intrinsic")
    if name.startswith("constrained."):
        return _gate_constrained(inst, name)
    libcall = isinstance(inst.callee, ir.Global) and not inst.callee.name.startswith("llvm.")
    if libcall and inst.fn_attrs:  # e.g. "nobuiltin": then @fabs is not the C library's
        raise FPUnsupported("call", "Unsupported call with attributes of a library function")
    if libcall and [a.type for a in inst.args] != [LIBCALL_TYPES.get(inst.callee.name)]:
        raise FPUnsupported("call", "Unsupported prototype of a library function")
    _check_flags(inst.flags, frozenset(), f"llvm.{name}")
    arity = {"is.fpclass": 2}.get(name, 3 if name in TERNARY_INTRINSICS
                                  else 2 if name in BINARY_INTRINSICS else 1)
    if len(inst.args) != arity:
        raise FPUnsupported(f"intrinsic:llvm.{name}", f"Wrong argument count for llvm.{name}")
    t = inst.args[0].type
    fp_format(t)
    expected_ret = ir.I1 if name == "is.fpclass" else t
    if inst.return_type != expected_ret:
        raise FPUnsupported(f"intrinsic:llvm.{name}", f"Unexpected type for llvm.{name}")
    out = []
    for k, arg in enumerate(inst.args):
        if set(arg.attrs) - CALL_ARG_ATTRS - {"immarg"}:
            raise FPUnsupported(f"attribute:{sorted(set(arg.attrs) - CALL_ARG_ATTRS)[0]}",
                                f"Unsupported call argument attributes {' '.join(arg.attrs)}")
        if name == "is.fpclass" and k == 1:
            if not (isinstance(arg.value, ir.IntConst) and arg.type == ir.I32):
                raise FPUnsupported("intrinsic:llvm.is.fpclass", "is.fpclass needs a constant mask")
            continue
        if arg.type != t:
            raise FPUnsupported(f"intrinsic:llvm.{name}", f"Mixed types in llvm.{name}")
        out.append((arg.value, arg.type))
    return out


def constrained_modes(inst: ir.Call) -> tuple[str, str] | None:
    """(rounding mode, exception behaviour) of a constrained FP intrinsic call (the
    strings of its two trailing metadata arguments), None if they are not strings."""
    out = []
    for arg in inst.args[-2:]:
        if not (isinstance(arg.type, ir.MetadataType) and isinstance(arg.value, ir.MetadataValue)):
            return None
        text = arg.value.text
        if not (text.startswith('!"') and text.endswith('"')):
            return None
        out.append(text[2:-1])
    return (out[0], out[1]) if len(out) == 2 else None


def _gate_constrained(inst: ir.Call, name: str) -> list[tuple[ir.Value, ir.Type]]:
    op = name.split(".", 1)[1]
    what = f"intrinsic:llvm.experimental.{name}"
    if len(inst.args) != CONSTRAINED_OPS[op] + 2:
        raise FPUnsupported(what, f"Wrong argument count for llvm.experimental.{name}")
    modes = constrained_modes(inst)
    if modes is None or (modes[0] not in STATIC_ROUNDING and modes[0] != DYNAMIC_ROUNDING) \
            or modes[1] not in EXCEPTION_BEHAVIOURS:
        raise FPUnsupported(what, f"Unsupported rounding or exception argument of {name}")
    if inst.flags:
        raise FPUnsupported(f"flag:{name}", f"Unsupported flags on {name}")
    t = inst.args[0].type
    fp_format(t)
    if inst.return_type != t:
        raise FPUnsupported(what, f"Unexpected type for llvm.experimental.{name}")
    out = []
    for arg in inst.args[:-2]:
        if arg.type != t or arg.attrs:
            raise FPUnsupported(what, f"Unsupported operand of llvm.experimental.{name}")
        out.append((arg.value, arg.type))
    return out


def unmodelled_exceptions(fn: ir.Function) -> bool:
    """Whether ``fn`` has a constrained FP call whose exceptions a transformation must
    keep (``fpexcept.maytrap``/``strict``): we do not model the flags, so a proof of a
    pair with one cannot be claimed."""
    for b in fn.blocks or ():
        for inst in b.instructions:
            if isinstance(inst, ir.Call) and (intrinsic_name(inst.callee) or "").startswith(
                    "constrained."):
                modes = constrained_modes(inst)
                if modes is None or modes[1] != "fpexcept.ignore":
                    return True
    return False


def dynamic_rounding_with_calls(fn: ir.Function) -> bool:
    """Whether ``fn`` has a constrained FP operation and also calls a function (which
    may change the rounding mode in effect: ``fesetround``); the model takes one mode
    per function, which every operation reads (``round.dynamic``) or must agree with
    (a static mode: UB otherwise)."""
    constrained = calls = False
    for b in fn.blocks or ():
        for inst in b.instructions:
            if not isinstance(inst, ir.Call):
                continue
            name = intrinsic_name(inst.callee)
            if name is not None and name.startswith("constrained."):
                constrained = True
            elif not (isinstance(inst.callee, ir.Global) and inst.callee.name.startswith("llvm.")):
                calls = True
    return constrained and calls


#: Function attributes that change FP semantics. Only their IEEE defaults are modelled.
def unsupported_function_attribute(attr: str) -> str | None:
    """The feature name when a (string) function attribute changes FP semantics in a
    way we do not model; None when it is harmless."""
    key, _, value = attr.partition("=")
    key, value = key.strip('"'), value.strip('"')
    if key.startswith("denormal-fp-math") and value not in ("", "ieee", "ieee,ieee"):
        return "fp-denormal-mode"
    if key in ("no-nans-fp-math", "no-infs-fp-math", "no-signed-zeros-fp-math",
               "unsafe-fp-math", "approx-func-fp-math") and value == "true":
        return f"fp-function-attribute:{key}"
    return None


def execute(enc: EncodingContext, inst: ir.Instruction) -> None:
    """Symbolically execute an instruction `handles` accepted (the gate passed)."""
    nd = enc.nd
    result: FPResult
    if isinstance(inst, ir.BinaryOp):
        a, b = enc.operand(inst.lhs, inst.type), enc.operand(inst.rhs, inst.type)
        result = fp_binary(nd, inst.opcode, inst.flags, inst.type, a, b)
        name, t = inst.result, inst.type
    elif isinstance(inst, ir.UnaryOp):
        result = fp_negate(nd, inst.flags, inst.type, enc.operand(inst.operand, inst.type))
        name, t = inst.result, inst.type
    elif isinstance(inst, ir.FCmp):
        a, b = enc.operand(inst.lhs, inst.type), enc.operand(inst.rhs, inst.type)
        result = fp_compare(nd, inst.predicate, inst.flags, inst.type, a, b)
        name, t = inst.result, ir.I1
    elif isinstance(inst, ir.Cast):
        x = enc.operand(inst.operand, inst.operand.type)
        result = fp_cast(nd, inst.opcode, inst.flags, inst.operand.type, inst.dest_type, x)
        name, t = inst.result, inst.dest_type
    elif isinstance(inst, ir.Select):
        result = _select(enc, inst)
        name, t = inst.result, inst.true_value.type
    elif isinstance(inst, ir.Call):
        result, ub = _call(enc, inst)
        result = FPResult(result.value, ub, result.approximations)
        name, t = inst.result or "", inst.return_type
    else:  # pragma: no cover - handles() and gate() exclude it
        raise FPUnsupported(type(inst).__name__.lower(), "Unsupported FP instruction")
    for flag in result.approximations:
        enc.approx.append((f"fast-math-{flag}", enc.cur_pc))
    enc.add_ub(result.ub)
    if name:
        enc.define(name, t, result.value, result.ub)


def _select(enc: EncodingContext, inst: ir.Select) -> FPResult:
    c = enc.operand(inst.cond, inst.cond.type)
    t = inst.true_value.type
    a = enc.operand(inst.true_value, t)
    b = enc.operand(inst.false_value, t)
    is_true = mk_eq(c.value, bv(1, 1))
    chosen = StateValue(mk_ite(is_true, a.value, b.value),
                        mk_and(c.non_poison, mk_ite(is_true, a.non_poison, b.non_poison)),
                        c.undef_vars | a.undef_vars | b.undef_vars)
    return fp_select_flags(enc.nd, inst.flags, t, chosen)


def _call(enc: EncodingContext, inst: ir.Call) -> tuple[FPResult, Bool]:
    name = intrinsic_name(inst.callee)
    assert name is not None
    t = inst.args[0].type
    values: list[StateValue] = []
    masks: list[int] = []
    ub_terms: list[Bool] = []
    if name.startswith("constrained."):
        modes = constrained_modes(inst)
        assert modes is not None  # the gate
        ops = [enc.operand(arg.value, arg.type) for arg in inst.args[:-2]]
        result = fp_constrained(enc.nd, name.split(".", 1)[1], modes[0], t, ops)
        return result, rounding_mismatch(modes[0])
    for k, arg in enumerate(inst.args):
        if name == "is.fpclass" and k == 1:
            assert isinstance(arg.value, ir.IntConst)
            masks.append(arg.value.value & 0x3FF)
            continue
        sv = enc.operand(arg.value, arg.type)
        if "noundef" in arg.attrs and enc.side == "tgt":
            # A noundef argument that is poison or undef is UB at the call (LangRef);
            # Alive2 ignores call-site noundef on intrinsics: binding tgt only is sound
            # under both readings (as intrinsics.execute).
            ub_terms.append(enc.ub_unless_defined(sv))
        values.append(sv)
    return fp_intrinsic(enc.nd, name, inst.flags, t, values, masks), mk_or(*ub_terms)


__all__ = ["execute", "gate", "handles", "unsupported_function_attribute"]
