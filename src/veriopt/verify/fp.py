"""Floating point: IEEE values as bit-vectors, arithmetic in z3's FP theory.

Why bits and not FP terms: an LLVM value is a bit pattern. A NaN has a sign and a
payload, a store writes bits and a ``bitcast`` reads them, and refinement compares
final values bit for bit (VERIFIER.md §8). SMT's FP theory has a single NaN. So a
value lives as its bits; an operation converts its operands to FP terms, computes
in the FP theory with round-to-nearest-even (LangRef's default FP environment), and
converts the result back.

NaN results (LangRef, "Behavior of Floating-Point NaN values"; Alive2's
``FloatType::fromFloat``): the sign is nondeterministic, and the quiet bit and
payload come from one of
  1. the preferred quiet NaN (quiet bit set, payload zero);
  2. an operand that is a NaN: its payload, with the quiet bit either copied
     ("unchanged propagation") or set ("quieting"), narrowed or widened for
     fpext/fptrunc;
  3. a target-specific quiet NaN: one unknown payload per type, shared by src and
     tgt (Alive2's ``#preferred_qnan``).
The choice is one nondeterministic variable per operation: universally quantified
for src (src may produce whichever NaN tgt produced) and free for tgt.

Two tricks keep queries cheap (FP bit-blasting is expensive):
* Converting ``ite(isNaN(r), nan-bits, to_ieee_bv(r))`` back to FP gives ``r``
  itself (every NaN is the one SMT NaN), so chains of FP operations stay pure FP
  terms and NaN choices appear only where bits are observed (Alive2's
  ``FloatType::getFloat``).
* Every choice variable is named after the structural hash of the operation it
  belongs to. Identical computations in src and tgt then get choices of the same
  *kind*, which the refinement check's first instance maps onto each other, so
  ``src == tgt`` folds syntactically with no solver work.
  Choice variables are at least 2 bits wide so that the check leaves them to that
  instance-guided search instead of expanding them as one-bit choices.
  (fp_proof.py has the other solver aids; fp_instructions.py the gate and the
  encoder glue.)

Fast-math flags follow Alive2's ``fm_poison``: ``nnan``/``ninf`` make the result
poison when an operand or the result is NaN/Inf; ``nsz`` gives every zero operand
and result a nondeterministic sign; ``arcp``/``contract``/``afn``/``reassoc`` wrap
the result in an uninterpreted function and record an *approximation*. The verifier
answers inconclusive whenever an approximated instruction is reachable: stricter
than Alive2 (which says "correct" when it finds no counterexample), because a
function of the exact result does not cover every value these flags allow.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any

import z3

from veriopt.llvm import ir
from veriopt.llvm.constants import float_bits
from veriopt.verify.state import (
    FALSE,
    TRUE,
    Nondeterminism,
    StateValue,
    bv,
    mk_and,
    mk_ite,
    mk_not,
)

# z3 leaves fp.to_ubv/to_sbv/to_ieee_bv of NaN or out-of-range values unspecified
# (a fresh function per term); with this they are fixed, as in Alive2. Nothing here
# relies on those values: NaN bits and out-of-range conversions are handled explicitly.
z3.set_param("rewriter.hi_fp_unspecified", True)

BV = z3.BitVecRef
FP = z3.FPRef
Bool = z3.BoolRef

RNE = z3.RNE()
"""LangRef: FP instructions use the default environment, round to nearest, ties to even."""

#: The FP kinds we model (x86_fp80 and ppc_fp128 are not IEEE interchange formats;
#: Alive2 refuses them too).
FLOAT_KINDS = ("half", "bfloat", "float", "double", "fp128")

FAST_MATH_FLAGS = frozenset({"nnan", "ninf", "nsz", "arcp", "contract", "afn", "reassoc"})
#: Flags whose meaning is "the optimiser may change the value": approximated by an
#: uninterpreted function of the exact result (Alive2).
APPROXIMATING_FLAGS = ("arcp", "contract", "afn", "reassoc")

#: Width of every choice variable (see the module docstring: >= 2 bits).
CHOICE_BITS = 2


class FPUnsupported(Exception):
    """An FP construct the verifier does not model (gate answer: inconclusive)."""

    def __init__(self, feature: str, message: str) -> None:
        super().__init__(message)
        self.feature = feature
        self.message = message


# ---- formats ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    """IEEE layout: sign, ``exponent`` bits, ``fraction`` bits (without the hidden bit)."""

    kind: str
    exponent: int
    fraction: int

    @property
    def bits(self) -> int:
        return 1 + self.exponent + self.fraction

    @property
    def sort(self) -> z3.FPSortRef:
        return z3.FPSort(self.exponent, self.fraction + 1)

    @property
    def max_exponent(self) -> int:
        return (1 << (self.exponent - 1)) - 1


def is_float(t: ir.Type) -> bool:
    """A scalar FP type we model."""
    return isinstance(t, ir.FloatType) and t.kind in FLOAT_KINDS


def fp_format(t: ir.Type) -> Format:
    if not is_float(t):
        raise FPUnsupported(f"fp:{getattr(t, 'kind', type(t).__name__)}",
                            f"Unsupported type: {getattr(t, 'kind', t)}")
    assert isinstance(t, ir.FloatType)
    e, s = ir.FP_FORMATS[t.kind]
    return Format(t.kind, e, s - 1)


def constant_bits(c: ir.FloatConst, t: ir.Type) -> BV:
    """The bits of an FP literal (LLVM's reading of its text, see constants.py)."""
    f = fp_format(t)
    return bv(float_bits(c.text, f.kind), f.bits)


# ---- choice variables: keys and sites ---------------------------------------------------


@dataclass(frozen=True)
class NaNSource:
    """An operand whose payload a NaN result may carry: its bits and its type."""

    bits: BV
    type: ir.Type


@dataclass(frozen=True)
class NaNSite:
    """Where a NaN choice variable was made: what `nan_bits` needs to rebuild the
    NaN set, so that `witness_instances` can name the choice that reproduces a
    given bit pattern."""

    format: Format
    sources: tuple[NaNSource, ...]
    quiet_only: bool


@dataclass(frozen=True)
class PickSite:
    """A boolean choice between two results (fmuladd fused or not, a minnum tie, an
    nsz sign flip): ``picked`` is the FP result when the choice is 1."""

    picked: FP


def _bookkeeping(nd: Nondeterminism) -> dict[str, Any]:
    """This module's notes on one function's nondeterminism (kept on the object
    itself: sites by variable name, and the canonical renaming cache)."""
    return nd.__dict__.setdefault("_fp", {"sites": {}, "canon": [], "counts": {}, "seen": 0,
                                          "keep": []})


def sites(nd: Nondeterminism) -> dict[str, NaNSite | PickSite]:
    return _bookkeeping(nd)["sites"]  # type: ignore[no-any-return]


def canonical_key(nd: Nondeterminism, e: z3.ExprRef) -> int:
    """A structural hash of ``e`` that does not depend on the names of this side's
    nondeterministic variables: the k-th variable of each kind is renamed to a
    common stand-in, as the refinement check's positional instance pairs src's and
    tgt's variables. Equal computations in src and tgt get equal keys."""
    book = _bookkeeping(nd)
    names = list(nd.vars)
    for name in names[book["seen"]:]:
        var = nd.vars[name]
        kind = name.split("!", 1)[0]
        k = book["counts"].get(kind, 0)
        book["counts"][kind] = k + 1
        book["canon"].append((var, z3.Const(f"{kind}#{k}", var.sort())))
    book["seen"] = len(names)
    if book["canon"]:
        e = z3.substitute(e, *book["canon"])
    # z3's rewriter normalises what differs only in form (``x - 2`` and ``x + -2``,
    # operand order of integer operations, a load's reassembled bytes). Its normal
    # form orders operands by AST id, so the terms are kept alive until the check
    # ends: src and tgt then see the same ids, and equal terms get equal keys.
    normal = z3.simplify(e)
    book["keep"].append((e, normal))
    return normal.hash()


def _new_choice(nd: Nondeterminism, width: int, hint: str, key: int,
                site: NaNSite | PickSite) -> BV:
    var = nd.fresh_nondet(width, f"{hint}#{key}")
    sites(nd)[str(var)] = site
    return var


# ---- bits <-> FP terms ------------------------------------------------------------------


def _is_literal(e: z3.ExprRef) -> bool:
    return (z3.is_bv_value(e) or z3.is_fp_value(e) or z3.is_true(e) or z3.is_false(e)
            or z3.is_fprm_value(e))


def fold(e: z3.ExprRef) -> z3.ExprRef:
    """``e`` simplified when its direct operands are literals (constant FP arithmetic
    is computed exactly by z3's rewriter; terms are folded as they are built, so
    constant subterms are already literals); otherwise unchanged."""
    if _is_literal(e) or e.num_args() == 0 or not all(_is_literal(c) for c in e.children()):
        return e
    return z3.simplify(e)


def to_float(bits: BV, t: ir.Type) -> FP:
    """The FP term of a value's bits. Bits that came out of `to_bits` give back the
    FP term they were made from, so NaN choices never enter FP arithmetic."""
    f = fp_format(t)
    bits = loaded_bits(bits)
    inner = _float_of_bits(bits, f)
    return inner if inner is not None else fold(z3.fpBVToFP(bits, f.sort))


def loaded_bits(bits: BV) -> BV:
    """A value loaded from memory as the value that was stored, when the load
    reassembles one stored value's bytes (so src's loads and tgt's forwarded values
    build the same FP terms); ``bits`` itself otherwise."""
    if not z3.is_app_of(bits, z3.Z3_OP_CONCAT):
        return bits
    joined = join_bytes(_concat_pieces(bits))
    if joined is not None:
        return joined
    # Reads through pointers carry per-byte address conditions (``p + 7 == p + 6``)
    # that z3's rewriter decides; the bytes then often join up.
    simpler = z3.simplify(bits)
    if not z3.is_app_of(simpler, z3.Z3_OP_CONCAT):
        return simpler
    joined = join_bytes(_concat_pieces(simpler))
    return joined if joined is not None else bits


def _concat_pieces(bits: BV) -> list[BV]:
    pieces: list[BV] = []
    stack = [bits]
    while stack:
        x = stack.pop()
        if z3.is_app_of(x, z3.Z3_OP_CONCAT):
            stack.extend(reversed(x.children()))
        else:
            pieces.append(x)
    return pieces


def join_bytes(pieces: list[BV]) -> BV | None:
    """The value whose bytes ``pieces`` (most significant first) are, when they are
    its extracts in order, or per-byte ``ite``s with one condition over such values
    (what a load after a store, or after stores on two paths, gives); else None."""
    if all(z3.is_app_of(p, z3.Z3_OP_EXTRACT) for p in pieces):
        whole = pieces[0].arg(0)
        hi = whole.size() - 1
        for p in pieces:
            top, low = p.params()
            if not p.arg(0).eq(whole) or top != hi:
                return None
            hi = low - 1
        return whole if hi == -1 else None
    if all(z3.is_app_of(p, z3.Z3_OP_ITE) for p in pieces):
        c = pieces[0].arg(0)
        if not all(p.arg(0).eq(c) for p in pieces):
            return None
        # Concat of ites on one condition == ite of the concats (always exact); the
        # arms are joined further where they are a value's bytes.
        thens, elses = [p.arg(1) for p in pieces], [p.arg(2) for p in pieces]
        a = join_bytes(thens)
        b = join_bytes(elses)
        return z3.If(c, a if a is not None else z3.Concat(*thens),
                     b if b is not None else z3.Concat(*elses))
    return None


def _float_of_bits(e: BV, f: Format) -> FP | None:
    """The FP term of bits built by this module (None for other bits). Every rule is
    an identity of ``to_fp`` (``fneg``/``fabs`` are sign-bit operations)."""
    if z3.is_app_of(e, z3.Z3_OP_FPA_TO_IEEE_BV):
        return e.arg(0)
    if z3.is_bv_value(e) and e.size() == f.bits:
        return fold(z3.fpBVToFP(e, f.sort))
    if z3.is_app_of(e, z3.Z3_OP_ITE):
        c, a, b = e.children()
        if z3.is_app_of(c, z3.Z3_OP_FPA_IS_NAN) and z3.is_app_of(b, z3.Z3_OP_FPA_TO_IEEE_BV) \
                and c.arg(0).eq(b.arg(0)):
            return b.arg(0)
        fa = _float_of_bits(a, f)
        fb = _float_of_bits(b, f)
        if fa is not None and fb is not None:
            return z3.If(c, fa, fb)
        return None
    sign = 1 << (f.bits - 1)
    if e.num_args() == 2 and z3.is_bv_value(e.arg(1)):
        mask = e.arg(1).as_long()
        if z3.is_app_of(e, z3.Z3_OP_BXOR) and mask == sign:
            return z3.fpNeg(to_float_bits(e.arg(0), f))
        if z3.is_app_of(e, z3.Z3_OP_BAND) and mask == sign - 1:
            return z3.fpAbs(to_float_bits(e.arg(0), f))
    return None


def to_float_bits(bits: BV, f: Format) -> FP:
    inner = _float_of_bits(loaded_bits(bits), f)
    return inner if inner is not None else fold(z3.fpBVToFP(bits, f.sort))


def is_nan_bits(bits: BV, f: Format) -> Bool:
    """Exponent all ones and a non-zero fraction."""
    exponent = z3.Extract(f.bits - 2, f.fraction, bits)
    fraction = z3.Extract(f.fraction - 1, 0, bits)
    return _fold_bool(z3.And(exponent == (1 << f.exponent) - 1, fraction != 0))


def _fold_bool(e: Bool) -> Bool:
    return fold(e)  # type: ignore[return-value]


def preferred_nan(f: Format, sign: int = 0) -> int:
    """The preferred quiet NaN: quiet bit set, payload zero."""
    return (sign << (f.bits - 1)) | (((1 << f.exponent) - 1) << f.fraction) | (1 << (f.fraction - 1))


def target_nan_payload(f: Format) -> BV:
    """Alive2's ``#preferred_qnan``: one unknown payload per type, the same variable
    in src and tgt (an input of the query, not a choice)."""
    return z3.BitVec(f"#preferred_qnan_{f.kind}", f.fraction - 1)


def nan_payload(src: NaNSource, f: Format, quieten: BV) -> BV:
    """``src``'s quiet bit (set when ``quieten`` is 1) and payload, narrowed or widened
    to ``f`` (fptrunc keeps the high payload bits; a payload that vanishes gives the
    preferred NaN's)."""
    g = fp_format(src.type)
    fraction = z3.Extract(g.fraction - 1, 0, src.bits)
    if g.fraction > f.fraction:
        fraction = z3.Extract(g.fraction - 1, g.fraction - f.fraction, fraction)
        vanished = fraction == 0
    else:
        vanished = FALSE
        if g.fraction < f.fraction:
            fraction = z3.Concat(fraction, bv(0, f.fraction - g.fraction))
    quiet = z3.Extract(f.fraction - 1, f.fraction - 1, fraction) | quieten
    quiet = z3.If(vanished, bv(1, 1), quiet) if not z3.is_false(vanished) else quiet
    if f.fraction == 1:
        return quiet
    return z3.Concat(quiet, z3.Extract(f.fraction - 2, 0, fraction))


def nan_bits(nd: Nondeterminism, f: Format, key: int, sources: Sequence[NaNSource],
             quiet_only: bool = False) -> BV:
    """A nondeterministic NaN of format ``f`` for an operation whose NaN-capable
    operands are ``sources`` (see the module docstring for the set). ``quiet_only``:
    an operand's payload is always quieted (``llvm.canonicalize``)."""
    n = len(sources)
    option_bits = max(1, (n + 1).bit_length())
    choice = _new_choice(nd, 2 + option_bits, "fpnan", key,
                         NaNSite(f, tuple(sources), quiet_only))
    sign = z3.Extract(1 + option_bits, 1 + option_bits, choice)
    quieten = bv(1, 1) if quiet_only else z3.Extract(option_bits, option_bits, choice)
    option = z3.Extract(option_bits - 1, 0, choice)
    fraction: BV = bv(1 << (f.fraction - 1), f.fraction)  # preferred
    target = z3.Concat(bv(1, 1), target_nan_payload(f)) if f.fraction > 1 else bv(1, 1)
    fraction = z3.If(option == n + 1, target, fraction)
    for k in reversed(range(n)):
        src = sources[k]
        pick = z3.And(option == k + 1, is_nan_bits(src.bits, fp_format(src.type)))
        fraction = z3.If(pick, nan_payload(src, f, quieten), fraction)
    return z3.Concat(sign, bv((1 << f.exponent) - 1, f.exponent), fraction)


def to_bits(nd: Nondeterminism, r: FP, t: ir.Type, sources: Sequence[NaNSource],
            quiet_only: bool = False) -> BV:
    """The bits of FP result ``r``: IEEE encoding, or a nondeterministic NaN."""
    f = fp_format(t)
    r = fold(r)  # type: ignore[assignment]
    is_nan = _fold_bool(z3.fpIsNaN(r))
    if z3.is_false(is_nan):
        return fold(z3.fpToIEEEBV(r))  # type: ignore[return-value]
    nan = nan_bits(nd, f, canonical_key(nd, r), sources, quiet_only)
    if z3.is_true(is_nan):
        return nan
    return z3.If(is_nan, nan, z3.fpToIEEEBV(r))


# ---- fast-math flags ----------------------------------------------------------------------


def fast_math(flags: Sequence[str]) -> frozenset[str]:
    """The fast-math flags among an instruction's flags (``fast`` means all)."""
    out = {f for f in flags if f in FAST_MATH_FLAGS}
    if "fast" in flags:
        out |= FAST_MATH_FLAGS
    return frozenset(out)


def _choice(nd: Nondeterminism, hint: str, picked: FP) -> Bool:
    """A nondeterministic boolean (see CHOICE_BITS for its width) choosing
    ``picked`` when true."""
    var = _new_choice(nd, CHOICE_BITS, hint, canonical_key(nd, picked), PickSite(picked))
    return z3.Extract(0, 0, var) == 1


def any_zero_bits(nd: Nondeterminism, bits: BV, f: Format) -> BV:
    """``nsz``: a zero may have either sign."""
    magnitude = z3.Extract(f.bits - 2, 0, bits)
    is_zero = _fold_bool(magnitude == 0)
    if z3.is_false(is_zero):
        return bits
    flipped = bits ^ bv(1 << (f.bits - 1), f.bits)
    flip = _choice(nd, "nsz", z3.fpBVToFP(flipped, f.sort))
    return z3.If(z3.And(flip, is_zero), flipped, bits)


def any_zero_float(nd: Nondeterminism, r: FP) -> FP:
    is_zero = _fold_bool(z3.fpIsZero(r))
    if z3.is_false(is_zero):
        return r
    flip = _choice(nd, "nsz", z3.fpNeg(r))
    return z3.If(z3.And(flip, is_zero), z3.fpNeg(r), r)


@dataclass(frozen=True)
class FPResult:
    """What an FP operation gives the encoder: the value, its UB (call-site
    ``noundef`` only) and the approximations it made (flag names)."""

    value: StateValue
    ub: Bool = FALSE
    approximations: tuple[str, ...] = ()


def fm_checks_result(flags: frozenset[str]) -> bool:
    return "nnan" in flags or "ninf" in flags


def _approximate(r: z3.ExprRef, flag: str) -> z3.ExprRef:
    fn = z3.Function(f"fast-math-{flag}-{r.sort()}", r.sort(), r.sort())
    return fn(r)


def apply_flags(nd: Nondeterminism, t: ir.Type, operands: Sequence[StateValue],
                compute: Callable[[list[Any]], z3.ExprRef], flags: frozenset[str], *,
                bitwise: bool = False, inputs_only: bool = False,
                to_type: ir.Type | None = None, quiet_nan: bool = False) -> FPResult:
    """One FP operation with its fast-math flags (Alive2's ``fm_poison``).

    ``compute`` gets the operands as FP terms (as bits when ``bitwise``) and returns
    the result: an FP term, bits when ``bitwise``, or a boolean (fcmp; then
    ``inputs_only``). ``to_type`` is the result type of a conversion; ``quiet_nan``
    makes a NaN result always quiet (canonicalize). The result
    is non-poison when the operands are and no ``nnan``/``ninf`` condition fails.
    """
    f = fp_format(t)
    bits = [loaded_bits(o.value) for o in operands]
    if "nsz" in flags:
        bits = [any_zero_bits(nd, b, f) for b in bits]
    floats = [to_float(b, t) for b in bits]
    result = compute(bits if bitwise else floats)
    np_terms = [o.non_poison for o in operands]
    out_t = to_type or t
    result_float: FP | None = None
    if not inputs_only and fm_checks_result(flags):
        result_float = to_float(result, out_t) if bitwise else result  # type: ignore[assignment]
    if "nnan" in flags:
        np_terms += [mk_not(_fold_bool(z3.fpIsNaN(x))) for x in floats]
        if result_float is not None:
            np_terms.append(mk_not(_fold_bool(z3.fpIsNaN(result_float))))
    if "ninf" in flags:
        np_terms += [mk_not(_fold_bool(z3.fpIsInf(x))) for x in floats]
        if result_float is not None:
            np_terms.append(mk_not(_fold_bool(z3.fpIsInf(result_float))))
    approximated = tuple(flag for flag in APPROXIMATING_FLAGS if flag in flags)
    for flag in approximated:
        result = _approximate(result, flag)
    if "nsz" in flags and not inputs_only:
        if bitwise:
            result = any_zero_bits(nd, result, fp_format(out_t))  # type: ignore[arg-type]
        else:
            result = any_zero_float(nd, result)  # type: ignore[arg-type]
    uvars: frozenset[str] = frozenset().union(*(o.undef_vars for o in operands))
    if inputs_only:
        value = mk_ite(result, bv(1, 1), bv(0, 1))  # type: ignore[arg-type]
    elif bitwise:
        value = result
    else:
        sources = [NaNSource(b, t) for b in bits]
        value = to_bits(nd, result, out_t, sources, quiet_nan)  # type: ignore[arg-type]
    return FPResult(StateValue(value, mk_and(*np_terms), uvars), FALSE, approximated)


# ---- instruction semantics: tables ---------------------------------------------------------


def _fmod(a: FP, b: FP) -> FP:
    """``frem`` is C's ``fmod`` (LangRef): the exact remainder of truncated division,
    with the dividend's sign. Built from IEEE remainder as Alive2 does."""
    rhs = z3.fpAbs(b)
    rem = z3.fpRem(z3.fpAbs(a), rhs)
    rem = z3.If(z3.fpIsNegative(rem), z3.fpAdd(RNE, rem, rhs), rem)
    res = z3.If(z3.fpIsNegative(a), z3.fpNeg(z3.fpAbs(rem)), z3.fpAbs(rem))
    invalid = z3.Or(z3.fpIsInf(a), z3.fpIsZero(b))
    return z3.If(invalid, z3.fpNaN(a.sort()), z3.If(z3.fpIsInf(b), a, res))


@dataclass(frozen=True)
class FPBinaryRule:
    value: Callable[[FP, FP], FP]
    commutative: bool = False


FBINARY: dict[str, FPBinaryRule] = {
    "fadd": FPBinaryRule(lambda a, b: z3.fpAdd(RNE, a, b), commutative=True),
    "fsub": FPBinaryRule(lambda a, b: z3.fpSub(RNE, a, b)),
    "fmul": FPBinaryRule(lambda a, b: z3.fpMul(RNE, a, b), commutative=True),
    "fdiv": FPBinaryRule(lambda a, b: z3.fpDiv(RNE, a, b)),
    "frem": FPBinaryRule(_fmod),
}


def _unordered(a: FP, b: FP) -> Bool:
    return z3.Or(z3.fpIsNaN(a), z3.fpIsNaN(b))


def _ordered(a: FP, b: FP) -> Bool:
    return z3.Not(_unordered(a, b))


#: LangRef fcmp: "o" predicates are false when an operand is NaN, "u" predicates true.
FCMP: dict[str, Callable[[FP, FP], Bool]] = {
    "false": lambda a, b: FALSE,
    "oeq": z3.fpEQ,
    "ogt": z3.fpGT,
    "oge": z3.fpGEQ,
    "olt": z3.fpLT,
    "ole": z3.fpLEQ,
    "one": lambda a, b: z3.And(_ordered(a, b), z3.Not(z3.fpEQ(a, b))),
    "ord": _ordered,
    "ueq": lambda a, b: z3.Or(_unordered(a, b), z3.fpEQ(a, b)),
    "ugt": lambda a, b: z3.Or(_unordered(a, b), z3.fpGT(a, b)),
    "uge": lambda a, b: z3.Or(_unordered(a, b), z3.fpGEQ(a, b)),
    "ult": lambda a, b: z3.Or(_unordered(a, b), z3.fpLT(a, b)),
    "ule": lambda a, b: z3.Or(_unordered(a, b), z3.fpLEQ(a, b)),
    "une": lambda a, b: z3.Not(z3.fpEQ(a, b)),
    "uno": _unordered,
    "true": lambda a, b: TRUE,
}

#: ``fcmp p a, b`` == ``fcmp SWAPPED[p] b, a`` (used to put operands in a canonical
#: order, so that swapped compares in src and tgt are the same term).
FCMP_SWAPPED = {"oeq": "oeq", "ogt": "olt", "oge": "ole", "olt": "ogt", "ole": "oge",
                "one": "one", "ord": "ord", "ueq": "ueq", "ugt": "ult", "uge": "ule",
                "ult": "ugt", "ule": "uge", "une": "une", "uno": "uno", "true": "true",
                "false": "false"}


def _round(mode: z3.FPRMRef) -> Callable[[FP], FP]:
    return lambda x: z3.fpRoundToIntegral(mode, x)


#: One-operand FP intrinsics (``llvm.<name>.*``) computed in the FP theory.
UNARY_INTRINSICS: dict[str, Callable[[FP], FP]] = {
    "sqrt": lambda x: z3.fpSqrt(RNE, x),
    "floor": _round(z3.RTN()),
    "ceil": _round(z3.RTP()),
    "trunc": _round(z3.RTZ()),
    "round": _round(z3.RNA()),
    "roundeven": _round(RNE),
    "rint": _round(RNE),  # default environment: the current mode is RNE
    "nearbyint": _round(RNE),
    "canonicalize": lambda x: x,  # IEEE denormals: only NaNs change (quieted)
}

#: Intrinsics that are bit operations on the value (NaN payloads preserved).
BITWISE_UNARY: dict[str, Callable[[BV], BV]] = {
    "fabs": lambda x: x & bv((1 << (x.size() - 1)) - 1, x.size()),
    "fneg": lambda x: x ^ bv(1 << (x.size() - 1), x.size()),
}


def _copysign(a: BV, b: BV) -> BV:
    w = a.size()
    return z3.Concat(z3.Extract(w - 1, w - 1, b), z3.Extract(w - 2, 0, a))


def _fmin_fmax(nd: Nondeterminism, is_min: bool) -> Callable[[list[FP]], FP]:
    """``minnum``/``maxnum`` (LangRef 19): a NaN operand gives the other operand;
    operands that compare equal (+0/-0) give either one (Alive2's nondeterminism)."""
    def compute(xs: list[FP]) -> FP:
        a, b = xs
        cmp = z3.fpLEQ(a, b) if is_min else z3.fpGEQ(a, b)
        tie = _choice(nd, "fminmax", a)
        return z3.If(z3.fpIsNaN(a), b, z3.If(z3.fpIsNaN(b), a,
                     z3.If(z3.fpEQ(a, b), z3.If(tie, a, b), z3.If(cmp, a, b))))
    return compute


def _fminimum_fmaximum(is_min: bool) -> Callable[[list[FP]], FP]:
    """``minimum``/``maximum``: NaN-propagating, and -0.0 < +0.0."""
    def compute(xs: list[FP]) -> FP:
        a, b = xs
        s = a.sort()
        cmp = z3.fpLEQ(a, b) if is_min else z3.fpGEQ(a, b)
        neg = z3.Or(z3.fpIsNegative(a), z3.fpIsNegative(b)) if is_min \
            else z3.And(z3.fpIsNegative(a), z3.fpIsNegative(b))
        zeros = z3.If(neg, z3.fpMinusZero(s), z3.fpPlusZero(s))
        e = z3.If(z3.And(z3.fpIsZero(a), z3.fpIsZero(b)), zeros, z3.If(cmp, a, b))
        return z3.If(z3.fpIsNaN(a), a, z3.If(z3.fpIsNaN(b), b, e))
    return compute


BINARY_INTRINSICS = ("copysign", "minnum", "maxnum", "minimum", "maximum")
TERNARY_INTRINSICS = ("fma", "fmuladd")
OTHER_INTRINSICS = ("is.fpclass",)
FP_INTRINSICS = tuple(UNARY_INTRINSICS) + ("fabs",) + BINARY_INTRINSICS + TERNARY_INTRINSICS \
    + OTHER_INTRINSICS

#: C library functions with exactly an intrinsic's semantics (no errno, no state).
LIBCALL_INTRINSICS = {"fabs": "fabs", "fabsf": "fabs", "fabsl": "fabs"}


def intrinsic_name(callee: ir.Value) -> str | None:
    """``fabs`` for ``@llvm.fabs.f64`` (or ``@fabsf``), ``constrained.fadd`` for
    ``@llvm.experimental.constrained.fadd.f32``, None for anything else."""
    if not isinstance(callee, ir.Global):
        return None
    name = callee.name
    if name in LIBCALL_INTRINSICS:
        return LIBCALL_INTRINSICS[name]
    if not name.startswith("llvm."):
        return None
    rest = name[5:]
    if rest.startswith(_CONSTRAINED_PREFIX):
        op = rest[len(_CONSTRAINED_PREFIX):].split(".")[0]
        return f"constrained.{op}" if op in CONSTRAINED_OPS else None
    for base in sorted(FP_INTRINSICS, key=len, reverse=True):
        if rest.startswith(base + "."):
            return base
    return None


# ---- is.fpclass -----------------------------------------------------------------------------


def fp_class_test(bits: BV, f: Format, mask: int) -> Bool:
    """``llvm.is.fpclass``: the test bits of LangRef (0 sNaN, 1 qNaN, 2 -inf, 3 -normal,
    4 -subnormal, 5 -0, 6 +0, 7 +subnormal, 8 +normal, 9 +inf), on the bits."""
    sign = z3.Extract(f.bits - 1, f.bits - 1, bits) == 1
    exponent = z3.Extract(f.bits - 2, f.fraction, bits)
    fraction = z3.Extract(f.fraction - 1, 0, bits)
    quiet = z3.Extract(f.fraction - 1, f.fraction - 1, bits) == 1
    ones = (1 << f.exponent) - 1
    nan = z3.And(exponent == ones, fraction != 0)
    inf = z3.And(exponent == ones, fraction == 0)
    zero = z3.And(exponent == 0, fraction == 0)
    sub = z3.And(exponent == 0, fraction != 0)
    normal = z3.And(exponent != 0, exponent != ones)
    classes = [z3.And(nan, z3.Not(quiet)), z3.And(nan, quiet),
               z3.And(inf, sign), z3.And(normal, sign), z3.And(sub, sign), z3.And(zero, sign),
               z3.And(zero, z3.Not(sign)), z3.And(sub, z3.Not(sign)),
               z3.And(normal, z3.Not(sign)), z3.And(inf, z3.Not(sign))]
    picked = [c for k, c in enumerate(classes) if mask >> k & 1]
    return _fold_bool(z3.Or(*picked)) if picked else FALSE


# ---- conversions ------------------------------------------------------------------------------


def _power_of_two(f: Format, k: int, negative: bool = False) -> FP:
    """±2^k in format ``f`` (±infinity when it exceeds the largest finite value,
    which keeps range checks exact)."""
    if k > f.max_exponent:
        return z3.fpMinusInfinity(f.sort) if negative else z3.fpPlusInfinity(f.sort)
    return z3.FPVal(-1 if negative else 1, k, f.sort)


def fp_to_int_in_range(x: FP, f: Format, width: int, signed: bool) -> Bool:
    """``fptosi``/``fptoui`` are poison unless the value truncated toward zero fits
    the integer type (NaN and infinities never fit)."""
    t = z3.fpRoundToIntegral(z3.RTZ(), x)
    finite = z3.Not(z3.Or(z3.fpIsNaN(x), z3.fpIsInf(x)))
    if signed:
        low = z3.fpGEQ(t, _power_of_two(f, width - 1, negative=True))
        high = z3.fpLT(t, _power_of_two(f, width - 1))
    else:
        low = z3.fpGT(t, z3.FPVal(-1.0, f.sort))
        high = z3.fpLT(t, _power_of_two(f, width))
    return _fold_bool(z3.And(finite, low, high))


FP_CASTS = ("fptrunc", "fpext", "fptoui", "fptosi", "uitofp", "sitofp")


def fp_cast(nd: Nondeterminism, opcode: str, flags: Sequence[str], from_t: ir.Type,
            to_t: ir.Type, x: StateValue) -> FPResult:
    """fptrunc/fpext/fptoui/fptosi/uitofp/sitofp and FP<->int bitcasts."""
    fm = fast_math(flags)
    if opcode in ("fpext", "fptrunc"):
        target = fp_format(to_t).sort
        return apply_flags(nd, from_t, [x], lambda xs: z3.fpToFP(RNE, xs[0], target), fm,
                           to_type=to_t)
    if opcode in ("fptosi", "fptoui"):
        f = fp_format(from_t)
        w = to_t.bits  # type: ignore[union-attr]
        xf = to_float(x.value, from_t)
        signed = opcode == "fptosi"
        convert = z3.fpToSBV if signed else z3.fpToUBV
        value = fold(convert(z3.RTZ(), xf, z3.BitVecSort(w)))
        np = mk_and(x.non_poison, fp_to_int_in_range(xf, f, w, signed))
        return FPResult(StateValue(value, np, x.undef_vars))  # type: ignore[arg-type]
    if opcode in ("sitofp", "uitofp"):
        x = StateValue(loaded_bits(x.value), x.non_poison, x.undef_vars)
        f = fp_format(to_t)
        np = x.non_poison
        nneg = opcode == "uitofp" and "nneg" in flags
        if nneg:  # poison on a negative operand (LangRef)
            np = mk_and(np, mk_not(_fold_bool(x.value < 0)))
        # A non-negative integer converts the same read signed or unsigned, so
        # ``uitofp nneg`` builds the ``sitofp`` term (instcombine swaps the two).
        signed = opcode == "sitofp" or nneg
        convert = z3.fpSignedToFP if signed else z3.fpUnsignedToFP
        r = fold(convert(RNE, x.value, f.sort))
        value = fold(z3.fpToIEEEBV(r))  # an integer is never NaN
        return FPResult(StateValue(value, np, x.undef_vars))  # type: ignore[arg-type]
    if opcode == "bitcast":
        return FPResult(x)  # same bits, same poison
    raise FPUnsupported(f"fp-cast:{opcode}", f"Unsupported instruction: {opcode}")


# ---- lane-level operations (also usable per vector element) ----------------------------------


def _canonical_order(nd: Nondeterminism, a: StateValue, b: StateValue, t: ir.Type
                     ) -> tuple[StateValue, StateValue]:
    """Operands of a commutative operation in a fixed order, so that ``x+y`` and
    ``y+x`` build the same term (exact: IEEE +, * and their NaN sets are symmetric)."""
    ka = canonical_key(nd, to_float(a.value, t))
    kb = canonical_key(nd, to_float(b.value, t))
    return (b, a) if kb < ka else (a, b)


def _ordered_terms(nd: Nondeterminism, a: FP, b: FP) -> tuple[FP, FP]:
    """`_canonical_order` for FP terms inside one operation (fma's product...)."""
    return (b, a) if canonical_key(nd, b) < canonical_key(nd, a) else (a, b)


def fp_binary(nd: Nondeterminism, opcode: str, flags: Sequence[str], t: ir.Type,
              a: StateValue, b: StateValue) -> FPResult:
    rule = FBINARY[opcode]
    if rule.commutative:
        a, b = _canonical_order(nd, a, b, t)
    return apply_flags(nd, t, [a, b], lambda xs: rule.value(xs[0], xs[1]), fast_math(flags))


def fp_negate(nd: Nondeterminism, flags: Sequence[str], t: ir.Type, a: StateValue) -> FPResult:
    """``fneg``: flips the sign bit (a bit operation: NaN payloads survive)."""
    return apply_flags(nd, t, [a], lambda xs: BITWISE_UNARY["fneg"](xs[0]), fast_math(flags),
                       bitwise=True)


def fp_compare(nd: Nondeterminism, predicate: str, flags: Sequence[str], t: ir.Type,
               a: StateValue, b: StateValue) -> FPResult:
    """``fcmp``: an i1. ``nnan``/``ninf`` make it poison on NaN/Inf *operands*."""
    ka = canonical_key(nd, to_float(a.value, t))
    kb = canonical_key(nd, to_float(b.value, t))
    if kb < ka:
        a, b, predicate = b, a, FCMP_SWAPPED[predicate]
    rule = FCMP[predicate]
    return apply_flags(nd, t, [a, b], lambda xs: rule(xs[0], xs[1]), fast_math(flags),
                       inputs_only=True)


def fp_select_flags(nd: Nondeterminism, flags: Sequence[str], t: ir.Type,
                    chosen: StateValue) -> FPResult:
    """Fast-math flags on ``select``: they constrain the chosen value (Alive2)."""
    return apply_flags(nd, t, [chosen], lambda xs: xs[0], fast_math(flags), bitwise=True,
                       inputs_only=False)


def fp_intrinsic(nd: Nondeterminism, name: str, flags: Sequence[str], t: ir.Type,
                 args: Sequence[StateValue], masks: Sequence[int] = ()) -> FPResult:
    """``llvm.<name>`` on scalar FP operands of type ``t`` (is.fpclass: ``masks``)."""
    fm = fast_math(flags)
    if name == "is.fpclass":
        (x,) = args
        test = fp_class_test(x.value, fp_format(t), masks[0])
        return FPResult(StateValue(mk_ite(test, bv(1, 1), bv(0, 1)), x.non_poison,
                                   x.undef_vars))
    if name == "fabs":
        return apply_flags(nd, t, args, lambda xs: BITWISE_UNARY["fabs"](xs[0]), fm, bitwise=True)
    if name == "copysign":
        return apply_flags(nd, t, args, lambda xs: _copysign(xs[0], xs[1]), fm, bitwise=True)
    if name in UNARY_INTRINSICS:
        fn = UNARY_INTRINSICS[name]
        return apply_flags(nd, t, args, lambda xs: fn(xs[0]), fm, quiet_nan=name == "canonicalize")
    if name in ("minnum", "maxnum"):
        a, b = _canonical_order(nd, args[0], args[1], t)
        return apply_flags(nd, t, [a, b], _fmin_fmax(nd, name == "minnum"), fm)
    if name in ("minimum", "maximum"):
        a, b = _canonical_order(nd, args[0], args[1], t)
        return apply_flags(nd, t, [a, b], _fminimum_fmaximum(name == "minimum"), fm)
    if name == "fma":
        def fma(xs: list[FP]) -> FP:
            a, b = _ordered_terms(nd, xs[0], xs[1])
            return z3.fpFMA(RNE, a, b, xs[2])
        return apply_flags(nd, t, args, fma, fm)
    if name == "fmuladd":
        def muladd(xs: list[FP]) -> FP:
            a, b = _ordered_terms(nd, xs[0], xs[1])
            fused = z3.fpFMA(RNE, a, b, xs[2])
            # LangRef: "unspecified whether rounding will be performed between the
            # multiplication and addition steps": a nondeterministic choice. The
            # unfused form is built as fmul/fadd instructions build it.
            pick = _choice(nd, "fmuladd", fused)
            product = z3.fpMul(RNE, a, b)
            x, y = _ordered_terms(nd, product, xs[2])
            return z3.If(pick, fused, z3.fpAdd(RNE, x, y))
        return apply_flags(nd, t, args, muladd, fm)
    raise FPUnsupported(f"intrinsic:llvm.{name}", f"Unsupported intrinsic: llvm.{name}")


# ---- constrained intrinsics ---------------------------------------------------------------

_CONSTRAINED_PREFIX = "experimental.constrained."
#: ``llvm.experimental.constrained.<op>`` we model, with the number of FP operands
#: (then two metadata arguments: the rounding mode and the exception behaviour).
CONSTRAINED_OPS = {"fadd": 2, "fsub": 2, "fmul": 2, "fdiv": 2, "fma": 3, "sqrt": 1}
#: LangRef's static rounding modes.
STATIC_ROUNDING = {"round.tonearest": RNE, "round.upward": z3.RTP(),
                   "round.downward": z3.RTN(), "round.towardzero": z3.RTZ(),
                   "round.tonearestaway": z3.RNA()}
DYNAMIC_ROUNDING = "round.dynamic"
#: ``fpexcept.ignore``: the flags are not read and traps are masked, so the operation
#: is its value. The other two oblige a transformation to keep the exceptions, which
#: we do not model: a proof cannot be claimed, a counterexample still stands.
EXCEPTION_BEHAVIOURS = ("fpexcept.ignore", "fpexcept.maytrap", "fpexcept.strict")


#: The environment's rounding modes, in the order of `dynamic_rounding_mode`'s code.
_ENVIRONMENT_MODES = ("round.tonearest", "round.upward", "round.downward", "round.towardzero",
                      "round.tonearestaway")


def _rounding_code() -> z3.BitVecRef:
    return z3.BitVec("fp!rounding_mode", 3)


def dynamic_rounding_mode() -> z3.ExprRef:
    """The rounding mode in effect (the FP environment): one input shared by src and tgt
    (one variable name), any of LangRef's five modes."""
    d = _rounding_code()
    out: z3.ExprRef = RNE  # codes 5..7: round to nearest as well
    for k in reversed(range(len(_ENVIRONMENT_MODES))):
        out = z3.If(d == k, STATIC_ROUNDING[_ENVIRONMENT_MODES[k]], out)
    return out


def rounding_mismatch(rounding: str) -> Bool:
    """LangRef 19: an operation with a static rounding mode other than the one in
    effect is UB (the optimizer may assume they agree)."""
    if rounding == DYNAMIC_ROUNDING:
        return FALSE
    k = _ENVIRONMENT_MODES.index(rounding)
    d = _rounding_code()
    if k == 0:
        return z3.And(d != 0, z3.ULT(d, len(_ENVIRONMENT_MODES)))
    return d != k


def fp_constrained(nd: Nondeterminism, op: str, rounding: str, t: ir.Type,
                   args: Sequence[StateValue]) -> FPResult:
    """``llvm.experimental.constrained.<op>`` under ``rounding`` (its value; the UB of a
    static mode that is not the one in effect is `rounding_mismatch`; the exception
    behaviour is the caller's business, see `EXCEPTION_BEHAVIOURS`). NaN results get
    the same payload choices as the plain instruction's."""
    rm = dynamic_rounding_mode() if rounding == DYNAMIC_ROUNDING else STATIC_ROUNDING[rounding]
    xs = list(args)
    if op in ("fadd", "fmul"):
        xs = list(_canonical_order(nd, xs[0], xs[1], t))
    compute: dict[str, Callable[[list[FP]], FP]] = {
        "fadd": lambda v: z3.fpAdd(rm, v[0], v[1]),
        "fsub": lambda v: z3.fpSub(rm, v[0], v[1]),
        "fmul": lambda v: z3.fpMul(rm, v[0], v[1]),
        "fdiv": lambda v: z3.fpDiv(rm, v[0], v[1]),
        "fma": lambda v: z3.fpFMA(rm, *_ordered_terms(nd, v[0], v[1]), v[2]),
        "sqrt": lambda v: z3.fpSqrt(rm, v[0]),
    }
    return apply_flags(nd, t, xs, compute[op], frozenset())


# ---- printing -------------------------------------------------------------------------------


def readable_value_constraints(bits: BV, t: ir.Type) -> list[Bool]:
    """What counterexample minimisation tries for an FP input, in Alive2's order: +0.0;
    otherwise not a NaN, not an infinity, and a magnitude of at most 3."""
    x = z3.fpBVToFP(bits, fp_format(t).sort)
    three = z3.FPVal(3.0, fp_format(t).sort)
    return [bits == 0, z3.Not(z3.fpIsNaN(x)), z3.Not(z3.fpIsInf(x)),
            z3.fpLEQ(z3.fpAbs(x), three)]




def format_float(value: int, t: ir.Type) -> str:
    """Alive2's FP value text: ``#x3f800000 (1e+00)``, ``(+0.0)``, ``(-0.0)``,
    ``(+oo)``, ``(-oo)``, ``(QNaN)``, ``(SNaN)``."""
    f = fp_format(t)
    value %= 1 << f.bits
    text = f"#x{value:0{(f.bits + 3) // 4}x}"
    sign = value >> (f.bits - 1)
    exponent = (value >> f.fraction) & ((1 << f.exponent) - 1)
    fraction = value & ((1 << f.fraction) - 1)
    if exponent == (1 << f.exponent) - 1:
        if fraction == 0:
            return f"{text} ({'-' if sign else '+'}oo)"
        return f"{text} ({'QNaN' if fraction >> (f.fraction - 1) else 'SNaN'})"
    if exponent == 0 and fraction == 0:
        return f"{text} ({'-' if sign else '+'}0.0)"
    return f"{text} ({_decimal_text(value, f)})"


def exact_value(value: int, f: Format) -> Fraction:
    """The rational value of finite bits ``value`` in format ``f``."""
    sign = -1 if value >> (f.bits - 1) else 1
    exponent = (value >> f.fraction) & ((1 << f.exponent) - 1)
    fraction = value & ((1 << f.fraction) - 1)
    bias = f.max_exponent
    if exponent == 0:
        m, e = fraction, 1 - bias - f.fraction
    else:
        m, e = fraction | (1 << f.fraction), exponent - bias - f.fraction
    q = Fraction(m) * (Fraction(2) ** e)
    return sign * q


_PACK = {"half": "<e", "float": "<f", "double": "<d"}


def _decimal_text(value: int, f: Format) -> str:
    """The shortest decimal (scientific notation) that reads back as these bits."""
    exact = exact_value(value, f)
    if f.kind in _PACK:
        x = float(exact)
        for digits in range(0, 18):
            text = f"{x:.{digits}e}"
            try:
                back = struct.unpack(_PACK[f.kind][1], struct.pack(_PACK[f.kind], float(text)))[0]
            except OverflowError:
                continue
            if back == x or (math.isnan(back) and math.isnan(x)):
                return text
        return f"{x:.17e}"
    # bfloat and fp128: exact value to the format's decimal precision.
    digits = math.ceil(f.fraction * math.log10(2)) + 2
    d = Decimal(exact.numerator) / Decimal(exact.denominator) if exact else Decimal(0)
    d = Context(prec=digits).create_decimal(d)
    mantissa, _, exponent = f"{d:.{digits - 1}e}".lower().partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    e = int(exponent)
    return f"{mantissa}e{'-' if e < 0 else '+'}{abs(e):02d}"  # C's %e exponent


__all__ = [
    "FBINARY", "FCMP", "FLOAT_KINDS", "FPResult", "FPUnsupported", "Format", "NaNSite",
    "NaNSource", "PickSite", "apply_flags", "canonical_key", "constant_bits", "fast_math",
    "format_float", "fp_binary", "fp_cast", "fp_compare", "fp_format", "fp_intrinsic",
    "fp_negate", "fp_select_flags", "intrinsic_name", "is_float", "is_nan_bits", "nan_bits",
    "nan_payload",
    "readable_value_constraints", "sites", "target_nan_payload", "to_bits", "to_float",
]
