"""Dynamic allocas and llvm.stacksave/stackrestore (stack.py). Expected verdicts
from the LangRef: ``alloca T, iK %n`` allocates ``sizeof(T) * n`` bytes (``n``
unsigned, as LLVM lowers it); accessing past the end is UB, a size of 0 is legal
but has no dereferenceable byte, a poison/undef count is UB (Alive2), insufficient
stack space is UB; ``llvm.stackrestore`` deallocates every alloca made after the
matching ``llvm.stacksave``."""

from __future__ import annotations

import pytest

from veriopt.verify import Verdict, check

DL = 'target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
STACK = "declare ptr @llvm.stacksave.p0()\ndeclare void @llvm.stackrestore.p0(ptr)\n"


def verdict(sig: str, src_body: str, tgt_body: str, ret: str = "i32",
            prelude: str = "") -> Verdict:
    text = (f"{DL}{prelude}\ndefine {ret} @src({sig}) {{\n{src_body.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt_body.strip()}\n}}\n")
    return check(text)


def outcome(v: Verdict) -> tuple[str, str]:
    return v.category, v.reason


# ---- dynamic alloca -------------------------------------------------------------------------

VLA_STORE_LOAD = """
  %a = alloca i32, i32 %n, align 4
  store i32 %x, ptr %a, align 4
  %v = load i32, ptr %a, align 4
  ret i32 %v
"""


def test_vla_store_then_load_forwards_the_value():
    # n == 0 makes the store UB (src), every other n returns %x
    assert verdict("i32 noundef %n, i32 noundef %x", VLA_STORE_LOAD,
                   "ret i32 %x").category == "correct"
    assert verdict("i32 noundef %n, i32 noundef %x", VLA_STORE_LOAD,
                   "ret i32 0").reason == "value_mismatch"


def test_reading_past_the_end_of_a_vla_is_ub():
    src = """
  %a = alloca i32, i32 %n, align 4
  %p = getelementptr inbounds i32, ptr %a, i32 %n
  %v = load i32, ptr %p, align 4
  ret i32 %v
"""
    assert outcome(verdict("i32 noundef %n", src, "ret i32 0")) == ("correct", "source_always_ub")
    # the last element is fine (for n > 0)
    last = """
  %a = alloca i32, i32 %n, align 4
  %m = add i32 %n, -1
  %p = getelementptr inbounds i32, ptr %a, i32 %m
  store i32 7, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
"""
    assert verdict("i32 noundef %n", last, "ret i32 7").category == "correct"
    assert verdict("i32 noundef %n", last, "ret i32 8").reason == "value_mismatch"


def test_a_vla_of_size_zero_has_no_dereferenceable_byte():
    store = """
  %a = alloca i32, i32 %n, align 4
  store i32 1, ptr %a, align 4
  ret i32 0
"""
    # tgt stores into a block that may have size 0 (n == 0): UB src does not have
    assert verdict("i32 noundef %n", "ret i32 0", store).reason == "source_more_defined"
    # an alloca of 0 elements itself is fine
    assert verdict("", "%a = alloca i32, i32 0, align 4\n ret i32 0",
                   "ret i32 0").category == "correct"
    assert verdict("", "ret i32 0",
                   "%a = alloca i32, i32 0, align 4\n store i8 0, ptr %a\n ret i32 0"
                   ).reason == "source_more_defined"


def test_the_vla_size_is_the_count_times_the_element_size():
    # 2 * i32 = 8 bytes: byte 7 is in bounds, byte 8 is not
    body = """
  %a = alloca i32, i64 2, align 4
  %p = getelementptr inbounds i8, ptr %a, i64 {k}
  store i8 1, ptr %p, align 1
  ret i32 0
"""
    assert verdict("", "ret i32 0", body.format(k=7)).category == "correct"
    assert verdict("", "ret i32 0", body.format(k=8)).reason == "source_more_defined"
    sym = """
  %a = alloca i16, i32 %n, align 2
  %p = getelementptr inbounds i8, ptr %a, i64 5
  store i8 1, ptr %p, align 1
  ret i32 0
"""
    # 2n > 5 iff n >= 3
    guarded = """
  %big = icmp uge i32 %n, 3
  br i1 %big, label %ok, label %bad
ok:
  ret i32 0
bad:
  unreachable
"""
    assert verdict("i32 noundef %n", sym, guarded).category == "correct"
    assert verdict("i32 noundef %n", "ret i32 0", sym).reason == "source_more_defined"


def test_the_count_is_unsigned():
    # i8 -1 elements is 255, not -1
    src = """
  %a = alloca i8, i8 -1, align 1
  %p = getelementptr inbounds i8, ptr %a, i64 254
  store i8 7, ptr %p, align 1
  %v = load i8, ptr %p, align 1
  ret i8 %v
"""
    assert verdict("", src, "ret i8 7", ret="i8").category == "correct"
    dyn = src.replace("i8 -1", "i8 %c")
    assert verdict("i8 noundef %c", dyn, "ret i8 7", ret="i8").category == "correct"
    assert verdict("i8 noundef %c", dyn, "ret i8 8", ret="i8").reason == "value_mismatch"


