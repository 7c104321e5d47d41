"""Solver aids for floating point: what makes FP refinement queries cheap.

Why a file of its own: FP semantics (fp.py) are exact but expensive to solve. Two
observations about real (O0, instcombine) pairs make most queries easy, and both
are only *strategies*, never semantics, so a wrong guess costs time, not soundness:

* `witness_instances`: src's NaN and fusion choices are universally quantified. The
  choice that reproduces tgt's returned bits can be written down as a term, and
  given to the ∃∀ solver as an instance (solving.ExistsForall).
* `congruence_solver`: when src and tgt apply the same FP operations to operands
  that are equal only after integer or control-flow reasoning, replacing every FP
  operation by an uninterpreted function proves the query unsatisfiable without
  bit-blasting any FP circuit.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import z3

from veriopt.verify.fp import (
    BV,
    NaNSite,
    PickSite,
    fp_format,
    is_nan_bits,
    nan_payload,
    sites,
    target_nan_payload,
)
from veriopt.verify.state import Nondeterminism, StateValue, bv
from veriopt.verify.terms import applications_reaching

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
        kept = nan_payload(src, f, bv(0, 1))
        quieted = nan_payload(src, f, bv(1, 1))
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


_FP_SORTS = frozenset({z3.Z3_FLOATING_POINT_SORT, z3.Z3_ROUNDING_MODE_SORT})


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
        """FP values become bit-vectors of their width (an injective encoding exists:
        IEEE bits with one NaN), rounding modes 3 bits; then the query is QF_UFBV,
        which z3 solves by Ackermann reduction and bit-blasting of the *abstract*
        problem (small: no FP circuits)."""
        if isinstance(s, z3.FPSortRef):
            return z3.BitVecSort(s.ebits() + s.sbits())
        if isinstance(s, z3.FPRMSortRef):
            return z3.BitVecSort(3)
        return s

    def term(self, e: z3.ExprRef) -> z3.ExprRef:
        # Only terms with FP below change; the rest (most of an -O0 query) is kept whole
        # without looking into it from Python.
        with_fp = applications_reaching(e, _FP_SORTS)
        stack = [e]
        while stack:
            x = stack[-1]
            if x.get_id() in self.cache:
                stack.pop()
                continue
            if x.as_ast().value not in with_fp:
                stack.pop()
                self.cache[x.get_id()] = x
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
            if kind == z3.Z3_OP_ITE:
                return z3.If(*args)
            if kind == z3.Z3_OP_EQ:  # SMT equality of FP values is equality of abstract ones
                return args[0] == args[1]
            if kind == z3.Z3_OP_DISTINCT:
                return z3.Distinct(*args)
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


#: Largest query (z3 expression count) the congruence pre-check rewrites.
CONGRUENCE_MAX_TERMS = 6000

#: z3 FP operations that commute in their two operands after the rounding mode.
COMMUTATIVE_FP_OPS = frozenset({z3.Z3_OP_FPA_ADD, z3.Z3_OP_FPA_MUL, z3.Z3_OP_FPA_FMA})


def congruence_solver(formulas: Sequence[z3.BoolRef]) -> z3.Solver | None:
    """A solver holding the FP-abstracted query: unsatisfiable means the query is too.
    None when the query has no FP terms or is too large to rewrite (the caller budgets
    and runs the check: solving.Budget)."""
    goal = z3.Goal()
    goal.add(*formulas)
    if z3.Probe("num-exprs")(goal) > CONGRUENCE_MAX_TERMS:
        return None  # the Python rewrite would cost more than it can save
    abstraction = _Abstraction()
    try:
        abstract = [abstraction.term(f) for f in formulas]
    except z3.Z3Exception:
        return None
    if not abstraction.found_fp:
        return None
    s = z3.SolverFor("QF_UFBV")
    s.add(*abstract, *abstraction.axioms)
    return s


__all__ = ["CONGRUENCE_MAX_TERMS", "nan_choice_for", "congruence_solver",
           "witness_instances"]
