"""What the memory plan needs to know about a function's calls before encoding.

Three static questions, answered from the IR alone (no semantics): which allocas the
two functions pass at matching call sites (`pair_locals`: they become one block with
one id on both sides, calls.py), which allocations never leave the function
(`private_allocations`: their final contents are unobservable, libcalls.py), and
which object a ``llvm.lifetime.*`` marker names (`lifetime_object`, libcalls.py).

Why apart from calls.py and libcalls.py: the memory plan (nonlocal_memory.py) is
built before any call is encoded, and the call encodings use the plan; the analyses
they share sit below both.
"""

from __future__ import annotations

from typing import Any, Literal

from veriopt.llvm import ir
from veriopt.llvm.walk import call_sites, callee_name, definitions
from veriopt.llvm.walk import values as walk_values
from veriopt.verify.libfacts import ALLOCATORS, is_modelled

# ---- allocas passed at matching call sites --------------------------------------------------


def _alloca_base(fn: ir.Function, v: ir.Value, defs: dict[str, ir.Instruction]) -> str | None:
    """The alloca a pointer operand is syntactically derived from (through GEPs)."""
    for _ in range(64):
        if isinstance(v, ir.TypedValue):
            v = v.value
        if not isinstance(v, ir.Local):
            return None
        d = defs.get(v.name)
        if isinstance(d, ir.Alloca):
            return d.result
        if isinstance(d, ir.GetElementPtr):
            v = d.pointer
            continue
        return None
    return None


def _returned_allocas(fn: ir.Function, defs: dict[str, ir.Instruction]) -> list[str]:
    out: list[str] = []
    for b in fn.blocks or ():
        term = b.terminator
        if isinstance(term, ir.Ret) and term.value is not None \
                and isinstance(term.value.type, ir.PtrType):
            base = _alloca_base(fn, term.value, defs)
            if base is not None and base not in out:
                out.append(base)
    return out


def pair_locals(src_fn: ir.Function, tgt_fn: ir.Function
                ) -> tuple[list[tuple[str, str]], frozenset[tuple[str, tuple[str, int]]]]:
    """Allocas the two functions pass at matching call sites (same callee, aligned in
    program order, same argument position): ``[(src alloca, tgt alloca)]``, and the
    call sites whose local arguments could not be paired (their counterexamples are
    approximations)."""
    s_sites = [(k, c) for k, c in call_sites(src_fn) if not is_modelled(c)]
    t_sites = [(k, c) for k, c in call_sites(tgt_fn) if not is_modelled(c)]
    s_names = [callee_name(c) for _, c in s_sites]
    t_names = [callee_name(c) for _, c in t_sites]
    n, m = len(s_names), len(t_names)
    lcs = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            lcs[i][j] = (lcs[i + 1][j + 1] + 1 if s_names[i] == t_names[j]
                         else max(lcs[i + 1][j], lcs[i][j + 1]))
    aligned = []
    i = j = 0
    while i < n and j < m:
        if s_names[i] == t_names[j]:
            aligned.append((i, j))
            i += 1
            j += 1
        elif lcs[i + 1][j] >= lcs[i][j + 1]:
            i += 1
        else:
            j += 1
    s_defs, t_defs = definitions(src_fn), definitions(tgt_fn)
    pairs: dict[str, str] = {}
    reverse: dict[str, str] = {}
    bad: set[tuple[str, tuple[str, int]]] = set()
    conflicts: set[str] = set()
    paired_sites: set[int] = set()
    for i, j in aligned:
        (s_key, s_call), (t_key, t_call) = s_sites[i], t_sites[j]
        paired_sites.add(i)
        for sa, ta in zip(s_call.args, t_call.args, strict=False):
            if not (isinstance(sa.type, ir.PtrType) and isinstance(ta.type, ir.PtrType)):
                continue
            s_base = _alloca_base(src_fn, sa.value, s_defs)
            t_base = _alloca_base(tgt_fn, ta.value, t_defs)
            if s_base is None and t_base is None:
                continue
            if s_base is None or t_base is None:
                bad |= {("src", s_key), ("tgt", t_key)}
                continue
            if pairs.get(s_base, t_base) != t_base or reverse.get(t_base, s_base) != s_base:
                conflicts |= {s_base, t_base}
                bad |= {("src", s_key), ("tgt", t_key)}
                continue
            pairs[s_base] = t_base
            reverse[t_base] = s_base
    # Allocas both functions return are one block too (a returned stack pointer is
    # compared by offset, Alive2's local pointer refinement).
    s_ret = _returned_allocas(src_fn, s_defs)
    t_ret = _returned_allocas(tgt_fn, t_defs)
    if len(s_ret) == 1 and len(t_ret) == 1:
        s_base, t_base = s_ret[0], t_ret[0]
        if pairs.get(s_base, t_base) == t_base and reverse.get(t_base, s_base) == s_base:
            pairs[s_base] = t_base
            reverse[t_base] = s_base
    out = [(s, t) for s, t in pairs.items() if s not in conflicts and t not in conflicts]
    # A call passing a local that is not passed at an aligned call on the other side
    # cannot be matched: its counterexamples are artefacts of the pairing.
    for side, sites, defs, fn, done in (("src", s_sites, s_defs, src_fn, paired_sites),
                                        ("tgt", t_sites, t_defs, tgt_fn, {j for _, j in aligned})):
        for idx, (key, call) in enumerate(sites):
            if idx in done:
                continue
            if any(isinstance(a.type, ir.PtrType) and _alloca_base(fn, a.value, defs)
                   for a in call.args):
                bad.add((side, key))
    return out, frozenset(bad)


