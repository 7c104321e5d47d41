"""Metrics: latency (AArch64 cost model), instruction count, binary size (text + data).

Expected numbers are worked out by hand from what LLVM 19 prints for AArch64
(``opt -passes='print<cost-model>' -cost-kind=latency``; ``llc -O0`` +
``llvm-size``), and three -O0/optimised pairs reproduce the paper artifact's
published per-function numbers exactly.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
from pathlib import Path

import pytest

from veriopt.errors import IRSyntaxError, ToolchainError, UnsupportedIR, VeriOptError
from veriopt.llvm.toolchain import get_toolchain
from veriopt.metrics import (
    ModuleMetrics,
    ObjectSize,
    binary_size,
    count_instructions,
    estimate_latency,
    measure,
    measure_many,
)
from veriopt.metrics.latency import parse_cost_report
from veriopt.metrics.size import parse_berkeley
from veriopt.metrics.target import AARCH64_DATALAYOUT, with_default_target


def _llvm_available() -> bool:
    try:
        tc = get_toolchain()
        for tool in ("opt", "llc", "llvm-size", "llvm-as", "llvm-dis"):
            tc.path(tool)
    except ToolchainError:
        return False
    return True


needs_llvm = pytest.mark.skipif(not _llvm_available(), reason="LLVM 19 tools not installed")

AARCH64 = 'target triple = "aarch64-unknown-linux-gnu"\n'

# add = 1, ret = 1 (AArch64 latency). Code: `add w0, w0, w1; ret` = 8 bytes of .text,
# plus a 40-byte .eh_frame (no `nounwind`, so unwind info is emitted): 48.
ADD = """
define i32 @f(i32 %a, i32 %b) {
  %c = add i32 %a, %b
  ret i32 %c
}
"""

# The same function, nounwind (no .eh_frame), with globals: Berkeley text = 8 (.text)
# + 16 (.rodata, @k); data = 4 (.data, @g); bss = 4 (@z, not counted): size 28.
ADD_WITH_GLOBALS = """
@g = global i32 5
@z = global i32 0
@k = constant [4 x i32] [i32 1, i32 2, i32 3, i32 4]

define i32 @f(i32 %a, i32 %b) nounwind {
  %c = add i32 %a, %b
  ret i32 %c
}
"""

# Per instruction (AArch64): alloca 0, store 1, load 4, sdiv 4, getelementptr 0,
# icmp 1, select 1, call with 2 arguments 3 (1 + one per argument), ret 1.
# @f: 2 instructions, latency 2; @g: 9 instructions, latency 0+1+4+4+0+1+1+3+1 = 15.
TWO_FUNCTIONS = """
declare i32 @ext(i32, i32)

define i32 @f(i32 %a, i32 %b) {
  %c = add i32 %a, %b
  ret i32 %c
}

