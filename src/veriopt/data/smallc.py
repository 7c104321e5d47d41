"""Small random C functions as extra dataset sources (`veriopt dataset generate --small-c N`).

Why our own generator next to Csmith: a model trained on a CPU needs *many short*
functions, and the ones instcombine has work to do on. Csmith writes long functions
full of globals, most over the 512-token budget of a CPU-scale model; the LLVM
test-suite has about a thousand functions. Each generated function is a few lines of
the shapes instcombine rewrites at -O0: arithmetic on parameters spilled to locals,
algebraic identities and mixed integer widths (sext/zext/trunc pairs), branches and
ternaries (select, min/max/abs), small loops, and memory through local arrays,
structs and pointer parameters.

Every file is a pure function of its seed (``seed + index``), written once and kept
(resumable), so a dataset built from the folder is reproducible. Shift amounts are
constants below the type's width and divisors non-zero constants or masked values,
so that most functions are free of undefined behaviour; the rest (signed overflow)
is what real C code has too, and the verifier handles it.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

#: (C type, bit width, signed)
INT_TYPES = (("int", 32, True), ("unsigned", 32, False), ("long", 64, True),
             ("unsigned long", 64, False), ("short", 16, True),
             ("unsigned short", 16, False), ("signed char", 8, True),
             ("unsigned char", 8, False))
#: weights of INT_TYPES: mostly 32-bit, as in real code.
TYPE_WEIGHTS = (6, 4, 2, 2, 1, 1, 1, 1)
BIN_OPS = ("+", "-", "*", "&", "|", "^", "<<", ">>", "/", "%")
OP_WEIGHTS = (6, 4, 3, 3, 3, 3, 2, 2, 1, 1)
CMP_OPS = ("<", "<=", ">", ">=", "==", "!=")
#: Identities and near-identities instcombine folds; ``{x}``/``{y}`` are operands.
IDIOMS = ("{x} + 0", "{x} * 1", "{x} - {x}", "{x} ^ {x}", "{x} & {x}", "{x} | 0",
          "{x} * 2", "{x} * 8", "{x} * -1", "-(-{x})", "~(~{x})", "{x} + {x}",
          "({x} + {y}) - {y}", "{x} - ({x} - {y})", "({x} & 255) & 15", "({x} | 1) | 2",
          "({x} << 3) >> 3", "({x} >> 2) << 2", "({x} ^ -1)", "({x} | {y}) & {x}",
          "({x} & {y}) | {x}", "{x} * 4 + {x} * 4", "({x} + 3) + 5", "({x} * 3) * 5",
          "!({x} < {y})", "{x} == {x}", "({x} > {y}) ? {x} : {y}",
          "({x} < {y}) ? {x} : {y}", "({x} < 0) ? -{x} : {x}", "{x} / 1", "{x} % 1",
          "{x} / 4", "{x} % 8", "({x} != 0) ? {x} : 0", "{x} << 0", "(0 - {x}) + {y}")


@dataclass
class _Var:
    name: str
    ctype: str
    bits: int
    signed: bool


class FunctionWriter:
    """Writes one random small function at a time (a seeded `random.Random`)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def int_type(self) -> tuple[str, int, bool]:
        return self.rng.choices(INT_TYPES, TYPE_WEIGHTS)[0]

    def params(self, count: int, *, same_type: bool = False) -> list[_Var]:
        t = self.int_type()
        out = []
        for i in range(count):
            ctype, bits, signed = t if same_type else self.int_type()
            out.append(_Var("abcdefgh"[i], ctype, bits, signed))
        return out

    def constant(self, bits: int) -> str:
        r = self.rng.random()
        if r < 0.3:
            return str(self.rng.choice((0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 255)))
        if r < 0.45:
            return str(1 << self.rng.randrange(0, min(bits - 1, 12)))
        if r < 0.55:
            return "-1"
        if r < 0.65:
            return hex(self.rng.choice((0xF, 0xFF, 0xF0, 0x7F, 0x80, 0xFFFF)))
        return str(self.rng.randint(1, 100))

    def leaf(self, names: list[str], bits: int) -> str:
        if names and self.rng.random() < 0.75:
            return self.rng.choice(names)
        return self.constant(bits)

    def expr(self, names: list[str], bits: int, depth: int) -> str:
        """An integer expression over ``names`` (C's usual conversions apply)."""
        rng = self.rng
        if depth <= 0 or rng.random() < 0.25:
            return self.leaf(names, bits)
        r = rng.random()
        if r < 0.2:
            x = self.expr(names, bits, depth - 1)
            y = self.leaf(names, bits)
            return "(" + rng.choice(IDIOMS).format(x=x, y=y) + ")"
        if r < 0.3:
            op = rng.choice(("-", "~", "!", "cast"))
            inner = self.expr(names, bits, depth - 1)
            if op == "cast":
                ctype = self.int_type()[0]
                return f"(({ctype})({inner}))"
            return f"({op}({inner}))"
        if r < 0.4:
            a, b = self.leaf(names, bits), self.leaf(names, bits)
            t, f = self.expr(names, bits, depth - 1), self.leaf(names, bits)
            return f"(({a} {rng.choice(CMP_OPS)} {b}) ? {t} : {f})"
        op = rng.choices(BIN_OPS, OP_WEIGHTS)[0]
        x = self.expr(names, bits, depth - 1)
        if op in ("<<", ">>"):
            return f"({x} {op} {rng.randrange(0, min(bits, 32))})"
        if op in ("/", "%"):
            return f"({x} {op} {rng.choice((1, 2, 3, 4, 5, 7, 8, 10, 16))})"
        return f"({x} {op} {self.expr(names, bits, depth - 1)})"

    # ---- function shapes -------------------------------------------------------------

    def arithmetic(self, name: str) -> str:
        ps = self.params(self.rng.randint(1, 3))
        ret = self.int_type()[0]
        body = self.expr([p.name for p in ps], 32, self.rng.randint(2, 3))
        return f"{ret} {name}({_plist(ps)}) {{\n  return {body};\n}}\n"

    def locals_chain(self, name: str) -> str:
        ps = self.params(self.rng.randint(1, 3))
        names = [p.name for p in ps]
        lines = []
        for i in range(self.rng.randint(2, 4)):
            ctype = self.int_type()[0]
            lines.append(f"  {ctype} t{i} = {self.expr(names, 32, 2)};")
            names.append(f"t{i}")
        ret = self.int_type()[0]
        lines.append(f"  return {self.expr(names[-2:], 32, 1)};")
        return f"{ret} {name}({_plist(ps)}) {{\n" + "\n".join(lines) + "\n}\n"

    def branches(self, name: str) -> str:
        ps = self.params(self.rng.randint(2, 3), same_type=self.rng.random() < 0.5)
        names = [p.name for p in ps]
        ret = ps[0].ctype
        x, y = names[0], names[1]
        cond = f"{x} {self.rng.choice(CMP_OPS)} {self.leaf(names[1:], 32)}"
        if self.rng.random() < 0.5:
            return (f"{ret} {name}({_plist(ps)}) {{\n  if ({cond})\n    return "
                    f"{self.expr(names, 32, 2)};\n  return {self.expr(names, 32, 2)};\n}}\n")
        then = self.expr(names, 32, 2)
        op = self.rng.choice(("+", "-", "^", "&"))
        other = self.leaf(names, 32)
        return (f"{ret} {name}({_plist(ps)}) {{\n  {ret} r = {y};\n  if ({cond})\n"
                f"    r = {then};\n  else\n    r = r {op} {other};\n  return r;\n}}\n")

    def loop(self, name: str) -> str:
        ps = self.params(2)
        a, n = ps[0].name, ps[1].name
        acc_t = ps[0].ctype
        bound = str(self.rng.randint(2, 8)) if self.rng.random() < 0.6 else f"({n} & 7)"
        step = self.expr([a, "i"], 32, 1)
        op = self.rng.choice(("+=", "^=", "|=", "-="))
        return (f"{acc_t} {name}({_plist(ps)}) {{\n  {acc_t} s = {self.constant(32)};\n"
                f"  for (int i = 0; i < {bound}; i++)\n    s {op} {step};\n  return s;\n}}\n")

    def local_array(self, name: str) -> str:
        ps = self.params(self.rng.randint(2, 3), same_type=True)
        ctype = ps[0].ctype
        names = [p.name for p in ps]
        size = self.rng.choice((2, 3, 4))
        init = ", ".join(self.expr(names, 32, 1) for _ in range(size))
        i, j = self.rng.randrange(size), self.rng.randrange(size)
        extra = (f"  t[{j}] = t[{i}] {self.rng.choice(('+', '*', '^'))} {names[-1]};\n"
                 if self.rng.random() < 0.6 else "")
        return (f"{ctype} {name}({_plist(ps)}) {{\n  {ctype} t[{size}] = {{{init}}};\n{extra}"
                f"  return t[{i}] {self.rng.choice(('+', '-', '|'))} t[{j}];\n}}\n")

    def local_struct(self, name: str) -> str:
        ps = self.params(2, same_type=True)
        x, y = ps[0].name, ps[1].name
        lo, hi = self.expr([x, y], 32, 1), self.expr([x, y], 32, 1)
        op = self.rng.choice(("+", "*", "-", "^"))
        return (f"int {name}({_plist(ps)}) {{\n  struct pair p;\n  p.lo = {lo};\n"
                f"  p.hi = {hi};\n  return p.lo {op} p.hi;\n}}\n")

    def pointer_param(self, name: str) -> str:
        ctype, bits, signed = self.int_type()
        ptr = _Var("p", f"{ctype} *", bits, signed)
        v = _Var("v", ctype, bits, signed)
        shape = self.rng.randrange(3)
        if shape == 0:
            value = self.expr(["*p", "v"], 32, 2)
            return f"void {name}({_plist([ptr, v])}) {{\n  *p = {value};\n}}\n"
        if shape == 1:
            k = self.rng.randint(1, 3)
            value = self.expr(["v", "p[0]"], 32, 1)
            op = self.rng.choice(("+", "-", "^", "&"))
            return (f"{ctype} {name}({_plist([ptr, v])}) {{\n  p[{k}] = {value};\n"
                    f"  return p[0] {op} p[{k}];\n}}\n")
        return (f"void {name}({ctype} *p, {ctype} *q) {{\n  {ctype} t = *p;\n  *p = *q;\n"
                f"  *q = {self.expr(['t', '*p'], 32, 1)};\n}}\n")

    def floating(self, name: str) -> str:
        ftype = self.rng.choice(("float", "double"))
        idioms = ("x * 1.0", "x + 0.0", "x - 0.0", "-(-x)", "x * 2.0", "(x * y) + 0.0",
                  "x / 1.0", "(x + y) * 1.0", "x * -1.0", "(float)x", "x * 0.5 + y")
        body = self.rng.choice(idioms)
        if ftype == "float":
            body = body.replace(".0", ".0f").replace("0.5", "0.5f")
        return f"{ftype} {name}({ftype} x, {ftype} y) {{\n  return {body};\n}}\n"

    def bool_logic(self, name: str) -> str:
        ps = self.params(3)
        a, b, c = (p.name for p in ps)
        e = (f"(({a} {self.rng.choice(CMP_OPS)} {b}) {self.rng.choice(('&&', '||'))} "
             f"({b} {self.rng.choice(CMP_OPS)} {c}))")
        if self.rng.random() < 0.5:
            e = f"!{e}"
        return f"int {name}({_plist(ps)}) {{\n  return {e};\n}}\n"

    SHAPES = ("arithmetic", "locals_chain", "branches", "loop", "local_array", "local_struct",
              "pointer_param", "floating", "bool_logic")
    SHAPE_WEIGHTS = (5, 4, 4, 2, 2, 1, 3, 1, 2)

    def function(self, name: str) -> str:
        shape = self.rng.choices(self.SHAPES, self.SHAPE_WEIGHTS)[0]
        return getattr(self, shape)(name)


