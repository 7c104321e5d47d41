"""``llvm.experimental.constrained.*`` (LangRef 19, "Constrained Floating-Point
Intrinsics"): the operation under a static rounding mode, or under the caller's
(``round.dynamic``: an input shared by src and tgt); ``fpexcept.ignore`` makes the
exceptions unobservable, the two other behaviours make them part of what must be
kept, which we do not model (no proof claimed, a counterexample stands)."""

from __future__ import annotations

import pytest

from veriopt.verify import check

PROOF_TIMEOUT_S = 120.0


def fsub(x: str, y: str, rounding: str, exc: str = "fpexcept.ignore", res: str = "r") -> str:
    return (f"  %{res} = call float @llvm.experimental.constrained.fsub.f32(float {x}, float {y}, "
            f'metadata !"{rounding}", metadata !"{exc}")')


def pair(src: str, tgt: str) -> str:
    return (f"define float @src(float noundef %a) {{\n{src}\n}}\n\n"
            f"define float @tgt(float noundef %a) {{\n{tgt}\n}}\n\n"
            "declare float @llvm.experimental.constrained.fsub.f32(float, float, metadata, metadata)\n"
            "declare float @llvm.experimental.constrained.fadd.f32(float, float, metadata, metadata)\n")


def verdict(text: str) -> tuple[str, str]:
    v = check(text, timeout=PROOF_TIMEOUT_S)
    return v.category, v.reason


@pytest.mark.parametrize("rounding", ["round.tonearest", "round.upward", "round.towardzero"])
def test_subtracting_zero_is_the_identity_unless_rounding_down(rounding: str):
    # x - (+0) = x in every mode but downward, where (+0) - (+0) = -0
    src = fsub("%a", "0.0", rounding) + "\n  ret float %r"
    assert verdict(pair(src, "  ret float %a")) == ("correct", "")


@pytest.mark.parametrize("rounding", ["round.downward", "round.dynamic"])
def test_subtracting_zero_rounding_down_gives_minus_zero(rounding: str):
    src = fsub("%a", "0.0", rounding) + "\n  ret float %r"
    assert verdict(pair(src, "  ret float %a")) == ("semantic_error", "value_mismatch")


def test_the_dynamic_mode_is_one_input_for_both_functions():
    # the same operation under round.dynamic on both sides is the same value
    src = fsub("%a", "1.0", "round.dynamic") + "\n  ret float %r"
    assert verdict(pair(src, src.replace("%r", "%s"))) == ("correct", "")
    # ...but not one under a fixed mode, which is UB when another is in effect
    tgt = fsub("%a", "1.0", "round.tonearest") + "\n  ret float %r"
    assert verdict(pair(src, tgt)) == ("semantic_error", "source_more_defined")


def test_a_static_mode_other_than_the_one_in_effect_is_ub():
    # LangRef 19: "Using a specific non-dynamic rounding mode which does not match the
    # actual rounding mode at runtime results in undefined behavior."
    src = fsub("%a", "1.0", "round.upward") + "\n  ret float %r"
    tgt = fsub("%a", "1.0", "round.downward") + "\n  ret float %r"
    assert verdict(pair(src, tgt)) == ("semantic_error", "source_more_defined")
    # two static modes that disagree: no rounding mode makes the source defined
    both = (fsub("%a", "0.0", "round.upward", res="x") + "\n"
            + fsub("%a", "0.0", "round.downward", res="y") + "\n"
            + fsub("%x", "%y", "round.dynamic") + "\n  ret float %r")
    assert verdict(pair(both, "  ret float poison")) == ("correct", "source_always_ub")


def test_a_static_mode_in_tgt_is_wrong_even_where_the_values_agree():
    # a * 1.0 is exact in every mode, but tgt is UB unless upward is in effect
    mul = ("  %r = call float @llvm.experimental.constrained.fmul.f32(float %a, float 1.0, "
           'metadata !"{0}", metadata !"fpexcept.ignore")\n  ret float %r')
    text = pair(mul.format("round.dynamic"), mul.format("round.upward")) + \
        "declare float @llvm.experimental.constrained.fmul.f32(float, float, metadata, metadata)\n"
    assert verdict(text) == ("semantic_error", "source_more_defined")
    same = pair(mul.format("round.upward"), mul.format("round.upward").replace("%r", "%s")) + \
        "declare float @llvm.experimental.constrained.fmul.f32(float, float, metadata, metadata)\n"
    assert verdict(same) == ("correct", "")


def test_strict_exceptions_allow_no_proof_but_errors_stand():
    src = fsub("%a", "0.0", "round.upward", "fpexcept.strict") + "\n  ret float %r"
    assert verdict(pair(src, "  ret float %a")) == ("inconclusive", "unsupported:fp-exceptions")
    wrong = fsub("%a", "0.0", "round.dynamic", "fpexcept.strict") + "\n  ret float %r"
    assert verdict(pair(wrong, "  ret float %a")) == ("semantic_error", "value_mismatch")


def test_poison_target_is_more_poisonous():
    src = fsub("%a", "0.0", "round.upward") + "\n  ret float %r"
    assert verdict(pair(src, "  ret float poison")) == ("semantic_error", "target_more_poisonous")


def test_a_constrained_operation_with_a_call_is_refused():
    # the callee may change the mode in effect (fesetround): one mode per function
    # would make a static mode after the call wrongly UB
    static = ("  call void @g()\n" + fsub("%a", "0.0", "round.upward") + "\n  ret float %r")
    text = pair(static, "  call void @g()\n  ret float %a") + "declare void @g()\n"
    assert verdict(text) == ("inconclusive", "unsupported:fp-dynamic-rounding")


def test_dynamic_mode_with_a_call_is_refused():
    src = ("  call void @g()\n" + fsub("%a", "0.0", "round.dynamic") + "\n  ret float %r")
    text = pair(src, "  call void @g()\n  ret float %a") + "declare void @g()\n"
    assert verdict(text) == ("inconclusive", "unsupported:fp-dynamic-rounding")


def test_constrained_fadd_operands_commute():
    add = ("  %r = call float @llvm.experimental.constrained.fadd.f32(float {0}, float {1}, "
           'metadata !"round.upward", metadata !"fpexcept.ignore")\n  ret float %r')
    assert verdict(pair(add.format("%a", "1.5"), add.format("1.5", "%a"))) == ("correct", "")
