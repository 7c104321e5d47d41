"""``nocapture`` on the checked function's own pointer parameters.

LangRef 19: the function makes no copy of the pointer that outlives the call. Alive2
gives the promise teeth: a pointer based on such a parameter is poison when returned
or passed to a call parameter that is not ``nocapture``, ``ptrtoint`` of it is UB,
and leaving it in memory the caller can see is UB at return.

We do not track which values are based on the parameter. A static walk finds every
use that *could* capture it instead (`first_capture`), and the verdict follows from
where such uses are:

* in neither function: the attribute changes nothing and is ignored;
* in src only: ignoring the attribute there makes src *more* defined, so a proof
  still holds, but a counterexample may be an artefact: such a verdict is reported as
  approximated (inconclusive), never as an error;
* in tgt: ignoring the attribute would make tgt more defined than it is, which may
  turn a wrong rewrite into a proof. So tgt is held to Alive2's meaning or more
  (`lower_tgt_captures`: returned or passed to a capturing callee, poison;
  ``ptrtoint`` or stored, UB at once), and the captures that cannot be so held (a
  ``nocapture`` call argument, vector and aggregate uses, ...) refuse the pair.

The walk is conservative: every use it does not know to be harmless counts as a
capture (a store of the pointer even to the stack, any call argument in tgt, any
intrinsic but the memory intrinsics, ``lifetime`` and ``assume``).
"""

from __future__ import annotations

import dataclasses

from veriopt.llvm import attrs as A
from veriopt.llvm import ir
from veriopt.llvm.walk import callee_name, instructions, values

#: Intrinsics whose pointer arguments LLVM declares ``nocapture`` and that Alive2
#: models as instructions, not calls (no poison for a nocapture-based argument).
_HARMLESS_INTRINSICS = ("llvm.memcpy.", "llvm.memmove.", "llvm.memset.",
                        "llvm.memcpy.inline.", "llvm.memset.inline.",
                        "llvm.lifetime.start.", "llvm.lifetime.end.", "llvm.assume")

#: Instructions whose result is based on a pointer operand (what Alive2's pointer
#: carries along with its address, the nocapture bit included).
_PROPAGATING = (ir.GetElementPtr, ir.Select, ir.Phi, ir.Freeze, ir.ExtractValue,
                ir.InsertValue, ir.ExtractElement, ir.InsertElement, ir.ShuffleVector)


def nocapture_params(fn: ir.Function) -> list[str]:
    """Names (as SSA locals) of the parameters of ``fn`` marked ``nocapture``."""
    return [p.name if p.name is not None else str(i) for i, p in enumerate(fn.params)
            if isinstance(p.type, ir.PtrType) and A.has(p.attrs, "nocapture")]


def first_capture(module: ir.Module, fn: ir.Function, side: str) -> str | None:
    """A description of the first use in ``fn`` that may capture a ``nocapture``
    parameter (or a value based on one), or None when there is none. In ``tgt`` every
    call argument counts (Alive2 compares a call's pointer arguments with their
    nocapture bit, which we do not model); in ``src`` one the callee promises not to
    capture does not."""
    based = based_values(module, fn, side)
    for inst in instructions(fn):
        used = {v.name for v in values(inst) if isinstance(v, ir.Local)} & based
        if not used:
            continue
        verdict = _classify(module, inst, based, side)
        if verdict is not None and verdict != "based":
            return f"%{sorted(used)[0]} {verdict}"
    return None


def based_values(module: ir.Module, fn: ir.Function, side: str) -> set[str]:
    """The ``nocapture`` parameters and the values that may be based on one (a
    static closure: a ``select`` of one and another pointer counts)."""
    based = set(nocapture_params(fn))
    changed = bool(based)
    while changed:  # to a fixed point: phis may use values defined later
        changed = False
        for inst in instructions(fn):
            if not any(isinstance(v, ir.Local) and v.name in based for v in values(inst)):
                continue
            result = getattr(inst, "result", None)
            if _classify(module, inst, based, side) == "based" and isinstance(result, str) \
                    and result not in based:
                based.add(result)
                changed = True
    return based


# ---- the target held to the attribute ---------------------------------------------------------

#: A call of ``llvm.assume(false)``: UB where it runs (intrinsics.py).
_UB = ir.Call(None, ir.VoidType(), ir.Global("llvm.assume"),
              (ir.CallArg(ir.IntType(1), ir.IntConst(0)),))


