"""Generic walks over the IR model: the instructions of a function, the values inside
an instruction, the callee of a call, the instruction defining each SSA name.

Why here: the verifier's memory plan, its call pairing, its gate and the API all ask
these questions of a function before any semantics is involved; one walker in the IR
layer keeps them answering alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir


def instructions(fn: ir.Function) -> Iterable[ir.Instruction]:
    """Every instruction of ``fn``, block by block, in program order."""
    for b in fn.blocks or ():
        yield from b.instructions


def values(x: object) -> Iterable[ir.Value]:
    """Every operand value inside an instruction or constant (recursively): locals,
    globals and constant expressions (with their operands); not callees or metadata."""
    if isinstance(x, (ir.Global, ir.Local)):
        yield x
    elif isinstance(x, ir.TypedValue):
        yield from values(x.value)
    elif isinstance(x, ir.ConstExpr):
        yield x
        for op in x.operands:
            yield from values(op)
    elif isinstance(x, (ir.ArrayConst, ir.StructConst, ir.VectorConst)):
        for e in x.elements:
            yield from values(e)
    elif isinstance(x, ir.CallArg):
        yield from values(x.value)
    elif isinstance(x, tuple):
        for e in x:
            yield from values(e)
    elif hasattr(x, "__dataclass_fields__") and not isinstance(x, ir.Type):
        for name in x.__dataclass_fields__:  # type: ignore[attr-defined]
            if name in ("metadata", "callee"):
                continue
            yield from values(getattr(x, name))


def callee_name(call: ir.Call | ir.Invoke | ir.CallBr) -> str | None:
    """The name of a direct call's callee; None for indirect calls and inline asm."""
    return call.callee.name if isinstance(call.callee, ir.Global) else None


def definitions(fn: ir.Function) -> dict[str, ir.Instruction]:
    """Each SSA name of ``fn`` with the instruction defining it."""
    out: dict[str, ir.Instruction] = {}
    for inst in instructions(fn):
        r = getattr(inst, "result", None)
        if isinstance(r, str):
            out[r] = inst
    return out


def call_sites(fn: ir.Function) -> list[tuple[tuple[str, int], ir.Call]]:
    """Calls of ``fn`` in program order, keyed by (block name, position)."""
    out = []
    for b in fn.blocks or ():
        for k, inst in enumerate(b.instructions):
            if isinstance(inst, ir.Call):
                out.append(((b.name, k), inst))
    return out


def successors(term: ir.Instruction) -> list[str]:
    """Successor labels of a terminator, in order (duplicates kept)."""
    if isinstance(term, ir.Br):
        return [term.true_dest] if term.cond is None else [term.true_dest, term.false_dest or ""]
    if isinstance(term, ir.Switch):
        return [term.default] + [d for _, d in term.cases]
    if isinstance(term, (ir.Ret, ir.Unreachable)):
        return []
    raise UnsupportedIR(type(term).__name__.lower(), "terminator")


def metadata_node(module: ir.Module, ref: str) -> str | None:
    """The ``!{...}`` text of a metadata attachment: inline, or the module's ``!N = ...``
    line it names; None when it is neither (or not a tuple node)."""
    ref = ref.strip()
    text = ref if ref.startswith("!{") else None
    if text is None:
        for item in module.items:
            if isinstance(item, ir.OpaqueLine) and item.text.startswith(ref + " = "):
                text = item.text.split("=", 1)[1].strip()
                break
    if text is None or not text.startswith("!{") or not text.endswith("}"):
        return None
    return text
