"""The allocation model: whether ``malloc`` succeeds, leaked and freed blocks in the
final memory, and null pointer bytes versus zero bytes (libcalls.py, memory.py,
nonlocal_memory.py).

Expected verdicts follow C (7.22.3: an allocation may fail and return null) and
LangRef (refinement: tgt's behaviours are src's; a block the caller cannot access
without UB is unobservable), with Alive2's model where they leave room: an input
``malloc_never_fails`` under which every allocation succeeds, otherwise each call's
success is its own side's choice."""

from __future__ import annotations

from veriopt.verify import check

DL = 'target datalayout = "e-m:e-p:64:64-i64:64-n8:16:32:64-S128"\n'
DECLS = "declare ptr @malloc(i64)\ndeclare void @free(ptr)\ndeclare void @use(ptr)\n"


def verdict(sig: str, src: str, tgt: str, ret: str = "i1") -> tuple[str, str]:
    text = (f"{DL}{DECLS}\ndefine {ret} @src({sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")
    v = check(text)
    return v.category, v.reason


NULL_TEST = "%p = call ptr @malloc(i64 4)\n %c = icmp eq ptr %p, null\n ret i1 %c"


def test_a_removed_allocation_may_be_assumed_to_succeed():
    assert verdict("", NULL_TEST, "ret i1 false")[0] == "correct"
    # ... but not to fail: when allocations never fail, src returns false
    assert verdict("", NULL_TEST, "ret i1 true") == ("semantic_error", "value_mismatch")


def test_the_null_test_through_ptrtoint_folds_too():
    src = ("%p = call ptr @malloc(i64 4)\n %i = ptrtoint ptr %p to i64\n"
           " %c = icmp eq i64 %i, 0\n ret i1 %c")
    assert verdict("", src, "ret i1 false")[0] == "correct"


def test_a_failing_allocation_does_not_excuse_what_follows():
    # src would be UB only if malloc failed; it need not fail, so tgt must match
    src = "%p = call ptr @malloc(i64 4)\n store i8 1, ptr %p\n ret i8 0"
    assert verdict("", src, "ret i8 1", ret="i8") == ("semantic_error", "value_mismatch")
    assert verdict("", src, "ret i8 0", ret="i8")[0] == "correct"


CHECKED = """
  %p = call ptr @malloc(i64 1)
  %c = icmp eq ptr %p, null
  br i1 %c, label %a, label %b
a:
  ret ptr null
b:
  store i8 10, ptr %p
  ret ptr %p
"""


def test_tgt_may_not_drop_the_null_check_of_its_own_allocation():
    unchecked = "%p = call ptr @malloc(i64 1)\n store i8 10, ptr %p\n ret ptr %p"
    assert verdict("", CHECKED, unchecked, ret="ptr") == ("semantic_error",
                                                           "source_more_defined")
    assert verdict("", CHECKED, CHECKED, ret="ptr")[0] == "correct"


def test_tgt_allocation_failure_is_tgt_s_own_outcome():
    # each side's call may fail independently: tgt failing where src would not is fine
    # when src could have failed the same way
    src = ("%p = call ptr @malloc(i64 4)\n %c = icmp eq ptr %p, null\n"
           " br i1 %c, label %a, label %b\na:\n ret i8 0\nb:\n call void @free(ptr %p)\n ret i8 1")
    assert verdict("", src, src, ret="i8")[0] == "correct"
    assert verdict("", src, src.replace("ret i8 0", "ret i8 2"), ret="i8") == (
        "semantic_error", "value_mismatch")


def test_free_declared_without_memory_effects_frees_nothing():
    # memory(none) on free: releasing a block would be a write, so src is UB unless
    # p is null, and a tgt without the call refines it (Alive2 memory/free-nofree)
    decl = "declare void @free(ptr) memory(none)"
    src = "call void @free(ptr %p)\n ret void"
    text = (f"{DL}{decl}\n\ndefine void @src(ptr %p) {{\n{src}\n}}\n\n"
            "define void @tgt(ptr %p) {\n ret void\n}\n")
    assert check(text).category == "correct"
    # a plain free kills the block, which the caller can observe (Alive2: liveness)
    assert verdict("ptr %p", src, "ret void", ret="void") == ("semantic_error",
                                                              "memory_mismatch")
    # and tgt may not add the UB of a memory(none) free of a non-null pointer
    text = (f"{DL}{decl}\n\ndefine void @src(ptr %p) {{\n ret void\n}}\n\n"
            f"define void @tgt(ptr %p) {{\n{src}\n}}\n")
    assert check(text).category == "semantic_error"


def test_null_pointer_bytes_and_zero_bytes_refine_each_other():
    null = "store ptr null, ptr %p\n ret void"
    zero = "store i64 0, ptr %p\n ret void"
    assert verdict("ptr %p", null, zero, ret="void")[0] == "correct"
    assert verdict("ptr %p", zero, null, ret="void")[0] == "correct"
    # a non-null pointer is not zero bytes, nor is a non-zero integer null
    other = "store ptr %p, ptr %p\n ret void"
    assert verdict("ptr %p", other, zero, ret="void") == ("semantic_error", "memory_mismatch")
    one = "store i64 1, ptr %p\n ret void"
    assert verdict("ptr %p", one, null, ret="void") == ("semantic_error", "memory_mismatch")
