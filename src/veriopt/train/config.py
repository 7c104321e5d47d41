"""Configuration of `veriopt train`: one YAML file maps 1:1 onto `TrainConfig`.

Why one config for all stages: the pipeline runs Model-Zero, harvesting, Warm-up,
Model-Correctness and Model-Latency in one run folder, each stage from the previous
one's adapter, so a stage's settings are only meaningful next to the shared ones
(base model, dataset, LoRA shape, verifier limits). A stage YAML
(``configs/zero.yaml``) simply sets the shared keys and its own section.

The GRPO and SFT sections wrap TRL's `GRPOConfig` / `SFTConfig` (pinned: TRL 1.16):
each field here is passed through under the same name, ``extra`` passes any other
TRL field verbatim, and the defaults are the paper's settings (Sec. IV-B): no KL
term (``beta=0``), one update per batch of rollouts (``num_iterations=1``),
token-level loss normalisation (``loss_type="dapo"``) and gradient clipping.
Device-dependent switches (``bf16``, gradient checkpointing, vLLM) default to
``None`` = decided per device at run time and recorded in the stage's output.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from veriopt.config import from_dict
from veriopt.errors import ConfigError
from veriopt.verify.options import POLICY_NAMES, VerifyOptions

#: The stages, in pipeline order ("harvest" builds the augmented samples).
STAGES = ("zero", "harvest", "warmup", "correctness", "latency")
#: The stages that train a model (and so can be evaluated on the held-out split).
MODEL_STAGES = ("zero", "warmup", "correctness", "latency")
PAPER_BASE_MODEL = "Qwen/Qwen2.5-3B-Instruct"
ALL_PROJECTIONS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


@dataclass(frozen=True)
class LoraSettings:
    """The LoRA adapter (PEFT) trained on top of the frozen base model."""

    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: list(ALL_PROJECTIONS))


@dataclass(frozen=True)
class GRPOSettings:
    """Fields of `trl.GRPOConfig`, paper defaults. Batch sizes count *completions*:
    a step sees ``per_device_train_batch_size * gradient_accumulation_steps /
    num_generations`` prompts per device, ``num_generations`` rollouts each."""

    learning_rate: float = 1e-5
    num_train_epochs: float = 1.0
    #: > 0 overrides num_train_epochs.
    max_steps: int = -1
    per_device_train_batch_size: int = 8
    gradient_accumulation_steps: int = 1
    num_generations: int = 8
    max_completion_length: int = 2048
    temperature: float = 1.0
    top_p: float = 1.0
    #: No KL penalty (paper IV-B 1).
    beta: float = 0.0
    #: One gradient update per batch of rollouts (paper IV-B 2).
    num_iterations: int = 1
    #: Token-level normalisation over the global batch (paper IV-B 3, DAPO).
    loss_type: str = "dapo"
    #: Gradient clipping instead of KL regularisation (paper IV-B 1).
    max_grad_norm: float = 1.0
    lr_scheduler_type: str = "constant"
    warmup_steps: int = 0
    logging_steps: int = 1
    save_steps: int = 50
    save_total_limit: int | None = 2
    seed: int = 0
    #: None: bf16 on a GPU that supports it, never on CPU.
    bf16: bool | None = None
    #: None: on for GPUs, off on CPU.
    gradient_checkpointing: bool | None = None
    #: None: vLLM rollouts when vllm is installed and a GPU is present, `generate` otherwise.
    use_vllm: bool | None = None
    vllm_mode: str = "colocate"
    vllm_gpu_memory_utilization: float = 0.3
    #: TRL/transformers loggers besides our own CSV + TensorBoard (e.g. ["wandb"]).
    report_to: list[str] = field(default_factory=list)
    #: Any other `GRPOConfig` field, passed verbatim (checked against TRL's fields).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class SFTSettings:
    """Fields of `trl.SFTConfig` for the Warm-up stage (completion-only loss)."""

    learning_rate: float = 1e-4
    num_train_epochs: float = 2.0
    max_steps: int = -1
    per_device_train_batch_size: int = 4
    gradient_accumulation_steps: int = 4
    #: prompt + <think> (attempt, diagnostic) + <answer>: about three modules long.
    max_length: int = 6144
    max_grad_norm: float = 1.0
    lr_scheduler_type: str = "cosine"
    warmup_steps: int = 0
    logging_steps: int = 1
    save_steps: int = 200
    save_total_limit: int | None = 2
    seed: int = 0
    bf16: bool | None = None
    gradient_checkpointing: bool | None = None
    report_to: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DataSettings:
    """Where the training inputs come from (a `veriopt dataset build` folder)."""

    dataset: str = "data/dataset"
    #: Use at most this many training inputs (None: all), after the token filter.
    max_train_samples: int | None = None
    #: Drop training inputs whose -O0 module exceeds this many tokens of the policy's
    #: tokenizer (None: keep all; the dataset builder already applies the paper's 2048).
    max_prompt_tokens: int | None = None
    #: ``init: scratch`` only: the share of the training split's *source files* kept out
    #: of the scratch pre-training and given to the stages (0: both see every input).
    #: Why: a pretrained base model has never seen the RL inputs; GRPO on inputs the
    #: pre-training memorised gives identical rollouts, hence zero advantage.
    stage_fraction: float = 0.0


@dataclass(frozen=True)
class ScorerSettings:
    """Verification of rollouts: a bounded process pool with hard per-call limits."""

    #: worker processes; 0 = number of CPUs.
    jobs: int = 0
    #: wall-clock limit after which a worker is killed (None: the check's own wall-clock
    #: net, VerifyOptions.wall_seconds, + 30).
    hard_timeout: float | None = None
    #: which proofs the GRPO reward pays: "full_or_bounded" (the paper: Alive2 counted a
    #: proof within the loop bound as correct) or "full_only". A vacuous proof never pays.
    reward_proofs: str = "full_or_bounded"

    def __post_init__(self) -> None:
        if self.reward_proofs not in POLICY_NAMES:
            raise ConfigError(f"scorer.reward_proofs must be one of {', '.join(POLICY_NAMES)}, "
                              f"got {self.reward_proofs!r}")


@dataclass(frozen=True)
class ScratchSettings:
    """`init: scratch`: a small Qwen2-architecture model + BPE tokenizer built on the
    dataset's IR, then briefly pre-trained (generic prompt -> instcombine answer) so
    it writes IR-shaped text: the stand-in for what a pretrained model already knows."""

    hidden_size: int = 128
    layers: int = 2
    heads: int = 4
    #: key/value heads (grouped-query attention, as Qwen2); None: heads // 2.
    kv_heads: int | None = None
    #: MLP width; None: 2 * hidden_size.
    intermediate_size: int | None = None
    vocab_size: int = 2000
    #: an existing tokenizer folder to use (e.g. the one the dataset's token filter
    #: counted with); None: train a BPE tokenizer on the training split.
    tokenizer: str | None = None
    #: ~100 steps at 3e-3 is where a 2-layer, hidden-128 model starts to write
    #: ``<answer>`` and IR after the generic prompt (measured on the built-in corpus).
    pretrain_steps: int = 200
    pretrain_learning_rate: float = 3e-3
    pretrain_batch_size: int = 4
    pretrain_gradient_accumulation_steps: int = 1
    pretrain_warmup_steps: int = 0
    #: checkpoint every N steps so an interrupted pre-training resumes (0: never).
    pretrain_save_steps: int = 0
    #: sequence limit of the pre-training (prompt + answer; longer ones are truncated).
    max_length: int = 4096
    seed: int = 0
    #: a scratch base folder (an earlier ``RUN/base``) whose weights and tokenizer this
    #: pre-training continues from, instead of a random model: a curriculum in steps
    #: (e.g. all pairs first, then the short ones), each step kept and recorded.
    continue_from: str | None = None
    #: renamed copies of each pre-training pair (function and source file renamed alike
    #: on both sides, `veriopt.train.renaming`): names must be read from the prompt.
    rename_copies: int = 0


@dataclass(frozen=True)
class HarvestSettings:
    """Diagnostic-augmented samples from the recorded rollouts (paper Fig. 2)."""

    #: rollouts of these stages are harvested (add "correctness" for a second round).
    stages: list[str] = field(default_factory=lambda: ["zero"])
    #: failure kinds that make correction samples (inconclusive is not a failure).
    categories: list[str] = field(default_factory=lambda: ["syntax_error", "semantic_error"])
    #: at most this many correction samples (distinct failure signatures) per input.
    max_corrections_per_input: int = 4
    #: skip wrong attempts longer than this many characters (runaway generations).
    max_attempt_chars: int = 16000


@dataclass(frozen=True)
class EvalSettings:
    """Greedy evaluation of each trained stage on the held-out split (paper Fig. 7)."""

    enabled: bool = True
    #: also evaluate the base model before Model-Zero.
    include_base: bool = False
    max_samples: int | None = None
    max_new_tokens: int = 2048
    batch_size: int = 8
    #: `veriopt train heldout`: evaluate again stages that already have a result
    #: (e.g. with a newer verifier); the old results are replaced.
    redo: bool = False


@dataclass(frozen=True)
class ZeroStage:
    """Model-Zero: GRPO, generic prompt, Eq. (1) reward; rollouts are recorded."""

    grpo: GRPOSettings = field(default_factory=GRPOSettings)
    #: "previous" (the stage before), "none" (fresh LoRA on the base model), or a path.
    init_adapter: str = "none"


@dataclass(frozen=True)
class WarmupStage:
    """Warm-up: SFT on first-time and correction samples, augmented prompt."""

    sft: SFTSettings = field(default_factory=SFTSettings)
    init_adapter: str = "previous"


@dataclass(frozen=True)
class CorrectnessStage:
    """Model-Correctness: GRPO, augmented prompt, Eq. (2) on <think> + Eq. (1) on <answer>."""

    grpo: GRPOSettings = field(default_factory=GRPOSettings)
    init_adapter: str = "previous"


@dataclass(frozen=True)
class LatencyStage:
    """Model-Latency: GRPO, generic prompt, no reference labels, Eq. (4) reward."""

    grpo: GRPOSettings = field(default_factory=GRPOSettings)
    init_adapter: str = "previous"
    #: convex shaping exponent (> 1).
    gamma: float = 2.0
    #: saturation speedup; None = 80th percentile of instcombine's speedup on train.
    u_max: float | None = None


@dataclass(frozen=True)
class TrainConfig:
    """Everything `veriopt train` needs; YAML keys map 1:1 onto these fields."""

    #: base model: a local folder or a hub id already in the local cache (loaded offline).
    model: str = PAPER_BASE_MODEL
    #: "pretrained" (load ``model``) or "scratch" (build a small model, see ScratchSettings).
    init: str = "pretrained"
    #: the run folder holding every artifact of every stage.
    run_dir: str = "runs/veriopt"
    #: "auto", "cpu" or "cuda".
    device: str = "auto"
    #: torch's intra-op threads (None: torch's default, one per core). On a CPU shared
    #: with other jobs 1 is several times faster: OpenMP threads spin-wait for each other.
    torch_threads: int | None = None
    data: DataSettings = field(default_factory=DataSettings)
    lora: LoraSettings = field(default_factory=LoraSettings)
    scorer: ScorerSettings = field(default_factory=ScorerSettings)
    #: the verifier's settings for every rollout and held-out sample (time budget, loop
    #: unroll bound, ...); a timeout scores as unverified.
    verify: VerifyOptions = field(default_factory=VerifyOptions)
    scratch: ScratchSettings = field(default_factory=ScratchSettings)
    harvest: HarvestSettings = field(default_factory=HarvestSettings)
    eval: EvalSettings = field(default_factory=EvalSettings)
    zero: ZeroStage = field(default_factory=ZeroStage)
    warmup: WarmupStage = field(default_factory=WarmupStage)
    correctness: CorrectnessStage = field(default_factory=CorrectnessStage)
    latency: LatencyStage = field(default_factory=LatencyStage)

    def __post_init__(self) -> None:
        if self.init not in ("pretrained", "scratch"):
            raise ConfigError(f"init must be 'pretrained' or 'scratch', got {self.init!r}")
        if self.device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"device must be 'auto', 'cpu' or 'cuda', got {self.device!r}")
        for stage in ("zero", "correctness", "latency"):
            g: GRPOSettings = getattr(self, stage).grpo
            if g.num_generations < 2:
                raise ConfigError(f"{stage}.grpo.num_generations must be >= 2 (GRPO compares "
                                  f"rollouts of one prompt), got {g.num_generations}")
            batch = g.per_device_train_batch_size * g.gradient_accumulation_steps
            if batch % g.num_generations:
                raise ConfigError(
                    f"{stage}.grpo: per_device_train_batch_size * gradient_accumulation_steps "
                    f"({batch}) must be a multiple of num_generations ({g.num_generations})")
        if not 0.0 <= self.data.stage_fraction < 1.0:
            raise ConfigError(f"data.stage_fraction must be in [0, 1), got "
                              f"{self.data.stage_fraction}")
        if self.data.stage_fraction > 0 and self.init != "scratch":
            raise ConfigError("data.stage_fraction splits the training inputs between the "
                              "scratch pre-training and the stages: it needs init: scratch")
        if self.latency.gamma <= 0:
            raise ConfigError(f"latency.gamma must be > 0, got {self.latency.gamma}")
        unknown = set(self.harvest.stages) - {"zero", "correctness", "latency"}
        if unknown:
            raise ConfigError(f"harvest.stages: no rollouts are recorded by {sorted(unknown)}")


def load_train_config(path: str | Path | None = None, *,
                      settings: list[str] | tuple[str, ...] = (),
                      overrides: dict[str, Any] | None = None) -> TrainConfig:
    """`TrainConfig` from a YAML file, then ``key.path=value`` settings (values are
    YAML, e.g. ``zero.grpo.max_steps=2``), then top-level ``overrides`` (None = unset)."""
    data: dict[str, Any] = {}
    source = str(path) if path is not None else "<defaults>"
    if path is not None:
        try:
            raw = yaml.safe_load(Path(path).read_text())
        except FileNotFoundError:
            raise ConfigError(f"{path}: config file not found") from None
        except yaml.YAMLError as e:
            raise ConfigError(f"{path}: not valid YAML: {e}".splitlines()[0]) from None
        if raw is not None and not isinstance(raw, dict):
            raise ConfigError(f"{path}: expected a mapping of settings at the top level")
        data = raw or {}
    for item in settings:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ConfigError(f"--set expects KEY.PATH=VALUE, got {item!r}")
        _set_path(data, key.strip().split("."), yaml.safe_load(value))
    for k, v in (overrides or {}).items():
        if v is not None:
            data[k] = v
    return from_dict(TrainConfig, data, source=source)


def _set_path(data: dict[str, Any], keys: list[str], value: Any) -> None:
    for k in keys[:-1]:
        nxt = data.setdefault(k, {})
        if not isinstance(nxt, dict):
            raise ConfigError(f"--set: '{k}' is not a section")
        data = nxt
    data[keys[-1]] = value


def trl_kwargs(settings: GRPOSettings | SFTSettings, trl_class: type) -> dict[str, Any]:
    """Our settings as keyword arguments of ``trl_class`` (device switches excluded:
    see `veriopt.train.device`). ``extra`` keys must be fields of ``trl_class``."""
    skip = {"extra", "bf16", "gradient_checkpointing", "use_vllm"}
    kwargs = {f.name: copy.deepcopy(getattr(settings, f.name)) for f in fields(settings)
              if f.name not in skip}
    known = {f.name for f in fields(trl_class)}
    bad = sorted(set(settings.extra) - known)
    if bad:
        raise ConfigError(f"extra: '{bad[0]}' is not a field of trl.{trl_class.__name__}")
    kwargs.update(copy.deepcopy(settings.extra))
    if not kwargs.get("report_to"):
        kwargs["report_to"] = "none"
    return kwargs
