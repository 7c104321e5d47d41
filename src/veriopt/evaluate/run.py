"""The evaluation loop: generate (or read) outputs, verify and measure them, append
each finished sample to the journal, and write the run's files.

Resumable by construction: a sample whose record is in ``results.jsonl`` is never
redone, and model outputs are journaled in ``completions.jsonl`` before they are
scored, so an interruption during scoring does not cost the generation either.
Work is done in chunks (generation batch + a pool of verifier processes with hard
timeouts); a verifier timeout scores as inconclusive, never as a stall.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from veriopt.config import to_dict
from veriopt.errors import ConfigError, VeriOptError
from veriopt.evaluate.config import EvalConfig
from veriopt.evaluate.predictions import (
    EvalSample,
    Measures,
    baseline_samples,
    dataset_samples,
    is_augmented_prompt,
    read_predictions,
)
from veriopt.evaluate.results import (
    Journal,
    SampleResult,
    write_json,
    write_metrics_json,
    write_results_csv,
)
from veriopt.jsonl import AppendOnlyJSONL, read_records

#: ``generate(samples) -> [(prompt as the model saw it, raw output), ...]``
Generator = Callable[[list[EvalSample]], list[tuple[str, str]]]


@dataclass
class EvalOutcome:
    """What a call to `evaluate` did."""

    out: Path
    scored: int = 0  # samples scored in this call
    resumed: int = 0  # samples found finished in the journal
    skipped: dict[str, str] = field(default_factory=dict)  # unusable inputs: id -> why
    results: list[SampleResult] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def load_samples(cfg: EvalConfig) -> list[EvalSample]:
    """The samples ``cfg`` names, with outputs unless a model is to generate them."""
    kind = cfg.source_of_outputs()
    dataset = dataset_samples(cfg.dataset, cfg.split) if cfg.dataset else None
    if kind == "predictions":
        samples = read_predictions(cfg.predictions, dataset)
    elif kind == "baseline":
        samples = baseline_samples(dataset or [], cfg.baseline or "")
    else:
        samples = list(dataset or [])
    return samples[:cfg.limit] if cfg.limit is not None else samples


def signature(cfg: EvalConfig) -> dict[str, Any]:
    """What a run folder holds results of; resuming with another one is refused."""
    kind = cfg.source_of_outputs()
    what = {"predictions": lambda: str(Path(cfg.predictions or "").resolve()),
            "baseline": lambda: cfg.baseline,
            "model": lambda: f"{cfg.backend.kind}:{cfg.backend.model}"
                             f"{'+' + str(cfg.backend.adapter) if cfg.backend.adapter else ''}"
                             f" ({cfg.prompt} prompt)"}[kind]()
    return {"outputs": f"{kind}: {what}",
            "dataset": str(Path(cfg.dataset).resolve()) if cfg.dataset else None,
            "split": cfg.split if cfg.dataset else None, "assembly": cfg.assembly}


def model_generator(cfg: EvalConfig) -> Generator:
    """A generator over ``cfg.backend`` with ``cfg.prompt``; the model loads on first use."""
    from veriopt.model.backends import GenerationError, make_backend
    from veriopt.model.prompts import generic_messages, render_augmented

    backend = None

    def generate(samples: list[EvalSample]) -> list[tuple[str, str]]:
        nonlocal backend
        if backend is None:
            backend = make_backend(cfg.backend)
        requests = [generic_messages(s.source_ir) if cfg.prompt == "generic"
                    else render_augmented(s.source_ir) for s in samples]
        gen = replace(cfg.backend.generation, n=1)
        try:
            outs = backend.generate(requests, gen)
        except VeriOptError:
            raise
        except Exception as e:  # noqa: BLE001 - a broken server: one clear line, results kept
            raise GenerationError(f"the model backend failed ({type(e).__name__}: {e}); the "
                                  "samples scored so far are kept, rerun to resume") from None
        if not isinstance(outs, list) or len(outs) != len(requests):
            raise GenerationError("the model backend answered a different number of requests")
        return [(backend.render(r), o[0] if o and isinstance(o[0], str) else "")
                for r, o in zip(requests, outs, strict=True)]

    return generate


def evaluate(samples: list[EvalSample], out: str | Path, cfg: EvalConfig, *,
             generator: Generator | None = None, restart: bool = False,
             progress: bool = True, on_chunk: Callable[[int], None] | None = None
             ) -> EvalOutcome:
    """Score ``samples`` into ``out`` (resumed when it holds the same run)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _claim(out, cfg, restart)
    journal = Journal(out)
    completions = _Completions(out)
    outcome = EvalOutcome(out=out)
    todo = [s for s in samples if not journal.done(s.id)]
    outcome.resumed = len(samples) - len(todo)
    start = time.monotonic()
    bar = _progress_bar(len(samples), outcome.resumed, progress)
    try:
        with _Scoring(cfg) as scoring:
            for chunk in _chunks(todo, max(1, cfg.chunk_size)):
                chunk = _with_outputs(chunk, generator, completions)
                for record in scoring.score(chunk):
                    journal.append(record)
                    if "skipped" in record:
                        outcome.skipped[record["id"]] = record["skipped"]
                    else:
                        outcome.scored += 1
                bar.update(len(chunk))
                if on_chunk is not None:
                    on_chunk(outcome.scored)
    finally:
        bar.close()
        journal.close()
        completions.close()
        order = [s.id for s in samples]
        outcome.results = journal.results(order)
        outcome.skipped = {i: why for i, why in journal.skipped().items() if i in set(order)}
        complete = all(journal.done(i) for i in order)
        outcome.summary = _write_files(out, cfg, outcome, complete,
                                       time.monotonic() - start,
                                       {sid: k for k, sid in enumerate(order)})
    return outcome


