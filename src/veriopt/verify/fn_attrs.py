"""Attributes of the function being verified that restrict what it may do.

* ``memory(...)`` (and the legacy ``readnone``/``readonly``/``writeonly``/
  ``argmemonly``/``inaccessiblememonly``) on the definition: an access to memory
  the attribute excludes is UB (LangRef "Function Attributes"; Alive2 does the
  same). ``argmem`` is memory accessed through pointers *based on* the pointer
  parameters, ``other`` everything else but the function's own stack and heap
  allocations; reading constant memory through a pointer not based on a
  parameter is never an effect (Alive2's ``check_can_load``/``check_can_store``,
  with its rule that a read through a parameter needs ``argmem: read`` even when
  it hits a constant).
* ``readnone``/``readonly``/``writeonly`` on a pointer parameter: an access of the
  excluded kind through a pointer based on that parameter is UB, even when the
  same memory may be accessed through another pointer (LangRef "Parameter
  Attributes"; Alive2's attrs/readnone-fail).
* ``noreturn``: returning is UB (``lower_noreturn`` turns every ``ret`` into
  ``unreachable``). ``null_pointer_is_valid`` makes the null block a block like
  the others (nonlocal_memory.py).

*Based on* is a static fact here: every pointer value gets its possible origins
(``Origins``): a parameter index or ``OTHER`` (an alloca, a global, a pointer
loaded from memory or returned by a call). GEPs keep the origin, ``select``/
``phi`` join them; a pointer based on a parameter that escapes (stored, passed to
a call that may capture it, turned into an integer) makes every loaded or
returned pointer's origin unknown (all origins). Where the UB of an access would
differ between the possible origins, the pair is refused (``unsupported``): the
UB condition is exact or absent, never a guess.

Calls. The callee's accesses count as the function's own, but whether an unknown
callee makes them is not known. A callee that could make an access src forbids
only gives src more behaviours (sound); one that could make an access tgt forbids
would make tgt UB where the model says it is not, so each such access must be
forbidden to every src call the tgt call may be matched with (same callee, same
inputs: the same callee behaviour makes src UB too), or the pair is refused.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import attrs as A
from veriopt.llvm import ir, walk
from veriopt.verify.state import FALSE, TRUE, bv, mk_eq, mk_not, mk_or

READ, WRITE = A.ACCESS_READ, A.ACCESS_WRITE
ALL = A.ACCESS_READWRITE
#: The origin of a pointer not based on a parameter.
OTHER = "other"
Origin = frozenset  # of parameter indices (int) and OTHER

#: Intrinsics whose pointer result is based on their first argument.
_PASS_THROUGH = ("llvm.ptrmask.", "llvm.threadlocal.address.", "llvm.launder.invariant.group.",
                 "llvm.strip.invariant.group.", "llvm.memcpy.", "llvm.memmove.", "llvm.memset.")
#: Library functions that return their first argument (C semantics).
_RETURNS_FIRST = ("memcpy", "memmove", "memset")
_ALLOCATORS = ("malloc", "calloc", "realloc")


# ---- what the attributes allow ----------------------------------------------------------------


@dataclass(frozen=True)
class Restrictions:
    """Access kinds (bit 0 read, bit 1 write) the function may make, by location."""

    argmem: int = ALL
    other: int = ALL
    inaccessible: int = ALL
    params: tuple[tuple[int, int], ...] = ()  # (pointer parameter, kinds allowed through it)
    noreturn: bool = False
    null_is_valid: bool = False

    def param(self, k: int) -> int:
        return dict(self.params).get(k, ALL)

    @property
    def active(self) -> bool:
        """Whether any access may be UB because of the function's attributes."""
        return (self.argmem, self.other, self.inaccessible) != (ALL, ALL, ALL) or \
            bool(self.params)

    def allows(self, kind: int) -> bool:
        """Every direct access of ``kind`` is allowed, whatever its pointer."""
        return bool(self.argmem & kind and self.other & kind) and \
            all(a & kind for _, a in self.params)


def restrictions(fn: ir.Function, module: ir.Module) -> Restrictions:
    attrs = A.fn_attrs_resolved(fn, module)
    eff = A.memory_effects(attrs)
    params = []
    for k, p in enumerate(fn.params):
        if not isinstance(p.type, ir.PtrType):
            continue
        allowed = ALL
        if A.has(p.attrs, "readnone"):
            allowed = 0
        if A.has(p.attrs, "readonly"):
            allowed &= READ
        if A.has(p.attrs, "writeonly"):
            allowed &= WRITE
        if allowed != ALL:
            params.append((k, allowed))
    return Restrictions(eff.argmem, eff.other, eff.inaccessiblemem, tuple(params),
                        noreturn=A.has(attrs, "noreturn"),
                        null_is_valid=A.has(attrs, "null_pointer_is_valid"))