define i32 @g(i32 %a, i32 %b, ptr %p) {
  %slot = alloca i32, align 4
  store i32 %a, ptr %slot, align 4
  %x = load i32, ptr %slot, align 4
  %d = sdiv i32 %x, %b
  %q = getelementptr inbounds i32, ptr %p, i64 1
  %lt = icmp slt i32 %d, 3
  %s = select i1 %lt, i32 %d, i32 7
  %r = call i32 @ext(i32 %s, i32 %b)
  ret i32 %r
}
"""

BROKEN = """
define i32 @f(i32 %a) {
  %b = add i32 %a, %undefined_value
  ret i32 %b
}
"""


# ---- hand-computed examples --------------------------------------------------------


@needs_llvm
def test_add_then_ret_has_two_instructions_latency_two_and_48_bytes():
    m = measure(ADD)
    assert (m.instructions, m.latency, m.size) == (2, 2, 48)
    assert m.object_size == ObjectSize(text=48, data=0, bss=0)
    assert m.functions["f"].instructions == 2 and m.functions["f"].latency == 2
    assert m.functions["f"].size == 48  # one defined function: the module's size is its size


@needs_llvm
def test_size_counts_text_rodata_and_data_but_not_bss():
    m = measure(ADD_WITH_GLOBALS)
    assert m.object_size == ObjectSize(text=24, data=4, bss=4)
    assert m.size == 28


@needs_llvm
def test_module_with_two_functions_sums_them_and_skips_declarations():
    m = measure(TWO_FUNCTIONS)
    assert list(m.functions) == ["f", "g"]
    assert (m.functions["f"].instructions, m.functions["f"].latency) == (2, 2)
    assert (m.functions["g"].instructions, m.functions["g"].latency) == (9, 15)
    assert (m.instructions, m.latency) == (11, 17)
    # Size cannot be split between functions honestly: only the module has one.
    assert m.functions["f"].size is None and m.functions["g"].size is None
    assert m.size == m.object_size.text + m.object_size.data > 0


@needs_llvm
def test_single_metric_functions_agree_with_measure():
    m = measure(TWO_FUNCTIONS)
    assert estimate_latency(TWO_FUNCTIONS) == m.latency
    assert count_instructions(TWO_FUNCTIONS) == m.instructions
    assert binary_size(TWO_FUNCTIONS) == m.size


@needs_llvm
def test_module_without_triple_is_measured_for_aarch64():
    mul = "define i64 @m(i64 %a, i64 %b) {\n  %c = mul i64 %a, %b\n  ret i64 %c\n}\n"
    default = measure(mul)
    explicit = measure(AARCH64 + mul)
    x86 = measure('target triple = "x86_64-unknown-linux-gnu"\n' + mul)
    assert default.triple == "aarch64-unknown-linux-gnu" and default.triple_was_default
    assert not explicit.triple_was_default
    assert (default.latency, default.size) == (explicit.latency, explicit.size)
    assert default.latency == 2  # AArch64: mul i64 1, ret 1
    assert x86.latency != 2 and x86.size != default.size  # x86-64 prices mul i64 higher


def test_default_target_adds_datalayout_only_when_absent():
    bare = with_default_target("define void @f() {\n  ret void\n}\n")
    assert bare.text.startswith(f'target datalayout = "{AARCH64_DATALAYOUT}"\n{AARCH64}')
    own_dl = with_default_target('target datalayout = "e"\ndefine void @f() {\n  ret void\n}\n')
    assert own_dl.text.count("target datalayout") == 1 and AARCH64 in own_dl.text
    own = with_default_target('target triple = "x86_64-pc-linux-gnu"\n')
    assert own.triple == "x86_64-pc-linux-gnu" and not own.triple_was_default
    assert own.text == 'target triple = "x86_64-pc-linux-gnu"\n'


@needs_llvm
def test_debug_records_are_not_instructions():
    ir = AARCH64 + """
define void @dbg(i32 %x) !dbg !3 {
  %y = add i32 %x, 1
    #dbg_value(i32 %y, !6, !DIExpression(), !8)
  ret void
}

!llvm.module.flags = !{!0}
!llvm.dbg.cu = !{!1}
!0 = !{i32 2, !"Debug Info Version", i32 3}
!1 = distinct !DICompileUnit(language: DW_LANG_C99, file: !2, producer: "t", isOptimized: false, runtimeVersion: 0, emissionKind: FullDebug)
!2 = !DIFile(filename: "a.c", directory: "/")
!3 = distinct !DISubprogram(name: "dbg", scope: !2, file: !2, line: 1, type: !4, unit: !1, spFlags: DISPFlagDefinition)
!4 = !DISubroutineType(types: !5)
!5 = !{null}
!6 = !DILocalVariable(name: "y", scope: !3, file: !2, line: 1, type: !7)
!7 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
!8 = !DILocation(line: 1, scope: !3)
"""
    m = measure(ir)
    assert (m.instructions, m.latency) == (2, 2)


@needs_llvm
def test_switch_printed_over_several_lines_counts_once():
    ir = AARCH64 + """
