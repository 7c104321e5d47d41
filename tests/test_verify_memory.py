"""The local memory model: allocas, loads, stores and GEPs (LangRef; Alive2's
memory model as in VERIFIER.md §5): forwarding, byte layout, poison from
uninitialised stack memory, UB for out-of-bounds / misaligned access, and
``getelementptr inbounds`` poison."""

from __future__ import annotations

from veriopt.verify import Verdict, check

DL = 'target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'


def verdict(sig: str, src_body: str, tgt_body: str, ret: str = "i32") -> Verdict:
    text = (f"{DL}define {ret} @src({sig}) {{\n{src_body.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt_body.strip()}\n}}\n")
    return check(text)


O0_IDENTITY = """
  %p = alloca i32, align 4
  store i32 %x, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
"""


def test_store_load_forwarding_through_an_alloca_is_correct():
    assert verdict("i32 noundef %x", O0_IDENTITY, "ret i32 %x").category == "correct"
    assert verdict("i32 noundef %x", O0_IDENTITY, "ret i32 0").reason == "value_mismatch"


def test_last_store_wins_and_allocas_do_not_alias():
    src = """
  %p = alloca i32, align 4
  %q = alloca i32, align 4
  store i32 %x, ptr %p, align 4
  store i32 7, ptr %q, align 4
  store i32 %y, ptr %p, align 4
  %a = load i32, ptr %p, align 4
  %b = load i32, ptr %q, align 4
  %r = add i32 %a, %b
  ret i32 %r
"""
    assert verdict("i32 noundef %x, i32 noundef %y", src,
                   "%r = add i32 %y, 7\n ret i32 %r").category == "correct"


def test_reading_uninitialised_stack_memory_gives_poison():
    load = "%p = alloca i32, align 4\n %v = load i32, ptr %p, align 4\n ret i32 %v"
    # poison in src: any tgt refines it (but it is not UB: a constant is fine, so is poison)
    assert verdict("", load, "ret i32 42").category == "correct"
    v = verdict("", "ret i32 42", load)
    assert v.reason == "target_more_poisonous"


def test_partially_initialised_load_is_poison():
    src = """
  %p = alloca i32, align 4
  store i8 1, ptr %p, align 4
  %v = load i32, ptr %p, align 4
  ret i32 %v
"""
    assert verdict("", src, "ret i32 poison").category == "correct"
    assert verdict("", "ret i32 1", src).reason == "target_more_poisonous"


def test_bytes_are_little_endian():
    src = """
  %p = alloca i32, align 4
  store i32 16909060, ptr %p, align 4
  %q = getelementptr inbounds i8, ptr %p, i64 1
  %b = load i8, ptr %q, align 1
  ret i8 %b
"""  # 0x01020304: byte 1 is 0x03
    assert verdict("", src, "ret i8 3", ret="i8").category == "correct"
    assert verdict("", src, "ret i8 2", ret="i8").reason == "value_mismatch"


def test_out_of_bounds_access_is_ub():
    oob = """
  %p = alloca i32, align 4
  %q = getelementptr i32, ptr %p, i64 1
  %v = load i32, ptr %q, align 4
  ret i32 %v
"""
    v = verdict("", oob, "ret i32 0")
    assert (v.category, v.reason) == ("correct", "source_always_ub")
    v = verdict("", "ret i32 0", oob)
    assert v.reason == "source_more_defined"
    assert v.counterexample.tgt_trace[-1] == "%v = UB triggered!"


def test_misaligned_access_is_ub():
    src = "%p = alloca i32, align 4\n store i32 1, ptr %p, align 4\n ret i32 1"
    over = "%p = alloca i32, align 4\n store i32 1, ptr %p, align 8\n ret i32 1"
    assert verdict("", src, over).reason == "source_more_defined"
    odd = ("%p = alloca i64, align 8\n %q = getelementptr i8, ptr %p, i64 2\n"
           " store i32 1, ptr %q, align 4\n ret i32 1")
    assert verdict("", src, odd).reason == "source_more_defined"


