"""`veriopt demo`: the main job end to end on built-in data (what `make demo` runs).

1. canonicalise, parse and print back the built-in IR examples (round trip);
2. run instcombine on each and verify the pair, with the three metrics of both sides;
3. build the verified dataset from the built-in C corpus (Hugging Face card included);
4. evaluate the instcombine reference, the unchanged input and a model on the test split;
5. write the paper-style report (tables, figures as PNG and PDF);
then a summary of what was written and what to open. Every step that can take more than
a few seconds shows a progress bar on stderr; each step prints its time.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

#: The model the demo evaluates: "builtin" is the checkpoint shipped in the package (a
#: small scratch model trained with the four stages at CPU scale; its card is
#: src/veriopt/model/builtin_model/MODEL_CARD.md), "tiny" builds a random-weight model
#: locally (it shows the path from a model to the report; its answers all fail
#: verification), "none" skips the model, anything else is a model folder or cached hub id.
DEMO_MODEL = "builtin"
#: The builtin model was trained on functions of at most a few hundred tokens; longer
#: answers are cut here (an unfinished answer fails verification and falls back).
BUILTIN_MAX_NEW_TOKENS = 640


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run the main job on built-in data")
    p.add_argument("--out", default="demo-out", help="output folder (default: demo-out)")
    p.add_argument("-j", "--jobs", type=int, default=0,
                   help="worker processes (default: all CPUs)")
    p.add_argument("--model", default=DEMO_MODEL,
                   help=f"model to evaluate: 'builtin' (the shipped checkpoint), 'tiny' (a "
                        f"random-weight model built here), 'none', or a model folder / cached "
                        f"hub id (default: {DEMO_MODEL})")
    p.set_defaults(func=run)


@contextmanager
def step(title: str) -> Iterator[None]:
    """Print the step's title, then its wall time when it ends."""
    print(f"\n== {title}", flush=True)
    start = time.monotonic()
    yield
    print(f"   ({_duration(time.monotonic() - start)})", flush=True)


@contextmanager
def ticking(desc: str) -> Iterator[None]:
    """A progress line for work without countable units (elapsed time, ticking)."""
    from tqdm import tqdm

    bar = tqdm(desc=desc, bar_format="{desc}: {elapsed}", file=sys.stderr, leave=False)
    done = threading.Event()

    def tick() -> None:
        while not done.wait(0.5):
            bar.refresh()

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        bar.close()


def run(args: argparse.Namespace) -> int:
    from veriopt.commands import needs_extra

    needs_extra("demo", "report", "matplotlib", "numpy")
    start = time.monotonic()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    jobs = args.jobs or os.cpu_count() or 2
    with step("1. IR round trip of the built-in examples"):
        examples = _round_trip()
    with step("2. instcombine + verification + metrics of each example"):
        _verify_examples(examples, out)
    with step("3. verified dataset from the built-in C corpus"):
        dataset = _build_dataset(out, jobs)
    with step("4. evaluation on the test split"):
        runs = _evaluate(out, dataset, jobs, args.model)
    with step("5. report"):
        page = _report(out, runs)
    _summary(out, page, dataset, time.monotonic() - start)
    return 0


def _round_trip() -> list[Path]:
    from veriopt.corpus import builtin_ir_dir
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.printer import print_module
    from veriopt.llvm.toolchain import get_toolchain

    tc = get_toolchain()
    examples = sorted(builtin_ir_dir().glob("*.ll"))
    exact = 0
    for ex in examples:
        canon = tc.canonicalize(ex.read_text(), filename=ex.name)
        same = print_module(parse_module(canon, filename=ex.name)) == canon
        exact += same
        if not same:
            print(f"   {ex.name}: ROUND TRIP DIFFERS")
    print(f"   {exact} of {len(examples)} examples print back exactly as LLVM 19 prints them")
    return examples


def _verify_examples(examples: list[Path], out: Path) -> None:
    from tqdm import tqdm

    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.metrics import measure
    from veriopt.verify import check

    tc = get_toolchain()
    rows = []
    for ex in tqdm(examples, desc="verify", unit="example", file=sys.stderr, leave=False):
        src = tc.canonicalize(ex.read_text(), filename=ex.name)
        tgt = tc.opt(src)
        verdict = check(src, tgt)
        m_src, m_tgt = measure(src), measure(tgt)
        (out / "examples").mkdir(exist_ok=True)
        (out / "examples" / f"{ex.stem}.report.txt").write_text(verdict.report)
        rows.append(f"   {ex.name:20s} {verdict.category:9s} latency {m_src.latency:g} -> "
                    f"{m_tgt.latency:g}, instructions {m_src.instructions} -> "
                    f"{m_tgt.instructions}, size {m_src.size} -> {m_tgt.size}")
    print("\n".join(rows))
    if examples:
        first = out / "examples" / f"{examples[0].stem}.report.txt"
        print(f"\n   the verifier's report for {examples[0].name} ({first}):")
        print("     " + first.read_text().strip().replace("\n", "\n     "))


