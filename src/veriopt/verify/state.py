"""Symbolic values: ``(bits, non_poison)`` pairs plus the undef variables they use.

Why a pair and not one bit-vector: poison and value are independent in LLVM
(an ``add nsw`` that overflows still has bits, they just must not matter), and
Alive2's refinement stages ask about them separately (stage 3 is about the
poison flag only, stage 5 about the bits). Why we track undef variables by name:
LLVM's ``undef`` may take a different value at every *use*, so each use of a value
whose bits contain undef variables gets fresh copies of them (Alive2's rule: the
first use keeps the original variables). Tracking the set in Python avoids
walking z3 terms to find them.

The smart constructors below (``mk_and``, ``mk_ite``, ...) fold constants and
trivial cases while the formula is built. Most checks on O0 code then reduce to
``False`` without a solver call (Alive2's "trivial" queries), and counterexample
listings stay readable.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import z3

from veriopt.verify.terms import (
    bool_args,
    conjunction,
    decl_kind,
    disjunction,
    literal_offset,
    negates_one_of,
    same,
    uninterpreted,
)

TRUE = z3.BoolVal(True)
FALSE = z3.BoolVal(False)


@dataclass(frozen=True)
class StateValue:
    """One SSA value of one execution: its bits, whether it is non-poison, and the
    names of the (refreshable) undef variables its bits depend on."""

    value: z3.BitVecRef
    non_poison: z3.BoolRef
    undef_vars: frozenset[str] = frozenset()

    @property
    def width(self) -> int:
        return self.value.size()


# ---- constant-folding constructors -------------------------------------------------


#: The two Boolean literals' term pointers (z3 shares them: one term each per context).
_TRUE_ID, _FALSE_ID = TRUE.as_ast().value, FALSE.as_ast().value


def is_true(e: z3.ExprRef) -> bool:
    return bool(e.as_ast().value == _TRUE_ID)


def is_false(e: z3.ExprRef) -> bool:
    return bool(e.as_ast().value == _FALSE_ID)


def is_const(e: z3.ExprRef) -> bool:
    """A literal: a bit-vector value or ``true``/``false``."""
    return decl_kind(e) in (z3.Z3_OP_BNUM, z3.Z3_OP_TRUE, z3.Z3_OP_FALSE)


def bv(value: int, width: int) -> z3.BitVecRef:
    return _bv_literal(value % (1 << width), width)


@functools.lru_cache(maxsize=1 << 14)
def _bv_literal(value: int, width: int) -> z3.BitVecRef:
    """A literal, built once: the encoder asks for the same few (offsets, sizes, 0, 1)
    tens of thousands of times, and each z3.BitVecVal builds a sort and a numeral."""
    return z3.BitVecVal(value, width)


def mk_not(a: z3.BoolRef) -> z3.BoolRef:
    if is_true(a):
        return FALSE
    if is_false(a):
        return TRUE
    if decl_kind(a) == z3.Z3_OP_NOT:
        return bool_args(a)[0]
    return z3.Not(a)


def _flatten(kind: int, items: Iterable[z3.BoolRef]) -> list[z3.BoolRef]:
    out: list[z3.BoolRef] = []
    for x in items:
        if decl_kind(x) == kind:
            out.extend(bool_args(x))
        else:
            out.append(x)
    return out


#: Terms the smart constructors below have built (conjunction/disjunction arguments,
#: if-then-else nodes) in this process: the deterministic measure of the encoder's work
#: that instruction counts miss (one load over many stores builds thousands).
_terms_built = 0


def terms_built() -> int:
    """How many terms `mk_and`, `mk_or` and `mk_ite` have built so far (a counter that
    only grows; the difference over a piece of work is its cost)."""
    return _terms_built


def mk_and(*items: z3.BoolRef) -> z3.BoolRef:
    global _terms_built
    args: list[z3.BoolRef] = []
    seen: set[int] = set()
    for x in _flatten(z3.Z3_OP_AND, items):
        if is_false(x):
            return FALSE
        if is_true(x):
            continue
        key = x.as_ast().value
        if key not in seen:
            seen.add(key)
            args.append(x)
    if not args:
        return TRUE
    if len(args) == 1:
        return args[0]
    if _has_complement(args, seen, z3.Z3_OP_AND):
        return FALSE
    _terms_built += len(args)
    return conjunction(args)


def mk_or(*items: z3.BoolRef) -> z3.BoolRef:
    global _terms_built
    args: list[z3.BoolRef] = []
    seen: set[int] = set()
    for x in _flatten(z3.Z3_OP_OR, items):
        if is_true(x):
            return TRUE
        if is_false(x):
            continue
        key = x.as_ast().value
        if key not in seen:
            seen.add(key)
            args.append(x)
    if not args:
        return FALSE
    if len(args) == 1:
        return args[0]
    if _has_complement(args, seen, z3.Z3_OP_OR):
        return TRUE
    _terms_built += len(args)
    return disjunction(args)


def _has_complement(args: list[z3.BoolRef], seen: set[int], kind: int) -> bool:
    """Does one argument negate another, or negate a ``kind`` (and/or) of some of the
    others? Then the conjunction is false (the disjunction true). Comparing src's and
    tgt's memory byte by byte builds ``Or(o == 15, ..., o == 0, Not(Or(o == 15, ...,
    o == 0)))`` when every byte matches; z3's rewriter keeps it, and an FP query whose
    call-matching condition is not syntactically true falls off its cheap proof."""
    return negates_one_of(args, seen, kind)


def mk_implies(a: z3.BoolRef, b: z3.BoolRef) -> z3.BoolRef:
    return mk_or(mk_not(a), b)


def mk_ite(c: z3.BoolRef, a: z3.ExprRef, b: z3.ExprRef) -> z3.ExprRef:
    global _terms_built
    if is_true(c):
        return a
    if is_false(c):
        return b
    if same(a, b):
        return a
    if z3.is_bool(a):
        if is_true(a) and is_false(b):
            return c
        if is_false(a) and is_true(b):
            return mk_not(c)
        if is_true(a):
            return mk_or(c, b)
        if is_false(a):
            return mk_and(mk_not(c), b)
        if is_true(b):
            return mk_or(mk_not(c), a)
        if is_false(b):
            return mk_and(c, a)
    _terms_built += 1
    return z3.If(c, a, b)


def mk_eq(a: z3.ExprRef, b: z3.ExprRef) -> z3.BoolRef:
    if same(a, b):
        return TRUE
    if z3.is_bv_value(a) and z3.is_bv_value(b):
        return z3.BoolVal(a.as_long() == b.as_long())
    if z3.is_bool(a) and is_const(a) and is_const(b):
        return z3.BoolVal(is_true(a) == is_true(b))
    if z3.is_bv(a):
        # x + c1 == x + c2 iff c1 == c2 (mod 2^w): the byte offsets of one access.
        (xa, ca), (xb, cb) = literal_offset(a), literal_offset(b)
        if xa == xb:
            return z3.BoolVal((ca - cb) % (1 << a.size()) == 0)
    return a == b


def fold(e: z3.ExprRef) -> z3.ExprRef:
    """``e`` simplified by z3 when all its leaves are literals (cheap and exact);
    otherwise ``e`` unchanged, to avoid re-simplifying large terms again and again."""
    if is_const(e):
        return e
    if all(is_const(c) for c in e.children()):
        return z3.simplify(e)
    return e


def bv_add(a: z3.BitVecRef, b: z3.BitVecRef) -> z3.BitVecRef:
    if z3.is_bv_value(b) and b.as_long() == 0:
        return a
    if z3.is_bv_value(a) and a.as_long() == 0:
        return b
    if z3.is_bv_value(a) and z3.is_bv_value(b):
        return bv(a.as_long() + b.as_long(), a.size())
    return a + b


def bv_mul(a: z3.BitVecRef, b: z3.BitVecRef) -> z3.BitVecRef:
    if z3.is_bv_value(a) and z3.is_bv_value(b):
        return bv(a.as_long() * b.as_long(), a.size())
    if z3.is_bv_value(b) and b.as_long() == 1:
        return a
    if z3.is_bv_value(a) and a.as_long() == 1:
        return b
    return a * b


# ---- nondeterminism bookkeeping ----------------------------------------------------


@dataclass
class Nondeterminism:
    """The fresh variables one function's execution introduces.

    ``undef``: variables standing for an ``undef`` (a constant use, an undef input,
    or a fresh copy made at a later use); ``nondet``: ``freeze`` picks and the
    renamed copies used to ask "can this value change with its undef choices?".
    For src they are universally quantified in the refinement queries (src may
    choose), for tgt they are free (every tgt choice must be covered).
    """

    side: str  # "src" | "tgt"
    vars: dict[str, z3.ExprRef] = field(default_factory=dict)
    undef: set[str] = field(default_factory=set)
    _counter: itertools.count = field(default_factory=itertools.count)

    def fresh_undef(self, width: int, hint: str = "undef") -> z3.BitVecRef:
        name = f"{hint}!{self.side}!{next(self._counter)}"
        var = z3.BitVec(name, width)
        self.vars[name] = var
        self.undef.add(name)
        return var

    def fresh_nondet(self, width: int, hint: str = "nondet") -> z3.BitVecRef:
        name = f"{hint}!{self.side}!{next(self._counter)}"
        var = z3.BitVec(name, width)
        self.vars[name] = var
        return var

    def refresh(self, sv: StateValue) -> StateValue:
        """``sv`` with fresh copies of its undef variables (a later use of a value)."""
        if not sv.undef_vars:
            return sv
        pairs, names = self._copies(sv.undef_vars)
        return StateValue(z3.substitute(sv.value, *pairs), z3.substitute(sv.non_poison, *pairs),
                          frozenset(names))

    def renamed(self, e: z3.ExprRef, undef_vars: frozenset[str]) -> z3.ExprRef:
        """``e`` with its undef variables replaced by fresh *non-refreshable* copies:
        the second execution in "does the value depend on undef choices?" tests."""
        if not undef_vars:
            return e
        pairs = []
        for name in sorted(undef_vars):
            old = self.vars[name]
            new = self.fresh_nondet(old.size(), "undef'")
            pairs.append((old, new))
        return z3.substitute(e, *pairs)

    def _copies(self, names: frozenset[str]) -> tuple[list[tuple[z3.ExprRef, z3.ExprRef]], list[str]]:
        pairs = []
        new_names = []
        for name in sorted(names):
            old = self.vars[name]
            new = self.fresh_undef(old.size(), name.split("!", 1)[0])
            pairs.append((old, new))
            new_names.append(str(new))
        return pairs, new_names


def subterms(e: z3.ExprRef) -> Iterator[z3.ExprRef]:
    """Each distinct subterm of ``e`` once (memoised DAG walk: shared subterms of
    unrolled code are visited once, not once per path to them)."""
    seen: set[int] = set()
    stack = [e]
    while stack:
        x = stack.pop()
        key = x.get_id()
        if key in seen:
            continue
        seen.add(key)
        yield x
        stack.extend(x.children())


def collect_vars(e: z3.ExprRef) -> dict[str, z3.ExprRef]:
    """The uninterpreted constants occurring in ``e``, by name."""
    return {x.decl().name(): x for x in uninterpreted(e, arity="constant")}
