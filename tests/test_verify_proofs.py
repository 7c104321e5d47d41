"""Proof kinds (issue 11, class 6): a ``correct`` says what it proves.

``full``: every execution; ``bounded``: executions whose loops stay within the unroll
bound (Alive2's unroll-0 ``correct`` is of this kind); ``vacuous``: src is UB on every
input, so any tgt refines it. A bounded proof is never labelled full, a vacuous one
never full, and a vacuous one must agree with the concrete interpreter: an input on
which src is defined makes the answer ``inconclusive`` (internal inconsistency).
"""

from __future__ import annotations

import dataclasses

import pytest

from test_verify_loops import pair as loop_pair
from test_verify_loops import sum_to_n
from veriopt.verify import Verdict, check
from veriopt.verify.api import _prefer_shallow, _vacuous
from veriopt.verify.loading import load_modules, make_pair
from veriopt.verify.options import VerifyOptions
from veriopt.verify.solving import Budget
from veriopt.verify.vacuity import cross_check


def closed_form(wrong_above: int) -> str:
    """The body of n(n-1)/2, but 0 for n above ``wrong_above``: right only for short
    loops."""
    return (" %m = sub i32 %n, 1\n %p = mul i32 %n, %m\n %h = lshr i32 %p, 1\n"
            f" %big = icmp ugt i32 %n, {wrong_above}\n %r = select i1 %big, i32 0, i32 %h\n"
            " ret i32 %r")


def sum_loop_vs_closed_form(wrong_above: int) -> str:
    """sum of 0..n-1 by a loop (src) against `closed_form` (tgt)."""
    return loop_pair("i32 %n", sum_to_n(), closed_form(wrong_above))


#: Past the refutation's reach: a concrete run of 100,001 iterations is over its step
#: budget, so nothing but the bound can speak for executions that long.
FAR = 100_000


def test_closed_form_wrong_past_the_bound_is_a_bounded_proof_never_full():
    v = check(sum_loop_vs_closed_form(FAR))
    assert (v.category, v.proof) == ("correct", "bounded")
    assert v.unroll is not None and v.unroll < FAR and v.bounded
    assert f"(bounded: loops unrolled {v.unroll} times)" in v.report
    assert v.to_json()["proof"] == "bounded" and v.to_json()["unroll"] == v.unroll


def test_alive2_default_bound_zero_correct_is_bounded():
    v = check(sum_loop_vs_closed_form(FAR), unroll=0, max_unroll=0)
    assert (v.category, v.proof, v.unroll) == ("correct", "bounded", 0)


@pytest.mark.parametrize("unroll", [0, None])
def test_a_concrete_run_past_the_bound_that_disagrees_withholds_the_bounded_proof(unroll):
    # n = 1001 (the function's literal plus one) runs the loop 1001 times: within the
    # refutation's reach, and src and tgt disagree there. A bounded "correct" would
    # hide a miscompilation it has seen, so the answer is inconclusive, never correct.
    bound = {} if unroll is None else {"unroll": unroll, "max_unroll": unroll}
    v = check(sum_loop_vs_closed_form(1000), **bound)
    assert (v.category, v.reason) == ("inconclusive", "unconfirmed_counterexample")
    assert "beyond the unroll bound" in v.message


def test_a_deeper_bound_that_times_out_yields_to_the_bound_zero_proof_kept_bounded():
    shallow = Verdict("correct", proof="bounded", unroll=0, solver_seconds=0.1)
    deep = Verdict("inconclusive", "timeout", "Timeout", solver_seconds=9.0)
    kept = _prefer_shallow(deep, shallow)
    assert (kept.category, kept.proof, kept.unroll) == ("correct", "bounded", 0)
    assert kept.solver_seconds == 9.0
    refuted = Verdict("semantic_error", "value_mismatch", "Value mismatch")
    assert _prefer_shallow(refuted, shallow) is refuted


def test_source_ub_on_every_input_is_a_vacuous_proof_backed_by_the_interpreter():
    v = check("define i8 @src(i8 %x) {\n  %d = udiv i8 %x, 0\n  ret i8 %d\n}\n\n"
              "define i8 @tgt(i8 %x) {\n  ret i8 7\n}\n")
    assert (v.category, v.reason, v.proof, v.unroll) == ("correct", "source_always_ub",
                                                         "vacuous", None)
    assert len(v.warnings) == 1  # Alive2's warning; the interpreter agreed
    assert "(vacuous: the source is UB on every input)" in v.report


def test_source_ub_through_its_own_undef_choice_is_vacuous_not_full():
    """``udiv 1, undef``: src may pick 0, so on every input it is UB (src's choices are
    angelic in refinement), although some choice is defined: Alive2's always-UB test
    (no defined input and choice) misses it, and the proof was labelled full."""
    v = check("define i8 @src(i8 %x) {\n  %u = udiv i8 1, undef\n  ret i8 %u\n}\n\n"
              "define i8 @tgt(i8 %x) {\n  ret i8 7\n}\n")
    assert (v.category, v.proof) == ("correct", "vacuous")


