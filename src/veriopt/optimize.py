"""`veriopt opt`: a verified LLM optimization pass that can never emit unproven code.

For each defined function: extract it into its own module (what the model and
the verifier see), collect candidates (the model's greedy answer, optional
samples, optionally instcombine's output), verify each against the extracted
function, and keep the verified candidate with the lowest estimated latency -
or the input, when nothing verified is faster.

What reaches the output (`veriopt.splice`, docs/safety.md): only the verified
function, spliced into the input module with the input's header; a candidate that
renames the function, defines anything else, adds or changes a global, a
constructor, an alias or ``module asm``, or declares a function unlike the input
is refused and the input function kept, with the reason in the log. Which proofs
count is `OptConfig.policy`: full proofs only unless ``accept_bounded`` (a bounded
proof says nothing about executions whose loops run past the bound).

The model is untrusted and may be down, slow, hostile or broken: each function
gives it at most ``model_budget`` seconds, any failure of the backend keeps the
input function, the model is not asked while a call past its budget still runs,
and after `MAX_MODEL_TIMEOUTS` budgets in a row run out it is not asked again in
this run. Any other fault (solver timeout, a splice that
does not verify) also keeps the input function: the output is always a refinement
of the input, function by function.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from veriopt.errors import VeriOptError
from veriopt.model.backends import Backend, BackendConfig, GenerationConfig
from veriopt.verify.options import FULL_ONLY, FULL_OR_BOUNDED, ProofPolicy, VerifyOptions

log = logging.getLogger(__name__)

#: Consecutive functions whose model budget ran out before the model is given up on.
MAX_MODEL_TIMEOUTS = 2
T = TypeVar("T")


@dataclass
class OptConfig:
    """Settings of `veriopt opt` (YAML keys map 1:1)."""

    backend: BackendConfig = field(default_factory=lambda: BackendConfig(kind="none"))
    #: sampled candidates per function on top of the greedy one.
    samples: int = 0
    temperature: float = 0.8
    max_new_tokens: int = 2048
    #: also consider instcombine's output ("instcombine") or not ("none").
    fallback: str = "instcombine"
    #: the verifier's settings (time budget, loop unroll bound, ...) and its worker processes.
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    jobs: int = 2
    #: also link rewrites proven only for executions within the loop bound.
    accept_bounded: bool = False
    #: seconds the model may take per function (all its requests together).
    model_budget: float = 300.0

    @property
    def policy(self) -> ProofPolicy:
        """The proofs `veriopt opt` links: full ones, plus bounded ones on request.
        Never a vacuous one (the input is UB on every input: nothing to optimise)."""
        return FULL_OR_BOUNDED if self.accept_bounded else FULL_ONLY


@dataclass(frozen=True)
class Candidate:
    origin: str  # "model", "model-sample-1", ..., "instcombine"
    text: str


@dataclass
class FunctionDecision:
    """What happened to one function (one line of the log)."""

    function: str
    chosen: str = "input"
    latency_before: float | None = None
    latency_after: float | None = None
    candidates: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


class ModelTimeout(VeriOptError):
    """The model did not answer within the function's budget. ``call`` is the
    abandoned call's thread (it may still be running)."""

    def __init__(self, message: str, call: threading.Thread | None = None) -> None:
        super().__init__(message)
        self.call = call


def _generic_request(ir: str) -> Any:
    from veriopt.model.prompts import generic_messages

    return generic_messages(ir)


def call_with_deadline(fn: Callable[[], T], seconds: float) -> T:
    """``fn()``, or ModelTimeout after ``seconds``. The call runs in a daemon thread
    that is abandoned on timeout (a blocked socket read cannot be interrupted), so a
    hanging server costs this budget and never the run, nor the process's exit."""
    box: queue.Queue[tuple[bool, Any]] = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            box.put((True, fn()))
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            box.put((False, e))

    call = threading.Thread(target=run, daemon=True, name="veriopt-model-call")
    call.start()
    try:
        ok, value = box.get(timeout=seconds)
    except queue.Empty:
        raise ModelTimeout(f"no answer within the model budget of {seconds:g} s",
                           call) from None
    if ok:
        return value
    raise value


