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

Fast-math flags follow Alive2's ``fm_poison``: ``nnan``/``ninf`` make the result
poison when an operand or the result is NaN/Inf; ``nsz`` gives every zero operand
and result a nondeterministic sign; ``arcp``/``contract``/``afn``/``reassoc`` wrap
the result in an uninterpreted function and record an *approximation* (the
verifier then never reports a bug it found there as real).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction
from typing import Any, Protocol

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
    mk_eq,
    mk_ite,
    mk_not,
    mk_or,
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
    pieces: list[BV] = []
    stack = [bits]
    while stack:
        x = stack.pop()
        if z3.is_app_of(x, z3.Z3_OP_CONCAT):
            stack.extend(reversed(x.children()))
        else:
            pieces.append(x)
    joined = join_bytes(pieces)
    return joined if joined is not None else bits


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
        a = join_bytes([p.arg(1) for p in pieces])
        b = join_bytes([p.arg(2) for p in pieces])
        return z3.If(c, a, b) if a is not None and b is not None else None
    return None


def _float_of_bits(e: BV, f: Format) -> FP | None:
    """The FP term of bits built by this module (None for other bits). Every rule is
    an identity of ``to_fp`` (``fneg``/``fabs`` are sign-bit operations)."""
    if z3.is_app_of(e, z3.Z3_OP_FPA_TO_IEEE_BV):
        return e.arg(0)
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


def _payload(src: NaNSource, f: Format, quieten: BV) -> BV:
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
        fraction = z3.If(pick, _payload(src, f, quieten), fraction)
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


# ---- witnesses: the src choice that reproduces tgt's value ---------------------------------


Substitution = list[tuple[z3.ExprRef, z3.ExprRef]]


def nan_choice_for(site: NaNSite, choice_width: int, target: BV) -> BV:
    """The value of a NaN choice variable of ``site`` that makes `nan_bits` produce
    ``target`` (when ``target`` is in the NaN set; some choice otherwise)."""
    f = site.format
    n = len(site.sources)
    option_bits = choice_width - 2
    fraction = z3.Extract(f.fraction - 1, 0, target)
    option: BV = bv(0, option_bits)
    quieten: BV = bv(0, 1)
    if f.fraction > 1:
        option = z3.If(fraction == z3.Concat(bv(1, 1), target_nan_payload(f)),
                       bv(n + 1, option_bits), option)
    for k in reversed(range(n)):
        src = site.sources[k]
        kept = _payload(src, f, bv(0, 1))
        quieted = _payload(src, f, bv(1, 1))
        hit = z3.And(is_nan_bits(src.bits, fp_format(src.type)),
                     z3.Or(fraction == kept, fraction == quieted))
        option = z3.If(hit, bv(k + 1, option_bits), option)
        quieten = z3.If(z3.And(hit, fraction != kept), bv(1, 1), quieten)
    option = z3.If(fraction == (1 << (f.fraction - 1)), bv(0, option_bits), option)
    sign = z3.Extract(f.bits - 1, f.bits - 1, target)
    return z3.Concat(sign, quieten, option)


def witness_instances(src_nd: Nondeterminism, qvars: Sequence[z3.ExprRef],
                      src_value: Any, tgt_value: Any, base: Substitution) -> list[Substitution]:
    """An instance for the refinement check's ∃∀ solver (solving.ExistsForall): every
    quantified src FP choice (a NaN, an fmuladd fusion, a tie) set to what makes
    src's result equal tgt's returned bits ``tgt_value``; other variables as in
    ``base``. Exact for results returned directly, harmless otherwise (an instance
    is only a guess; a wrong one costs a solver round)."""
    if not isinstance(tgt_value, StateValue) or not isinstance(src_value, StateValue):
        return []
    known = sites(src_nd)
    names = {str(v) for v in qvars}
    if not any(n in known for n in names):
        return []
    target = tgt_value.value
    defaults = {str(v): d for v, d in base}
    # In creation order: a choice's witness may mention earlier choices (an operand
    # that is itself a NaN result), which then take their own witnesses.
    done: Substitution = []
    target_terms: set[int] | None = None
    for name in [n for n in src_nd.vars if n in defaults]:
        v = src_nd.vars[name]
        site = known.get(name)
        w: z3.ExprRef | None = None
        if isinstance(site, NaNSite) and site.format.bits == target.size():
            w = nan_choice_for(site, v.size(), target)
        elif isinstance(site, PickSite):
            if target_terms is None:
                target_terms = _term_ids(target)
            if site.picked.get_id() in target_terms:  # tgt computes the picked result
                w = bv(1, v.size())
            elif site.picked.sort().ebits() + site.picked.sort().sbits() == target.size():
                w = z3.If(z3.fpToIEEEBV(site.picked) == target, bv(1, v.size()), bv(0, v.size()))
        if w is None:
            w = defaults[name]
        elif done:
            w = z3.substitute(w, *done)
        done.append((v, w))
    return [done]


