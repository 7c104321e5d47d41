"""Generation backends behind one interface.

A request is either raw prompt text or chat messages; each backend renders them the
way its engine expects (a local tokenizer's chat template, vLLM's chat API, an
HTTP server's /chat/completions). Greedy decoding is the default everywhere
(the paper's only inference strategy); ``n > 1`` samples with ``temperature``.

* `TransformersBackend`: a local model (path or cached hub id), optional PEFT/LoRA
  adapter, CPU or GPU, batched.
* `VLLMBackend`: vLLM's offline engine, when installed (GPU).
* `OpenAIBackend`: any OpenAI-compatible HTTP endpoint (vLLM server, llama.cpp
  server, Ollama, hosted APIs, or `veriopt serve`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any, Protocol, Union

from veriopt.errors import ConfigError, VeriOptError

Messages = list[dict[str, str]]
Request = Union[str, Messages]


class GenerationError(VeriOptError):
    """A backend failed to produce completions (server down, model missing, ...)."""


@dataclass
class GenerationConfig:
    """How to decode. Greedy unless ``n > 1`` or ``temperature > 0``."""

    max_new_tokens: int = 1024
    n: int = 1
    temperature: float = 0.0
    top_p: float = 1.0
    batch_size: int = 8
    seed: int = 0

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0 and self.n == 1


@dataclass
class BackendConfig:
    """Which backend and model. YAML keys map 1:1 onto these fields."""

    #: "transformers", "vllm", "openai" (any OpenAI-compatible server) or "none".
    kind: str = "transformers"
    #: local path or hub id (transformers/vllm; loaded offline), or the served model name.
    model: str | None = None
    #: PEFT/LoRA adapter folder (transformers/vllm).
    adapter: str | None = None
    #: "auto", "cpu", "cuda".
    device: str = "auto"
    dtype: str = "auto"
    #: OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1 (or $OPENAI_BASE_URL).
    base_url: str | None = None
    #: API key, or the name of an environment variable holding it (default OPENAI_API_KEY).
    api_key: str | None = None
    api_key_env: str = "OPENAI_API_KEY"
    #: "chat" (messages -> /chat/completions) or "completions" (rendered text).
    api: str = "chat"
    request_timeout: float = 300.0
    retries: int = 2
    generation: GenerationConfig = field(default_factory=GenerationConfig)


class Backend(Protocol):
    def generate(self, requests: list[Request], gen: GenerationConfig) -> list[list[str]]:
        """``gen.n`` completions for each request, in order."""

    def render(self, request: Request) -> str:
        """The exact prompt text the model sees (for logs and token counts)."""


def _pick_device(device: str) -> str:
    if device != "auto":
        return device
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class TransformersBackend:
    """A local causal LM, optionally with a LoRA adapter, decoded in batches."""

    def __init__(self, model: str, *, adapter: str | None = None, device: str = "auto",
                 dtype: str = "auto") -> None:
        import torch
        from transformers import AutoModelForCausalLM

        from veriopt.model.tiny import load_saved_tokenizer

        self.device = _pick_device(device)
        try:
            self.tokenizer = load_saved_tokenizer(model)
            torch_dtype = {"auto": torch.bfloat16 if self.device == "cuda" else torch.float32,
                           "float32": torch.float32, "bfloat16": torch.bfloat16,
                           "float16": torch.float16}[dtype]
            self.model = AutoModelForCausalLM.from_pretrained(model, local_files_only=True,
                                                              dtype=torch_dtype)
        except OSError as e:
            raise GenerationError(f"cannot load model '{model}' from a local path or the "
                                  f"local cache: {str(e).splitlines()[0]}") from None
        if adapter:
            from peft import PeftModel

            self.model = PeftModel.from_pretrained(self.model, adapter)
        self.model.to(self.device).eval()
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token

    def render(self, request: Request) -> str:
        if isinstance(request, str):
            return request
        if getattr(self.tokenizer, "chat_template", None):
            return self.tokenizer.apply_chat_template(request, tokenize=False,
                                                      add_generation_prompt=True)
        from veriopt.model.prompts import chatml

        return chatml(request)

    def encode(self, texts: list[str], gen: GenerationConfig) -> tuple[Any, dict[str, Any]]:
        """Tokenized prompts (left-padded) and the `generate` arguments for ``gen``."""
        enc = self.tokenizer(texts, return_tensors="pt", padding=True,
                             add_special_tokens=False).to(self.device)
        kwargs: dict[str, Any] = {"max_new_tokens": gen.max_new_tokens,
                                  "pad_token_id": self.tokenizer.pad_token_id,
                                  "eos_token_id": self.tokenizer.eos_token_id,
                                  "num_return_sequences": gen.n}
        if gen.greedy:
            kwargs.update(do_sample=False, temperature=None, top_p=None, top_k=None)
        else:
            kwargs.update(do_sample=True, temperature=max(gen.temperature, 1e-5),
                          top_p=gen.top_p)
        return enc, kwargs

    def count_tokens(self, text: str) -> int:
        return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def complete(self, request: Request, gen: GenerationConfig) -> tuple[int, list[Completion]]:
        """``gen.n`` completions of one request with token counts and finish reasons, and
        the prompt's length in tokens (what an OpenAI-style ``usage`` reports)."""
        import torch

        torch.manual_seed(gen.seed)
        enc, kwargs = self.encode([self.render(request)], gen)
        with torch.no_grad():
            ids = self.model.generate(**enc, **kwargs)
        prompt_tokens = int(enc["input_ids"].shape[1])
        return prompt_tokens, self.completions_of(ids, prompt_tokens)

    def stream(self, request: Request, gen: GenerationConfig) -> CompletionStream:
        """One completion (``gen.n`` must be 1), piece by piece as it is generated."""
        if gen.n != 1:
            raise GenerationError("streaming returns one completion (n = 1)")
        return CompletionStream(self, self.render(request), gen)

    def completions_of(self, ids: Any, prompt_tokens: int) -> list[Completion]:
        """Decode generated rows; a row ends at its first end-of-sequence token."""
        eos = self.tokenizer.eos_token_id
        ends = set(eos if isinstance(eos, list) else [eos])
        out = []
        for row in ids[:, prompt_tokens:].tolist():
            stop = next((k for k, tok in enumerate(row) if tok in ends), None)
            kept = row if stop is None else row[:stop + 1]
            out.append(Completion(self.tokenizer.decode(kept, skip_special_tokens=True),
                                  len(kept), "length" if stop is None else "stop"))
        return out

    def generate(self, requests: list[Request], gen: GenerationConfig) -> list[list[str]]:
        import torch

        texts = [self.render(r) for r in requests]
        out: list[list[str]] = []
        torch.manual_seed(gen.seed)
        for start in range(0, len(texts), gen.batch_size):
            chunk = texts[start:start + gen.batch_size]
            enc, kwargs = self.encode(chunk, gen)
            with torch.no_grad():
                ids = self.model.generate(**enc, **kwargs)
            new = ids[:, enc["input_ids"].shape[1]:]
            decoded = self.tokenizer.batch_decode(new, skip_special_tokens=True)
            out.extend(decoded[i * gen.n:(i + 1) * gen.n] for i in range(len(chunk)))
        return out


