"""Bounded loop unrolling (`veriopt.verify.unroll`) and what the verdict says about it.

The rules protected here (VERIFIER.md §7, Alive2's ``Function::unroll``): each natural
loop runs at most ``unroll`` times (plus the exit test of one more header copy); longer
executions are cut, never raise a false alarm and are never claimed correct (a correct
verdict on them is ``bounded`` and says so); irreducible CFGs are unsupported; a source
that never returns within the bound is Alive2's "doesn't reach a return" failure.
"""

from __future__ import annotations

import dataclasses

import pytest

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir
from veriopt.llvm.parser import parse_module
from veriopt.llvm.printer import print_module
from veriopt.llvm.toolchain import get_toolchain
from veriopt.verify import check
from veriopt.verify.unroll import (
    SINK,
    find_loops,
    fitting_unroll,
    lower_unroll,
    next_unroll,
    successors,
    unroll,
    unrolled_size,
)
from veriopt.verify.unroll import _Cfg as Cfg


@pytest.fixture(scope="module")
def tc():
    from veriopt.errors import ToolchainError

    toolchain = get_toolchain()
    try:
        toolchain.path("llvm-as")
    except ToolchainError as e:
        pytest.skip(f"LLVM 19 is not installed: {e}")
    return toolchain


def module(tc, text: str) -> ir.Module:
    return parse_module(tc.canonicalize(text))


def pair(sig: str, src: str, tgt: str, ret: str = "i32") -> str:
    return (f"define {ret} @src({sig}) {{\n{src}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt}\n}}\n")


#: sum of 0..n-1 (a while loop; the exit value is used after the loop, not in LCSSA form)
SUM_TO_N = """entry:
  br label %cond
cond:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %s = phi i32 [ 0, %entry ], [ %s.next, %body ]
  %more = icmp ult i32 %i, %n
  br i1 %more, label %body, label %exit
body:
  %s.next = add i32 %s, %TERM
  %i.next = add nuw i32 %i, 1
  br label %cond
exit:
  ret i32 %s"""


def sum_to_n(term: str = "i", extra: str = "") -> str:
    return SUM_TO_N.replace("%TERM", "%" + term).replace("body:\n", "body:\n" + extra)


def count_to(limit: int, ret: str = "%j") -> str:
    return ("entry:\n br label %l\nl:\n %i = phi i32 [ 0, %entry ], [ %j, %l ]\n"
            f" %j = add i32 %i, 1\n %c = icmp ult i32 %j, {limit}\n"
            f" br i1 %c, label %l, label %e\ne:\n ret i32 {ret}")


def blocks_of(fn: ir.Function) -> dict[str, ir.Block]:
    return {b.name: b for b in fn.blocks or ()}


def assert_acyclic(fn: ir.Function) -> None:
    assert find_loops(Cfg.of(fn.blocks or ())) == {}


# ---- the transformation itself --------------------------------------------------------------


def test_loop_free_function_is_returned_unchanged(tc):
    fn = module(tc, "define i32 @f(i32 %x) {\n ret i32 %x\n}").definitions[0]
    u = unroll(fn, 8)
    assert u.function is fn and u.loops == 0 and not u.bounded


def test_unrolled_copies_are_chained_and_the_last_exit_copy_only_leaves(tc):
    fn = module(tc, pair("i32 noundef %n", sum_to_n(), "ret i32 0")).function("src")
    u = unroll(fn, 3)
    assert u.loops == 1 and u.bounded
    assert_acyclic(u.function)
    b = blocks_of(u.function)
    # copy j's latch jumps to copy j+1's header; the last one to the exit copy
    assert successors(b["body"].terminator) == ["cond#2"]
    assert successors(b["body#2"].terminator) == ["cond#3"]
    assert successors(b["body#3"].terminator) == ["cond#exit"]
    # the exit copy can only leave the loop: its edge into the body goes to the sink
    assert successors(b["cond#exit"].terminator) == [SINK, "exit"]
    assert b[SINK].terminator == ir.Unreachable()
    # header phis of copy j read copy j-1's latch values
    phi = b["cond#2"].instructions[0]
    assert isinstance(phi, ir.Phi) and phi.incoming == ((ir.Local("i.next"), "body"),)