def _term_ids(e: z3.ExprRef, limit: int = 20000) -> set[int]:
    """AST ids of the subterms of ``e`` (a bounded walk)."""
    seen: set[int] = set()
    stack = [e]
    while stack and len(seen) < limit:
        x = stack.pop()
        if x.get_id() in seen:
            continue
        seen.add(x.get_id())
        if z3.is_app(x):
            stack.extend(x.children())
    return seen


# ---- congruence pre-check ------------------------------------------------------------------


def _is_fp_sorted(e: z3.ExprRef) -> bool:
    return isinstance(e.sort(), (z3.FPSortRef, z3.FPRMSortRef))


class _Abstraction:
    """A query with every FP operation replaced by an uninterpreted function over
    uninterpreted FP sorts (the same function for the same operation).

    Why: O0 code and its instcombine output compute the same FP operations on
    operands that are equal only after integer or control-flow reasoning (``slt``
    became ``ult``, a load became the stored value). Bit-blasting the FP circuits to
    see that is expensive; congruence (equal operands give equal results) is cheap.
    Sound for unsat only: the real FP functions are one interpretation of the
    abstract ones, so a model of the query is a model of the abstraction."""

    def __init__(self) -> None:
        self.cache: dict[int, z3.ExprRef] = {}
        self.sorts: dict[str, z3.SortRef] = {}
        self.found_fp = False
        #: facts about the abstracted operations that hold for the real ones:
        #: IEEE addition and multiplication commute (fma in its two factors).
        self.axioms: list[z3.BoolRef] = []

    def sort(self, s: z3.SortRef) -> z3.SortRef:
        if isinstance(s, (z3.FPSortRef, z3.FPRMSortRef)):
            name = f"abstract-{s}".replace(" ", "").replace("(", "-").replace(")", "")
            if name not in self.sorts:
                self.sorts[name] = z3.DeclareSort(name)
            return self.sorts[name]
        return s

    def term(self, e: z3.ExprRef) -> z3.ExprRef:
        stack = [e]
        while stack:
            x = stack[-1]
            if x.get_id() in self.cache:
                stack.pop()
                continue
            children = x.children() if z3.is_app(x) else []
            pending = [c for c in children if c.get_id() not in self.cache]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            self.cache[x.get_id()] = self._rebuild(x)
        return self.cache[e.get_id()]

    def _leaf(self, x: z3.ExprRef) -> z3.ExprRef:
        self.found_fp = True
        return z3.Const(f"abstract|{x.sexpr()}", self.sort(x.sort()))

    def _rebuild(self, x: z3.ExprRef) -> z3.ExprRef:
        if not z3.is_app(x) or x.num_args() == 0:
            return self._leaf(x) if z3.is_app(x) and _is_fp_sorted(x) else x
        args = [self.cache[c.get_id()] for c in x.children()]
        if _is_fp_sorted(x) or any(_is_fp_sorted(c) for c in x.children()):
            kind = x.decl().kind()
            if kind in (z3.Z3_OP_ITE, z3.Z3_OP_EQ, z3.Z3_OP_DISTINCT):
                return x.decl()(*args) if kind != z3.Z3_OP_ITE else z3.If(*args)
            self.found_fp = True
            decl = x.decl()
            name = f"abstract|{decl.name()}|{decl.params()}|{x.sort()}|" \
                   f"{'|'.join(str(c.sort()) for c in x.children())}"
            fn = z3.Function(name, *[a.sort() for a in args], self.sort(x.sort()))
            if kind in COMMUTATIVE_FP_OPS and not args[1].eq(args[2]):
                swapped = [args[0], args[2], args[1], *args[3:]]
                self.axioms.append(fn(*args) == fn(*swapped))
            return fn(*args)
        if all(a.eq(c) for a, c in zip(args, x.children(), strict=True)):
            return x
        return x.decl()(*args)


#: z3 FP operations that commute in their two operands after the rounding mode.
COMMUTATIVE_FP_OPS = frozenset({z3.Z3_OP_FPA_ADD, z3.Z3_OP_FPA_MUL, z3.Z3_OP_FPA_FMA})


