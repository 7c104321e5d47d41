"""Differential testing: the symbolic verifier against the concrete interpreter.

Two independent readings of the LangRef must agree: whenever the verifier says
``correct``, the interpreter must find no input on which the target fails to refine the
source; whenever the interpreter shows such an input (with a deterministic source), the
verifier must not say ``correct``. Subjects are small built-in functions and real
loop-free, call-free -O0/instcombine pairs from ``conformance-real``, each with mutants.
This file also holds the unit tests of `refute` and `mutate`, which need no verifier.
The big run is ``benchmarks/differential.py``.
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import re

import pytest

from veriopt.llvm import ir
from veriopt.verify.interpreter import POISON, run_function, to_unsigned
from veriopt.verify.mutate import all_mutants, mutants, replace_function
from veriopt.verify.refute import find_counterexample_candidates, refute

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')


def _parser():
    return pytest.importorskip("veriopt.llvm.parser", reason="the IR parser is not there yet")


def _printer():
    return pytest.importorskip("veriopt.llvm.printer", reason="the IR printer is not there yet")


@functools.cache
def module_of(text: str) -> ir.Module:
    """Canonicalise with LLVM 19 (with our datalayout unless one is given), then parse."""
    from veriopt.llvm.toolchain import get_toolchain

    if "target datalayout" not in text:
        text = DL + text
    return _parser().parse_module(get_toolchain().canonicalize(text))


def pair(src: str, tgt: str) -> tuple[ir.Module, ir.Function, ir.Module, ir.Function]:
    s, t = module_of(src), module_of(tgt)
    return s, s.definitions[0], t, t.definitions[0]


# --------------------------------------------------------------------------
# refute
# --------------------------------------------------------------------------

SUB_MINUS_ONE = "define i8 @f(i8 %x) {\n  %r = sub i8 %x, -1\n  ret i8 %r\n}\n"
XOR_MINUS_ONE = "define i8 @f(i8 %x) {\n  %r = xor i8 %x, -1\n  ret i8 %r\n}\n"
ADD_ONE = "define i8 @f(i8 %x) {\n  %r = add i8 %x, 1\n  ret i8 %r\n}\n"


def test_refute_finds_the_classic_sub_is_not_xor_counterexample():
    found = refute(*pair(SUB_MINUS_ONE, XOR_MINUS_ONE))
    assert found and found[0].reason == "Value mismatch" and found[0].source_deterministic
    x = found[0].inputs["x"]
    assert x is not None and (x + 1) & 0xFF != x ^ 0xFF


def test_refute_finds_nothing_for_an_equivalent_rewrite():
    assert find_counterexample_candidates(*pair(SUB_MINUS_ONE, ADD_ONE)) == []


def test_refute_reports_a_target_more_poisonous_than_its_source():
    nsw = ADD_ONE.replace("add i8", "add nsw i8")
    found = refute(*pair(ADD_ONE, nsw))
    assert found and found[0].reason == "Target is more poisonous than source"
    assert found[0].inputs == {"x": 127}
    assert refute(*pair(nsw, ADD_ONE)) == []  # dropping a flag is always fine


def test_refute_reports_new_ub_but_not_ub_the_source_already_had():
    udiv = "define i8 @f(i8 %x, i8 %y) {\n  %r = udiv i8 %x, %y\n  ret i8 %r\n}\n"
    zero = "define i8 @f(i8 %x, i8 %y) {\n  ret i8 0\n}\n"
    found = refute(*pair(zero, udiv))
    assert found and found[0].reason == "Source is more defined than target"
    assert found[0].inputs["y"] == 0
    assert refute(*pair(udiv, zero.replace("ret i8 0", "%r = udiv i8 %x, %y\n  ret i8 %r"))) \
        == []


def test_refute_passes_poison_only_to_parameters_without_noundef():
    freeze = "define i8 @f(i8 %x) {\n  %r = freeze i8 %x\n  ret i8 %r\n}\n"
    plain = "define i8 @f(i8 %x) {\n  ret i8 %x\n}\n"
    # freeze -> plain: with a poison input the target returns poison: more poisonous.
    found = refute(*pair(freeze, plain), samples=256)
    assert any(r.inputs["x"] is None for r in found)
    noundef = [t.replace("i8 %x)", "i8 noundef %x)") for t in (freeze, plain)]
    assert refute(*pair(*noundef), samples=256) == []


def test_refute_does_not_trust_one_undef_choice_of_the_source():
    src = "define i8 @f(i8 %x) {\n  %r = or i8 %x, undef\n  ret i8 %r\n}\n"
    tgt = "define i8 @f(i8 %x) {\n  ret i8 -1\n}\n"
    assert refute(*pair(src, tgt)) == []  # the "ones" choice makes src return -1 too


def test_refute_compares_final_global_memory():
    src = ("@g = global i32 0, align 4\n"
           "define void @f(i32 %x) {\n  store i32 %x, ptr @g, align 4\n  ret void\n}\n")
    tgt = src.replace("store i32 %x", "%y = add i32 %x, 1\n  store i32 %y")
    found = refute(*pair(src, tgt))
    assert found and found[0].reason == "Mismatch in memory"
    assert refute(*pair(src, src)) == []


def test_refute_skips_functions_out_of_its_scope():
    ptr_arg = "define i32 @f(ptr %p) {\n  %v = load i32, ptr %p, align 4\n  ret i32 %v\n}\n"
    assert find_counterexample_candidates(*pair(ptr_arg, ptr_arg)) == []
    call = "declare i8 @g(i8)\ndefine i8 @f(i8 %x) {\n  %r = call i8 @g(i8 %x)\n  ret i8 %r\n}\n"
    assert find_counterexample_candidates(*pair(call, ADD_ONE)) == []


def test_refute_tries_the_literals_of_the_functions():
    src = ("define i32 @f(i32 noundef %x) {\n  %c = icmp eq i32 %x, 10001\n"
           "  %r = zext i1 %c to i32\n  ret i32 %r\n}\n")
    found = refute(*pair(src, src.replace("10001", "10002")), samples=64)
    assert found and found[0].inputs["x"] in (10001, 10002)


POINTER_SRC = """define i32 @f(ptr noundef %p, i32 noundef %x) {
  %v = load i32, ptr %p, align 4
  %s = add i32 %v, %x
  store i32 %s, ptr %p, align 4
  ret i32 %v
}
"""


def test_refute_handles_pointer_arguments_and_their_memory():
    same = refute(*pair(POINTER_SRC, POINTER_SRC))
    assert same == []
    no_store = POINTER_SRC.replace("  store i32 %s, ptr %p, align 4\n", "")
    found = refute(*pair(POINTER_SRC, no_store))
    assert found and found[0].reason == "Mismatch in memory"
    assert "pointer to" in str(found[0].inputs["p"])
    wrong_value = POINTER_SRC.replace("ret i32 %v", "ret i32 %s")
    found = refute(*pair(POINTER_SRC, wrong_value))
    assert found and found[0].reason == "Value mismatch"
    # The public candidates API stays integer-only: it cannot describe memory.
    assert find_counterexample_candidates(*pair(POINTER_SRC, no_store)) == []


def test_refute_finds_nothing_when_a_50_instruction_function_is_its_own_target():
    """(Its speed is measured by benchmarks/speed_bounds.py, not asserted here.)"""
    body, prev = [], "%a"
    for i in range(50):
        op = ["add", "mul", "xor", "and", "or"][i % 5]
        body.append(f"  %t{i} = {op} i32 {prev}, %b")
        prev = f"%t{i}"
    src = "define i32 @f(i32 %a, i32 %b) {\n" + "\n".join(body) + f"\n  ret i32 {prev}\n}}\n"
    args = pair(src, src)
    assert refute(*args, samples=256) == []


# --------------------------------------------------------------------------
# mutate
# --------------------------------------------------------------------------

MUTABLE = """define i32 @f(i32 %a, i32 %b) {
  %s = add nsw i32 %a, 7
  %c = icmp slt i32 %s, %b
  %m = select i1 %c, i32 %s, i32 %b
  %z = zext i1 %c to i32
  %r = or i32 %m, %z
  ret i32 %r
}
"""


def test_mutants_are_distinct_deterministic_and_cover_every_operator_kind():
    fn = module_of(MUTABLE).definitions[0]
    names = [n for n, _ in all_mutants(fn, random.Random(0))]
    for expected in ("swap add->sub", "swap icmp slt->sle", "swap zext->sext", "const 7->8",
                     "add flag nuw", "drop flag nsw", "add flag disjoint",
                     "swap select arms", "delete %s"):
        assert expected in names
    some = mutants(fn, random.Random(1), 10)
    assert len(some) == 10 and len({m for _, m in some}) == 10 and all(m != fn for _, m in some)
    assert some == mutants(fn, random.Random(1), 10)


def test_mutant_modules_takes_and_gives_module_text():
    from veriopt.verify.mutate import mutant_modules

    _printer()
    out = mutant_modules(MUTABLE, random.Random(3), 4)
    assert len(out) == 4 and all("define i32 @f(" in text for _, text in out)
    assert len({text for _, text in out}) == 4


def test_printed_mutants_are_valid_llvm_ir():
    from veriopt.llvm.toolchain import get_toolchain

    printer = _printer()
    module = module_of(MUTABLE)
    tc = get_toolchain()
    for name, m in all_mutants(module.definitions[0], random.Random(0)):
        tc.canonicalize(printer.print_module(replace_function(module, m)), filename=name)


# --------------------------------------------------------------------------
# Interpreter vs Alive2's labels on real code (needs no verifier)
# --------------------------------------------------------------------------


@functools.cache
def _real_pairs_or_none() -> list[dict] | None:
    from conftest import shared_dir

    shared = shared_dir()
    path = shared / "conformance-real" / "pairs.jsonl.gz" if shared else None
    if path is None or not path.exists():
        return None
    rows = [json.loads(line) for line in gzip.open(path, "rt")]
    return [r for r in rows if not (r["has_loop"] or r["has_call"] or r["has_fp"]
                                    or r["has_vector"])]


def real_pairs() -> list[dict]:
    """Loop-free, call-free, non-FP pairs of conformance-real (skips when absent)."""
    rows = _real_pairs_or_none()
    if rows is None:
        pytest.skip("../shared/conformance-real/pairs.jsonl.gz is absent")
    return rows


def _interpretable_params(text: str) -> bool:
    """Parameters the interpreter can take: integers and pointers."""
    m = re.search(r"define [^@]*@[\w.$]+\(([^)]*)\)", text)
    return m is not None and all(re.match(r"(i\d+|ptr) ", p.strip()) for p in m[1].split(",")
                                 if p.strip())


def test_interpreter_never_refutes_what_alive2_proved_and_catches_most_of_what_it_refuted():
    """Alive2 is a third, independent reading: a deterministic refutation of a pair it
    proved correct would be an interpreter bug (or an Alive2 one, to be documented)."""
    rows = [r for r in real_pairs() if r["alive2"] in ("correct", "incorrect")
            and _interpretable_params(r["src"])]
    rows = [r for i, r in enumerate(rows) if r["alive2"] == "incorrect" or i % 3 == 0]
    from veriopt.errors import IRSyntaxError

    false_alarms, caught, incorrect = [], 0, 0
    for r in rows:
        try:
            subject = pair(r["src"], r["tgt"])
        except IRSyntaxError:
            continue  # a mutant LLVM 19 itself rejects
        found = [x for x in refute(*subject, samples=128) if x.source_deterministic]
        if r["alive2"] == "correct" and found:
            false_alarms.append((r["id"], found[0].reason, found[0].inputs))
        if r["alive2"] == "incorrect":
            incorrect += 1
            caught += bool(found)
    assert not false_alarms
    assert incorrect == 0 or caught / incorrect >= 0.8, (caught, incorrect)


# --------------------------------------------------------------------------
# Verifier vs interpreter
# --------------------------------------------------------------------------


def _check():
    try:
        from veriopt.verify import check
    except ImportError as e:
        pytest.skip(f"veriopt.verify.check is not importable yet ({e})")
    return check


BUILTINS = [
    "define i8 @f(i8 %x, i8 %y) {\n  %a = add nsw i8 %x, %y\n  %b = sub i8 %a, %y\n"
    "  ret i8 %b\n}\n",
    "define i32 @f(i32 %x) {\n  %m = mul i32 %x, 8\n  %d = sdiv i32 %m, 4\n  %r = srem i32 %d, 3\n"
    "  ret i32 %r\n}\n",
    "define i16 @f(i16 %x, i16 %s) {\n  %a = shl i16 %x, %s\n  %b = lshr exact i16 %a, 2\n"
    "  %c = ashr i16 %b, 1\n  ret i16 %c\n}\n",
    "define i1 @f(i32 %x, i32 %y) {\n  %a = icmp slt i32 %x, %y\n  %b = icmp ult i32 %x, 10\n"
    "  %c = and i1 %a, %b\n  ret i1 %c\n}\n",
    "define i32 @f(i32 %x, i32 %y) {\n  %c = icmp sgt i32 %x, %y\n"
    "  %m = select i1 %c, i32 %x, i32 %y\n  %r = add i32 %m, 1\n  ret i32 %r\n}\n",
    "define i64 @f(i8 %x) {\n  %a = zext i8 %x to i32\n  %b = sext i32 %a to i64\n"
    "  %t = trunc i64 %b to i16\n  %r = sext i16 %t to i64\n  ret i64 %r\n}\n",
    "define i32 @f(i32 noundef %x) {\n  %p = alloca i32, align 4\n  store i32 %x, ptr %p, align 4\n"
    "  %v = load i32, ptr %p, align 4\n  %r = udiv i32 %v, 3\n  ret i32 %r\n}\n",
    "define i8 @f(i8 %x) {\nentry:\n  %c = icmp eq i8 %x, 0\n  br i1 %c, label %z, label %nz\n"
    "z:\n  br label %e\nnz:\n  %d = udiv i8 100, %x\n  br label %e\ne:\n"
    "  %r = phi i8 [ 7, %z ], [ %d, %nz ]\n  ret i8 %r\n}\n",
    "define i8 @f(i8 %x, i8 %y) {\n  %a = call i8 @llvm.umax.i8(i8 %x, i8 %y)\n"
    "  %b = call i8 @llvm.ctpop.i8(i8 %a)\n  %r = or disjoint i8 %b, 16\n  ret i8 %r\n}\n"
    "declare i8 @llvm.umax.i8(i8, i8)\ndeclare i8 @llvm.ctpop.i8(i8)\n",
    "define i32 @f(i32 %x) {\n  %f = freeze i32 %x\n  %a = and i32 %f, 255\n"
    "  %b = xor i32 %a, %f\n  ret i32 %b\n}\n",
]


def _corpus_sample(n: int) -> list[tuple[str, str]]:
    """A deterministic sample of real pairs; none (built-ins only) without ../shared."""
    rows = [r for r in _real_pairs_or_none() or () if r["kind"] == "ic" and r["alive2"] == "correct"
            and _interpretable_params(r["src"]) and r["n_inst_o0"] <= 40]
    rows.sort(key=lambda r: r["id"])
    step = max(1, len(rows) // n)
    return [(r["src"], r["tgt"]) for r in rows[::step][:n]]


def differential_subjects(n_corpus: int, n_mutants: int, seed: int = 0
                          ) -> list[tuple[str, str, str]]:
    """(label, src text, candidate text): each base pair, then mutants of its target."""
    printer = _printer()
    rng = random.Random(seed)
    bases = [(f"builtin{i}", b, b) for i, b in enumerate(BUILTINS)]
    bases += [(f"corpus{i}", s, t) for i, (s, t) in enumerate(_corpus_sample(n_corpus))]
    out = []
    for label, src, tgt in bases:
        out.append((label, src, tgt))
        tgt_mod = module_of(tgt)
        for name, m in mutants(tgt_mod.definitions[0], rng, n_mutants):
            out.append((f"{label}: {name}", src, printer.print_module(
                replace_function(tgt_mod, m))))
    return out


def verifier_vs_interpreter(subjects, *, samples: int, timeout: float) -> dict:
    """Run both on every subject; return the disagreements and counts."""
    from veriopt.errors import IRSyntaxError

    check = _check()
    stats = {"correct": 0, "refuted": 0, "disagree": [], "skipped": 0}
    for label, src, cand in subjects:
        try:
            s_mod, s_fn, t_mod, t_fn = pair(src, cand)
        except IRSyntaxError:
            stats["skipped"] += 1
            continue
        found = [r for r in refute(s_mod, s_fn, t_mod, t_fn, samples=samples, max_candidates=1)
                 if r.source_deterministic]
        # refute_samples=0: the verifier's own concrete pre-pass is this very refuter;
        # switched off, its verdict rests on its symbolic semantics alone.
        verdict = check(_text(src), _text(cand), timeout=timeout, refute_samples=0)
        stats["correct"] += verdict.category == "correct"
        stats["refuted"] += bool(found)
        if verdict.category == "correct" and found:
            stats["disagree"].append((label, found[0].reason, found[0].inputs))
    return stats


def _text(t: str) -> str:
    return t if "target datalayout" in t else DL + t


def test_verifier_correct_is_never_refuted_and_refuted_is_never_correct():
    subjects = differential_subjects(n_corpus=6, n_mutants=4)
    stats = verifier_vs_interpreter(subjects, samples=300, timeout=10.0)
    assert not stats["disagree"], stats["disagree"]
    assert stats["correct"] > 0 and stats["refuted"] > 0  # the test exercised both sides


def test_refutation_agrees_with_the_interpreter_on_values():
    """Sanity of the harness itself: a refutation's outcomes replay identically."""
    s_mod, s_fn, t_mod, t_fn = pair(SUB_MINUS_ONE, XOR_MINUS_ONE)
    r = refute(s_mod, s_fn, t_mod, t_fn)[0]
    args = [POISON if v is None else to_unsigned(v, 8) for v in r.inputs.values()]
    assert run_function(s_mod, s_fn, args).value == r.source.value
    assert run_function(t_mod, t_fn, args).value == r.target.value