def test_factor_zero_sends_back_edges_to_the_sink(tc):
    """Alive2's default: a loop body runs at most once."""
    fn = module(tc, pair("i32 noundef %n", sum_to_n(), "ret i32 0")).function("src")
    b = blocks_of(unroll(fn, 0).function)
    assert successors(b["body"].terminator) == [SINK]
    phi = b["cond"].instructions[0]
    assert isinstance(phi, ir.Phi) and [lb for _, lb in phi.incoming] == ["entry"]


def test_single_block_loop_has_no_exit_copy(tc):
    fn = module(tc, pair("", count_to(5), "ret i32 5")).function("src")
    b = blocks_of(unroll(fn, 2).function)
    assert "l#exit" not in b
    assert successors(b["l#2"].terminator) == [SINK, "e"]


def test_nested_loops_are_unrolled_innermost_first(tc):
    text = pair("", "entry:\n br label %o\no:\n %i = phi i32 [ 0, %entry ], [ %i1, %ol ]\n"
                " br label %in\nin:\n %j = phi i32 [ 0, %o ], [ %j1, %in ]\n"
                " %j1 = add i32 %j, 1\n %cj = icmp eq i32 %j1, 2\n"
                " br i1 %cj, label %ol, label %in\nol:\n %i1 = add i32 %i, 1\n"
                " %ci = icmp eq i32 %i1, 2\n br i1 %ci, label %e, label %o\ne:\n ret i32 %j1",
                "ret i32 2")
    u = unroll(module(tc, text).function("src"), 2)
    assert u.loops == 2
    assert_acyclic(u.function)
    names = set(blocks_of(u.function))
    # inner loop: 2 copies (one block: no exit copy), inside 2 outer copies
    assert sum(n.startswith("in") for n in names) == 4
    assert "o#exit" in names and SINK in names


def test_irreducible_cfg_is_unsupported(tc):
    text = pair("i32 %x", "%c = icmp eq i32 %x, 0\n br i1 %c, label %a, label %b\n"
                "a:\n br i1 %c, label %b, label %e\nb:\n br label %a\ne:\n ret i32 %x",
                "ret i32 %x")
    with pytest.raises(UnsupportedIR) as e:
        unroll(module(tc, text).function("src"), 2)
    assert e.value.feature == "irreducible-cfg"
    v = check(text)
    assert (v.category, v.reason) == ("inconclusive", "unsupported:irreducible-cfg")


@pytest.mark.parametrize("factor", [0, 1, 2, 5])
def test_unrolled_functions_pass_the_llvm_verifier(tc, factor):
    """The rewritten SSA is valid LLVM (dominance, one phi entry per edge): LLVM's own
    verifier checks the copies, the header and exit phis and the repaired outside uses."""
    texts = [
        pair("i32 noundef %n", sum_to_n(), "ret i32 0"),
        # a loop value used after the loop, reached by two exits (a switch with a
        # duplicate edge, and the latch)
        pair("i32 noundef %n", "entry:\n br label %h\nh:\n %i = phi i32 [ 0, %entry ], "
             "[ %i1, %b ]\n %sq = mul i32 %i, %i\n switch i32 %sq, label %b [ i32 9, label %x\n"
             " i32 16, label %x ]\nb:\n %i1 = add i32 %i, 1\n %c = icmp ult i32 %i1, %n\n"
             " br i1 %c, label %h, label %x\nx:\n ret i32 %sq", "ret i32 0"),
    ]
    for text in texts:
        mod = module(tc, text)
        items: list[ir.TopLevel] = []
        for item in mod.items:
            items.append(item)
            if isinstance(item, ir.Function) and item.blocks:
                u = unroll(item, factor)
                items.append(dataclasses.replace(u.function, name=item.name + f".u{factor}"))
        tc.canonicalize(print_module(dataclasses.replace(mod, items=tuple(items))))


