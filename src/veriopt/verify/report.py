"""Alive2-format reports and counterexamples (VERIFIER.md §9).

The layout follows alive-tv: a blank line, 40 dashes, the src function, ``=>``,
the tgt function, then the verdict block and a ``Summary:`` with the four
counters. One deliberate difference: the functions are printed as their LLVM 19
canonical text (what the model and the dataset see), not in Alive IR syntax.
Values print as Alive2 prints them: ``#x<hex> (<unsigned>[, <signed>])``.

Everything here is deterministic given the model, so the same inputs give the
same report bytes.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import z3

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.verify import aggregates as agg
from veriopt.verify import fp
from veriopt.verify.memory import OFFSET_BITS, Byte, PointerLayout
from veriopt.verify.nonlocal_memory import memory_mismatch
from veriopt.verify.state import collect_vars
from veriopt.verify.summary import FunctionSummary, InputVar
from veriopt.verify.verdict import PROOF_KINDS, Counterexample, NamedValue, Verdict

DASHES = "-" * 40

ALWAYS_UB_WARNING = ("WARNING: Source function is always UB.\n"
                     "It can be refined by any target function.\n"
                     "Please make sure this is what you wanted.")


# ---- values ------------------------------------------------------------------------------


def format_int(value: int, bits: int) -> str:
    """``#x<hex> (<unsigned>[, <signed if negative>])``; hex padded to whole nibbles."""
    value %= 1 << bits
    digits = (bits + 3) // 4
    text = f"#x{value:0{digits}x} ({value}"
    if bits > 1 and value >> (bits - 1):
        text += f", {value - (1 << bits)}"
    return text + ")"


def format_pointer(value: int, layout: PointerLayout) -> str:
    bid = value >> OFFSET_BITS
    off = value & ((1 << OFFSET_BITS) - 1)
    if off >> (OFFSET_BITS - 1):
        off -= 1 << OFFSET_BITS
    if bid == 0 and off == 0:
        return "null"
    kind = "local" if layout.is_local(bid) else "non-local"
    return f"pointer({kind}, block_id={bid}, offset={off})"


def type_text(t: ir.Type | None) -> str:
    if isinstance(t, ir.IntType):
        return f"i{t.bits}"
    if isinstance(t, ir.PtrType):
        return "ptr"
    if isinstance(t, ir.FloatType):
        return t.kind
    if agg.is_composite(t):  # `<4 x i32>`, `{ i8, i32 }`, `[2 x i64]`
        from veriopt.llvm.printer import print_type
        return print_type(t)  # type: ignore[arg-type]
    return "void" if t is None or isinstance(t, ir.VoidType) else type(t).__name__


