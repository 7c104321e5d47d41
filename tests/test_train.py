"""The training pipeline: configs, rewards-to-rollouts, harvesting, logs, and the four
stages end to end on CPU with a locally built model (no download), including resume."""

from __future__ import annotations

import csv
import json
import math
import os
import re
import shutil
from pathlib import Path

import pytest

from veriopt.errors import ConfigError
from veriopt.train.config import (
    STAGES,
    GRPOSettings,
    HarvestSettings,
    TrainConfig,
    load_train_config,
    trl_kwargs,
)
from veriopt.train.data import latency_speedup_p80
from veriopt.train.harvest import build_samples, failure_signature
from veriopt.train.rollouts import RolloutRecorder, drop_records_after, read_rollouts
from veriopt.train.stage_reward import step_summary

REPO = Path(__file__).resolve().parents[1]
RET = re.compile(r"ret i32 %[\w.]+")


# ---- configs -----------------------------------------------------------------------


def test_defaults_are_the_papers_grpo_settings():
    g = GRPOSettings()
    assert (g.beta, g.num_iterations, g.loss_type) == (0.0, 1, "dapo")
    assert g.max_grad_norm > 0
    cfg = TrainConfig()
    assert cfg.model == "Qwen/Qwen2.5-3B-Instruct" and cfg.latency.gamma > 1
    assert cfg.latency.u_max is None  # = the dataset's 80th percentile


def test_every_shipped_yaml_loads_and_maps_onto_trl_configs():
    pytest.importorskip("trl")
    from trl import GRPOConfig, SFTConfig

    files = sorted((REPO / "configs").glob("*.yaml"))
    assert {f.stem for f in files} >= {"zero", "warmup", "correctness", "latency", "pipeline",
                                       "tiny-cpu"}
    for f in files:
        cfg = load_train_config(f)
        for stage in ("zero", "correctness", "latency"):
            kw = trl_kwargs(getattr(cfg, stage).grpo, GRPOConfig)
            assert kw["beta"] == 0.0 and kw["loss_type"] == "dapo"
        trl_kwargs(cfg.warmup.sft, SFTConfig)


def test_settings_override_nested_keys_and_unknown_keys_are_errors(tmp_path):
    y = tmp_path / "c.yaml"
    y.write_text("init: scratch\nzero:\n  grpo:\n    max_steps: 3\n")
    cfg = load_train_config(y, settings=["zero.grpo.learning_rate=0.5", "eval.enabled=false"],
                            overrides={"run_dir": str(tmp_path / "r"), "model": None})
    assert cfg.zero.grpo.max_steps == 3 and cfg.zero.grpo.learning_rate == 0.5
    assert cfg.init == "scratch" and not cfg.eval.enabled and cfg.run_dir.endswith("r")
    with pytest.raises(ConfigError, match="max_stepz"):
        load_train_config(y, settings=["zero.grpo.max_stepz=1"])
    with pytest.raises(ConfigError, match="multiple of num_generations"):
        load_train_config(y, settings=["zero.grpo.num_generations=3"])
    with pytest.raises(ConfigError, match="not a field of trl.GRPOConfig"):
        pytest.importorskip("trl")
        from trl import GRPOConfig

        trl_kwargs(GRPOSettings(extra={"no_such_field": 1}), GRPOConfig)


# ---- pure pieces ---------------------------------------------------------------------


def test_failure_signature_masks_names_and_numbers():
    a = failure_signature("syntax_error", "ERROR: candidate.ll:11:11: error: use of undefined "
                                          "value '%9'\n  ret i32 %9\n          ^")
    b = failure_signature("syntax_error", "ERROR: candidate.ll:3:7: error: use of undefined "
                                          "value '%x.2'")
    assert a == b == "syntax_error: use of undefined value '%v'"
    s = failure_signature("semantic_error", "Transformation doesn't verify!\n\nERROR: Value "
                                            "mismatch\n\nExample:\ni32 %0 = #x00000001 (1)")
    assert s == "semantic_error: Value mismatch"


