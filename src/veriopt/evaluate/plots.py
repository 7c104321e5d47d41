"""The paper's figures with matplotlib (Agg backend): each as a PNG at print resolution
and, beside it, a PDF (vector, for a paper).

* `plot_models` - Fig. 5: runs side by side, geomean improvement vs -O0 for latency,
  instruction count and size, and correctness (copies hatched); with per-sample results,
  95% bootstrap intervals on the geomeans and Wilson intervals on the percentages;
* `plot_pairwise` - Fig. 6: per-function log2 ratios as violins, (a) instcombine vs
  -O0, (b) model vs -O0, (c) model vs instcombine, with the better/worse shares;
* `plot_ablation` - Fig. 7: runs in the given order (the training stages) as grouped
  bars, improvements on the left axis and correctness on the right (hatched), with the
  same intervals;
* `plot_training` - Fig. 4: every numeric column of a ``train_log.csv`` against the
  step, raw (dashed) and EMA-smoothed with 0.95 (solid).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from veriopt.evaluate.results import SampleResult
from veriopt.evaluate.stats import METRIC_LABELS, METRICS, RunStats, log2_ratios

PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3",
           "#8C8C8C", "#CCB974", "#64B5CD")
REFERENCE_COLOR = "#B0B0B0"
DPI = 200


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 10, "axes.titlesize": 11, "axes.labelsize": 10,
                         "axes.spines.top": False, "axes.spines.right": False,
                         "savefig.bbox": "tight", "figure.dpi": 100})
    return plt


def _save(fig, path: Path) -> Path:
    """``path`` (PNG) and the same figure as a PDF beside it; returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=DPI)
    fig.savefig(path.with_suffix(".pdf"))
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


# ---- intervals ------------------------------------------------------------------------

Z95 = 1.959963984540054
BOOTSTRAP_RESAMPLES = 2000


def geomean_interval(log2_values: list[float], *, seed: int = 0
                     ) -> tuple[float, float] | None:
    """95% percentile-bootstrap interval of ``2 ** mean(log2_values)`` (a geomean of
    ratios); None with fewer than two values."""
    import numpy as np

    if len(log2_values) < 2:
        return None
    x = np.asarray(log2_values, dtype=float)
    rng = np.random.default_rng(seed)
    means = x[rng.integers(0, len(x), size=(BOOTSTRAP_RESAMPLES, len(x)))].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(2.0 ** lo), float(2.0 ** hi)


def wilson_interval(successes: int, n: int) -> tuple[float, float] | None:
    """95% Wilson score interval of a proportion, in percent; None when n is 0."""
    if n <= 0:
        return None
    p = successes / n
    denom = 1 + Z95 ** 2 / n
    centre = (p + Z95 ** 2 / (2 * n)) / denom
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / denom
    return 100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half)


def _yerr(values: list[float], intervals: list[tuple[float, float] | None]):
    """matplotlib's asymmetric ``yerr`` (zero where there is no interval)."""
    lower = [v - iv[0] if iv else 0.0 for v, iv in zip(values, intervals, strict=True)]
    upper = [iv[1] - v if iv else 0.0 for v, iv in zip(values, intervals, strict=True)]
    return [[max(0.0, x) for x in lower], [max(0.0, x) for x in upper]]


def _improvement_interval(results: Sequence[SampleResult] | None, metric: str,
                          baseline: str = "src", value: str = "tgt"
                          ) -> tuple[float, float] | None:
    """Interval of ``geomean(baseline / value)`` over the samples (log2 ratios)."""
    if results is None:
        return None
    return geomean_interval([-x for x in log2_ratios(results, metric, value, baseline)])


def is_reference_run(s: RunStats) -> bool:
    """True for the instcombine baseline itself (every output verified and identical to
    the reference): its bars already show the reference."""
    return s.samples > 0 and s.exact_matches == s.samples


def _wrap(name: str, width: int = 12) -> str:
    """Break long run names so x labels stay readable."""
    import textwrap

    return "\n".join(textwrap.wrap(name, width=width, break_on_hyphens=True)) or name


def plot_models(stats: list[tuple[str, RunStats]], path: Path,
                results: Sequence[Sequence[SampleResult]] | None = None) -> Path:
    """Fig. 5 as ``path`` (PNG) and PDF; see `models_figure`."""
    return _save(models_figure(stats, results), path)


