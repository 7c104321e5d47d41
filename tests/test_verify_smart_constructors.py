"""The verifier's smart constructors (`state.mk_and`/`mk_or`) fold what z3's rewriter
keeps: an argument that negates another, or negates a conjunction/disjunction of some
of the others. Each fold must be a tautology (checked by z3 here), and a near miss
must not fold."""

from __future__ import annotations

import z3

from veriopt.verify.state import FALSE, TRUE, mk_and, mk_not, mk_or


def valid(e: z3.BoolRef) -> bool:
    s = z3.Solver()
    s.add(z3.Not(e))
    return s.check() == z3.unsat


def test_disjunction_with_the_negation_of_some_disjuncts_is_true():
    o = z3.BitVec("o", 64)
    cases = [o == k for k in range(4)]
    folded = mk_or(*cases, mk_not(mk_or(*cases[:3])))
    assert folded.eq(TRUE) and valid(mk_or(*cases, z3.Not(z3.Or(*cases[:3]))))
    a = z3.Bool("a")
    assert mk_or(a, z3.Bool("b"), mk_not(a)).eq(TRUE)


def test_conjunction_with_the_negation_of_some_conjuncts_is_false():
    a, b, c = z3.Bools("a b c")
    assert mk_and(a, b, c, mk_not(mk_and(a, c))).eq(FALSE)
    assert mk_and(a, mk_not(a)).eq(FALSE)


def test_a_near_miss_is_not_folded():
    a, b, c = z3.Bools("a b c")
    near = mk_or(a, b, mk_not(mk_or(a, c)))  # c is not a disjunct: not a tautology
    assert not near.eq(TRUE) and not valid(near)
    assert not mk_and(a, b, mk_not(mk_and(a, c))).eq(FALSE)