class ModelPrinter:
    """Evaluates and prints a side's values in a model."""

    def __init__(self, model: z3.ModelRef, side: FunctionSummary,
                 fixed: list[tuple[z3.ExprRef, z3.ExprRef]]) -> None:
        self.model = model
        self.side = side
        self.fixed = fixed  # the "is undef" case this counterexample belongs to
        # z3's model completion adds entries to the model: remember what the
        # solver itself assigned before any evaluation.
        self.assigned = {d.name() for d in model.decls()}

    def eval(self, e: z3.ExprRef, complete: bool = True) -> z3.ExprRef:
        if self.fixed:
            e = z3.substitute(e, *self.fixed)
        return self.model.eval(e, model_completion=complete)

    def holds(self, e: z3.BoolRef) -> bool:
        return z3.is_true(self.eval(e))

    def value(self, sv, t: ir.Type | None) -> str:  # sv: StateValue
        if isinstance(sv, agg.AggregateValue):  # Alive2: `< a, b >` vectors, `{ a, b }` others
            return _bracketed(t, [self.value(e, et) for e, et in
                                  zip(sv.elements, _element_types(t, len(sv.elements)), strict=True)])
        if not self.holds(sv.non_poison):
            return "poison"
        v = self.eval(sv.value)
        if not z3.is_bv_value(v):
            return "any"
        if isinstance(t, ir.PtrType):
            text = format_pointer(v.as_long(), self.side.ptr_layout)
        elif fp.is_float(t):  # `#x3f800000 (1e+00)`, `(+0.0)`, `(QNaN)` ...
            text = fp.format_float(v.as_long(), t)  # type: ignore[arg-type]
        else:
            text = format_int(v.as_long(), sv.value.size())
        if self._depends_on_unassigned_undef(sv.value):
            text += "\t[based on undef value]"
        return text

    def _depends_on_unassigned_undef(self, e: z3.ExprRef) -> bool:
        """Alive2 tags a value whose partial evaluation still has undef variables
        (src's are quantified, so the model does not fix them)."""
        names = self.side.nondet.undef - self.assigned
        if not names:
            return False
        if self.fixed:
            e = z3.substitute(e, *self.fixed)
        return any(n in names for n in collect_vars(z3.simplify(e)))

    def trace(self) -> tuple[str, ...]:
        """Named instructions on the executed path, with values; stops at UB."""
        lines: list[str] = []
        executed = [b for b in self.side.trace if self.holds(b.pc)]
        for k, block in enumerate(executed):
            for entry in block.entries:
                if self.holds(entry.ub):
                    if entry.kind == "value":
                        lines.append(f"{entry.label} = UB triggered!")
                    else:
                        lines.append(f"UB triggered on {entry.label}")
                    return tuple(lines)
                if entry.kind == "value":
                    lines.append(f"{type_text(entry.type)} {entry.label} = "
                                 f"{self.value(entry.value, entry.type)}")
            if k + 1 < len(executed):
                lines.append(f"  >> Jump to %{executed[k + 1].name}")
        return tuple(lines)


def build_counterexample(model: z3.ModelRef, src: FunctionSummary, tgt: FunctionSummary,
                         inputs: tuple[InputVar, ...], undef_inputs: tuple[int, ...],
                         with_values: bool) -> Counterexample:
    fixed = [(i.is_undef, z3.BoolVal(i.index in undef_inputs)) for i in inputs
             if not z3.is_false(i.is_undef)]
    sp = ModelPrinter(model, src, fixed)
    tp = ModelPrinter(model, tgt, fixed)
    tp.assigned = sp.assigned
    ins = []
    for inp in inputs:
        if agg.is_composite(inp.type):  # an aggregate argument, element by element
            text = _aggregate_input_text(sp, inp)
        elif inp.index in undef_inputs:
            text = "undef"
        elif not sp.holds(inp.non_poison):
            text = "poison"
        else:
            v = sp.eval(inp.value)
            if isinstance(inp.type, ir.PtrType):
                text = format_pointer(v.as_long(), src.ptr_layout)
            else:
                text = fp.format_float(v.as_long(), inp.type) if fp.is_float(inp.type) \
                    else format_int(v.as_long(), inp.value.size())
        ins.append(NamedValue(type_text(inp.type), inp.name, text))
    src_value = tgt_value = None
    if with_values and src.ret is not None and tgt.ret is not None:
        src_value = sp.value(src.ret, src.ret_type)
        tgt_value = tp.value(tgt.ret, tgt.ret_type)
    return Counterexample(tuple(ins), sp.trace(), tp.trace(), src_value, tgt_value)


def _element_types(t: ir.Type | None, n: int) -> list[ir.Type | None]:
    try:
        return list(agg.element_types(t, None))  # type: ignore[arg-type]
    except UnsupportedIR:  # a named struct: print the elements as integers
        return [None] * n


def _bracketed(t: ir.Type | None, items: list[str]) -> str:
    if isinstance(t, ir.VectorType):
        return "< " + ", ".join(items) + " >"
    return "{ " + ", ".join(items) + " }"


