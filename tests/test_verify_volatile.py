"""Volatile accesses, variadic functions and ``llvm.threadlocal.address``.

Expectations from the LangRef ("Volatile Memory Accesses"): the number of volatile
operations and their order relative to each other must not change; a volatile
load's value is whatever the location (or device) gives, so it cannot be replaced
by a plain load, a constant or an earlier volatile load; a volatile store's value
and address are observable. Non-volatile code around them optimises as usual."""

from __future__ import annotations

import pytest

from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')
GLOBALS = "@c = external global i32, align 4\n@x = external global i32, align 4\n"


def pair(src: str, tgt: str, sig: str = "", ret: str = "i32", prelude: str = GLOBALS) -> str:
    return (f"{DL}{prelude}\ndefine {ret} @src({sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")


def verdict(src: str, tgt: str, **kw) -> tuple[str, str]:
    v = check(pair(src, tgt, **kw), timeout=10)
    return v.category, v.reason


TWO_LOADS = """
  %a = load volatile i32, ptr @c, align 4
  %b = load volatile i32, ptr @c, align 4
  %s = sub i32 %a, %b
  ret i32 %s
"""


def test_two_volatile_loads_kept_is_correct():
    tgt = TWO_LOADS.replace("%s = sub i32 %a, %b", "%s = sub i32 %a, %b ; same")
    assert verdict(TWO_LOADS, tgt)[0] == "correct"


def test_volatile_loads_of_one_location_are_not_equal():
    # a - b is not 0: each volatile load may see another value (MMIO).
    assert verdict(TWO_LOADS, "  %a = load volatile i32, ptr @c, align 4\n"
                              "  %b = load volatile i32, ptr @c, align 4\n  ret i32 0") \
        == ("semantic_error", "value_mismatch")


def test_merging_two_volatile_loads_is_incorrect():
    tgt = "  %a = load volatile i32, ptr @c, align 4\n  %s = sub i32 %a, %a\n  ret i32 %s"
    assert verdict(TWO_LOADS, tgt)[0] == "semantic_error"


def test_removing_an_unused_volatile_load_is_incorrect():
    src = "  %a = load volatile i32, ptr @c, align 4\n  ret i32 0"
    assert verdict(src, "  ret i32 0")[0] == "semantic_error"


def test_volatile_load_replaced_by_a_plain_load_is_incorrect():
    src = "  %a = load volatile i32, ptr @c, align 4\n  ret i32 %a"
    tgt = "  %a = load i32, ptr @c, align 4\n  ret i32 %a"
    assert verdict(src, tgt)[0] == "semantic_error"


def test_reordering_volatile_accesses_is_incorrect():
    src = ("  %a = load volatile i32, ptr @c, align 4\n"
           "  store volatile i32 1, ptr @x, align 4\n  ret i32 %a")
    tgt = ("  store volatile i32 1, ptr @x, align 4\n"
           "  %a = load volatile i32, ptr @c, align 4\n  ret i32 %a")
    assert verdict(src, tgt)[0] == "semantic_error"


def test_volatile_store_value_is_observable():
    src = "  store volatile i32 1, ptr @x, align 4\n  ret i32 0"
    tgt = "  store volatile i32 2, ptr @x, align 4\n  ret i32 0"
    assert verdict(src, tgt)[0] == "semantic_error"


def test_volatile_store_cannot_become_a_plain_store():
    src = "  store volatile i32 1, ptr @x, align 4\n  ret i32 0"
    tgt = "  store i32 1, ptr @x, align 4\n  ret i32 0"
    assert verdict(src, tgt)[0] == "semantic_error"


def test_plain_code_around_volatile_accesses_still_optimises():
    src = """
  %a = load volatile i32, ptr @c, align 4
  %m = mul i32 %a, 2
  store i32 %m, ptr @x, align 4
  ret i32 %m
"""
    tgt = """
  %a = load volatile i32, ptr @c, align 4
  %m = shl i32 %a, 1
  store i32 %m, ptr @x, align 4
  ret i32 %m
"""
    assert verdict(src, tgt)[0] == "correct"


def test_volatile_load_of_a_local_cannot_be_forwarded_from_a_store():
    src = """
  %p = alloca i32, align 4
  store i32 7, ptr %p, align 4
  %a = load volatile i32, ptr %p, align 4
  ret i32 %a
"""
    tgt = """
  %p = alloca i32, align 4
  store i32 7, ptr %p, align 4
  %a = load volatile i32, ptr %p, align 4
  ret i32 7
"""
    assert verdict(src, tgt)[0] == "semantic_error"


