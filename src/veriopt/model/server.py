"""`veriopt serve`: a local model behind an OpenAI-compatible HTTP API (FastAPI + uvicorn).

For serving a fine-tuned (LoRA) checkpoint to tools that speak the OpenAI API, and for
testing the HTTP backend against a real server with a real model. For production
serving use `vllm serve MODEL --enable-lora --lora-modules name=ADAPTER`: it batches
requests on a GPU; this server decodes one request at a time (the model object is not
thread-safe) and is meant for one user, a laptop, or CI.

Routes: ``GET /v1/models``, ``POST /v1/completions``, ``POST /v1/chat/completions``
(``stream: true`` sends server-sent events; ``usage`` and a real ``finish_reason``,
``"stop"`` or ``"length"``, in every answer).

It is built to survive a hostile client, since anything on the machine can reach it:
loopback only unless told otherwise; an optional API key (``Authorization: Bearer``);
bodies over ``max_body_bytes`` are refused with 413 before they are read; a malformed
body, a wrong type (``n: "abc"``) or a JSON list is a 400 with a message saying which
field; requests beyond ``max_queue`` (running + waiting) get 503 at once instead of
piling up behind the model lock. Errors use OpenAI's shape:
``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import threading
import time
import uuid
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from veriopt.model.backends import Completion, GenerationConfig, TransformersBackend

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class ServeLimits:
    """What one client may ask of the server."""

    #: request bodies above this are refused with 413 (an IR function is a few KB).
    max_body_bytes: int = 4 * 1024 * 1024
    #: requests admitted at once (one decoding, the rest waiting); more get 503.
    max_queue: int = 8
    #: the largest ``max_tokens`` a request may ask for.
    max_tokens_limit: int = 8192
    #: the largest ``n``.
    max_n: int = 16
    #: ``max_tokens`` when a request gives none.
    default_max_tokens: int = 256


# ---- request bodies ---------------------------------------------------------------------


class _Params(BaseModel):
    """Decoding parameters common to both routes; unknown fields are ignored, as OpenAI
    clients send many (``user``, ``logit_bias``, ...)."""

    model_config = ConfigDict(extra="ignore")

    model: str | None = None
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    n: int = Field(default=1, ge=1)
    temperature: float | None = Field(default=None, ge=0.0, le=2.0)
    top_p: float | None = Field(default=None, gt=0.0, le=1.0)
    seed: int | None = None
    stop: str | list[str] | None = None
    stream: bool = False
    stream_options: dict[str, Any] | None = None


class _Message(BaseModel):
    model_config = ConfigDict(extra="ignore")

    role: Literal["system", "user", "assistant", "developer"]
    content: str


class ChatRequest(_Params):
    messages: list[_Message] = Field(min_length=1)


class CompletionRequest(_Params):
    prompt: str


# ---- errors --------------------------------------------------------------------------


class APIError(Exception):
    def __init__(self, status: int, message: str, *, kind: str = "invalid_request_error",
                 param: str | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.param = status, message, kind, param
        self.headers = headers or {}


def error_body(message: str, kind: str = "invalid_request_error",
               param: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": param, "code": None}}


def _validation_message(errors: list[dict[str, Any]]) -> tuple[str, str | None]:
    """One readable sentence for pydantic's errors, and the first offending field."""
    parts, first = [], None
    for e in errors[:5]:
        loc = [str(x) for x in e.get("loc", ()) if x != "body"]
        field = ".".join(loc)
        first = first or (field or None)
        parts.append(f"{field}: {e.get('msg', 'invalid')}" if field else e.get("msg", ""))
    return "invalid request body: " + "; ".join(parts), first


# ---- the body-size limit, before FastAPI reads anything --------------------------------


