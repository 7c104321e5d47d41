"""`veriopt serve`: a local model behind an OpenAI-compatible HTTP API.

For production serving, use `vllm serve` (GPU batching, LoRA adapters with
`--enable-lora --lora-modules`); this server decodes one request at a time.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve", help="serve a local model over an OpenAI-compatible HTTP API",
        description="Serve a local model (and LoRA adapter) at /v1/chat/completions, "
                    "/v1/completions and /v1/models, with streaming and usage. One request "
                    "decodes at a time; for production use `vllm serve MODEL --enable-lora "
                    "--lora-modules NAME=ADAPTER`.")
    p.add_argument("--model", required=True, help="local model folder, cached hub id, or "
                                                  "'builtin' (the shipped checkpoint)")
    p.add_argument("--adapter", help="PEFT/LoRA adapter folder")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--device", default="auto")
    p.add_argument("--name", help="model name reported by the API (default: --model)")
    p.add_argument("--api-key", default=os.environ.get("VERIOPT_API_KEY"),
                   help="require 'Authorization: Bearer KEY' (default: $VERIOPT_API_KEY; "
                        "none: no key)")
    p.add_argument("--max-body-bytes", type=int, default=4 * 1024 * 1024,
                   help="larger request bodies get 413 (default 4 MiB)")
    p.add_argument("--max-queue", type=int, default=8,
                   help="requests admitted at once, running or waiting; more get 503 "
                        "(default 8)")
    p.add_argument("--max-tokens-limit", type=int, default=8192,
                   help="the largest max_tokens a request may ask for (default 8192)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veriopt.commands import needs_extra

    needs_extra("serve", "serve", "fastapi", "uvicorn")
    needs_extra("serve", "train", "torch", "transformers")
    from veriopt.errors import ConfigError
    from veriopt.model.builtin import resolve_model
    from veriopt.model.server import ServeLimits, serve

    if min(args.max_body_bytes, args.max_queue, args.max_tokens_limit) < 1:
        raise ConfigError("--max-body-bytes, --max-queue and --max-tokens-limit must be >= 1")
    if not _is_loopback(args.host) and not args.api_key:
        print(f"veriopt serve: warning: listening on {args.host} without an API key: "
              "anyone who can reach this machine can use the model (set --api-key)",
              file=sys.stderr)
    limits = ServeLimits(max_body_bytes=args.max_body_bytes, max_queue=args.max_queue,
                         max_tokens_limit=args.max_tokens_limit)
    serve(resolve_model(args.model), adapter=args.adapter, host=args.host, port=args.port,
          device=args.device, name=args.name or args.model, api_key=args.api_key, limits=limits)
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
