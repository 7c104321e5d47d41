"""`veriopt train STAGE|pipeline`: the four-stage training pipeline in one run folder."""

from __future__ import annotations

import argparse

from veriopt.train.config import STAGES

COMMANDS = (*STAGES, "pipeline", "heldout")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="train: zero, harvest, warmup, correctness, latency, or "
                                     "the whole pipeline",
                       description="Run one training stage, or the pipeline (all stages in "
                                   "order), in one run folder. Each stage starts from the "
                                   "previous stage's LoRA adapter.")
    p.add_argument("stage", choices=COMMANDS,
                   help="stage to run ('pipeline': all, in order; 'heldout': evaluate the "
                        "finished stages of --run on the test split)")
    p.add_argument("--config", help="YAML file with TrainConfig settings (configs/*.yaml)")
    p.add_argument("--run-dir", "--run", dest="run_dir",
                   help="run folder (default: the config's run_dir)")
    p.add_argument("--init", choices=("pretrained", "scratch"),
                   help="'scratch': build a small local model instead of loading --model")
    p.add_argument("--model", help="base model: local folder or cached hub id")
    p.add_argument("--dataset", help="dataset folder from `veriopt dataset build`")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"))
    p.add_argument("--resume", action="store_true",
                   help="skip finished stages, continue an interrupted one from its last "
                        "checkpoint")
    p.add_argument("--set", action="append", default=[], metavar="KEY.PATH=VALUE",
                   help="override one setting, e.g. --set zero.grpo.max_steps=10 (repeatable)")
    p.add_argument("--no-eval", action="store_true",
                   help="skip the held-out evaluation after each stage")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veriopt.train.config import load_train_config
    from veriopt.train.pipeline import run_training
    from veriopt.train.run_folder import RunFolder

    settings = list(args.set)
    if args.dataset:
        settings.append(f"data.dataset={args.dataset}")
    if args.no_eval:
        settings.append("eval.enabled=false")
    cfg = load_train_config(args.config, settings=settings,
                            overrides={"run_dir": args.run_dir, "init": args.init,
                                       "model": args.model, "device": args.device})
    if args.stage == "heldout":
        from veriopt.train.pipeline import evaluate_run

        evaluate_run(cfg)
        print(f"{cfg.run_dir}/heldout.md")
        return 0
    if args.stage == "pipeline":
        stages = list(STAGES)
    elif args.stage == "warmup" and not RunFolder(cfg.run_dir).is_done("harvest"):
        stages = ["harvest", "warmup"]  # the samples come first
    else:
        stages = [args.stage]
    info = run_training(stages, cfg, resume=args.resume)
    done = [s for s in stages if info.get("stages", {}).get(s, {}).get("status") == "done"]
    print(f"{cfg.run_dir}: stages done: {', '.join(done)}; run record: "
          f"{cfg.run_dir}/run.json")
    return 0
