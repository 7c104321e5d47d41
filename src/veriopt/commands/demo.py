"""`veriopt demo`: the main job end to end on built-in data (what `make demo` runs).

1. canonicalise, parse and print back the built-in IR examples (round trip);
2. run instcombine on each and verify the pair, printing the verifier's report;
3. measure latency / instruction count / binary size of both sides;
4. build the verified dataset from the built-in C corpus and print its card.
"""

from __future__ import annotations

import argparse
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
    return 0