define i32 @s(i32 %x) {
entry:
  switch i32 %x, label %d [
    i32 1, label %a
    i32 2, label %a
  ]
a:
  ret i32 1
d:
  ret i32 0
}
"""
    m = measure(ir)
    assert m.instructions == 3
    assert m.latency == 3  # switch 1 (like br), ret 1, ret 1


# ---- errors ------------------------------------------------------------------------


@needs_llvm
@pytest.mark.parametrize("metric", [measure, estimate_latency, count_instructions, binary_size])
def test_broken_ir_raises_syntax_error_never_zeros(metric):
    with pytest.raises(IRSyntaxError) as info:
        metric(BROKEN, filename="cand.ll")
    assert "cand.ll:3" in str(info.value) and "undefined_value" in str(info.value)


def test_invalid_cost_is_unsupported_not_zero():
    report = ("Printing analysis 'Cost Model Analysis' for function 'f':\n"
              "Cost Model: Found an estimated cost of 1 for instruction:   %a = add i32 %x, 1\n"
              "Cost Model: Invalid cost for instruction:   %b = weird <vscale x 1 x i9> %a\n")
    with pytest.raises(UnsupportedIR, match="latency estimate"):
        parse_cost_report(report)


def test_cost_report_is_read_per_function():
    report = ("Printing analysis 'Cost Model Analysis' for function 'a b':\n"
              "Cost Model: Found an estimated cost of 4 for instruction:   %v = load i32, ptr %p\n"
              "Cost Model: Found an estimated cost of 1 for instruction:   switch i32 %v, label %d [\n"
              "    i32 1, label %e\n"
              "  ]\n"
              "Printing analysis 'Cost Model Analysis' for function 'g':\n"
              "Cost Model: Found an estimated cost of 0 for instruction:   ret void\n")
    costs = parse_cost_report(report)
    assert [(c.name, c.latency, c.instructions) for c in costs.values()] == [
        ("a b", 5, 2), ("g", 0, 1)]


def test_unrecognised_llvm_size_output_is_an_error():
    assert parse_berkeley("   text\t   data\t    bss\t    dec\t    hex\tfilename\n"
                          "     48\t      4\t      8\t     60\t     3c\tm.o\n") == \
        ObjectSize(48, 4, 8)
    with pytest.raises(ToolchainError):
        parse_berkeley("section size addr\n.text 8 0\n")


def test_errors_survive_the_process_pool():
    err = IRSyntaxError("x.ll:3:9: error: bad", llvm_message="full", line=3, column=9)
    back = pickle.loads(pickle.dumps(err))
    assert (str(back), back.llvm_message, back.line) == (str(err), "full", 3)


@needs_llvm
@pytest.mark.parametrize("metric", [measure, estimate_latency, count_instructions, binary_size])
def test_ir_failing_llvms_verifier_raises_syntax_error(metric):
    not_dominated = ("define i32 @f(i32 %a) {\n  %b = add i32 %c, 1\n  %c = add i32 %a, 1\n"
                     "  ret i32 %b\n}\n")
    with pytest.raises(IRSyntaxError, match="does not dominate all uses") as info:
        metric(not_dominated)
    assert "does not dominate all uses" in info.value.llvm_message


# ---- many modules ------------------------------------------------------------------


@needs_llvm
def test_measure_many_keeps_order_and_returns_errors_in_place(tmp_path):
    path = tmp_path / "add.ll"
    path.write_text(ADD)
    items = [TWO_FUNCTIONS, BROKEN, path, tmp_path / "missing.ll"]
    results = measure_many(items, jobs=2, progress=False)
    assert isinstance(results[0], ModuleMetrics) and results[0].instructions == 11
    assert isinstance(results[1], IRSyntaxError)
    assert isinstance(results[2], ModuleMetrics) and results[2].size == 48
    assert isinstance(results[3], VeriOptError) and "missing.ll" in str(results[3])
    assert measure_many(items[:3], jobs=1, progress=False)[2] == results[2]


# ---- the paper's numbers -----------------------------------------------------------

# Per-function numbers published with the paper's artifact
# (llmveriopt-AE, inference/output/reference_results/model_latency/metrics.json,
# entries 0, 2 and 3: the -O0 input and the model's verified output, LLVM 14 text
# with typed pointers, which LLVM 19 reads). (latency, size, instructions).
PAPER_HEADER = """source_filename = "-"
target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"
target triple = "aarch64-unknown-linux-gnu"
"""
PAPER_ATTRS = """
attributes #0 = { noinline nounwind uwtable "frame-pointer"="non-leaf" "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+outline-atomics" }
attributes #1 = { "frame-pointer"="non-leaf" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="generic" "target-features"="+neon,+outline-atomics" }
"""
PAPER_CASES = {
    "bikoeff -O0": ((32, 164, 16), """
declare i32 @faki(...) #1

define dso_local i64 @bikoeff(i32 noundef %0, i32 noundef %1) #0 {
  %3 = alloca i32, align 4
  %4 = alloca i32, align 4
  store i32 %0, i32* %3, align 4
  store i32 %1, i32* %4, align 4
  %5 = load i32, i32* %4, align 4
  %6 = call i32 bitcast (i32 (...)* @faki to i32 (i32)*)(i32 noundef %5)
  %7 = load i32, i32* %3, align 4
  %8 = call i32 bitcast (i32 (...)* @faki to i32 (i32)*)(i32 noundef %7)
  %9 = sdiv i32 %6, %8
  %10 = load i32, i32* %4, align 4
  %11 = load i32, i32* %3, align 4
  %12 = sub nsw i32 %10, %11
  %13 = call i32 bitcast (i32 (...)* @faki to i32 (i32)*)(i32 noundef %12)
  %14 = mul nsw i32 %9, %13
  %15 = sext i32 %14 to i64
  ret i64 %15
}
"""),
    "bikoeff optimised": ((14, 168, 8), """
declare i32 @faki(...) #1

