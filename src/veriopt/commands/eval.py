"""`veriopt eval`: score a model, or outputs produced elsewhere, with the verifier and
the three metrics; writes results.csv, metrics.json and summary.json (resumable)."""

from __future__ import annotations

import argparse

from veriopt.config import load_config


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "eval", help="verify and measure a model's (or a file's) outputs on a dataset",
        description="Score outputs against the verifier and latency / instruction count / "
                    "size. Outputs come from --predictions FILE (JSONL/CSV keyed by dataset "
                    "id, or standalone rows with the prompt, like the paper artifact's "
                    "results.csv), from --model (any generation backend), or from "
                    "--baseline (the dataset's instcombine references, or the inputs).")
    what = p.add_argument_group("what to score (exactly one)")
    what.add_argument("--predictions", help="JSONL/CSV/JSON of outputs")
    what.add_argument("--model", help="model path or cached hub id (transformers, vllm), "
                                      "'builtin' (the shipped checkpoint), or the served "
                                      "model's name (openai)")
    what.add_argument("--baseline", choices=("instcombine", "input"),
                      help="score the dataset's instcombine references or the inputs")
    p.add_argument("--dataset", help="dataset folder from `veriopt dataset build` (or a split "
                                     ".jsonl); optional for standalone predictions")
    p.add_argument("--split", help="dataset split (default: test)")
    p.add_argument("--out", required=True, help="run folder (resumed if it holds this run)")
    p.add_argument("--name", help="name of the run in reports (default: the folder's name)")
    p.add_argument("--config", help="YAML file with EvalConfig settings")
    gen = p.add_argument_group("generation (with --model)")
    gen.add_argument("--backend", choices=("transformers", "vllm", "openai"),
                     help="generation backend (default: transformers)")
    gen.add_argument("--adapter", help="LoRA/PEFT adapter folder")
    gen.add_argument("--base-url", help="OpenAI-compatible endpoint (openai backend)")
    gen.add_argument("--device", help="auto, cpu or cuda (transformers)")
    gen.add_argument("--prompt", choices=("generic", "augmented"),
                     help="prompt format (default: generic, paper Fig. 1)")
    gen.add_argument("--max-new-tokens", type=int, help="default 2048")
    gen.add_argument("--batch-size", type=int, help="generation batch size")
    p.add_argument("--limit", type=int, help="only the first N samples")
    p.add_argument("-j", "--jobs", type=int, help="verifier processes (default 2)")
    p.add_argument("--timeout", type=float, help="verifier timeout per sample, s (default 10)")
    p.add_argument("--assembly", choices=("standalone", "splice"),
                   help="standalone (default, the paper's way): verify the module the model "
                        "wrote, which must parse alone; splice (lenient): verify its functions "
                        "inside the source module, which supplies missing declarations")
    p.add_argument("--restart", action="store_true", help="discard earlier results in --out")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=run)


def config_from_args(args: argparse.Namespace):
    from veriopt.evaluate.config import EvalConfig
    from veriopt.model.builtin import resolve_model

    cfg = load_config(EvalConfig, args.config, overrides={
        "dataset": args.dataset, "split": args.split, "predictions": args.predictions,
        "baseline": args.baseline, "name": args.name, "prompt": args.prompt,
        "limit": args.limit, "jobs": args.jobs, "verify": {"timeout": args.timeout},
        "assembly": args.assembly})
    b = cfg.backend
    for key, value in (("model", args.model), ("kind", args.backend), ("adapter", args.adapter),
                       ("base_url", args.base_url), ("device", args.device)):
        if value is not None:
            setattr(b, key, value)
    b.model = resolve_model(b.model)
    if args.max_new_tokens is not None:
        b.generation.max_new_tokens = args.max_new_tokens
    if args.batch_size is not None:
        b.generation.batch_size = args.batch_size
        cfg.chunk_size = max(cfg.chunk_size, args.batch_size)
    return cfg


def run(args: argparse.Namespace) -> int:
    from veriopt.evaluate.run import evaluate, load_samples, model_generator
    from veriopt.evaluate.stats import METRIC_LABELS, METRICS, run_stats
    from veriopt.evaluate.tables import verdict_table

    cfg = config_from_args(args)
    kind = cfg.source_of_outputs()
    samples = load_samples(cfg)
    generator = model_generator(cfg) if kind == "model" else None
    outcome = evaluate(samples, args.out, cfg, generator=generator, restart=args.restart,
                       progress=not args.no_progress)
    s = run_stats(outcome.results)
    name = outcome.summary.get("name", args.out)
    print(verdict_table([(name, s)]).markdown())
    print(f"{'metric':12s} {'vs -O0':>8s} {'instcombine':>12s} {'vs instcombine':>15s} "
          f"{'fallback':>9s}")
    for m in METRICS:
        ms = s.metrics[m]
        print(f"{METRIC_LABELS[m]:12s} {_x(ms.improvement_vs_o0):>8s} "
              f"{_x(ms.reference_vs_o0):>12s} {_x(ms.improvement_vs_reference):>15s} "
              f"{_x(ms.fallback_vs_o0):>9s}")
    notes = [f"{outcome.scored} samples scored", f"{outcome.resumed} resumed"]
    if outcome.skipped:
        notes.append(f"{len(outcome.skipped)} inputs skipped (see summary.json)")
    notes.append(f"{cfg.assembly} assembly")
    print(f"\n{args.out}: results.csv, metrics.json, summary.json ({', '.join(notes)})")
    return 0


def _x(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3f}x"