# ---- calls that return a fresh object ------------------------------------------------------


def fresh_object_call(module: ir.Module, inst: ir.Instruction) -> bool:
    """A direct call of an unknown function whose pointer result is ``noalias``
    (LangRef 19: the function "acts like a system memory allocation function,
    returning a pointer to allocated storage disjoint from the storage for any other
    object accessible to the caller"): calls.py gives its result a fresh block (Alive2:
    a new local block), which the memory plan numbers. Not the allocators libcalls.py
    models, nor a call that returns one of its arguments (``returned``)."""
    if not isinstance(inst, ir.Call) or inst.result is None \
            or not isinstance(inst.return_type, ir.PtrType):
        return False
    name = callee_name(inst)
    if name is None or name.startswith("llvm.") or name in ALLOCATORS or is_modelled(inst):
        return False
    try:
        decl: ir.Function | None = module.function(name)
    except KeyError:
        decl = None
    ret = tuple(inst.ret_attrs) + (tuple(decl.ret_attrs) if decl is not None else ())
    if "noalias" not in ret:
        return False
    for k, a in enumerate(inst.args):
        attrs = tuple(a.attrs)
        if decl is not None and k < len(decl.params):
            attrs += tuple(decl.params[k].attrs)
        if "returned" in attrs:
            return False
    return True


# ---- allocations that stay in the function ------------------------------------------------


def private_allocations(fn: ir.Function, module: ir.Module | None = None) -> frozenset[str]:
    """Allocator calls (``malloc``/``calloc``/``realloc``, and with ``module`` the
    `fresh_object_call` calls) of ``fn`` whose block
    nothing outside the function can reach: every pointer derived from the result
    (``getelementptr``, ``bitcast``, ``select``, ``phi``, ``freeze``) is only the
    address of a (non-volatile) load or store, an ``icmp`` operand, or the pointer
    given to ``free``, ``realloc``, ``strlen`` or a memory intrinsic (which read or
    write its bytes, not keep its address). Such a block's final contents and
    liveness are unobservable to the caller (Alive2: heap blocks are local)."""
    defs: dict[str, list[tuple[ir.Instruction, int]]] = {}
    insts = [i for b in fn.blocks or () for i in b.instructions]
    for inst in insts:
        for k, v in enumerate(_operands(inst)):
            if isinstance(v, ir.Local):
                defs.setdefault(v.name, []).append((inst, k))
    out = []
    for inst in insts:
        allocates = isinstance(inst, ir.Call) and (
            callee_name(inst) in ALLOCATORS
            or (module is not None and fresh_object_call(module, inst)))
        if allocates and inst.result is not None and _stays_private(inst.result, defs):
            out.append(inst.result)
    return frozenset(out)


