"""The paper's tables for one or more runs, as plain data rendered to Markdown or HTML.

* overview - one line per run: correctness, copies, geomean improvements (Fig. 5's data);
* Tables I/II - verdict breakdown with copies of the input (runs side by side);
* Table III - per-sample better/worse/tie vs -O0 and the mean change, per metric;
* speedups - geomean improvement vs -O0 and vs instcombine, and the fallback
  "best verified of {input, instcombine, model}";
* pairwise vs instcombine - better/worse/tie per metric (Fig. 6c's counts).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from veriopt.evaluate.results import Run
from veriopt.evaluate.stats import (
    CATEGORY_LABELS,
    CATEGORY_ORDER,
    METRIC_LABELS,
    METRICS,
    RunStats,
    run_stats,
)


@dataclass(frozen=True)
class Table:
    """A titled table; ``note`` says how its numbers were computed."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""

    def markdown(self) -> str:
        align = ["---" if i == 0 or not _numeric_column(self, i) else "---:"
                 for i in range(len(self.headers))]
        lines = [f"### {self.title}", "", "| " + " | ".join(self.headers) + " |",
                 "|" + "|".join(align) + "|"]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |"
                  for row in self.rows]
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines) + "\n"

    def html(self) -> str:
        num = [_numeric_column(self, i) for i in range(len(self.headers))]
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td class=\"{'num' if num[i] else 'txt'}\">{html.escape(c)}</td>"
                             for i, c in enumerate(row)) + "</tr>\n" for row in self.rows)
        note = f"<p class=\"note\">{html.escape(self.note)}</p>" if self.note else ""
        return (f"<h3 id=\"{self.key}\">{html.escape(self.title)}</h3>\n<table><thead><tr>{head}"
                f"</tr></thead>\n<tbody>\n{body}</tbody></table>\n{note}\n")


def _numeric_column(t: Table, i: int) -> bool:
    cells = [row[i] for row in t.rows if i < len(row) and row[i] not in ("", "n/a")]
    return bool(cells) and all(c.lstrip("(+-–").replace(".", "", 1)[:1].isdigit()
                               for c in cells)


def _x(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}×"


def _pct(n: int, total: int) -> str:
    return f"{100.0 * n / total:.1f}" if total else "n/a"


def _delta(v: float | None) -> str:
    return "n/a" if v is None else f"{100.0 * v:+.2f}%"


def all_tables(runs: list[Run]) -> list[Table]:
    stats = [(r.name, run_stats(r.results)) for r in runs if r.results]
    if not stats:
        return []
    return [overview_table(stats), verdict_table(stats), outcome_table(stats),
            speedup_table(stats), pairwise_table(stats)]


def overview_table(stats: list[tuple[str, RunStats]]) -> Table:
    rows = tuple((name, str(s.samples), f"{s.correct_pct:.1f}", _pct(s.copies, s.samples),
                  *(_x(s.metrics[m].improvement_vs_o0) for m in METRICS),
                  _pct(s.metrics["latency"].vs_reference.better, s.with_reference))
                 for name, s in stats)
    ref = next(((n, s) for n, s in stats if s.with_reference), None)
    if ref:
        s = ref[1]
        rows += (("instcombine (reference)", str(s.with_reference),
                  _pct(s.reference_verified, s.with_reference), "",
                  *(_x(s.metrics[m].reference_vs_o0) for m in METRICS), ""),)
    return Table("overview", "Overview: correctness and geomean improvement vs -O0",
                 ("Run", "Samples", "Correct %", "Copies %",
                  *(f"{METRIC_LABELS[m]} ×" for m in METRICS), "Better than instcombine %"),
                 rows, "Improvement = geomean(-O0 / output) per metric (higher is better); an "
                 "output that is not verified counts as the -O0 input (paper §V-B). The "
                 f"instcombine row is measured on the samples of {ref[0] if ref else 'n/a'}.")