# ---- origins of pointer values -----------------------------------------------------------------


def _name(v: ir.Value) -> str | None:
    if isinstance(v, ir.TypedValue):
        v = v.value
    return v.name if isinstance(v, ir.Local) else None


def _callee(inst: ir.Call) -> str:
    return inst.callee.name if isinstance(inst.callee, ir.Global) else ""


def _arg_attrs(module: ir.Module, inst: ir.Call, k: int) -> tuple[str, ...]:
    out = tuple(inst.args[k].attrs)
    try:
        decl = module.function(_callee(inst))
    except KeyError:
        return out
    if k < len(decl.params):
        out += tuple(decl.params[k].attrs)
    return out


def _captures(module: ir.Module, inst: ir.Call, k: int) -> bool:
    """Whether the callee may keep argument ``k`` (an intrinsic or a memory libcall
    never does; a parameter ``nocapture``/``captures(none)`` promises not to)."""
    name = _callee(inst)
    if name.startswith("llvm.") or name in _RETURNS_FIRST or name == "free":
        return False
    attrs = _arg_attrs(module, inst, k)
    return not (A.has(attrs, "nocapture") or "captures(none)" in attrs)


class Origins:
    """Which parameters (or ``OTHER``) each pointer value of ``fn`` may be based on."""

    def __init__(self, fn: ir.Function, module: ir.Module) -> None:
        self.fn = fn
        self.module = module
        self.params = {p.name if p.name is not None else str(k): k
                       for k, p in enumerate(fn.params) if isinstance(p.type, ir.PtrType)}
        self.full: Origin = frozenset(self.params.values()) | {OTHER}
        self.defs: dict[str, ir.Instruction] = {}
        for b in fn.blocks or ():
            for inst in b.instructions:
                r = getattr(inst, "result", None)
                if isinstance(r, str):
                    self.defs[r] = inst
        self.escaped = False
        self.of_local = self._solve()
        self.escaped = self._escapes()
        if self.escaped:  # loaded and returned pointers may be based on a parameter
            self.of_local = self._solve()

    def of(self, v: ir.Value) -> Origin:
        if isinstance(v, ir.TypedValue):
            v = v.value
        if isinstance(v, ir.Local):
            if v.name in self.params:
                return frozenset({self.params[v.name]})
            return self.of_local.get(v.name, self.full)
        if isinstance(v, (ir.Global, ir.ConstExpr, ir.NullConst, ir.PoisonConst, ir.UndefConst)):
            return frozenset({OTHER})
        return self.full

    def _solve(self) -> dict[str, Origin]:
        out: dict[str, Origin] = {n: frozenset() for n, i in self.defs.items()
                                  if self._defines_pointer(i)}
        self.of_local = out
        changed = True
        while changed:
            changed = False
            for name in out:
                new = out[name] | self._rule(self.defs[name])
                if new != out[name]:
                    out[name] = new
                    changed = True
        return out

    @staticmethod
    def _defines_pointer(inst: ir.Instruction) -> bool:
        """Instructions ``_rule`` knows (a result of any other kind, e.g. an
        ``extractvalue``, has unknown origins)."""
        return isinstance(inst, (ir.Alloca, ir.GetElementPtr, ir.Select, ir.Phi, ir.Load,
                                 ir.Call))

    def _rule(self, inst: ir.Instruction) -> Origin:
        loaded: Origin = self.full if self.escaped else frozenset({OTHER})
        if isinstance(inst, ir.Alloca):
            return frozenset({OTHER})
        if isinstance(inst, ir.GetElementPtr):
            return self.of(inst.pointer)
        if isinstance(inst, ir.Select):
            return self.of(inst.true_value) | self.of(inst.false_value)
        if isinstance(inst, ir.Phi):
            out: Origin = frozenset()
            for v, _ in inst.incoming:
                out |= self.of(v)
            return out
        if isinstance(inst, ir.Load):
            return loaded
        if isinstance(inst, ir.Call):
            name = _callee(inst)
            for k, a in enumerate(inst.args):
                if A.has(_arg_attrs(self.module, inst, k), "returned") and a.type == inst.return_type:
                    return self.of(a.value)
            if (name.startswith(_PASS_THROUGH) or name in _RETURNS_FIRST) and inst.args:
                return self.of(inst.args[0].value)
            if name in _ALLOCATORS:
                return frozenset({OTHER})
            if name.startswith("llvm."):
                return self.full
            return loaded
        return self.full

    def _escapes(self) -> bool:
        """A pointer based on a parameter is stored, passed to a call that may keep
        it, or used by anything but an access, a GEP, a compare, select/phi, ret."""
        based = {n for n, o in self.of_local.items() if any(isinstance(x, int) for x in o)}
        based |= set(self.params)

        def is_based(v: ir.Value) -> bool:
            n = _name(v)
            return n is not None and n in based

        for b in self.fn.blocks or ():
            for inst in b.instructions:
                if isinstance(inst, ir.Load):
                    continue
                if isinstance(inst, ir.Store):
                    if is_based(inst.value):
                        return True
                    continue
                if isinstance(inst, (ir.GetElementPtr, ir.ICmp, ir.Select, ir.Phi, ir.Ret)):
                    # GEP indices, select conditions are integers
                    continue
                if isinstance(inst, ir.Call):
                    for k, a in enumerate(inst.args):
                        if is_based(a.value) and _captures(self.module, inst, k):
                            return True
                    continue
                if any(is_based(v) for v in walk.values(inst)):
                    return True
        return False