def test_interpreter_finding_the_source_defined_makes_a_vacuous_proof_inconclusive():
    """`_vacuous` is what the verifier does once the solver says src is always UB;
    here src is plainly defined, as an encoder bug would make it look UB."""
    text = "define i8 @src(i8 %x) {\n  ret i8 %x\n}\n\ndefine i8 @tgt(i8 %x) {\n  ret i8 0\n}\n"
    mods = load_modules(text, None, VerifyOptions(), float("inf"))
    v = _vacuous(make_pair(mods, "src", "tgt"), Budget(10, float("inf")), 0, poison_inputs=True)
    assert (v.category, v.reason) == ("inconclusive", "internal_inconsistency:vacuous")
    assert "the interpreter ran it to a return on %x = " in v.message


def test_memcpy_of_a_pointer_onto_itself_never_accepts_any_target():
    """LangRef 19: memcpy's regions are equal or disjoint, so equal is defined. Were the
    encoder to think it UB (issue 11, class 1), every tgt would pass vacuously: the
    interpreter's cross-check keeps that from becoming a ``correct``."""
    v = check("declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)\n\n"
              "define i8 @src(ptr %p) {\n"
              "  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %p, i64 4, i1 false)\n"
              "  ret i8 0\n}\n\ndefine i8 @tgt(ptr %p) {\n  ret i8 1\n}\n")
    assert v.category != "correct"


def module_fn(text: str):
    mods = load_modules(text, None, VerifyOptions(), float("inf"))
    fn = mods.src_mod.definitions[0]
    return mods.src_mod, fn


def test_cross_check_counts_only_deterministic_runs():
    mod, fn = module_fn("define i8 @f(i8 %x) {\n  %u = udiv i8 1, undef\n  ret i8 %u\n}\n")
    assert cross_check(mod, fn).status == "backed"  # returns only under some undef choice
    mod, fn = module_fn("define i8 @f(i8 %x) {\n  %u = udiv i8 1, %x\n  ret i8 %u\n}\n")
    check_ = cross_check(mod, fn)
    assert check_.status == "refuted" and "%x = " in check_.detail


def test_cross_check_declines_where_the_interpreter_misses_a_source_of_ub():
    """``memory(read)`` makes a store UB; the interpreter does not model it, so a run
    that returns proves nothing."""
    mod, fn = module_fn("define void @f(ptr %p) memory(read) {\n  store i8 0, ptr %p\n"
                        "  ret void\n}\n")
    out = cross_check(mod, fn)
    assert out.status == "unchecked" and "memory(read)" in out.detail
    v = check("define void @src(ptr %p) memory(read) {\n  store i8 0, ptr %p\n  ret void\n}\n"
              "\ndefine void @tgt(ptr %p) memory(read) {\n  unreachable\n}\n")
    assert (v.category, v.proof) == ("correct", "vacuous")
    assert any("could not cross-check" in w for w in v.warnings)


def test_a_copy_with_loops_is_a_full_proof():
    v = check(loop_pair("i32 %n", sum_to_n(), sum_to_n()))
    assert (v.category, v.proof, v.is_copy) == ("correct", "full", True)


def test_verdict_rejects_a_proof_kind_that_contradicts_its_bound():
    with pytest.raises(ValueError):
        Verdict("correct", proof="full", unroll=8)
    with pytest.raises(ValueError):
        Verdict("correct", proof="bounded")
    ok = Verdict("correct", proof="bounded", unroll=8)
    assert dataclasses.replace(ok).bounded


def test_a_deeper_bound_proved_but_of_unknown_kind_yields_to_the_bound_zero_proof(monkeypatch):
    """The stages at a deep bound may hold yet use the budget up, leaving the question
    "is src defined on some input?" (which makes the proof bounded, not vacuous)
    unanswered. That bound then claims nothing, and the check falls back as on any other
    timeout: to the bound-0 proof, never to a timeout that hides it, never to a
    ``correct`` of unknown kind. (Seen on linked_list.c's list_sum: bound 0 correct in
    0.2 s, bound 8's stages unsat in 20 s, verdict ``timeout:rlimit``.)"""
    import veriopt.verify.api as api

    real_run, real_defined = api._run, api._defined_somewhere
    bound = [0]

    def run(pair, budget, opts, setup):
        bound[0] = setup.attempt.bound
        return real_run(pair, budget, opts, setup)

    def unknown_when_deep(rc, cheap):
        return None if bound[0] > 0 else real_defined(rc, cheap)

    monkeypatch.setattr(api, "_run", run)
    monkeypatch.setattr(api, "_defined_somewhere", unknown_when_deep)
    v = check(sum_loop_vs_closed_form(FAR))
    assert (v.category, v.proof, v.unroll) == ("correct", "bounded", 0)
    # with the bound fixed there is nothing to fall back on: the honest timeout
    v = check(sum_loop_vs_closed_form(FAR), unroll=8, max_unroll=8)
    assert (v.category, v.reason) == ("inconclusive", "timeout:rlimit")