def test_variable_index_out_of_bounds_is_ub_in_source():
    src = """
  %a = alloca [2 x i32], align 4
  store i32 10, ptr %a, align 4
  %a1 = getelementptr inbounds [2 x i32], ptr %a, i64 0, i64 1
  store i32 20, ptr %a1, align 4
  %i64 = zext i32 %i to i64
  %p = getelementptr inbounds [2 x i32], ptr %a, i64 0, i64 %i64
  %v = load i32, ptr %p, align 4
  ret i32 %v
"""
    # only i = 0 and i = 1 are defined in src; tgt may do anything elsewhere
    tgt = "%c = icmp eq i32 %i, 0\n %r = select i1 %c, i32 10, i32 20\n ret i32 %r"
    assert verdict("i32 noundef %i", src, tgt).category == "correct"
    wrong = "%c = icmp eq i32 %i, 1\n %r = select i1 %c, i32 10, i32 20\n ret i32 %r"
    v = verdict("i32 noundef %i", src, wrong)
    assert v.reason == "value_mismatch"
    assert v.counterexample.input_values()["%i"] in ("#x00000000 (0)", "#x00000001 (1)")


def test_stores_on_one_branch_are_seen_only_on_that_path():
    src = """
  %p = alloca i32, align 4
  store i32 0, ptr %p, align 4
  %c = icmp sgt i32 %x, 0
  br i1 %c, label %then, label %end
then:
  store i32 %x, ptr %p, align 4
  br label %end
end:
  %v = load i32, ptr %p, align 4
  ret i32 %v
"""
    tgt = "%c = icmp sgt i32 %x, 0\n %r = select i1 %c, i32 %x, i32 0\n ret i32 %r"
    assert verdict("i32 noundef %x", src, tgt).category == "correct"
    assert verdict("i32 noundef %x", src, "ret i32 %x").reason == "value_mismatch"


def test_pointers_stored_to_the_stack_load_back_and_point_to_the_same_block():
    src = """
  %x.addr = alloca i32, align 4
  %pp = alloca ptr, align 8
  store i32 %x, ptr %x.addr, align 4
  store ptr %x.addr, ptr %pp, align 8
  %p = load ptr, ptr %pp, align 8
  store i32 5, ptr %p, align 4
  %v = load i32, ptr %x.addr, align 4
  ret i32 %v
"""
    assert verdict("i32 noundef %x", src, "ret i32 5").category == "correct"
    assert verdict("i32 noundef %x", src, "ret i32 %x").reason == "value_mismatch"


def test_struct_fields_use_the_datalayout_offsets():
    src = """
  %s = alloca { i8, i32 }, align 4
  %f1 = getelementptr inbounds { i8, i32 }, ptr %s, i32 0, i32 1
  store i32 %x, ptr %f1, align 4
  %q = getelementptr inbounds i8, ptr %s, i64 4
  %v = load i32, ptr %q, align 4
  ret i32 %v
"""  # field 1 of { i8, i32 } is at offset 4
    assert verdict("i32 noundef %x", src, "ret i32 %x").category == "correct"


def test_gep_inbounds_out_of_bounds_is_poison_but_plain_gep_is_not():
    def body(flag: str) -> str:
        return f"""
  %p = alloca i32, align 4
  store i32 7, ptr %p, align 4
  %q = getelementptr {flag} i8, ptr %p, i64 8
  %r = getelementptr i8, ptr %q, i64 -8
  %v = load i32, ptr %r, align 4
  ret i32 %v
"""
    # plain: p+8-8 = p, a valid access; inbounds: %q is poison, so the load is UB
    assert verdict("", body(""), "ret i32 7").category == "correct"
    assert verdict("", body(""), body("inbounds")).reason == "source_more_defined"
    assert verdict("", body("inbounds"), "ret i32 0").reason == "source_always_ub"


def test_gep_inbounds_nuw_with_negative_offset_is_poison():
    src = """
  %a = alloca [4 x i8], align 4
  %end = getelementptr inbounds i8, ptr %a, i64 2
  %back = getelementptr inbounds i8, ptr %end, i64 -1
  store i8 1, ptr %back, align 1
  ret i32 0
"""
    assert verdict("", src, "ret i32 0").category == "correct"
    tgt = src.replace("inbounds i8, ptr %end", "inbounds nuw i8, ptr %end")
    assert verdict("", src, tgt).reason == "source_more_defined"


def test_dead_store_and_alloca_removal_is_correct():
    src = "%p = alloca i32, align 4\n store i32 0, ptr %p, align 4\n ret i32 0"
    assert verdict("", src, "ret i32 0").category == "correct"
