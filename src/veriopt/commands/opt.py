"""`veriopt opt IN.ll -o OUT.ll`: the verified LLM pass (falls back to safe code)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from veriopt.config import load_config
from veriopt.errors import VeriOptError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("opt", help="optimize a module with a model; keep only verified rewrites",
                       description="For each function: ask the model (and optionally "
                       "instcombine) for candidates, verify each, keep the fastest verified "
                       "one or the input. Works as a pipeline filter with - for stdin/stdout.")
    p.add_argument("input", help="input .ll, or - for stdin")
    p.add_argument("-o", "--output", default="-", help="output .ll (default: stdout)")
    p.add_argument("--config", help="YAML with OptConfig settings")
    p.add_argument("--backend", choices=("transformers", "vllm", "openai", "none"),
                   help="generation backend (none: verified instcombine only)")
    p.add_argument("--model", help="model path / cached hub id / served model name, or "
                                   "'builtin' (the shipped checkpoint)")
    p.add_argument("--adapter", help="LoRA adapter folder")
    p.add_argument("--base-url", help="OpenAI-compatible endpoint (backend openai)")
    p.add_argument("--samples", type=int, help="sampled candidates on top of the greedy one")
    p.add_argument("--fallback", choices=("instcombine", "none"),
                   help="also consider instcombine's (verified) output")
    p.add_argument("--timeout", type=float, help="verifier timeout per query (s)")
    p.add_argument("-j", "--jobs", type=int, help="verification worker processes")
    p.add_argument("--log", help="write one JSON line per function here")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veriopt.model.backends import make_backend
    from veriopt.model.builtin import resolve_model
    from veriopt.optimize import OptConfig, optimize_module

    cfg = load_config(OptConfig, args.config, overrides={
        "samples": args.samples, "fallback": args.fallback, "timeout": args.timeout,
        "jobs": args.jobs})
    for key, value in (("kind", args.backend), ("model", args.model),
                       ("adapter", args.adapter), ("base_url", args.base_url)):
        if value is not None:
            setattr(cfg.backend, key, value)
    if args.model is not None and args.backend is None and cfg.backend.kind == "none":
        cfg.backend.kind = "transformers"  # --model alone means a local model
    cfg.backend.model = resolve_model(cfg.backend.model)
    backend = None if cfg.backend.kind == "none" else make_backend(cfg.backend)
    if args.input == "-":
        text = sys.stdin.read()
    elif Path(args.input).is_file():
        text = Path(args.input).read_text(errors="replace")
    else:
        raise VeriOptError(f"{args.input}: no such file")
    out, decisions = optimize_module(text, cfg, backend=backend,
                                     progress=sys.stderr.isatty())
    if args.output == "-":
        sys.stdout.write(out)
    else:
        Path(args.output).write_text(out)
    lines = [json.dumps({"function": d.function, "chosen": d.chosen,
                         "latency_before": d.latency_before, "latency_after": d.latency_after,
                         "candidates": d.candidates, "note": d.note}) for d in decisions]
    if args.log:
        Path(args.log).write_text("".join(ln + "\n" for ln in lines))
    for d in decisions:
        print(f"veriopt opt: @{d.function}: {d.chosen} (latency {d.latency_before} -> "
              f"{d.latency_after}){' ' + d.note if d.note else ''}", file=sys.stderr)
    return 0
