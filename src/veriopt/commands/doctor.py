"""`veriopt doctor`: what veriopt found on this machine (LLVM tools, Python extras)."""

from __future__ import annotations

import argparse
import importlib.util

from veriopt import __version__
from veriopt.llvm.toolchain import get_toolchain

OPTIONAL = ("z3", "torch", "transformers", "trl", "peft", "datasets", "accelerate", "vllm",
            "ray", "sacrebleu", "matplotlib")


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
    for mod in OPTIONAL:
        found = importlib.util.find_spec(mod) is not None
        print(f"  {mod:13s} {'installed' if found else 'not installed'}")
    return 0 if ok else 1