# ---- the UB of an access ----------------------------------------------------------------------


def _free_block(enc: Any, b: int, kind: int, source: object) -> bool:
    """An access that no memory attribute restricts: to the function's own stack and
    heap blocks; a read of constant memory through a pointer not based on a
    parameter."""
    info = enc.mem.blocks.get(b)
    if info is None:
        return False
    if enc.ptr.is_local(b) or info.is_local or info.kind == "heap":
        return True
    return source == OTHER and kind == READ and info.read_only


def _allowed_from(r: Restrictions, source: object, kind: int) -> bool:
    if isinstance(source, int):
        return bool(r.argmem & kind and r.param(source) & kind)
    return bool(r.other & kind)


def access_ub(enc: Any, pointer: ir.Value, bid: z3.BitVecRef, alias: frozenset[int],
              write: bool) -> z3.BoolRef:
    """UB of an access of ``kind`` through ``pointer`` (pointing to ``bid`` among
    ``alias``) that the function's attributes exclude."""
    r: Restrictions = enc.fn_restrictions
    kind = WRITE if write else READ
    if r.allows(kind):
        return FALSE
    forms = []
    for source in sorted(enc.pointer_origins.of(pointer), key=str):
        if _allowed_from(r, source, kind):
            forms.append(FALSE)
            continue
        free = [mk_eq(bid, bv(b, enc.ptr.bid_bits)) for b in sorted(alias)
                if _free_block(enc, b, kind, source)]
        forms.append(mk_not(mk_or(*free)))
    first = forms[0] if forms else TRUE
    if all(f.eq(first) for f in forms):
        return first
    raise UnsupportedIR("attribute:memory",
                        "Unsupported: an access through a pointer that may or may not be "
                        "based on a parameter, which the function's memory attributes "
                        "treat differently")


# ---- calls --------------------------------------------------------------------------------


Access = tuple  # ("inaccessible", kind) | ("other", bid, kind) | ("arg", k, bid, kind)


def _kinds(read: bool, write: bool) -> list[int]:
    return [k for k, on in ((READ, read), (WRITE, write)) if on]


def possible_accesses(enc: Any, inst: ir.Call, eff: Any) -> list[Access]:
    """What an unknown callee with effects ``eff`` may access, by class."""
    out: list[Access] = [("inaccessible", k) for k in _kinds(eff.reads_hidden,
                                                               eff.writes_hidden)]
    blocks = enc.mem.blocks
    for kind in _kinds(eff.reads_other, eff.writes_other):
        for b in sorted(enc.plan.blocks):
            info = blocks.get(b)
            if info is None or info.kind == "null" or (kind == WRITE and info.read_only):
                continue
            out.append(("other", b, kind))
    for kind in _kinds(eff.reads_args, eff.writes_args):
        for j, a in enumerate(inst.args):
            if not isinstance(a.type, ir.PtrType):
                continue
            for b in sorted(enc.alias_of(a.value)):
                info = blocks.get(b)
                if info is None or info.kind == "null" or (kind == WRITE and info.read_only):
                    continue
                out.append(("arg", j, b, kind))
    return out


