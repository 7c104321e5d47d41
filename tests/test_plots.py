"""Figures a paper author can use: no duplicate instcombine bars, legends that match the
bars, Fig. 7's 1.0x line kept to the improvement groups, PDF beside every PNG, and 95%
intervals wherever a geomean or a percentage is drawn."""

from __future__ import annotations

import math
import random

import pytest

pytest.importorskip("matplotlib")

from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402

from veriopt.evaluate.plots import (  # noqa: E402
    ablation_figure,
    geomean_interval,
    models_figure,
    plot_ablation,
    plot_models,
    wilson_interval,
)
from veriopt.evaluate.predictions import Measures  # noqa: E402
from veriopt.evaluate.results import SampleResult  # noqa: E402
from veriopt.evaluate.stats import METRICS, run_stats  # noqa: E402


def _results(kind: str, n: int = 30, seed: int = 0) -> list[SampleResult]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        o0 = Measures(rng.randint(10, 60), rng.randint(5, 30), rng.randint(80, 300))
        ic = Measures(max(1, o0.latency // rng.randint(1, 4)), max(1, o0.instructions // 2),
                      max(40, o0.size - 30))
        if kind == "instcombine":
            r = SampleResult(id=f"s{i}", category="correct", is_copy=False, reason="",
                             report="", source=o0, candidate=ic, reference=ic,
                             reference_verified=True, exact_match=True)
        else:
            ok = i % 4 != 0
            r = SampleResult(id=f"s{i}", category="correct" if ok else "semantic_error",
                             is_copy=ok and i % 5 == 0, reason="", report="", source=o0,
                             candidate=Measures(ic.latency + 1, ic.instructions, ic.size)
                             if ok else None, reference=ic, reference_verified=True)
        out.append(r)
    return out


def _ticks(ax) -> list[str]:
    return [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]


def test_the_instcombine_reference_bar_is_not_drawn_twice():
    model, ic = _results("model"), _results("instcombine")
    with_baseline = models_figure([("model", run_stats(model)), ("instcombine",
                                                                  run_stats(ic))])
    assert _ticks(with_baseline.axes[0]) == ["model", "instcombine"]
    alone = models_figure([("model", run_stats(model))])
    assert _ticks(alone.axes[0]) == ["model", "instcombine (ref.)"]
    ref_bar = alone.axes[0].patches[-1]
    assert ref_bar.get_hatch() == "//"  # the reference is set apart by its hatch


def test_correctness_legend_swatches_match_the_bars_fills_and_hatches():
    fig = models_figure([("a", run_stats(_results("model"))),
                         ("b", run_stats(_results("model", seed=1)))])
    ax = fig.axes[3]
    legend = {t.get_text(): h for t, h in zip(ax.get_legend().get_texts(),
                                              ax.get_legend().legend_handles, strict=True)}
    assert set(legend) == {"verified, changed", "verified copy of the input"}
    bars = ax.patches
    changed, copies = bars[:2], bars[2:4]
    assert all(not b.get_hatch() for b in changed) and not legend["verified, changed"].get_hatch()
    assert all(b.get_hatch() == "xx" for b in copies)
    assert legend["verified copy of the input"].get_hatch() == "xx"
    assert all(b.get_facecolor()[:3] == (1.0, 1.0, 1.0) for b in copies)
    assert legend["verified copy of the input"].get_facecolor()[:3] == (1.0, 1.0, 1.0)


def test_fig7_one_x_line_stays_left_of_the_correctness_group_and_legend_shows_the_hatch():
    stats = [("zero", run_stats(_results("model"))), ("latency",
                                                      run_stats(_results("model", seed=2)))]
    fig = ablation_figure(stats, [_results("model"), _results("model", seed=2)])
    ax = fig.axes[0]
    dashed = [c for c in ax.collections if isinstance(c, LineCollection)
              and c.get_linestyle()[0][1] is not None]
    assert dashed, "no dashed 1.0 line"
    (x0, y0), (x1, y1) = dashed[0].get_segments()[0]
    assert y0 == y1 == 1.0 and x0 == -0.5 and x1 == len(METRICS) - 0.5
    handles = ax.get_legend().legend_handles
    assert [h.get_hatch() for h in handles] == [None, None, "//"]


def test_figures_are_written_as_png_and_pdf_with_error_bars(tmp_path):
    model, ic = _results("model"), _results("instcombine")
    stats = [("model", run_stats(model)), ("instcombine", run_stats(ic))]
    for path in (plot_models(stats, tmp_path / "fig5.png", results=[model, ic]),
                 plot_ablation(stats, tmp_path / "fig7.png", results=[model, ic])):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert path.with_suffix(".pdf").read_bytes()[:5] == b"%PDF-"
    fig = models_figure(stats, [model, ic])
    for ax in fig.axes:  # every panel shows a mean or a share: each has error bars
        assert any(isinstance(c, ErrorbarContainer) for c in ax.containers), ax.get_title()


def test_geomean_interval_brackets_the_geomean_and_narrows_with_more_samples():
    rng = random.Random(0)
    small = [rng.gauss(1.0, 0.5) for _ in range(20)]
    large = small * 25
    g = 2 ** (sum(small) / len(small))
    lo, hi = geomean_interval(small)
    assert lo < g < hi
    lo2, hi2 = geomean_interval(large)
    assert lo2 < g < hi2 and (hi2 - lo2) < (hi - lo)
    assert geomean_interval([1.0]) is None


def test_wilson_interval_matches_the_textbook_value():
    lo, hi = wilson_interval(8, 10)  # 80% of 10: [49.0%, 94.3%]
    assert math.isclose(lo, 49.016, abs_tol=0.01) and math.isclose(hi, 94.332, abs_tol=0.01)
    assert wilson_interval(0, 0) is None
    assert wilson_interval(10, 10)[1] == pytest.approx(100.0)
