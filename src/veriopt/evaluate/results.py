"""Per-sample results of an evaluation and the files that hold them.

A run folder holds:

* ``results.jsonl`` - the journal: one JSON record per finished sample, appended as
  samples finish (what resuming reads; the other files are rewritten from it);
* ``results.csv`` - the same records as a table (ending in the ``prompt,output``
  columns, so a results.csv is itself a valid artifact-style predictions file);
* ``metrics.json`` - the artifact's format, so the paper's scripts read it as is:
  ``{"0": entry, "1": entry, ...}`` keyed by the sample's position in the run (the
  row number of a predictions file), each entry with the artifact's fields first
  (``status``, ``alive_summary``, ``src_latency``, ``tgt_latency``, ``src_size``,
  ``tgt_size``, ``src_inst``, ``tgt_inst``) and ours after them (``id``, ``proof``...);
* ``summary.json`` - the aggregate numbers; ``run.json`` - what was evaluated.

``tgt_*`` is what the paper measures: the candidate when it is verified, else the
input (an unverified rewrite is never used). ``cand_*`` is the candidate itself,
only when verified; ``ic_*`` is the instcombine reference.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from veriopt.errors import ConfigError
from veriopt.evaluate.predictions import Measures
from veriopt.jsonl import AppendOnlyJSONL, read_records

#: Our verdict categories -> the artifact's ``status`` values (its verify.py).
STATUS = {"correct": "correct", "semantic_error": "semantic error",
          "syntax_error": "syntactic error", "inconclusive": "alive2 can't prove"}
_FROM_STATUS = {v: k for k, v in STATUS.items()} | {"inconclusive": "inconclusive",
                                                     "timeout": "inconclusive"}
#: The artifact's per-sample fields, in its order.
ARTIFACT_FIELDS = ("status", "alive_summary", "src_latency", "tgt_latency", "src_size",
                   "tgt_size", "src_inst", "tgt_inst")

#: Alive2's summary counts (correct, incorrect, failed-to-prove, errors) per category.
_SUMMARY_COUNTS = {"correct": (1, 0, 0, 0), "semantic_error": (0, 1, 0, 0),
                   "inconclusive": (0, 0, 1, 0), "syntax_error": (0, 0, 0, 1)}

JOURNAL = "results.jsonl"


@dataclass(frozen=True)
class SampleResult:
    """The verdict and metrics of one sample (see the module docstring for tgt/cand)."""

    id: str
    category: str
    is_copy: bool
    reason: str
    report: str
    source: Measures
    proof: str = ""  # the kind of proof behind a correct verdict (Verdict.proof)
    candidate: Measures | None = None  # only when verified
    reference: Measures | None = None  # instcombine's output
    reference_verified: bool | None = None
    exact_match: bool = False  # same function as instcombine's, modulo names
    format_ok: bool = False
    format_issues: str = ""
    diagnostic: str = ""
    source_file: str = ""
    function: str = ""
    prompt: str = ""
    output: str = ""
    candidate_ir: str = field(default="", repr=False)

    @property
    def verified(self) -> bool:
        return self.category == "correct"

    @property
    def status(self) -> str:
        return STATUS[self.category]

    @property
    def target(self) -> Measures:
        """What the paper measures: the candidate if verified, else the input."""
        return self.candidate if self.verified and self.candidate else self.source

    @property
    def alive_summary(self) -> str:
        """What the artifact stores under this name: alive-tv's whole output, i.e. our
        Alive2-format report, ending in the ``Summary:`` block Alive2 prints for this
        outcome."""
        report = self.report.strip()
        if "Summary:" in report:
            return report
        c, i, f, e = _SUMMARY_COUNTS[self.category]
        summary = (f"Summary:\n  {c} correct transformations\n  {i} incorrect "
                   f"transformations\n  {f} failed-to-prove transformations\n  {e} Alive2 errors")
        return f"{report}\n\n{summary}" if report else summary

    def row(self) -> dict[str, Any]:
        """The flat record: CSV columns, JSON journal lines and metrics.json entries."""
        out: dict[str, Any] = {
            "id": self.id, "source_file": self.source_file, "function": self.function,
            "category": self.category, "status": self.status, "proof": self.proof,
            "is_copy": self.is_copy,
            "exact_match": self.exact_match, "format_ok": self.format_ok,
            "format_issues": self.format_issues, "reason": self.reason}
        out.update(_flat("src", self.source))
        out.update(_flat("ic", self.reference))
        out["ic_verified"] = self.reference_verified
        out.update(_flat("cand", self.candidate))
        out.update(_flat("tgt", self.target))
        out.update(alive_summary=self.alive_summary, report=self.report,
                   diagnostic=self.diagnostic, prompt=self.prompt, output=self.output)
        return out

    def to_json(self) -> dict[str, Any]:
        return self.row() | {"candidate_ir": self.candidate_ir}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SampleResult:
        """A record from the journal, a metrics.json entry or a results.csv row."""
        category = d.get("category") or _FROM_STATUS.get(str(d.get("status", "")).lower())
        if category not in STATUS:
            raise ConfigError(f"sample {d.get('id')!r}: unknown verdict "
                              f"{d.get('category') or d.get('status')!r}")
        source = _measures(d, "src")
        if source is None:
            raise ConfigError(f"sample {d.get('id')!r}: no src_latency/src_inst/src_size")
        cand = _measures(d, "cand")
        if cand is None and category == "correct":
            cand = _measures(d, "tgt")  # the artifact's entries carry only tgt_*
        return cls(id=str(d["id"]), category=category, is_copy=_bool(d.get("is_copy")),
                   proof=str(d.get("proof") or "") if category == "correct" else "",
                   reason=str(d.get("reason") or ""), report=str(d.get("report") or ""),
                   source=source, candidate=cand, reference=_measures(d, "ic"),
                   reference_verified=_opt_bool(d.get("ic_verified")),
                   exact_match=_bool(d.get("exact_match")), format_ok=_bool(d.get("format_ok")),
                   format_issues=str(d.get("format_issues") or ""),
                   diagnostic=str(d.get("diagnostic") or ""),
                   source_file=str(d.get("source_file") or ""),
                   function=str(d.get("function") or ""), prompt=str(d.get("prompt") or ""),
                   output=str(d.get("output") or ""),
                   candidate_ir=str(d.get("candidate_ir") or ""))


_SUFFIX = {"latency": "latency", "instructions": "inst", "size": "size"}


def _flat(prefix: str, m: Measures | None) -> dict[str, Any]:
    return {f"{prefix}_{_SUFFIX[f.name]}": (getattr(m, f.name) if m else None)
            for f in fields(Measures)}


def _measures(d: dict[str, Any], prefix: str) -> Measures | None:
    vals = [d.get(f"{prefix}_{_SUFFIX[f.name]}") for f in fields(Measures)]
    if any(v in (None, "") for v in vals):
        return None
    try:
        return Measures(float(vals[0]), int(float(vals[1])), int(float(vals[2])))
    except (TypeError, ValueError):
        return None


#: Columns of results.csv, in order (``prompt,output`` last).
COLUMNS = tuple(SampleResult(id="", category="correct", is_copy=False, reason="", report="",
                             source=Measures(0, 0, 0)).row())


def _bool(v: Any) -> bool:
    return v is True or str(v).strip().lower() in ("true", "1", "yes")


def _opt_bool(v: Any) -> bool | None:
    return None if v in (None, "") else _bool(v)


# ---- the journal --------------------------------------------------------------------


class Journal:
    """``results.jsonl``: append-only, one line per finished sample, fsynced at once so
    an interruption loses nothing that was finished. Never rewritten: a line torn by
    a kill is skipped when reading (that sample is redone) and isolated by the next
    append (`veriopt.jsonl`)."""

    def __init__(self, out: Path) -> None:
        self.path = out / JOURNAL
        self.records: dict[str, dict[str, Any]] = {}
        for rec in read_records(self.path):
            if "id" in rec:
                self.records[str(rec["id"])] = rec
        self._writer = AppendOnlyJSONL(self.path, durable=True)

    def done(self, sample_id: str) -> bool:
        return sample_id in self.records

    def append(self, record: dict[str, Any]) -> None:
        self._writer.append(record)
        self.records[str(record["id"])] = record

    def close(self) -> None:
        self._writer.close()

    def results(self, order: Iterable[str] | None = None) -> list[SampleResult]:
        """Scored samples (skipped inputs left out), in ``order`` when given."""
        ids = list(order) if order is not None else list(self.records)
        return [SampleResult.from_json(self.records[i]) for i in ids
                if i in self.records and "skipped" not in self.records[i]]

    def skipped(self) -> dict[str, str]:
        return {i: r["skipped"] for i, r in self.records.items() if "skipped" in r}


# ---- the files of a finished run ----------------------------------------------------


def write_results_csv(results: list[SampleResult], path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for r in results:
            w.writerow({k: ("" if v is None else v) for k, v in r.row().items()})
    tmp.replace(path)


def write_metrics_json(results: list[SampleResult], path: Path,
                       positions: dict[str, int] | None = None) -> None:
    """The artifact's metrics.json: ``{position: entry}``, the artifact's fields first,
    then ours. ``positions`` maps a sample id to its position in the run (default:
    the order of ``results``)."""
    drop = {"prompt", "output", *ARTIFACT_FIELDS}
    data: dict[str, dict[str, Any]] = {}
    for k, r in enumerate(results):
        row = r.row()
        key = str(positions[r.id] if positions is not None else k)
        data[key] = {f: row[f] for f in ARTIFACT_FIELDS} | {
            f: v for f, v in row.items() if f not in drop}
    write_json(data, path)


def write_json(data: Any, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


@dataclass(frozen=True)
class Run:
    """A finished (or partial) evaluation as the report sees it, with the training
    logs found beside it (``(label, path)``: the folder's own, or one per stage)."""

    name: str
    path: Path
    results: tuple[SampleResult, ...] = ()
    train_logs: tuple[tuple[str, Path], ...] = ()
    info: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.path), "samples": len(self.results),
                "train_logs": [str(p) for _, p in self.train_logs]}


