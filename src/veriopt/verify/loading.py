"""A check's inputs, from text to the pair of functions to compare.

Flow, each step able to end the check with its own verdict (`Early`):
size limits on the raw text (``too_large``) -> canonicalisation by LLVM's ``opt``
(its diagnostics are the input's ``syntax_error``; its crashes, hangs and silences
are ``toolchain:opt``, never the input's fault) -> our parser -> size limits on the
parsed module -> the module facts both sides must share -> the function pair.

Why the module facts: the target triple and datalayout fix the meaning of the IR
(endianness, pointer and integer sizes, alignment), so a tgt verified under its
own layout proves nothing about src's program. As alive-tv ("Modules have
different target triples") and the paper's labelling do, any difference, or one
side without what the other has, is a ``syntax_error`` naming both values.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from veriopt.errors import IRSyntaxError, ToolchainError
from veriopt.llvm import ir
from veriopt.verify import report as rep
from veriopt.verify.options import VerifyOptions
from veriopt.verify.verdict import TIMEOUT_WALL, Verdict

Source = str | ir.Module

#: A tool call never gets more than this, even when the check's deadline is later.
TOOL_TIMEOUT = 30.0


@dataclass(frozen=True)
class Pair:
    """The two functions of one check, their modules and their canonical text."""

    src_mod: ir.Module
    src_fn: ir.Function
    tgt_mod: ir.Module
    tgt_fn: ir.Function
    src_text: str
    tgt_text: str


@dataclass(frozen=True)
class Modules:
    """Both modules of a check, parsed (``single``: one module holds src and tgt)."""

    src_mod: ir.Module
    src_text: str | None
    tgt_mod: ir.Module
    tgt_text: str | None
    single: bool


class Early(Exception):
    """A verdict reached before any SMT (syntax error, too large, missing function...)."""

    def __init__(self, verdict: Verdict) -> None:
        super().__init__(verdict.reason)
        self.verdict = verdict


# ---- verdicts of this stage -----------------------------------------------------------------


def _error(category: str, reason: str, message: str) -> Early:
    """An Alive2-style error report ("ERROR: ...", counted as an Alive2 error)."""
    return Early(Verdict(category, reason, message,
                         report=rep.failed_report("", "", [message], alive_error=True)))


def missing(msg: str) -> Early:
    return Early(Verdict("syntax_error", f"parse:{msg}", msg,
                         report=rep.syntax_error_report("Input", msg)))


def timed_out() -> Early:
    """The wall clock (the safety net of a check, `deadline.py`) ran out."""
    return Early(Verdict("inconclusive", TIMEOUT_WALL, "Timeout",
                         report=rep.failed_report("", "", ["Timeout"])))


def toolchain_fault(e: ToolchainError) -> Early:
    """``toolchain:<tool>``: the LLVM tool failed; nothing is known about the input."""
    first = next((line for line in str(e).splitlines() if line.strip()), "LLVM tool failed")
    return _error("inconclusive", f"toolchain:{e.tool or 'llvm'}", first)


def too_large(detail: str) -> Early:
    return _error("inconclusive", "too_large", f"Input too large: {detail}")


# ---- size limits ------------------------------------------------------------------------------

#: LLVM strings (``c"..."``, quoted names; no escaped quotes inside) and comments.
_STRINGS_AND_COMMENTS = re.compile(r'"[^"]*"|;[^\n]*')
_BRACKETS = re.compile(r"[()\[\]{}]")


def nesting_depth(text: str) -> int:
    """Deepest nesting of ``()``, ``[]`` and ``{}`` outside strings and comments: how
    deep LLVM's (and our) recursive parsers go on this text."""
    depth = deepest = 0
    for m in _BRACKETS.finditer(_STRINGS_AND_COMMENTS.sub("", text)):
        if m.group() in "([{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def check_text_size(text: str, which: str, opts: VerifyOptions) -> None:
    """Refuse raw text over the byte or nesting limits, before any tool sees it."""
    size = len(text.encode("utf-8", "replace"))
    if size > opts.max_input_bytes:
        raise too_large(f"the {which} is {size} bytes (limit {opts.max_input_bytes}, "
                        "VerifyOptions.max_input_bytes)")
    depth = nesting_depth(text)
    if depth > opts.max_nesting:
        raise too_large(f"the {which} nests brackets {depth} deep (limit {opts.max_nesting}, "
                        "VerifyOptions.max_nesting)")