class BodyLimit:
    """ASGI middleware: refuse bodies over ``max_bytes`` (declared or actually sent) and
    malformed Content-Length headers, without buffering the body."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = [v for k, v in scope.get("headers", []) if k.lower() == b"content-length"]
        if declared:
            try:
                length = int(declared[0])
                if length < 0 or len(declared) > 1:
                    raise ValueError
            except ValueError:
                await _send_error(send, 400, "invalid Content-Length header")
                return
            if length > self.max_bytes:
                await _send_error(send, 413, f"request body of {length} bytes is over the "
                                  f"limit of {self.max_bytes} bytes")
                return
        seen = 0
        started = rejected = False

        async def limited_receive() -> dict:
            # Over the limit: answer 413 here and tell the app the client left (raising
            # instead would reach FastAPI's body parser, which turns any error into 400).
            nonlocal seen, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    rejected = True
                    if not started:
                        await _send_error(send, 413, f"request body is over the limit of "
                                          f"{self.max_bytes} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict) -> None:
            nonlocal started
            if rejected:
                return  # the 413 was the answer
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not rejected:
                raise


async def _send_error(send: Any, status: int, message: str) -> None:
    body = json.dumps(error_body(message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


# ---- the model, one request at a time ---------------------------------------------------


class ModelSlot:
    """The model behind a lock, with admission control: at most ``max_queue`` requests
    are admitted (decoding or waiting for the lock); the next gets 503 immediately."""

    def __init__(self, backend: TransformersBackend, max_queue: int) -> None:
        self.backend = backend
        self.lock = threading.Lock()
        self._admitted = threading.BoundedSemaphore(max_queue)

    def admit(self) -> None:
        if not self._admitted.acquire(blocking=False):
            raise APIError(503, "the server is busy (its request queue is full); retry "
                           "later", kind="server_error", headers={"Retry-After": "1"})

    def release(self) -> None:
        self._admitted.release()


def _generation(req: _Params, limits: ServeLimits) -> GenerationConfig:
    max_tokens = req.max_completion_tokens or req.max_tokens or limits.default_max_tokens
    if max_tokens > limits.max_tokens_limit:
        raise APIError(400, f"max_tokens is {max_tokens}; this server allows at most "
                       f"{limits.max_tokens_limit}", param="max_tokens")
    if req.n > limits.max_n:
        raise APIError(400, f"n is {req.n}; this server allows at most {limits.max_n}",
                       param="n")
    if req.stream and req.n != 1:
        raise APIError(400, "streaming supports n = 1 only", param="n")
    return GenerationConfig(max_new_tokens=max_tokens, n=req.n,
                            temperature=req.temperature or 0.0,
                            top_p=1.0 if req.top_p is None else req.top_p,
                            seed=req.seed or 0, batch_size=1)


def _stops(req: _Params) -> list[str]:
    stops = [req.stop] if isinstance(req.stop, str) else list(req.stop or [])
    return [s for s in stops if s]


def apply_stop(c: Completion, stops: list[str]) -> Completion:
    """Cut at the first stop sequence (OpenAI: the stop text is not returned)."""
    cuts = [c.text.find(s) for s in stops if s in c.text]
    if not cuts:
        return c
    return Completion(c.text[:min(cuts)], c.tokens, "stop")


class StopScanner:
    """Streams text but holds back what could be the start of a stop sequence."""

    def __init__(self, stops: list[str]) -> None:
        self.stops, self.buffer, self.stopped = stops, "", False
        self.hold = max((len(s) for s in stops), default=1) - 1

    def feed(self, piece: str) -> str:
        if self.stopped:
            return ""
        self.buffer += piece
        cuts = [self.buffer.find(s) for s in self.stops if s in self.buffer]
        if cuts:
            self.stopped = True
            out, self.buffer = self.buffer[:min(cuts)], ""
            return out
        keep = len(self.buffer) - self.hold if self.hold else len(self.buffer)
        out, self.buffer = self.buffer[:max(keep, 0)], self.buffer[max(keep, 0):]
        return out

    def flush(self) -> str:
        out, self.buffer = ("" if self.stopped else self.buffer), ""
        return out


# ---- the app --------------------------------------------------------------------------


def create_app(backend: TransformersBackend, model_name: str, *,
               limits: ServeLimits | None = None, api_key: str | None = None) -> Any:
    """The ASGI application (FastAPI, wrapped in the body-size limit)."""
    from fastapi import FastAPI, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import JSONResponse, StreamingResponse

    limits = limits or ServeLimits()
    slot = ModelSlot(backend, limits.max_queue)
    app = FastAPI(title="veriopt serve", docs_url=None, redoc_url=None, openapi_url=None)

    @app.exception_handler(APIError)
    async def _api_error(_request: Request, e: APIError) -> JSONResponse:
        return JSONResponse(error_body(e.message, e.kind, e.param), status_code=e.status,
                            headers=e.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, e: RequestValidationError) -> JSONResponse:
        message, param = _validation_message(list(e.errors()))
        return JSONResponse(error_body(message, param=param), status_code=400)

    @app.middleware("http")
    async def _authenticate(request: Request, call_next: Any) -> Any:
        if api_key is not None:
            given = request.headers.get("authorization", "")
            if not hmac.compare_digest(given.encode(), f"Bearer {api_key}".encode()):
                return JSONResponse(error_body("missing or wrong API key (send "
                                               "'Authorization: Bearer KEY')",
                                               "authentication_error"), status_code=401)
        return await call_next(request)

    @app.get("/v1/models")
    async def models() -> dict[str, Any]:
        return {"object": "list", "data": [{"id": model_name, "object": "model",
                                            "created": 0, "owned_by": "veriopt"}]}

    @app.post("/v1/chat/completions")
    async def chat(req: ChatRequest) -> Any:
        messages = [m.model_dump() for m in req.messages]
        return await _answer(req, messages, chat=True)

    @app.post("/v1/completions")
    async def completions(req: CompletionRequest) -> Any:
        return await _answer(req, req.prompt, chat=False)

    async def _answer(req: _Params, request: Any, *, chat: bool) -> Any:
        if req.model not in (None, model_name):
            raise APIError(404, f"the model '{req.model}' does not exist; this server "
                           f"serves '{model_name}'", param="model")
        gen = _generation(req, limits)
        slot.admit()
        if req.stream:
            include_usage = bool((req.stream_options or {}).get("include_usage"))
            release = _Once(slot.release)
            events = _stream_events(slot, release, request, gen, _stops(req), model_name,
                                    chat=chat, include_usage=include_usage)
            # A client gone before the first event: the unstarted generator never runs
            # its `finally`, so its slot is given back when the generator is collected.
            weakref.finalize(events, release)
            return StreamingResponse(events, media_type="text/event-stream")
        try:
            prompt_tokens, outs = await asyncio.to_thread(_locked_complete, slot, request,
                                                          gen)
        finally:
            slot.release()
        outs = [apply_stop(c, _stops(req)) for c in outs]
        return _response_body(model_name, prompt_tokens, outs, chat=chat)

    return BodyLimit(app, limits.max_body_bytes)


def _locked_complete(slot: ModelSlot, request: Any, gen: GenerationConfig
                     ) -> tuple[int, list[Completion]]:
    with slot.lock:
        return slot.backend.complete(request, gen)


def _ids(chat: bool) -> tuple[str, str, int]:
    prefix = "chatcmpl" if chat else "cmpl"
    return f"{prefix}-{uuid.uuid4().hex}", "chat.completion" if chat else "text_completion", \
        int(time.time())


def _usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens}


def _response_body(model: str, prompt_tokens: int, outs: list[Completion], *,
                   chat: bool) -> dict[str, Any]:
    rid, obj, created = _ids(chat)
    choices = [{"index": i, "finish_reason": c.finish_reason, "logprobs": None,
                **({"message": {"role": "assistant", "content": c.text}} if chat
                   else {"text": c.text})} for i, c in enumerate(outs)]
    return {"id": rid, "object": obj, "created": created, "model": model,
            "choices": choices, "usage": _usage(prompt_tokens, sum(c.tokens for c in outs))}


class _Once:
    """Call ``fn`` at most once, from whichever thread gets there first."""

    def __init__(self, fn: Any) -> None:
        self._fn, self._lock, self._done = fn, threading.Lock(), False

    def __call__(self) -> None:
        with self._lock:
            if self._done:
                return
            self._done = True
        self._fn()


def _stream_events(slot: ModelSlot, release: _Once, request: Any, gen: GenerationConfig,
                   stops: list[str], model: str, *, chat: bool, include_usage: bool
                   ) -> Iterator[str]:
    """Server-sent events, as OpenAI's API sends them. A sync generator: Starlette runs
    it in a worker thread, so holding the model lock here blocks no event loop. The slot
    is released whether the client reads to the end or goes away."""
    rid, _, created = _ids(chat)
    obj = "chat.completion.chunk" if chat else "text_completion"

    def event(delta: str | None, finish: str | None, usage: dict | None = None) -> str:
        if usage is not None:
            choices: list[dict[str, Any]] = []
        elif chat:
            choices = [{"index": 0, "delta": {} if delta is None else
                        {"role": "assistant", "content": delta}, "finish_reason": finish,
                        "logprobs": None}]
        else:
            choices = [{"index": 0, "text": delta or "", "finish_reason": finish,
                        "logprobs": None}]
        body: dict[str, Any] = {"id": rid, "object": obj, "created": created, "model": model,
                                "choices": choices}
        if usage is not None:
            body["usage"] = usage
        return f"data: {json.dumps(body)}\n\n"

    try:
        with slot.lock:
            stream = slot.backend.stream(request, gen)
            scanner = StopScanner(stops)
            try:
                for piece in stream:
                    out = scanner.feed(piece)
                    if out:
                        yield event(out, None)
                    if scanner.stopped:
                        break
                tail = scanner.flush()
                if tail:
                    yield event(tail, None)
            finally:
                stream.wait()  # the model is released only when its thread is done
            result = stream.result()
        yield event(None, "stop" if scanner.stopped else result.finish_reason)
        if include_usage:
            yield event(None, None, _usage(stream.prompt_tokens, result.tokens))
        yield "data: [DONE]\n\n"
    finally:
        release()


# ---- running it -----------------------------------------------------------------------


def serve(model: str, *, adapter: str | None = None, host: str = LOOPBACK, port: int = 8000,
          device: str = "auto", name: str | None = None, api_key: str | None = None,
          limits: ServeLimits | None = None) -> None:
    """Load ``model`` and serve it until interrupted; prints one line once it listens."""
    import uvicorn

    backend = TransformersBackend(model, adapter=adapter, device=device)
    served = name or model
    app = create_app(backend, served, limits=limits, api_key=api_key)

    class _Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                bound = self.servers[0].sockets[0].getsockname() if self.servers else (host,
                                                                                       port)
                print(f"veriopt serve: {served} on http://{bound[0]}:{bound[1]}/v1"
                      f"{' (API key required)' if api_key else ''}", flush=True)

    config = uvicorn.Config(app, host=host, port=port, log_level="warning", backlog=2048,
                            timeout_keep_alive=5, access_log=False)
    _Server(config).run()