def _aggregate_input_text(sp: ModelPrinter, inp: InputVar) -> str:
    texts = []
    for e in inp.elements:
        if sp.holds(e.is_undef):
            texts.append("undef")
        elif not sp.holds(e.non_poison):
            texts.append("poison")
        else:
            v = sp.eval(e.value).as_long()
            texts.append(fp.format_float(v, e.type) if fp.is_float(e.type)
                         else format_int(v, e.value.size()))
    leaves = iter(texts)

    def walk(t: ir.Type) -> str:
        if not agg.is_composite(t):
            return next(leaves)
        return _bracketed(t, [walk(et) for et in agg.element_types(t, None)])

    return walk(inp.type)


# ---- the report ----------------------------------------------------------------------------


def summary_block(correct: int = 0, incorrect: int = 0, failed: int = 0, errors: int = 0) -> str:
    return ("Summary:\n"
            f"  {correct} correct transformations\n"
            f"  {incorrect} incorrect transformations\n"
            f"  {failed} failed-to-prove transformations\n"
            f"  {errors} Alive2 errors\n")


def header(src_text: str, tgt_text: str) -> str:
    return f"\n{DASHES}\n{src_text.rstrip()}\n=>\n{tgt_text.rstrip()}\n"


def correct_report(src_text: str, tgt_text: str, *, is_copy: bool = False,
                   always_ub: bool = False, unroll: int | None = None) -> str:
    """The proof kind (docs/proofs.md) is the line after Alive2's verdict line, kept
    verbatim: ``unroll``, a bounded proof (executions within this loop bound only);
    ``always_ub``, a vacuous one (after Alive2's own warning). A full proof has no
    such line, so its report is Alive2's, byte for byte."""
    body = header(src_text, tgt_text)
    if always_ub:
        body += ALWAYS_UB_WARNING + "\n\n"
    body += "Transformation seems to be correct!"
    body += " (syntactically equal)\n" if is_copy else "\n"
    line = proof_line("vacuous" if always_ub else "bounded" if unroll is not None else "full",
                      unroll)
    if line:
        body += line + "\n"
    return body + "\n" + summary_block(correct=1)


def proof_line(proof: str, unroll: int | None = None) -> str:
    """The report line that names a proof that is not full ("" for a full one)."""
    if proof == "bounded":
        return bounded_line(unroll if unroll is not None else -1)
    if proof == "vacuous":
        return VACUOUS_LINE
    return ""


def bounded_line(unroll: int) -> str:
    """The report line that marks a bounded proof (VERIFIER.md §7)."""
    return f"(bounded: loops unrolled {unroll} times)"


#: The report line that marks a vacuous proof.
VACUOUS_LINE = "(vacuous: the source is UB on every input)"


def proof_summary(verdicts: Iterable[Verdict]) -> str:
    """``Proofs: 2 full, 1 bounded, 0 vacuous``: the kinds behind the correct verdicts
    (what `veriopt verify` prints after Alive2's summary); "" when none is correct."""
    counts = Counter(v.proof for v in verdicts if v.category == "correct")
    if not counts:
        return ""
    return "Proofs: " + ", ".join(f"{counts[k]} {k}" for k in PROOF_KINDS) + "\n"


_SUMMARY = re.compile(r"\nSummary:\n  (\d+) correct transformations\n  (\d+) incorrect "
                      r"transformations\n  (\d+) failed-to-prove transformations\n  (\d+) "
                      r"Alive2 errors\n$")


def combined_report(reports: Iterable[str]) -> str:
    """Several reports as alive-tv prints a run over several functions: each one's
    text without its summary, then one summary with the counts added up."""
    body, totals = "", [0, 0, 0, 0]
    for text in reports:
        m = _SUMMARY.search(text)
        if m is None:  # not a report of ours: keep it whole
            body += text if text.endswith("\n") else text + "\n"
            continue
        body += text[:m.start()] + "\n"
        totals = [t + int(n) for t, n in zip(totals, m.groups(), strict=True)]
    return body + summary_block(*totals)


