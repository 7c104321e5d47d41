"""Which kinds of code a function contains (loops, calls, memory, floating point).

The dataset card reports this mix because it decides how much of the data the
verifier can prove and what the model learns; the evaluation breaks results down
by it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from veriopt.llvm import ir

_MEMORY = (ir.Alloca, ir.Load, ir.Store, ir.GetElementPtr, ir.AtomicRMW, ir.CmpXchg)


def successors(inst: Any) -> tuple[str, ...]:
    """Block names a terminator can jump to."""
    if isinstance(inst, ir.Br):
        return (inst.true_dest,) if inst.cond is None else (inst.true_dest, inst.false_dest)
    if isinstance(inst, ir.Switch):
        return (inst.default, *(dest for _, dest in inst.cases))
    if isinstance(inst, ir.IndirectBr):
        return inst.dests
    if isinstance(inst, ir.Invoke):
        return (inst.normal_dest, inst.unwind_dest)
    if isinstance(inst, ir.CallBr):
        return (inst.default_dest, *inst.indirect_dests)
    if isinstance(inst, ir.CatchSwitch):
        return (*inst.handlers, *((inst.unwind_dest,) if inst.unwind_dest else ()))
    if isinstance(inst, ir.CatchRet):
        return (inst.dest,)
    if isinstance(inst, ir.CleanupRet):
        return (inst.unwind_dest,) if inst.unwind_dest else ()
    return ()


def has_cycle(fn: ir.Function) -> bool:
    """True when the CFG has a cycle reachable from the entry (a loop)."""
    blocks = {b.name: b for b in fn.blocks or ()}
    if not blocks:
        return False
    state: dict[str, int] = {}  # 1 = on the DFS stack, 2 = done
    stack = [(fn.blocks[0].name, iter(successors(fn.blocks[0].terminator)))]
    state[fn.blocks[0].name] = 1
    while stack:
        name, it = stack[-1]
        nxt = next(it, None)
        if nxt is None:
            state[name] = 2
            stack.pop()
        elif state.get(nxt) == 1:
            return True
        elif nxt not in state and nxt in blocks:
            state[nxt] = 1
            stack.append((nxt, iter(successors(blocks[nxt].terminator))))
    return False


def _types_in(obj: Any) -> bool:
    """True when a FloatType occurs anywhere inside ``obj``."""
    if isinstance(obj, ir.FloatType):
        return True
    if isinstance(obj, tuple):
        return any(_types_in(x) for x in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return any(_types_in(getattr(obj, f.name)) for f in dataclasses.fields(obj))
    return False


def function_features(module: ir.Module, fn: ir.Function) -> dict[str, bool]:
    """``{"loops", "calls", "memory", "fp"}`` flags of a defined function.

    ``calls`` counts calls to anything but LLVM intrinsics (``llvm.*``), which are
    counted in ``intrinsics``.
    """
    insts = [i for b in fn.blocks or () for i in b.instructions]
    calls = [i for i in insts if isinstance(i, (ir.Call, ir.Invoke, ir.CallBr))]
    intrinsic = [c for c in calls if isinstance(c.callee, ir.Global)
                 and c.callee.name.startswith("llvm.")]
    return {
        "loops": has_cycle(fn),
        "calls": len(calls) > len(intrinsic),
        "intrinsics": bool(intrinsic),
        "memory": any(isinstance(i, _MEMORY) for i in insts)
        or any(c.callee.name.startswith(("llvm.memcpy", "llvm.memset", "llvm.memmove"))
               for c in intrinsic),
        "fp": _types_in(fn.params) or _types_in(fn.return_type) or _types_in(tuple(insts)),
    }
