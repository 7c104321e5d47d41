"""Eq. (1), (2), (4) of the paper, branch by branch, with hand-computed values."""

from __future__ import annotations

import math

import pytest

from test_toolchain import counting_runs
from veriopt.model.rewards import (
    bleu,
    correctness_reward,
    cot_reward,
    latency_reward,
    speedup,
)
from veriopt.verify.verdict import is_timeout


@pytest.mark.parametrize(("t", "a", "m", "b", "expected"), [
    (0, 0, 0, 0.0, 0.0),     # wrong format: only BLEU counts
    (0, 1, 1, 0.3, 0.3),     # even a verified exact match scores only b without the format
    (1, 0, 0, 0.25, 1.25),   # format ok, not verified: 1 + b
    (1, 0, 1, 0.25, 1.25),   # an exact match that is not verified earns nothing extra
    (1, 1, 0, 0.5, 2.5),     # verified, different from instcombine: 1 + 1 + b
    (1, 1, 1, 1.0, 4.0),     # verified exact match: 1 + 1*(1+1) + 1
])
def test_eq1_correctness_reward(t, a, m, b, expected):
    assert correctness_reward(bool(t), bool(a), bool(m), b) == pytest.approx(expected)


def test_bleu_is_scaled_to_unit_interval():
    ref = "define i32 @f(i32 %0) {\n  %2 = shl nsw i32 %0, 1\n  ret i32 %2\n}\n"
    assert bleu(ref, ref) == pytest.approx(1.0)
    assert bleu("", ref) == 0.0
    assert 0.0 < bleu(ref.replace("shl nsw", "mul"), ref) < 1.0


def test_eq2_cot_reward_branches():
    # both OK -> 1
    assert cot_reward(True, True, "Transformation seems to be correct!", "") == 1.0
    # both ERR, identical diagnostics -> 0.5 + 0.5 * 1
    d = "Transformation doesn't verify!\nERROR: Value mismatch"
    assert cot_reward(False, False, d, d) == pytest.approx(1.0)
    # both ERR, unrelated diagnostics -> 0.5 + 0.5 * BLEU ~ 0.5
    assert cot_reward(False, False, "zzz qqq", d) == pytest.approx(0.5)
    # disagreement either way -> 0
    assert cot_reward(True, False, "ok", d) == 0.0
    assert cot_reward(False, True, d, "") == 0.0
    # no self-diagnosis at all -> 0
    assert cot_reward(None, True, None, "") == 0.0


def test_eq2_partial_bleu_between_half_and_one():
    d = "Transformation doesn't verify!\nERROR: Value mismatch\nExample:\ni32 %x = #x00000000 (0)"
    m = "Transformation doesn't verify!\nERROR: Target is more poisonous than source"
    r = cot_reward(False, False, m, d)
    assert 0.5 < r < 1.0
    assert r == pytest.approx(0.5 + 0.5 * bleu(m, d))


def test_eq3_speedup():
    assert speedup(10, 4) == 2.5
    assert speedup(10, 0) == math.inf
    assert speedup(0, 0) == 1.0


@pytest.mark.parametrize(("verified", "src", "cand", "u_max", "gamma", "expected"), [
    (False, 10, 5, 3.0, 2.0, 0.0),    # S = 0 -> 0 even with a speedup
    (True, 10, 10, 3.0, 2.0, 0.0),    # u = 1 -> 0
    (True, 10, 12, 3.0, 2.0, 0.0),    # slower (u < 1) -> 0
    (True, 10, 5, 3.0, 2.0, 0.25),    # u = 2: ((2-1)/(3-1))^2 = 0.25
    (True, 10, 4, 3.0, 2.0, 0.5625),  # u = 2.5: (1.5/2)^2
    (True, 10, 2, 3.0, 2.0, 1.0),     # u = 5 > U_max: saturates at 1
    (True, 12, 8, 2.0, 3.0, 0.125),   # u = 1.5: (0.5/1)^3
    (True, 10, 5, 1.0, 2.0, 1.0),     # degenerate U_max <= 1: any speedup is 1
    (True, 10, None, 3.0, 2.0, 0.0),  # no candidate latency -> 0
])
def test_eq4_latency_reward(verified, src, cand, u_max, gamma, expected):
    assert latency_reward(verified, src, cand, u_max, gamma) == pytest.approx(expected)


# ---- which proofs pay (ProofPolicy) ---------------------------------------------------

LAYOUT = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"\n'
          'target triple = "aarch64-unknown-linux-gnu"\n\n')
ALWAYS_UB = LAYOUT + "define i32 @f(i32 %x) {\n  %d = udiv i32 %x, 0\n  ret i32 %d\n}\n"
SEVEN = LAYOUT + "define i32 @f(i32 %x) {\n  ret i32 7\n}\n"


@pytest.fixture(scope="module")
def scorer():
    from veriopt.model.scoring import CandidateScorer

    with CandidateScorer(jobs=1) as s:
        yield s


def _answer_facts(suite, src: str, tgt: str) -> dict:
    suite.correctness([""], [f"<answer>\n{tgt}</answer>"], o0=[src], instcombine=[None])
    return suite.last_facts[0]


def test_a_vacuous_proof_never_pays_whatever_the_policy(scorer):
    from veriopt.model.rewards import RewardSuite
    from veriopt.verify.options import FULL_OR_BOUNDED, ProofPolicy

    for policy in (FULL_OR_BOUNDED, ProofPolicy.of("full", "bounded", "vacuous")):
        facts = _answer_facts(RewardSuite(scorer, policy=policy), ALWAYS_UB, SEVEN)
        assert facts["category"] == "correct" and facts["proof"] == "vacuous"
        assert not facts["verified"] and facts["r_answer"] == pytest.approx(1.0)  # t only