# ---- steps ----------------------------------------------------------------------------


def _claim(out: Path, cfg: EvalConfig, restart: bool) -> None:
    """Write run.json; refuse to mix two different runs in one folder."""
    info_path = out / "run.json"
    sig = signature(cfg)
    if restart:
        for name in ("results.jsonl", "completions.jsonl"):
            (out / name).unlink(missing_ok=True)
    elif info_path.is_file() and (out / "results.jsonl").is_file():
        old = json.loads(info_path.read_text())
        if old.get("signature") != sig:
            raise ConfigError(f"{out} holds another run ({old.get('signature', {}).get('outputs')}"
                              f"); use --restart to discard it, or another --out")
    name = cfg.name or out.resolve().name
    write_json({"name": name, "assembly": cfg.assembly, "signature": sig,
                "config": _plain_config(cfg)}, info_path)


def _plain_config(cfg: EvalConfig) -> dict[str, Any]:
    d = to_dict(cfg)
    d["backend"].pop("api_key", None)  # never write a secret next to the results
    return d


def _with_outputs(chunk: list[EvalSample], generator: Generator | None,
                  completions: _Completions) -> list[EvalSample]:
    """Fill in missing outputs: from earlier completions, else by generating."""
    chunk = [s if s.output is not None or s.id not in completions.done
             else s.with_output(*completions.done[s.id][::-1]) for s in chunk]
    missing = [s for s in chunk if s.output is None]
    if missing:
        if generator is None:
            raise ConfigError(f"sample {missing[0].id!r} has no output and no model was given")
        generated = generator(missing)
        for s, (prompt, text) in zip(missing, generated, strict=True):
            completions.append(s.id, prompt, text)
        chunk = [s if s.output is not None else s.with_output(*completions.done[s.id][::-1])
                 for s in chunk]
    return chunk


class _Completions:
    """``completions.jsonl``: model outputs, journaled (append-only) before they are
    scored, so a kill during scoring does not cost the generation."""

    def __init__(self, out: Path) -> None:
        self.path = out / "completions.jsonl"
        self.done: dict[str, tuple[str, str]] = {}
        for rec in read_records(self.path):
            if {"id", "prompt", "output"} <= rec.keys():
                self.done[str(rec["id"])] = (rec["prompt"], rec["output"])
        self._writer = AppendOnlyJSONL(self.path, durable=True)

    def append(self, sample_id: str, prompt: str, output: str) -> None:
        self._writer.append({"id": sample_id, "prompt": prompt, "output": output})
        self.done[sample_id] = (prompt, output)

    def close(self) -> None:
        self._writer.close()