@dataclass(frozen=True)
class Completion:
    """One completion with what an API reports about it: its length in tokens (the end
    of sequence token included when there is one) and why it ended (``"stop"``: the
    model ended it; ``"length"``: ``max_new_tokens`` did)."""

    text: str
    tokens: int
    finish_reason: str


class CompletionStream:
    """Text pieces of one completion as the model writes them (iterate), then `result`.

    The model runs in its own thread, so a caller that stops reading early does not stop
    the generation: `wait` blocks until the model is done with it."""

    def __init__(self, backend: TransformersBackend, text: str, gen: GenerationConfig) -> None:
        import threading

        from transformers import TextIteratorStreamer

        self._backend = backend
        import torch

        self._streamer = TextIteratorStreamer(backend.tokenizer, skip_prompt=True,
                                              skip_special_tokens=True)
        torch.manual_seed(gen.seed)
        self._enc, kwargs = backend.encode([text], gen)
        self.prompt_tokens = int(self._enc["input_ids"].shape[1])
        self._ids: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(kwargs,), daemon=True)
        self._thread.start()

    def _run(self, kwargs: dict[str, Any]) -> None:
        import torch

        try:
            with torch.no_grad():
                self._ids = self._backend.model.generate(**self._enc, **kwargs,
                                                         streamer=self._streamer)
        except BaseException as e:  # noqa: BLE001 - re-raised in the reader's thread
            self._error = e
            self._streamer.end()

    def __iter__(self):
        for piece in self._streamer:
            if piece:
                yield piece
        self.wait()

    def wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise GenerationError(f"generation failed: {self._error}") from self._error

    def result(self) -> Completion:
        self.wait()
        return self._backend.completions_of(self._ids, self.prompt_tokens)[0]


