"""`veriopt ir ...`: canonicalise, list, extract, strip and compare LLVM IR."""

from __future__ import annotations

import argparse
import sys

from veriopt.llvm.inputs import display_name, read_ir


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ir", help="canonicalise, list, extract and compare LLVM IR")
    ir_sub = p.add_subparsers(dest="ir_command", metavar="ACTION", required=True)

    c = ir_sub.add_parser("canon", help="parse+verify with LLVM 19 and print canonical text "
                                        "(upgrades typed pointers)")
    c.add_argument("file", help="an .ll or .bc file, or - for stdin")
    c.add_argument("--roundtrip", action="store_true",
                   help="also parse with veriopt's parser and print with its printer")
    c.set_defaults(func=_canon)

    f = ir_sub.add_parser("functions", help="list the defined functions")
    f.add_argument("file")
    f.set_defaults(func=_functions)

    e = ir_sub.add_parser("extract", help="one function with what it needs, as a module")
    e.add_argument("file")
    e.add_argument("function", help="function name (with or without @)")
    e.set_defaults(func=_extract)

    s = ir_sub.add_parser("strip-debug", help="remove debug info")
    s.add_argument("file")
    s.set_defaults(func=_strip)

    d = ir_sub.add_parser("same", help="exit 0 when two functions are equal modulo names, "
                                       "whitespace, comments and metadata numbering")
    d.add_argument("a")
    d.add_argument("b")
    d.add_argument("--function", help="function name (default: the single definition)")
    d.set_defaults(func=_same)


def load_module(path: str):
    """Canonicalise with LLVM 19, then parse with our parser."""
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import canonicalize

    name = display_name(path)
    return parse_module(canonicalize(read_ir(path), filename=name), filename=name)


def _canon(args: argparse.Namespace) -> int:
    from veriopt.llvm.toolchain import canonicalize

    name = display_name(args.file)
    text = canonicalize(read_ir(args.file), filename=name)
    if args.roundtrip:
        from veriopt.llvm.parser import parse_module
        from veriopt.llvm.printer import print_module

        text = print_module(parse_module(text, filename=name))
    sys.stdout.write(text)
    return 0


def _functions(args: argparse.Namespace) -> int:
    from veriopt.llvm.functions import defined_functions

    for name in defined_functions(load_module(args.file)):
        print(name)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from veriopt.llvm.functions import extract_function
    from veriopt.llvm.toolchain import canonicalize

    name = display_name(args.file)
    text = canonicalize(read_ir(args.file), filename=name)
    sys.stdout.write(extract_function(text, args.function.removeprefix("@"), filename=name))
    return 0


def _strip(args: argparse.Namespace) -> int:
    from veriopt.llvm.functions import strip_debug_info

    sys.stdout.write(strip_debug_info(read_ir(args.file)))
    return 0


def _same(args: argparse.Namespace) -> int:
    from veriopt.llvm.functions import only_function, same_modulo_names

    a = only_function(load_module(args.a), args.function)
    b = only_function(load_module(args.b), args.function)
    same = same_modulo_names(a, b)
    print("same" if same else "different")
    return 0 if same else 1
