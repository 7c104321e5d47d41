"""Deterministic budgets (solving.Budget): z3's resource limit ends a query the same
way under any load, and the wall clock, only a safety net, never decides an answer."""

from __future__ import annotations

import time

import z3

from veriopt.verify import check
from veriopt.verify.batch import cache_key
from veriopt.verify.options import RLIMIT_PER_SECOND, VerifyOptions
from veriopt.verify.solving import FP_WITH_FUNCTIONS, Budget, query_logic, solve
from veriopt.verify.verdict import (
    LOAD_INDEPENDENT_TIMEOUTS,
    TIMEOUT_CPU,
    TIMEOUT_RLIMIT,
    TIMEOUT_WALL,
    is_timeout,
)


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


def test_a_stop_by_a_time_limit_is_never_a_definite_verdict():
    """Units that never run out: the query's CPU-time limit (or, on a machine too busy
    to give it that CPU time, the check's wall clock) ends it, and the answer says so."""
    v = check(division_identity(32), rlimit=10**15, timeout=0.02)
    assert v.category == "inconclusive" and v.reason in (TIMEOUT_CPU, TIMEOUT_WALL)


def test_a_query_past_its_cpu_time_is_a_cpu_timeout_charged_in_full():
    """The net under the resource limit: z3 counts some work far slower than its
    calibrated rate, and a query's CPU time (not the wall clock, which a busy machine
    stretches) stops it; its whole unit budget is charged, wherever it stopped."""
    budget = Budget(per_query=1.0, deadline=time.monotonic() + 600, units_per_second=10**12)
    s = z3.SolverFor("QF_BV")
    s.add(hard_formula())
    ans = budget.check(s, 0.05)  # 0.5 s of CPU; the units would last for hours
    assert (ans.status, ans.why) == ("unknown", TIMEOUT_CPU)
    assert budget.cpu_stopped and not budget.wall_stopped
    assert budget.units_spent >= 0.05 * 10**12 and budget.timeout_reason() == TIMEOUT_CPU


def test_the_context_works_normally_after_a_cpu_stop():
    """z3 keeps a context cancelled when an interrupt lands after a check has ended;
    a later simplification would then silently do nothing."""
    budget = Budget(per_query=1.0, deadline=time.monotonic() + 600, units_per_second=10**12)
    for _ in range(3):
        s = z3.SolverFor("QF_BV")
        s.add(hard_formula())
        assert budget.check(s, 0.01).why == TIMEOUT_CPU
        x = z3.BitVec("x", 8)
        assert z3.simplify(x + 1 + 2).eq(z3.simplify(x + 3))
        easy = z3.SolverFor("QF_BV")
        easy.add(x == 5)
        assert budget.check(easy, 1.0).status == "sat"


def test_a_cpu_stop_at_a_deep_bound_falls_back_like_a_rlimit_stop():
    """Both limits stop at the same point on an idle and a busy machine, so an
    adaptive check may answer at a lower bound after either."""
    assert TIMEOUT_CPU in LOAD_INDEPENDENT_TIMEOUTS and TIMEOUT_RLIMIT in LOAD_INDEPENDENT_TIMEOUTS
    assert TIMEOUT_WALL not in LOAD_INDEPENDENT_TIMEOUTS


def test_the_resource_budget_follows_the_timeout_and_is_part_of_the_cache_key():
    assert VerifyOptions(timeout=4).query_rlimit() == 4 * RLIMIT_PER_SECOND
    assert VerifyOptions(timeout=4, rlimit=7).query_rlimit() == 7
    assert VerifyOptions(timeout=4).wall_seconds() > VerifyOptions(timeout=4).deadline_seconds()
    assert cache_key("a", "b", VerifyOptions(rlimit=5)) != cache_key("a", "b", VerifyOptions())


def test_every_timeout_reason_is_a_timeout_also_the_old_one():
    assert all(is_timeout(r) for r in ("timeout", TIMEOUT_RLIMIT, TIMEOUT_CPU, TIMEOUT_WALL))
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


def fp_and_function_formula() -> tuple[z3.BoolRef, z3.ExprRef, z3.FuncDeclRef]:
    """FP arithmetic over bytes read through an uninterpreted function, the shape of a
    query about a float loaded from memory (its initial bytes are a function)."""
    init = z3.Function("init", z3.BitVecSort(8), z3.BitVecSort(32))
    a = z3.BitVec("a", 8)
    x = z3.fpBVToFP(init(a), z3.Float32())
    return z3.fpMul(z3.RNE(), x, z3.FPVal(2.0, z3.Float32())) == \
        z3.fpAdd(z3.RNE(), x, x), x, init


def test_fp_with_uninterpreted_functions_goes_to_the_fp_tactic_not_the_general_solver():
    """The general solver counts FP work about ten times slower than its rlimit's
    calibration, so its limit ran past the wall-clock net (a load-dependent verdict);
    FP queries go to the QF_FPBV tactic also when functions or arrays occur."""
    same, x, init = fp_and_function_formula()
    assert query_logic(same) == FP_WITH_FUNCTIONS
    assert query_logic(z3.fpIsNaN(x)) == FP_WITH_FUNCTIONS
    assert query_logic(z3.fpIsNaN(z3.FP("z", z3.Float32()))) == "QF_FPBV"
    assert query_logic(init(z3.BitVec("b", 8)) == 3) == ""  # no FP: unchanged
    assert query_logic(z3.BitVec("c", 8) == 3) == "QF_BV"
    y = z3.FP("y", z3.Float32())
    assert query_logic(z3.ForAll([y], z3.fpIsNaN(y) == z3.fpIsNaN(x))) == ""


def test_the_fp_tactic_answers_fp_and_function_queries_like_the_general_solver():
    same, x, init = fp_and_function_formula()
    budget = Budget(per_query=60.0, deadline=time.monotonic() + 600)
    assert solve(z3.Not(same), [], budget)[0].status == "unsat"  # x*2 == x+x, NaNs too
    nan_bits = z3.And(z3.fpIsNaN(x), init(z3.BitVec("b", 8)) == 7)
    ans, _ = solve(nan_bits, [], budget)
    assert ans.status == "sat" and ans.model is not None
    assert z3.is_true(ans.model.eval(nan_bits, model_completion=True))


def test_a_float_loaded_from_memory_is_proved_and_refuted():
    src = ("define float @src(ptr %p) {\n  %v = load float, ptr %p, align 4\n"
           "  %r = fmul float %v, 2.0\n  ret float %r\n}\n")
    good = src.replace("@src", "@tgt").replace("fmul float %v, 2.0", "fadd float %v, %v")
    bad = src.replace("@src", "@tgt").replace("2.0", "4.0")
    assert check(src, good).category == "correct"
    assert check(src, bad).reason == "value_mismatch"


def _cpu_stop_in_this_process(_: int) -> str:
    budget = Budget(per_query=1.0, deadline=time.monotonic() + 600, units_per_second=10**12)
    s = z3.SolverFor("QF_BV")
    s.add(hard_formula())
    return budget.check(s, 0.02).why


def test_the_cpu_net_works_in_a_forked_worker_after_the_parent_used_it():
    """Workers are forked from a parent whose watcher thread does not survive the fork."""
    import multiprocessing

    assert _cpu_stop_in_this_process(0) == TIMEOUT_CPU  # the parent's watcher runs
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.map(_cpu_stop_in_this_process, [0]) == [TIMEOUT_CPU]