class _Scoring:
    """Verifier + metrics for chunks of samples, with the references of standalone
    samples prepared (and verified) on the way."""

    def __init__(self, cfg: EvalConfig) -> None:
        from veriopt.model.scoring import CandidateScorer

        self.cfg = cfg
        self.scorer = CandidateScorer(jobs=cfg.jobs, options=cfg.verify,
                                      assembly=cfg.assembly)
        self._pool = None

    def __enter__(self) -> _Scoring:
        return self

    def __exit__(self, *exc: object) -> None:
        self.scorer.close()
        if self._pool is not None:
            self._pool.close()

    def score(self, chunk: list[EvalSample]) -> list[dict[str, Any]]:
        from veriopt.model.parsing import parse_completion

        records: list[dict[str, Any]] = []
        chunk, skipped = self._prepare(chunk)
        records += [{"id": s.id, "skipped": why} for s, why in skipped]
        parsed = {s.id: parse_completion(s.output or "", expect_think=is_augmented_prompt(s.prompt))
                  for s in chunk}
        answers = {s.id: self.answer(s.output or "", parsed[s.id]) for s in chunk}
        # The dataset's own, already verified, reference (`--baseline instcombine`, or a
        # model answering with exactly it) is not sent to the verifier a second time.
        known = {s.id for s in chunk if _is_verified_reference(s, answers[s.id])}
        pairs = [(s.source_ir, answers[s.id]) for s in chunk
                 if answers[s.id] is not None and s.id not in known]
        pairs += [(s.source_ir, s.reference_ir) for s in chunk
                  if s.reference_verified is None and s.reference_ir]
        scores = self.scorer.score(pairs)
        for s in chunk:
            if s.id in known:
                records.append(_verified_reference_result(s, parsed[s.id]).to_json())
                continue
            ref_ok = s.reference_verified
            if ref_ok is None and s.reference_ir:
                ref_ok = scores[(s.source_ir, s.reference_ir)].verified
            records.append(_result(s, parsed[s.id], answers[s.id], scores, ref_ok).to_json())
        return records

    def answer(self, output: str, parsed: Any) -> str | None:
        """The text verified for one output: the artifact's extraction in the paper's
        (standalone) mode, even when empty (alive-tv then finds no function: a
        syntactic error); our lenient extraction otherwise."""
        from veriopt.model.parsing import paper_answer

        return paper_answer(output) if self.cfg.assembly == "standalone" else parsed.answer

    def _prepare(self, chunk: list[EvalSample]
                 ) -> tuple[list[EvalSample], list[tuple[EvalSample, str]]]:
        """Canonical input, metrics and instcombine reference for standalone samples."""
        need = [s for s in chunk if s.source_measures is None]
        if not need:
            return chunk, []
        from veriopt.evaluate.reference import prepare_reference
        from veriopt.workers import KillablePool, TaskCrashed, TaskTimeout

        if self._pool is None:
            self._pool = KillablePool(prepare_reference, self.cfg.jobs,
                                      hard_timeout=max(120.0, 4 * self.cfg.verify.timeout),
                                      preload=("veriopt.metrics",))
        prepared: dict[str, dict[str, Any]] = {}
        for i, res in self._pool.imap_unordered([(s.source_ir, 60.0) for s in need]):
            if isinstance(res, (TaskTimeout, TaskCrashed)):
                res = {"error": "preparing the input timed out" if isinstance(res, TaskTimeout)
                       else f"preparing the input failed: {res.error}"}
            prepared[need[i].id] = res
        ready, skipped = [], []
        for s in chunk:
            p = prepared.get(s.id)
            if p is None:
                ready.append(s)
            elif "error" in p:
                skipped.append((s, p["error"]))
            else:
                ref_m = p.get("reference_measures")
                ready.append(replace(
                    s, source_ir=p["source_ir"], source_measures=Measures(**p["source_measures"]),
                    reference_ir=p.get("reference_ir"),
                    reference_measures=Measures(**ref_m) if ref_m else None,
                    reference_verified=None if p.get("reference_ir") else False))
        return ready, skipped