def check_module_size(mod: ir.Module, which: str, opts: VerifyOptions) -> None:
    """Refuse a module with too many functions, or a function with too many blocks or
    instructions (each definition counts, compared or not)."""
    defs = mod.definitions
    if len(defs) > opts.max_functions:
        raise too_large(f"the {which} defines {len(defs)} functions (limit "
                        f"{opts.max_functions}, VerifyOptions.max_functions)")
    for fn in defs:
        blocks = fn.blocks or ()
        if len(blocks) > opts.max_blocks:
            raise too_large(f"@{fn.name} in the {which} has {len(blocks)} blocks (limit "
                            f"{opts.max_blocks}, VerifyOptions.max_blocks)")
        n = sum(len(b.instructions) for b in blocks)
        if n > opts.max_instructions:
            raise too_large(f"@{fn.name} in the {which} has {n} instructions (limit "
                            f"{opts.max_instructions}, VerifyOptions.max_instructions)")


# ---- modules ----------------------------------------------------------------------------------


def load_module(x: Source, which: str, opts: VerifyOptions,
                deadline: float) -> tuple[ir.Module, str | None]:
    """``x`` canonicalised by LLVM and parsed (a parsed module is taken as is)."""
    if isinstance(x, ir.Module):
        check_module_size(x, which, opts)
        return x, None
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain

    check_text_size(x, which, opts)  # (`load_modules` checks both texts before any tool)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise timed_out()
    try:
        text = get_toolchain().canonicalize(x, filename=f"<{which}>",
                                            timeout=min(TOOL_TIMEOUT, remaining))
    except IRSyntaxError as e:
        msg = e.llvm_message or str(e)
        first = next((line for line in msg.splitlines() if line.strip()), "")
        raise Early(Verdict("syntax_error", f"parse:{first}", first,
                            report=rep.syntax_error_report(which.capitalize(), msg))) from None
    except ToolchainError as e:
        raise toolchain_fault(e) from None
    try:
        mod = parse_module(text, filename=f"<{which}>")
    except IRSyntaxError as e:
        # LLVM accepted it, our parser did not: our limitation, not a syntax error.
        raise Early(Verdict("inconclusive", "unsupported:parser", str(e))) from None
    except RecursionError:
        raise too_large(f"the {which} nests too deeply for the parser") from None
    check_module_size(mod, which, opts)
    if time.monotonic() > deadline:
        raise timed_out()
    return mod, text


def load_modules(src: Source, tgt: Source | None, opts: VerifyOptions,
                 deadline: float) -> Modules:
    """Both modules, with the module facts they must share (module docstring)."""
    src_which = "source" if tgt is not None else "input"
    for x, which in ((src, src_which), (tgt, "target")):
        if isinstance(x, str):  # refuse an oversized text before LLVM sees the other one
            check_text_size(x, which, opts)
    src_mod, src_text = load_module(src, src_which, opts, deadline)
    if tgt is None:
        return Modules(src_mod, src_text, src_mod, src_text, single=True)
    tgt_mod, tgt_text = load_module(tgt, "target", opts, deadline)
    mismatch = module_facts_mismatch(src_mod, tgt_mod)
    if mismatch is not None:
        reason, message = mismatch
        raise _error("syntax_error", reason, message)
    return Modules(src_mod, src_text, tgt_mod, tgt_text, single=False)


def module_facts_mismatch(src: ir.Module, tgt: ir.Module) -> tuple[str, str] | None:
    """(reason, one-line message naming both values) when the target triple or the
    datalayout of the two modules differ (a missing one differs from any other)."""
    for fact, what in (("triple", "target triples"), ("datalayout", "datalayouts")):
        s, t = getattr(src, fact), getattr(tgt, fact)
        if s != t:
            return (f"module_facts:{fact}",
                    f"Modules have different {what}: source {_fact_text(s)}, "
                    f"target {_fact_text(t)}")
    return None


def _fact_text(value: str | None) -> str:
    return "(none)" if value is None else f'"{value}"'