# ---- variadic functions (AArch64 va_list: 32 bytes) -----------------------------------------

VA_PRELUDE = ("%struct.__va_list = type { ptr, ptr, ptr, i32, i32 }\n"
              "declare void @llvm.va_start.p0(ptr)\ndeclare void @llvm.va_end.p0(ptr)\n")


def test_va_start_contents_are_the_same_in_src_and_tgt():
    body = """
  %l = alloca %struct.__va_list, align 8
  call void @llvm.va_start.p0(ptr %l)
  %f = getelementptr inbounds i8, ptr %l, i64 24
  %o = load i32, ptr %f, align 8
  call void @llvm.va_end.p0(ptr %l)
  ret i32 %o
"""
    assert verdict(body, body.replace("i64 24", "i64 24 ; same"), sig="i32 %n, ...",
                   prelude=VA_PRELUDE)[0] == "correct"


def test_va_start_contents_are_unknown():
    src = """
  %l = alloca %struct.__va_list, align 8
  call void @llvm.va_start.p0(ptr %l)
  %f = getelementptr inbounds i8, ptr %l, i64 24
  %o = load i32, ptr %f, align 8
  ret i32 %o
"""
    tgt = """
  %l = alloca %struct.__va_list, align 8
  call void @llvm.va_start.p0(ptr %l)
  ret i32 0
"""
    assert verdict(src, tgt, sig="i32 %n, ...", prelude=VA_PRELUDE)[0] == "semantic_error"


def test_va_start_on_too_small_a_buffer_is_ub():
    src = """
  %l = alloca i64, align 8
  call void @llvm.va_start.p0(ptr %l)
  ret i32 1
"""
    tgt = "  ret i32 2"
    # src always has UB (va_start writes 32 bytes into 8): anything refines it.
    assert verdict(src, tgt, sig="i32 %n, ...", prelude=VA_PRELUDE)[0] == "correct"


def test_varargs_on_an_unknown_target_is_unsupported():
    text = pair("  ret i32 0", "  ret i32 1", sig="i32 %n, ...").replace(
        "aarch64-unknown-linux-gnu", "riscv64-unknown-linux-gnu").replace(
        DL.split("\n")[0], 'target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"')
    v = check(text, timeout=10)
    assert (v.category, v.reason) == ("inconclusive", "unsupported:varargs")


# ---- thread-locals -----------------------------------------------------------------------------

TLS = ("@t = thread_local global i32 0, align 4\n"
       "declare nonnull ptr @llvm.threadlocal.address.p0(ptr nonnull)\n")


@pytest.mark.parametrize("tgt_value, expected", [("%v", "correct"), ("%w", "semantic_error")])
def test_threadlocal_address_is_the_global(tgt_value, expected):
    src = """
  %p = call ptr @llvm.threadlocal.address.p0(ptr @t)
  store i32 5, ptr %p, align 4
  %v = load i32, ptr @t, align 4
  ret i32 %v
"""
    tgt = f"""
  %p = call ptr @llvm.threadlocal.address.p0(ptr @t)
  store i32 5, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  %w = add i32 %v, 1
  ret i32 {tgt_value}
"""
    assert verdict(src, tgt, prelude=TLS)[0] == expected


def test_va_copy_copies_the_va_list():
    body = """
  %l = alloca %struct.__va_list, align 8
  %m = alloca %struct.__va_list, align 8
  call void @llvm.va_start.p0(ptr %l)
  call void @llvm.va_copy.p0(ptr %m, ptr %l)
  %f = getelementptr inbounds i8, ptr %m, i64 24
  %o = load i32, ptr %f, align 8
  ret i32 %o
"""
    same = body.replace("ptr %m, i64 24", "ptr %l, i64 24")
    prelude = VA_PRELUDE + "declare void @llvm.va_copy.p0(ptr, ptr)\n"
    assert verdict(body, same, sig="i32 %n, ...", prelude=prelude)[0] == "correct"
    other = body.replace("i64 24", "i64 28")
    assert verdict(body, other, sig="i32 %n, ...", prelude=prelude)[0] == "semantic_error"
