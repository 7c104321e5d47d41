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
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify.interpreter import (
    NULL,
    POISON,
    Byte,
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


#: One argument of an input vector: an unsigned int, None (poison), `NULL`, or a block.
ArgInput = int | None | Pointer | PointerInput


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
           max_candidates: int = 3, step_limit: int = 10_000) -> list[Refutation]:
    """Like `find_counterexample_candidates`, with both outcomes of each refutation,
    and for functions with pointer parameters too."""
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
    pair = _Pair(src_mod, src, tgt_mod, tgt, step_limit)
    rng = random.Random(seed)
    found: list[Refutation] = []
    for i, args in enumerate(_inputs(src, rng, samples, literals(src, tgt))):
        r = pair.check(args, memories[i % len(memories)], rng)
        if r is not None:
            found.append(r)
            if len(found) >= max_candidates:
                break
    return found


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
            extra: set[int] = frozenset()) -> Iterator[list[ArgInput]]:  # type: ignore[assignment]
    """Deterministic input vectors: corner cases first, then a mix of special values
    (plus ``extra``: the functions' literals), small values and random bits; poison
    (None) now and then for parameters that are not ``noundef``; pointers mostly to a
    fresh block, sometimes null. Duplicates are skipped."""
    params = fn.params
    specials = [sorted(set(special_values(p.type.bits)) | {x & mask(p.type.bits)
                                                            for x in extra})
                if isinstance(p.type, ir.IntType) else [] for p in params]
    corner = [lambda w: 0, lambda w: 1, mask, lambda w: 1 << (w - 1), lambda w: mask(w) >> 1]
    fixed = [[f(p.type.bits) if isinstance(p.type, ir.IntType) else
              PointerInput(_pointer_size(p), k) for p in params] for k, f in enumerate(corner)]
    seen: set[tuple[ArgInput, ...]] = set()
    produced = attempts = 0
    while produced < samples and attempts < samples * 4:
        attempts += 1
        vec = fixed.pop(0) if fixed else [_pick(rng, p, s) for p, s in zip(params, specials,
                                                                             strict=True)]
        key = tuple(vec)
        if key in seen:
            continue
        seen.add(key)
        produced += 1
        yield vec


def _pick(rng: random.Random, p: ir.Param, specials: Sequence[int]) -> ArgInput:
    r = rng.random()
    if "noundef" not in p.attrs and r < 0.06:
        return None
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
                 tgt: ir.Function, step_limit: int) -> None:
        self.src_mod, self.src, self.tgt_mod, self.tgt = src_mod, src, tgt_mod, tgt
        self.step_limit = step_limit
        self.names = [p.name if p.name is not None else str(i)
                      for i, p in enumerate(src.params)]
        self.layouts = (Layout(src_mod.datalayout, src_mod.type_defs),
                        Layout(tgt_mod.datalayout, tgt_mod.type_defs))

    def run(self, side: int, args: list[ArgInput], initial: InitialMemory, choice: str,
            rng: random.Random) -> Outcome:
        """One run on a fresh memory holding the globals and the argument blocks."""
        memory = Memory(initial, self.layouts[side])
        values: list[ConcreteValue] = []
        for name, a in zip(self.names, args, strict=True):
            if isinstance(a, PointerInput):
                values.append(a.materialise(memory, name))
            else:
                values.append(POISON if a is None else a)
        self.argument_images = {b.name: tuple(b.contents) for b in memory.blocks
                                if b is not None and b.kind == "argument"}
        mod, fn = (self.src_mod, self.src) if side == 0 else (self.tgt_mod, self.tgt)
        return run_function(mod, fn, values, undef_choice=choice, step_limit=self.step_limit,
                            rng=random.Random(rng.getrandbits(32)), memory=memory)

    def check(self, args: list[ArgInput], initial: InitialMemory,
              rng: random.Random) -> Refutation | None:
        s = self.run(0, args, initial, "zero", rng)
        if s.kind != "return":
            return None  # UB, cut, or unsupported on this path: nothing to demand of tgt
        images = _InitialImages(self.argument_images, initial)
        tgt_runs = [self.run(1, args, initial, "zero", rng)]
        if tgt_runs[0].nondeterministic:
            tgt_runs += [self.run(1, args, initial, c, rng) for c in TARGET_CHOICES[1:]]
        for t in tgt_runs:
            reason = mismatch(s, t, images)
            if reason is None:
                continue
            deterministic = not s.nondeterministic
            if not deterministic and any(
                    mismatch(alt, t, images) is None for alt in
                    (self.run(0, args, initial, c, rng) for c in SOURCE_CHOICES[1:])
                    if alt.kind == "return"):
                continue
            return Refutation(dict(zip(self.names, args, strict=True)), reason, s, t,
                              deterministic, initial.fill)
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


def mismatch(s: Outcome, t: Outcome,
             initial: Mapping[str, tuple[Byte, ...]] | InitialMemory) -> str | None:
    """Why outcome ``t`` does not refine a returning source outcome ``s`` (None if it
    does, or if ``t`` says nothing: cut by the step limit or unsupported). ``initial``
    gives the initial bytes of non-local blocks only one side wrote."""
    if t.kind == "ub":
        return "Source is more defined than target"
    if t.kind != "return":
        return None
    why = _value_mismatch(s.value, t.value, s, t)
    if why is not None:
        return why
    if isinstance(initial, InitialMemory):
        initial = _InitialImages({}, initial)
    if _memory_mismatch(s, t, initial):
        return "Mismatch in memory"
    return None


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
    if s_kind == "stack" or t_kind == "stack":
        return s_kind == t_kind and s_size == t_size and sp.offset == tp.offset
    return sp == tp


def _memory_mismatch(s: Outcome, t: Outcome, initial: Mapping[str, tuple[Byte, ...]]) -> bool:
    for name in set(s.memory) | set(t.memory):
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
