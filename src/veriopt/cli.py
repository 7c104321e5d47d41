"""The `veriopt` command: one entry point, subcommands registered by their modules.

Each subcommand lives in `veriopt.commands.<name>` and exposes
``register(subparsers)``, which adds its parser and sets ``func=run`` where
``run(args) -> int`` returns the exit code. Errors are caught here, at the
edge, and turned into one line on stderr (the full traceback only with
``--debug``), because users run this over thousands of files and need to
know *which* input failed and how to fix it.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import sys
import traceback

from veriopt import __version__
from veriopt.errors import ToolchainError, VeriOptError

#: Subcommand modules, in `--help` order. A module that fails to import because an
#: optional extra is missing is reported when that subcommand is used, not at startup.
COMMANDS = ("ir", "verify", "metrics", "dataset", "eval", "opt", "train", "report", "serve",
            "demo", "doctor")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="veriopt",
        description="LLMs as trustworthy LLVM IR optimizers: verify, measure, build data, "
                    "train and evaluate.",
    )
    parser.add_argument("--version", action="version", version=f"veriopt {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show full tracebacks and debug logging")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"veriopt.commands.{name}")
        except ModuleNotFoundError as e:
            if e.name and e.name.startswith(f"veriopt.commands.{name}"):
                continue  # not built yet
            _register_unavailable(sub, name, e)
            continue
        module.register(sub)
    return parser


def _register_unavailable(sub: argparse._SubParsersAction, name: str,
                          error: ModuleNotFoundError) -> None:
    """Keep the subcommand visible and explain how to get what it needs."""
    p = sub.add_parser(name, help=f"(unavailable: needs '{error.name}')", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)

    def run(_args: argparse.Namespace) -> int:
        raise VeriOptError(f"'veriopt {name}' needs the Python package '{error.name}'; "
                           "install it with `pip install -e '.[train]'` (or `make setup`)")

    p.set_defaults(func=run)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # inside the try: a closed pipe is reported here, not at exit
        return code
    except BrokenPipeError:
        return _reader_went_away()
    except KeyboardInterrupt:
        print("veriopt: interrupted", file=sys.stderr)
        return 130
    except VeriOptError as e:
        if args.debug:
            traceback.print_exc()
        print(f"veriopt: error: {_one_line(str(e))}", file=sys.stderr)
        if args.command == "verify":  # its exit codes name verdicts: a tool fault is "unknown"
            return 3 if isinstance(e, ToolchainError) else 2
        return 1
    except (OSError, ValueError) as e:
        if args.debug:
            traceback.print_exc()
        print(f"veriopt: error: {_one_line(str(e))}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - the edge: one line, never a raw traceback
        if args.debug:
            traceback.print_exc()
        print(f"veriopt: internal error: {type(e).__name__}: {_one_line(str(e))} "
              "(rerun with --debug for the traceback)", file=sys.stderr)
        return 70


def _reader_went_away() -> int:
    """The reader of stdout closed it (``veriopt verify --json ... | head``): stop quietly,
    as `cat` and `opt` do. stdout is pointed at /dev/null so that Python's flush at exit
    does not print a second BrokenPipeError; the status is the shell's for SIGPIPE."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + signal.SIGPIPE


def _one_line(text: str) -> str:
    first = text.strip().splitlines()
    return first[0] if first else "(no message)"


if __name__ == "__main__":
    sys.exit(main())
