"""Configuration of `veriopt eval` (YAML keys map 1:1 onto these fields).

One run scores exactly one source of outputs: a predictions file, a model behind
a generation backend, or a baseline taken from the dataset itself (the
instcombine references, or the inputs unchanged) that anchors the tables.

By default a run is comparable with the paper: the module the model wrote is
verified as written (``assembly: standalone``, what the artifact does with
Alive2). ``assembly: splice`` is the lenient alternative (the answer's functions
verified inside the source module, which supplies what the model left out); it
is recorded in run.json and shown in reports, since its numbers are higher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veriopt.errors import ConfigError
from veriopt.model.backends import BackendConfig, GenerationConfig
from veriopt.verify.options import VerifyOptions

#: Baselines `--baseline` can score in place of a model's outputs.
BASELINES = ("instcombine", "input")
PROMPT_KINDS = ("generic", "augmented")
#: How an answer becomes the verified module (veriopt.model.scoring).
ASSEMBLIES = ("standalone", "splice")


def _eval_backend() -> BackendConfig:
    # The paper's artifact decodes greedily with up to 2048 new tokens: a one-function
    # module plus its rewrite fit in 2048 tokens, so 1024 would truncate long answers.
    return BackendConfig(generation=GenerationConfig(max_new_tokens=2048))


@dataclass
class EvalConfig:
    """Every knob of an evaluation run."""

    #: dataset folder from `veriopt dataset build` (or one of its .jsonl splits).
    dataset: str | None = None
    #: split of the dataset to evaluate on.
    split: str = "test"
    #: outputs produced elsewhere: JSONL/CSV keyed by dataset ``id``, or standalone
    #: rows carrying the prompt (the artifact's ``prompt,output`` results.csv) or the
    #: source IR (``src``/``o0``/``input`` column).
    predictions: str | None = None
    #: score the dataset's own "instcombine" references or the "input" unchanged.
    baseline: str | None = None
    #: the model to generate with (used when ``backend.model`` is set, or for an
    #: OpenAI-compatible server given by ``backend.base_url``).
    backend: BackendConfig = field(default_factory=_eval_backend)
    #: prompt given to the model: "generic" (paper Fig. 1) or "augmented" (Fig. 2).
    prompt: str = "generic"
    #: name of the run in reports (default: the output folder's name).
    name: str | None = None
    #: evaluate only the first N samples.
    limit: int | None = None
    #: verifier/metrics worker processes.
    jobs: int = 2
    #: the verifier's settings for every sample (time budget, loop unroll bound, ...).
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    #: samples generated and scored per step; results are appended after each step,
    #: so an interrupted run loses at most one step.
    chunk_size: int = 8
    #: "standalone" (the paper's way: the artifact's answer extraction, then the module
    #: as written must parse alone with the source's triple and datalayout) or "splice"
    #: (lenient: the answer's functions verified inside the source module).
    assembly: str = "standalone"

    def source_of_outputs(self) -> str:
        """Which one of predictions / model / baseline this run scores (a ConfigError
        when none or several are set)."""
        uses_model = bool(self.backend.model) or (self.backend.kind == "openai"
                                                  and bool(self.backend.base_url))
        chosen = [k for k, on in (("predictions", bool(self.predictions)),
                                  ("model", uses_model),
                                  ("baseline", bool(self.baseline))) if on]
        if len(chosen) != 1:
            raise ConfigError("give exactly one of --predictions FILE, --model MODEL or "
                              f"--baseline {{{','.join(BASELINES)}}} (got "
                              f"{' and '.join(chosen) or 'none'})")
        if self.baseline and self.baseline not in BASELINES:
            raise ConfigError(f"baseline must be one of {', '.join(BASELINES)}, "
                              f"got {self.baseline!r}")
        if self.assembly not in ASSEMBLIES:
            raise ConfigError(f"assembly must be one of {', '.join(ASSEMBLIES)}, "
                              f"got {self.assembly!r}")
        if self.prompt not in PROMPT_KINDS:
            raise ConfigError(f"prompt must be one of {', '.join(PROMPT_KINDS)}, "
                              f"got {self.prompt!r}")
        if chosen[0] in ("model", "baseline") and not self.dataset:
            raise ConfigError(f"--{chosen[0]} needs --dataset (the inputs to optimise)")
        return chosen[0]
