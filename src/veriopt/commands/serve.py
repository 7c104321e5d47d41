"""`veriopt serve`: a local model behind an OpenAI-compatible HTTP API."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve a local model over an OpenAI-compatible HTTP API")
    p.add_argument("--model", required=True, help="local model folder, cached hub id, or "
                                                  "'builtin' (the shipped checkpoint)")
    p.add_argument("--adapter", help="PEFT/LoRA adapter folder")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--device", default="auto")
    p.add_argument("--name", help="model name reported by the API (default: --model)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veriopt.model.builtin import resolve_model
    from veriopt.model.server import serve

    serve(resolve_model(args.model), adapter=args.adapter, host=args.host, port=args.port,
          device=args.device, name=args.name or args.model)
    return 0