def unsat_by_congruence(formulas: Sequence[z3.BoolRef], timeout_s: float) -> tuple[bool, float]:
    """Whether the FP-abstracted query is unsatisfiable (then so is the query), and
    the solver seconds spent. False when the query has no FP terms."""
    import time

    abstraction = _Abstraction()
    try:
        abstract = [abstraction.term(f) for f in formulas]
    except z3.Z3Exception:
        return False, 0.0
    if not abstraction.found_fp:
        return False, 0.0
    s = z3.Solver()
    s.set("timeout", max(1, int(timeout_s * 1000)))
    s.add(*abstract, *abstraction.axioms)
    t0 = time.monotonic()
    try:
        r = s.check()
    except z3.Z3Exception:
        r = z3.unknown
    return r == z3.unsat, time.monotonic() - t0


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
    """``fabs`` for ``@llvm.fabs.f64`` (or ``@fabsf``), None for anything else."""
    if not isinstance(callee, ir.Global):
        return None
    name = callee.name
    if name in LIBCALL_INTRINSICS:
        return LIBCALL_INTRINSICS[name]
    if not name.startswith("llvm."):
        return None
    rest = name[5:]
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


# ---- printing -------------------------------------------------------------------------------


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
    return f"{d:.{digits - 1}e}".replace("E", "e")


# ---- the gate and the encoder glue ----------------------------------------------------------


CALL_ARG_ATTRS = frozenset({"noundef"})


def handles(inst: ir.Instruction) -> bool:
    """Whether this module models ``inst`` (FP arithmetic, compares, casts, FP
    intrinsics, fast-math selects). Vector forms are left to the vector support."""
    if isinstance(inst, ir.BinaryOp):
        return inst.opcode in FBINARY and not isinstance(inst.type, ir.VectorType)
    if isinstance(inst, ir.UnaryOp):
        return inst.opcode == "fneg" and not isinstance(inst.type, ir.VectorType)
    if isinstance(inst, ir.FCmp):
        return not isinstance(inst.type, ir.VectorType)
    if isinstance(inst, ir.Cast):
        src, dst = inst.operand.type, inst.dest_type
        if isinstance(src, ir.VectorType) or isinstance(dst, ir.VectorType):
            return False
        if inst.opcode in FP_CASTS:
            return True
        return inst.opcode == "bitcast" and (isinstance(src, ir.FloatType)
                                             or isinstance(dst, ir.FloatType))
    if isinstance(inst, ir.Select):
        return bool(inst.flags) and isinstance(inst.true_value.type, ir.FloatType)
    if isinstance(inst, ir.Call):
        return intrinsic_name(inst.callee) is not None and not isinstance(
            inst.return_type, ir.VectorType) and not any(
            isinstance(a.type, ir.VectorType) for a in inst.args)
    return False


def _check_flags(flags: Sequence[str], allowed: frozenset[str], what: str) -> None:
    extra = [f for f in flags if f not in allowed and f not in FAST_MATH_FLAGS and f != "fast"]
    if extra:
        raise FPUnsupported(f"flag:{what}", f"Unsupported flags on {what}: {' '.join(extra)}")


def gate(inst: ir.Instruction) -> list[tuple[ir.Value, ir.Type]]:
    """Check an instruction `handles` accepted; returns the operands (with their
    types) that the generic operand check must still accept. Raises FPUnsupported."""
    if isinstance(inst, ir.BinaryOp):
        fp_format(inst.type)
        _check_flags(inst.flags, frozenset(), inst.opcode)
        return [(inst.lhs, inst.type), (inst.rhs, inst.type)]
    if isinstance(inst, ir.UnaryOp):
        fp_format(inst.type)
        _check_flags(inst.flags, frozenset(), "fneg")
        return [(inst.operand, inst.type)]
    if isinstance(inst, ir.FCmp):
        fp_format(inst.type)
        if inst.predicate not in FCMP:
            raise FPUnsupported("fcmp", f"Unsupported fcmp predicate {inst.predicate}")
        _check_flags(inst.flags, frozenset(), "fcmp")
        return [(inst.lhs, inst.type), (inst.rhs, inst.type)]
    if isinstance(inst, ir.Cast):
        return _gate_cast(inst)
    if isinstance(inst, ir.Select):
        fp_format(inst.true_value.type)
        if inst.cond.type != ir.I1:
            raise FPUnsupported("vector", "Unsupported select condition type")
        _check_flags(inst.flags, frozenset(), "select")
        return [(inst.cond.value, inst.cond.type), (inst.true_value.value, inst.true_value.type),
                (inst.false_value.value, inst.false_value.type)]
    if isinstance(inst, ir.Call):
        return _gate_call(inst)
    raise FPUnsupported(type(inst).__name__.lower(), "Unsupported FP instruction")