def forbidden(enc: Any, inst: ir.Call, access: Access, *, may: bool) -> bool:
    """Whether the caller's attributes make ``access`` by the callee UB: for some
    origin of the pointer it is made through (``may``), or for every one."""
    r: Restrictions = enc.fn_restrictions
    origins: Origins = enc.pointer_origins
    if access[0] == "inaccessible":
        return not r.inaccessible & access[1]
    if access[0] == "other":
        _, b, kind = access
        # a callee reaches a parameter's pointer another way only if it escaped
        sources: Iterable[object] = origins.full if origins.escaped else (OTHER,)
    else:
        _, j, b, kind = access
        sources = origins.of(inst.args[j].value)
    if b not in enc.mem.blocks:  # (a block of the other side only: no claim either way)
        return may
    verdicts = [not _allowed_from(r, s, kind) and not _free_block(enc, b, kind, s)
                for s in sources]
    if not verdicts:
        return may
    return any(verdicts) if may else all(verdicts)


def tgt_call_forbidden(enc: Any, inst: ir.Call, eff: Any) -> list[Access]:
    """The accesses the callee may make that tgt's attributes forbid."""
    if not enc.fn_restrictions.active:
        return []
    return [a for a in possible_accesses(enc, inst, eff) if forbidden(enc, inst, a, may=True)]


def src_call_forbids(enc: Any, inst: ir.Call):  # -> Callable[[Access], bool]
    """For a src call record: whether src's attributes surely forbid an access."""
    if not enc.fn_restrictions.active:
        return lambda access: False
    return lambda access: forbidden(enc, inst, access, may=False)


def check_matched(forbidden_here: list[Access], recs: Iterable[Any]) -> None:
    """tgt's call may make the accesses ``forbidden_here`` (UB for tgt): each must be
    UB for src too at every src call the tgt call may take the outputs of."""
    if not forbidden_here:
        return
    for rec in recs:
        forbids = getattr(rec, "forbids", None)
        if forbids is None or not all(forbids(a) for a in forbidden_here):
            raise UnsupportedIR("attribute:memory",
                                "Unsupported: a call in the target may access memory the "
                                "target's memory attributes exclude, and the source's allow")


#: Library models whose accesses go through `access_ub` (libcalls.py ``_range_ub``, and
#: ``access_restriction_ub`` for a lifetime marker's poison fill) or touch only the
#: function's own stack.
_CHECKED_LIBCALLS = ("llvm.memcpy.", "llvm.memmove.", "llvm.memset.", "llvm.lifetime.",
                     "llvm.va_start", "llvm.va_end", "llvm.threadlocal.address.")


def check_library_call(enc: Any, inst: ir.Call) -> None:
    """Other library models (allocation, ``free``, ``strlen``, ...) in a tgt whose
    attributes restrict memory: their accesses are not checked against the
    attributes (LLVM gives ``malloc``/``free`` inaccessible-memory effects too), so
    they are refused there; in src, ignoring a restriction only adds behaviours."""
    r: Restrictions = enc.fn_restrictions
    if enc.side != "tgt" or not r.active:
        return
    name = _callee(inst)
    if name in _RETURNS_FIRST or name.startswith(_CHECKED_LIBCALLS):
        return
    raise UnsupportedIR("attribute:memory",
                        f"Unsupported: @{name} in a function with memory attributes")


# ---- noreturn --------------------------------------------------------------------------------


def lower_noreturn(module: ir.Module, fn: ir.Function) -> ir.Function:
    """A ``noreturn`` function with every ``ret`` replaced by ``unreachable``
    (LangRef: returning from it is UB); ``fn`` itself otherwise."""
    if not A.has(A.fn_attrs_resolved(fn, module), "noreturn") or not fn.blocks:
        return fn
    blocks = []
    changed = False
    for b in fn.blocks:
        items = tuple(ir.Unreachable() if isinstance(i, ir.Ret) else i for i in b.items)
        changed |= items != b.items
        blocks.append(dataclasses.replace(b, items=items))
    return dataclasses.replace(fn, blocks=tuple(blocks)) if changed else fn


def function_attributes_refined(src_mod: ir.Module, src_fn: ir.Function, tgt_mod: ir.Module,
                                tgt_fn: ir.Function) -> bool:
    """Alive2's "Function attributes not refined" (for the attributes modelled here):
    ``null_pointer_is_valid`` may not change, and a ``noreturn`` src may not become
    ``willreturn``."""
    s = A.fn_attrs_resolved(src_fn, src_mod)
    t = A.fn_attrs_resolved(tgt_fn, tgt_mod)
    if A.has(s, "null_pointer_is_valid") != A.has(t, "null_pointer_is_valid"):
        return False
    return not (A.has(s, "noreturn") and A.has(t, "willreturn"))


__all__ = ["Restrictions", "restrictions", "Origins", "access_ub", "possible_accesses",
           "forbidden", "tgt_call_forbidden", "src_call_forbids", "check_matched",
           "check_library_call", "lower_noreturn", "function_attributes_refined", "OTHER"]
