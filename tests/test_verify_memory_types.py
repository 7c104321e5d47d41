"""Memory accesses of non-byte-sized integers, aggregate padding, and the GEP
``nusw``/``nuw`` flags without ``inbounds`` (memory.py, aggregates.py, encoder.py).

Expected verdicts from the LangRef (LLVM 19) and Alive2 where the LangRef leaves a
choice (VERIFIER.md):

* a store of ``iN`` (N % 8 != 0) writes its store size; the extra bits are
  unspecified; a load of ``iN`` is poison unless the bytes were written by a store
  of ``iN`` ("undefined" in the LangRef, poison in Alive2); reading such bytes as
  another type is not modelled (inconclusive);
* a store of an aggregate fills its padding with undef (LangRef; Alive2: poison):
  src reads padding as undef, tgt as poison, so a verdict holds under both;
* ``gep nusw``: the offsets (times their sizes, summed) do not overflow signed and
  adding them to the address does not leave [0, 2^64); ``gep nuw``: no unsigned
  overflow anywhere; otherwise the result is poison.
"""

from __future__ import annotations

from veriopt.verify import Verdict, check

DL = 'target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'


def verdict(sig: str, src_body: str, tgt_body: str, ret: str = "i32",
            prelude: str = "") -> Verdict:
    text = (f"{DL}{prelude}\ndefine {ret} @src({sig}) {{\n{src_body.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt_body.strip()}\n}}\n")
    return check(text, timeout=PROOF_TIMEOUT_S)


#: Every expectation here is a proven verdict: give the solver a budget no query comes near,
#: so the verdict does not depend on the machine's load (the checks take seconds at most).
PROOF_TIMEOUT_S = 120.0


# ---- non-byte-sized integers ------------------------------------------------------------------


def test_i1_and_i12_round_trip_through_memory():
    i1 = "%p = alloca i1\n store i1 %x, ptr %p\n %v = load i1, ptr %p\n ret i1 %v"
    assert verdict("i1 noundef %x", i1, "ret i1 %x", ret="i1").category == "correct"
    assert verdict("i1 noundef %x", i1, "ret i1 false", ret="i1").reason == "value_mismatch"
    i12 = "%p = alloca i16\n store i12 %x, ptr %p\n %v = load i12, ptr %p\n ret i12 %v"
    assert verdict("i12 noundef %x", i12, "ret i12 %x", ret="i12").category == "correct"
    assert verdict("i12 noundef %x", i12, "ret i12 0", ret="i12").reason == "value_mismatch"


def test_a_non_byte_sized_load_of_other_bytes_is_poison():
    # the byte was written as an i8 (Alive2: poison; LangRef: undefined)
    src = "%p = alloca i8\n store i8 %x, ptr %p\n %v = load i4, ptr %p\n ret i4 %v"
    assert verdict("i8 noundef %x", src, "ret i4 poison", ret="i4").category == "correct"
    # byte 1 of an i12 is not an i4
    src = """
  %p = alloca i16
  store i12 %x, ptr %p
  %q = getelementptr i8, ptr %p, i64 1
  %v = load i4, ptr %q
  ret i4 %v
"""
    assert verdict("i12 noundef %x", src, "ret i4 poison", ret="i4").category == "correct"
    # uninitialised stack memory
    assert verdict("", "%p = alloca i8\n %v = load i1, ptr %p\n ret i1 %v", "ret i1 poison",
                   ret="i1").category == "correct"


def test_reading_the_bytes_of_a_non_byte_sized_store_as_another_type_is_inconclusive():
    src = "%p = alloca i8\n store i4 %x, ptr %p\n %v = load i8, ptr %p\n ret i8 %v"
    v = verdict("i4 noundef %x", src, "ret i8 0", ret="i8")
    assert (v.category, v.reason) == ("inconclusive", "unsupported:load-of-unspecified-bytes")


def test_non_byte_sized_loads_of_caller_memory():
    load = "%v = load i4, ptr %p\n ret i4 %v"
    same = "%w = load i4, ptr %p\n %v = add i4 %w, 0\n ret i4 %v"
    assert verdict("ptr %p", load, same, ret="i4").category == "correct"
    # the caller may have stored an i4 there: the value is not poison then
    assert verdict("ptr %p", load, "ret i4 poison", ret="i4").reason == "target_more_poisonous"
    assert verdict("ptr %p", load, "ret i4 3", ret="i4").reason == "value_mismatch"
    # after an unknown call that may have stored one
    call = "call void @g()\n %v = load i1, ptr %p\n ret i1 %v"
    assert verdict("ptr %p", call, "call void @g()\n ret i1 poison", ret="i1",
                   prelude="declare void @g()").reason == "target_more_poisonous"