def incorrect_report(src_text: str, tgt_text: str, message: str,
                     cex: Counterexample | None) -> str:
    body = header(src_text, tgt_text)
    body += "Transformation doesn't verify!\n\n"
    body += f"ERROR: {message}\n"
    if cex is not None:
        body += "\nExample:\n"
        body += "".join(v.render() + "\n" for v in cex.inputs)
        body += "\nSource:\n" + "".join(line + "\n" for line in cex.src_trace)
        body += "\nTarget:\n" + "".join(line + "\n" for line in cex.tgt_trace)
        if cex.src_value is not None:
            body += f"Source value: {cex.src_value}\n"
            body += f"Target value: {cex.tgt_value}\n"
    return body + "\n" + summary_block(incorrect=1)


def failed_report(src_text: str, tgt_text: str, messages: list[str], *,
                  alive_error: bool = False) -> str:
    """Failed-to-prove (timeout, solver error, signature mismatch) or, with
    ``alive_error``, a translation failure (an unsupported feature)."""
    body = header(src_text, tgt_text) if (src_text or tgt_text) else f"\n{DASHES}\n"
    body += "".join(f"ERROR: {m}\n" for m in messages) + "\n"
    if alive_error:
        return body + summary_block(errors=1)
    return body + summary_block(failed=1)


def syntax_error_report(which: str, llvm_message: str) -> str:
    return (f"\n{DASHES}\nERROR: {which} file is broken\n{llvm_message.rstrip()}\n\n"
            + summary_block(errors=1))


# ---- the final-memory mismatch (stage 6) --------------------------------------------------


def describe_memory_mismatch(model: z3.ModelRef, src: Any, tgt: Any, cex: Any) -> Any:
    """The counterexample of stage 6 with Alive2's ``Mismatch in pointer(...)`` line
    and the two bytes (or the liveness) that differ."""
    # The stage may have compared at a constant offset (no src choice mattered, see
    # refinement._prune_skolems) or at a function of src's choices: try both.
    cases = memory_mismatch(src.final_memory, tgt.final_memory).cases
    if src.nondet.vars:
        cases += memory_mismatch(src.final_memory, tgt.final_memory,
                                 tuple(src.nondet.vars.values())).cases
    for bid, violation, o, alive_differs in cases:
        if not z3.is_true(model.eval(violation, model_completion=True)):
            continue
        off = model.eval(o, model_completion=True).as_long()
        if off >> (OFFSET_BITS - 1):
            off -= 1 << OFFSET_BITS
        where = f"pointer(non-local, block_id={bid}, offset={off})"
        if z3.is_true(model.eval(alive_differs, model_completion=True)):
            s_alive = z3.is_true(model.eval(src.final_memory.alive(bid), model_completion=True))
            line = ("Mismatch is liveness of blocks. Source: "
                    f"{'alive' if s_alive else 'dead'} / Target: "
                    f"{'dead' if s_alive else 'alive'}")
            return dataclasses.replace(cex, src_trace=cex.src_trace,
                                       tgt_trace=cex.tgt_trace + ("", line))
        sb = src.final_memory.read(bid, o)
        tb = tgt.final_memory.read(bid, o)
        return dataclasses.replace(cex, tgt_trace=cex.tgt_trace + ("", f"Mismatch in {where}"),
                                   src_value=_byte_text(model, sb), tgt_value=_byte_text(model, tb))
    return cex


def _byte_text(model: z3.ModelRef, b: Byte) -> str:
    def ev(e: z3.ExprRef) -> z3.ExprRef:
        return model.eval(e, model_completion=True)

    if not z3.is_true(ev(b.non_poison)):
        return "poison"
    if z3.is_true(ev(b.is_ptr)):
        p = ev(b.ptr).as_long()
        return f"pointer byte {ev(b.index).as_long()} of #x{p:x}"
    return format_int(ev(b.data).as_long(), 8)