def _is_verified_reference(s: EvalSample, answer: str | None) -> bool:
    return bool(s.reference_verified and s.reference_proof and s.reference_ir
                and s.reference_measures and answer is not None
                and answer.strip() == s.reference_ir.strip())


def _verified_reference_result(s: EvalSample, parsed: Any) -> SampleResult:
    """The result of an answer that is the dataset's reference, from what the dataset
    builder already proved and measured (its pairs are kept only when correct)."""
    from veriopt.model.scoring import normalized_hash
    from veriopt.verify.report import correct_report

    is_copy = normalized_hash(s.reference_ir or "") == normalized_hash(s.source_ir)
    report = correct_report(s.source_ir, s.reference_ir or "", is_copy=is_copy).replace(
        "\n\nSummary:", "\n(proven when the dataset was built; not verified again)\n\nSummary:")
    return SampleResult(
        id=s.id, category="correct", reason="", is_copy=is_copy, report=report,
        proof=s.reference_proof,
        source=s.source_measures, candidate=s.reference_measures,
        reference=s.reference_measures, reference_verified=True, exact_match=True,
        format_ok=parsed.format_ok, format_issues="; ".join(parsed.issues),
        diagnostic="Transformation seems to be correct!", source_file=s.source_file,
        function=s.function, prompt=s.prompt or "", output=s.output or "",
        candidate_ir=s.reference_ir or "")


def _result(s: EvalSample, parsed: Any, answer: str | None, scores: dict,
            reference_verified: bool | None) -> SampleResult:
    common = dict(id=s.id, source=s.source_measures, reference=s.reference_measures,
                  reference_verified=reference_verified, format_ok=parsed.format_ok,
                  format_issues="; ".join(parsed.issues), source_file=s.source_file,
                  function=s.function, prompt=s.prompt or "", output=s.output or "")
    if answer is None:
        return SampleResult(category="syntax_error", is_copy=False, reason="no IR in the output",
                            report="ERROR: no LLVM IR found in the output",
                            diagnostic="ERROR: no LLVM IR found in the output", **common)
    sc = scores[(s.source_ir, answer)]
    cand = (Measures(float(sc.latency), int(sc.instructions), int(sc.size))
            if sc.verified and sc.latency is not None else None)
    category = sc.category
    if sc.verified and cand is None:  # proven but not measurable: not usable as a rewrite
        category = "inconclusive"
    exact = bool(sc.verified and s.reference_ir and sc.same_as(s.reference_ir))
    return SampleResult(category=category, is_copy=sc.is_copy, reason=sc.reason,
                        proof=sc.proof if category == "correct" else "",
                        report=sc.report, candidate=cand, exact_match=exact,
                        diagnostic=sc.diagnostic, candidate_ir=sc.candidate_ir or "", **common)


def _write_files(out: Path, cfg: EvalConfig, outcome: EvalOutcome, complete: bool,
                 seconds: float, positions: dict[str, int]) -> dict[str, Any]:
    from veriopt.evaluate.stats import run_stats

    write_results_csv(outcome.results, out / "results.csv")
    write_metrics_json(outcome.results, out / "metrics.json", positions)
    summary = {"name": cfg.name or out.resolve().name, "assembly": cfg.assembly,
               "complete": complete,
               "scored_this_call": outcome.scored, "resumed": outcome.resumed,
               "skipped_inputs": outcome.skipped, "seconds_this_call": round(seconds, 2),
               **run_stats(outcome.results).to_json()}
    write_json(summary, out / "summary.json")
    return summary


def _chunks(items: list[EvalSample], n: int) -> Iterator[list[EvalSample]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _progress_bar(total: int, initial: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="sample", desc="eval",
                disable=None if enabled else True)