def test_a_poison_or_undef_count_is_ub():
    src = "%a = alloca i32, i32 %n, align 4\n ret i32 0"
    # tgt branches on %n: UB exactly when it is poison or undef, as src's alloca
    branch = """
  %c = icmp eq i32 %n, 0
  br i1 %c, label %a, label %b
a:
  ret i32 0
b:
  ret i32 0
"""
    assert verdict("i32 %n", src, branch).category == "correct"
    assert verdict("i32 %n", "ret i32 0", src).reason == "source_more_defined"
    assert verdict("i32 noundef %n", "ret i32 0", src).category == "correct"
    assert verdict("", "ret i32 0", "%a = alloca i32, i32 undef, align 4\n ret i32 0"
                   ).reason == "source_more_defined"


def test_an_allocation_larger_than_the_model_holds_is_not_ub_but_unsupported():
    # LangRef: UB only with "insufficient stack space", which no IR rule fixes; Alive2
    # (alive-tv) accepts ``alloca i8, i64 2^62``. stack.MAX_STACK_ALLOCATION = 2^48
    # bytes is what the model's offsets hold: 2^45 i64 elements fit, one more is an
    # approximation (inconclusive where reachable), never UB that excuses any tgt.
    src = "%a = alloca i64, i64 %n, align 8\n ret i32 0"
    ub_above = """
  %c = icmp ugt i64 %n, {limit}
  br i1 %c, label %u, label %ok
u:
  unreachable
ok:
  ret i32 0
"""
    limit = 1 << 45
    huge = verdict("i64 noundef %n", src, ub_above.format(limit=limit))
    assert huge.category == "inconclusive" and huge.reason == "unsupported:alloca-size"
    assert verdict("i64 noundef %n", src, ub_above.format(limit=limit - 1)
                   ).category != "correct"
    bounded = "%m = and i64 %n, 65535\n %a = alloca i64, i64 %m, align 8\n ret i32 0"
    assert verdict("i64 noundef %n", bounded, "ret i32 0").category == "correct"


def test_an_allocation_whose_size_overflows_64_bits_is_ub():
    # Alive2: the size multiplication must not overflow
    assert verdict("", "ret i32 0", "%a = alloca i64, i64 -1, align 8\n ret i32 0"
                   ).reason == "source_more_defined"
    overflow = "%a = alloca i64, i64 4611686018427387904, align 8\n ret i32 0"
    assert verdict("", overflow, "ret i32 1").category == "correct"


def test_vla_conformance_shapes():
    # Alive2's memory/alloca-vla(-fail): the vla's element 2 holds 3
    src = """
  %vla = alloca i32, i32 %n, align 16
  %arrayidx = getelementptr inbounds i32, ptr %vla, i64 2
  store i32 3, ptr %arrayidx, align 8
  %arrayidx1 = getelementptr inbounds i32, ptr %vla, i32 %a
  %r = load i32, ptr %arrayidx1, align 4
  ret i32 %r
"""
    assert verdict("i32 %a, i32 %n", src, "ret i32 3").category == "correct"
    assert verdict("i32 %a, i32 %n", src, "ret i32 4").reason == "value_mismatch"


def test_vla_alignment_is_the_allocas():
    src = """
  %a = alloca i8, i32 %n, align 4
  %p = getelementptr inbounds i8, ptr %a, i64 4
  store i32 0, ptr %p, align 4
  ret i32 0
"""
    assert verdict("i32 noundef %n", src, "ret i32 0").category == "correct"
    over = src.replace("store i32 0, ptr %p, align 4", "store i32 0, ptr %p, align 8")
    # the block is only known to be 4-aligned: an 8-aligned access is UB (Alive2)
    assert verdict("i32 noundef %n", "ret i32 0", over).reason == "source_more_defined"


# ---- stacksave / stackrestore ------------------------------------------------------------------


def test_stackrestore_frees_the_allocas_made_after_the_save():
    src = """
  %s = call ptr @llvm.stacksave.p0()
  %a = alloca i32, i32 %n, align 4
  call void @llvm.stackrestore.p0(ptr %s)
  store i32 1, ptr %a, align 4
  ret i32 0
"""
    assert outcome(verdict("i32 noundef %n", src, "ret i32 1", prelude=STACK)) == \
        ("correct", "source_always_ub")
    # a fixed-size alloca after the save is freed too
    fixed = src.replace("alloca i32, i32 %n", "alloca i32")
    assert outcome(verdict("i32 noundef %n", fixed, "ret i32 1", prelude=STACK)) == \
        ("correct", "source_always_ub")
    # tgt accessing a restored block: UB src does not have
    assert verdict("i32 noundef %n", "ret i32 0", src, prelude=STACK).reason == \
        "source_more_defined"