def _gate_cast(inst: ir.Cast) -> list[tuple[ir.Value, ir.Type]]:
    src, dst = inst.operand.type, inst.dest_type
    op = inst.opcode
    if op in ("fpext", "fptrunc"):
        a, b = fp_format(src), fp_format(dst)
        wider = b.exponent >= a.exponent and b.fraction >= a.fraction
        narrower = b.exponent <= a.exponent and b.fraction <= a.fraction
        if (op == "fpext" and (not wider or a == b)) or (op == "fptrunc" and (not narrower or a == b)):
            raise FPUnsupported("fp-cast-width", f"Invalid {op} from {a.kind} to {b.kind}")
        _check_flags(inst.flags, frozenset(), op)
    elif op in ("fptosi", "fptoui"):
        fp_format(src)
        if not isinstance(dst, ir.IntType):
            raise FPUnsupported("fp-cast-type", f"Unsupported {op} result type")
        _check_flags(inst.flags, frozenset(), op)
        if fast_math(inst.flags):
            raise FPUnsupported(f"flag:{op}", f"Unsupported fast-math flags on {op}")
    elif op in ("sitofp", "uitofp"):
        fp_format(dst)
        if not isinstance(src, ir.IntType):
            raise FPUnsupported("fp-cast-type", f"Unsupported {op} operand type")
        _check_flags(inst.flags, frozenset({"nneg"}) if op == "uitofp" else frozenset(), op)
        if fast_math(inst.flags):
            raise FPUnsupported(f"flag:{op}", f"Unsupported fast-math flags on {op}")
    else:  # bitcast between FP and integer (or FP) scalars of one width
        if not all(isinstance(x, (ir.IntType, ir.FloatType)) for x in (src, dst)):
            raise FPUnsupported("bitcast", "Unsupported bitcast")
        for x in (src, dst):
            if isinstance(x, ir.FloatType):
                fp_format(x)
        if src.bits != dst.bits or inst.flags:  # type: ignore[union-attr]
            raise FPUnsupported("bitcast", "Unsupported bitcast")
    return [(inst.operand.value, src)]


def _gate_call(inst: ir.Call) -> list[tuple[ir.Value, ir.Type]]:
    name = intrinsic_name(inst.callee)
    assert name is not None
    if inst.bundles or inst.cconv not in (None, "ccc") or inst.ret_attrs or inst.tail == "musttail":
        raise FPUnsupported(f"intrinsic:llvm.{name}", "Unsupported call form of an FP intrinsic")
    _check_flags(inst.flags, frozenset(), f"llvm.{name}")
    arity = {"is.fpclass": 2}.get(name, 3 if name in TERNARY_INTRINSICS
                                  else 2 if name in BINARY_INTRINSICS else 1)
    if len(inst.args) != arity:
        raise FPUnsupported(f"intrinsic:llvm.{name}", f"Wrong argument count for llvm.{name}")
    t = inst.args[0].type
    fp_format(t)
    expected_ret = ir.I1 if name == "is.fpclass" else t
    if inst.return_type != expected_ret:
        raise FPUnsupported(f"intrinsic:llvm.{name}", f"Unexpected type for llvm.{name}")
    out = []
    for k, arg in enumerate(inst.args):
        if set(arg.attrs) - CALL_ARG_ATTRS - {"immarg"}:
            raise FPUnsupported(f"attribute:{sorted(set(arg.attrs) - CALL_ARG_ATTRS)[0]}",
                                f"Unsupported call argument attributes {' '.join(arg.attrs)}")
        if name == "is.fpclass" and k == 1:
            if not (isinstance(arg.value, ir.IntConst) and arg.type == ir.I32):
                raise FPUnsupported("intrinsic:llvm.is.fpclass", "is.fpclass needs a constant mask")
            continue
        if arg.type != t:
            raise FPUnsupported(f"intrinsic:llvm.{name}", f"Mixed types in llvm.{name}")
        out.append((arg.value, arg.type))
    return out


#: Function attributes that change FP semantics. Only their IEEE defaults are modelled.
def unsupported_function_attribute(attr: str) -> str | None:
    """The feature name when a (string) function attribute changes FP semantics in a
    way we do not model; None when it is harmless."""
    key, _, value = attr.partition("=")
    key, value = key.strip('"'), value.strip('"')
    if key.startswith("denormal-fp-math") and value not in ("", "ieee", "ieee,ieee"):
        return "fp-denormal-mode"
    if key in ("no-nans-fp-math", "no-infs-fp-math", "no-signed-zeros-fp-math",
               "unsafe-fp-math", "approx-func-fp-math") and value == "true":
        return f"fp-function-attribute:{key}"
    return None


