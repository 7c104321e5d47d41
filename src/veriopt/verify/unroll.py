"""Bounded loop unrolling (VERIFIER.md §7, Alive2's ``Function::unroll``).

The encoder executes an acyclic CFG once, in topological order. A function with
loops is first rewritten into an acyclic one that keeps every execution with at
most ``factor`` iterations of each loop and cuts the others at a ``#sink`` block:

* natural loops are found on the dominator tree; a CFG cycle that is not a natural
  loop (an irreducible CFG) is ``unsupported:irreducible-cfg``;
* loops are unrolled innermost first: the body (inner loops already unrolled
  included) is copied ``factor`` times, copy *j*'s back edges going to the header of
  copy *j+1*; the last copy's back edges go to one extra copy of the header that
  can only leave the loop (Alive2's ``#exit`` copy: the last iteration can still
  exit), and every edge past that goes to the sink;
* phis are fixed: header copies take their incoming values from the previous
  copy's latches, exit blocks get one incoming value per copy of each exiting
  block, and uses outside the loop of values defined inside it (legal LLVM, not
  LCSSA) read the copy that executed last, through phis built with the
  algorithm of Braun et al., "Simple and Efficient Construction of SSA Form".

With ``factor=0`` nothing is copied: back edges go straight to the sink, so each
loop body runs at most once (Alive2's default ``-src-unroll=0``).

Paths that reach the sink never return; the encoder records them (`SINK`) and the
refinement check drops them: for src it is as if such an input were UB (nothing
is claimed), for tgt the input is excluded. So truncation never raises a false
alarm and never proves anything about longer executions: a ``correct`` verdict
on an unrolled function is bounded, and says so.

Copies are named like Alive2's: block ``%loop`` and value ``%i`` of the second
copy become ``%loop#2`` and ``%i#2``; the exit copy of the header is ``%loop#exit``.

Choosing the bound (``check``, api.py): Alive2 takes one fixed bound. Ours adapts,
and the report names the bound the proof used: it starts at ``DEFAULT_UNROLL`` or
lower when the unrolled code would be too large to encode in time (`fitting_unroll`:
loop nests multiply); it is raised (`next_unroll`) when no execution returns within
it (an -O0 loop with a constant trip count), since such a bound proves nothing; and
it is lowered (`lower_unroll`) when encoding or a query runs out of time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.llvm.walk import successors

#: The block that cut executions jump to. ``#`` cannot start an unquoted LLVM label,
#: so it never collides with a real block.
SINK = "#sink"

#: Default bound (Alive2's tests use 1-32; its own default, 0, proves little).
DEFAULT_UNROLL = 8

#: How far `next_unroll` raises the bound by default when nothing returns within it.
DEFAULT_MAX_UNROLL = 128

#: Concrete refutation samples for functions with loops (each run may go on to the
#: interpreter's step limit).
LOOP_REFUTE_SAMPLES = 32

#: Instructions (per function, estimated by `unrolled_size`) above which an adaptive
#: check picks a smaller bound: encoding time grows with the unrolled size (faster than
#: linearly with memory: about 5-50 s for 1300 instructions of -O0 code on the corpus),
#: and a depth-3 loop nest unrolled 8 times is 729 copies.
MAX_UNROLLED_INSTRUCTIONS = 1000

#: The same limit when raising the bound because nothing returns within it (the
#: alternative is "doesn't reach a return", so a costlier attempt is worth it).
MAX_RAISED_INSTRUCTIONS = 4000

#: Refuse to build more than this many blocks (a backstop: `fitting_unroll` keeps
#: adaptive checks far below it).
MAX_BLOCKS = 4000


#: Instructions the encoder gets through per second (median over -O0 code of the real
#: pairs, unrolled; CPU time): the deterministic measure of encoding's share of a
#: check's budget (benchmarks/RESULTS.md, "Verifier speed and rlimit calibration").
ENCODE_STEPS_PER_SECOND = 480

#: Terms the smart constructors build per second of encoding (`state.terms_built`;
#: CPU time, a fit over 314 encodings of 120 real ic pairs: benchmarks/RESULTS.md).
#: Instructions alone miss the cost of memory: one load through a pointer that many
#: stores may alias builds an if-then-else per byte per store (a pair of 450
#: instructions took 47 s to encode, 0.9 s by the instruction count). A step of
#: encoding work is an instruction plus `ENCODE_STEPS_PER_SECOND` /
#: `ENCODE_TERMS_PER_SECOND` of a step per term built.
ENCODE_TERMS_PER_SECOND = 25_000


class EncodingDeadline(Exception):
    """The encoder ran past its time limit: the unrolled function is too large to
    encode in time (the caller retries with a smaller bound, or times out)."""


@dataclass(frozen=True)
class Unrolled:
    """The acyclic function to encode, and what was done to get it.

    ``loops`` counts the natural loops unrolled: 0 means the CFG was already acyclic
    and ``function`` is the input itself (then the proof is not bounded)."""

    function: ir.Function
    factor: int
    loops: int

    @property
    def bounded(self) -> bool:
        return self.loops > 0


def unroll(fn: ir.Function, factor: int = DEFAULT_UNROLL, *,
           max_blocks: int = MAX_BLOCKS) -> Unrolled:
    """``fn`` with every loop unrolled ``factor`` times (see the module docstring)."""
    if factor < 0:
        raise ValueError("the unroll factor must be >= 0")
    if not fn.blocks:
        return Unrolled(fn, factor, 0)
    cfg = _Cfg.of(fn.blocks)
    loops = find_loops(cfg)
    if not loops:
        return Unrolled(fn, factor, 0)
    work = _Work(fn, cfg.reachable, max_blocks)
    members = {h: set(loop.body) for h, loop in loops.items()}
    for loop in _innermost_first(loops):
        added = work.unroll_loop(loop.header, frozenset(members[loop.header]), factor)
        members[loop.header] |= added
        parent = loop.parent
        while parent is not None:
            members[parent] |= added
            parent = loops[parent].parent
    return Unrolled(work.function(), factor, len(loops))


def unrolled_size(fn: ir.Function, factor: int) -> int:
    """Instructions of ``fn`` after unrolling ``factor`` times, estimated without
    unrolling: a block inside ``d`` nested loops is copied about ``(factor + 1) ** d``
    times (the copies and the exit copy of each enclosing loop)."""
    if not fn.blocks:
        return 0
    cfg = _Cfg.of(fn.blocks)
    bodies = [lp.body for lp in find_loops(cfg).values()]
    total = 0
    for b in fn.blocks:
        depth = sum(b.name in body for body in bodies)
        total += len(b.instructions) * (factor + 1) ** depth if factor else len(b.instructions)
    return total


def fitting_unroll(fns: Iterable[ir.Function], factor: int,
                   limit: int = MAX_UNROLLED_INSTRUCTIONS) -> int:
    """The largest bound <= ``factor`` (halving) whose unrolled functions stay within
    ``limit`` instructions each (0 if none does)."""
    fns = list(fns)
    while factor > 0 and any(unrolled_size(f, factor) > limit for f in fns):
        factor //= 2
    return factor


def lower_unroll(factor: int) -> int | None:
    """The next, smaller bound to try when ``factor`` is too costly (/4, down to 0:
    few attempts, so the last, cheapest one still has time)."""
    return None if factor <= 0 else factor // 4


def next_unroll(factor: int, max_unroll: int | None = None) -> int | None:
    """The next bound to try when no execution returns within ``factor`` (x4, at most
    ``max_unroll``, default ``max(factor, DEFAULT_MAX_UNROLL)``); None when there is none."""
    cap = max(factor, DEFAULT_MAX_UNROLL) if max_unroll is None else max_unroll
    if factor >= cap:
        return None
    return min(cap, max(1, factor) * 4)


# ---- CFG analysis ------------------------------------------------------------------------


@dataclass(frozen=True)
class Loop:
    """A natural loop: its header, its blocks (header included) and its latches
    (blocks with a back edge to the header); ``parent`` is the header of the
    innermost loop that contains it."""

    header: str
    body: frozenset[str]
    latches: tuple[str, ...]
    parent: str | None = None


@dataclass(frozen=True)
class _Cfg:
    entry: str
    succ: dict[str, list[str]]
    reachable: tuple[str, ...]  # reverse post-order

    @classmethod
    def of(cls, blocks: Iterable[ir.Block]) -> _Cfg:
        blocks = list(blocks)
        succ = {b.name: successors(b.terminator) for b in blocks}
        entry = blocks[0].name
        for b in blocks:
            for s in succ[b.name]:
                if s not in succ:
                    raise UnsupportedIR("cfg", f"unknown block %{s}")
        return cls(entry, succ, tuple(_reverse_post_order(entry, succ)))


def _reverse_post_order(entry: str, succ: dict[str, list[str]]) -> list[str]:
    seen = {entry}
    post: list[str] = []
    stack: list[tuple[str, int]] = [(entry, 0)]
    while stack:
        name, i = stack.pop()
        out = succ[name]
        if i < len(out):
            stack.append((name, i + 1))
            s = out[i]
            if s not in seen:
                seen.add(s)
                stack.append((s, 0))
        else:
            post.append(name)
    post.reverse()
    return post


def _immediate_dominators(cfg: _Cfg) -> dict[str, str]:
    """Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm"."""
    order = {n: i for i, n in enumerate(cfg.reachable)}
    preds: dict[str, list[str]] = {n: [] for n in cfg.reachable}
    for n in cfg.reachable:
        for s in dict.fromkeys(cfg.succ[n]):
            preds[s].append(n)
    idom = {cfg.entry: cfg.entry}

    def intersect(a: str, b: str) -> str:
        while a != b:
            while order[a] > order[b]:
                a = idom[a]
            while order[b] > order[a]:
                b = idom[b]
        return a

    changed = True
    while changed:
        changed = False
        for n in cfg.reachable[1:]:
            done = [p for p in preds[n] if p in idom]
            new = done[0]
            for p in done[1:]:
                new = intersect(p, new)
            if idom.get(n) != new:
                idom[n] = new
                changed = True
    return idom