def test_non_byte_sized_stores_to_caller_memory():
    store = "store i1 %x, ptr %p\n ret void"
    assert verdict("ptr %p, i1 noundef %x", store, "%y = xor i1 %x, 0\n store i1 %y, ptr %p\n"
                   " ret void", ret="void").category == "correct"
    assert verdict("ptr %p, i1 noundef %x", store, "%y = xor i1 %x, 1\n store i1 %y, ptr %p\n"
                   " ret void", ret="void").reason == "memory_mismatch"
    # an i8 with the same low bit is a different byte for a caller that loads i1
    assert verdict("ptr %p, i1 noundef %x", store, "%z = zext i1 %x to i8\n"
                   " store i8 %z, ptr %p\n ret void", ret="void").reason == "memory_mismatch"


def test_umul_vs_smul_overflow_flag_in_memory():
    # Alive2's memory/umul_overflow-fail: the i1 of { i16, i1 } differs
    body = """
  %m = call {{ i16, i1 }} @llvm.{op}.with.overflow.i16(i16 %a, i16 %b)
  store {{ i16, i1 }} %m, ptr %p
  ret void
"""
    prelude = ("declare { i16, i1 } @llvm.umul.with.overflow.i16(i16, i16)\n"
               "declare { i16, i1 } @llvm.smul.with.overflow.i16(i16, i16)")
    sig = "i16 %a, i16 %b, ptr %p"
    assert verdict(sig, body.format(op="umul"), body.format(op="smul"), ret="void",
                   prelude=prelude).reason == "memory_mismatch"


# ---- aggregate padding ----------------------------------------------------------------------

STRUCT = """
  %s0 = insertvalue {{i8, i32}} poison, i8 %a, 0
  %s1 = insertvalue {{i8, i32}} %s0, i32 %b, 1
  store {{i8, i32}} %s1, ptr %p
  {rest}
"""
SIG = "ptr noundef %p, i8 noundef %a, i32 noundef %b"


def test_an_aggregate_store_writes_its_fields():
    src = STRUCT.format(rest="%q = getelementptr i8, ptr %p, i64 4\n %v = load i32, ptr %q\n"
                             " ret i32 %v")
    assert verdict(SIG, src, STRUCT.format(rest="ret i32 %b")).category == "correct"
    assert verdict(SIG, src, STRUCT.format(rest="ret i32 0")).reason == "value_mismatch"


def test_an_aggregate_store_clobbers_its_padding():
    fields = """
  store i8 %a, ptr %p
  %q = getelementptr i8, ptr %p, i64 4
  store i32 %b, ptr %q
  ret void
"""
    # padding becomes undef (or poison): not a refinement of what was there
    assert verdict(SIG, fields, STRUCT.format(rest="ret void"), ret="void").reason == \
        "memory_mismatch"
    # the other way, the old bytes may be poison: not a refinement of undef padding
    # (a refinement if the padding is poison, as in Alive2: sound either way)
    assert verdict(SIG, STRUCT.format(rest="ret void"), fields, ret="void").reason == \
        "memory_mismatch"
    # defined bytes do refine the padding
    zeroed = fields.replace("store i8 %a, ptr %p", "store i64 0, ptr %p, align 4\n store i8 %a, ptr %p")
    assert verdict(SIG, STRUCT.format(rest="ret void"), zeroed, ret="void").category == \
        "correct"


def test_padding_read_back_is_undef_in_src_and_poison_in_tgt():
    read = STRUCT.format(rest="%q = getelementptr i8, ptr %p, i64 1\n %v = load i8, ptr %q\n"
                              " ret i8 %v")
    # src's padding byte is at least undef: a constant refines it
    assert verdict(SIG, read, STRUCT.format(rest="ret i8 0"), ret="i8").category == "correct"
    # tgt's padding may be poison (Alive2)
    assert verdict(SIG, STRUCT.format(rest="ret i8 0"), read, ret="i8").reason == \
        "target_more_poisonous"


def test_an_aggregate_access_needs_its_whole_store_size():
    # { i8, i32 } is 8 bytes with its padding: a 5-byte block is too small
    load = "%p = alloca [5 x i8], align 4\n %v = load {i8, i32}, ptr %p, align 4\n ret i32 0"
    assert verdict("", load, "ret i32 1").category == "correct"  # src is always UB
    assert verdict("", "ret i32 0", load).reason == "source_more_defined"
    ok = load.replace("[5 x i8]", "[8 x i8]")
    assert verdict("", "ret i32 0", ok).category == "correct"


# ---- gep nusw / nuw without inbounds ------------------------------------------------------------


def gep(flags: str, idx: str = "i64 %i", ty: str = "i8") -> str:
    return f"%q = getelementptr {flags} {ty}, ptr %p, {idx}\n ret ptr %q"


def test_gep_flags_can_be_dropped_not_added():
    sig = "ptr %p, i64 %i"
    for flags in ("nusw", "nuw", "nusw nuw", "inbounds"):
        assert verdict(sig, gep(flags), gep(""), ret="ptr").category == "correct", flags
    for flags in ("nusw", "nuw"):
        assert verdict(sig, gep(""), gep(flags), ret="ptr").reason == \
            "target_more_poisonous", flags
    assert verdict(sig, gep("inbounds"), gep("nusw"), ret="ptr").category == "correct"
    assert verdict(sig, gep("nusw"), gep("inbounds"), ret="ptr").reason == \
        "target_more_poisonous"