def model_candidates(backend: Backend | None, fn_ir: str, cfg: OptConfig) -> list[Candidate]:
    """Greedy (and sampled) answers of the model, parsed leniently, within the
    function's model budget."""
    from veriopt.model.parsing import parse_completion

    if backend is None:
        return []

    def ask() -> list[str]:
        greedy = backend.generate([_generic_request(fn_ir)],
                                  GenerationConfig(max_new_tokens=cfg.max_new_tokens))[0]
        sampled: list[str] = []
        if cfg.samples > 0:
            sampled = backend.generate([_generic_request(fn_ir)], GenerationConfig(
                max_new_tokens=cfg.max_new_tokens, n=cfg.samples,
                temperature=cfg.temperature))[0]
        return [*_texts(greedy), *_texts(sampled)]

    out: list[Candidate] = []
    for k, text in enumerate(call_with_deadline(ask, cfg.model_budget)):
        # A completion without IR stays a candidate with empty text: it is never
        # verified, but the log says the model answered and what was wrong with it.
        answer = parse_completion(text).answer or ""
        out.append(Candidate("model" if k == 0 else f"model-sample-{k}", answer))
    return out


def _texts(answers: Any) -> list[str]:
    """The answers of one request; anything a broken server sent that is not a list
    of strings is dropped (the backend is untrusted input too)."""
    if not isinstance(answers, list | tuple):
        return []
    return [a for a in answers if isinstance(a, str)]


def optimize_module(module_ir: str, cfg: OptConfig, *, backend: Backend | None = None,
                    scorer: Any = None, progress: bool = False
                    ) -> tuple[str, list[FunctionDecision]]:
    """The optimized module and one decision per defined function."""
    from veriopt.llvm.functions import defined_functions, optnone_functions
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import canonicalize, get_toolchain
    from veriopt.model.scoring import CandidateScorer

    tc = get_toolchain()
    current = canonicalize(module_ir, filename="<input>")
    parsed = parse_module(current)
    names = defined_functions(parsed)
    optnone = set(optnone_functions(parsed))  # optimizers leave these alone (LangRef)
    own_scorer = scorer is None
    scorer = scorer or CandidateScorer(jobs=cfg.jobs, options=cfg.verify)
    model = _ModelGate(backend)
    decisions: list[FunctionDecision] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(names), desc="opt", unit="fn", dynamic_ncols=True)
    try:
        for name in names:
            d = FunctionDecision(name)
            decisions.append(d)
            if name in optnone:
                d.note = "kept input: optnone (veriopt opt --strip-optnone optimizes it)"
                if bar:
                    bar.update(1)
                continue
            try:
                fn_ir = tc.extract_function(current, name)
                cands = _collect(model, fn_ir, cfg, d)
                current = _link_best(scorer, current, name, fn_ir, cands, cfg.policy, d)
            except VeriOptError as e:  # keep the input function, say why
                d.chosen, d.latency_after = "input", d.latency_before
                d.note = _join(d.note, f"kept input: {type(e).__name__}: "
                                       f"{str(e).splitlines()[0] if str(e) else ''}")
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
        if own_scorer:
            scorer.close()
    return current, decisions