def _operands(inst: ir.Instruction) -> list[ir.Value | None]:
    """``inst``'s operands, by position, for `_stays_private` (other instructions:
    every value inside, position -1)."""
    def v(x: ir.Value | ir.TypedValue) -> ir.Value:
        return x.value if isinstance(x, ir.TypedValue) else x
    if isinstance(inst, ir.Load):
        return [v(inst.pointer)]
    if isinstance(inst, ir.Store):
        return [v(inst.value), v(inst.pointer)]
    if isinstance(inst, ir.ICmp):
        return [v(inst.lhs), v(inst.rhs)]
    if isinstance(inst, ir.GetElementPtr):
        return [v(inst.pointer)] + [v(i) for i in inst.indices]
    if isinstance(inst, ir.Call):
        return [v(a.value) for a in inst.args] + list(walk_values(inst.bundles)) + [inst.callee]
    return list(walk_values(inst))


_PRIVATE_USES = ("free", "realloc", "strlen")


_PRIVATE_INTRINSICS = ("llvm.memcpy.", "llvm.memmove.", "llvm.memset.", "llvm.lifetime.")


def _stays_private(name: str, uses: dict[str, list[tuple[ir.Instruction, int]]]) -> bool:
    todo, seen = [name], {name}
    while todo:
        for inst, k in uses.get(todo.pop(), ()):
            derived = None
            if isinstance(inst, ir.Load) and not (inst.volatile or inst.atomic):
                continue
            if isinstance(inst, ir.Store) and k == 1 and not (inst.volatile or inst.atomic):
                continue
            if isinstance(inst, ir.ICmp) and not isinstance(inst.type, ir.VectorType):
                continue
            if isinstance(inst, ir.Call) and k < len(inst.args) and not inst.bundles:
                callee = callee_name(inst) or ""
                if (callee in _PRIVATE_USES and k == 0) or (
                        callee.startswith(_PRIVATE_INTRINSICS) and k < 2):
                    continue
            if isinstance(inst, ir.GetElementPtr) and k == 0:
                derived = inst.result
            elif isinstance(inst, ir.Cast) and inst.opcode in ("bitcast", "addrspacecast"):
                derived = inst.result
            elif isinstance(inst, ir.Cast) and inst.opcode == "ptrtoint":
                # the address as an integer: private while that integer is only
                # compared (any other use of it is not followed, so not private)
                derived = inst.result
            elif isinstance(inst, (ir.Select, ir.Phi, ir.Freeze)):
                derived = inst.result
            if derived is None or isinstance(getattr(inst, "type", None), ir.VectorType):
                return False
            if derived not in seen:
                seen.add(derived)
                todo.append(derived)
    return True


# ---- the object a lifetime marker names ----------------------------------------------------


#: How a lifetime marker treats its pointer (`lifetime_object`): the first byte of a
#: stack object (``stack``), any other object (``other``: its bytes become poison),
#: or a literal undef/poison pointer (``none``: a no-op).
LifetimeObject = Literal["stack", "other", "none"]