def test_gep_nuw_with_a_negative_offset_wraps_unless_the_address_is_small():
    # address + (2^64 - 1) wraps for every address but 0 (null): not always poison
    sig = "ptr noundef %p"
    assert verdict(sig, gep("nuw", "i64 -1"), "ret ptr poison", ret="ptr").reason == \
        "target_more_poisonous"
    assert verdict(sig, gep("nuw", "i64 -1"), gep("", "i64 -1"), ret="ptr").category == \
        "correct"
    # with inbounds, a negative offset always wraps: poison
    assert verdict(sig, gep("inbounds nuw", "i64 -1"), "ret ptr poison",
                   ret="ptr").category == "correct"


def test_gep_nuw_means_no_unsigned_wrap_of_the_address():
    cmp = "%q = getelementptr {f} i8, ptr %p, i64 %i\n %c = icmp uge ptr %q, %p\n ret i1 %c"
    sig = "ptr noundef %p, i64 noundef %i"
    assert verdict(sig, cmp.format(f="nuw"), "ret i1 true", ret="i1").category == "correct"
    assert verdict(sig, cmp.format(f="nusw"), "ret i1 true", ret="i1").reason == \
        "value_mismatch"
    # nusw: a non-negative offset does not wrap either
    nonneg = cmp.format(f="nusw").replace(
        "ret i1 %c", "%n = icmp sge i64 %i, 0\n %r = select i1 %n, i1 %c, i1 true\n ret i1 %r")
    assert verdict(sig, nonneg, "ret i1 true", ret="i1").category == "correct"


def test_gep_nowrap_flags_cover_the_index_arithmetic():
    sig = "ptr %p, i8 %i"
    # nusw implies mul nsw of index and size, nuw implies mul nuw (i8 sign-extended)
    assert verdict(sig, gep("nusw", "i8 %i", "i16"),
                   "%j = sext i8 %i to i64\n %k = mul nsw i64 %j, 2\n" + gep("nusw", "i64 %k"),
                   ret="ptr").category == "correct"
    assert verdict(sig, gep("nuw", "i8 %i", "i16"),
                   "%j = sext i8 %i to i64\n %k = mul nuw i64 %j, 2\n" + gep("nuw", "i64 %k"),
                   ret="ptr").category == "correct"
    # a wide index must survive truncation: nuw as unsigned, nusw as signed
    assert verdict("ptr %p, i32 %i", gep("nuw", "i32 %i"),
                   "%t = sext i32 %i to i64\n %w = zext i64 %t to i68\n" + gep("nuw", "i68 %w"),
                   ret="ptr").category == "correct"
    assert verdict("ptr %p, i32 %i", gep("nusw", "i32 %i"),
                   "%w = sext i32 %i to i68\n" + gep("nusw", "i68 %w"),
                   ret="ptr").category == "correct"
    assert verdict("ptr %p, i68 %i", gep("", "i68 %i"), gep("nuw", "i68 %i"),
                   ret="ptr").reason == "target_more_poisonous"


def test_gep_nusw_offsets_without_the_base_do_not_overflow():
    # two steps whose sum overflows signed (as i64 offsets): poison under nusw,
    # whatever the address
    big = "i64 4611686018427387904"  # 2^62: 2^62 * 2 bytes overflows
    two = f"%q = getelementptr nusw [1 x i16], ptr %p, {big}, {big}\n ret ptr %q"
    assert verdict("ptr noundef %p", two, "ret ptr poison", ret="ptr").category == "correct"


# ---- types without bytes ---------------------------------------------------------------------


def test_an_access_of_no_bytes_still_needs_an_aligned_non_poison_pointer():
    """``load {}`` / ``store [0 x i8]`` touch no byte, but they are loads and stores:
    LangRef 19 makes overestimating their alignment UB, and a poison pointer operand
    UB. A tgt that raises such an access's alignment (or adds one through poison) is
    wrong; src's own such access may justify a tgt that assumes the alignment. No
    live block is required (Alive2 checks the alignment alone)."""
    for access in ("%x = load {}, ptr %p, align 2", "store [0 x i8] zeroinitializer, ptr %p, align 8"):
        raised = verdict("ptr noundef %p", "ret i32 0", f"{access}\nret i32 0")
        assert (raised.category, raised.reason) == ("semantic_error", "source_more_defined")
    same = verdict("ptr noundef %p", "%x = load {}, ptr %p, align 1\nret i32 0", "ret i32 0")
    assert same.category == "correct"
    through_poison = verdict("ptr %p", "ret i32 0", "store {} zeroinitializer, ptr poison\nret i32 0")
    assert through_poison.category == "semantic_error"
    # src's aligned access says the address is a multiple of 4 (or src is UB)
    assumed = verdict("ptr noundef %p",
                      "%x = load {}, ptr %p, align 4\n%i = ptrtoint ptr %p to i64\n"
                      "%m = and i64 %i, 3\n%r = trunc i64 %m to i32\nret i32 %r",
                      "%x = load {}, ptr %p, align 4\nret i32 0")
    assert assumed.category == "correct"