def lower_tgt_captures(module: ir.Module, fn: ir.Function) -> ir.Function:
    """``fn`` (a target) with the uses that break its ``nocapture`` promise given
    Alive2's meaning, the less defined reading (LangRef 19 says what the attribute
    promises, not what breaking it does; src keeps the more defined one, where the
    attribute changes nothing): a based pointer returned, or passed to a call
    parameter that is not ``nocapture``, is poison; converted by ``ptrtoint`` or
    stored, UB (Alive2: UB at return if it is still in memory the caller sees; UB at
    the store is at least that, and no based pointer comes back from memory). Every
    other use stays a capture (`first_capture`: unsupported in tgt)."""
    based = based_values(module, fn, "tgt")
    if not based or not fn.blocks:
        return fn

    def is_based(v: ir.Value | None) -> bool:
        return isinstance(v, ir.Local) and v.name in based

    poison = ir.PoisonConst()
    blocks = []
    for b in fn.blocks:
        items: list = []
        for inst in b.items:
            if isinstance(inst, ir.Ret) and inst.value is not None and is_based(inst.value.value):
                inst = dataclasses.replace(inst, value=ir.TypedValue(inst.value.type, poison))
            elif isinstance(inst, ir.Cast) and inst.opcode == "ptrtoint" \
                    and is_based(inst.operand.value):
                items.append(_UB)
                inst = dataclasses.replace(inst, operand=ir.TypedValue(inst.operand.type, poison))
            elif isinstance(inst, ir.Store) and is_based(inst.value.value):
                items.append(_UB)
                inst = dataclasses.replace(inst, value=ir.TypedValue(inst.value.type, poison))
            elif isinstance(inst, ir.Call):
                inst = _poison_captured_args(module, inst, is_based)
            items.append(inst)
        blocks.append(dataclasses.replace(b, items=tuple(items)))
    return dataclasses.replace(fn, blocks=tuple(blocks))


def _poison_captured_args(module: ir.Module, inst: ir.Call, is_based) -> ir.Call:
    """A direct call of a function that is not an intrinsic: a based argument to a
    parameter neither ``nocapture`` nor ``returned`` becomes poison (Alive2)."""
    name = callee_name(inst)
    if name is None or name.startswith("llvm.") or inst.bundles:
        return inst
    try:
        decl: ir.Function | None = module.function(name)
    except KeyError:
        decl = None
    groups = module.attribute_groups
    args = []
    for k, arg in enumerate(inst.args):
        if is_based(arg.value):
            attrs = A.resolve(arg.attrs, groups)
            if decl is not None and k < len(decl.params):
                attrs += A.resolve(decl.params[k].attrs, groups)
            if not (A.has(attrs, "nocapture") or A.has(attrs, "returned")):
                arg = dataclasses.replace(arg, value=ir.PoisonConst())
        args.append(arg)
    return dataclasses.replace(inst, args=tuple(args))


def _classify(module: ir.Module, inst: ir.Instruction, based: set[str], side: str) -> str | None:
    """How ``inst`` uses a based value: None (harmless), "based" (its result is based on
    it too), or the capture it may be."""
    if isinstance(inst, ir.ICmp | ir.Load):
        return None
    if isinstance(inst, _PROPAGATING):
        return "based"
    if isinstance(inst, ir.Cast):
        return "based" if inst.opcode in ("bitcast", "addrspacecast") else \
            f"is converted by {inst.opcode}"
    if isinstance(inst, ir.Store):
        return "is stored" if _uses(inst.value, based) else None
    if isinstance(inst, ir.Ret):
        return "is returned"
    if isinstance(inst, ir.Call):
        return _call_use(module, inst, based, side)
    return f"is used by {type(inst).__name__.lower()}"


def _call_use(module: ir.Module, inst: ir.Call, based: set[str], side: str) -> str | None:
    name = callee_name(inst)
    if name is None:
        return "is used by an indirect call"
    if name.startswith(_HARMLESS_INTRINSICS):
        return None
    if name.startswith("llvm."):
        return f"is passed to {name}"
    if side == "tgt":
        return f"is passed to @{name}"
    if any(_uses(b, based) for b in inst.bundles):
        return f"is in an operand bundle of @{name}"
    try:
        decl: ir.Function | None = module.function(name)
    except KeyError:
        decl = None
    groups = module.attribute_groups
    for k, arg in enumerate(inst.args):
        if not _uses(arg.value, based):
            continue
        attrs = A.resolve(arg.attrs, groups)
        if decl is not None and k < len(decl.params):
            attrs += A.resolve(decl.params[k].attrs, groups)
        if A.has(attrs, "returned"):
            return f"is returned by @{name}"
        if not A.has(attrs, "nocapture"):
            return f"is passed to @{name}"
    return None


def _uses(x: object, based: set[str]) -> bool:
    return any(isinstance(v, ir.Local) and v.name in based for v in values(x))