def lifetime_object(fn: ir.Function, pointer: ir.Value, dl: Any, types: dict[str, Any]
                    ) -> tuple[LifetimeObject, frozenset[str]] | None:
    """What object a ``llvm.lifetime.*`` pointer names, as LLVM 19's stack colouring
    would tell (LangRef: a pointer it cannot prove to be a stack object counts as a
    non-stack one), and the allocas it may be (for ``stack``). Mirrors Alive2's
    syntactic test: the alloca itself or a select/phi of allocas is ``stack``;
    pointers whose underlying objects are all arguments, globals or call results,
    or an alloca at a non-zero constant offset, are ``other``; anything else is
    ambiguous (None: unsupported)."""
    if isinstance(pointer, ir.TypedValue):
        pointer = pointer.value
    if isinstance(pointer, (ir.UndefConst, ir.PoisonConst)):
        return "none", frozenset()
    defs = definitions(fn)
    params = {p.name for p in fn.params if p.name is not None}
    candidates = _merged_pointers(pointer, defs)
    if candidates is not None and all(
            isinstance(v, ir.Local) and isinstance(defs.get(v.name), ir.Alloca)
            for v in candidates):
        return "stack", frozenset(v.name for v in candidates)  # type: ignore[union-attr]
    objects = _underlying_objects(pointer, defs)
    if objects is not None and all(
            isinstance(v, ir.Global) or (isinstance(v, ir.Local) and (
                v.name in params or isinstance(defs.get(v.name), ir.Call)))
            for v in objects):
        return "other", frozenset()
    gep = defs.get(pointer.name) if isinstance(pointer, ir.Local) else None
    if isinstance(gep, ir.GetElementPtr) and isinstance(gep.pointer.value, ir.Local) \
            and isinstance(defs.get(gep.pointer.value.name), ir.Alloca):
        idx = [i.value.value if isinstance(i.value, ir.IntConst) else
               (0 if isinstance(i.value, ir.ZeroInit) else None) for i in gep.indices]
        if all(i is not None for i in idx) \
                and dl.element_offset(gep.source_type, idx, types) != 0:
            return "other", frozenset()
    return None


def _strip_casts(v: ir.Value, defs: dict[str, ir.Instruction]) -> ir.Value:
    for _ in range(64):
        d = defs.get(v.name) if isinstance(v, ir.Local) else None
        if not (isinstance(d, ir.Cast) and d.opcode in ("bitcast", "addrspacecast")):
            return v
        v = d.operand.value
    return v


def _merged_pointers(v: ir.Value, defs: dict[str, ir.Instruction]) -> list[ir.Value] | None:
    """``v`` without pointer casts, or the arms of the select/phi it is (no offsets)."""
    v = _strip_casts(v, defs)
    d = defs.get(v.name) if isinstance(v, ir.Local) else None
    if isinstance(d, ir.Select):
        return [_strip_casts(d.true_value.value, defs), _strip_casts(d.false_value.value, defs)]
    if isinstance(d, ir.Phi):
        return [_strip_casts(x, defs) for x, _ in d.incoming]
    return [v]


def _underlying_objects(v: ir.Value, defs: dict[str, ir.Instruction]) -> list[ir.Value] | None:
    """The values ``v`` is based on through GEPs, casts, selects and phis (LLVM's
    ``getUnderlyingObjects``), or None when there are too many steps."""
    out: list[ir.Value] = []
    seen: set[str] = set()
    todo = [v]
    while todo:
        x = todo.pop()
        if isinstance(x, ir.TypedValue):
            x = x.value
        if not isinstance(x, ir.Local):
            out.append(x)
            continue
        if x.name in seen:
            continue
        seen.add(x.name)
        if len(seen) > 256:
            return None
        d = defs.get(x.name)
        if isinstance(d, ir.GetElementPtr):
            todo.append(d.pointer.value)
        elif isinstance(d, ir.Cast) and d.opcode in ("bitcast", "addrspacecast"):
            todo.append(d.operand.value)
        elif isinstance(d, ir.Select):
            todo += [d.true_value.value, d.false_value.value]
        elif isinstance(d, ir.Phi):
            todo += [y for y, _ in d.incoming]
        else:
            out.append(x)
    return out


__all__ = ["LifetimeObject", "fresh_object_call", "lifetime_object", "pair_locals",
           "private_allocations"]