def test_a_bounded_proof_pays_by_default_and_not_under_full_only(scorer):
    from test_adversarial import CLOSED_FORM, LOOP_SUM
    from veriopt.model.rewards import RewardSuite
    from veriopt.verify.options import FULL_ONLY

    answer = CLOSED_FORM.split("<answer>")[1].split("</answer>")[0]
    paper = _answer_facts(RewardSuite(scorer), LOOP_SUM, answer)
    if paper["proof"] != "bounded":
        pytest.skip(f"the verifier gives {paper['category']}/{paper['proof']} here")
    assert paper["verified"] and paper["r_answer"] == pytest.approx(2.0)  # the paper: 1 + 1
    strict = _answer_facts(RewardSuite(scorer, policy=FULL_ONLY), LOOP_SUM, answer)
    assert not strict["verified"] and strict["r_answer"] == pytest.approx(1.0)
    assert strict["r_latency"] == 0.0


def test_the_reward_policy_is_one_config_key():
    from veriopt.errors import ConfigError
    from veriopt.train.config import ScorerSettings

    assert ScorerSettings().reward_proofs == "full_or_bounded"
    assert ScorerSettings(reward_proofs="full_only").reward_proofs == "full_only"
    with pytest.raises(ConfigError, match="reward_proofs"):
        ScorerSettings(reward_proofs="anything")


# ---- the verifier's settings (VerifyOptions) reach the reward's checks ----------------

ADD_ZERO = LAYOUT + "define i32 @f(i32 %x) {\n  %y = add i32 %x, 0\n  ret i32 %y\n}\n"
IDENTITY = LAYOUT + "define i32 @f(i32 %x) {\n  ret i32 %x\n}\n"


def test_the_train_configs_verify_budget_reaches_the_rewards_checks(tmp_path, scorer):
    from veriopt.model.rewards import RewardSuite
    from veriopt.train.config import load_train_config
    from veriopt.train.pipeline import _make_scorer

    assert _answer_facts(RewardSuite(scorer), ADD_ZERO, IDENTITY)["category"] == "correct"
    y = tmp_path / "train.yaml"
    y.write_text("scorer: {jobs: 1}\nverify: {timeout: 2.0, total_timeout: 1.0e-6}\n")
    cfg = load_train_config(y)
    with _make_scorer(cfg) as starved:  # a budget no check fits in
        facts = _answer_facts(RewardSuite(starved), ADD_ZERO, IDENTITY)
    assert facts["category"] == "inconclusive" and is_timeout(facts["reason"])


def test_the_old_scorer_timeout_key_names_its_new_place(tmp_path):
    from veriopt.errors import ConfigError
    from veriopt.train.config import load_train_config

    y = tmp_path / "train.yaml"
    y.write_text("scorer: {jobs: 1, timeout: 5.0}\n")
    with pytest.raises(ConfigError, match=r"'scorer.timeout' is now 'verify.timeout'"):
        load_train_config(y)


def test_the_scorer_measures_each_source_once_and_leaves_bad_ones_to_the_worker(scorer):
    """Candidates run in fresh workers (a reward must not depend on a worker's history),
    so the scorer measures each source's latency itself and passes it along; a source it
    cannot measure is left to the worker, whose verdict says what is wrong with it."""
    from veriopt.model.scoring import _source_latency

    broken = "define i32 @f(i32 %x) {\n  ret i32 %y\n}\n"
    latencies = scorer._source_latencies({SEVEN, broken})
    assert set(latencies) == {SEVEN}
    assert latencies[SEVEN] == _source_latency(SEVEN) > 0
    scores = scorer.score([(SEVEN, SEVEN), (broken, SEVEN)])
    assert scores[(SEVEN, SEVEN)].src_latency == latencies[SEVEN]
    assert scores[(broken, SEVEN)].category != "correct"


def test_a_bare_definition_is_spliced_with_one_opt_process_and_the_same_result(monkeypatch):
    """A model's bare ``define`` never passes alone against a source with a target
    triple, so the splice comes first: one opt process instead of two, the same
    module; a wrong answer still reports LLVM's message for the answer as written."""
    from veriopt.errors import IRSyntaxError
    from veriopt.llvm import toolchain
    from veriopt.model.scoring import assemble_candidate, splice_into_source, standalone_candidate

    answer = "define i32 @f(i32 %x) {\n  %y = add i32 %x, 0\n  ret i32 %y\n}\n"
    expected = toolchain.canonicalize(splice_into_source(SEVEN, answer))
    started = counting_runs(monkeypatch)
    assert assemble_candidate(SEVEN, answer) == expected
    assert started == ["opt"]
    broken = "define i32 @f(i32 %x) {\n  ret i32 %nope\n}\n"
    with pytest.raises(IRSyntaxError) as alone:
        standalone_candidate(SEVEN, broken)
    with pytest.raises(IRSyntaxError) as assembled:
        assemble_candidate(SEVEN, broken)
    assert str(assembled.value) == str(alone.value) and "%nope" in str(alone.value)


def test_the_scorer_ships_each_source_canonical_once():
    """Each candidate's fresh worker gets the source as LLVM printed it (no opt run
    for it there); a source LLVM rejects goes as it is, for the worker to report."""
    from veriopt.llvm.toolchain import CanonicalIR
    from veriopt.model.scoring import _canonical_source

    assert isinstance(_canonical_source(SEVEN), CanonicalIR)
    broken = "define i32 @f(i32 %x) {\n  ret i32 %y\n}\n"
    assert _canonical_source(broken) is broken
