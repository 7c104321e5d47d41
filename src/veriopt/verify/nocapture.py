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
  turn a wrong rewrite into a proof: the pair is refused (unsupported).

The walk is conservative: every use it does not know to be harmless counts as a
capture (a store of the pointer even to the stack, any call argument in tgt, any
intrinsic but the memory intrinsics, ``lifetime`` and ``assume``).
"""

from __future__ import annotations

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
    based = set(nocapture_params(fn))
    if not based:
        return None
    changed = True
    found: str | None = None
    while changed:  # to a fixed point: phis may use values defined later
        changed = False
        for inst in instructions(fn):
            used = {v.name for v in values(inst) if isinstance(v, ir.Local)} & based
            if not used:
                continue
            name = sorted(used)[0]
            verdict = _classify(module, inst, based, side)
            if verdict == "based":
                result = getattr(inst, "result", None)
                if isinstance(result, str) and result not in based:
                    based.add(result)
                    changed = True
            elif verdict is not None and found is None:
                found = f"%{name} {verdict}"
    return found


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
