"""`veriopt opt IN.ll -o OUT.ll`: the verified LLM pass (falls back to safe code)."""

from __future__ import annotations

import argparse
import json
import sys

from veriopt.config import load_config
from veriopt.llvm.inputs import display_name, read_ir, write_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("opt", help="optimize a module with a model; keep only verified rewrites",
                       description="For each function: ask the model (and optionally "
                       "instcombine) for candidates, verify each, keep the fastest verified "
                       "one or the input. Works as a pipeline filter with - for stdin/stdout.")
    p.add_argument("input", help="input .ll or .bc, or - for stdin")
    p.add_argument("-o", "--output", default="-", help="output .ll (default: - for stdout)")
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
    p.add_argument("--accept-bounded", action="store_true", default=None,
                   help="also link rewrites proven only for loops within the unroll bound "
                        "(default: full proofs only)")
    p.add_argument("--model-budget", type=float,
                   help="seconds the model may take per function (default 300)")
    p.add_argument("-j", "--jobs", type=int, help="verification worker processes")
    p.add_argument("--log", help="write one JSON line per function here (every candidate, "
                                 "with its verdict)")
    p.add_argument("--strip-optnone", action="store_true",
                   help="remove optnone (which clang -O0 puts on every function) so that "
                        "those functions are optimized too; without it they are left as "
                        "they are, as LLVM's own passes leave them")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veriopt.model.backends import make_backend
    from veriopt.model.builtin import resolve_model
    from veriopt.optimize import OptConfig, optimize_module

    cfg = load_config(OptConfig, args.config, overrides={
        "samples": args.samples, "fallback": args.fallback, "verify": {"timeout": args.timeout},
        "jobs": args.jobs, "accept_bounded": args.accept_bounded,
        "model_budget": args.model_budget})
    for key, value in (("kind", args.backend), ("model", args.model),
                       ("adapter", args.adapter), ("base_url", args.base_url)):
        if value is not None:
            setattr(cfg.backend, key, value)
    if args.model is not None and args.backend is None and cfg.backend.kind == "none":
        cfg.backend.kind = "transformers"  # --model alone means a local model
    if cfg.backend.kind != "openai":  # a served model's name is the server's business
        cfg.backend.model = resolve_model(cfg.backend.model)
    text = _optnone_handled(read_ir(args.input), display_name(args.input),
                            strip=args.strip_optnone)
    backend = None if cfg.backend.kind == "none" else make_backend(cfg.backend)
    out, decisions = optimize_module(text, cfg, backend=backend,
                                     progress=sys.stderr.isatty())
    write_text(args.output, out)
    lines = [json.dumps({"function": d.function, "chosen": d.chosen,
                         "latency_before": d.latency_before, "latency_after": d.latency_after,
                         "candidates": d.candidates, "note": d.note}) for d in decisions]
    if args.log:
        write_text(args.log, "".join(ln + "\n" for ln in lines))
    for d in decisions:
        latency = ("" if d.latency_before is None else
                   f" (latency {d.latency_before:g} -> {d.latency_after:g})")
        print(f"veriopt opt: @{d.function}: {d.chosen}{latency}"
              f"{' ' + d.note if d.note else ''}", file=sys.stderr)
    return 0


def _optnone_handled(text: str, name: str, *, strip: bool) -> str:
    """Say which functions carry optnone (clang -O0 output does, on every function) and,
    with ``strip``, remove it so that they are optimized; without it `optimize_module`
    leaves them as they are."""
    from veriopt.llvm.functions import optnone_functions, strip_optnone
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.printer import print_module
    from veriopt.llvm.toolchain import canonicalize

    canonical = canonicalize(text, filename=name)
    module = parse_module(canonical, filename=name)
    held = optnone_functions(module)
    if not held:
        return canonical
    listed = ", ".join("@" + f for f in held[:5]) + (", ..." if len(held) > 5 else "")
    if strip:
        print(f"veriopt opt: {name}: optnone removed from {len(held)} function(s) "
              f"({listed})", file=sys.stderr)
        return print_module(strip_optnone(module))
    print(f"veriopt opt: {name}: {len(held)} function(s) carry optnone ({listed}) and are "
          "left as they are; pass --strip-optnone to optimize them (or compile with "
          "clang -O0 -Xclang -disable-O0-optnone)", file=sys.stderr)
    return canonical