def models_figure(stats: list[tuple[str, RunStats]],
                  results: Sequence[Sequence[SampleResult]] | None = None) -> Any:
    """Fig. 5: one panel per metric plus correctness, one bar per run, plus instcombine's
    reference (hatched) unless one of the runs is the instcombine baseline itself.
    ``results`` (per run, in order) adds 95% intervals."""
    from matplotlib.patches import Patch

    plt = _pyplot()
    names = [n for n, _ in stats]
    per_run: list[Sequence[SampleResult] | None] = list(results) if results else [None] * len(
        stats)
    ref_at = next((i for i, (_, s) in enumerate(stats) if s.with_reference), None)
    show_ref = ref_at is not None and not any(is_reference_run(s) for _, s in stats)
    panel = max(3.6, 0.95 * (len(names) + 1))
    fig, grid = plt.subplots(2, 2, figsize=(2 * panel, 7.4))
    axes = grid.ravel()
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(names))]
    for ax, m in zip(axes, METRICS, strict=False):
        vals = [s.metrics[m].improvement_vs_o0 or 0.0 for _, s in stats]
        intervals = [_improvement_interval(r, m) for r in per_run]
        labels, bar_colors, hatches = list(names), list(colors), [""] * len(names)
        if show_ref and stats[ref_at][1].metrics[m].reference_vs_o0 is not None:
            vals.append(stats[ref_at][1].metrics[m].reference_vs_o0)
            intervals.append(_improvement_interval(per_run[ref_at], m, value="ic"))
            labels.append("instcombine (ref.)")
            bar_colors.append(REFERENCE_COLOR)
            hatches.append("//")
        bars = ax.bar(range(len(vals)), vals, color=bar_colors, width=0.7,
                      yerr=_yerr(vals, intervals), capsize=3,
                      error_kw={"elinewidth": 0.8, "ecolor": "#333333"})
        for bar, hatch in zip(bars, hatches, strict=True):
            if hatch:
                bar.set_hatch(hatch)
                bar.set_edgecolor("#707070")
        ax.bar_label(bars, labels=[f"{v:.2f}×" for v in vals], padding=2, fontsize=8)
        ax.axhline(1.0, color="#444444", lw=0.8, ls="--")
        ax.set_title(f"{METRIC_LABELS[m]} (geomean vs -O0)")
        ax.set_xticks(range(len(labels)), [_wrap(x) for x in labels], fontsize=8)
        tops = [iv[1] if iv else v for v, iv in zip(vals, intervals, strict=True)]
        ax.set_ylim(0, max(tops + [1.0]) * 1.18)
        ax.grid(axis="y", ls="--", alpha=0.3)
    ax = axes[3]
    correct = [s.correct_pct for _, s in stats]
    copies = [100.0 * s.copies / s.samples if s.samples else 0.0 for _, s in stats]
    different = [c - k for c, k in zip(correct, copies, strict=True)]
    ax.bar(range(len(names)), different, color=colors, width=0.7)
    ax.bar(range(len(names)), copies, bottom=different, color="white", edgecolor=colors,
           hatch="xx", width=0.7)
    intervals = [wilson_interval(s.categories.get("correct", 0), s.samples) for _, s in stats]
    ax.errorbar(range(len(names)), correct, yerr=_yerr(correct, intervals), fmt="none",
                ecolor="#333333", elinewidth=0.8, capsize=3)
    for i, (c, iv) in enumerate(zip(correct, intervals, strict=True)):
        ax.text(i, (iv[1] if iv else c) + 2, f"{c:.1f}%", ha="center", va="bottom", fontsize=8)
    ax.set_title("Correctness (% verified)")
    ax.set_xticks(range(len(names)), [_wrap(x) for x in names], fontsize=8)
    ax.grid(axis="y", ls="--", alpha=0.3)
    # Proxies in neutral grey: each run has its own colour, the fill says what the part is.
    ax.legend(handles=[Patch(facecolor="#8C8C8C", label="verified, changed"),
                       Patch(facecolor="white", edgecolor="#8C8C8C", hatch="xx",
                             label="verified copy of the input")],
              fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    ax.set_ylim(0, 135)
    ax.set_yticks(range(0, 101, 20))
    caption = "error bars: 95% intervals" if results else ""
    fig.suptitle("Runs side by side (higher is better)" + (f"; {caption}" if caption else ""))
    fig.tight_layout()
    return fig


def plot_pairwise(name: str, results: list[SampleResult] | tuple[SampleResult, ...],
                  path: Path) -> Path:
    """Fig. 6: log2(A/B) per function for the three comparisons and three metrics."""
    plt = _pyplot()
    panels = (("(a) instcombine vs -O0", "ic", "src"), (f"(b) {name} vs -O0", "tgt", "src"),
              (f"(c) {name} vs instcombine", "tgt", "ic"))
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.0), sharey=True)
    for ax, (title, a, b) in zip(axes, panels, strict=True):
        for i, m in enumerate(METRICS):
            xs = log2_ratios(results, m, a, b)
            _violin(ax, i, xs, PALETTE[i])
            if xs:
                better = 100.0 * sum(x < 0 for x in xs) / len(xs)
                worse = 100.0 * sum(x > 0 for x in xs) / len(xs)
                ax.text(i, 1.0, f"worse {worse:.1f}%", transform=ax.get_xaxis_transform(),
                        ha="center", va="bottom", fontsize=8, color="#A03030")
                ax.text(i, -0.02, f"better {better:.1f}%", transform=ax.get_xaxis_transform(),
                        ha="center", va="top", fontsize=8, color="#2E7D32")
        ax.axhline(0.0, color="#444444", lw=0.8, ls="--")
        ax.set_xticks(range(len(METRICS)), [METRIC_LABELS[m] for m in METRICS])
        ax.tick_params(axis="x", pad=14)
        ax.set_title(title, pad=16)
        ax.grid(axis="y", ls="--", alpha=0.3)
    axes[0].set_ylabel("log2(A / B)   (< 0: A is smaller = better)")
    fig.tight_layout()
    return _save(fig, path)