def test_unrolled_size_grows_with_nesting_and_fitting_bound_keeps_it_small(tc):
    inner = ("entry:\n br label %o\no:\n %i = phi i32 [ 0, %entry ], [ %i1, %ol ]\n"
             " br label %in\nin:\n %j = phi i32 [ 0, %o ], [ %j1, %in ]\n"
             " %j1 = add i32 %j, 1\n %cj = icmp eq i32 %j1, %n\n"
             " br i1 %cj, label %ol, label %in\nol:\n %i1 = add i32 %i, 1\n"
             " %ci = icmp eq i32 %i1, %n\n br i1 %ci, label %e, label %o\ne:\n ret i32 %j1")
    fn = module(tc, pair("i32 noundef %n", inner, "ret i32 0")).function("src")
    flat = len([i for b in fn.blocks or () for i in b.instructions])
    assert unrolled_size(fn, 0) == flat
    # the inner block (4 instructions) is inside two loops: (k+1)^2 copies
    assert unrolled_size(fn, 8) - unrolled_size(fn, 0) >= 4 * (9 ** 2 - 1)
    actual = len([i for b in unroll(fn, 8).function.blocks or () for i in b.instructions])
    assert actual <= unrolled_size(fn, 8)
    assert fitting_unroll([fn], 8, limit=10_000) == 8
    assert fitting_unroll([fn], 8, limit=100) == 2
    assert fitting_unroll([fn], 8, limit=flat) == 0


def test_lower_unroll_goes_down_to_zero_in_few_steps():
    assert [lower_unroll(k) for k in (8, 2, 1, 0)] == [2, 0, 0, None]


def test_next_unroll_raises_the_bound_up_to_the_cap():
    assert next_unroll(8) == 32
    assert next_unroll(32) == 128
    assert next_unroll(128) is None
    assert next_unroll(8, max_unroll=8) is None
    assert next_unroll(0, max_unroll=2) == 2


# ---- verdicts ---------------------------------------------------------------------------------


def test_correct_within_the_bound_is_marked_bounded():
    tgt = sum_to_n().replace("add nuw i32 %i, 1", "add i32 %i, 1")
    v = check(pair("i32 noundef %n", sum_to_n(), tgt))
    assert v.category == "correct" and v.bounded
    lines = v.report.splitlines()
    k = lines.index("Transformation seems to be correct!")
    assert lines[k + 1] == "(bounded: loops unrolled 8 times)"
    copy = check(pair("i32 noundef %n", sum_to_n(), sum_to_n()))
    assert copy.is_copy and not copy.bounded  # reflexivity needs no bound


def test_loop_that_always_finishes_within_the_bound_is_a_full_proof():
    v = check(pair("", count_to(5), "ret i32 5"))
    assert v.category == "correct" and not v.bounded
    assert "bounded" not in v.report


def test_bug_past_the_bound_is_never_claimed_correct_without_saying_bounded():
    """tgt differs only when the loop runs more than 10 times."""
    tgt = sum_to_n("t", extra="  %ten = icmp eq i32 %i, 10\n  %t = select i1 %ten, i32 0, i32 %i\n")
    text = pair("i32 noundef %n", sum_to_n(), tgt)
    blind = check(text, refute_samples=0)  # the solver alone sees 8 iterations
    assert blind.category == "correct" and blind.bounded
    assert "(bounded: loops unrolled 8 times)" in blind.report
    # a concrete run past the bound that disagrees keeps it from being "correct"
    seen = check(text)
    assert (seen.category, seen.reason) == ("inconclusive", "unconfirmed_counterexample")
    # a bound that covers the bug finds it
    deep = check(text, unroll=12, refute_samples=0)
    assert (deep.category, deep.reason) == ("semantic_error", "value_mismatch")


def test_bug_inside_the_bound_is_found_with_its_counterexample():
    tgt = sum_to_n("t", extra="  %two = icmp eq i32 %i, 2\n  %t = select i1 %two, i32 0, i32 %i\n")
    v = check(pair("i32 noundef %n", sum_to_n(), tgt), refute_samples=0)
    assert (v.category, v.reason) == ("semantic_error", "value_mismatch")
    assert not v.bounded and v.counterexample is not None
    shown = v.counterexample.input_values()["%n"]  # "#x00000003 (3)"
    assert int(shown.split("(")[1].split(")")[0].split(",")[0]) >= 3
    assert "  >> Jump to %cond#2" in v.report