define dso_local i64 @bikoeff(i32 noundef %0, i32 noundef %1) #0 {
  %3 = call i32 bitcast (i32 (...)* @faki to i32 (i32)*)(i32 noundef %1)
  %4 = call i32 bitcast (i32 (...)* @faki to i32 (i32)*)(i32 noundef %0)
  %5 = sdiv i32 %3, %4
  %6 = sub nsw i32 %1, %0
  %7 = call i32 bitcast (i32 (...)* @faki to i32 (i32)*)(i32 noundef %6)
  %8 = mul nsw i32 %5, %7
  %9 = sext i32 %8 to i64
  ret i64 %9
}
"""),
    "foo17003 -O0": ((10, 136, 5), """
define dso_local i128 @foo17003(i128 noundef %0) #0 {
  %2 = alloca i128, align 16
  store i128 %0, i128* %2, align 16
  %3 = load i128, i128* %2, align 16
  %4 = udiv i128 %3, 7003
  ret i128 %4
}
"""),
    "foo17003 optimised": ((5, 96, 2), """
define dso_local i128 @foo17003(i128 noundef %0) #0 {
  %2 = udiv i128 %0, 7003
  ret i128 %2
}
"""),
    "fll -O0": ((20, 100, 13), """
define dso_local i64 @fll(i64 noundef %0, i64 noundef %1) #0 {
  %3 = alloca i64, align 8
  %4 = alloca i64, align 8
  store i64 %0, i64* %3, align 8
  store i64 %1, i64* %4, align 8
  %5 = load i64, i64* %3, align 8
  %6 = and i64 %5, -1048576
  %7 = load i64, i64* %4, align 8
  %8 = shl i64 %7, 0
  %9 = and i64 %8, 1048575
  %10 = or i64 %6, %9
  store i64 %10, i64* %3, align 8
  %11 = load i64, i64* %3, align 8
  ret i64 %11
}
"""),
    "fll optimised": ((5, 60, 5), """
define dso_local i64 @fll(i64 noundef %0, i64 noundef %1) #0 {
  %5 = and i64 %0, -1048576
  %6 = shl i64 %1, 0
  %7 = and i64 %6, 1048575
  %8 = or i64 %5, %7
  ret i64 %8
}
"""),
}


@needs_llvm
@pytest.mark.parametrize("case", list(PAPER_CASES))
def test_reproduces_the_paper_artifacts_per_function_numbers(case):
    (latency, size, instructions), body = PAPER_CASES[case]
    m = measure(PAPER_HEADER + body + PAPER_ATTRS)
    assert (m.latency, m.size, m.instructions) == (latency, size, instructions)


# ---- real code ---------------------------------------------------------------------

@needs_llvm
def test_instruction_count_matches_the_real_pairs_recorded_count(shared: Path):
    pairs = shared / "conformance-real" / "pairs.jsonl.gz"
    if not pairs.is_file():
        pytest.skip(f"{pairs} is absent")
    with gzip.open(pairs, "rt") as f:
        rows = [json.loads(line) for _, line in zip(range(400), f, strict=False)]
    seen: set[str] = set()
    sample = [r for r in rows if r["kind"] == "ic" and not (r["function"] in seen
                                                             or seen.add(r["function"]))][:24]
    results = measure_many([r["src"] for r in sample], jobs=2, progress=False)
    for row, m in zip(sample, results, strict=True):
        assert isinstance(m, ModuleMetrics), (row["id"], m)
        assert m.instructions == row["n_inst_o0"], row["id"]
        assert m.latency > 0 and m.size > 0


# ---- CLI ---------------------------------------------------------------------------


def _cli_args(*argv: str) -> argparse.Namespace:
    from veriopt.commands import metrics as command

    parser = argparse.ArgumentParser()
    command.register(parser.add_subparsers())
    return parser.parse_args(["metrics", *argv])


@needs_llvm
def test_cli_prints_a_table_per_function_and_total(tmp_path, capsys):
    path = tmp_path / "two.ll"
    path.write_text(TWO_FUNCTIONS)
    args = _cli_args(str(path))
    assert args.func(args) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(str(path)) and "aarch64-unknown-linux-gnu; the module names no " \
        "target triple: AArch64 assumed" in out[0]
    assert out[2].split() == ["@f", "2", "2", "-"]
    assert out[3].split() == ["@g", "15", "9", "-"]
    assert out[4].split()[:3] == ["total", "17", "11"]


@needs_llvm
def test_cli_json_and_one_line_error_for_bad_input(tmp_path, capsys):
    good, bad = tmp_path / "add.ll", tmp_path / "bad.ll"
    good.write_text(ADD)
    bad.write_text(BROKEN)
    args = _cli_args("--json", "-j", "2", str(good), str(bad))
    assert args.func(args) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data[0]["latency"] == 2 and data[0]["functions"]["f"]["instructions"] == 2
    assert "error" in data[1] and "bad.ll:3" in data[1]["error"]
    errors = captured.err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("veriopt: error: ") and "bad.ll:3" in errors[0]
