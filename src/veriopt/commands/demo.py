"""`veriopt demo`: the main job end to end on built-in data (what `make demo` runs).

1. canonicalise, parse and print back the built-in IR examples (round trip);
2. run instcombine on each and verify the pair, printing the verifier's report;
3. measure latency / instruction count / binary size of both sides;
4. build the verified dataset from the built-in C corpus and print its card;
then (printed as step 4) evaluate the instcombine reference, the unchanged input and a
tiny locally built model on the dataset's test split, and write the paper-style report.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the main job on built-in data")
    p.add_argument("--out", default="demo-out", help="output folder (default: demo-out)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="worker processes")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from veriopt.corpus import builtin_corpus_dir, builtin_ir_dir
    from veriopt.data.builder import build_dataset
    from veriopt.data.config import DatasetConfig
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.printer import print_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.metrics import measure
    from veriopt.verify import check

    tc = get_toolchain()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    examples = sorted(builtin_ir_dir().glob("*.ll"))
    print(f"== 1. IR round trip ({len(examples)} built-in examples)")
    for ex in examples:
        canon = tc.canonicalize(ex.read_text(), filename=ex.name)
        same = print_module(parse_module(canon, filename=ex.name)) == canon
        print(f"  {ex.name:32s} {'round trip exact' if same else 'ROUND TRIP DIFFERS'}")

    print("\n== 2. instcombine + verification of each example")
    for ex in examples:
        src = tc.canonicalize(ex.read_text(), filename=ex.name)
        tgt = tc.opt(src)
        verdict = check(src, tgt)
        m_src, m_tgt = measure(src), measure(tgt)
        print(f"  {ex.name:32s} {verdict.category:15s} {verdict.reason or '':28s} "
              f"latency {m_src.latency:g} -> {m_tgt.latency:g}, instructions "
              f"{m_src.instructions} -> {m_tgt.instructions}, size {m_src.size} -> {m_tgt.size}")
        (out / f"{ex.stem}.report.txt").write_text(verdict.report)
    first = examples[0].stem if examples else None
    if first:
        print(f"\n  report of {first}:")
        print("    " + (out / f"{first}.report.txt").read_text().strip().replace("\n", "\n    "))

    print("\n== 3. dataset from the built-in C corpus")
    cfg = DatasetConfig(jobs=args.jobs, test_fraction=0.25)
    build_dataset([builtin_corpus_dir()], out / "dataset", cfg)
    print((out / "dataset" / "DATASET.md").read_text())

    print("\n== 4. evaluation and report (instcombine reference, input copies, tiny model)")
    _evaluate_and_report(out, jobs=args.jobs or os.cpu_count() or 2)
    return 0


def _evaluate_and_report(out: Path, *, jobs: int) -> None:
    """Score two baselines and a tiny random-weight model on the demo test split and
    render the report: the whole `veriopt eval` + `veriopt report` path in a minute."""
    import json

    from veriopt.evaluate.config import EvalConfig
    from veriopt.evaluate.report import load_runs, write_report
    from veriopt.evaluate.run import evaluate, load_samples, model_generator
    from veriopt.evaluate.stats import run_stats

    dataset = out / "dataset"
    runs = []
    for baseline in ("input", "instcombine"):
        cfg = EvalConfig(dataset=str(dataset), baseline=baseline, name=baseline, jobs=jobs)
        evaluate(load_samples(cfg), out / "eval" / baseline, cfg, restart=True, progress=False)
        runs.append(out / "eval" / baseline)
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        print("  (torch/transformers not installed: the tiny-model run is skipped)")
    else:
        from veriopt.model.tiny import build_tiny_model

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        train = [json.loads(line) for line in (dataset / "train.jsonl").read_text().splitlines()]
        model = build_tiny_model(out / "tiny-model", [r[k] for r in train
                                                      for k in ("o0", "instcombine")],
                                 vocab_size=600)
        cfg = EvalConfig(dataset=str(dataset), name="tiny model (random weights)", jobs=jobs)
        cfg.backend.model = str(model)
        cfg.backend.generation.max_new_tokens = 64
        evaluate(load_samples(cfg), out / "eval" / "tiny-model", cfg,
                 generator=model_generator(cfg), restart=True, progress=False)
        runs.insert(1, out / "eval" / "tiny-model")
    loaded = load_runs(runs)
    for r in loaded:
        s = run_stats(r.results)
        lat = s.metrics["latency"]
        print(f"  {r.name:30s} correct {s.correct_pct:5.1f}%  copies {s.copies:3d}  latency "
              f"geomean vs -O0 {lat.improvement_vs_o0 or 0:.3f}x (instcombine "
              f"{lat.reference_vs_o0 or 0:.3f}x)")
    page = write_report(loaded, out / "report", title="veriopt demo evaluation")
    print(f"  report: {page.parent / 'REPORT.md'} and {page}")