def test_target_that_never_returns_is_inconclusive_not_a_false_alarm():
    spin = "entry:\n br label %l\nl:\n br label %l"
    v = check(pair("i32 noundef %x", "ret i32 %x", spin))
    assert (v.category, v.reason) == ("inconclusive", "target_no_return")
    assert ("ERROR: The target program doesn't reach a return instruction.\n"
            "Consider increasing the unroll factor if it has loops\n") in v.report


def test_source_that_never_returns_within_any_bound_is_inconclusive():
    v = check(pair("i32 noundef %x", count_to(1000, "%x"), "ret i32 0"))
    assert (v.category, v.reason) == ("inconclusive", "source_no_return")
    assert ("ERROR: The source program doesn't reach a return instruction.\n"
            "Consider increasing the unroll factor if it has loops\n") in v.report
    assert "1 failed-to-prove transformations" in v.report


def test_source_that_is_ub_or_past_the_bound_on_every_input_proves_nothing():
    # A load through %p (UB for some inputs) before a loop longer than any bound: no
    # execution of src ends within the bound without UB, so a bounded "correct" would
    # be vacuous (alive-tv: "The source program doesn't reach a return instruction").
    src = " %v = load i32, ptr %p, align 4\n" + count_to(1000, "%v").replace("entry:\n", "", 1)
    src = "entry:\n" + src
    v = check(pair("ptr %p", src, "ret i32 7"), max_unroll=8)
    assert (v.category, v.reason) == ("inconclusive", "source_no_return")
    # with a bound that lets it return, the wrong value is found
    short = src.replace("1000", "3")
    assert check(pair("ptr %p", short, "ret i32 7")).category == "semantic_error"


def test_bound_is_raised_when_src_never_returns_within_it():
    text = pair("", count_to(20), "ret i32 20")
    assert check(text, max_unroll=8).reason == "source_no_return"  # Alive2's fixed bound
    v = check(text)  # 8 -> 32: every execution returns within 32 iterations
    assert v.category == "correct" and not v.bounded
    wrong = check(pair("", count_to(20), "ret i32 21"))
    assert (wrong.category, wrong.reason) == ("semantic_error", "value_mismatch")


def test_unroll_zero_matches_alive2_default():
    """Without unrolling only executions without a back edge count: a bug from the second
    iteration on is not seen, one unroll more sees it."""
    tgt = sum_to_n("t", extra="  %one = icmp eq i32 %i, 1\n  %t = select i1 %one, i32 7, i32 %i\n")
    text = pair("i32 noundef %n", sum_to_n(), tgt)
    assert check(text, unroll=0, max_unroll=0, refute_samples=0).category == "correct"
    assert check(text, unroll=1, max_unroll=1, refute_samples=0).category == "correct"
    assert check(text, unroll=2, max_unroll=2, refute_samples=0).reason == "value_mismatch"


def test_ub_in_a_later_iteration_of_tgt_is_found():
    src = count_to(4)
    tgt = src.replace(" %j = add", " %d = sub i32 %i, 3\n %q = udiv i32 1, %d\n %j = add")
    v = check(pair("", src, tgt))
    assert (v.category, v.reason) == ("semantic_error", "source_more_defined")


def test_o0_memory_loop_is_verified():
    """-O0 shape: the counter lives in an alloca and is reloaded after the loop."""
    src = ("entry:\n %i = alloca i32, align 4\n store i32 0, ptr %i, align 4\n br label %c\n"
           "c:\n %0 = load i32, ptr %i, align 4\n %cmp = icmp slt i32 %0, %n\n"
           " br i1 %cmp, label %b, label %e\nb:\n %1 = load i32, ptr %i, align 4\n"
           " %2 = add nsw i32 %1, 2\n store i32 %2, ptr %i, align 4\n br label %c\n"
           "e:\n %3 = load i32, ptr %i, align 4\n ret i32 %3")
    good = check(pair("i32 noundef %n", src, src.replace("add nsw i32 %1, 2",
                                                         "add nuw nsw i32 %1, 2")))
    assert good.category == "correct" and good.bounded
    bad = check(pair("i32 noundef %n", src, src.replace("icmp slt", "icmp sle")))
    assert bad.category == "semantic_error"
