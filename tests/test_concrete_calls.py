"""The interpreter's calls, heap and byte rules, and the refuter's call matching.

Each expectation is a LangRef 19 rule or an Alive2 behaviour checked with alive-tv
(v19); the campaign (benchmarks/soundness_campaign.py) relies on every refutation here
being a real counterexample, so each rule has a refuted and an accepted side.
"""

from __future__ import annotations

import functools
import random
from collections import Counter

import pytest

from veriopt.llvm import ir
from veriopt.verify.concrete_calls import CallWorld
from veriopt.verify.interpreter import (
    NULL,
    POISON,
    UNDEF,
    InitialMemory,
    Layout,
    Memory,
    PointerByte,
    run_function,
)
from veriopt.verify.refute import RETURN_DOMAIN, PointerInput, refute

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')


@functools.cache
def module_of(text: str) -> ir.Module:
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain

    return parse_module(get_toolchain().canonicalize(DL + text))


def refuted(src: str, tgt: str, samples: int = 200) -> list:
    s, t = module_of(src), module_of(tgt)
    return refute(s, s.definitions[0], t, t.definitions[0], samples=samples, calls=True,
                  undef=True, max_candidates=1)


def run_with_block(text: str, contents: list, world: CallWorld | None = None):
    """Run the function on one pointer argument to a block holding ``contents``."""
    module = module_of(text)
    fn = module.definitions[0]
    memory = Memory(InitialMemory(module), Layout(module.datalayout, module.type_defs))
    p = memory.allocate("argument", "%p", len(contents), 16, contents=contents)
    return run_function(module, fn, [p], memory=memory, calls=world), memory


# --------------------------------------------------------------------------
# Bytes, lifetime, undef arguments
# --------------------------------------------------------------------------

LOAD_I64 = "define i64 @f(ptr %p) {\n  %v = load i64, ptr %p, align 8\n  ret i64 %v\n}\n"


def test_integer_load_of_pointer_bytes_is_poison():
    # Alive2 v19: no implicit ptrtoint through memory (the memcpy -> load/store class).
    out, _ = run_with_block(LOAD_I64, [PointerByte(NULL, i) for i in range(8)])
    assert out.kind == "return" and out.value is POISON
    plain, _ = run_with_block(LOAD_I64, list(range(8)))
    assert plain.value == int.from_bytes(bytes(range(8)), "little")


LIFETIME_ON_ARGUMENT = """define i8 @f(ptr %p) {
  store i8 3, ptr %p, align 1
  call void @llvm.lifetime.end.p0(i64 1, ptr %p)
  %v = load i8, ptr %p, align 1
  ret i8 %v
}
declare void @llvm.lifetime.end.p0(i64, ptr)
"""


def test_lifetime_marker_on_a_non_stack_object_only_fills_it_with_poison():
    # LangRef 19 llvm.lifetime.end: on a non-stack object it "is equivalent to simply
    # filling all bytes of the object with poison" (not UB; the block stays alive).
    out, memory = run_with_block(LIFETIME_ON_ARGUMENT, [0] * 4)
    assert out.kind == "return" and out.value is POISON
    assert out.memory["%p"] == (POISON,) * 4


def test_lifetime_end_of_an_alloca_still_kills_it():
    f = """define i8 @f(ptr %p) {
  %a = alloca i8, align 1
  call void @llvm.lifetime.start.p0(i64 1, ptr %a)
  call void @llvm.lifetime.end.p0(i64 1, ptr %a)
  %v = load i8, ptr %a, align 1
  ret i8 %v
}
declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
"""
    out, _ = run_with_block(f, [0])
    assert out.kind == "ub"


def test_undef_argument_is_ub_for_noundef_and_a_choice_otherwise():
    plain = module_of("define i8 @f(i8 %x) {\n  ret i8 %x\n}\n")
    noundef = module_of("define i8 @f(i8 noundef %x) {\n  ret i8 %x\n}\n")
    out = run_function(plain, plain.definitions[0], [UNDEF], undef_choice="ones")
    assert out.kind == "return" and out.value == 255 and out.nondeterministic
    assert run_function(noundef, noundef.definitions[0], [UNDEF]).kind == "ub"