def _plist(ps: list[_Var]) -> str:
    return ", ".join(f"{p.ctype}{'' if p.ctype.endswith('*') else ' '}{p.name}" for p in ps)


def program(seed: int, functions: int = 8) -> str:
    """The C file of ``seed``: a struct used by ``local_struct`` and ``functions``
    small functions (externally visible, so none is dropped at -O0)."""
    writer = FunctionWriter(random.Random(seed))
    parts = [f"/* veriopt small-C generator, seed {seed} */\n",
             "struct pair { int lo; int hi; };\n"]
    parts += [writer.function(f"f{seed}_{i}") for i in range(functions)]
    return "\n".join(parts)


def generate_smallc(out: str | Path, count: int, *, seed: int = 0, functions: int = 8
                    ) -> list[Path]:
    """Write ``count`` files (seeds ``seed .. seed+count-1``) into ``out``; existing
    files are kept. Returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(seed, seed + count):
        path = out / f"smallc_{k:06d}.c"
        if not path.exists():
            tmp = path.with_suffix(".c.tmp")
            tmp.write_text(program(k, functions))
            tmp.replace(path)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True)
    p.add_argument("--files", type=int, required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--functions", type=int, default=8, help="functions per file")
    args = p.parse_args(argv)
    paths = generate_smallc(args.out, args.files, seed=args.seed, functions=args.functions)
    print(f"{args.out}: {len(paths)} files of {args.functions} small C functions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
