"""Scoring candidates: verify and measure each distinct (source, candidate) once.

Used by the rewards (many completions per prompt, often repeated), the evaluation
and `veriopt opt`. Work runs in a `KillablePool`: a verification that exceeds its
hard limit (or its worker's memory cap) scores as inconclusive and never stalls the
caller (a training step, an eval run). Results are memoised in-process by content
hash, so every reward term of a step reads the same verdict.

How the model's answer becomes the module that is verified (``assembly``):

* ``"standalone"`` - the paper's way (its artifact runs Alive2 on the answer as
  written): the answer must parse alone, with its own declarations, and carry the
  source's target triple and datalayout;
* ``"splice"`` - lenient: the answer as written if LLVM accepts it, else its
  ``define`` blocks spliced into the source module (which then supplies the
  declarations and globals the model left out).

Either way the function compared is the one with the source's name (Alive2 pairs
functions by name): a renamed function is not a rewrite of the input.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from veriopt.errors import IRSyntaxError, VeriOptError
from veriopt.verify.options import ProofPolicy, VerifyOptions
from veriopt.verify.verdict import TIMEOUT_WALL
from veriopt.workers import DEFAULT_MEMORY_MB, KillablePool, TaskCrashed, TaskTimeout

#: How an answer becomes the verified module (see the module docstring).
ASSEMBLIES = ("standalone", "splice")


@dataclass(frozen=True)
class CandidateScore:
    """Verdict and metrics of one candidate against its source."""

    category: str
    reason: str
    is_copy: bool
    diagnostic: str
    report: str
    src_latency: float
    latency: float | None = None  # candidate latency, only when verified
    instructions: int | None = None
    size: int | None = None
    norm_hash: str | None = None
    candidate_ir: str | None = None  # the module that was verified (after splicing)
    #: the kind of proof behind a correct verdict (Verdict.proof), "" otherwise.
    proof: str = ""
    unroll: int | None = None

    @property
    def verified(self) -> bool:
        """A ``correct`` verdict of any proof kind; consumers apply their ProofPolicy."""
        return self.category == "correct"

    def accepted_by(self, policy: ProofPolicy) -> bool:
        """Is this a proof ``policy`` trusts (e.g. FULL_ONLY for `veriopt opt`)?"""
        return policy.accepts_proof(self.category, self.proof)

    def same_as(self, reference_ir: str) -> bool:
        """Exact match with the reference, modulo names/whitespace/comments/metadata."""
        return self.norm_hash is not None and self.norm_hash == normalized_hash(reference_ir)


def diagnostic_text(category: str, reason: str, report: str, message: str = "") -> str:
    """The verifier's diagnostic without the function listings: what a model should
    learn to predict about its own attempt (Fig. 2's "error message")."""
    if category == "syntax_error":
        return "ERROR: " + (message or reason.removeprefix("parse:")).strip()
    lines = report.splitlines()
    start = next((i for i, ln in enumerate(lines)
                  if ln.startswith(("Transformation ", "ERROR:"))), None)
    if start is None:
        return (message or reason).strip()
    end = next((i for i, ln in enumerate(lines) if ln.startswith("Summary:")), len(lines))
    return "\n".join(lines[start:end]).strip()


_HAS_DEFINE = re.compile(r"^define ", re.M)


def splice_into_source(src_ir: str, answer: str) -> str:
    """The source module with its function definitions replaced by ``answer``'s.

    Models often answer with just the ``define`` (no datalayout, globals or
    declarations); verifying that in the source's context is what a user means.
    """
    kept: list[str] = []
    skipping = False
    for line in src_ir.splitlines():
        if line.startswith("define "):
            skipping = True
            if kept and kept[-1].startswith("; Function Attrs:"):
                kept.pop()
            continue
        if skipping:
            if line == "}":
                skipping = False
            continue
        kept.append(line)
    defs = answer[answer.find("define "):] if "define " in answer else answer
    return "\n".join(kept).rstrip() + "\n\n" + _only_definitions(defs) + "\n"


def _only_definitions(text: str) -> str:
    """``define ... { ... }`` blocks of ``text`` (dropping module-level lines the
    source already has)."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("define "):
            inside = True
        if inside:
            out.append(line)
        if inside and line.startswith("}"):
            inside = False
            out.append("")
    return "\n".join(out).strip()


def assemble_candidate(src_ir: str, answer: str) -> str:
    """Canonical candidate module, leniently: the answer as is if LLVM accepts it alone
    with the source's triple and datalayout, else the answer's definitions spliced
    into the source module (so a bare ``define`` is read with the source's layout,
    never LLVM's default); IRSyntaxError otherwise (with LLVM's message for the
    answer as written)."""
    if _HAS_DEFINE.search(answer) and "triple" not in answer \
            and _module_line(_TRIPLE, src_ir) is not None:
        # A bare definition (what models write) never passes alone against a source
        # with a target triple (LLVM prints none it was not given): splice first, and
        # pay for the answer alone only to report its error. Same result, one opt
        # process fewer.
        try:
            return _spliced(src_ir, answer)
        except IRSyntaxError:
            standalone_candidate(src_ir, answer)  # raises the answer's own error
            raise  # (not reached: the answer alone cannot match the triple)
    try:
        return standalone_candidate(src_ir, answer)
    except IRSyntaxError as first:
        if not _HAS_DEFINE.search(answer):
            raise
        try:
            return _spliced(src_ir, answer)
        except IRSyntaxError:
            raise first from None


def _spliced(src_ir: str, answer: str) -> str:
    """The answer's definitions in the source module, canonicalised by LLVM."""
    from veriopt.llvm.toolchain import canonicalize

    return canonicalize(splice_into_source(src_ir, answer), filename="candidate.ll")


@functools.lru_cache(maxsize=4096)
def normalized_hash(ir_text: str) -> str | None:
    """Hash of the single defined function in canonical, name-normalised form."""
    from veriopt.llvm.functions import normalized
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import canonicalize

    try:
        module = parse_module(canonicalize(ir_text))
    except VeriOptError:
        return None
    defs = module.definitions
    if len(defs) != 1:
        return None
    return hashlib.sha1(repr(normalized(defs[0])).encode()).hexdigest()


@functools.lru_cache(maxsize=1024)
def _source_latency(src_ir: str) -> float:
    from veriopt.metrics import measure

    return float(measure(src_ir).latency)


def standalone_candidate(src_ir: str, answer: str) -> str:
    """The answer as the paper verifies it: a module of its own (IRSyntaxError when
    LLVM rejects it alone, or when its target triple or datalayout is not the
    source's: alive-tv refuses "Modules have different target triples", and a
    different datalayout changes what the IR means)."""
    from veriopt.llvm.toolchain import canonicalize

    cand = canonicalize(answer, filename="candidate.ll")
    for what, pattern in (("target triples", _TRIPLE), ("data layouts", _DATALAYOUT)):
        if _module_line(pattern, src_ir) != _module_line(pattern, cand):
            raise IRSyntaxError(f"Modules have different {what}")
    return cand


_TRIPLE = re.compile(r'^target triple = "([^"]*)"', re.M)
_DATALAYOUT = re.compile(r'^target datalayout = "([^"]*)"', re.M)


def _module_line(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None


@functools.lru_cache(maxsize=1024)
def compared_function(src_ir: str) -> str | None:
    """The name of the source's only definition (what a candidate must define)."""
    from veriopt.llvm.parser import parse_module

    try:
        defs = parse_module(src_ir).definitions
    except VeriOptError:
        return None
    return defs[0].name if len(defs) == 1 else None


@functools.lru_cache(maxsize=1024)
def _canonical_source(src_ir: str) -> str:
    """The source as LLVM prints it, once per source in the scorer: each of its
    candidates is checked in a fresh worker, which would otherwise run ``opt`` on the
    same source again. A source LLVM rejects goes as it is (the worker reports it)."""
    from veriopt.llvm.toolchain import canonicalize

    try:
        return canonicalize(src_ir, filename="source.ll")
    except VeriOptError:
        return src_ir


def score_candidate(task: tuple[Any, ...]) -> dict[str, Any]:
    """Worker: verify ``candidate`` against ``src`` and measure it when verified.
    ``task``: (src, answer, options[, assembly[, src_latency]]): `VerifyOptions` (or a
    bare timeout); ``src_latency`` when the caller already knows it (None: measured here)."""
    from veriopt.metrics import measure
    from veriopt.verify import check

    src, answer, options = task[:3]
    if not isinstance(options, VerifyOptions):
        options = VerifyOptions(timeout=float(options))
    assembly = task[3] if len(task) > 3 else "splice"
    known = task[4] if len(task) > 4 else None
    out: dict[str, Any] = {"src_latency": known if known is not None else _source_latency(src)}
    try:
        cand = (standalone_candidate(src, answer) if assembly == "standalone"
                else assemble_candidate(src, answer))
    except IRSyntaxError as e:
        msg = e.llvm_message
        return {**out, "category": "syntax_error", "reason": "parse:" + str(e).splitlines()[0],
                "is_copy": False, "report": msg,
                "diagnostic": diagnostic_text("syntax_error", "", "", msg)}
    verdict = check(src, cand, options=options, fn_name=compared_function(src))
    out.update(category=verdict.category, reason=verdict.reason, is_copy=verdict.is_copy,
               report=verdict.report, candidate_ir=cand, proof=verdict.proof,
               unroll=verdict.unroll,
               diagnostic=diagnostic_text(verdict.category, verdict.reason, verdict.report,
                                          getattr(verdict, "message", "")))
    out["norm_hash"] = normalized_hash(cand)
    if verdict.category == "correct":
        m = measure(cand)
        out.update(latency=float(m.latency), instructions=m.instructions, size=m.size)
    return out


class CandidateScorer:
    """Scores batches of (source, candidate) pairs with a bounded pool and a memo."""

    def __init__(self, *, jobs: int = 2, options: VerifyOptions | None = None,
                 hard_timeout: float | None = None, memo_size: int = 20000,
                 assembly: str = "splice", memory_mb: int | None = DEFAULT_MEMORY_MB) -> None:
        if assembly not in ASSEMBLIES:
            raise ValueError(f"assembly must be one of {ASSEMBLIES}, got {assembly!r}")
        self.jobs = jobs
        self.options = options or VerifyOptions()
        self.assembly = assembly
        self.memory_mb = memory_mb
        # past the check's own wall-clock net (VerifyOptions.wall_seconds), plus start-up
        self.hard_timeout = hard_timeout or self.options.wall_seconds() + 30
        self.memo: OrderedDict[tuple[str, str], CandidateScore] = OrderedDict()
        self.memo_size = memo_size
        self._pool: KillablePool | None = None

    def _get_pool(self) -> KillablePool:
        if self._pool is None:
            self._pool = KillablePool(score_candidate, self.jobs, hard_timeout=self.hard_timeout,
                                      preload=("veriopt.verify.warm", "veriopt.metrics",
                                               "veriopt.model.scoring"),
                                      memory_mb=self.memory_mb,
                                      # a reward must not depend on the worker's history
                                      fresh_per_task=True)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> CandidateScorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def score(self, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], CandidateScore]:
        """Scores for every pair (each distinct pair is computed once, ever)."""
        todo = list(dict.fromkeys(p for p in pairs if p not in self.memo))
        if todo:
            latency = self._source_latencies({src for src, _ in todo})
            tasks = [(_canonical_source(src), cand, self.options, self.assembly,
                      latency.get(src)) for src, cand in todo]
            for i, result in self._get_pool().imap_unordered(tasks):
                self._remember(todo[i], _to_score(result, todo[i][0]))
        return {p: self.memo[p] for p in pairs if p in self.memo}

    def _source_latencies(self, sources: set[str]) -> dict[str, float]:
        """Each source's latency, measured here once (threads: the work is in `llc`/`opt`
        subprocesses). Each candidate runs in a fresh worker (a reward must not depend on
        what a worker verified before), which would otherwise measure the source again
        for every candidate. A source that cannot be measured is left to the worker,
        which reports it as it always did."""
        from concurrent.futures import ThreadPoolExecutor

        def measured(src: str) -> float | None:
            try:
                return _source_latency(src)
            except Exception:  # noqa: BLE001 - the worker reports the failure
                return None

        ordered = sorted(sources)
        with ThreadPoolExecutor(max(1, min(self.jobs, len(ordered)))) as threads:
            values = list(threads.map(measured, ordered))
        return {s: v for s, v in zip(ordered, values, strict=True) if v is not None}

    def _remember(self, key: tuple[str, str], score: CandidateScore) -> None:
        self.memo[key] = score
        while len(self.memo) > self.memo_size:
            self.memo.popitem(last=False)


def _to_score(result: Any, src: str) -> CandidateScore:
    if isinstance(result, TaskTimeout):
        return CandidateScore("inconclusive", TIMEOUT_WALL, False, "ERROR: Timeout", "", 0.0)
    if isinstance(result, TaskCrashed):
        return CandidateScore("inconclusive", result.reason, False,
                              f"ERROR: {result.error}", "", 0.0)
    return CandidateScore(category=result["category"], reason=result["reason"],
                          is_copy=bool(result.get("is_copy")), diagnostic=result["diagnostic"],
                          report=result.get("report", ""), src_latency=result["src_latency"],
                          latency=result.get("latency"), instructions=result.get("instructions"),
                          size=result.get("size"), norm_hash=result.get("norm_hash"),
                          candidate_ir=result.get("candidate_ir"),
                          proof=result.get("proof") or "", unroll=result.get("unroll"))
