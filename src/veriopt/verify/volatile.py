"""Volatile loads and stores as calls to opaque functions with side effects.

Why a rewrite and not a memory rule: LangRef ("Volatile Memory Accesses") says an
optimizer must keep the number of volatile operations and their order relative to
each other; a volatile operation may read or modify state that no regular load or
store reaches (inaccessible memory), may access addresses that are not memory at
all (MMIO: it does not trap merely for its address), and may modify the memory at
its address where a non-volatile store would be legal, but nothing else. That is an
unknown callee with ``memory(argmem: readwrite, inaccessiblemem: readwrite)
nounwind willreturn nofree``, called with the pointer (and the stored value). The
call model (calls.py) then gives exactly the rules above: tgt must make the same
sequence of such calls with refined arguments (a call writing inaccessible memory
is never dropped, merged or reordered), the loaded value is what the matched src
call returned, and memory the pointer may reach holds what the matched call left.

The model is coarser than LangRef in one place: the whole block the pointer may
point to, not only the accessed bytes, may change. Both sides see the same
choices, so this only costs proofs (a later non-volatile load of another field of
the same object is unknown), never soundness.

``load atomic volatile``/``store atomic volatile`` and types an unknown call cannot
return (vectors, aggregates) are left as they are: the feature gate refuses them.
"""

from __future__ import annotations

import dataclasses

from veriopt.llvm import ir

#: The callees' attributes (see the module docstring).
ATTRS = ("memory(argmem: readwrite, inaccessiblemem: readwrite)", "nounwind", "willreturn",
         "nofree", "nosync")
PREFIX = "veriopt.volatile."


def _type_tag(t: ir.Type) -> str | None:
    if isinstance(t, ir.IntType):
        return f"i{t.bits}"
    if isinstance(t, ir.PtrType) and t.addrspace == 0:
        return "p0"
    if isinstance(t, ir.FloatType):
        return t.kind
    return None


def _rewritable(inst: ir.Instruction) -> bool:
    if isinstance(inst, (ir.Load, ir.Store)) and inst.volatile and not inst.atomic:
        pointer = inst.pointer.type
        value_type = inst.type if isinstance(inst, ir.Load) else inst.value.type
        return isinstance(pointer, ir.PtrType) and pointer.addrspace == 0 \
            and _type_tag(value_type) is not None
    return False


def has_volatile(fn: ir.Function) -> bool:
    return any(_rewritable(i) for b in fn.blocks or () for i in b.instructions)


def _as_call(inst: ir.Load | ir.Store, used: dict[str, ir.Function]) -> ir.Call:
    ptr = ir.CallArg(inst.pointer.type, inst.pointer.value)
    if isinstance(inst, ir.Load):
        name = f"{PREFIX}load.{_type_tag(inst.type)}"
        decl = ir.Function(name, inst.type, (ir.Param(ir.PTR),), fn_attrs=ATTRS)
        call = ir.Call(inst.result, inst.type, ir.Global(name), (ptr,))
    else:
        vt = inst.value.type
        name = f"{PREFIX}store.{_type_tag(vt)}"
        decl = ir.Function(name, ir.VOID, (ir.Param(ir.PTR), ir.Param(vt)), fn_attrs=ATTRS)
        call = ir.Call(None, ir.VOID, ir.Global(name), (ptr, ir.CallArg(vt, inst.value.value)))
    used[name] = decl
    return call


def lower_volatile(module: ir.Module, fn: ir.Function) -> tuple[ir.Module, ir.Function]:
    """``module`` and ``fn`` with every modelled volatile access turned into a call
    (and the callees declared); unchanged when there is none."""
    if not has_volatile(fn):
        return module, fn
    used: dict[str, ir.Function] = {}
    blocks = []
    for b in fn.blocks or ():
        items = tuple(_as_call(i, used) if _rewritable(i) else i for i in b.items)
        blocks.append(dataclasses.replace(b, items=items))
    new_fn = dataclasses.replace(fn, blocks=tuple(blocks))
    present = {f.name for f in module.functions}
    items = tuple(new_fn if i is fn else i for i in module.items)
    items += tuple(d for n, d in sorted(used.items()) if n not in present)
    return dataclasses.replace(module, items=items), new_fn


__all__ = ["ATTRS", "PREFIX", "has_volatile", "lower_volatile"]
