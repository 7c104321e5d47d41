"""Fast refutation: find inputs on which a target visibly fails to refine its source.

Why: most wrong candidates (an LLM's or a mutant) are wrong on many inputs, and a few
hundred concrete runs in pure Python cost milliseconds where an SMT query costs tens to
thousands. The symbolic verifier tries these candidates first and confirms each with the
solver, so a false candidate costs only time and a missed one only speed; soundness never
rests on this file.

Refinement, concretely (VERIFIER.md §2): for one input, if the source is UB (or does not
finish) anything goes; otherwise the target must not be UB, must return a value the
source could return (a poison source value allows anything), and must leave every
non-local byte refining the source's (a poison source byte allows anything). The source's
undef/freeze choices are angelic: a mismatch counts only when no source choice tried
matches. The target's choices are demonic: any one that fails is a counterexample.

An input is the arguments plus the initial non-local memory: mutable globals (their
initializer, or random bytes with or without poison) and, for pointer parameters, one
fresh block per parameter with random contents (or null, or poison where allowed).
With ``undef=True`` an argument may also be undef. With ``calls=True`` an input also
fixes what unknown functions do (one `CallWorld`), and the calls are part of the
behaviour (Alive2's rules, VERIFIER.md §6): every tgt call must match a src call (same
callee, same count of earlier calls to it when it has state, arguments and readable
memory refining src's), else tgt is UB; a src call that may not return must be made
by tgt too; a call that does not return ends the program ("exit"), and tgt must end
the same way.
"""

from __future__ import annotations

import dataclasses
import random
import re
import time
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify.concrete_calls import CallWorld, refines_all
from veriopt.verify.interpreter import (
    NULL,
    POISON,
    UNDEF,
    Byte,
    CallEvent,
    ConcreteValue,
    InitialMemory,
    Layout,
    Memory,
    Outcome,
    Pointer,
    PointerByte,
    compile_function,
    mask,
    run_function,
)

#: Source undef/freeze choices tried before a mismatch is believed.
SOURCE_CHOICES = ("zero", "ones", "random", "random")
#: Target undef/freeze choices tried when the target's first run made a choice.
TARGET_CHOICES = ("zero", "ones", "random")
#: How often one argument vector may be tried (with other memories and callees).
REPEATS = 16
#: Bytes of the block a pointer argument points to (unless ``dereferenceable`` asks more).
ARGUMENT_BLOCK_SIZE = 64


@dataclass(frozen=True)
class PointerInput:
    """A pointer argument: the start of a fresh ``size``-byte block (align 16).

    Its contents come from ``seed``: random bytes (some poison when ``poison``); with
    ``pointers``, each 8-byte slot instead holds, at random, a pointer to a second fresh
    block of random bytes, null, or bytes, so that code walking structs and lists (an
    int field next to pointer fields) gets somewhere on some inputs.
    """

    size: int
    seed: int
    poison: bool = False
    pointers: bool = False

    def materialise(self, memory: Memory, name: str) -> Pointer:
        """Allocate the block(s) in ``memory``; return the argument's value."""
        rng = random.Random(self.seed)
        data: list[Byte] = list(rng.randbytes(self.size))
        if self.poison:
            data = [POISON if rng.random() < 0.125 else b for b in data]
        if self.pointers:
            target = memory.allocate("argument", f"%{name}.target", ARGUMENT_BLOCK_SIZE, 16,
                                     contents=rng.randbytes(ARGUMENT_BLOCK_SIZE))
            for slot in range(0, self.size - 7, 8):
                r = rng.random()
                if r < 0.65:
                    ptr = target if r < 0.5 else NULL
                    data[slot:slot + 8] = [PointerByte(ptr, i) for i in range(8)]
        return memory.allocate("argument", f"%{name}", self.size, 16, contents=data)

    def __str__(self) -> str:
        what = "pointers" if self.pointers else "bytes" + (", some poison" if self.poison else "")
        return f"pointer to {self.size} bytes ({what})"