def _dominates(idom: dict[str, str], a: str, b: str) -> bool:
    while True:
        if a == b:
            return True
        if idom[b] == b:
            return False
        b = idom[b]


def find_loops(cfg: _Cfg) -> dict[str, Loop]:
    """The natural loops of the reachable CFG, keyed by header.

    Raises ``UnsupportedIR("irreducible-cfg")`` when a cycle is entered other than
    through a block that dominates it (no natural loop describes it)."""
    idom = _immediate_dominators(cfg)
    reachable = set(cfg.reachable)
    # Retreating edges of a depth-first search: in a reducible CFG exactly the back
    # edges, whose target dominates their source.
    back: dict[str, list[str]] = {}
    on_stack = {cfg.entry}
    seen = {cfg.entry}
    stack: list[tuple[str, int]] = [(cfg.entry, 0)]
    while stack:
        name, i = stack.pop()
        out = cfg.succ[name]
        if i < len(out):
            stack.append((name, i + 1))
            s = out[i]
            if s in on_stack:
                if not _dominates(idom, s, name):
                    raise UnsupportedIR("irreducible-cfg", f"cycle entered at %{s} from %{name}")
                if name not in back.setdefault(s, []):
                    back[s].append(name)
            elif s not in seen:
                seen.add(s)
                on_stack.add(s)
                stack.append((s, 0))
        else:
            on_stack.discard(name)
    preds: dict[str, set[str]] = {n: set() for n in cfg.reachable}
    for n in cfg.reachable:
        for s in cfg.succ[n]:
            preds[s].add(n)
    bodies: dict[str, frozenset[str]] = {}
    for header, latches in back.items():
        body = {header}
        todo = [lt for lt in latches if lt != header]
        while todo:
            n = todo.pop()
            if n in body:
                continue
            body.add(n)
            todo.extend(p for p in preds[n] if p in reachable and p not in body)
        bodies[header] = frozenset(body)
    loops = {}
    for header, body in bodies.items():
        enclosing = [h for h, b in bodies.items() if h != header and header in b]
        parent = min(enclosing, key=lambda h: len(bodies[h])) if enclosing else None
        loops[header] = Loop(header, body, tuple(back[header]), parent)
    return loops


