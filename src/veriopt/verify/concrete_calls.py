"""Concrete unknown functions: one legal callee per input, shared by src and tgt.

Why: most real functions call something (``printf``, a helper in another file), and
the verifier's `correct` on them rests on its model of unknown calls (calls.py). To
cross-check that verdict concretely, the interpreter needs callees too. An unknown
callee may be *any* function that respects its attributes, so a refutation found with
one particular, legal callee is a real counterexample. `CallWorld` is such a callee
family, chosen by a seed:

* its outputs (result, the bytes it writes, whether it frees a block or does not
  return) are a fixed function of its *key*: its name, how many earlier calls to it
  this run made (only for a callee with state, i.e. one that may write: VERIFIER.md
  §6), and its arguments in canonical form; so src and tgt calls with equal keys get
  equal outputs;
* it respects the attributes: it writes only where ``memory(...)`` and the argument
  attributes (``readonly``, ``readnone``, the C library facts) allow, frees only
  without ``nofree`` and only what it could reach, returns unless it may not
  (``noreturn``: never; no ``willreturn``: sometimes, the world's ``exit_rate``).

A run records every call as a `CallEvent` (its key and the memory it may read); the
refuter (refute.py) then demands, as Alive2 does, that every tgt call matches a src
call (same key, memory refining) and that every src call that may not return is made
by tgt too.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from veriopt.llvm import ir
from veriopt.verify.interpreter import (
    NULL,
    POISON,
    Byte,
    CallEvent,
    CallLog,
    CallModel,
    ConcreteValue,
    Memory,
    MemoryBlock,
    Pointer,
    PointerByte,
    ProgramExit,
    RunCut,
    UnknownCall,
    mask,
)

#: Bytes of a block a callee's read is compared on (larger blocks: this prefix, which
#: only makes the comparison weaker, never a refutation wrong).
SNAPSHOT_BYTES = 512
#: Calls one run may make; a run with more is cut (it says nothing, as the step limit):
#: recording what each callee may read is the costly part of a run.
MAX_CALLS = 64
#: Bytes a writing callee writes at a pointer it is given, and into each non-local block.
WRITE_BYTES = 8


def canonical_pointer(memory: Memory, p: Pointer) -> tuple:
    """A pointer as the other side's run can recognise it: non-local blocks (globals,
    arguments, null) keep their shared id; a local block (stack, heap) is named by its
    kind and size, as pointer refinement compares them (VERIFIER.md §5.4)."""
    b = memory.block(p.block)
    if b.is_local:
        return ("local", b.kind, b.size, p.offset)
    return ("nonlocal", p.block, p.offset)


def canonical_value(memory: Memory, v: ConcreteValue) -> object:
    if isinstance(v, Pointer):
        return canonical_pointer(memory, v)
    if isinstance(v, tuple):
        return tuple(canonical_value(memory, e) for e in v)
    return v


def canonical_bytes(memory: Memory, data: Sequence[Byte]) -> tuple:
    return tuple(("pbyte", canonical_pointer(memory, b.pointer), b.index)
                 if isinstance(b, PointerByte) else b for b in data[:SNAPSHOT_BYTES])


def refines_all(src: Sequence[object], tgt: Sequence[object]) -> bool:
    """Canonical arguments or bytes, position by position: a poison source element
    allows anything, any other must be equal (a pointer: the same canonical pointer)."""
    return len(src) == len(tgt) and all(s is POISON or s == t
                                        for s, t in zip(src, tgt, strict=True))


def _has_poison(v: ConcreteValue) -> bool:
    return v is POISON or (isinstance(v, tuple) and any(_has_poison(e) for e in v))


def _may_write_through(attrs: tuple[str, ...]) -> bool:
    return not any(a in ("readonly", "readnone") for a in attrs)


def _may_read_through(attrs: tuple[str, ...]) -> bool:
    return not any(a in ("writeonly", "readnone") for a in attrs)


@dataclass(frozen=True)
class CallWorld(CallModel):
    """One family of legal callees (see the module docstring), chosen by ``seed``.

    ``exit_rate``: how often a call that may not return does not; ``free_rate``: how
    often a call that may free releases a block it can reach; ``poison_rate``: how
    often a byte it writes is poison (a callee may copy uninitialised memory).
    """

    seed: int
    exit_rate: float = 0.0
    free_rate: float = 0.0
    poison_rate: float = 0.0
    #: Blocks (by name) a callee must not free: those of ``dereferenceable`` parameters,
    #: which LLVM may treat as dereferenceable for the whole call.
    keep_alive: frozenset[str] = frozenset()

    def call(self, memory: Memory, log: CallLog, site: UnknownCall,
             args: Sequence[ConcreteValue]) -> ConcreteValue | None:
        if len(log.events) >= MAX_CALLS:
            raise RunCut(f"more than {MAX_CALLS} calls")
        ordinal = log.ordinal(site.callee) if site.has_state else None
        if any(_has_poison(a) for a in args):
            # The callee may treat a poison argument as any value: a tgt call with a
            # value there matches this one (Alive2), but gets other outputs here.
            log.nondet = True
        key = (site.callee, ordinal, tuple(canonical_value(memory, a) for a in args))
        event = CallEvent(key, self._readable(memory, site, args), site.will_return)
        log.events.append(event)
        rng = random.Random(f"{self.seed}|{key!r}")
        if site.no_return or (not site.will_return and rng.random() < self.exit_rate):
            raise ProgramExit(event)
        self._write(memory, site, args, rng)
        if site.may_free and rng.random() < self.free_rate:
            self._free(memory, site, args, rng)
        return self._result(memory, site, args, rng)

    # ---- what the callee sees ------------------------------------------------------

    def _readable(self, memory: Memory, site: UnknownCall,
                  args: Sequence[ConcreteValue]) -> tuple[tuple[str, tuple], ...]:
        out: list[tuple[str, tuple]] = []
        if site.reads_args:
            for i, (a, attrs) in enumerate(zip(args, site.arg_attrs, strict=True)):
                b = self._block(memory, a)
                if b is not None and b.alive and _may_read_through(attrs):
                    out.append((f"arg{i}", canonical_bytes(memory, b.contents)))
        if site.reads_other:
            for b in memory.blocks:
                if b is not None and b.written and b.alive and not b.is_local:
                    out.append((b.name, canonical_bytes(memory, b.contents)))
        return tuple(out)

    @staticmethod
    def _block(memory: Memory, a: ConcreteValue) -> MemoryBlock | None:
        if not isinstance(a, Pointer) or a.block == 0:
            return None
        return memory.block(a.block)

    # ---- what the callee does ------------------------------------------------------

    def _data(self, rng: random.Random, n: int, memory: Memory) -> list[Byte]:
        if n == 8 and rng.random() < 0.25:  # a pointer: to a non-local block, or null
            target = rng.choice(self._nonlocal_targets(memory) or [NULL])
            return [PointerByte(target, i) for i in range(8)]
        return [POISON if rng.random() < self.poison_rate else rng.getrandbits(8)
                for _ in range(n)]

    def _write(self, memory: Memory, site: UnknownCall, args: Sequence[ConcreteValue],
               rng: random.Random) -> None:
        targets: list[tuple[MemoryBlock, int]] = []
        if site.writes_args:
            for a, attrs in zip(args, site.arg_attrs, strict=True):
                b = self._block(memory, a)
                if b is not None and _may_write_through(attrs):
                    targets.append((b, a.offset))  # type: ignore[union-attr]
        if site.writes_other:
            for bid in self._nonlocal_ids(memory):
                b = memory.block(bid)
                targets.append((b, rng.randrange(max(1, b.size))))
        for b, offset in targets:
            if not b.alive or b.constant or not 0 <= offset < b.size:
                continue
            data = self._data(rng, min(WRITE_BYTES, b.size - offset), memory)
            if not b.written:
                b.contents = list(b.contents)
                b.written = True
            b.contents[offset:offset + len(data)] = data  # type: ignore[index]

    def _nonlocal_ids(self, memory: Memory) -> list[int]:
        """Mutable non-local blocks every run has: the globals (by their shared ids)
        and the argument blocks (allocated in the same order on both sides)."""
        ids = [bid for name, bid in memory.initial.global_ids.items()
               if self._is_mutable_global(memory, name)]
        ids += [bid for bid, b in enumerate(memory.blocks)
                if b is not None and b.kind == "argument"]
        return ids

    @staticmethod
    def _is_mutable_global(memory: Memory, name: str) -> bool:
        source = memory.initial._sources.get(name)
        return source is not None and not source[0].is_constant \
            and source[0].addrspace in (None, 0) and not source[0].thread_local

    def _nonlocal_targets(self, memory: Memory) -> list[Pointer]:
        return [Pointer(bid, 0) for bid in self._nonlocal_ids(memory)]

    def _free(self, memory: Memory, site: UnknownCall, args: Sequence[ConcreteValue],
              rng: random.Random) -> None:
        """Release one block the callee can reach and may free: a heap block or a
        caller's argument block (which may be a heap block), at a pointer argument
        when only argument memory is written, any argument block otherwise."""
        blocks = []
        for a, attrs in zip(args, site.arg_attrs, strict=True):
            b = self._block(memory, a)
            if b is not None and a.offset == 0 and b.kind in ("heap", "argument") \
                    and _may_write_through(attrs):  # type: ignore[union-attr]
                blocks.append(b)
        if site.writes_other:
            blocks += [b for b in memory.blocks if b is not None and b.kind == "argument"]
        blocks = [b for b in blocks if b.alive and b.name not in self.keep_alive]
        if blocks:
            rng.choice(blocks).alive = False

    def _result(self, memory: Memory, site: UnknownCall, args: Sequence[ConcreteValue],
                rng: random.Random) -> ConcreteValue | None:
        t = site.return_type
        if isinstance(t, ir.VoidType):
            return None
        if isinstance(t, ir.IntType):
            w = t.bits
            return rng.choice([0, 1, mask(w), rng.randrange(0, 17), rng.getrandbits(w)]) & mask(w)
        if "noalias" in site.ret_attrs:  # a fresh allocation (Alive2: a new heap block)
            size = 64
            return memory.allocate("heap", f"%{site.callee}.result", size, 16,
                                   contents=[rng.getrandbits(8) for _ in range(size)])
        choices: list[Pointer] = [NULL] + [a for a in args if isinstance(a, Pointer)]
        choices += self._nonlocal_targets(memory)
        return rng.choice(choices)


__all__ = ["CallWorld", "canonical_pointer", "canonical_value", "canonical_bytes", "refines_all",
           "SNAPSHOT_BYTES", "WRITE_BYTES", "MAX_CALLS"]