#: One argument of an input vector: an unsigned int, None (poison), `UNDEF`, `NULL`, or a
#: block.
ArgInput = int | None | Pointer | PointerInput | type(UNDEF)


@dataclass(frozen=True)
class Refutation:
    """One input on which the target does not refine the source.

    ``inputs`` maps parameter names to their inputs (unsigned ints, None = poison,
    `NULL`, or a `PointerInput`); ``reason`` is the Alive2 stage it falls in (``Source
    is more defined than target``, ``Target is more poisonous than source``, ``Value
    mismatch``, ``Mismatch in memory``). ``source_deterministic`` is true when the
    source made no undef/freeze/address choice on this input, so the mismatch is
    certain, not merely "no choice tried matched". ``memory`` says which initial
    contents the mutable globals had (`GLOBAL_FILLS`).
    """

    inputs: dict[str, ArgInput]
    reason: str
    source: Outcome
    target: Outcome
    source_deterministic: bool
    memory: str = "initializer"
    #: The unknown functions of this input (None: the functions call none).
    world: CallWorld | None = None


def find_counterexample_candidates(src_mod: ir.Module, src_fn: ir.Function | str,
                                   tgt_mod: ir.Module, tgt_fn: ir.Function | str,
                                   samples: int = 256, seed: int = 0, *,
                                   max_candidates: int = 3) -> list[dict[str, int | None]]:
    """Inputs (parameter name -> unsigned value, None = poison) on which ``tgt_fn`` seems
    not to refine ``src_fn``; [] when none was found or the functions are out of scope
    (non-integer parameters, signatures that differ, constructs not modelled)."""
    src = src_mod.function(src_fn) if isinstance(src_fn, str) else src_fn
    if not all(isinstance(p.type, ir.IntType) for p in src.params):
        return []
    return [r.inputs for r in refute(src_mod, src, tgt_mod, tgt_fn, samples,  # type: ignore[misc]
                                     seed, max_candidates=max_candidates)]


def refute(src_mod: ir.Module, src_fn: ir.Function | str, tgt_mod: ir.Module,
           tgt_fn: ir.Function | str, samples: int = 256, seed: int = 0, *,
           max_candidates: int = 3, step_limit: int = 10_000, calls: bool = False,
           undef: bool = False, stats: Counter[str] | None = None,
           time_budget: float | None = None, visit_limit: int | None = None
           ) -> list[Refutation]:
    """Like `find_counterexample_candidates`, with both outcomes of each refutation,
    and for functions with pointer parameters too; ``calls``: with unknown functions
    (a `CallWorld` per input); ``undef``: undef arguments now and then. ``stats``
    counts how the source run of each input ended (``src <kind>``): only inputs on
    which it returns or exits say anything about the target. ``time_budget`` (wall
    seconds) stops early; so do 16 first inputs on none of which src finished within
    the step limit (a loop too long to run: more inputs would say nothing).
    ``visit_limit``: only runs that enter no block more often (see `run_function`)."""
    src = src_mod.function(src_fn) if isinstance(src_fn, str) else src_fn
    tgt = tgt_mod.function(tgt_fn) if isinstance(tgt_fn, str) else tgt_fn
    if not _in_scope(src, tgt):
        return []
    try:
        compile_function(src_mod, src)
        compile_function(tgt_mod, tgt)
    except UnsupportedIR:
        return []
    # Mutable globals may hold anything on entry: a few shared initial memories, taken
    # in turn (each input runs src and tgt on the same one).
    memories = [InitialMemory(src_mod, tgt_mod)] + [
        InitialMemory(src_mod, tgt_mod, fill=fill, seed=seed * 8 + k)
        for k, fill in enumerate(("random", "random+poison", "random", "random+poison"))]
    pair = _Pair(src_mod, src, tgt_mod, tgt, step_limit, visit_limit)
    rng = random.Random(seed)
    keep_alive = frozenset(f"%{p.name}" for p in src.params
                           if any(a.startswith("dereferenceable") for a in p.attrs))
    found: list[Refutation] = []
    ended: Counter[str] = Counter()
    stop = None if time_budget is None else time.monotonic() + time_budget
    for i, args in enumerate(_inputs(src, rng, samples, literals(src, tgt), undef)):
        if (stop is not None and time.monotonic() > stop) or (
                i == 16 and ended["src step_limit"] == 16 and visit_limit is None):
            break
        world = _world(rng, keep_alive) if calls else None
        r = pair.check(args, memories[i % len(memories)], rng, world, ended)
        if r is not None:
            found.append(r)
            if len(found) >= max_candidates:
                break
    if stats is not None:
        stats.update(ended)
    return found