def _build_dataset(out: Path, jobs: int) -> Path:
    from veriopt.corpus import builtin_corpus_dir
    from veriopt.data.builder import build_dataset
    from veriopt.data.config import DatasetConfig

    dataset = out / "dataset"
    summary = build_dataset([builtin_corpus_dir()], dataset,
                            DatasetConfig(jobs=jobs, test_fraction=0.25), progress=True)
    st = summary["stages"]
    print(f"   {st['functions']} functions from {st['source files']} C files; "
          f"{st['verified correct']} pairs verified correct; kept {st['train']} train + "
          f"{st['test']} test pairs (card: {dataset / 'README.md'})")
    return dataset


def demo_model(name: str, out: Path, dataset: Path) -> str | None:
    """The model folder or id to evaluate, built here for ``tiny``; None for ``none``."""
    from veriopt.model.builtin import resolve_model

    if name == "none":
        return None
    if name != "tiny":
        return resolve_model(name)
    import json

    from veriopt.model.tiny import build_tiny_model

    rows = [json.loads(line) for line in (dataset / "train.jsonl").read_text().splitlines()]
    with ticking("building the tiny model"):
        return str(build_tiny_model(out / "tiny-model", [r[k] for r in rows
                                                         for k in ("o0", "instcombine")],
                                    vocab_size=600))


def _evaluate(out: Path, dataset: Path, jobs: int, model: str) -> list[Path]:
    from veriopt.evaluate.config import EvalConfig
    from veriopt.evaluate.run import evaluate, load_samples, model_generator

    runs = []
    for baseline in ("input", "instcombine"):
        cfg = EvalConfig(dataset=str(dataset), baseline=baseline, name=baseline, jobs=jobs)
        evaluate(load_samples(cfg), out / "eval" / baseline, cfg, restart=True, progress=True)
        runs.append(out / "eval" / baseline)
    try:
        import torch  # noqa: F401
        import transformers  # noqa: F401
    except ImportError:
        print("   (torch/transformers not installed: the model run is skipped; "
              "pip install -e '.[train]')")
        return runs
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    path = demo_model(model, out, dataset)
    if path is None:
        return runs
    name = {"tiny": "tiny model (random weights)", "builtin": "builtin model"}.get(
        model, Path(model).name or model)
    cfg = EvalConfig(dataset=str(dataset), name=name, jobs=jobs)
    cfg.backend.model = path
    if model == "tiny":
        cfg.backend.generation.max_new_tokens = 64
    elif model == "builtin":
        import torch

        # a 3.7M-parameter model gains nothing from a second thread, and on a busy CPU
        # OpenMP threads spin-wait (measured at load 10: one 320-token answer in 1 s with
        # one thread, 36 s with two)
        torch.set_num_threads(1)
        cfg.backend.generation.max_new_tokens = BUILTIN_MAX_NEW_TOKENS
        print(f"   (builtin model: {_card_headline()} Its card: {path}/MODEL_CARD.md. The "
              "demo's test split is the built-in corpus's own; the model saw some of these "
              "functions in training)")
    evaluate(load_samples(cfg), out / "eval" / "model", cfg, generator=model_generator(cfg),
             restart=True, progress=True)
    runs.insert(1, out / "eval" / "model")
    return runs


def _card_headline() -> str:
    """The shipped model card's held-out verified-not-copy line (what to expect of it)."""
    import re

    from veriopt.model.builtin import builtin_model_card

    found = re.search(r"^Held-out verified and not a copy of the input: .*$",
                      builtin_model_card(), re.M)
    return found.group(0).replace("**", "") if found else ""


def _report(out: Path, runs: list[Path]) -> Path:
    from veriopt.evaluate.report import load_runs, write_report
    from veriopt.evaluate.stats import run_stats

    loaded = load_runs(runs)
    for r in loaded:
        s = run_stats(r.results)
        lat = s.metrics["latency"]
        print(f"   {r.name:28s} correct {s.correct_pct:5.1f}%  copies {s.copies:3d}  latency "
              f"geomean vs -O0 {lat.improvement_vs_o0 or 0:.2f}x")
    with ticking("writing tables and figures"):
        return write_report(loaded, out / "report", title="veriopt demo evaluation")


def _summary(out: Path, page: Path, dataset: Path, seconds: float) -> None:
    lines: list[tuple[str, Any]] = [
        (page, "the paper-style report: Tables I-III, Fig. 5-7 (open in a browser)"),
        (page.parent / "REPORT.md", "the same report in Markdown; figures as PNG and PDF "
                                    "beside it"),
        (dataset / "README.md", "the dataset card (datasets.load_dataset("
                                f"\"{dataset}\") reads the splits)"),
        (out / "eval", "per-sample verdicts and metrics of each run (results.csv, "
                       "metrics.json)"),
        (out / "examples", "the verifier's Alive2-style report for each built-in example"),
    ]
    width = max(len(str(p)) for p, _ in lines)
    print(f"\n== Done in {_duration(seconds)}. Open:")
    for p, what in lines:
        print(f"   {str(p):{width}s}  {what}")
    print("   Next: the README's workflow (verify -> dataset -> train -> eval -> report -> "
          "opt) on your own code.")


def _duration(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m} min {s:02d} s" if m else f"{seconds:.1f} s"
