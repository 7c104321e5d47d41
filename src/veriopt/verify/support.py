"""The feature gate: an explicit allow-list walk over a function before encoding.

Why an allow-list: the worst bug this verifier can have is a wrong "correct".
Anything the encoder does not model exactly (a call, a global, FP, an attribute
that adds UB, metadata that adds poison) must turn into *inconclusive*, and the
only way to be sure nothing slips through is to accept what we know and refuse
everything else, by construction, before any SMT is built.

`find_unsupported` returns the first unsupported feature (program order, src
before tgt) as ``feature`` (the reason suffix, e.g. ``call``, ``intrinsic:llvm.
smax.i32``, ``pointer-argument``) and Alive2-style ``message`` text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.llvm.walk import callee_name
from veriopt.verify import aggregates, families, fp, fp_instructions
from veriopt.verify.call_routing import unsupported_call
from veriopt.verify.context import GateChecks
from veriopt.verify.libcalls import handler_for
from veriopt.verify.libfacts import is_no_op_call, va_list_size
from veriopt.verify.nonlocal_memory import CONSTANT_BINARY_OPS

GEP_FLAGS = {"inbounds", "nusw", "nuw"}

#: Parameter / return attributes with no effect on the semantics we model (or
#: whose effect, ``noundef``, the encoder implements). Anything else is refused.
PARAM_ATTRS = {"noundef", "signext", "zeroext", "inreg"}
#: Pointer parameter and return attributes the memory model implements
#: (nonlocal_memory.py; readnone/readonly/writeonly: fn_attrs.py).
POINTER_PARAM_ATTRS = {"noundef", "nonnull", "align", "dereferenceable",
                       "dereferenceable_or_null", "byval", "readnone", "readonly", "writeonly",
                       "nocapture",  # nocapture: only where no use may capture (nocapture.py)
                       "writable"}  # with dereferenceable: writable on entry (nonlocal_memory.py)
POINTER_RETURN_ATTRS = {"nonnull", "align", "dereferenceable", "dereferenceable_or_null"}
RETURN_ATTRS = {"noundef", "signext", "zeroext", "inreg"}

#: Function attributes that cannot change the behaviour of a loop-free, call-free
#: function touching only its own stack, and those fn_attrs.py models: the memory
#: effects (``memory(...)`` and its legacy spellings; accesses they exclude are UB),
#: ``noreturn`` (returning is UB) and ``null_pointer_is_valid`` (the null block is
#: memory). ``speculatable`` and unknown ones are refused.
FUNCTION_ATTRS = {
    "noinline", "nounwind", "uwtable", "optnone", "mustprogress", "norecurse", "willreturn",
    "nosync", "nofree", "nocallback", "cold", "hot", "optsize", "minsize", "noredzone",
    "nomerge", "alwaysinline", "inlinehint", "ssp", "sspstrong", "sspreq", "noduplicate",
    "nocf_check", "noimplicitfloat", "nosanitize_coverage", "sanitize_address",
    "sanitize_memory", "sanitize_thread", "sanitize_hwaddress", "safestack",
    "shadowcallstack", "noprofile", "skipprofile", "disable_sanitizer_instrumentation",
    "nonlazybind", "returns_twice", "builtin", "nobuiltin", "strictfp",
    "noreturn", "null_pointer_is_valid", "readnone", "readonly", "writeonly", "argmemonly",
    "inaccessiblememonly", "inaccessiblemem_or_argmemonly",
}
FUNCTION_ATTR_PREFIXES = ("memory(", "uwtable(", "alignstack(", "vscale_range(",
                          "frame-pointer", "allocsize(")

#: Instruction metadata without semantics for us. ``!align``, ``!dereferenceable``,
#: ``!invariant.load`` add poison or UB and are refused until modelled (a load's
#: ``!range``, ``!nonnull`` and ``!noundef`` are modelled: aggregates.VALUE_METADATA).
METADATA = {"dbg", "tbaa", "tbaa.struct", "alias.scope", "noalias", "llvm.loop",
            "llvm.access.group", "annotation", "prof", "unpredictable", "srcloc",
            "heapallocsite", "llvm.mem.parallel_loop_access", "DIAssignID", "pcsections",
            "nosanitize", "nontemporal", "make.implicit", "noundef.ignored"}


@dataclass(frozen=True)
class Unsupported:
    feature: str
    message: str

    @property
    def reason(self) -> str:
        return f"unsupported:{self.feature}"


class _Refused(Exception):
    def __init__(self, feature: str, message: str) -> None:
        super().__init__(feature)
        self.feature = feature
        self.message = message


def find_unsupported(module: ir.Module, fn: ir.Function) -> Unsupported | None:
    """The first feature of ``fn`` the verifier does not model, or None."""
    try:
        _check_function(module, fn)
    except _Refused as r:
        return Unsupported(r.feature, r.message)
    return None


# ---- function level ---------------------------------------------------------------


def _check_function(module: ir.Module, fn: ir.Function) -> None:
    if fn.varargs:  # its variadic arguments are only reachable through va_start
        if va_list_size(module.triple) is None:
            raise _Refused("varargs", "Unsupported type: varargs function")
    if fn.cconv not in (None, "ccc"):
        raise _Refused(f"calling-convention:{fn.cconv}", f"Unsupported calling convention {fn.cconv}")
    _check_value_type(fn.return_type, allow_void=True, allow_ptr=True, role="return",
                      types=module.type_defs)
    for a in fn.ret_attrs:
        if a not in RETURN_ATTRS and not a.startswith("range(") and not (  # range: intrinsics.py
                fn.return_type == ir.PTR and _attr_name(a) in POINTER_RETURN_ATTRS):
            raise _Refused(f"attribute:{_attr_name(a)}", f"Unsupported attribute: {a}")
    for p in fn.params:
        if isinstance(p.type, ir.PtrType):  # a non-local block (nonlocal_memory.py)
            if p.type.addrspace != 0:
                raise _Refused("pointer-argument", "Unsupported argument type: ptr addrspace")
            for a in p.attrs:
                if _attr_name(a) not in POINTER_PARAM_ATTRS:
                    raise _Refused(f"attribute:{_attr_name(a)}", f"Unsupported attribute: {a}")
            continue
        _check_value_type(p.type, role="argument", types=module.type_defs)
        for a in p.attrs:
            # range: intrinsics.py; alignstack(N): where the backend puts the argument
            # on the stack (no IR semantics; src and tgt share the signature)
            if a not in PARAM_ATTRS and not a.startswith(("range(", "alignstack(")):
                raise _Refused(f"attribute:{_attr_name(a)}", f"Unsupported attribute: {a}")
    for a in _function_attrs(module, fn):
        fp_feature = fp_instructions.unsupported_function_attribute(a) if a.startswith('"') else None
        if fp_feature is not None:  # e.g. a non-IEEE "denormal-fp-math"
            raise _Refused(fp_feature, f"Unsupported attribute: {a}")
        if a.startswith('"') or a in FUNCTION_ATTRS or a.startswith(FUNCTION_ATTR_PREFIXES):
            continue
        raise _Refused(f"attribute:{_attr_name(a)}", f"Unsupported attribute: {a}")
    if fn.trailer:
        for t in fn.trailer:
            if t.startswith(("personality", "prefix", "prologue", "gc ")):
                raise _Refused(t.split()[0], f"Unsupported function clause: {t}")
    for k, _ in fn.metadata:
        if k not in METADATA:
            raise _Refused(f"metadata:{k}", f"Unsupported metadata: {k}")
    types = module.type_defs
    for block in fn.blocks or ():
        for inst in block.instructions:
            try:
                _check_instruction(inst, types)
            except _Refused as r:
                if r.message.startswith("Unsupported instruction"):
                    r.message = "Unsupported instruction: " + _instruction_text(inst)
                raise


def _instruction_text(inst: ir.Instruction) -> str:
    """LLVM's text of the instruction as Alive2 quotes it: two leading spaces, at
    most 80 characters."""
    try:
        from veriopt.llvm.printer import print_instruction

        text = "  " + print_instruction(inst).strip()
    except Exception:  # noqa: BLE001 - the message is best effort
        text = "  " + type(inst).__name__.lower()
    return text[:80]


def _function_attrs(module: ir.Module, fn: ir.Function) -> list[str]:
    groups = module.attribute_groups
    out: list[str] = []
    for a in fn.fn_attrs:
        if a.startswith("#") and a[1:].isdigit():
            out.extend(groups.get(int(a[1:]), ()))
        else:
            out.append(a)
    return out


def _attr_name(a: str) -> str:
    return re.split(r"[ (=]", a, maxsplit=1)[0].strip('"')


def _check_value_type(t: ir.Type, *, allow_void: bool = False, allow_ptr: bool = False,
                      role: str = "value", types: dict[str, ir.StructType | None] | None = None
                      ) -> None:
    """``types``: given by callers that accept aggregate (vector, array, struct) values,
    whose elements are then checked one by one (aggregates.py)."""
    if types is not None and aggregates.is_composite(t):
        _check_composite_type(t, types, role)
        return
    if isinstance(t, ir.IntType):
        if t.bits > 4096:
            raise _Refused("wide-integer", f"integer type too large: i{t.bits}")
        return
    if isinstance(t, ir.VoidType) and allow_void:
        return
    if isinstance(t, ir.PtrType):
        if allow_ptr and t.addrspace == 0:
            return
        feature = {"return": "pointer-return", "argument": "pointer-argument"}.get(role, "pointer")
        raise _Refused(feature, f"Unsupported type: ptr ({role})")
    if isinstance(t, ir.FloatType) and fp.is_float(t):  # half/bfloat/float/double/fp128
        return
    if isinstance(t, ir.FloatType):
        raise _Refused("fp", f"Unsupported type: {t.kind}")
    if isinstance(t, ir.VectorType):
        raise _Refused("vector", "Unsupported type: vector")
    if isinstance(t, (ir.StructType, ir.ArrayType, ir.NamedType)):
        raise _Refused("aggregate", "Unsupported type: aggregate value")
    raise _Refused(f"type:{type(t).__name__}", f"Unsupported type: {type(t).__name__}")


def _check_composite_type(t: ir.Type, types: dict[str, ir.StructType | None], role: str) -> None:
    """Aggregate arguments and returns: literal types (an argument's elements become
    inputs without the module's named types), no pointer elements (pointer
    refinement is not element-wise yet)."""
    try:
        leaves = aggregates.leaf_types(t, None if role == "argument" else types)
    except UnsupportedIR as e:
        raise _Refused(e.feature, e.detail or str(e)) from None
    for leaf in leaves:
        _check_value_type(leaf, role=role)


# ---- operands -----------------------------------------------------------------------


def _check_operand(v: ir.Value, t: ir.Type) -> None:
    if isinstance(v, ir.TypedValue):
        _check_operand(v.value, v.type)
        return
    if isinstance(v, (ir.Local, ir.UndefConst, ir.PoisonConst)):
        return
    if isinstance(v, ir.IntConst) and isinstance(t, ir.IntType):
        return
    if isinstance(v, ir.ZeroInit) and isinstance(t, ir.IntType):
        return
    if isinstance(v, ir.NullConst) and isinstance(t, ir.PtrType):
        return
    if isinstance(v, ir.Global) and t == ir.PTR:  # a global's address (nonlocal_memory.py)
        return
    if isinstance(v, ir.ConstExpr) and v.opcode == "getelementptr" and t == ir.PTR:
        return  # a constant GEP of a global (checked when encoded)
    if isinstance(v, ir.ConstExpr) and v.opcode == "ptrtoint" and isinstance(t, ir.IntType):
        return  # the address of one (checked when encoded)
    if isinstance(v, ir.ConstExpr) and v.opcode in CONSTANT_BINARY_OPS \
            and isinstance(t, ir.IntType) and len(v.operands) == 2 \
            and not set(v.flags) - {"nsw", "nuw"}:
        for op in v.operands:  # an integer expression of constants
            if op.type != t:
                raise _Refused("constexpr", "Unsupported constant expression operand type")
            _check_operand(op.value, op.type)
        return
    if isinstance(v, ir.Global):
        raise _Refused("global", f"Unsupported global: @{v.name}")
    if isinstance(v, ir.ConstExpr):
        raise _Refused("constexpr", f"Unsupported constant expression: {v.opcode}")
    if isinstance(v, ir.FloatConst) and fp.is_float(t):
        try:
            fp.constant_bits(v, t)
        except ValueError:
            raise _Refused("fp-constant", f"Unsupported FP constant {v.text}") from None
        return
    if isinstance(v, ir.FloatConst):
        raise _Refused("fp", "Unsupported type: floating point constant")
    raise _Refused(f"constant:{type(v).__name__}", f"Unsupported constant: {type(v).__name__}")


# ---- instructions -------------------------------------------------------------------


def _check_metadata(inst: ir.Instruction) -> None:
    for k, _ in getattr(inst, "metadata", ()):
        if k == "range" and _unknown_integer_call(inst):
            continue  # poison outside the ranges: calls.return_attributes
        if k == "callees" and isinstance(inst, ir.Call) and isinstance(inst.callee, ir.Local):
            continue  # UB outside the list: calls._resolve_indirect
        if k not in METADATA:
            raise _Refused(f"metadata:{k}", f"Unsupported metadata: {k}")


def _unknown_integer_call(inst: ir.Instruction) -> bool:
    """A call to an unknown function (calls.py) returning an integer."""
    name = callee_name(inst) if isinstance(inst, ir.Call) else None
    return (name is not None and not name.startswith("llvm.") and handler_for(inst) is None
            and isinstance(inst.return_type, ir.IntType))


def _check_instruction(inst: ir.Instruction, types: dict[str, ir.StructType | None]) -> None:
    if _check_extended(inst, types):
        return
    _check_metadata(inst)
    kind = type(inst).__name__
    if isinstance(inst, ir.Alloca):
        if inst.inalloca or inst.swifterror or inst.addrspace not in (None, 0):
            raise _Refused("alloca-kind", "Unsupported alloca (inalloca/swifterror/addrspace)")
        if inst.count is not None:  # a count that is not a literal: stack.py
            if not isinstance(inst.count.type, ir.IntType):
                raise _Refused("vector", "Unsupported alloca count type")
            _check_operand(inst.count, inst.count.type)
        _check_sized(inst.allocated_type)
    elif isinstance(inst, (ir.Load, ir.Store)):
        name = "load" if isinstance(inst, ir.Load) else "store"
        if inst.volatile:
            raise _Refused(f"volatile-{name}", f"Unsupported instruction: {name} volatile")
        if inst.atomic:
            raise _Refused(f"atomic-{name}", f"Unsupported instruction: {name} atomic")
        t = inst.type if isinstance(inst, ir.Load) else inst.value.type
        _check_value_type(t, allow_ptr=True)  # iN with N % 8 != 0: memory.py's byte tags
        if isinstance(inst, ir.Store):
            _check_operand(inst.value, inst.value.type)
        if inst.pointer.type != ir.PTR:
            raise _Refused("pointer-type", "Unsupported pointer type")
        _check_operand(inst.pointer, inst.pointer.type)
    elif isinstance(inst, ir.GetElementPtr):
        flags = set(inst.flags)
        if not flags <= GEP_FLAGS:
            raise _Refused("gep-flag", f"Unsupported getelementptr flags: {inst.flags}")
        if inst.pointer.type != ir.PTR:
            raise _Refused("vector", "Unsupported getelementptr on vectors of pointers")
        _check_operand(inst.pointer, inst.pointer.type)
        _check_sized(inst.source_type)
        for idx in inst.indices:
            if not isinstance(idx.type, ir.IntType):
                raise _Refused("vector", "Unsupported getelementptr vector index")
            _check_operand(idx, idx.type)
        _check_gep_path(inst, types)
    elif isinstance(inst, ir.Ret):
        if inst.value is not None:
            _check_operand(inst.value, inst.value.type)
    elif isinstance(inst, ir.Br):
        if inst.cond is not None:
            _check_operand(inst.cond, ir.I1)
    elif isinstance(inst, ir.Switch):
        _check_value_type(inst.type)
        _check_operand(inst.value, inst.type)
        for c, _ in inst.cases:
            _check_operand(c, c.type)
    elif isinstance(inst, ir.Unreachable):
        pass
    elif isinstance(inst, ir.Call) and is_no_op_call(inst):
        pass
    elif isinstance(inst, ir.Call) and _call_modelled(inst, types):  # calls.py, libcalls.py
        for a in inst.args:
            _check_value_type(a.type, allow_ptr=True, role="call argument")
            _check_operand(a.value, a.type)
    elif isinstance(inst, (ir.Call, ir.Invoke, ir.CallBr)):
        callee = inst.callee
        if isinstance(callee, ir.Global) and callee.name.startswith("llvm."):
            raise _Refused(f"intrinsic:{callee.name}", f"Unsupported intrinsic: @{callee.name}")
        if isinstance(inst, ir.Invoke):
            raise _Refused("invoke", "Unsupported instruction: invoke")
        raise _Refused("call", "Unsupported instruction: call")
    elif isinstance(inst, (ir.FCmp, ir.UnaryOp)):
        raise _Refused("fp", f"Unsupported instruction: {kind.lower()}")
    elif isinstance(inst, (ir.ExtractElement, ir.InsertElement, ir.ShuffleVector)):
        raise _Refused("vector", f"Unsupported instruction: {kind.lower()}")
    elif isinstance(inst, (ir.ExtractValue, ir.InsertValue)):
        raise _Refused("aggregate", f"Unsupported instruction: {kind.lower()}")
    else:
        raise _Refused(kind.lower(), f"Unsupported instruction: {kind.lower()}")


def _check_extended(inst: ir.Instruction, types: dict[str, ir.StructType | None]) -> bool:
    """Intrinsics, vectors, aggregates, the stack and FP gate themselves (families.py),
    using this file's scalar checks for their elements. False when ``inst`` is none
    of theirs."""
    checks = GateChecks(_check_instruction, _check_value_type, _check_operand, _check_metadata)
    try:
        return families.gate(inst, types, checks)
    except UnsupportedIR as e:
        raise _Refused(e.feature, e.detail or str(e)) from None


def _check_sized(t: ir.Type) -> None:
    """Types we can lay out in memory: integers, pointers, arrays and structs of them
    (FP only as storage is fine for sizing, but values of it are refused elsewhere)."""
    if isinstance(t, (ir.IntType, ir.PtrType, ir.FloatType)):
        return
    if isinstance(t, ir.ArrayType):
        _check_sized(t.elem)
        return
    if isinstance(t, ir.StructType):
        for f in t.fields:
            _check_sized(f)
        return
    if isinstance(t, ir.NamedType):
        return  # resolved (and refused if opaque) by the datalayout
    if isinstance(t, ir.VectorType):  # fixed-width vectors of sized elements
        if t.scalable:
            raise _Refused("scalable-vector", "Unsupported type: scalable vector in memory")
        _check_sized(t.elem)
        return
    raise _Refused(f"type:{type(t).__name__}", f"Unsupported type: {type(t).__name__}")


def _packed_lanes(elem: ir.Type) -> bool:
    """Vector lanes that are whole, power-of-two bytes (i8 ... i128, half ... fp128,
    pointers): their packed position is also their array position."""
    bits = 64 if isinstance(elem, ir.PtrType) else getattr(elem, "bits", 0)
    return bits >= 8 and bits & (bits - 1) == 0


def _check_gep_path(inst: ir.GetElementPtr, types: dict[str, ir.StructType | None]) -> None:
    """Struct indices must be literals (LangRef requires it; we rely on it), and every
    step must index into an array or a struct."""
    t: ir.Type = inst.source_type
    for k, idx in enumerate(inst.indices):
        if k == 0:
            continue
        while isinstance(t, ir.NamedType):
            body = types.get(t.name)
            if body is None:
                raise _Refused("type:opaque-struct", f"Unsupported opaque struct %{t.name}")
            t = body
        if isinstance(t, ir.ArrayType):
            t = t.elem
        elif isinstance(t, ir.StructType):
            if not isinstance(idx.value, (ir.IntConst, ir.ZeroInit)):
                raise _Refused("gep-struct-index", "Unsupported non-constant struct index")
            i = idx.value.value if isinstance(idx.value, ir.IntConst) else 0
            if not 0 <= i < len(t.fields):
                raise _Refused("gep-struct-index", "Struct index out of range")
            t = t.fields[i]
        elif isinstance(t, ir.VectorType) and not t.scalable \
                and isinstance(t.elem, (ir.IntType, ir.FloatType, ir.PtrType)) \
                and _packed_lanes(t.elem):
            t = t.elem  # lane i at i times the element's size (encoder._exec_GetElementPtr)
        elif isinstance(t, ir.VectorType):
            raise _Refused("vector", "Unsupported getelementptr into a vector")
        else:
            raise _Refused("gep-index", "Unsupported getelementptr index path")


def _call_modelled(inst: ir.Call, types: dict[str, ir.StructType | None]) -> bool:
    """Calls of named functions (unknown callees and modelled library functions,
    calls.py), not of unmodelled intrinsics; refused otherwise by the caller."""
    found = unsupported_call(inst, types)
    if found is None:
        return True
    feature, message = found
    if feature in ("call", "intrinsic"):
        return False  # the generic refusal below
    raise _Refused(feature, message)