class _ModelGate:
    """The backend, given up on after `MAX_MODEL_TIMEOUTS` budgets in a row ran out,
    and never asked while an abandoned call still runs (a local model is not safe
    to call from two threads)."""

    def __init__(self, backend: Backend | None) -> None:
        self.backend = backend
        self.timeouts = 0
        self.abandoned: threading.Thread | None = None

    def candidates(self, fn_ir: str, cfg: OptConfig, d: FunctionDecision) -> list[Candidate]:
        if self.backend is None:
            return []
        if self.timeouts >= MAX_MODEL_TIMEOUTS:
            d.note = _join(d.note, f"model skipped: no answer within the budget "
                                   f"{MAX_MODEL_TIMEOUTS} times in a row")
            return []
        if self.abandoned is not None and self.abandoned.is_alive():
            d.note = _join(d.note, "model skipped: a call past its budget still runs")
            return []
        try:
            cands = model_candidates(self.backend, fn_ir, cfg)
        except ModelTimeout as e:
            self.timeouts += 1
            self.abandoned = e.call
            d.note = _join(d.note, f"model unavailable: {e}")
            return []
        except Exception as e:  # noqa: BLE001 - the model is untrusted: any fault keeps the input
            d.note = _join(d.note, f"model unavailable: {_first_line(e)}")
            return []
        self.timeouts = 0
        return cands


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _join(a: str, b: str) -> str:
    return f"{a}; {b}" if a else b


def _collect(model: _ModelGate, fn_ir: str, cfg: OptConfig,
             d: FunctionDecision) -> list[Candidate]:
    from veriopt.llvm.toolchain import get_toolchain

    cands = model.candidates(fn_ir, cfg, d)
    if cfg.fallback == "instcombine":
        cands.append(Candidate("instcombine", get_toolchain().opt(fn_ir)))
    return cands


def _link_best(scorer: Any, current: str, name: str, fn_ir: str, cands: list[Candidate],
               policy: ProofPolicy, d: FunctionDecision) -> str:
    """``current`` with the fastest accepted candidate linked in (the next one when a
    splice is refused), or unchanged; the decision records why."""
    from veriopt.splice import UnsafeCandidate, splice_verified

    for cand, score in _ranked(scorer, fn_ir, cands, policy, d):
        try:
            out = splice_verified(current, name, score.candidate_ir, fn_ir)
        except UnsafeCandidate as e:
            _entry(d, cand)["refused"] = str(e)
            d.note = _join(d.note, f"{cand.origin} refused: {e}")
            continue
        d.chosen, d.latency_after = cand.origin, score.latency
        return out
    d.latency_after = d.latency_before
    return current


def _entry(d: FunctionDecision, cand: Candidate) -> dict[str, Any]:
    return next(c for c in d.candidates if c["origin"] == cand.origin)


def _ranked(scorer: Any, fn_ir: str, cands: list[Candidate], policy: ProofPolicy,
            d: FunctionDecision) -> list[tuple[Candidate, Any]]:
    """Accepted candidates faster than the input, fastest first (then fewer
    instructions, then the order collected); every candidate is logged."""
    with_ir = [c for c in cands if c.text]
    scores = scorer.score([(fn_ir, c.text) for c in with_ir]) if with_ir else {}
    ranked: list[tuple[tuple[float, int, int], Candidate, Any]] = []
    for k, c in enumerate(cands):
        if not c.text:
            d.candidates.append({"origin": c.origin, "verdict": "syntax_error",
                                 "reason": "no_ir: the completion holds no LLVM IR",
                                 "latency": None})
            continue
        s = scores.get((fn_ir, c.text))
        if s is None:
            continue
        d.latency_before = s.src_latency
        accepted = s.accepted_by(policy) and s.candidate_ir is not None
        d.candidates.append({"origin": c.origin, "verdict": s.category, "proof": s.proof,
                             "reason": s.reason, "latency": s.latency, "accepted": accepted})
        if s.verified and not accepted and s.proof != "full":
            d.note = _join(d.note, f"{c.origin}: {s.proof} proof not accepted"
                           + (" (--accept-bounded links bounded ones)"
                              if s.proof == "bounded" else ""))
        if accepted and s.latency is not None and not s.is_copy:
            ranked.append(((s.latency, s.instructions or 0, k), c, s))
    if d.latency_before is None:
        from veriopt.metrics import measure

        d.latency_before = float(measure(fn_ir).latency)
    faster = sorted((r for r in ranked if r[0][0] < d.latency_before), key=lambda r: r[0])
    return [(c, s) for _, c, s in faster]