def _world(rng: random.Random, keep_alive: frozenset[str]) -> CallWorld:
    """Unknown functions for one input: mostly plain (they return and free nothing), now
    and then ones that may not return, free, or write poison."""
    return CallWorld(rng.getrandbits(32), exit_rate=rng.choice((0.0, 0.0, 0.3)),
                     free_rate=rng.choice((0.0, 0.0, 0.3)),
                     poison_rate=rng.choice((0.0, 0.0, 0.1)), keep_alive=keep_alive)


def _in_scope(src: ir.Function, tgt: ir.Function) -> bool:
    if src.is_declaration or tgt.is_declaration:
        return False
    if [p.type for p in src.params] != [p.type for p in tgt.params]:
        return False
    if src.return_type != tgt.return_type:
        return False
    return all(isinstance(p.type, ir.IntType) or p.type == ir.PTR for p in src.params)


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


def special_values(bits: int) -> list[int]:
    """0, 1, -1, INT_MIN, INT_MAX, small values and powers of two (as unsigned)."""
    m = mask(bits)
    vals = {0, 1, m, 1 << (bits - 1), m >> 1}
    vals |= {v & m for v in range(-4, 9)}
    for k in range(bits):
        vals |= {1 << k, ((1 << k) - 1) & m, (-(1 << k)) & m}
    return sorted(vals)


_DEREFERENCEABLE = re.compile(r"dereferenceable(?:_or_null)?\((\d+)\)")


def _pointer_size(p: ir.Param) -> int:
    sizes = [int(m[1]) for a in p.attrs if (m := _DEREFERENCEABLE.fullmatch(a))]
    return max([ARGUMENT_BLOCK_SIZE] + sizes)


def literals(*fns: ir.Function) -> set[int]:
    """Every integer literal in ``fns``, with its neighbours: ``x == 10001`` is found by
    trying 10001, not by luck (the fuzzer's dictionary trick)."""
    found: set[int] = set()

    def walk(node: object) -> None:
        if isinstance(node, ir.IntConst):
            found.update((node.value - 1, node.value, node.value + 1))
        elif isinstance(node, tuple):
            for x in node:
                walk(x)
        elif dataclasses.is_dataclass(node) and not isinstance(node, type):
            for f in dataclasses.fields(node):
                walk(getattr(node, f.name))

    for fn in fns:
        walk(fn.blocks)
    return found


