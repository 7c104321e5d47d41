"""`veriopt doctor`: what veriopt found on this machine (LLVM tools, Python extras)."""

from __future__ import annotations

import argparse
import importlib.util

from veriopt import __version__
from veriopt.llvm.toolchain import get_toolchain

#: Python packages and the extra that brings each (pip install -e '.[EXTRA]').
OPTIONAL = {"z3": "base", "torch": "train", "transformers": "train", "trl": "train",
            "peft": "train", "datasets": "train", "accelerate": "train", "sacrebleu": "train",
            "matplotlib": "report", "openai": "serve", "fastapi": "serve", "uvicorn": "serve",
            "vllm": "vllm", "ray": "ray"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="show the LLVM toolchain and Python packages found")
    p.set_defaults(func=run)


def run(_args: argparse.Namespace) -> int:
    print(f"veriopt {__version__}")
    tc = get_toolchain()
    ok = True
    for tool, version in tc.versions().items():
        print(f"  {tool:13s} {version}")
        ok &= not version.startswith("missing")
    for mod, extra in OPTIONAL.items():
        found = importlib.util.find_spec(mod) is not None
        print(f"  {mod:13s} {'installed' if found else 'not installed'} ({extra})")
    return 0 if ok else 1
