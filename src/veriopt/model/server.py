"""`veriopt serve`: a local model behind a minimal OpenAI-compatible HTTP API.

For serving a fine-tuned (LoRA) checkpoint to tools that speak the OpenAI API, and
for testing the HTTP backend against a real server with a real model. Routes:
``GET /v1/models``, ``POST /v1/completions``, ``POST /v1/chat/completions``. One
request is decoded at a time (the model is not thread-safe).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from veriopt.model.backends import GenerationConfig, TransformersBackend


def make_handler(backend: TransformersBackend, model_name: str) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt: str, *args: Any) -> None:  # quiet by default
            pass

        def _send(self, code: int, payload: dict[str, Any]) -> None:
            body = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path.rstrip("/") == "/v1/models":
                self._send(200, {"object": "list", "data": [
                    {"id": model_name, "object": "model", "owned_by": "veriopt"}]})
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def do_POST(self) -> None:  # noqa: N802
            try:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
            except (ValueError, json.JSONDecodeError):
                self._send(400, {"error": {"message": "body is not JSON"}})
                return
            route = self.path.rstrip("/")
            if route == "/v1/chat/completions" and isinstance(body.get("messages"), list):
                request: Any = body["messages"]
            elif route == "/v1/completions" and isinstance(body.get("prompt"), str):
                request = body["prompt"]
            else:
                self._send(400, {"error": {"message": f"bad request for {self.path}"}})
                return
            gen = GenerationConfig(max_new_tokens=int(body.get("max_tokens") or 256),
                                   n=int(body.get("n") or 1),
                                   temperature=float(body.get("temperature") or 0.0),
                                   top_p=float(body.get("top_p") or 1.0),
                                   seed=int(body.get("seed") or 0), batch_size=1)
            with lock:
                texts = backend.generate([request], gen)[0]
            chat = route.endswith("chat/completions")
            choices = [{"index": i, "finish_reason": "stop",
                        **({"message": {"role": "assistant", "content": t}} if chat
                           else {"text": t})} for i, t in enumerate(texts)]
            self._send(200, {"id": f"veriopt-{time.time_ns()}", "object":
                             "chat.completion" if chat else "text_completion",
                             "created": int(time.time()), "model": model_name,
                             "choices": choices})

    return Handler


def serve(model: str, *, adapter: str | None = None, host: str = "127.0.0.1", port: int = 8000,
          device: str = "auto", name: str | None = None, ready: threading.Event | None = None
          ) -> None:
    """Serve ``model`` until interrupted."""
    backend = TransformersBackend(model, adapter=adapter, device=device)
    server = ThreadingHTTPServer((host, port), make_handler(backend, name or model))
    print(f"veriopt serve: {name or model} on http://{host}:{server.server_address[1]}/v1",
          flush=True)
    if ready is not None:
        ready.set()
    try:
        server.serve_forever()
    finally:
        server.server_close()