# ---- function pairs ---------------------------------------------------------------------------


def function_pairs(mod: ir.Module) -> list[tuple[str, str]]:
    """alive-tv's single-file pairs: ``@src``/``@tgt``, ``@srcN``/``@tgtN`` and
    ``@src_X``/``@tgt_X``, in module order."""
    names = [f.name for f in mod.definitions]
    present = set(names)
    out = []
    for n in names:
        if n.startswith("src") and "tgt" + n[3:] in present:
            rest = n[3:]
            if rest == "" or rest.isdigit() or rest.startswith("_"):
                out.append((n, "tgt" + rest))
    return out


@dataclass(frozen=True)
class Pairing:
    """Every pair to check (src name, tgt name), and the definitions left unpaired."""

    pairs: tuple[tuple[str, str], ...]
    src_only: tuple[str, ...] = ()
    tgt_only: tuple[str, ...] = ()


def pair_all(mods: Modules) -> Pairing:
    """alive-tv's pairing of every function: the ``src``/``tgt`` pairs of one module, or,
    with two modules, each definition of src with tgt's definition of the same name
    (the only definition of each when both define exactly one)."""
    if mods.single:
        return Pairing(tuple(function_pairs(mods.src_mod)))
    s_defs = [f.name for f in mods.src_mod.definitions]
    t_defs = [f.name for f in mods.tgt_mod.definitions]
    if len(s_defs) == 1 and len(t_defs) == 1:
        return Pairing(((s_defs[0], t_defs[0]),))
    common = set(s_defs) & set(t_defs)
    return Pairing(tuple((n, n) for n in s_defs if n in common),
                   tuple(n for n in s_defs if n not in common),
                   tuple(n for n in t_defs if n not in common))


def pick_names(mods: Modules, fn_name: str | None) -> tuple[str, str]:
    """The one pair `check` compares (see its docstring)."""
    if mods.single:
        pairs = dict(function_pairs(mods.src_mod))
        if fn_name is not None:
            if fn_name in pairs:
                return fn_name, pairs[fn_name]
            raise missing(f"no src/tgt pair for @{fn_name}")
        if "src" in pairs:
            return "src", "tgt"
        if len(pairs) == 1:
            return next(iter(pairs.items()))
        raise missing("expected functions @src and @tgt in the module")
    if fn_name is not None:
        return fn_name, fn_name
    pairing = pair_all(mods)
    if len(pairing.pairs) == 1 and not (pairing.src_only or pairing.tgt_only):
        return pairing.pairs[0]
    common = [s for s, _ in pairing.pairs]
    if len(common) == 1:
        return common[0], common[0]
    raise missing("cannot pair functions: name the one to compare (fn_name), or check "
                  "each with check_functions")


def make_pair(mods: Modules, s_name: str, t_name: str) -> Pair:
    src_fn = _definition(mods.src_mod, s_name)
    tgt_fn = _definition(mods.tgt_mod, t_name)
    return Pair(mods.src_mod, src_fn, mods.tgt_mod, tgt_fn,
                function_text(mods.src_text, src_fn), function_text(mods.tgt_text, tgt_fn))


def _definition(mod: ir.Module, name: str) -> ir.Function:
    from veriopt.llvm.functions import only_function

    try:
        return only_function(mod, name)
    except IRSyntaxError as e:  # no such function, or only a declaration
        raise missing(str(e)) from None


def function_text(module_text: str | None, fn: ir.Function) -> str:
    """The ``define ... { ... }`` text of ``fn`` (LLVM's canonical printing)."""
    if module_text is not None:
        lines = module_text.splitlines()
        marks = (f"@{fn.name}(", f'@"{fn.name}"(')
        for i, line in enumerate(lines):
            if line.startswith("define") and any(m in line for m in marks):
                for j in range(i, len(lines)):
                    if lines[j] == "}":
                        return "\n".join(lines[i:j + 1])
    try:
        from veriopt.llvm.printer import print_function  # type: ignore[attr-defined]
        return print_function(fn).rstrip()
    except Exception:  # noqa: BLE001 - printing is best effort
        return f"define @{fn.name}(...)  ; (text unavailable)"
