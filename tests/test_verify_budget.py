"""Deterministic budgets (solving.Budget): z3's resource limit ends a query the same
way under any load, and the wall clock, only a safety net, never decides an answer."""

from __future__ import annotations

import time

import z3

from veriopt.verify import check
from veriopt.verify.batch import cache_key
from veriopt.verify.options import RLIMIT_PER_SECOND, VerifyOptions
from veriopt.verify.solving import Budget
from veriopt.verify.verdict import TIMEOUT_RLIMIT, TIMEOUT_WALL, is_timeout


def division_identity(width: int) -> str:
    """``a == (a / d) * d + a % d`` with ``d = b | 1``: correct, and costly for z3 at
    any width past a few bits (bit-blasted division), so the budget decides."""
    w = f"i{width}"
    return (f"define {w} @src({w} noundef %a, {w} noundef %b) {{\n  ret {w} %a\n}}\n\n"
            f"define {w} @tgt({w} noundef %a, {w} noundef %b) {{\n  %d = or {w} %b, 1\n"
            f"  %q = udiv {w} %a, %d\n  %m = mul {w} %q, %d\n  %r = urem {w} %a, %d\n"
            f"  %s = add {w} %m, %r\n  ret {w} %s\n}}\n")


def hard_formula() -> z3.BoolRef:
    a, b = z3.BitVecs("a b", 32)
    d = b | 1
    return z3.UDiv(a, d) * d + z3.URem(a, d) != a


def test_a_query_past_its_resource_units_is_a_rlimit_timeout_charged_to_the_budget():
    budget = Budget(per_query=1.0, deadline=time.monotonic() + 600, units_per_second=200_000)
    s = z3.SolverFor("QF_BV")
    s.add(hard_formula())
    ans = budget.check(s, 1.0)
    assert (ans.status, ans.why) == ("unknown", TIMEOUT_RLIMIT)
    assert budget.units_spent >= 200_000 and not budget.wall_stopped


def test_each_check_of_an_incremental_solver_gets_its_own_units():
    budget = Budget(per_query=1.0, deadline=time.monotonic() + 600, units_per_second=200_000)
    s = z3.SolverFor("QF_BV")
    s.add(hard_formula())
    first = budget.check(s, 1.0)
    spent = budget.units_spent
    second = budget.check(s, 1.0)
    assert first.why == second.why == TIMEOUT_RLIMIT
    assert budget.units_spent >= spent + 200_000  # not zero: the limit is per check


def test_a_query_after_the_wall_clock_net_is_a_wall_timeout():
    budget = Budget(per_query=1.0, deadline=time.monotonic() - 1)
    s = z3.Solver()
    s.add(z3.Bool("p"))
    assert budget.check(s, 1.0).why == TIMEOUT_WALL
    assert budget.wall_stopped and budget.timeout_reason() == TIMEOUT_WALL


def test_the_resource_budget_decides_a_costly_proof():
    """The same pair is proved with enough units and times out (rlimit) with too few:
    the budget, not the clock, draws the line."""
    text = division_identity(10)
    assert check(text, rlimit=1_000_000_000, timeout=600).category == "correct"
    v = check(text, rlimit=100_000, timeout=600)
    assert (v.category, v.reason) == ("inconclusive", TIMEOUT_RLIMIT)


def test_a_wall_clock_stop_is_never_a_definite_verdict():
    """Units that never run out, a wall clock that does: the answer is timeout:wall."""
    v = check(division_identity(32), rlimit=10**15, timeout=0.02)
    assert (v.category, v.reason) == ("inconclusive", TIMEOUT_WALL)


def test_the_resource_budget_follows_the_timeout_and_is_part_of_the_cache_key():
    assert VerifyOptions(timeout=4).query_rlimit() == 4 * RLIMIT_PER_SECOND
    assert VerifyOptions(timeout=4, rlimit=7).query_rlimit() == 7
    assert VerifyOptions(timeout=4).wall_seconds() > VerifyOptions(timeout=4).deadline_seconds()
    assert cache_key("a", "b", VerifyOptions(rlimit=5)) != cache_key("a", "b", VerifyOptions())


def test_every_timeout_reason_is_a_timeout_also_the_old_one():
    assert all(is_timeout(r) for r in ("timeout", TIMEOUT_RLIMIT, TIMEOUT_WALL))
    assert not is_timeout("solver_error")


def aliasing_chain(n: int = 40) -> str:
    """Stores and loads through four pointers that may alias: each load reads a byte
    from every earlier store (an if-then-else per byte per store), so the terms
    grow with the square of the length while the instructions grow linearly."""
    params = ", ".join(f"ptr %p{i}" for i in range(4))
    body = "".join(f"  store i32 {i}, ptr %p{i % 4}, align 4\n"
                   f"  %v{i} = load i32, ptr %p{(i + 1) % 4}, align 4\n"
                   f"  store i32 %v{i}, ptr %p{(i + 2) % 4}, align 1\n" for i in range(n))
    return f"define i32 @f({params}) {{\n{body}  ret i32 %v{n - 1}\n}}\n"


def test_encoding_work_is_counted_in_terms_not_only_instructions():
    """120 instructions are a quarter of a second by the instruction count, but they
    build about 1.5 million terms (a minute of encoding). Counted by instructions only,
    the encoder ran on until the wall-clock net stopped it (`timeout:wall`: a verdict
    that depends on the machine's load); counted with the terms it builds, the
    deterministic budget ends it (`timeout:rlimit`), on any machine."""
    src = aliasing_chain()
    tgt = src.replace("ret i32 %v39", "%r = add i32 %v39, 0\n  ret i32 %r")
    v = check(src, tgt, timeout=2, total_timeout=2)
    assert (v.category, v.reason) == ("inconclusive", "timeout:rlimit")


def test_terms_built_counts_the_constructors_work():
    """`terms_built` grows by what the smart constructors build, and not when they fold."""
    import z3

    from veriopt.verify.state import FALSE, TRUE, mk_and, mk_ite, terms_built

    a, b = z3.Bools("a b")
    before = terms_built()
    mk_and(a, TRUE)  # folds to a: nothing built
    mk_ite(FALSE, a, b)  # folds to b
    assert terms_built() == before
    mk_and(a, b)
    mk_ite(a, z3.BitVecVal(1, 8), z3.BitVec("x", 8))
    assert terms_built() == before + 3