def test_undef_argument_used_twice_is_refuted_only_when_no_choice_matches():
    # x + x with x undef is any even value under one choice, but undef may differ per
    # use, so ``shl x, 1`` refines it; returning x itself does not refine ``and x, 0``.
    twice = "define i8 @f(i8 %x) {\n  %r = add i8 %x, %x\n  ret i8 %r\n}\n"
    shl = "define i8 @f(i8 %x) {\n  %r = shl i8 %x, 1\n  ret i8 %r\n}\n"
    assert refuted(twice, shl) == []
    zero = "define i8 @f(i8 %x) {\n  %r = and i8 %x, 0\n  ret i8 %r\n}\n"
    ident = "define i8 @f(i8 %x) {\n  ret i8 %x\n}\n"
    assert refuted(zero, ident)


# --------------------------------------------------------------------------
# Heap
# --------------------------------------------------------------------------

MALLOC_FREE = """define i8 @f(ptr %p) {
  %m = call ptr @malloc(i64 4)
  store i8 1, ptr %m, align 1
  %v = load i8, ptr %m, align 1
  call void @free(ptr %m)
  ret i8 %v
}
declare ptr @malloc(i64)
declare void @free(ptr)
"""


def test_malloc_gives_a_fresh_block_and_free_of_a_stack_block_is_ub():
    out, _ = run_with_block(MALLOC_FREE, [0])
    assert out.kind == "return" and out.value == 1
    stack = MALLOC_FREE.replace("%m = call ptr @malloc(i64 4)", "%m = alloca i32, align 4")
    out, _ = run_with_block(stack, [0])
    assert out.kind == "ub"


def test_use_after_free_and_double_free_are_ub():
    after = MALLOC_FREE.replace("  ret i8 %v", "  %w = load i8, ptr %m, align 1\n  ret i8 %w")
    assert run_with_block(after, [0])[0].kind == "ub"
    double = MALLOC_FREE.replace("  ret i8 %v", "  call void @free(ptr %m)\n  ret i8 %v")
    assert run_with_block(double, [0])[0].kind == "ub"


def test_strlen_counts_to_the_first_zero_and_is_ub_without_one():
    f = ("define i64 @f(ptr %p) {\n  %n = call i64 @strlen(ptr %p)\n  ret i64 %n\n}\n"
         "declare i64 @strlen(ptr)\n")
    assert run_with_block(f, [7, 7, 0, 7])[0].value == 2
    assert run_with_block(f, [7, 7, 7, 7])[0].kind == "ub"
    assert run_with_block(f, [7, POISON, 0])[0].kind == "ub"


# --------------------------------------------------------------------------
# Unknown calls: the world and Alive2's matching rules
# --------------------------------------------------------------------------

DECLS = ("declare void @w(ptr)\ndeclare i32 @g(i32)\n"
         "declare void @pure() memory(none) willreturn\n"
         "declare void @spin() memory(none)\n"
         "declare void @may_free() willreturn\n"
         "declare void @no_free() willreturn nofree memory(argmem: readwrite)\n"
         "declare void @quit() noreturn\n")


def fn(body: str, params: str = "ptr %p, i32 %x", ret: str = "i32") -> str:
    return DECLS + f"define {ret} @t({params}) {{\n{body}}}\n"


def test_the_same_call_in_src_and_tgt_gets_the_same_result():
    f = fn("  %r = call i32 @g(i32 %x)\n  ret i32 %r\n")
    assert refuted(f, f) == []
    wrong = fn("  %r = call i32 @g(i32 %x)\n  %s = add i32 %r, 1\n  ret i32 %s\n")
    assert refuted(f, wrong)[0].reason == "Value mismatch"


def test_a_call_with_other_arguments_matches_no_src_call():
    src = fn("  %r = call i32 @g(i32 %x)\n  ret i32 %r\n")
    tgt = fn("  %y = add i32 %x, 1\n  %r = call i32 @g(i32 %y)\n  ret i32 %r\n")
    assert refuted(src, tgt)[0].reason == "Source is more defined than target"


def test_dropping_a_writing_call_is_refuted_and_dropping_a_pure_willreturn_one_is_not():
    writes = fn("  call void @w(ptr %p)\n  ret i32 %x\n")
    pure = fn("  call void @pure()\n  ret i32 %x\n")
    none = fn("  ret i32 %x\n")
    assert refuted(writes, none)
    assert refuted(pure, none) == []


