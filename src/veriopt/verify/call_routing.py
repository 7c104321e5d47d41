"""The router for calls the encoder reaches: a library function or intrinsic with an
exact model (libcalls.py), or an unknown callee (calls.py). Intrinsics modelled as
values (intrinsics.py, vectors.py, stack.py, fp_instructions.py) are routed before
this by their instruction families.

Why a module of its own: the gate (support.py) and the encoder must ask the same
question, "which model does this call get?", and get the same answer; both ask here.
"""

from __future__ import annotations

from typing import Any

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.llvm.walk import callee_name
from veriopt.verify import fn_attrs
from veriopt.verify.calls import execute_unknown_call
from veriopt.verify.libcalls import handler_for


def execute_call(enc: Any, inst: ir.Call) -> None:
    """The encoder's hook for a call no other file models: a library function with
    known semantics (`libcalls.py`) or an unknown callee. Intrinsics not modelled
    anywhere are unsupported (their semantics are not "any function")."""
    handler = handler_for(inst)
    if handler is not None:
        fn_attrs.check_library_call(enc, inst)
        handler(enc, inst)
        return
    name = callee_name(inst)
    if name is not None and name.startswith("llvm."):
        raise UnsupportedIR(f"intrinsic:{name}", f"Unsupported intrinsic: @{name}")
    execute_unknown_call(enc, inst)


def unsupported_call(inst: ir.Call, types: dict | None = None) -> tuple[str, str] | None:
    """The gate's question for a call: None when ``execute_call`` models it, else
    (feature, message). Argument and return types are checked by the encoder."""
    name = callee_name(inst)
    if name is None and not isinstance(inst.callee, ir.Local):
        what = "inline-asm" if isinstance(inst.callee, ir.InlineAsm) else "indirect-call"
        return what, f"Unsupported instruction: call ({what})"
    if inst.bundles:
        return "operand-bundle", "Unsupported operand bundle on a call"
    if inst.cconv not in (None, "ccc") or inst.addrspace not in (None, 0):
        return f"calling-convention:{inst.cconv}", "Unsupported calling convention"
    if name is not None and name.startswith("llvm.") and handler_for(inst) is None:
        return "intrinsic", f"Unsupported intrinsic: @{name}"
    if not isinstance(inst.return_type, (ir.IntType, ir.PtrType, ir.VoidType, ir.FloatType)) \
            and not _aggregate_of_numbers(inst.return_type, types):
        return "call-return-type", "Unsupported call return type"
    return None


def _aggregate_of_numbers(t: ir.Type, types: dict | None) -> bool:
    """A struct, array or vector whose elements are integers or floats (an unknown
    call gives a fresh value per element; pointers inside are not modelled)."""
    from veriopt.verify import aggregates as agg

    if not agg.is_composite(t):
        return False
    try:
        leaves = agg.leaf_types(t, types)
    except UnsupportedIR:
        return False
    return all(isinstance(x, (ir.IntType, ir.FloatType)) for x in leaves)