def _inputs(fn: ir.Function, rng: random.Random, samples: int,
            extra: set[int] = frozenset(),  # type: ignore[assignment]
            undef: bool = False) -> Iterator[list[ArgInput]]:
    """Deterministic input vectors: corner cases first, then a mix of special values
    (plus ``extra``: the functions' literals), small values and random bits; poison
    (None) now and then for parameters that are not ``noundef`` (and undef, with
    ``undef``); pointers mostly to a fresh block, sometimes null. A vector comes at most
    `REPEATS` times (each time with other initial memory and callees: a function with
    no or few parameters still gets that many runs)."""
    params = fn.params
    specials = [sorted(set(special_values(p.type.bits)) | {x & mask(p.type.bits)
                                                            for x in extra})
                if isinstance(p.type, ir.IntType) else [] for p in params]
    corner = [lambda w: 0, lambda w: 1, mask, lambda w: 1 << (w - 1), lambda w: mask(w) >> 1]
    fixed = [[f(p.type.bits) if isinstance(p.type, ir.IntType) else
              PointerInput(_pointer_size(p), k) for p in params] for k, f in enumerate(corner)]
    # The functions' literals come next, each in every integer parameter (the fuzzer's
    # dictionary: ``x == 10001`` is found by trying 10001, not by luck).
    fixed += [[lit & mask(p.type.bits) if isinstance(p.type, ir.IntType) else
               PointerInput(_pointer_size(p), len(corner) + k) for p in params]
              for k, lit in enumerate(sorted(extra, key=abs)[:24])]
    seen: set[tuple[object, ...]] = set()
    produced = attempts = 0
    while produced < samples and attempts < samples * 4:
        attempts += 1
        vec = fixed.pop(0) if fixed else [_pick(rng, p, s, undef)
                                           for p, s in zip(params, specials, strict=True)]
        key = (*vec, produced % REPEATS)
        if key in seen:
            continue
        seen.add(key)
        produced += 1
        yield vec


def _pick(rng: random.Random, p: ir.Param, specials: Sequence[int],
          undef: bool = False) -> ArgInput:
    r = rng.random()
    if "noundef" not in p.attrs and r < 0.06:
        return UNDEF if undef and r < 0.03 else None
    if isinstance(p.type, ir.IntType):
        bits = p.type.bits
        if r < 0.5:
            return rng.choice(specials)
        if r < 0.7:
            return rng.randrange(-16, 17) & mask(bits)
        return rng.getrandbits(bits)
    if r < 0.12 and not any(a == "nonnull" or a.startswith("dereferenceable(")
                            for a in p.attrs):
        return NULL
    return PointerInput(_pointer_size(p), rng.getrandbits(32), poison=r > 0.85,
                        pointers=0.5 < r <= 0.85)


# --------------------------------------------------------------------------
# One input
# --------------------------------------------------------------------------


class _Pair:
    """A (src, tgt) pair and the runs of both on one input."""

    def __init__(self, src_mod: ir.Module, src: ir.Function, tgt_mod: ir.Module,
                 tgt: ir.Function, step_limit: int, visit_limit: int | None = None) -> None:
        self.src_mod, self.src, self.tgt_mod, self.tgt = src_mod, src, tgt_mod, tgt
        self.step_limit = step_limit
        self.visit_limit = visit_limit
        self.names = [p.name if p.name is not None else str(i)
                      for i, p in enumerate(src.params)]
        self.layouts = (Layout(src_mod.datalayout, src_mod.type_defs),
                        Layout(tgt_mod.datalayout, tgt_mod.type_defs))

    def run(self, side: int, args: list[ArgInput], initial: InitialMemory, choice: str,
            run_seed: int, world: CallWorld | None = None) -> Outcome:
        """One run on a fresh memory holding the globals and the argument blocks."""
        memory = Memory(initial, self.layouts[side])
        values: list[ConcreteValue] = []
        for name, a in zip(self.names, args, strict=True):
            if isinstance(a, PointerInput):
                values.append(a.materialise(memory, name))
            else:
                values.append(POISON if a is None else a)  # type: ignore[arg-type]
        self.argument_images = {b.name: tuple(b.contents) for b in memory.blocks
                                if b is not None and b.kind == "argument"}
        mod, fn = (self.src_mod, self.src) if side == 0 else (self.tgt_mod, self.tgt)
        return run_function(mod, fn, values, undef_choice=choice, step_limit=self.step_limit,
                            rng=random.Random(run_seed), memory=memory, calls=world,
                            visit_limit=self.visit_limit)

    def check(self, args: list[ArgInput], initial: InitialMemory, rng: random.Random,
              world: CallWorld | None = None, stats: Counter[str] | None = None
              ) -> Refutation | None:
        # One random stream per input, the same for every run: a src run with the same
        # choice policy as a tgt run picks the same values for the same undef uses (an
        # undef argument, first of all), which is the src choice most likely to match.
        run_seed = rng.getrandbits(32)
        s = self.run(0, args, initial, "zero", run_seed, world)
        if stats is not None:
            stats[f"src {s.kind}"] += 1
        if s.kind not in ("return", "exit"):
            return None  # UB, cut, or unsupported on this path: nothing to demand of tgt
        images = _InitialImages(self.argument_images, initial)
        tgt_runs = [("zero", self.run(1, args, initial, "zero", run_seed, world))]
        if tgt_runs[0][1].nondeterministic:
            tgt_runs += [(c, self.run(1, args, initial, c, run_seed, world))
                         for c in TARGET_CHOICES[1:]]
        for choice, t in tgt_runs:
            reason = mismatch(s, t, images)
            if reason is None:
                continue
            deterministic = not s.nondeterministic
            alternatives = (choice, *SOURCE_CHOICES[1:])
            if not deterministic and any(
                    mismatch(alt, t, images) is None for alt in
                    (self.run(0, args, initial, c, run_seed + k, world)
                     for k, c in enumerate(alternatives))
                    if alt.kind in ("return", "exit")):
                continue
            return Refutation(dict(zip(self.names, args, strict=True)), reason, s, t,
                              deterministic, initial.fill, world)
        return None


