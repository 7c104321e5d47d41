"""The concrete cross-check behind a vacuous proof: is src really UB on every input?

Why: when the solver finds src UB on every input, *every* tgt refines it (a
``correct`` with ``proof="vacuous"``). One wrong UB rule in the encoder then turns
into a ``correct`` for anything a model writes (issue 11, class 1). The interpreter
(`interpreter.py`) reads the LangRef independently of the encoder: if it runs src to
a ``ret`` on some input, the two readings disagree, and the verifier must not claim
anything (``inconclusive``, ``internal_inconsistency:vacuous``).

Only a deterministic run counts (no undef use, freeze of poison or address
observation on its path): src's choices are angelic in refinement, so src is UB on
an input as soon as *some* choice is, and a run that returned under one choice
proves nothing about the others.

The cross-check only counts where the interpreter sees every source of UB the
encoder sees: a function, parameter or return attribute it does not model (memory
effects, ``readonly`` parameters, a ``dereferenceable`` return ...), metadata that
adds UB, or an operand bundle makes the check ``unchecked``, never ``refuted``.

Inputs: integer arguments from special values, the function's literals and random
bits (poison now and then, unless ``noundef`` or poison inputs are off); pointer
arguments to fresh blocks of random bytes (some poison, some holding pointers) or
null; globals with their initializer or random contents.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from veriopt.errors import UnsupportedIR
from veriopt.llvm import attrs, ir
from veriopt.verify import support
from veriopt.verify.interpreter import (
    GLOBAL_FILLS,
    NULL,
    POISON,
    ConcreteValue,
    InitialMemory,
    Layout,
    Memory,
    Pointer,
    compile_function,
    mask,
    run_function,
)
from veriopt.verify.refute import ARGUMENT_BLOCK_SIZE, PointerInput, literals, special_values

#: Inputs tried.
SAMPLES = 64
#: Steps per run: src is expected to hit UB early; a run cut here proves nothing.
STEP_LIMIT = 2_000

Arg = int | None | Pointer | PointerInput


@dataclass(frozen=True)
class VacuityCheck:
    """``status``: ``"backed"`` (src returned deterministically on no input tried),
    ``"refuted"`` (it did on ``detail``'s input) or ``"unchecked"`` (the interpreter
    cannot run src: ``detail`` says why)."""

    status: str
    detail: str = ""


def cross_check(mod: ir.Module, fn: ir.Function, *, samples: int = SAMPLES, seed: int = 0,
                poison_inputs: bool = True) -> VacuityCheck:
    """Run ``fn`` on ``samples`` inputs, looking for a deterministic run that returns
    (see the module docstring)."""
    bad = next((p for p in fn.params if not isinstance(p.type, (ir.IntType, ir.PtrType))),
               None)
    if bad is not None:
        return VacuityCheck("unchecked", f"parameter of type {type(bad.type).__name__}")
    unmodelled = unmodelled_ub_source(mod, fn)
    if unmodelled is not None:
        return VacuityCheck("unchecked", f"{unmodelled} is not modelled")
    try:
        compile_function(mod, fn)
    except UnsupportedIR as e:
        return VacuityCheck("unchecked", str(e))
    layout = Layout(mod.datalayout, mod.type_defs)
    rng = random.Random(seed)
    extra = literals(fn)
    names = [p.name if p.name is not None else str(i) for i, p in enumerate(fn.params)]
    for k in range(samples):
        args = [_argument(p, rng, extra, poison_inputs, k) for p in fn.params]
        initial = InitialMemory(mod, fill=GLOBAL_FILLS[k % len(GLOBAL_FILLS)], seed=seed + k)
        memory = Memory(initial, layout)
        values: list[ConcreteValue] = [
            a.materialise(memory, n) if isinstance(a, PointerInput)
            else POISON if a is None else a for n, a in zip(names, args, strict=True)]
        try:
            out = run_function(mod, fn, values, step_limit=STEP_LIMIT,
                               rng=random.Random(rng.getrandbits(32)), memory=memory,
                               record_trace=False)
        except UnsupportedIR as e:
            return VacuityCheck("unchecked", str(e))
        if out.kind == "return" and not out.nondeterministic:
            shown = ", ".join(f"%{n} = {_show(a)}" for n, a in zip(names, args, strict=True))
            return VacuityCheck("refuted", f"{shown or 'no arguments'} (globals "
                                           f"{initial.fill})")
    return VacuityCheck("backed")


# ---- what the interpreter models --------------------------------------------------------

#: Function attributes whose UB the interpreter models, or that no run it can make (one
#: that returns, calling intrinsics only) can violate. Memory effects,
#: ``null_pointer_is_valid`` and unknown attributes are not among them.
_MEMORY_EFFECTS = {"readnone", "readonly", "writeonly", "argmemonly", "inaccessiblememonly",
                   "inaccessiblemem_or_argmemonly", "null_pointer_is_valid"}
FUNCTION_ATTRS = frozenset(support.FUNCTION_ATTRS - _MEMORY_EFFECTS)
FUNCTION_ATTR_PREFIXES = tuple(p for p in support.FUNCTION_ATTR_PREFIXES if p != "memory(")
#: Parameter and return attributes the interpreter gives their poison/UB meaning.
VALUE_ATTRS = frozenset({"noundef", "nonnull", "signext", "zeroext", "inreg"})
PARAM_ATTR_PREFIXES = ("align ", "range(", "dereferenceable(", "dereferenceable_or_null(")
RETURN_ATTR_PREFIXES = ("align ", "range(")


def unmodelled_ub_source(mod: ir.Module, fn: ir.Function) -> str | None:
    """The first attribute, metadata or bundle of ``fn`` that may make it UB where the
    interpreter does not know it (then a run that returns proves nothing)."""
    for a in attrs.fn_attrs_resolved(fn, mod):
        if not (a in FUNCTION_ATTRS or a.startswith('"') or a.startswith(FUNCTION_ATTR_PREFIXES)):
            return f"function attribute {a}"
    for p in fn.params:
        bad = _unmodelled(p.attrs, PARAM_ATTR_PREFIXES)
        if bad:
            return f"parameter attribute {bad}"
    bad = _unmodelled(fn.ret_attrs, RETURN_ATTR_PREFIXES)
    if bad:
        return f"return attribute {bad}"
    for block in fn.blocks or ():
        for inst in block.instructions:
            kind = next((k for k, _ in getattr(inst, "metadata", ())
                         if k not in support.METADATA), None)
            if kind is not None:
                return f"!{kind} metadata"
            if getattr(inst, "bundles", ()):
                return "operand bundles"
            for arg in getattr(inst, "args", ()):
                bad = _unmodelled(getattr(arg, "attrs", ()), PARAM_ATTR_PREFIXES)
                if bad:
                    return f"call argument attribute {bad}"
    return None


def _unmodelled(tokens: tuple[str, ...], prefixes: tuple[str, ...]) -> str | None:
    return next((a for a in tokens if a not in VALUE_ATTRS and not a.startswith(prefixes)),
                None)


def _argument(p: ir.Param, rng: random.Random, extra: set[int], poison_inputs: bool,
              k: int) -> Arg:
    """Input ``k`` for parameter ``p``: corner cases first, then a random mix."""
    if poison_inputs and "noundef" not in p.attrs and k > 0 and rng.random() < 0.08:
        return None
    if isinstance(p.type, ir.PtrType):
        r = rng.random()
        if k > 0 and r < 0.1 and "nonnull" not in p.attrs and \
                not any(a.startswith("dereferenceable(") for a in p.attrs):
            return NULL
        return PointerInput(_block_size(p), rng.getrandbits(32), poison=r > 0.8,
                            pointers=0.5 < r <= 0.8)
    assert isinstance(p.type, ir.IntType)
    bits = p.type.bits
    if k < 3:
        return (0, 1, mask(bits))[k]
    if rng.random() < 0.5:
        return rng.choice(sorted(set(special_values(bits)) | {x & mask(bits) for x in extra}))
    return rng.getrandbits(bits)


def _show(a: Arg) -> str:
    return "poison" if a is None else str(a)


def _block_size(p: ir.Param) -> int:
    """Bytes for a pointer argument's block: what ``dereferenceable`` asks, at least
    a few struct's worth."""
    sizes = [int(m[1]) for a in p.attrs if (m := _DEREFERENCEABLE.fullmatch(a))]
    return max([ARGUMENT_BLOCK_SIZE * 4] + sizes)


_DEREFERENCEABLE = re.compile(r"dereferenceable(?:_or_null)?\((\d+)\)")
