"""`terms.uninterpreted` answers what a walk through z3's Python API answers: the same
symbols, once each, in the same order, with its filters applied as the Python API
would apply them (the formulas, and so the verdicts, must not change with the speed-up)."""

from __future__ import annotations

import pytest
import z3

from veriopt.verify.state import collect_vars
from veriopt.verify.terms import uninterpreted


def reference(e: z3.ExprRef) -> list[z3.ExprRef]:
    """Uninterpreted applications by a plain depth-first walk of the Python API, in
    the order `uninterpreted` promises (a stack: last child first)."""
    seen, out, stack = set(), [], [e]
    while stack:
        x = stack.pop()
        if x.get_id() in seen:
            continue
        seen.add(x.get_id())
        if z3.is_quantifier(x):
            stack.append(x.body())
            continue
        if z3.is_app(x):
            if x.decl().kind() == z3.Z3_OP_UNINTERPRETED:
                out.append(x)
            stack.extend(x.children())
    return out


def formula() -> z3.BoolRef:
    a, b = z3.BitVecs("a b", 8)
    c = z3.Bool("c")
    f = z3.Function("skolem_off#1", z3.BitVecSort(8), z3.BitVecSort(8))
    g = z3.Function("mem", z3.BitVecSort(8), z3.BitVecSort(8), z3.BitVecSort(8))
    x = z3.BitVec("x", 8)
    body = z3.ForAll([x], z3.Implies(c, g(x, f(a)) == f(b) + a))
    return z3.And(body, f(a) != g(a, b), z3.If(c, f(f(a)), b) == 3)


@pytest.mark.parametrize(("arity", "prefix", "keep"), [
    ("any", "", lambda x: True),
    ("constant", "", lambda x: x.num_args() == 0),
    ("function", "", lambda x: x.num_args() > 0),
    ("function", "skolem_off", lambda x: x.num_args() > 0
     and x.decl().name().startswith("skolem_off")),
])
def test_uninterpreted_matches_the_python_api(arity, prefix, keep):
    e = formula()
    got = [x.get_id() for x in uninterpreted(e, arity=arity, prefix=prefix)]
    want = [x.get_id() for x in reference(e) if keep(x)]
    assert got == want
    assert got  # every filter finds something in this formula


def test_collect_vars_lists_the_constants_by_name():
    assert sorted(collect_vars(formula())) == ["a", "b", "c"]