class _InitialImages(Mapping[str, tuple[Byte, ...]]):
    """Initial bytes of every non-local block by name (``@global``, ``%argument``)."""

    def __init__(self, arguments: dict[str, tuple[Byte, ...]], initial: InitialMemory):
        self.arguments, self.initial = arguments, initial

    def __getitem__(self, name: str) -> tuple[Byte, ...]:
        if name.startswith("%"):
            return self.arguments[name]
        return self.initial.image(name[1:]).contents

    def __iter__(self) -> Iterator[str]:
        return iter(list(self.arguments) + ["@" + n for n in self.initial.global_ids])

    def __len__(self) -> int:
        return len(self.arguments) + len(self.initial.global_ids)


RETURN_DOMAIN = "Source and target don't have the same return domain"


def mismatch(s: Outcome, t: Outcome,
             initial: Mapping[str, tuple[Byte, ...]] | InitialMemory) -> str | None:
    """Why outcome ``t`` does not refine a source outcome ``s`` that returned or ended
    in a call that did not return (None if it does, or if ``t`` says nothing: cut by the
    step limit or unsupported). ``initial`` gives the initial bytes of non-local blocks
    only one side wrote."""
    if t.kind == "ub":
        return "Source is more defined than target"
    if t.kind not in ("return", "exit"):
        return None
    if isinstance(initial, InitialMemory):
        initial = _InitialImages({}, initial)
    why = _calls_mismatch(s, t, initial)
    if why is not None:
        return why
    if s.kind != t.kind:
        return RETURN_DOMAIN
    if s.kind == "return":
        why = _value_mismatch(s.value, t.value, s, t)
        if why is not None:
            return why
    if _memory_mismatch(s, t, initial):
        return "Mismatch in memory"
    return None


def _calls_mismatch(s: Outcome, t: Outcome, initial: Mapping[str, tuple[Byte, ...]]
                    ) -> str | None:
    """Alive2's call rules on the recorded calls: a tgt call no src call matches is UB
    in tgt; a src call that may not return and that tgt does not make (same key) is a
    behaviour tgt lacks (in the world where that call does not return)."""
    for e in t.events:
        if not any(_event_matches(es, e, initial) for es in s.events):
            return "Source is more defined than target"
    made = {e.key for e in t.events}
    for e in s.events:
        if not e.will_return and e.key not in made:
            return RETURN_DOMAIN
    return None


