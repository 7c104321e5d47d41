"""`veriopt opt`: a verified LLM optimization pass that can never emit unproven code.

For each defined function: extract it into its own module (what the model and
the verifier see), collect candidates (the model's greedy answer, optional
samples, optionally instcombine's output), verify each against the extracted
function, and keep the verified candidate with the lowest estimated latency —
or the input, when nothing verified is faster. Chosen functions are linked back
into the module with `llvm-link`, and every symbol's original linkage and
visibility is restored (`llvm-extract` widens internal symbols to hidden ones).
Any fault (backend error, solver timeout, a link that fails) keeps the input
function: the output is always a refinement of the input, function by function.
"""

from __future__ import annotations

import dataclasses
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veriopt.errors import VeriOptError
from veriopt.model.backends import Backend, BackendConfig, GenerationConfig, GenerationError

log = logging.getLogger(__name__)


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
    #: verifier timeout per query (s) and verification worker processes.
    timeout: float = 10.0
    jobs: int = 2


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


def _generic_request(ir: str) -> Any:
    from veriopt.model.prompts import generic_messages

    return generic_messages(ir)


def model_candidates(backend: Backend | None, fn_ir: str, cfg: OptConfig) -> list[Candidate]:
    """Greedy (and sampled) answers of the model, parsed leniently."""
    from veriopt.model.parsing import parse_completion

    if backend is None:
        return []
    out: list[Candidate] = []
    greedy = backend.generate([_generic_request(fn_ir)],
                              GenerationConfig(max_new_tokens=cfg.max_new_tokens))[0]
    sampled: list[str] = []
    if cfg.samples > 0:
        sampled = backend.generate([_generic_request(fn_ir)], GenerationConfig(
            max_new_tokens=cfg.max_new_tokens, n=cfg.samples, temperature=cfg.temperature))[0]
    for k, text in enumerate([*greedy, *sampled]):
        # A completion without IR stays a candidate with empty text: it is never
        # verified, but the log says the model answered and what was wrong with it.
        answer = parse_completion(text).answer or ""
        out.append(Candidate("model" if k == 0 else f"model-sample-{k}", answer))
    return out


def restore_linkage(merged_ir: str, original_ir: str) -> str:
    """Give every global and function of ``original_ir`` its original linkage,
    visibility, preemption and unnamed_addr in ``merged_ir``, and put functions back
    in their original order (llvm-link appends the linked-in definition)."""
    from veriopt.llvm import ir
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.printer import print_module

    fields = ("linkage", "preemption", "visibility", "unnamed_addr")
    original = {i.name: i for i in parse_module(original_ir).items
                if isinstance(i, (ir.Function, ir.GlobalVariable, ir.Alias))}
    merged = parse_module(merged_ir)
    items = []
    for item in merged.items:
        old = original.get(getattr(item, "name", None))
        if old is not None and type(old) is type(item):
            item = dataclasses.replace(item, **{f: getattr(old, f) for f in fields})
        items.append(item)
    order = {name: k for k, name in enumerate(original)}
    slots = [k for k, i in enumerate(items) if isinstance(i, ir.Function)]
    fns = sorted((items[k] for k in slots), key=lambda f: order.get(f.name, len(order)))
    for k, f in zip(slots, fns, strict=True):
        items[k] = f
    return print_module(dataclasses.replace(merged, items=tuple(items)))


def splice_function(module_ir: str, name: str, candidate_ir: str) -> str:
    """``module_ir`` with ``@name``'s body replaced by the one in ``candidate_ir``."""
    from veriopt.llvm.toolchain import canonicalize, get_toolchain

    tc = get_toolchain()
    with tempfile.TemporaryDirectory(prefix="veriopt-opt-") as tmp:
        rest, cand = Path(tmp) / "rest.ll", Path(tmp) / "cand.ll"
        rest.write_text(tc.run("llvm-extract", ["-S", "--delete", f"--func={name}", "-o", "-",
                                                "-"], input_text=module_ir).stdout)
        cand.write_text(candidate_ir)
        linked = tc.run("llvm-link", ["-S", "-o", "-", str(rest), str(cand)]).stdout
    return canonicalize(restore_linkage(canonicalize(linked), module_ir))


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
    scorer = scorer or CandidateScorer(jobs=cfg.jobs, timeout=cfg.timeout)
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
                cands = _collect(backend, fn_ir, cfg, d)
                best = _choose(scorer, fn_ir, cands, d)
                if best is not None:
                    current = splice_function(current, name, best.text)
                    d.chosen = best.origin
            except VeriOptError as e:  # keep the input function, say why
                d.chosen, d.latency_after = "input", d.latency_before
                d.note = f"kept input: {type(e).__name__}: {str(e).splitlines()[0]}"
            if bar:
                bar.update(1)
    finally:
        if bar:
            bar.close()
        if own_scorer:
            scorer.close()
    return current, decisions


def _collect(backend: Backend | None, fn_ir: str, cfg: OptConfig,
             d: FunctionDecision) -> list[Candidate]:
    from veriopt.llvm.toolchain import get_toolchain

    cands: list[Candidate] = []
    try:
        cands += model_candidates(backend, fn_ir, cfg)
    except GenerationError as e:
        d.note = f"model unavailable: {str(e).splitlines()[0]}"
    if cfg.fallback == "instcombine":
        cands.append(Candidate("instcombine", get_toolchain().opt(fn_ir)))
    return cands


def _choose(scorer: Any, fn_ir: str, cands: list[Candidate],
            d: FunctionDecision) -> Candidate | None:
    """The verified candidate with the lowest latency, if it beats the input."""
    with_ir = [c for c in cands if c.text]
    scores = scorer.score([(fn_ir, c.text) for c in with_ir]) if with_ir else {}
    best: tuple[float, int, int] | None = None
    chosen: Candidate | None = None
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
        d.candidates.append({"origin": c.origin, "verdict": s.category, "reason": s.reason,
                             "latency": s.latency})
        if s.verified and s.latency is not None and not s.is_copy:
            key = (s.latency, s.instructions or 0, k)
            if best is None or key < best:
                best, chosen = key, c
    if d.latency_before is None:
        from veriopt.metrics import measure

        d.latency_before = float(measure(fn_ir).latency)
    if chosen is None or best is None or best[0] >= d.latency_before:
        d.latency_after = d.latency_before
        return None
    d.latency_after = best[0]
    return chosen