def test_stackrestore_keeps_what_was_allocated_before_the_save():
    src = """
  %b = alloca i32, align 4
  %s = call ptr @llvm.stacksave.p0()
  %a = alloca i32, i32 %n, align 4
  call void @llvm.stackrestore.p0(ptr %s)
  store i32 1, ptr %b, align 4
  %v = load i32, ptr %b, align 4
  ret i32 %v
"""
    assert verdict("i32 noundef %n", src, "ret i32 1", prelude=STACK).category == "correct"
    assert verdict("i32 noundef %n", src, "ret i32 2", prelude=STACK).reason == "value_mismatch"
    # an alloca after the restore is alive
    after = """
  %s = call ptr @llvm.stacksave.p0()
  call void @llvm.stackrestore.p0(ptr %s)
  %a = alloca i32, i32 %n, align 4
  store i32 5, ptr %a, align 4
  %v = load i32, ptr %a, align 4
  ret i32 %v
"""
    assert verdict("i32 noundef %n", after, "ret i32 5", prelude=STACK).category == "correct"


def test_a_vla_read_before_the_restore_is_fine():
    # clang -O0 for `int a[n]; a[2] = 0; return a[2];`: the saved stack pointer goes
    # through an alloca (a slot) before the restore
    src = """
  %slot = alloca ptr, align 8
  %z = zext i32 %n to i64
  %s = call ptr @llvm.stacksave.p0()
  store ptr %s, ptr %slot, align 8
  %vla = alloca i32, i64 %z, align 4
  %p = getelementptr inbounds i32, ptr %vla, i64 2
  store i32 0, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  %t = load ptr, ptr %slot, align 8
  call void @llvm.stackrestore.p0(ptr %t)
  ret i32 %v
"""
    assert verdict("i32 noundef %n", src, "ret i32 0", prelude=STACK).category == "correct"
    assert verdict("i32 noundef %n", src, "ret i32 1", prelude=STACK).reason == "value_mismatch"


def test_restore_on_one_path_only():
    src = """
  %s = call ptr @llvm.stacksave.p0()
  %a = alloca i32, align 4
  br i1 %c, label %free, label %keep
free:
  call void @llvm.stackrestore.p0(ptr %s)
  br label %use
keep:
  br label %use
use:
  store i32 3, ptr %a, align 4
  ret i32 0
"""
    # UB exactly when %c: tgt may do anything then
    tgt = """
  br i1 %c, label %u, label %ok
u:
  unreachable
ok:
  ret i32 0
"""
    assert verdict("i1 noundef %c", src, tgt, prelude=STACK).category == "correct"
    assert verdict("i1 noundef %c", src, "unreachable", prelude=STACK).reason == \
        "source_more_defined"


@pytest.mark.parametrize("body", [
    # the saved stack pointer compared, converted, offset, returned: the machine's
    # stack pointer, not modelled
    "%s = call ptr @llvm.stacksave.p0()\n %c = icmp eq ptr %s, null\n"
    " call void @llvm.stackrestore.p0(ptr %s)\n %r = zext i1 %c to i32\n ret i32 %r",
    "%s = call ptr @llvm.stacksave.p0()\n %i = ptrtoint ptr %s to i32\n ret i32 %i",
    "%s = call ptr @llvm.stacksave.p0()\n %q = getelementptr i8, ptr %s, i64 1\n"
    " call void @llvm.stackrestore.p0(ptr %q)\n ret i32 0",
    "%s = call ptr @llvm.stacksave.p0()\n %v = load i32, ptr %s\n ret i32 %v",
    # a restore of a pointer llvm.stacksave did not return
    "call void @llvm.stackrestore.p0(ptr %p)\n ret i32 0",
])
def test_other_uses_of_the_saved_stack_pointer_are_unsupported(body):
    v = verdict("ptr %p", body, "ret i32 7", prelude=STACK)
    assert (v.category, v.reason) == ("inconclusive", "unsupported:stacksave-use")


def test_restoring_a_slot_that_may_not_hold_a_saved_pointer_is_not_modelled():
    src = """
  %slot = alloca ptr, align 8
  br i1 %c, label %a, label %b
a:
  %s = call ptr @llvm.stacksave.p0()
  store ptr %s, ptr %slot
  br label %b
b:
  %t = load ptr, ptr %slot
  call void @llvm.stackrestore.p0(ptr %t)
  ret i32 0
"""
    v = verdict("i1 %c", src, "ret i32 1", prelude=STACK)
    assert (v.category, v.reason) == ("inconclusive", "unsupported:stackrestore-argument")


def test_observing_the_address_of_a_restorable_block_is_unsupported():
    src = """
  %s = call ptr @llvm.stacksave.p0()
  %a = alloca i32, align 4
  %i = ptrtoint ptr %a to i64
  call void @llvm.stackrestore.p0(ptr %s)
  ret i64 %i
"""
    v = verdict("", src, "ret i64 0", ret="i64", prelude=STACK)
    assert (v.category, v.reason) == ("inconclusive", "unsupported:stackrestore-address")