TRAIN_LOG = "train_log.csv"


def load_run(path: str | Path) -> Run:
    """A run folder: our journal when present, else a metrics.json in the artifact's
    format (``{id: {status, src_*, tgt_*}}``). Training curves are picked up from its
    ``train_log.csv``, or from ``<stage>/train_log.csv`` of a training run folder."""
    p = Path(path)
    if not p.is_dir():
        raise ConfigError(f"{p}: not a run folder")
    info: dict[str, Any] = {}
    if (p / "run.json").is_file():
        info = json.loads((p / "run.json").read_text())
    results: list[SampleResult] = []
    if (p / JOURNAL).is_file():
        results = Journal(p).results()
    elif (p / "metrics.json").is_file():
        data = json.loads((p / "metrics.json").read_text())
        if not isinstance(data, dict):
            raise ConfigError(f"{p / 'metrics.json'}: expected {{id: entry}}")
        results = [SampleResult.from_json({"id": k, **v}) for k, v in data.items()
                   if isinstance(v, dict)]  # an entry's own "id" (ours) wins over its key
    if (p / TRAIN_LOG).is_file():
        logs: tuple[tuple[str, Path], ...] = (("", p / TRAIN_LOG),)
    else:
        logs = tuple((d.name, d / TRAIN_LOG) for d in sorted(p.iterdir())
                     if (d / TRAIN_LOG).is_file())
    if not results and not logs:
        raise ConfigError(f"{p}: no results.jsonl, metrics.json or {TRAIN_LOG}")
    name = info.get("name") if isinstance(info.get("name"), str) else None
    return Run(name=name or p.resolve().name, path=p, results=tuple(results),
               train_logs=logs, info=info)


def measures_dict(m: Measures | None) -> dict[str, Any] | None:
    return asdict(m) if m else None