class VLLMBackend:
    """vLLM's offline engine (needs a GPU and `pip install -e '.[vllm]'`)."""

    def __init__(self, model: str, *, adapter: str | None = None) -> None:
        try:
            from vllm import LLM
        except ImportError:
            raise GenerationError("the vllm backend needs vLLM: pip install -e '.[vllm]'") \
                from None
        self.llm = LLM(model=model, enable_lora=adapter is not None)
        self.adapter = adapter
        self.tokenizer = self.llm.get_tokenizer()

    def render(self, request: Request) -> str:
        if isinstance(request, str):
            return request
        return self.tokenizer.apply_chat_template(request, tokenize=False,
                                                  add_generation_prompt=True)

    def generate(self, requests: list[Request], gen: GenerationConfig) -> list[list[str]]:
        from vllm import SamplingParams

        params = SamplingParams(n=gen.n, max_tokens=gen.max_new_tokens, seed=gen.seed,
                                temperature=0.0 if gen.greedy else gen.temperature,
                                top_p=gen.top_p)
        lora = None
        if self.adapter:
            from vllm.lora.request import LoRARequest

            lora = LoRARequest("adapter", 1, self.adapter)
        outs = self.llm.generate([self.render(r) for r in requests], params, lora_request=lora)
        return [[c.text for c in o.outputs] for o in outs]


class OpenAIBackend:
    """Any OpenAI-compatible endpoint, through the official `openai` SDK: its retries
    (with backoff, on connection errors, 408/409/429 and 5xx) and timeouts are the
    SDK's, which every OpenAI-compatible server is tested against."""

    def __init__(self, base_url: str, model: str, *, api_key: str | None = None,
                 api: str = "chat", timeout: float = 300.0, retries: int = 2) -> None:
        if api not in ("chat", "completions"):
            raise ConfigError(f"api must be 'chat' or 'completions', got {api!r}")
        try:
            import openai
        except ImportError:
            raise GenerationError("the openai backend needs the openai package: "
                                  "pip install -e '.[serve]'") from None
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api = api
        self.retries = retries
        # Servers without authentication (vLLM, llama.cpp, `veriopt serve` by default)
        # accept any key; the SDK insists on one.
        self.client = openai.OpenAI(base_url=self.base_url, api_key=api_key or "EMPTY",
                                    timeout=timeout, max_retries=retries)

    def render(self, request: Request) -> str:
        if isinstance(request, str):
            return request
        from veriopt.model.prompts import chatml

        return chatml(request)

    def generate(self, requests: list[Request], gen: GenerationConfig) -> list[list[str]]:
        return [self._one(r, gen) for r in requests]

    def _one(self, request: Request, gen: GenerationConfig) -> list[str]:
        import openai

        params: dict[str, Any] = {"model": self.model, "max_tokens": gen.max_new_tokens,
                                  "n": gen.n, "temperature": 0.0 if gen.greedy
                                  else gen.temperature, "top_p": gen.top_p, "seed": gen.seed}
        try:
            if self.api == "chat" and not isinstance(request, str):
                chat = self.client.chat.completions.create(messages=request, **params)
                return [c.message.content or ""
                        for c in sorted(chat.choices, key=lambda c: c.index)]
            done = self.client.completions.create(prompt=self.render(request), **params)
            return [c.text for c in sorted(done.choices, key=lambda c: c.index)]
        except openai.APIConnectionError as e:  # includes timeouts
            raise GenerationError(f"{self.base_url}: no answer after {self.retries + 1} "
                                  f"tries ({type(e).__name__}: {e})") from None
        except openai.APIStatusError as e:
            raise GenerationError(f"{self.base_url}: HTTP {e.status_code}: "
                                  f"{_error_message(e)}") from None


def _error_message(e: Any) -> str:
    body = getattr(e, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            return str(inner["message"])[:300]
    return str(e)[:300]


def make_backend(cfg: BackendConfig) -> Backend:
    """The backend ``cfg`` names (errors say which setting is missing)."""
    if cfg.kind == "transformers":
        if not cfg.model:
            raise ConfigError("backend 'transformers' needs a model (local path or cached id)")
        return TransformersBackend(cfg.model, adapter=cfg.adapter, device=cfg.device,
                                   dtype=cfg.dtype)
    if cfg.kind == "vllm":
        if not cfg.model:
            raise ConfigError("backend 'vllm' needs a model")
        return VLLMBackend(cfg.model, adapter=cfg.adapter)
    if cfg.kind == "openai":
        base = cfg.base_url or os.environ.get("OPENAI_BASE_URL")
        if not base:
            raise ConfigError("backend 'openai' needs base_url (or $OPENAI_BASE_URL)")
        key = cfg.api_key or os.environ.get(cfg.api_key_env)
        return OpenAIBackend(base, cfg.model or "default", api_key=key, api=cfg.api,
                             timeout=cfg.request_timeout, retries=cfg.retries)
    raise ConfigError(f"unknown backend kind {cfg.kind!r} (transformers, vllm, openai)")
