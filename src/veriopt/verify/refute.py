"""Fast refutation: find inputs on which a target visibly fails to refine its source.

Why: most wrong candidates (an LLM's or a mutant) are wrong on many inputs, and a few
hundred concrete runs in pure Python cost milliseconds where an SMT query costs tens to
thousands. The symbolic verifier tries these candidates first and confirms each with the
solver, so a false candidate costs only time and a missed one only speed; soundness never
rests on this file.

Refinement, concretely (VERIFIER.md §2): for one input, if the source is UB (or does not
finish) anything goes; otherwise the target must not be UB, must return a value the
source could return (a poison source value allows anything), and must leave every written
non-local byte refining the source's (a poison source byte allows anything). The source's
undef/freeze choices are angelic: a mismatch counts only when no source choice tried
matches. The target's choices are demonic: any one that fails is a counterexample.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify.interpreter import (
    POISON,
    ConcreteValue,
    InitialMemory,
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


@dataclass(frozen=True)
class Refutation:
    """One input on which the target does not refine the source.

    ``inputs`` maps parameter names to unsigned values (None = poison); ``reason`` is the
    Alive2 stage it falls in (``Source is more defined than target``, ``Target is more
    poisonous than source``, ``Value mismatch``, ``Mismatch in memory``).
    ``source_deterministic`` is true when the source made no undef/freeze/address choice
    on this input, so the mismatch is certain, not merely "no choice tried matched".
    ``memory`` says which initial contents the mutable globals had (`GLOBAL_FILLS`).
    """

    inputs: dict[str, int | None]
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
    return [r.inputs for r in refute(src_mod, src_fn, tgt_mod, tgt_fn, samples, seed,
                                     max_candidates=max_candidates)]


def refute(src_mod: ir.Module, src_fn: ir.Function | str, tgt_mod: ir.Module,
           tgt_fn: ir.Function | str, samples: int = 256, seed: int = 0, *,
           max_candidates: int = 3, step_limit: int = 10_000) -> list[Refutation]:
    """Like `find_counterexample_candidates`, with both outcomes of each refutation."""
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
    rng = random.Random(seed)
    found: list[Refutation] = []
    for i, args in enumerate(_inputs(src, rng, samples)):
        initial = memories[i % len(memories)]
        r = _check_input(src_mod, src, tgt_mod, tgt, args, initial, rng, step_limit)
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
    return all(isinstance(p.type, ir.IntType) for p in src.params)


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


def _inputs(fn: ir.Function, rng: random.Random, samples: int) -> Iterator[list[int | None]]:
    """Deterministic input vectors: corner cases first, then a mix of special values,
    small values and random bits; poison (None) now and then for parameters that are
    not ``noundef``. Duplicates are skipped."""
    widths = [p.type.bits for p in fn.params]  # type: ignore[union-attr]
    may_poison = ["noundef" not in p.attrs for p in fn.params]
    specials = [special_values(w) for w in widths]
    seen: set[tuple[int | None, ...]] = set()
    fixed = [[0] * len(widths), [1] * len(widths), [mask(w) for w in widths],
             [1 << (w - 1) for w in widths], [mask(w) >> 1 for w in widths]]
    produced = 0
    attempts = 0
    while produced < samples and attempts < samples * 4:
        attempts += 1
        if fixed:
            vec: list[int | None] = fixed.pop(0)  # type: ignore[assignment]
        else:
            vec = [_pick(rng, w, s, p) for w, s, p in zip(widths, specials, may_poison,
                                                           strict=True)]
        key = tuple(vec)
        if key in seen:
            continue
        seen.add(key)
        produced += 1
        yield vec
    if not widths and produced == 0:
        yield []


def _pick(rng: random.Random, bits: int, specials: Sequence[int],
          may_poison: bool) -> int | None:
    r = rng.random()
    if may_poison and r < 0.06:
        return None
    if r < 0.5:
        return rng.choice(specials)
    if r < 0.7:
        return rng.randrange(-16, 17) & mask(bits)
    return rng.getrandbits(bits)


# --------------------------------------------------------------------------
# One input
# --------------------------------------------------------------------------


def _check_input(src_mod: ir.Module, src: ir.Function, tgt_mod: ir.Module, tgt: ir.Function,
                 args: list[int | None], initial: InitialMemory, rng: random.Random,
                 step_limit: int) -> Refutation | None:
    values: list[ConcreteValue] = [POISON if a is None else a for a in args]

    def run(mod: ir.Module, fn: ir.Function, choice: str) -> Outcome:
        return run_function(mod, fn, values, undef_choice=choice, step_limit=step_limit,
                            rng=random.Random(rng.getrandbits(32)), initial_memory=initial)

    s = run(src_mod, src, "zero")
    if s.kind != "return":
        return None  # UB, cut, or unsupported on this path: nothing to demand of tgt
    tgt_runs = [run(tgt_mod, tgt, "zero")]
    if tgt_runs[0].nondeterministic:
        tgt_runs += [run(tgt_mod, tgt, c) for c in TARGET_CHOICES[1:]]
    for t in tgt_runs:
        reason = mismatch(s, t, initial)
        if reason is None:
            continue
        deterministic = not s.nondeterministic
        if not deterministic and any(
                mismatch(alt, t, initial) is None for alt in
                (run(src_mod, src, c) for c in SOURCE_CHOICES[1:]) if alt.kind == "return"):
            continue
        names = [p.name if p.name is not None else str(i) for i, p in enumerate(src.params)]
        return Refutation(dict(zip(names, args, strict=True)), reason, s, t, deterministic,
                          initial.fill)
    return None


def mismatch(s: Outcome, t: Outcome, initial: InitialMemory) -> str | None:
    """Why outcome ``t`` does not refine a returning source outcome ``s`` (None if it
    does, or if ``t`` says nothing: cut by the step limit or unsupported)."""
    if t.kind == "ub":
        return "Source is more defined than target"
    if t.kind != "return":
        return None
    why = _value_mismatch(s.value, t.value, s, t)
    if why is not None:
        return why
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


def _memory_mismatch(s: Outcome, t: Outcome, initial: InitialMemory) -> bool:
    for name in set(s.memory) | set(t.memory):
        if not name.startswith("@"):
            continue  # argument blocks are compared by the caller that made them
        image = None
        if name not in s.memory or name not in t.memory:
            image = initial.image(name[1:]).contents
        sb = s.memory.get(name, image)
        tb = t.memory.get(name, image)
        for a, b in zip(sb, tb, strict=True):  # type: ignore[arg-type]
            if a is POISON or a == b:
                continue
            if isinstance(a, PointerByte) and isinstance(b, PointerByte) and \
                    a.index == b.index and _pointer_refines(a.pointer, b.pointer, s, t):
                continue
            return True
    return False


__all__ = ["Refutation", "find_counterexample_candidates", "refute", "mismatch",
           "special_values", "SOURCE_CHOICES", "TARGET_CHOICES"]