def _violin(ax, x: float, values: list[float], color: str) -> None:
    import numpy as np

    if not values:
        return
    if len(values) > 1 and float(np.ptp(values)) > 1e-9:
        parts = ax.violinplot([values], positions=[x], widths=0.8, showextrema=False)
        for body in parts["bodies"]:
            body.set_facecolor(color)
            body.set_edgecolor("#333333")
            body.set_alpha(0.45)
    if len(values) <= 400:  # small runs: show every function too
        rng = np.random.default_rng(0)
        ax.scatter(x + rng.uniform(-0.12, 0.12, len(values)), values, s=7, color=color,
                   edgecolor="none", alpha=0.8, zorder=3)
    ax.hlines(float(np.median(values)), x - 0.2, x + 0.2, color="black", lw=1.5, zorder=4)


def plot_ablation(stats: list[tuple[str, RunStats]], path: Path,
                  results: Sequence[Sequence[SampleResult]] | None = None) -> Path:
    """Fig. 7 as ``path`` (PNG) and PDF; see `ablation_figure`."""
    return _save(ablation_figure(stats, results), path)


def ablation_figure(stats: list[tuple[str, RunStats]],
                    results: Sequence[Sequence[SampleResult]] | None = None) -> Any:
    """Fig. 7: runs in order as grouped bars; improvements left (solid), correctness right
    (hatched); ``results`` (per run, in order) adds 95% intervals."""
    from matplotlib.patches import Patch

    plt = _pyplot()
    n = len(stats)
    per_run: list[Sequence[SampleResult] | None] = list(results) if results else [None] * n
    width = min(0.8 / max(n, 1), 0.25)
    fig, ax = plt.subplots(figsize=(max(8.0, 1.6 + 1.1 * n * 4 * width * 2.2), 3.6))
    ax2 = ax.twinx()
    ax2.spines["right"].set_visible(True)
    groups = list(METRICS) + ["correct"]
    top = 1.0
    err = {"elinewidth": 0.8, "ecolor": "#333333", "capsize": 2}
    for j, ((name, s), res) in enumerate(zip(stats, per_run, strict=True)):
        color = PALETTE[j % len(PALETTE)]
        offs = (j - (n - 1) / 2) * width
        for g, m in enumerate(groups):
            if m == "correct":
                h = s.correct_pct
                iv = wilson_interval(s.categories.get("correct", 0), s.samples)
                ax2.bar(g + offs, h, width=width, color=color, hatch="//", edgecolor="white",
                        yerr=_yerr([h], [iv]), error_kw=err)
                ax2.text(g + offs, (iv[1] if iv else h) + 1.5, f"{h:.1f}%", ha="center",
                         va="bottom", fontsize=7, rotation=90 if n > 3 else 0)
            else:
                h = s.metrics[m].improvement_vs_o0 or 0.0
                iv = _improvement_interval(res, m)
                top = max(top, iv[1] if iv else h)
                ax.bar(g + offs, h, width=width, color=color, label=name if g == 0 else None,
                       yerr=_yerr([h], [iv]), error_kw=err)
                ax.text(g + offs, (iv[1] if iv else h) * 1.01, f"{h:.2f}×", ha="center",
                        va="bottom", fontsize=7, rotation=90 if n > 3 else 0)
    # The 1.0x line belongs to the left axis only: it stops at the correctness group.
    ax.hlines(1.0, -0.5, len(METRICS) - 0.5, color="#444444", lw=0.8, ls="--")
    ax.set_xlim(-0.5, len(groups) - 0.5)
    ax.set_ylim(0, top * 1.3)
    ax2.set_ylim(0, 130)
    ax2.set_yticks(range(0, 101, 20))
    ax.set_ylabel("Geomean vs -O0 (×)")
    ax2.set_ylabel("Correctness (%)")
    ax.set_xticks(range(len(groups)), [METRIC_LABELS[m] for m in METRICS] + ["Correctness"])
    ax.axvline(len(METRICS) - 0.5, color="#999999", lw=0.8)
    ax.grid(axis="y", ls="--", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="#8C8C8C", edgecolor="white", hatch="//",
                         label="correctness (right axis)"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12),
              ncol=min(n + 1, 5), frameon=False, fontsize=8)
    title = "Stage ablation: runs in the order given (higher is better)"
    ax.set_title(title + ("; error bars: 95% intervals" if results else ""))
    fig.tight_layout()
    return fig