def _row(i: int) -> dict:
    return {"id": f"f{i}", "o0": f"define i32 @f{i}() {{\n  ret i32 {i}\n}}\n",
            "instcombine": f"define i32 @f{i}() {{\n  ret i32 {i}\n}}\n"}


def _rec(row_id: str, step: int, category: str, diag: str, answer: str = "x") -> dict:
    return {"stage": "zero", "step": step, "index": 0, "id": row_id, "category": category,
            "diagnostic": diag, "answer": answer}


def test_harvest_one_first_time_sample_per_input_and_one_correction_per_failure_kind():
    rows = [_row(1), _row(2)]
    val = "Transformation doesn't verify!\nERROR: Value mismatch"
    records = [_rec("f1", 1, "semantic_error", val, "a1"),
               _rec("f1", 2, "semantic_error", val, "a2"),          # same kind: skipped
               _rec("f1", 2, "syntax_error", "ERROR: t.ll:1:1: error: expected type", "a3"),
               _rec("f1", 3, "inconclusive", "ERROR: Timeout", "a4"),  # not a failure
               _rec("f1", 3, "correct", "Transformation seems to be correct!", "a5"),
               _rec("f2", 1, "no_answer", "", None),
               _rec("zz", 1, "semantic_error", val, "a6")]           # not a training input
    samples = build_samples(rows, records, HarvestSettings())
    assert [s["kind"] for s in samples].count("first_time") == 2
    corr = [s for s in samples if s["kind"] == "correction"]
    assert [(s["id"], s["wrong_attempt"], s["category"]) for s in corr] == [
        ("f1", "a1", "semantic_error"), ("f1", "a3", "syntax_error")]
    c = corr[0]["completion"]
    assert c.startswith("<think>\nFirst attempt:\na1\nVerification:\n" + val)
    assert c.endswith("<answer>\n" + rows[0]["instcombine"].strip() + "\n</answer>")
    first = samples[0]["completion"]
    assert "Transformation seems to be correct!" in first and first.count(rows[0]["o0"].strip()
                                                                          ) == 2
    capped = build_samples(rows, records, HarvestSettings(max_corrections_per_input=1))
    assert sum(s["kind"] == "correction" for s in capped) == 1


def test_step_summary_terms_and_rates():
    base = {"bleu": 0.5, "copy": False, "category": "semantic_error", "reason": "",
            "r_cot": 0.0, "r_latency": 0.0, "latency_speedup": None}
    facts = [dict(base, format=True, verified=True, exact=True, copy=True, category="correct",
                  r_latency=0.25, latency_speedup=2.0),
             dict(base, format=False, verified=True, exact=False, category="correct",
                  proof="bounded"),
             dict(base, format=True, verified=False, exact=False, reason="timeout",
                  category="inconclusive"),
             dict(base, format=True, verified=False, exact=False)]
    s = step_summary(facts, 1.5)
    assert s["format"] == 0.75 and s["verified"] == 0.25 and s["exact"] == 0.25
    assert s["verified_rate"] == 0.5 and s["copy_rate"] == 0.25 and s["timeout_rate"] == 0.25
    assert s["latency"] == 0.0625 and s["latency_speedup"] == 2.0
    assert s["reward_wait_seconds"] == 1.5 and s["semantic_error_rate"] == 0.25
    assert s["bounded_rate"] == 0.25 and s["vacuous_rate"] == 0.0


def test_u_max_is_the_80th_percentile_of_instcombine_speedup():
    rows = [{"o0_latency": 10.0 * k, "ic_latency": 10.0} for k in range(1, 6)]  # 1..5
    assert latency_speedup_p80(rows) == pytest.approx(4.2)


