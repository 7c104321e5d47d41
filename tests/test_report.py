"""`veriopt report`: the paper's aggregate numbers (hand-computed), tables, figures and
the page, from run folders (ours, or the artifact's metrics.json)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from veriopt.cli import main
from veriopt.evaluate.plots import ema, read_training_log
from veriopt.evaluate.predictions import Measures
from veriopt.evaluate.report import write_report
from veriopt.evaluate.results import Journal, SampleResult, load_run, write_json
from veriopt.evaluate.stats import best_verified, run_stats
from veriopt.evaluate.tables import all_tables

O0 = Measures(20, 10, 100)
IC = Measures(10, 5, 80)


def _result(i: int, category: str, cand: Measures | None = None, *, copy: bool = False,
            ref_ok: bool = True) -> SampleResult:
    return SampleResult(id=f"s{i}", category=category, is_copy=copy, reason="", report="",
                        source=O0, candidate=cand, reference=IC, reference_verified=ref_ok)


def _model() -> list[SampleResult]:
    """Four samples: better than instcombine, same as instcombine, a copy, a wrong one."""
    return [_result(0, "correct", Measures(5, 4, 60)), _result(1, "correct", IC),
            _result(2, "correct", O0, copy=True), _result(3, "semantic_error")]


def test_run_stats_match_hand_computed_values():
    s = run_stats(_model())
    assert s.categories == {"correct": 3, "semantic_error": 1, "syntax_error": 0,
                            "inconclusive": 0}
    assert s.copies == 1 and s.correct_pct == 75.0
    lat = s.metrics["latency"]
    # tgt latencies 5, 10, 20, 20 (the wrong one falls back to the input) vs -O0 20
    assert (lat.vs_o0.better, lat.vs_o0.worse, lat.vs_o0.tie) == (2, 0, 2)
    assert lat.improvement_vs_o0 == pytest.approx((4 * 2 * 1 * 1) ** 0.25)
    assert lat.mean_change_vs_o0 == pytest.approx(55 / 80 - 1)
    assert lat.reference_vs_o0 == pytest.approx(2.0)
    assert lat.improvement_vs_reference == pytest.approx((2 * 1 * 0.5 * 0.5) ** 0.25)
    assert (lat.vs_reference.better, lat.vs_reference.worse, lat.vs_reference.tie) == (1, 2, 1)
    # fallback: 5 (model), then instcombine's 10 three times
    assert lat.fallback_vs_o0 == pytest.approx((4 * 2 * 2 * 2) ** 0.25)
    assert lat.fallback_vs_reference == pytest.approx(2 ** 0.25)


def test_fallback_never_picks_an_unproven_rewrite():
    wrong_but_fast = _result(0, "semantic_error", None)
    assert best_verified(wrong_but_fast) == IC
    unproven_reference = _result(1, "syntax_error", ref_ok=False)
    assert best_verified(unproven_reference) == O0
    model_better = _result(2, "correct", Measures(3, 9, 200))
    assert best_verified(model_better) == Measures(3, 9, 200)  # chosen by latency


def test_tables_show_copies_and_the_paper_rows():
    from veriopt.evaluate.results import Run

    tables = {t.key: t for t in all_tables([Run("model", Path("."), tuple(_model()))])}
    verdicts = tables["verdicts"]
    labels = [row[0] for row in verdicts.rows]
    copy_row = verdicts.rows[labels.index("– copy of input (no optimisation)")]
    assert copy_row[1:] == ("(1)", "(25.0)")
    t3 = tables["table3"].markdown()
    assert "| Latency | model | 2 | 0 | 2 | 4 | -31.25% |" in t3
    assert "| Latency | instcombine (reference) |  |  |  | 4 | -50.00% |" in t3
    pair = tables["pairwise"].rows[0]
    assert pair[:5] == ("model", "Latency", "1 (25.0%)", "2 (50.0%)", "1 (25.0%)")
    assert "<table>" in tables["speedups"].html()


def _write_run(path: Path, results: list[SampleResult], name: str = "") -> Path:
    path.mkdir(parents=True, exist_ok=True)
    j = Journal(path)
    for r in results:
        j.append(r.to_json())
    if name:
        write_json({"name": name}, path / "run.json")
    return path


def test_report_writes_markdown_html_and_figures(tmp_path):
    base = _write_run(tmp_path / "base", [_result(i, "correct", O0, copy=True) for i in range(4)],
                      "Qwen-3B")
    model = _write_run(tmp_path / "model", _model(), "Model-Latency")
    (model / "train_log.csv").write_text(
        "step,reward,latency_reward,note\n" + "".join(f"{s},{s / 10},{1 - s / 20},x\n"
                                                      for s in range(20)))
    out = tmp_path / "report"
    assert main(["report", str(base), str(model), "--out", str(out)]) == 0
    md = (out / "REPORT.md").read_text()
    page = (out / "report.html").read_text()
    for png in ("fig5_models.png", "fig6_pairwise_Model-Latency.png", "fig7_ablation.png",
                "fig4_training_Model-Latency.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert f"({png})" in md and f'src="{png}"' in page
    assert "Tables I/II" in md and "Table III" in md and "Fallback vs instcombine" in md
    stats = json.loads((out / "report.json").read_text())["stats"]
    assert list(stats) == ["Qwen-3B", "Model-Latency"]
    assert stats["Qwen-3B"]["copies"] == 4


def test_artifact_metrics_json_is_read_and_agrees_with_the_artifacts_formula(tmp_path):
    entries = {"a": {"status": "correct", "src_latency": 20, "tgt_latency": 5, "src_size": 100,
                     "tgt_size": 60, "src_inst": 10, "tgt_inst": 4},
               "b": {"status": "alive2 can't prove", "src_latency": 8, "tgt_latency": 8,
                     "src_size": 50, "tgt_size": 50, "src_inst": 4, "tgt_inst": 4},
               "c": {"status": "syntactic error", "src_latency": 9, "tgt_latency": 9,
                     "src_size": 40, "tgt_size": 40, "src_inst": 3, "tgt_inst": 3}}
    (tmp_path / "paper").mkdir()
    (tmp_path / "paper" / "metrics.json").write_text(json.dumps(entries))
    run = load_run(tmp_path / "paper")
    s = run_stats(run.results)
    assert s.categories["correct"] == 1 and s.categories["inconclusive"] == 1
    # the artifact's plot_metrics.py: geomean over rows of src/tgt
    expected = math.exp(sum(math.log(e["src_latency"] / e["tgt_latency"])
                            for e in entries.values()) / 3)
    assert s.metrics["latency"].improvement_vs_o0 == pytest.approx(expected)
    assert s.with_reference == 0
    page = write_report([run], tmp_path / "out")
    assert page.is_file() and not (tmp_path / "out" / "fig6_pairwise_paper.png").exists()


def test_our_metrics_json_reads_back_as_the_same_results(tmp_path):
    from veriopt.evaluate.results import write_metrics_json

    write_metrics_json(_model(), tmp_path / "metrics.json")
    back = load_run(tmp_path).results
    assert [(r.id, r.category, r.is_copy, r.target, r.reference) for r in back] == [
        (r.id, r.category, r.is_copy, r.target, r.reference) for r in _model()]


def test_training_log_uses_every_numeric_column_and_ema_095(tmp_path):
    log = tmp_path / "train_log.csv"
    log.write_text("step,reward,kl,comment\n0,1.0,0.5,a\n1,0.0,,b\n2,1.0,0.25,c\n")
    xcol, series = read_training_log(log)
    assert xcol == "step" and list(series) == ["reward", "kl"]
    assert series["kl"] == [(0.0, 0.5), (2.0, 0.25)]
    assert ema([1.0, 0.0, 1.0]) == pytest.approx([1.0, 0.95, 0.95 * 0.95 + 0.05])


def test_a_training_run_folder_gets_one_curve_figure_per_stage(tmp_path):
    header = "step,format,verified,cot,latency,loss,reward\n"
    for stage in ("zero", "latency"):
        (tmp_path / "run" / stage).mkdir(parents=True)
        (tmp_path / "run" / stage / "train_log.csv").write_text(
            header + "".join(f"{s},1,{s % 2},,{s / 10},{1 / (s + 1)},{s / 5}\n"
                             for s in range(30)))
    run = load_run(tmp_path / "run")
    assert [stage for stage, _ in run.train_logs] == ["latency", "zero"] and not run.results
    write_report([run], tmp_path / "out")
    md = (tmp_path / "out" / "REPORT.md").read_text()
    assert "fig4_training_run_latency.png" in md and "fig4_training_run_zero.png" in md
    assert "Tables I/II" not in md  # nothing was evaluated
