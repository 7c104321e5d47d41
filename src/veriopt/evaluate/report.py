"""`veriopt report`: run folders -> one Markdown + HTML page with tables and figures.

Runs are shown in the order given: that order is the x axis of the ablation figure
(give the training stages in order), and the first run with instcombine references
supplies the "instcombine (reference)" rows.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from veriopt.evaluate.plots import plot_ablation, plot_models, plot_pairwise, plot_training
from veriopt.evaluate.results import Run, load_run, write_json
from veriopt.evaluate.stats import run_stats
from veriopt.evaluate.tables import Table, all_tables

_CSS = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; max-width: 1200px;
       margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
h1 { border-bottom: 2px solid #4C72B0; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .5em 0 .3em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 4px 9px; }
th { background: #f0f3f8; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
p.note { color: #555; font-size: 0.88em; margin-top: 0; max-width: 60em; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #444; font-size: 0.9em; }
code { background: #f4f4f4; padding: 0 3px; }
"""


def load_runs(paths: list[str | Path], names: list[str] | None = None) -> list[Run]:
    """Runs from folders, renamed by ``names`` when given; duplicate names get a suffix."""
    runs = [load_run(p) for p in paths]
    if names:
        padded = names + [""] * len(runs)
        runs = [replace(r, name=n) if n else r for r, n in zip(runs, padded, strict=False)]
    seen: dict[str, int] = {}
    unique = []
    for r in runs:
        seen[r.name] = seen.get(r.name, 0) + 1
        unique.append(r if seen[r.name] == 1 else replace(r, name=f"{r.name} ({seen[r.name]})"))
    return unique


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "run"


def write_report(runs: list[Run], out: str | Path, *, title: str = "veriopt evaluation"
                 ) -> Path:
    """Write ``REPORT.md``, ``report.html``, ``report.json`` and the PNGs into ``out``;
    returns the HTML page's path."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    scored = [r for r in runs if r.results]
    stats = [(r.name, run_stats(r.results)) for r in scored]
    tables = all_tables(runs)
    figures: list[tuple[str, str]] = []  # (file name, caption)
    if stats:
        plot_models(stats, out / "fig5_models.png", results=[r.results for r in scored])
        figures.append(("fig5_models.png", "Fig. 5 style: the runs side by side. Geomean "
                        "improvement vs -O0 (unverified outputs count as the input) and the "
                        "share of verified outputs, copies of the input hatched."))
        for r in scored:
            if any(x.reference is not None for x in r.results):
                f = f"fig6_pairwise_{_slug(r.name)}.png"
                plot_pairwise(r.name, r.results, out / f)
                figures.append((f, f"Fig. 6 style, {r.name}: per-function log2 ratios "
                                   "(below 0 = the first is smaller); the bar is the median."))
        if len(stats) >= 2:
            plot_ablation(stats, out / "fig7_ablation.png", results=[r.results for r in scored])
            figures.append(("fig7_ablation.png", "Fig. 7 style: the runs in the order given "
                            "(e.g. the training stages), geomean improvement vs -O0 (left) and "
                            "correctness (right)."))
    for r in runs:
        for stage, log in r.train_logs:
            label = f"{r.name} / {stage}" if stage else r.name
            f = f"fig4_training_{_slug(label)}.png"
            if plot_training(log, out / f, title=label):
                figures.append((f, f"Fig. 4 style, {label}: training log columns against "
                                   "the step; dashed raw, solid EMA (0.95)."))
    write_json({"generated": _now(), "runs": [r.as_dict() for r in runs],
                "stats": {n: s.to_json() for n, s in stats}}, out / "report.json")
    (out / "REPORT.md").write_text(_markdown(title, runs, tables, figures), encoding="utf-8")
    page = out / "report.html"
    page.write_text(_html(title, runs, tables, figures), encoding="utf-8")
    return page


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _run_lines(runs: list[Run]) -> list[tuple[str, str]]:
    out = []
    for r in runs:
        what = (r.info.get("signature") or {}).get("outputs", "")
        extra = f"; {what}" if what else ""
        assembly = r.info.get("assembly") or (r.info.get("config") or {}).get("assembly")
        if assembly:
            extra += ("; answers verified as written (paper-compatible)"
                      if assembly == "standalone" else
                      "; answers spliced into the source module (lenient, not "
                      "paper-compatible)")
        log = f"; {len(r.train_logs)} training log(s)" if r.train_logs else ""
        out.append((r.name, f"{len(r.results)} samples from {r.path}{extra}{log}"))
    return out


def _markdown(title: str, runs: list[Run], tables: list[Table],
              figures: list[tuple[str, str]]) -> str:
    lines = [f"# {title}", "", f"Generated {_now()} by `veriopt report`.", "", "## Runs", ""]
    lines += [f"- **{n}**: {d}" for n, d in _run_lines(runs)]
    if tables:
        lines += ["", "## Tables", ""]
        for t in tables:
            lines += [t.markdown()]
    if figures:
        lines += ["## Figures", ""]
        for f, cap in figures:
            lines += [f"![{cap}]({f})", "", f"*{cap}*", ""]
    return "\n".join(lines) + "\n"


def _html(title: str, runs: list[Run], tables: list[Table],
          figures: list[tuple[str, str]]) -> str:
    esc = html.escape
    parts = [f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{esc(title)}</title>"
             f"<style>{_CSS}</style></head><body>\n<h1>{esc(title)}</h1>\n"
             f"<p>Generated {_now()} by <code>veriopt report</code>.</p>\n<h2>Runs</h2>\n<ul>"]
    parts += [f"<li><b>{esc(n)}</b>: {esc(d)}</li>" for n, d in _run_lines(runs)]
    parts.append("</ul>\n")
    if tables:
        parts.append("<h2>Tables</h2>\n")
        parts += [t.html() for t in tables]
    if figures:
        parts.append("<h2>Figures</h2>\n")
        parts += [f"<figure><img src=\"{esc(f)}\" alt=\"{esc(cap)}\"><figcaption>{esc(cap)}"
                  f"</figcaption></figure>\n" for f, cap in figures]
    parts.append("</body></html>\n")
    return "".join(parts)