def test_resume_drops_rows_and_rollouts_of_redone_steps(tmp_path):
    pytest.importorskip("transformers")
    from veriopt.train.train_log import COLUMNS, drop_rows_after, read_train_log

    log = tmp_path / "train_log.csv"
    with open(log, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows({"step": s, "loss": 0.0} for s in (1, 2, 3))
    assert drop_rows_after(log, 2) == 1
    assert [r["step"] for r in read_train_log(log)] == ["1", "2"]
    rec = RolloutRecorder(tmp_path / "rollouts.jsonl", "zero")
    for step in (1, 2, 3):
        rec.record(step, ["a"], [{"category": "correct", "completion": "c"}], [1.0])
    assert drop_records_after(rec.path, 1) == 2
    assert [r["step"] for r in read_rollouts([rec.path])] == [1]


# ---- with the verifier and the toolchain ------------------------------------------------


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """A small real dataset: two built-in C files, one per split."""
    from veriopt.corpus import builtin_corpus_dir
    from veriopt.data.builder import build_dataset
    from veriopt.data.config import DatasetConfig

    src = tmp_path_factory.mktemp("src")
    for name in ("bool_logic.c", "clamp_minmax.c"):
        shutil.copy(builtin_corpus_dir() / name, src / name)
    out = tmp_path_factory.mktemp("dataset")
    build_dataset([src], out, DatasetConfig(jobs=2, test_fraction=0.5, seed=0),
                  progress=False)
    return out


def _train_rows(dataset: Path) -> list[dict]:
    """Training rows, smallest function first (quickest to verify)."""
    rows = [json.loads(line) for line in (dataset / "train.jsonl").read_text().splitlines()]
    return sorted(rows, key=lambda r: (r["ic_instructions"], r["id"]))


def test_stage_reward_records_verdicts_and_real_diagnostics_that_harvest_uses(dataset,
                                                                             tmp_path):
    from veriopt.model.rewards import RewardSuite
    from veriopt.model.scoring import CandidateScorer
    from veriopt.train.stage_reward import StageReward

    row = _train_rows(dataset)[0]
    ref = row["instcombine"]
    assert RET.search(ref)
    wrong_value = RET.sub("ret i32 7", ref)                 # returns 7: a value mismatch
    undefined = RET.sub("ret i32 %nowhere", ref)            # does not parse
    completions = [[{"role": "assistant", "content": f"<answer>\n{c}\n</answer>"}]
                   for c in (ref, wrong_value, undefined)] + [
        [{"role": "assistant", "content": "no IR here"}]]
    metrics: dict[str, float] = {}
    rec = RolloutRecorder(tmp_path / "rollouts.jsonl", "zero")
    with CandidateScorer(jobs=2) as scorer:
        reward = StageReward(RewardSuite(scorer, u_max=3.0), "zero", rec)
        r = reward(["p"] * 4, completions, o0=[row["o0"]] * 4, instcombine=[ref] * 4,
                   id=[row["id"]] * 4, log_metric=metrics.__setitem__)
    assert r[0] == pytest.approx(4.0)                       # verified exact match, BLEU 1
    assert 1.0 <= r[1] < 2.0 and 1.0 <= r[2] < 2.0 and r[3] == 0.0
    assert metrics["veriopt/verified_rate"] == 0.25 and metrics["veriopt/format"] == 0.75
    records = read_rollouts([rec.path])
    assert [x["category"] for x in records] == ["correct", "semantic_error", "syntax_error",
                                                "no_answer"]
    samples = build_samples([row], records, HarvestSettings())
    corr = {s["category"]: s for s in samples if s["kind"] == "correction"}
    assert set(corr) == {"semantic_error", "syntax_error"}
    assert corr["semantic_error"]["diagnostic"].startswith("Transformation doesn't verify!")
    assert "ERROR: Value mismatch" in corr["semantic_error"]["completion"]
    assert "use of undefined value '%nowhere'" in corr["syntax_error"]["diagnostic"]


# ---- the whole pipeline ----------------------------------------------------------------

TINY = """
init: scratch
device: cpu
data: {max_train_samples: 4}
lora: {r: 4, alpha: 8, dropout: 0.0}
scorer: {jobs: 2}
verify: {timeout: 5.0}
scratch: {hidden_size: 32, layers: 1, heads: 2, vocab_size: 600, pretrain_steps: 3,
          pretrain_batch_size: 2, max_length: 1024}
eval: {max_samples: 2, max_new_tokens: 16, batch_size: 2}
zero:
  grpo: {max_steps: 2, per_device_train_batch_size: 4, num_generations: 2,
         max_completion_length: 24, learning_rate: 0.001, save_steps: 1}
warmup:
  sft: {max_steps: 2, per_device_train_batch_size: 2, gradient_accumulation_steps: 1,
        max_length: 1024, save_steps: 1}
correctness:
  grpo: {max_steps: 1, per_device_train_batch_size: 4, num_generations: 2,
         max_completion_length: 24, save_steps: 1}
latency:
  gamma: 2.0
  grpo: {max_steps: 2, per_device_train_batch_size: 4, num_generations: 2,
         max_completion_length: 24, save_steps: 1}
"""


def _finite_rows(path: Path) -> list[dict[str, str]]:
    from veriopt.train.train_log import read_train_log

    rows = read_train_log(path)
    assert rows, f"{path} is empty"
    for r in rows:
        for key in ("loss", "grad_norm", "step_seconds"):
            assert r[key] != "" and math.isfinite(float(r[key])), (path, key, r)
    return rows


# slow tier (`make test-all`): the four stages end to end, then a resume
@pytest.mark.slow
def test_full_pipeline_on_cpu_with_a_scratch_model_then_resume(dataset, tmp_path):
    pytest.importorskip("trl")
    pytest.importorskip("peft")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from veriopt.train.pipeline import run_training
    from veriopt.train.policy import adapter_loads

    y = tmp_path / "tiny.yaml"
    y.write_text(TINY)
    run_dir = tmp_path / "run"
    cfg = load_train_config(y, settings=[f"data.dataset={dataset}"],
                            overrides={"run_dir": str(run_dir)})
    info = run_training(list(STAGES), cfg)

    # U_max: stored, and it is the dataset's 80th percentile of instcombine's speedup
    build = json.loads((dataset / "build.json").read_text())
    assert info["u_max"] == build["u_max_latency_speedup_p80"] > 1.0
    assert info["stages"]["latency"]["u_max"] == info["u_max"]
    base = info["base_model"]
    assert (Path(base) / "scratch.json").is_file()

    # every trained stage: done, adapter saved and loadable, finite curves, held-out eval
    for stage in ("zero", "warmup", "correctness", "latency"):
        st = info["stages"][stage]
        assert st["status"] == "done", stage
        adapter = run_dir / stage / "adapter"
        assert (adapter / "adapter_config.json").is_file() and adapter_loads(base, adapter)
        _finite_rows(run_dir / stage / "train_log.csv")
        assert (run_dir / stage / "tb").is_dir()
        held = json.loads((run_dir / stage / "heldout.json").read_text())
        assert held["samples"] == 2 and 0.0 <= held["verified_rate"] <= 1.0
    assert info["stages"]["warmup"]["started_from"].endswith("zero/adapter")
    assert info["stages"]["latency"]["started_from"].endswith("correctness/adapter")
    assert "| latency |" in (run_dir / "heldout.md").read_text()

    # GRPO logs carry every reward term; rollouts carry a verdict for every candidate
    for stage, steps in (("zero", 2), ("correctness", 1), ("latency", 2)):
        rows = _finite_rows(run_dir / stage / "train_log.csv")
        assert [int(r["step"]) for r in rows] == list(range(1, steps + 1))
        for key in ("format", "verified", "exact", "bleu", "cot", "latency", "verified_rate",
                    "copy_rate", "reward_wait_seconds"):
            assert math.isfinite(float(rows[-1][key])), (stage, key)
        records = read_rollouts([run_dir / stage / "rollouts.jsonl"])
        assert len(records) == 4 * steps
        assert all(r["category"] in ("correct", "semantic_error", "syntax_error",
                                     "inconclusive", "no_answer") for r in records)

    # harvested samples: one first-time sample per input; every correction sample is a
    # failure recorded in Model-Zero's rollouts, with the verifier's own diagnostic
    samples = [json.loads(line) for line in
               (run_dir / "samples" / "train.jsonl").read_text().splitlines()]
    assert sum(s["kind"] == "first_time" for s in samples) == 4
    zero = read_rollouts([run_dir / "zero" / "rollouts.jsonl"])
    failed = {(r["answer"], r["diagnostic"]) for r in zero
              if r["category"] in ("syntax_error", "semantic_error")}
    corr = [s for s in samples if s["kind"] == "correction"]
    assert len(corr) == len({(s["id"], s["signature"]) for s in corr}) <= len(failed)
    for s in corr:
        assert (s["wrong_attempt"], s["diagnostic"]) in failed
        assert s["diagnostic"].startswith(("ERROR:", "Transformation doesn't verify!"))
    assert (run_dir / "samples" / "SAMPLES.md").is_file()
    assert (run_dir / "samples" / "hf" / "dataset_info.json").is_file()

    # without --resume an existing stage is never overwritten
    with pytest.raises(ConfigError, match="--resume"):
        run_training(["latency"], cfg)

    # simulate a kill during latency step 2: checkpoint-2 never written, no adapter
    lat = run_dir / "latency"
    shutil.rmtree(lat / "checkpoints" / "checkpoint-2")
    shutil.rmtree(lat / "adapter")
    (lat / "heldout.json").unlink()
    run_info = json.loads((run_dir / "run.json").read_text())
    run_info["stages"]["latency"]["status"] = "running"
    (run_dir / "run.json").write_text(json.dumps(run_info))
    zero_log = (run_dir / "zero" / "train_log.csv").read_text()

    info = run_training(list(STAGES), cfg, resume=True)
    st = info["stages"]["latency"]
    assert st["status"] == "done" and st["resumed_from"].endswith("checkpoint-1")
    assert st["steps"] == 2 and adapter_loads(base, lat / "adapter")
    assert [int(r["step"]) for r in _finite_rows(lat / "train_log.csv")] == [1, 2]
    records = read_rollouts([lat / "rollouts.jsonl"])
    assert sorted(r["step"] for r in records) == [1] * 4 + [2] * 4
    assert (run_dir / "zero" / "train_log.csv").read_text() == zero_log  # not re-run


def _hang_on_marker(task):
    """Scorer worker for the hang test: never returns for a marked candidate. (Workers
    import this module to find it: keep its top-level imports light.)"""
    import time

    from veriopt.model.scoring import score_candidate

    if "HANG" in task[1]:
        time.sleep(3600)
    return score_candidate(task)


def test_a_hung_verification_scores_as_unverified_and_does_not_stall_the_step(dataset):
    # The hung candidate is cut at the pool's hard timeout and scored as a timeout while
    # the other is verified: no stopwatch (the outcome must not depend on the machine's
    # load), and a hard timeout far above what the smallest real function needs.
    from veriopt.model.rewards import RewardSuite
    from veriopt.model.scoring import CandidateScorer
    from veriopt.train.stage_reward import StageReward
    from veriopt.workers import KillablePool

    class HangingScorer(CandidateScorer):
        def _get_pool(self):
            if self._pool is None:
                self._pool = KillablePool(_hang_on_marker, 2, hard_timeout=15.0,
                                          preload=("veriopt.verify", "veriopt.metrics"))
            return self._pool

    row = _train_rows(dataset)[0]
    ref = row["instcombine"]
    hung = ref.replace("define ", "; HANG\ndefine ", 1)
    completions = [f"<answer>\n{c}\n</answer>" for c in (ref, hung)]
    metrics: dict[str, float] = {}
    with HangingScorer(jobs=2) as scorer:
        reward = StageReward(RewardSuite(scorer), "zero")
        r = reward(["p"] * 2, completions, o0=[row["o0"]] * 2, instcombine=[ref] * 2,
                   log_metric=metrics.__setitem__)
    facts = reward.suite.last_facts
    assert facts[0]["verified"] and r[0] == pytest.approx(4.0), {k: v for k, v in facts[0].items() if k not in ("answer", "completion")}
    assert facts[1]["category"] == "inconclusive" and facts[1]["reason"] == "timeout:wall"
    assert not facts[1]["verified"] and r[1] < 2.0
    assert metrics["veriopt/timeout_rate"] == 0.5