def verdict_table(stats: list[tuple[str, RunStats]]) -> Table:
    headers = ["Category"] + [h for name, _ in stats for h in (f"{name} count", f"{name} %")]
    rows: list[tuple[str, ...]] = []
    for cat in CATEGORY_ORDER:
        rows.append((CATEGORY_LABELS[cat],
                     *(c for _, s in stats for c in (str(s.categories[cat]),
                                                     _pct(s.categories[cat], s.samples)))))
        if cat == "correct":
            for kind, label in (("full", "– full proof (every execution)"),
                                ("bounded", "– bounded proof (loops within the bound)"),
                                ("vacuous", "– vacuous (the input is always UB)"),
                                ("unknown", "– proof kind not recorded")):
                if kind == "unknown" and not any(s.proofs[kind] for _, s in stats):
                    continue
                rows.append((label, *(c for _, s in stats for c in (
                    f"({s.proofs[kind]})", f"({_pct(s.proofs[kind], s.samples)})"))))
            rows.append(("– copy of input (no optimisation)",
                         *(c for _, s in stats for c in (f"({s.copies})",
                                                         f"({_pct(s.copies, s.samples)})"))))
            rows.append(("– same as instcombine",
                         *(c for _, s in stats for c in (f"({s.exact_matches})",
                                                         f"({_pct(s.exact_matches, s.samples)})"))))
    rows.append(("Total", *(c for _, s in stats for c in (str(s.samples), "100.0"))))
    rows.append(("Output format followed",
                 *(c for _, s in stats for c in (str(s.format_ok), _pct(s.format_ok, s.samples)))))
    return Table("verdicts", "Tables I/II: verification results", tuple(headers), tuple(rows),
                 "Correct is the paper's (Alive2's) notion and counts bounded and vacuous "
                 "proofs; the three proof kinds are broken out below it (docs/safety.md). "
                 "Copies: verified outputs that are the input function itself (modulo names, "
                 "whitespace and comments). Correct minus copies is the paper's 'different "
                 "correct' rate.")


def outcome_table(stats: list[tuple[str, RunStats]]) -> Table:
    rows: list[tuple[str, ...]] = []
    ref = next(((n, s) for n, s in stats if s.with_reference), None)
    for m in METRICS:
        for name, s in stats:
            ms = s.metrics[m]
            o = ms.vs_o0
            rows.append((METRIC_LABELS[m], name, str(o.better), str(o.worse), str(o.tie),
                         str(o.total), _delta(ms.mean_change_vs_o0)))
        if ref:
            ms = ref[1].metrics[m]
            rows.append((METRIC_LABELS[m], "instcombine (reference)", "", "", "",
                         str(ref[1].with_reference), _delta(ms.reference_mean_change_vs_o0)))
    return Table("table3", "Table III: per-sample outcome vs -O0 (smaller = better)",
                 ("Metric", "Run", "Better", "Worse", "Tie", "Total", "Mean Δ vs -O0"),
                 tuple(rows), "Mean Δ = mean(output) / mean(-O0) − 1, a ratio of means as in "
                 "the paper's artifact (negative = improvement); unverified outputs count as "
                 "the input.")


def speedup_table(stats: list[tuple[str, RunStats]]) -> Table:
    rows = tuple((name, METRIC_LABELS[m], _x(ms.improvement_vs_o0), _x(ms.reference_vs_o0),
                  _x(ms.improvement_vs_reference), _x(ms.fallback_vs_o0),
                  _x(ms.fallback_vs_reference))
                 for name, s in stats for m in METRICS for ms in (s.metrics[m],))
    return Table("speedups", "Geomean improvement vs -O0 and vs instcombine, with fallback",
                 ("Run", "Metric", "Model vs -O0", "instcombine vs -O0", "Model vs instcombine",
                  "Fallback vs -O0", "Fallback vs instcombine"), rows,
                 "geomean(baseline / output), higher is better. Fallback: per function, the "
                 "verified one of {input, instcombine, model} with the lowest latency (then "
                 "instruction count, size), i.e. what a verified pass would emit; instcombine "
                 "is an option only where its own rewrite is proven.")


def pairwise_table(stats: list[tuple[str, RunStats]]) -> Table:
    rows = []
    for name, s in stats:
        for m in METRICS:
            o = s.metrics[m].vs_reference
            rows.append((name, METRIC_LABELS[m], *(f"{n} ({o.pct(n):.1f}%)"
                                                   for n in (o.better, o.worse, o.tie)),
                         str(o.total)))
    return Table("pairwise", "Pairwise vs instcombine (smaller = better)",
                 ("Run", "Metric", "Better", "Worse", "Tie", "Total"), tuple(rows),
                 "The model's output (the input where not verified) against instcombine's, "
                 "per function (paper Fig. 6c: 20.1% better, 22.6% worse, 57.3% tie on "
                 "latency).")
