"""How fast is the IR parser? Functions per second over real IR.

Why it matters: the dataset builder, the copy-of-input test and every verifier
call parse IR first; tens of thousands of functions go through `parse_module`
per dataset build, and every RL rollout is parsed at least once.

Workloads:
* ``pairs``: the one-function modules of ../shared/conformance-real (real LLVM
  test-suite functions at -O0 and after instcombine), the dataset's shape;
* ``corpus``: whole modules of the C corpus (../shared/corpus) compiled at -O0
  and after instcombine (compiled once, not timed; needs LLVM 19).

For each: median over ``--runs`` runs of parse (tokenize + parse), print, and
the tokenizer alone, as wall time and as process CPU time (CPU time is the
stabler number on a shared machine). Prints a markdown snippet for
benchmarks/RESULTS.md (``--out FILE`` also writes it to a file).

    PYTHONPATH=src python3 benchmarks/parse_speed.py [--runs 5] [--no-corpus]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from veriopt.errors import IRSyntaxError, ToolchainError
from veriopt.llvm.lexer import Tokens
from veriopt.llvm.parser import parse_module
from veriopt.llvm.printer import print_module

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    p = Path(os.environ.get("VERIOPT_SHARED", REPO.parent / "shared"))
    return p if p.is_dir() else None


def pairs_workload(shared: Path) -> list[str]:
    path = shared / "conformance-real" / "pairs.jsonl.gz"
    if not path.is_file():
        return []
    texts = []
    with gzip.open(path, "rt") as fh:
        for line in fh:
            row = json.loads(line)
            texts.append(row["src"])
            if row["alive2"] != "error":  # some mutants are rejected by LLVM itself
                texts.append(row["tgt"])
    return texts


def corpus_workload(shared: Path) -> list[str]:
    from veriopt.llvm.toolchain import get_toolchain

    tc = get_toolchain()

    def compile_pair(path: Path) -> list[str]:
        try:
            o0 = tc.compile_c(path)
            return [o0, tc.opt(o0, "instcombine")]
        except ToolchainError:
            return []

    files = sorted((shared / "corpus").rglob("*.c"))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return [t for pair in pool.map(compile_pair, files) for t in pair]


def measure(fn, runs: int) -> tuple[float, float]:
    """Median (wall seconds, CPU seconds) of ``fn()`` over ``runs`` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def bench(name: str, texts: list[str], runs: int) -> dict:
    modules = [parse_module(t) for t in texts]  # also checks that all of them parse
    functions = sum(len(m.definitions) for m in modules)
    exact = sum(print_module(m) == t for m, t in zip(modules, texts, strict=True))
    megabytes = sum(map(len, texts)) / 1e6
    tokens = sum(len(Tokens(t).toks) - 1 for t in texts)

    def parse_all() -> None:
        for t in texts:
            parse_module(t)

    def tokenize_all() -> None:
        for t in texts:
            Tokens(t)

    def print_all() -> None:
        for m in modules:
            print_module(m)

    del modules
    parse_wall, parse_cpu = measure(parse_all, runs)
    tok_wall, tok_cpu = measure(tokenize_all, runs)
    modules = [parse_module(t) for t in texts]
    print_wall, print_cpu = measure(print_all, runs)
    return {"name": name, "modules": len(texts), "functions": functions, "mb": megabytes,
            "tokens": tokens, "exact": exact, "parse_wall": parse_wall, "parse_cpu": parse_cpu,
            "tok_wall": tok_wall, "tok_cpu": tok_cpu, "print_wall": print_wall,
            "print_cpu": print_cpu}


def markdown(results: list[dict], runs: int) -> str:
    lines = [
        "## IR parser speed (`benchmarks/parse_speed.py`)",
        "",
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, single thread; median of "
        f"{runs} runs; functions = defined functions; CPU = process time (wall in brackets).",
        "",
        "| workload | modules | functions | MB | round trip exact | parse functions/s "
        "| parse MB/s | tokenizer share | print functions/s |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        fps = r["functions"] / r["parse_cpu"]
        fps_wall = r["functions"] / r["parse_wall"]
        lines.append(
            f"| {r['name']} | {r['modules']} | {r['functions']} | {r['mb']:.1f} "
            f"| {r['exact']}/{r['modules']} | {fps:,.0f} ({fps_wall:,.0f}) "
            f"| {r['mb'] / r['parse_cpu']:.2f} | {r['tok_cpu'] / r['parse_cpu']:.0%} "
            f"| {r['functions'] / r['print_cpu']:,.0f} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-corpus", action="store_true", help="skip compiling the C corpus")
    ap.add_argument("--out", type=Path, help="also write the markdown snippet here")
    args = ap.parse_args()
    shared = shared_dir()
    if shared is None:
        print("../shared is absent (set VERIOPT_SHARED)", file=sys.stderr)
        return 2
    workloads = [("real one-function modules (pairs)", pairs_workload(shared))]
    if not args.no_corpus:
        try:
            workloads.append(("C corpus whole modules (O0 + instcombine)",
                              corpus_workload(shared)))
        except ToolchainError as e:
            print(f"skipping the corpus workload: {e}", file=sys.stderr)
    results = []
    for name, texts in workloads:
        if not texts:
            continue
        try:
            results.append(bench(name, texts, args.runs))
        except IRSyntaxError as e:
            print(f"{name}: parse failure: {e}", file=sys.stderr)
            return 1
        r = results[-1]
        print(f"{name}: {r['functions'] / r['parse_cpu']:,.0f} functions/s CPU "
              f"({r['functions'] / r['parse_wall']:,.0f} wall)", file=sys.stderr)
    snippet = markdown(results, args.runs)
    print(snippet)
    if args.out:
        args.out.write_text(snippet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