def test_dropping_a_call_that_may_not_return_changes_the_return_domain():
    # alive-tv: dropping ``call @spin()`` (memory(none), no willreturn) is
    # "Source and target don't have the same return domain".
    spin = fn("  call void @spin()\n  ret i32 %x\n")
    found = refuted(spin, fn("  ret i32 %x\n"))
    assert found and found[0].reason == RETURN_DOMAIN
    quit_ = fn("  call void @quit()\n  unreachable\n")
    assert refuted(quit_, quit_) == []
    assert refuted(quit_, fn("  ret i32 %x\n"))[0].reason == RETURN_DOMAIN


def test_moving_a_load_across_a_call_that_may_free_is_refuted_only_for_such_calls():
    # alive-tv: with ``willreturn`` only, the callee may free %p's block (tgt UB);
    # with ``nofree memory(argmem: readwrite)`` and no argument it touches nothing.
    def pair(callee: str) -> tuple[str, str]:
        before = fn(f"  %v = load i32, ptr %p, align 4\n  call void @{callee}()\n  ret i32 %v\n")
        after = fn(f"  call void @{callee}()\n  %v = load i32, ptr %p, align 4\n  ret i32 %v\n")
        return before, after
    assert refuted(*pair("may_free"))
    assert refuted(*pair("no_free")) == []


def test_moving_a_store_after_a_call_that_reads_memory_is_refuted():
    src = fn("  store i32 1, ptr %p, align 4\n  %r = call i32 @g(i32 %x)\n  ret i32 %r\n")
    tgt = fn("  %r = call i32 @g(i32 %x)\n  store i32 1, ptr %p, align 4\n  ret i32 %r\n")
    assert refuted(src, tgt)


def test_memcpy_to_an_integer_load_and_store_is_refuted_but_the_reverse_is_not():
    memcpy = ("define void @t(ptr %p, ptr %q) {\n"
              "  call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %q, i64 8, i1 false)\n"
              "  ret void\n}\ndeclare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)\n")
    ls = ("define void @t(ptr %p, ptr %q) {\n  %v = load i64, ptr %q, align 1\n"
          "  store i64 %v, ptr %p, align 1\n  ret void\n}\n")
    found = refuted(memcpy, ls, samples=400)
    assert found and found[0].reason == "Mismatch in memory"
    assert refuted(ls, memcpy, samples=400) == []


def test_call_world_outputs_depend_only_on_the_key():
    f = module_of(fn("  %r = call i32 @g(i32 %x)\n  ret i32 %r\n"))
    world = CallWorld(seed=5)
    results = {run_function(f, f.definitions[0], [NULL, 3], calls=world).value
               for _ in range(3)}
    assert len(results) == 1
    other = {run_function(f, f.definitions[0], [NULL, 3], calls=CallWorld(seed=s)).value
             for s in range(12)}
    assert len(other) > 1


def test_callee_never_writes_through_a_readonly_argument():
    # LangRef 19 ``readonly`` (parameter): the callee "does not write through this
    # pointer argument, even though it may write to the memory that the pointer points
    # to" (through another route): a local reachable only through it stays as it was.
    f = ("declare void @r(ptr readonly)\ndefine i8 @t(ptr %p) {\n  %a = alloca i8, align 1\n"
         "  store i8 42, ptr %a, align 1\n  call void @r(ptr %a)\n"
         "  %v = load i8, ptr %a, align 1\n  ret i8 %v\n}\n")
    for seed in range(20):
        out, _ = run_with_block(f, [0] * 8, CallWorld(seed))
        assert out.value == 42
    writable = f.replace("ptr readonly", "ptr")
    values = {run_with_block(writable, [0] * 8, CallWorld(seed))[0].value for seed in range(20)}
    assert values != {42}


def test_refute_counts_how_source_runs_ended():
    stats: Counter[str] = Counter()
    s = module_of(fn("  %r = udiv i32 1, %x\n  ret i32 %r\n"))
    refute(s, s.definitions[0], s, s.definitions[0], samples=64, calls=True, stats=stats)
    assert stats["src ub"] > 0 and stats["src return"] > 0
    assert sum(stats.values()) == 64


@pytest.mark.parametrize("seed", range(3))
def test_pointer_inputs_with_pointer_bytes_reach_integer_loads_as_poison(seed):
    module = module_of(LOAD_I64)
    memory = Memory(InitialMemory(module), Layout(module.datalayout, module.type_defs))
    p = PointerInput(64, seed, pointers=True).materialise(memory, "p")
    out = run_function(module, module.definitions[0], [p], memory=memory,
                       rng=random.Random(seed))
    first = memory.block(p.block).contents[0]
    assert (out.value is POISON) == isinstance(first, PointerByte)