def _event_matches(s: CallEvent, t: CallEvent, initial: Mapping[str, tuple[Byte, ...]]
                   ) -> bool:
    (s_callee, s_ordinal, s_args), (t_callee, t_ordinal, t_args) = s.key, t.key
    if s_callee != t_callee or not refines_all(s_args, t_args):
        return False
    if s_ordinal is not None and t_ordinal is not None and s_ordinal != t_ordinal:
        return False
    s_mem, t_mem = dict(s.memory), dict(t.memory)
    for label in set(s_mem) | set(t_mem):
        if label.startswith("arg"):
            if label not in s_mem or label not in t_mem:
                continue  # one side's attributes say the callee does not read it
            sb, tb = s_mem[label], t_mem[label]
        else:  # a non-local block only one side wrote so far: its initial bytes
            sb, tb = (m[label] if label in m else _initial_canonical(initial, label)
                      for m in (s_mem, t_mem))
        if not refines_all(sb, tb):
            return False
    return True


def _initial_canonical(initial: Mapping[str, tuple[Byte, ...]], label: str) -> tuple:
    """Initial bytes in `CallEvent` form (non-local pointers keep their ids)."""
    from veriopt.verify.concrete_calls import SNAPSHOT_BYTES

    return tuple(("pbyte", ("nonlocal", b.pointer.block, b.pointer.offset), b.index)
                 if isinstance(b, PointerByte) else b for b in initial[label][:SNAPSHOT_BYTES])


def _value_mismatch(sv: ConcreteValue | None, tv: ConcreteValue | None, s: Outcome,
                    t: Outcome) -> str | None:
    if sv is POISON:
        return None
    if tv is POISON:
        return "Target is more poisonous than source"
    if isinstance(sv, tuple) and isinstance(tv, tuple):
        for a, b in zip(sv, tv, strict=True):
            why = _value_mismatch(a, b, s, t)
            if why is not None:
                return why
        return None
    if isinstance(sv, Pointer) and isinstance(tv, Pointer):
        return None if _pointer_refines(sv, tv, s, t) else "Value mismatch"
    return None if sv == tv else "Value mismatch"


def _pointer_refines(sp: Pointer, tp: Pointer, s: Outcome, t: Outcome) -> bool:
    """Non-local (and null) pointers must be identical; a pointer into a local block
    needs a local block of the same size and the same offset (VERIFIER.md §5.4)."""
    s_kind, s_size = s.blocks[sp.block] if sp.block < len(s.blocks) else ("?", -1)
    t_kind, t_size = t.blocks[tp.block] if tp.block < len(t.blocks) else ("?", -2)
    if s_kind in ("stack", "heap") or t_kind in ("stack", "heap"):
        return s_kind == t_kind and s_size == t_size and sp.offset == tp.offset
    return sp == tp


def _memory_mismatch(s: Outcome, t: Outcome, initial: Mapping[str, tuple[Byte, ...]]) -> bool:
    if s.dead != t.dead:  # Alive2: "Mismatch is liveness of blocks"
        return True
    for name in set(s.memory) | set(t.memory):
        if name in s.dead:
            continue
        sb = s.memory[name] if name in s.memory else initial[name]
        tb = t.memory[name] if name in t.memory else initial[name]
        for a, b in zip(sb, tb, strict=True):
            if a is POISON or a == b:
                continue
            if isinstance(a, PointerByte) and isinstance(b, PointerByte) and \
                    a.index == b.index and _pointer_refines(a.pointer, b.pointer, s, t):
                continue
            return True
    return False


__all__ = ["Refutation", "PointerInput", "ArgInput", "find_counterexample_candidates",
           "refute", "mismatch", "special_values", "SOURCE_CHOICES", "TARGET_CHOICES",
           "ARGUMENT_BLOCK_SIZE"]