def _innermost_first(loops: dict[str, Loop]) -> list[Loop]:
    def depth(h: str) -> int:
        d = 0
        while loops[h].parent is not None:
            h = loops[h].parent  # type: ignore[assignment]
            d += 1
        return d

    return sorted(loops.values(), key=lambda lp: (-depth(lp.header), lp.header))


# ---- rewriting helpers ---------------------------------------------------------------------


def _map_values(obj: Any, f: Callable[[str], ir.Value]) -> Any:
    """``obj`` with every local operand ``%x`` replaced by ``f("x")`` (results and
    labels are left alone)."""
    if isinstance(obj, ir.Local):
        new = f(obj.name)
        return obj if new == obj else new
    if isinstance(obj, tuple):
        items = tuple(_map_values(x, f) for x in obj)
        return obj if all(a is b for a, b in zip(items, obj, strict=True)) else items
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for fld in dataclasses.fields(obj):
            if fld.name == "result":
                continue
            v = getattr(obj, fld.name)
            if isinstance(v, (tuple, ir.Local)) or (dataclasses.is_dataclass(v)
                                                    and not isinstance(v, type)):
                new = _map_values(v, f)
                if new is not v:
                    changes[fld.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj


def _map_labels(term: ir.Instruction, f: Callable[[str], str]) -> ir.Instruction:
    if isinstance(term, ir.Br):
        return dataclasses.replace(term, true_dest=f(term.true_dest),
                                   false_dest=None if term.false_dest is None
                                   else f(term.false_dest))
    if isinstance(term, ir.Switch):
        return dataclasses.replace(term, default=f(term.default),
                                   cases=tuple((c, f(d)) for c, d in term.cases))
    return term


def _result(inst: Any) -> str | None:
    r = getattr(inst, "result", None)
    return r if isinstance(r, str) else None


def _result_type(inst: Any) -> ir.Type:
    """The type of an instruction's result (for the phis SSA repair adds)."""
    for attr in ("dest_type", "return_type"):
        if hasattr(inst, attr):
            return getattr(inst, attr)
    if isinstance(inst, ir.Select):
        return inst.true_value.type
    if isinstance(inst, (ir.ICmp, ir.FCmp)):
        t = inst.type
        return ir.VectorType(t.count, ir.I1, t.scalable) if isinstance(t, ir.VectorType) else ir.I1
    if isinstance(inst, ir.Alloca):
        return ir.PTR
    if isinstance(inst, ir.GetElementPtr):
        t = inst.pointer.type
        return t if isinstance(t, ir.VectorType) else ir.PTR
    if isinstance(inst, ir.Freeze):
        return inst.operand.type
    if isinstance(inst, ir.InsertValue):
        return inst.aggregate.type
    if isinstance(inst, ir.InsertElement):
        return inst.vector.type
    if isinstance(inst, ir.ExtractElement) and isinstance(inst.vector.type, ir.VectorType):
        return inst.vector.type.elem
    if isinstance(inst, ir.ShuffleVector) and isinstance(inst.v1.type, ir.VectorType) \
            and isinstance(inst.mask.type, ir.VectorType):
        return ir.VectorType(inst.mask.type.count, inst.v1.type.elem, inst.mask.type.scalable)
    if isinstance(inst, ir.ExtractValue):
        t = inst.aggregate.type
        for i in inst.indices:
            if isinstance(t, ir.StructType):
                t = t.fields[i]
            elif isinstance(t, ir.ArrayType):
                t = t.elem
            else:
                raise UnsupportedIR("loop-value", "extractvalue of a named struct used outside its loop")
        return t
    if hasattr(inst, "type"):
        return inst.type
    raise UnsupportedIR("loop-value", f"type of {type(inst).__name__} used outside its loop")


@dataclass
class _Block:
    """A mutable block while rewriting: phis, other items, terminator."""

    name: str
    phis: list[ir.Phi]
    items: list[Any]  # non-phi instructions and debug records, terminator excluded
    term: ir.Instruction

    @classmethod
    def of(cls, b: ir.Block) -> _Block:
        items = list(b.items)
        term = b.terminator
        k = max(i for i, x in enumerate(items) if x is term)
        del items[k]
        phis = [x for x in items if isinstance(x, ir.Phi)]
        rest = [x for x in items if not isinstance(x, ir.Phi)]
        return cls(b.name, phis, rest, term)

    def instructions(self) -> list[Any]:
        return [*self.phis, *(x for x in self.items if not isinstance(x, ir.DebugRecord)),
                self.term]

    def to_block(self) -> ir.Block:
        return ir.Block(self.name, (*self.phis, *self.items, self.term))


class _Work:
    """The function being unrolled, one loop at a time."""

    def __init__(self, fn: ir.Function, reachable: tuple[str, ...], max_blocks: int) -> None:
        self.fn = fn
        keep = set(reachable)
        self.blocks: dict[str, _Block] = {b.name: _Block.of(b) for b in fn.blocks or ()
                                          if b.name in keep}
        self.order: list[str] = [b.name for b in fn.blocks or () if b.name in keep]
        self.max_blocks = max_blocks
        self.taken: set[str] = set(self.blocks)
        self.taken |= {p.name for p in fn.params if p.name is not None}
        for b in self.blocks.values():
            for inst in b.instructions():
                r = _result(inst)
                if r is not None:
                    self.taken.add(r)
        self.uses_sink = False

    def fresh(self, base: str, tag: str) -> str:
        name = f"{base}#{tag}"
        n = 1
        while name in self.taken:
            n += 1
            name = f"{base}#{tag}.{n}"
        self.taken.add(name)
        return name

    def function(self) -> ir.Function:
        blocks = [self.blocks[n].to_block() for n in self.order]
        if self.uses_sink:
            blocks.append(ir.Block(SINK, (ir.Unreachable(),)))
        return dataclasses.replace(self.fn, blocks=tuple(blocks))

    # ---- one loop --------------------------------------------------------------------

    def unroll_loop(self, header: str, body: frozenset[str], k: int) -> set[str]:
        """Unroll the loop with ``header`` and current blocks ``body``; returns the
        names of the blocks added (copies, exit copy)."""
        latches = [n for n in self.order
                   if n in body and header in successors(self.blocks[n].term)]
        body_order = [n for n in self.order if n in body]
        defined = {r: inst for n in body_order for inst in self.blocks[n].instructions()
                   if (r := _result(inst)) is not None}
        if k == 0:
            for n in latches:
                b = self.blocks[n]
                b.term = _map_labels(b.term, lambda s: SINK if s == header else s)
            self.uses_sink = True
            hb = self.blocks[header]
            hb.phis = [dataclasses.replace(p, incoming=tuple(
                (v, lb) for v, lb in p.incoming if lb not in latches)) for p in hb.phis]
            return set()
        extra = (k - 1) * len(body) + (1 if len(body) > 1 else 0)
        if len(self.blocks) + extra > self.max_blocks:
            raise UnsupportedIR("loop-unroll-size",
                                f"unrolling {k} times needs more than {self.max_blocks} blocks")
        # Names of every copy: copy 1 keeps the original names.
        block_name = [{n: n for n in body}]
        value_name = [{r: r for r in defined}]
        for j in range(2, k + 1):
            block_name.append({n: self.fresh(n, str(j)) for n in body_order})
            value_name.append({r: self.fresh(r, str(j)) for r in defined})
        has_exit = len(body) > 1
        if has_exit:
            exit_block = self.fresh(header, "exit")
            exit_values = {r: self.fresh(r, "exit")
                           for inst in self.blocks[header].instructions()
                           if (r := _result(inst)) is not None}

        originals = {n: dataclasses.replace(self.blocks[n]) for n in body_order}
        added: list[str] = []
        for j in range(1, k + 1):
            bn, vn = block_name[j - 1], value_name[j - 1]

            def target(s: str, j: int = j, bn: dict[str, str] = bn) -> str:
                if s == header:
                    if j < k:
                        return block_name[j][header]
                    return exit_block if has_exit else self._sink()
                return bn.get(s, s)

            for n in body_order:
                src = originals[n]
                if n == header:
                    phis = self._header_phis(src.phis, latches, j, block_name, value_name)
                else:
                    phis = [self._copy_phi(p, bn, vn) for p in src.phis]
                if j == 1:
                    items = list(src.items)
                else:
                    items = [_rename_result(_map_values(x, _renamer(vn)), vn) for x in src.items]
                term = _map_labels(_map_values(src.term, _renamer(vn)), target)
                self.blocks[bn[n]] = _Block(bn[n], phis, items, term)
                if j > 1:
                    added.append(bn[n])
        if has_exit:
            src = originals[header]
            phis = []
            for p in src.phis:
                inc = tuple((_map_values(v, _renamer(value_name[k - 1])), block_name[k - 1][lb])
                            for v, lb in p.incoming if lb in latches)
                phis.append(dataclasses.replace(p, result=exit_values[p.result], incoming=inc))
            items = [_rename_result(_map_values(x, _renamer(exit_values)), exit_values)
                     for x in src.items]
            term = _map_labels(_map_values(src.term, _renamer(exit_values)),
                               lambda s: self._sink() if s in body else s)
            self.blocks[exit_block] = _Block(exit_block, phis, items, term)
            added.append(exit_block)
        # Block order: copies right after the loop's last block.
        last = max(self.order.index(n) for n in body)
        self.order[last + 1:last + 1] = added
        copies: dict[str, list[tuple[str, dict[str, str]]]] = {
            n: [(block_name[j][n], value_name[j]) for j in range(k)] for n in body_order}
        if has_exit:
            copies[header].append((exit_block, exit_values))
        self._fix_exit_phis(body, copies)
        self._repair_outside_uses(body, defined, copies, header)
        return set(added)

    def _sink(self) -> str:
        self.uses_sink = True
        return SINK

    def _header_phis(self, phis: list[ir.Phi], latches: list[str], j: int,
                     block_name: list[dict[str, str]], value_name: list[dict[str, str]]
                     ) -> list[ir.Phi]:
        out = []
        for p in phis:
            if j == 1:
                inc = tuple((v, lb) for v, lb in p.incoming if lb not in latches)
                out.append(dataclasses.replace(p, incoming=inc))
                continue
            prev_b, prev = block_name[j - 2], _renamer(value_name[j - 2])
            inc = tuple((_map_values(v, prev), prev_b[lb])
                        for v, lb in p.incoming if lb in latches)
            out.append(dataclasses.replace(p, result=value_name[j - 1][p.result], incoming=inc))
        return out

    @staticmethod
    def _copy_phi(p: ir.Phi, bn: dict[str, str], vn: dict[str, str]) -> ir.Phi:
        inc = tuple((_map_values(v, _renamer(vn)), bn[lb]) for v, lb in p.incoming if lb in bn)
        return dataclasses.replace(p, result=vn.get(p.result, p.result), incoming=inc)

    def _fix_exit_phis(self, body: frozenset[str],
                       copies: dict[str, list[tuple[str, dict[str, str]]]]) -> None:
        """Phis outside the loop with an incoming edge from a loop block get one
        incoming value per copy of that block (each copy exits the same way)."""
        inside = {c for cs in copies.values() for c, _ in cs}
        for n, b in self.blocks.items():
            if n in body or n in inside or not b.phis:
                continue
            new_phis = []
            for p in b.phis:
                inc: list[tuple[ir.Value, str]] = []
                for v, lb in p.incoming:
                    if lb not in copies:
                        inc.append((v, lb))
                        continue
                    for cname, vn in copies[lb]:
                        if n in successors(self.blocks[cname].term):
                            inc.append((_map_values(v, _renamer(vn)), cname))
                new_phis.append(dataclasses.replace(p, incoming=tuple(inc)))
            b.phis = new_phis

    def _repair_outside_uses(self, body: frozenset[str], defined: dict[str, Any],
                             copies: dict[str, list[tuple[str, dict[str, str]]]],
                             header: str) -> None:
        """Uses outside the loop of values defined in it read the last copy executed."""
        inside = {c for cs in copies.values() for c, _ in cs}
        wanted: dict[str, None] = {}
        for n, b in self.blocks.items():
            if n in inside:
                continue
            for p in b.phis:
                for v, lb in p.incoming:
                    if lb not in inside:
                        for name in _locals(v):
                            if name in defined:
                                wanted[name] = None
            for x in [*b.items, b.term]:
                if isinstance(x, ir.DebugRecord):
                    continue
                for name in _locals(x):
                    if name in defined:
                        wanted[name] = None
        if not wanted:
            return
        cfg = _Cfg.of(self.function().blocks or ())
        preds: dict[str, list[str]] = {n: [] for n in cfg.reachable}
        for n in cfg.reachable:
            for s in cfg.succ[n]:  # one entry per edge: LLVM's phi rule
                if s != SINK:
                    preds[s].append(n)
        def_block = {r: n for n in body for inst in self.blocks[n].instructions()
                     if (r := _result(inst)) is not None and r in defined}
        for var in wanted:
            defs = {c: vn[var] for c, vn in copies[def_block[var]]}
            ssa = _SsaBuilder(var, _result_type(defined[var]), defs, preds, self)
            for n, b in self.blocks.items():
                if n in inside or n not in preds:
                    continue
                b.phis = [dataclasses.replace(p, incoming=tuple(
                    (_substitute(v, var, ssa.at_end(lb)) if lb in preds and lb not in inside
                     and var in _locals(v) else v, lb)
                    for v, lb in p.incoming)) for p in b.phis]
                if any(var in _locals(x) for x in [*b.items, b.term]
                       if not isinstance(x, ir.DebugRecord)):
                    entry = ssa.at_entry(n)
                    b.items = [x if isinstance(x, ir.DebugRecord) else _substitute(x, var, entry)
                               for x in b.items]
                    b.term = _substitute(b.term, var, entry)
            ssa.materialise()


def _renamer(names: dict[str, str]) -> Callable[[str], ir.Value]:
    """Operand mapping for one copy: a name defined in the copied blocks becomes the
    copy's name, any other name is left alone."""
    return lambda x: ir.Local(names.get(x, x))


def _substitute(obj: Any, name: str, value: ir.Value) -> Any:
    """``obj`` with the operand ``%name`` replaced by ``value``."""
    return _map_values(obj, lambda x: value if x == name else ir.Local(x))


def _rename_result(inst: Any, names: dict[str, str]) -> Any:
    r = _result(inst)
    if r is not None and r in names:
        return dataclasses.replace(inst, result=names[r])
    return inst


def _locals(obj: Any) -> set[str]:
    out: set[str] = set()

    def visit(name: str) -> ir.Value:
        out.add(name)
        return ir.Local(name)

    _map_values(obj, visit)
    return out


class _SsaBuilder:
    """Braun et al.'s on-the-fly SSA construction for one variable on a fixed CFG:
    the value at a block's entry is the definition in it or, with one predecessor,
    the value at that predecessor's end, else a phi over the predecessors. Phis
    whose incoming values are all the same (or the phi itself) are folded away."""

    def __init__(self, var: str, type_: ir.Type, defs: dict[str, str],
                 preds: dict[str, list[str]], work: _Work) -> None:
        self.var = var
        self.type = type_
        self.defs = defs
        self.preds = preds
        self.work = work
        self.entry_value: dict[str, ir.Value] = {}
        self.phis: dict[str, tuple[str, list[tuple[ir.Value, str]]]] = {}  # block -> phi

    def at_end(self, block: str) -> ir.Value:
        if block in self.defs:
            return ir.Local(self.defs[block])
        return self.at_entry(block)

    def at_entry(self, block: str) -> ir.Value:
        # Chains of single-predecessor blocks are walked in a loop (unrolled code has
        # long ones); only merge points recurse, through `at_end`.
        chain: list[str] = []
        b = block
        while True:
            if b in self.entry_value:
                value = self.entry_value[b]
                break
            ps = self.preds.get(b, [])
            if not ps:
                value = ir.PoisonConst()  # unreachable in valid SSA
                chain.append(b)
                break
            if len(set(ps)) == 1:
                chain.append(b)
                if ps[0] in self.defs:
                    value = ir.Local(self.defs[ps[0]])
                    break
                b = ps[0]
                continue
            name = self.work.fresh(self.var, "phi")
            value = ir.Local(name)
            self.entry_value[b] = value  # before the operands: a cycle reads the phi
            self.phis[b] = (name, [(self.at_end(p), p) for p in ps])
            break
        for c in chain:
            self.entry_value[c] = value
        return value

    def materialise(self) -> None:
        """Fold trivial phis, then add the others at the start of their blocks."""
        replace: dict[str, ir.Value] = {}

        def resolve(v: ir.Value) -> ir.Value:
            while isinstance(v, ir.Local) and v.name in replace:
                v = replace[v.name]
            return v

        changed = True
        while changed:
            changed = False
            for _block, (name, incoming) in self.phis.items():
                if name in replace:
                    continue
                vals = {resolve(v) for v, _ in incoming} - {ir.Local(name)}
                if len(vals) == 1:
                    replace[name] = next(iter(vals))
                    changed = True
        if replace:
            for b in self.work.blocks.values():
                b.phis = [_map_values(p, lambda x: resolve(ir.Local(x))) for p in b.phis]
                b.items = [x if isinstance(x, ir.DebugRecord) else
                           _map_values(x, lambda y: resolve(ir.Local(y))) for x in b.items]
                b.term = _map_values(b.term, lambda y: resolve(ir.Local(y)))
        for block, (name, incoming) in self.phis.items():
            if name in replace:
                continue
            phi = ir.Phi(name, self.type, tuple((resolve(v), p) for v, p in incoming))
            self.work.blocks[block].phis.insert(0, phi)


__all__ = ["DEFAULT_MAX_UNROLL", "DEFAULT_UNROLL", "ENCODE_STEPS_PER_SECOND",
           "ENCODE_TERMS_PER_SECOND", "LOOP_REFUTE_SAMPLES",
           "MAX_RAISED_INSTRUCTIONS", "MAX_UNROLLED_INSTRUCTIONS", "SINK", "EncodingDeadline",
           "Loop", "Unrolled", "find_loops", "fitting_unroll", "lower_unroll", "next_unroll",
           "unroll", "unrolled_size"]
