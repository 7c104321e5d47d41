"""Mutation operators: small, plausible wrong (or harmless) edits of one function.

Why: the verifier's differential and regression tests, and the benchmarks, need many
near-miss candidates of the kind an LLM or a buggy pass produces: an operator swapped, a
constant off by one, a flag that does not hold, an instruction dropped. A mutant is *not*
necessarily wrong (an edit in dead code is still a refinement): the verifier, never the
word "mutant", labels it. Every operator keeps the IR well typed (LLVM's verifier still
gets the last word when the caller canonicalises the printed mutant).
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

from veriopt.llvm import ir

# --------------------------------------------------------------------------
# Tables: which opcode / predicate / cast swaps into which, which flags each takes
# --------------------------------------------------------------------------

OPCODE_SWAPS: dict[str, tuple[str, ...]] = {
    "add": ("sub", "xor", "or"), "sub": ("add",), "mul": ("add", "shl"),
    "and": ("or", "xor"), "or": ("and", "xor"), "xor": ("or", "and"),
    "shl": ("lshr", "mul"), "lshr": ("ashr", "shl"), "ashr": ("lshr",),
    "udiv": ("sdiv", "lshr"), "sdiv": ("udiv", "ashr"), "urem": ("srem", "and"),
    "srem": ("urem",),
}

PREDICATE_SWAPS: dict[str, tuple[str, ...]] = {
    "eq": ("ne",), "ne": ("eq",),
    "slt": ("sle", "ult", "sgt"), "sle": ("slt", "ule"), "sgt": ("sge", "ugt", "slt"),
    "sge": ("sgt", "uge"), "ult": ("ule", "slt", "ugt"), "ule": ("ult", "sle"),
    "ugt": ("uge", "sgt", "ult"), "uge": ("ugt", "sge"),
}

CAST_SWAPS: dict[str, tuple[str, ...]] = {"sext": ("zext",), "zext": ("sext",)}

#: Flags each opcode accepts in LLVM 19 (``samesign`` is LLVM 20 and is never added).
FLAGS: dict[str, tuple[str, ...]] = {
    "add": ("nuw", "nsw"), "sub": ("nuw", "nsw"), "mul": ("nuw", "nsw"),
    "shl": ("nuw", "nsw"), "udiv": ("exact",), "sdiv": ("exact",), "lshr": ("exact",),
    "ashr": ("exact",), "or": ("disjoint",), "trunc": ("nuw", "nsw"), "zext": ("nneg",),
    "getelementptr": ("inbounds", "nusw", "nuw"),
}

#: Binary opcodes where swapping the operands changes the value.
NON_COMMUTATIVE = frozenset({"sub", "shl", "lshr", "ashr", "udiv", "sdiv", "urem", "srem"})

#: LLVM's printed flag order (the printer prints ``flags`` as stored).
_FLAG_ORDER = ("inbounds", "nusw", "nuw", "nsw", "exact", "disjoint", "nneg")

Mutant = tuple[str, ir.Function]

# --------------------------------------------------------------------------
# Generic rewriting of frozen dataclasses
# --------------------------------------------------------------------------


def _map_locals(node: Any, rename: Callable[[ir.Local], ir.Value]) -> Any:
    """Rebuild ``node`` with every `ir.Local` operand passed through ``rename``."""
    if isinstance(node, ir.Local):
        return rename(node)
    if isinstance(node, tuple):
        return tuple(_map_locals(x, rename) for x in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            old = getattr(node, f.name)
            new = _map_locals(old, rename)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(node, **changes) if changes else node
    return node


def _sorted_flags(flags: set[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(flags, key=lambda f: _FLAG_ORDER.index(f)
                        if f in _FLAG_ORDER else len(_FLAG_ORDER)))


def _valid_flags(opcode: str, flags: tuple[str, ...]) -> tuple[str, ...]:
    allowed = FLAGS.get(opcode, ())
    return tuple(f for f in flags if f in allowed)


# --------------------------------------------------------------------------
# Operators: each yields (mutation name, new instruction or None to delete)
# --------------------------------------------------------------------------

Edit = tuple[str, Any]


def _swap_operator(ins: Any) -> Iterator[Edit]:
    if isinstance(ins, ir.BinaryOp) and isinstance(ins.type, ir.IntType):
        for new in OPCODE_SWAPS.get(ins.opcode, ()):
            yield (f"swap {ins.opcode}->{new}",
                   dataclasses.replace(ins, opcode=new,
                                       flags=_valid_flags(new, ins.flags)))
    elif isinstance(ins, ir.ICmp):
        for new in PREDICATE_SWAPS.get(ins.predicate, ()):
            yield f"swap icmp {ins.predicate}->{new}", dataclasses.replace(ins, predicate=new)
    elif isinstance(ins, ir.Cast):
        for new in CAST_SWAPS.get(ins.opcode, ()):
            yield (f"swap {ins.opcode}->{new}",
                   dataclasses.replace(ins, opcode=new, flags=_valid_flags(new, ins.flags)))


def _constant_variants(value: ir.Value, typ: ir.Type) -> Iterator[tuple[str, int]]:
    """+1, -1, 0 and -1 (all-ones) of an integer literal, as (mutation name, new value)."""
    if not isinstance(value, ir.IntConst) or not isinstance(typ, ir.IntType):
        return
    old = _normalise(value.value, typ.bits)
    candidates = [1 - old] if typ.bits == 1 else [old + 1, old - 1, 0, -1]
    for c in dict.fromkeys(_normalise(c, typ.bits) for c in candidates):
        if c != old:
            yield f"const {old}->{c}", c


def _change_constant(ins: Any) -> Iterator[Edit]:
    """Each integer literal operand is changed (see `_constant_variants`)."""
    if isinstance(ins, ir.Phi):
        for k, (value, blk) in enumerate(ins.incoming):
            for name, c in _constant_variants(value, ins.type):
                incoming = ins.incoming[:k] + ((ir.IntConst(c), blk),) + ins.incoming[k + 1:]
                yield name, dataclasses.replace(ins, incoming=incoming)
        return
    if isinstance(ins, ir.GetElementPtr):
        for k, idx in enumerate(ins.indices):
            if idx.type != ir.I64:  # struct field indices are i32: never touched
                continue
            for name, c in _constant_variants(idx.value, idx.type):
                indices = ins.indices[:k] + (ir.TypedValue(idx.type, ir.IntConst(c)),) + \
                    ins.indices[k + 1:]
                yield name, dataclasses.replace(ins, indices=indices)
        return
    if isinstance(ins, ir.Switch | ir.Alloca | ir.Call | ir.Br):
        return
    for fname in _operand_fields(ins):
        old = getattr(ins, fname)
        if old is None:
            continue
        value, typ = (old.value, old.type) if isinstance(old, ir.TypedValue) else (
            old, getattr(ins, "type", None))
        for name, c in _constant_variants(value, typ):
            new: ir.Value | ir.TypedValue = ir.IntConst(c)
            if isinstance(old, ir.TypedValue):
                new = ir.TypedValue(typ, new)  # type: ignore[arg-type]
            yield name, dataclasses.replace(ins, **{fname: new})


def _normalise(v: int, bits: int) -> int:
    """An int as LLVM prints it: signed, except i1 which is 0/1."""
    v &= (1 << bits) - 1
    if bits == 1:
        return v
    return v - (1 << bits) if v >> (bits - 1) else v


def _operand_fields(ins: Any) -> tuple[str, ...]:
    names = ("lhs", "rhs", "operand", "true_value", "false_value", "value", "cond")
    return tuple(n for n in names if hasattr(ins, n))


def _add_flag(ins: Any) -> Iterator[Edit]:
    opcode = _opcode(ins)
    if opcode is None:
        return
    for f in FLAGS.get(opcode, ()):
        if f not in ins.flags:
            yield f"add flag {f}", dataclasses.replace(
                ins, flags=_sorted_flags(set(ins.flags) | {f}))


def _drop_flag(ins: Any) -> Iterator[Edit]:
    if _opcode(ins) is None:
        return
    for f in ins.flags:
        if f in _FLAG_ORDER:
            yield f"drop flag {f}", dataclasses.replace(
                ins, flags=tuple(x for x in ins.flags if x != f))


def _opcode(ins: Any) -> str | None:
    if isinstance(ins, ir.BinaryOp | ir.Cast) and not isinstance(
            getattr(ins, "type", None), ir.FloatType):
        return ins.opcode
    if isinstance(ins, ir.GetElementPtr):
        return "getelementptr"
    return None


def _swap_select(ins: Any) -> Iterator[Edit]:
    if isinstance(ins, ir.Select) and ins.true_value != ins.false_value:
        yield "swap select arms", dataclasses.replace(
            ins, true_value=ins.false_value, false_value=ins.true_value)


def _swap_operands(ins: Any) -> Iterator[Edit]:
    """``sub a, b`` -> ``sub b, a``; ``icmp slt a, b`` -> ``icmp slt b, a`` (an LLM
    that forgets to mirror the predicate)."""
    if isinstance(ins, ir.BinaryOp) and isinstance(ins.type, ir.IntType) \
            and ins.opcode in NON_COMMUTATIVE and ins.lhs != ins.rhs:
        yield "swap operands", dataclasses.replace(ins, lhs=ins.rhs, rhs=ins.lhs)
    elif isinstance(ins, ir.ICmp) and ins.predicate not in ("eq", "ne") and ins.lhs != ins.rhs:
        yield "swap operands", dataclasses.replace(ins, lhs=ins.rhs, rhs=ins.lhs)


def _swap_branch(ins: Any) -> Iterator[Edit]:
    """Conditional branch targets exchanged (the successor set, so the phis, stay)."""
    if isinstance(ins, ir.Br) and ins.cond is not None and ins.true_dest != ins.false_dest:
        yield "swap branch targets", dataclasses.replace(
            ins, true_dest=ins.false_dest, false_dest=ins.true_dest)
    elif isinstance(ins, ir.Switch) and ins.cases and ins.cases[0][1] != ins.default:
        (value, dest), rest = ins.cases[0], ins.cases[1:]
        yield "swap branch targets", dataclasses.replace(
            ins, default=dest, cases=((value, ins.default),) + rest)


def _raise_alignment(ins: Any) -> Iterator[Edit]:
    """A load, store or alloca claiming more alignment than it has (x2 and 16)."""
    if isinstance(ins, ir.Load | ir.Store | ir.Alloca) and ins.align:
        for new in dict.fromkeys((ins.align * 2, 16)):
            if new > ins.align:
                yield f"raise align {ins.align}->{new}", dataclasses.replace(ins, align=new)


#: Operators that rewrite one instruction in place.
INSTRUCTION_OPERATORS: tuple[Callable[[Any], Iterator[Edit]], ...] = (
    _swap_operator, _change_constant, _add_flag, _drop_flag, _swap_select, _swap_operands,
    _swap_branch, _raise_alignment)

# --------------------------------------------------------------------------
# Whole-function mutants
# --------------------------------------------------------------------------


def _result_type(ins: Any) -> ir.Type | None:
    if isinstance(ins, ir.BinaryOp | ir.Phi):
        return ins.type
    if isinstance(ins, ir.ICmp):
        return ir.I1
    if isinstance(ins, ir.Cast):
        return ins.dest_type
    if isinstance(ins, ir.Select):
        return ins.true_value.type
    if isinstance(ins, ir.Freeze):
        return ins.operand.type
    if isinstance(ins, ir.Load):
        return ins.type
    return None


def _replacements(fn: ir.Function, block_index: int, ins_index: int,
                  typ: ir.Type) -> list[ir.Value]:
    """Values of ``typ`` that dominate every use of the deleted instruction: the
    parameters, entry-block results defined before it, and (for integers) 0 and 1."""
    values: list[ir.Value] = [ir.Local(p.name) for p in fn.params
                              if p.type == typ and p.name is not None]
    entry = fn.blocks[0].instructions  # type: ignore[index]
    limit = ins_index if block_index == 0 else len(entry)
    for ins in entry[:limit]:
        if _result_type(ins) == typ and getattr(ins, "result", None):
            values.append(ir.Local(ins.result))
    if isinstance(typ, ir.IntType):
        values += [ir.IntConst(0), ir.IntConst(1)]
    return values


def _with_instruction(fn: ir.Function, bi: int, ii: int, new: Any) -> ir.Function:
    """``fn`` with instruction ``ii`` of block ``bi`` (an index into ``items``) replaced,
    or removed when ``new`` is None."""
    blocks = list(fn.blocks)  # type: ignore[arg-type]
    items = list(blocks[bi].items)
    if new is None:
        del items[ii]
    else:
        items[ii] = new
    blocks[bi] = dataclasses.replace(blocks[bi], items=tuple(items))
    return dataclasses.replace(fn, blocks=tuple(blocks))


def _deletions(fn: ir.Function, rng: random.Random) -> Iterator[Mutant]:
    """Delete one instruction, replacing its uses with another value of its type; or
    delete one store."""
    for bi, block in enumerate(fn.blocks or ()):
        for ii, ins in enumerate(block.items):
            if isinstance(ins, ir.Store):
                yield "delete store", _with_instruction(fn, bi, ii, None)
                continue
            typ = _result_type(ins)
            if typ is None or isinstance(ins, ir.Phi):
                continue
            pruned = _without_value(fn, bi, ii, typ, rng)
            if pruned is not None:
                yield f"delete %{ins.result}", pruned


def _without_value(fn: ir.Function, bi: int, ii: int, typ: ir.Type,
                   rng: random.Random) -> ir.Function | None:
    """``fn`` without item ``ii`` of block ``bi``, its uses replaced by another value of
    ``typ`` that dominates them (None when there is none)."""
    block = fn.blocks[bi]  # type: ignore[index]
    target = block.items[ii].result
    n_instr = sum(1 for x in block.items[:ii] if not isinstance(x, ir.DebugRecord))
    choices = [v for v in _replacements(fn, bi, n_instr, typ) if v != ir.Local(target)]
    if isinstance(typ, ir.PtrType):
        choices.append(ir.NullConst())
    if not choices:
        return None
    value = rng.choice(choices)

    def rename(loc: ir.Local) -> ir.Value:
        return value if loc.name == target else loc

    pruned = _with_instruction(fn, bi, ii, None)
    return dataclasses.replace(pruned, blocks=_map_locals(pruned.blocks, rename))


def _uses(node: Any, name: str) -> bool:
    found = False

    def look(loc: ir.Local) -> ir.Value:
        nonlocal found
        found = found or loc.name == name
        return loc
    _map_locals(node, look)
    return found


def _defined_names(items: Any) -> set[str]:
    return {r for ins in items if isinstance(r := getattr(ins, "result", None), str)}


def _moved(fn: ir.Function, bi: int, i: int, j: int) -> ir.Function:
    """``fn`` with item ``i`` of block ``bi`` moved to just after item ``j`` (j > i) or
    just before it (j < i)."""
    blocks = list(fn.blocks)  # type: ignore[arg-type]
    items = list(blocks[bi].items)
    items.insert(j, items.pop(i))
    blocks[bi] = dataclasses.replace(blocks[bi], items=tuple(items))
    moved = dataclasses.replace(fn, blocks=tuple(blocks))
    result = getattr(items[j], "result", None)
    if isinstance(result, str) and result.isdigit():
        # LLVM numbers unnamed values in order: a moved %N gets a name instead.
        new_name = f"moved{result}"
        items[j] = dataclasses.replace(items[j], result=new_name)
        blocks[bi] = dataclasses.replace(blocks[bi], items=tuple(items))
        moved = dataclasses.replace(fn, blocks=tuple(blocks))

        def rename(loc: ir.Local) -> ir.Value:
            return ir.Local(new_name) if loc.name == result else loc
        moved = dataclasses.replace(moved, blocks=_map_locals(moved.blocks, rename))
    return moved


def _is_real_call(ins: Any) -> bool:
    return isinstance(ins, ir.Call) and isinstance(ins.callee, ir.Global) and not (
        ins.callee.name.startswith("llvm.dbg.") or ins.callee.name.startswith("llvm.lifetime")
        or ins.callee.name.startswith("llvm.experimental.noalias"))


def _loads_across_calls(fn: ir.Function) -> Iterator[Mutant]:
    """A load moved past the next call in its block (when nothing in between uses it),
    or a load moved before the previous call (when its pointer is defined before it):
    the reordering an LLM does without asking what the call may write or free."""
    for bi, block in enumerate(fn.blocks or ()):
        items = block.items
        for i, ins in enumerate(items):
            if not isinstance(ins, ir.Load) or ins.volatile or ins.atomic:
                continue
            after = next((j for j in range(i + 1, len(items) - 1) if _is_real_call(items[j])),
                         None)
            if after is not None and not any(_uses(x, ins.result) for x in items[i + 1:after + 1]):
                yield "move load after call", _moved(fn, bi, i, after)
            before = next((j for j in range(i - 1, -1, -1) if _is_real_call(items[j])), None)
            if before is not None and not isinstance(items[before], ir.Phi):
                between = _defined_names(items[before:i])
                if not any(_uses(ins.pointer, n) for n in between):
                    yield "move load before call", _moved(fn, bi, i, before)


def _drop_calls(fn: ir.Function, rng: random.Random) -> Iterator[Mutant]:
    """A call deleted (a non-void one's uses replaced by a value of its type)."""
    for bi, block in enumerate(fn.blocks or ()):
        for ii, ins in enumerate(block.items):
            if not _is_real_call(ins) or ins.callee.name.startswith("llvm.memcpy"):
                continue
            if ins.result is None:
                yield f"drop call @{ins.callee.name}", _with_instruction(fn, bi, ii, None)
                continue
            pruned = _without_value(fn, bi, ii, ins.return_type, rng)
            if pruned is not None:
                yield f"drop call @{ins.callee.name}", pruned


MEMCPY = "llvm.memcpy.p0.p0.i64"


def _memcpy_call(dst: ir.Value, src: ir.Value, n: int) -> ir.Call:
    return ir.Call(None, ir.VOID, ir.Global(MEMCPY), (
        ir.CallArg(ir.PTR, dst, ("align 1",)), ir.CallArg(ir.PTR, src, ("align 1",)),
        ir.CallArg(ir.I64, ir.IntConst(n)), ir.CallArg(ir.I1, ir.IntConst(0))))


def _memcpy_rewrites(fn: ir.Function, layout_bytes: Callable[[ir.Type], int | None]
                     ) -> Iterator[Mutant]:
    """``memcpy(d, s, n)`` with a literal n <= 64 as an ``iN`` (n <= 16) or ``[n x i8]``
    load + store (which loses poison bytes and pointer provenance), and a load + store of one value as a memcpy
    (which does not: a different, not always wrong, meaning)."""
    names = _defined_names(x for b in fn.blocks or () for x in b.items)
    for bi, block in enumerate(fn.blocks or ()):
        items = block.items
        for ii, ins in enumerate(items):
            if isinstance(ins, ir.Call) and isinstance(ins.callee, ir.Global) \
                    and ins.callee.name.startswith("llvm.memcpy.p0.p0.") and len(ins.args) == 4 \
                    and isinstance(ins.args[2].value, ir.IntConst) \
                    and 1 <= ins.args[2].value.value <= 64:
                n = ins.args[2].value.value
                tmp = _fresh(names, "mc")
                t = ir.IntType(8 * n) if n <= 16 else ir.ArrayType(n, ir.I8)
                load = ir.Load(tmp, t, ir.TypedValue(ir.PTR, ins.args[1].value), align=1)
                store = ir.Store(ir.TypedValue(t, ir.Local(tmp)),
                                 ir.TypedValue(ir.PTR, ins.args[0].value), align=1)
                new_items = items[:ii] + (load, store) + items[ii + 1:]
                yield "memcpy -> load/store", _with_items(fn, bi, new_items)
            if isinstance(ins, ir.Store) and isinstance(ins.value.value, ir.Local) \
                    and not ins.volatile and not ins.atomic:
                k = next((k for k in range(ii - 1, -1, -1) if isinstance(items[k], ir.Load)
                          and getattr(items[k], "result", None) == ins.value.value.name), None)
                if k is None:
                    continue
                load = items[k]
                n = layout_bytes(load.type)
                uses = sum(_uses(x, load.result) for b in fn.blocks or () for x in b.items)
                if n is None or uses != 1 or load.volatile or load.atomic:
                    continue
                new_items = items[:k] + items[k + 1:ii] + (
                    _memcpy_call(ins.pointer.value, load.pointer.value, n),) + items[ii + 1:]
                yield "load/store -> memcpy", _with_items(fn, bi, new_items)


def _fresh(names: set[str], stem: str) -> str:
    k = 0
    while f"{stem}{k}" in names:
        k += 1
    names.add(f"{stem}{k}")
    return f"{stem}{k}"


def _with_items(fn: ir.Function, bi: int, items: tuple) -> ir.Function:
    blocks = list(fn.blocks)  # type: ignore[arg-type]
    blocks[bi] = dataclasses.replace(blocks[bi], items=items)
    return dataclasses.replace(fn, blocks=tuple(blocks))


def _scalar_bytes(t: ir.Type) -> int | None:
    """Store size of a scalar type under any of our datalayouts (pointers: 8 bytes)."""
    if isinstance(t, ir.IntType) and t.bits % 8 == 0:
        return t.bits // 8
    if isinstance(t, ir.PtrType) and t.addrspace == 0:
        return 8
    return None


def all_mutants(fn: ir.Function, rng: random.Random) -> list[Mutant]:
    """Every mutant of ``fn`` the operators make (deletions pick replacements by rng)."""
    out: list[Mutant] = []
    for bi, block in enumerate(fn.blocks or ()):
        for ii, ins in enumerate(block.items):
            if isinstance(ins, ir.DebugRecord):
                continue
            for op in INSTRUCTION_OPERATORS:
                for name, new in op(ins):
                    out.append((name, _with_instruction(fn, bi, ii, new)))
    out.extend(_deletions(fn, rng))
    out.extend(_loads_across_calls(fn))
    out.extend(_drop_calls(fn, rng))
    out.extend(_memcpy_rewrites(fn, _scalar_bytes))
    return out


def mutants(source: str | ir.Function, rng: random.Random, n: int) -> list[Mutant]:
    """Up to ``n`` distinct mutants of ``source`` (a Function, or module text whose
    first definition is mutated), sampled without replacement by ``rng``, taking the
    operator kinds (swap, const, add flag, drop flag, delete) in turn so that the many
    constant edits do not crowd out the rest."""
    fn = _function_of(source)
    by_kind: dict[str, list[Mutant]] = {}
    for name, m in all_mutants(fn, rng):
        by_kind.setdefault(mutation_kind(name), []).append((name, m))
    for pool in by_kind.values():
        rng.shuffle(pool)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    seen: set[ir.Function] = set()
    out: list[Mutant] = []
    while len(out) < n and any(by_kind.values()):
        for kind in kinds:
            if not by_kind[kind] or len(out) == n:
                continue
            name, m = by_kind[kind].pop()
            if m != fn and m not in seen:
                seen.add(m)
                out.append((name, m))
    return out


def mutation_kind(name: str) -> str:
    """The operator family of a mutation name (``swap add->sub`` -> ``swap opcode``),
    for sampling the families evenly and for reporting."""
    words = name.split()
    if words[0] == "swap":
        if words[1] == "icmp":
            return "swap predicate"
        if words[1] in ("sext->zext", "zext->sext"):
            return "sext<->zext"
        if words[1] in ("operands", "branch", "select"):
            return " ".join(words[:2])
        return "swap opcode"
    if words[0] == "delete":
        return "delete store" if words[1:2] == ["store"] else "delete value"
    if words[0] == "move":
        return "move load across call"
    if words[0] in ("add", "drop", "raise") and len(words) > 1:
        return " ".join(words[:2])
    if name.startswith("memcpy ->") or name.startswith("load/store ->"):
        return name.replace(" ", "")
    return words[0]


def _parse(module_text: str) -> ir.Module:
    """LLVM 19 canonicalises first: our parser reads only its printed dialect."""
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain

    return parse_module(get_toolchain().canonicalize(module_text))


def _function_of(source: str | ir.Function) -> ir.Function:
    if isinstance(source, ir.Function):
        return source
    definitions = _parse(source).definitions
    if not definitions:
        raise ValueError("no function definition to mutate")
    return definitions[0]


def replace_function(module: ir.Module, fn: ir.Function) -> ir.Module:
    """``module`` with its definition of the same name replaced by ``fn`` (and a
    declaration of ``llvm.memcpy`` when a mutation introduced a call to it)."""
    items = tuple(fn if isinstance(i, ir.Function) and i.name == fn.name else i
                  for i in module.items)
    declared = {f.name for f in module.functions}
    if MEMCPY not in declared and _calls(fn, MEMCPY):
        items += (ir.Function(MEMCPY, ir.VOID, (ir.Param(ir.PTR), ir.Param(ir.PTR),
                                                ir.Param(ir.I64), ir.Param(ir.I1))),)
    return dataclasses.replace(module, items=items)


def _calls(fn: ir.Function, callee: str) -> bool:
    return any(isinstance(x, ir.Call) and x.callee == ir.Global(callee)
               for b in fn.blocks or () for x in b.items)


def mutant_modules(module_text: str, rng: random.Random, n: int,
                   function: str | None = None) -> list[tuple[str, str]]:
    """(mutation name, printed module) for up to ``n`` mutants of one function of
    ``module_text`` (its first definition unless ``function`` names one)."""
    from veriopt.llvm.printer import print_module

    module = _parse(module_text)
    fn = module.function(function) if function else module.definitions[0]
    return [(name, print_module(replace_function(module, m)))
            for name, m in mutants(fn, rng, n)]


# --------------------------------------------------------------------------
# Text corruptions: the broken IR an LLM writes
# --------------------------------------------------------------------------

_OPCODES = ("add", "sub", "mul", "icmp", "load", "store", "alloca", "ret", "br", "select",
            "getelementptr", "zext", "sext", "trunc", "phi", "call", "and", "or", "xor", "shl")
_VALUE = re.compile(r"%[A-Za-z0-9_.]+")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _body_line_indices(lines: list[str]) -> list[int]:
    return [i for i, ln in enumerate(lines) if ln.startswith("  ") and ln.strip()]


def _truncate(text: str, rng: random.Random) -> str:
    start = max(text.find("define"), 0)
    return text[:rng.randrange(start, max(start + 1, len(text) - 2))]


def _drop_closing_brace(text: str, rng: random.Random) -> str:
    i = text.rfind("}")
    return text[:i] + text[i + 1:] if i >= 0 else text + "{"


def _extra_brace(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(["{", "}", "  }", "{ }"]))
    return "\n".join(lines)


def _wrong_type(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    body = [i for i in _body_line_indices(lines) if re.search(r"\bi(8|16|32|64)\b", lines[i])]
    if not body:
        return text.replace("define ", "define i7 ", 1)
    i = rng.choice(body)
    old = rng.choice(re.findall(r"\bi(?:8|16|32|64)\b", lines[i]))
    new = rng.choice([t for t in ("i1", "i8", "i16", "i32", "i64", "ptr", "float") if t != old])
    lines[i] = re.sub(rf"\b{old}\b", new, lines[i], count=1)
    return "\n".join(lines)


def _undefined_value(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    body = [i for i in _body_line_indices(lines) if "=" in lines[i] and
            _VALUE.search(lines[i].split("=", 1)[1])]
    if not body:
        return text + "\n  %u = add i32 %nowhere, 1\n"
    i = rng.choice(body)
    lhs, rhs = lines[i].split("=", 1)
    uses = _VALUE.findall(rhs)
    lines[i] = lhs + "=" + rhs.replace(rng.choice(uses), "%undefined_value", 1)
    return "\n".join(lines)


def _misspell_opcode(text: str, rng: random.Random) -> str:
    present = [op for op in _OPCODES if re.search(rf"\b{op}\b", text)]
    if not present:
        return "defin" + text
    op = rng.choice(present)
    bad = rng.choice([op[:-1], op + op[-1], op[::-1], op.upper(), op[0] + "_" + op[1:]])
    matches = list(re.finditer(rf"(?<=[= ]){op}\b", text))
    if not matches:
        return text.replace(op, bad, 1)
    m = rng.choice(matches)
    return text[:m.start()] + bad + text[m.end():]


def _markdown_fence(text: str, rng: random.Random) -> str:
    return rng.choice(["```llvm\n{}\n```", "```\n{}```", "Here is the optimized IR:\n{}",
                       "<answer>\n{}\n</answer>", "{}\n```\nThis is faster because"
                       ]).format(text)


def _duplicate_definition(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    defs = [i for i in _body_line_indices(lines) if re.match(r"\s+%\S+ = ", lines[i])]
    if not defs:
        return text.replace("define", "define define", 1)
    i = rng.choice(defs)
    lines.insert(i + 1, lines[i])
    return "\n".join(lines)


def _delete_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    body = _body_line_indices(lines) or [0]
    del lines[rng.choice(body)]
    return "\n".join(lines)


def _swap_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    body = _body_line_indices(lines)
    if len(body) < 2:
        return text[::-1]
    k = rng.randrange(len(body) - 1)
    i, j = body[k], body[k + 1]
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _random_characters(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice("{}()[]<>,;:=%@!#*\"'\\ \n0aZ")
    return "".join(chars)


def _garbage(text: str, rng: random.Random) -> str:
    return rng.choice([
        "", "   \n", "ret i32 0", "define i32 @f() {\n", "}}}}", "\x00\x01\x02",
        "define i32 @f(i32 %x) {\n  ret i32 %x\n}\n" * 2,
        "define i99999999 @f() {\n  ret i99999999 0\n}\n",
        "define i32 @f() {\n  ret i32 99999999999999999999999999999\n}\n",
        "define i32 @f() {\n  %a = add i32 %a, 1\n  ret i32 %a\n}\n",
        "define i32 @f() {\n" + "  %x = add i32 1, 1\n" * 3 + "  ret i32 %x\n}\n",
        "!0 = !{" + "!{" * 50, text.replace("define", "declare", 1),
    ])


def _wrong_return_type(text: str, rng: random.Random) -> str:
    m = re.search(r"define ([^@]*?)(i\d+|void|ptr) @", text)
    if not m:
        return text + "\n}"
    new = rng.choice([t for t in ("i1", "i8", "i64", "void", "ptr") if t != m[2]])
    return text[:m.start(2)] + new + text[m.end(2):]


#: name -> corruption (text, rng) -> text. Most make LLVM reject the module; a few
#: (deleting or swapping a line) may leave valid IR, which must then be judged honestly.
TEXT_CORRUPTIONS: dict[str, Callable[[str, random.Random], str]] = {
    "truncate": _truncate, "drop closing brace": _drop_closing_brace,
    "extra brace": _extra_brace, "wrong type": _wrong_type,
    "undefined value": _undefined_value, "misspelled opcode": _misspell_opcode,
    "markdown fence": _markdown_fence, "duplicate definition": _duplicate_definition,
    "delete line": _delete_line, "swap lines": _swap_lines,
    "random characters": _random_characters, "garbage": _garbage,
    "wrong return type": _wrong_return_type,
}


def corruptions(text: str, rng: random.Random, n: int) -> list[tuple[str, str]]:
    """``n`` corrupted copies of ``text``, as (corruption name, text)."""
    names = sorted(TEXT_CORRUPTIONS)
    out = []
    for _ in range(n):
        name = rng.choice(names)
        out.append((name, TEXT_CORRUPTIONS[name](text, rng)))
    return out


__all__ = ["TEXT_CORRUPTIONS", "corruptions", "OPCODE_SWAPS", "PREDICATE_SWAPS", "CAST_SWAPS",
           "FLAGS", "NON_COMMUTATIVE", "Mutant", "all_mutants", "mutants", "mutation_kind",
           "replace_function", "mutant_modules"]