def read_training_log(path: Path) -> tuple[str, dict[str, list[tuple[float, float]]]]:
    """``(x column, {column: [(x, y), ...]})`` for every numeric column of the CSV; x is
    ``step`` (or ``global_step``/``epoch``, else the row number)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        return "step", {}
    cols = list(rows[0])
    xcol = next((c for c in ("step", "global_step", "epoch") if c in cols), None)
    series: dict[str, list[tuple[float, float]]] = {}
    for i, row in enumerate(rows):
        x = _num(row.get(xcol)) if xcol else float(i)
        if x is None:
            continue
        for c in cols:
            if c == xcol:
                continue
            y = _num(row.get(c))
            if y is not None:
                series.setdefault(c, []).append((x, y))
    return xcol or "row", {c: v for c, v in series.items() if len(v) >= 1}


def _num(v: object) -> float | None:
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def ema(values: list[float], alpha: float = 0.95) -> list[float]:
    """Exponential moving average ``s = alpha * s + (1 - alpha) * x`` (paper Fig. 4)."""
    out, s = [], None
    for x in values:
        s = x if s is None else alpha * s + (1 - alpha) * x
        out.append(s)
    return out


#: Shown first when a log has them: the total reward, then the paper's reward terms.
_FIRST = ("reward", "latency", "verified", "format", "exact", "bleu", "cot", "loss")


def plot_training(csv_path: Path, path: Path, *, title: str = "", max_panels: int = 12
                  ) -> Path | None:
    """Fig. 4: raw (dashed) and EMA-0.95 (solid) curves of the log's numeric columns
    (columns with no value at all, e.g. rewards during SFT, are left out)."""
    xcol, series = read_training_log(csv_path)
    if not series:
        return None
    plt = _pyplot()
    names = sorted(series, key=lambda c: (_FIRST.index(c) if c in _FIRST else len(_FIRST),
                                          list(series).index(c)))[:max_panels]
    ncols = min(3, len(names))
    nrows = math.ceil(len(names) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.2 * ncols, 2.8 * nrows), squeeze=False)
    for k, name in enumerate(names):
        ax = axes[k // ncols][k % ncols]
        xs, ys = zip(*series[name], strict=True)
        color = PALETTE[k % len(PALETTE)]
        ax.plot(xs, ys, ls="--", lw=0.8, alpha=0.55, color=color, label="raw")
        ax.plot(xs, ema(list(ys)), lw=1.8, color=color, label="EMA 0.95")
        ax.set_title(name)
        ax.set_xlabel(xcol)
        ax.grid(ls="--", alpha=0.3)
        if k == 0:
            ax.legend(fontsize=8, frameon=False)
    for k in range(len(names), nrows * ncols):
        axes[k // ncols][k % ncols].set_visible(False)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return _save(fig, path)
