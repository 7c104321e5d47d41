"""`veriopt dataset build`: C/C++ sources -> a verified (-O0, instcombine) dataset."""

from __future__ import annotations

import argparse
from pathlib import Path

from veriopt.config import load_config


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("dataset", help="build the verified (-O0, instcombine) dataset")
    ds = p.add_subparsers(dest="dataset_command", metavar="ACTION", required=True)
    b = ds.add_parser("build", help="compile, extract, instcombine, verify, measure, split, "
                                    "export (resumable)")
    b.add_argument("sources", nargs="+", help="C/C++ files or folders")
    b.add_argument("--out", required=True, help="output folder (resumed if it exists)")
    b.add_argument("--config", help="YAML file with DatasetConfig settings")
    b.add_argument("-j", "--jobs", type=int, help="worker processes (default: all CPUs)")
    b.add_argument("--engine", choices=("local", "ray"), help="scheduler (default local)")
    b.add_argument("--ray-address", help="Ray cluster address (default: a local instance)")
    b.add_argument("--tokenizer", help="tokenizer path or cached hub id for the token filter")
    b.add_argument("--max-tokens", type=int)
    b.add_argument("--test-fraction", type=float)
    b.add_argument("--seed", type=int)
    b.add_argument("--verify-timeout", type=float, help="verifier time per SMT query (s)")
    b.add_argument("--unroll", type=int, help="the verifier's loop unroll bound")
    b.add_argument("-I", "--include", action="append", dest="include_dirs",
                   help="extra include directory (repeatable)")
    b.add_argument("--keep-unchanged", action="store_true",
                   help="keep pairs where instcombine changed nothing")
    b.add_argument("--restart", action="store_true", help="discard earlier per-file results")
    b.add_argument("--no-progress", action="store_true")
    b.set_defaults(func=_build)

    g = ds.add_parser("generate", help="write random C programs (Csmith) to use as sources")
    g.add_argument("--csmith", type=int, required=True, metavar="N", help="number of programs")
    g.add_argument("--out", required=True, help="folder for the programs (+ dataset.yaml)")
    g.add_argument("--seed", type=int, default=0, help="first Csmith seed")
    g.set_defaults(func=_generate)

    c = ds.add_parser("card", help="print the dataset card (README.md) of a built dataset")
    c.add_argument("out")
    c.set_defaults(func=_card)


def _build(args: argparse.Namespace) -> int:
    from veriopt.data.builder import build_dataset
    from veriopt.data.config import DatasetConfig

    overrides = {"jobs": args.jobs, "engine": args.engine, "ray_address": args.ray_address,
                 "tokenizer": args.tokenizer, "max_tokens": args.max_tokens,
                 "test_fraction": args.test_fraction, "seed": args.seed,
                 "verify": {"timeout": args.verify_timeout, "unroll": args.unroll},
                 "include_dirs": args.include_dirs,
                 "drop_unchanged": False if args.keep_unchanged else None}
    cfg = load_config(DatasetConfig, args.config, overrides=overrides)
    summary = build_dataset(args.sources, args.out, cfg, restart=args.restart,
                            progress=not args.no_progress)
    st = summary["stages"]
    print(f"{args.out}: {st['train']} train + {st['test']} test pairs from "
          f"{st['functions']} functions in {st['source files']} files "
          f"({summary['wall_seconds']} s); card: {Path(args.out) / 'README.md'} "
          f"(load with datasets.load_dataset({str(args.out)!r}))")
    return 0


def _generate(args: argparse.Namespace) -> int:
    from veriopt.data.csmith import generate_programs

    paths = generate_programs(args.out, args.csmith, seed=args.seed)
    print(f"{args.out}: {len(paths)} Csmith programs; build with: veriopt dataset build "
          f"{args.out} --config {Path(args.out) / 'dataset.yaml'} --out DIR")
    return 0


def _card(args: argparse.Namespace) -> int:
    from veriopt.errors import VeriOptError

    card = Path(args.out) / "README.md"
    if not card.is_file():  # datasets built before the Hugging Face card
        card = Path(args.out) / "DATASET.md"
    if not card.is_file():
        raise VeriOptError(f"{card}: not found; build the dataset first")
    print(card.read_text(), end="")
    return 0