class Encoder(Protocol):
    """What `execute` uses of ``encoder.FunctionEncoder``."""

    nd: Nondeterminism
    cur_pc: Bool
    approx: list[tuple[str, Bool]]

    def operand(self, v: ir.Value, t: ir.Type) -> StateValue: ...

    def _define(self, name: str, t: ir.Type, sv: StateValue, ub: Bool = ...) -> None: ...

    def _add_ub(self, cond: Bool) -> Bool: ...

    def _defined_ub(self, sv: StateValue) -> Bool: ...


def execute(enc: Encoder, inst: ir.Instruction) -> None:
    """Symbolically execute an instruction `handles` accepted (the gate passed)."""
    nd = enc.nd
    result: FPResult
    if isinstance(inst, ir.BinaryOp):
        a, b = enc.operand(inst.lhs, inst.type), enc.operand(inst.rhs, inst.type)
        result = fp_binary(nd, inst.opcode, inst.flags, inst.type, a, b)
        name, t = inst.result, inst.type
    elif isinstance(inst, ir.UnaryOp):
        result = fp_negate(nd, inst.flags, inst.type, enc.operand(inst.operand, inst.type))
        name, t = inst.result, inst.type
    elif isinstance(inst, ir.FCmp):
        a, b = enc.operand(inst.lhs, inst.type), enc.operand(inst.rhs, inst.type)
        result = fp_compare(nd, inst.predicate, inst.flags, inst.type, a, b)
        name, t = inst.result, ir.I1
    elif isinstance(inst, ir.Cast):
        x = enc.operand(inst.operand, inst.operand.type)
        result = fp_cast(nd, inst.opcode, inst.flags, inst.operand.type, inst.dest_type, x)
        name, t = inst.result, inst.dest_type
    elif isinstance(inst, ir.Select):
        result = _select(enc, inst)
        name, t = inst.result, inst.true_value.type
    elif isinstance(inst, ir.Call):
        result, ub = _call(enc, inst)
        result = FPResult(result.value, ub, result.approximations)
        name, t = inst.result or "", inst.return_type
    else:  # pragma: no cover - handles() and gate() exclude it
        raise FPUnsupported(type(inst).__name__.lower(), "Unsupported FP instruction")
    for flag in result.approximations:
        enc.approx.append((f"fast-math-{flag}", enc.cur_pc))
    enc._add_ub(result.ub)
    if name:
        enc._define(name, t, result.value, result.ub)


def _select(enc: Encoder, inst: ir.Select) -> FPResult:
    c = enc.operand(inst.cond, inst.cond.type)
    t = inst.true_value.type
    a = enc.operand(inst.true_value, t)
    b = enc.operand(inst.false_value, t)
    is_true = mk_eq(c.value, bv(1, 1))
    chosen = StateValue(mk_ite(is_true, a.value, b.value),
                        mk_and(c.non_poison, mk_ite(is_true, a.non_poison, b.non_poison)),
                        c.undef_vars | a.undef_vars | b.undef_vars)
    return fp_select_flags(enc.nd, inst.flags, t, chosen)


def _call(enc: Encoder, inst: ir.Call) -> tuple[FPResult, Bool]:
    name = intrinsic_name(inst.callee)
    assert name is not None
    t = inst.args[0].type
    values: list[StateValue] = []
    masks: list[int] = []
    ub_terms: list[Bool] = []
    for k, arg in enumerate(inst.args):
        if name == "is.fpclass" and k == 1:
            assert isinstance(arg.value, ir.IntConst)
            masks.append(arg.value.value & 0x3FF)
            continue
        sv = enc.operand(arg.value, arg.type)
        if "noundef" in arg.attrs:
            # A noundef argument that is poison or undef is UB at the call (LangRef).
            ub_terms.append(enc._defined_ub(sv))
        values.append(sv)
    return fp_intrinsic(enc.nd, name, inst.flags, t, values, masks), mk_or(*ub_terms)


__all__ = [
    "FBINARY", "FCMP", "FLOAT_KINDS", "FPResult", "FPUnsupported", "Format", "NaNSource",
    "apply_flags", "constant_bits", "execute", "format_float", "fp_binary", "fp_cast",
    "fp_compare", "fp_format", "fp_intrinsic", "fp_negate", "gate", "handles", "is_float",
    "nan_bits", "to_bits", "to_float", "unsupported_function_attribute",
]
