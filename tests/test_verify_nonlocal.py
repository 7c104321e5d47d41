"""Non-local memory (VERIFIER.md §5): pointer arguments and globals are memory the
caller shares, so src and tgt see the same blocks, and what they leave there at
return is compared ("Mismatch in memory"). Also the memory intrinsics and heap
functions with known semantics (libcalls.py)."""

from __future__ import annotations

import pytest

from veriopt.llvm import ir
from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')


def pair(sig: str, src: str, tgt: str, ret: str = "void", prelude: str = "") -> str:
    return (f"{DL}{prelude}\ndefine {ret} @src({sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")


def test_store_through_argument_removed_reports_the_differing_byte():
    v = check(pair("ptr noundef %p, i32 noundef %x", "store i32 %x, ptr %p, align 4\n ret void",
                   "ret void"))
    assert (v.category, v.reason) == ("semantic_error", "memory_mismatch")
    assert "ERROR: Mismatch in memory" in v.report
    assert "Mismatch in pointer(non-local, block_id=" in v.report
    assert "ptr %p = pointer(non-local, block_id=" in v.report  # inputs print as pointers
    assert v.counterexample is not None and v.counterexample.src_value is not None


def test_o0_spill_of_pointer_argument_is_correct():
    src = """
  %p.addr = alloca ptr, align 8
  %x.addr = alloca i32, align 4
  store ptr %p, ptr %p.addr, align 8
  store i32 %x, ptr %x.addr, align 4
  %a = load i32, ptr %x.addr, align 4
  %q = load ptr, ptr %p.addr, align 8
  %e = getelementptr inbounds i32, ptr %q, i64 1
  store i32 %a, ptr %e, align 4
  ret void
"""
    tgt = """
  %e = getelementptr inbounds i8, ptr %p, i64 4
  store i32 %x, ptr %e, align 4
  ret void
"""
    assert check(pair("ptr noundef %p, i32 noundef %x", src, tgt)).category == "correct"


def test_pointer_loaded_from_argument_memory_may_alias_the_argument():
    # *pp may point back into pp's own object: the second store may overwrite the first.
    src = """
  %q = load ptr, ptr %pp, align 8
  store i32 1, ptr %q, align 4
  store i64 0, ptr %pp, align 8
  %v = load i32, ptr %q, align 4
  ret i32 %v
"""
    tgt = """
  %q = load ptr, ptr %pp, align 8
  store i32 1, ptr %q, align 4
  store i64 0, ptr %pp, align 8
  ret i32 1
"""
    v = check(pair("ptr noundef %pp", src, tgt, ret="i32"))
    assert v.category == "semantic_error"


def test_dereferenceable_or_null_allows_null_but_not_dangling():
    load = "%v = load i8, ptr %p, align 1\n ret i8 %v"
    guarded = ("%c = icmp eq ptr %p, null\n br i1 %c, label %n, label %l\n"
               "n:\n ret i8 0\nl:\n %v = load i8, ptr %p, align 1\n ret i8 %v")
    speculated = ("%c = icmp eq ptr %p, null\n %v = load i8, ptr %p, align 1\n"
                  " %r = select i1 %c, i8 0, i8 %v\n ret i8 %r")
    assert check(pair("ptr noundef dereferenceable(1) %p", load, load, ret="i8")).is_copy
    # speculating the load past the null check is UB when p is null
    v = check(pair("ptr noundef dereferenceable_or_null(1) %p", guarded, speculated, ret="i8"))
    assert v.reason == "source_more_defined"
    v = check(pair("ptr noundef dereferenceable(1) %p", guarded, speculated, ret="i8"))
    assert v.category == "correct"


def test_constant_global_initialiser_is_known_but_mutable_one_is_not():
    body = "%v = load i32, ptr @g, align 4\n ret i32 %v"
    const = "@g = internal constant i32 42, align 4\n"
    mutable = "@g = internal global i32 42, align 4\n"
    assert check(pair("", body, "ret i32 42", ret="i32", prelude=const)).category == "correct"
    v = check(pair("", body, "ret i32 42", ret="i32", prelude=mutable))
    assert v.reason == "value_mismatch"
    external = "@g = external constant i32, align 4\n"  # contents unknown, but read-only
    v = check(pair("", body, "ret i32 42", ret="i32", prelude=external))
    assert v.reason == "value_mismatch"


def test_store_to_constant_global_is_ub(monkeypatch):
    # exercises the model itself, below the known-gaps safety gate
    monkeypatch.setenv("VERIOPT_ALLOW_KNOWN_GAPS", "1")
    prelude = "@g = external constant i32, align 4\n"
    v = check(pair("i32 noundef %x", "ret void", "store i32 %x, ptr @g, align 4\n ret void",
                   prelude=prelude))
    assert v.reason == "source_more_defined"


def test_globals_that_differ_between_modules_are_not_compared():
    # (a mutable global's initialiser does not matter, test_verify_globals.py; its type does)
    src = f"{DL}@g = global i32 1, align 4\ndefine i32 @f() {{\n %v = load i32, ptr @g\n ret i32 %v\n}}\n"
    tgt = src.replace("global i32 1", "global i64 1").replace("ret i32 %v", "ret i32 %v ; x")
    v = check(src, tgt.replace("%v = load i32, ptr @g", "%v = load i32, ptr @g, align 4"))
    assert (v.category, v.reason) == ("inconclusive", "unsupported:global-mismatch")


def test_memcpy_overlap_is_ub_but_memmove_is_not():
    decl = ("declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)\n"
            "declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)\n")
    q = "%q = getelementptr inbounds i8, ptr %p, i64 2\n"
    memcpy = q + " call void @llvm.memcpy.p0.p0.i64(ptr %q, ptr %p, i64 4, i1 false)\n ret void"
    memmove = q + " call void @llvm.memmove.p0.p0.i64(ptr %q, ptr %p, i64 4, i1 false)\n ret void"
    # src overlaps: always UB when the copy happens, so anything refines it
    assert check(pair("ptr noundef %p", memcpy, "ret void", prelude=decl)).category == "correct"
    v = check(pair("ptr noundef %p", memmove, "ret void", prelude=decl))
    assert v.reason == "memory_mismatch"


def test_memmove_reads_every_byte_before_writing():
    decl = "declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)\n"
    src = ("%q = getelementptr inbounds i8, ptr %p, i64 1\n"
           " store i16 513, ptr %p, align 1\n"  # bytes 01 02
           " call void @llvm.memmove.p0.p0.i64(ptr %q, ptr %p, i64 2, i1 false)\n"
           " %v = load i8, ptr %p, align 1\n %w = load i8, ptr %q, align 1\n"
           " %s = add i8 %v, %w\n ret i8 %s")
    tgt = ("%q = getelementptr inbounds i8, ptr %p, i64 1\n"
           " store i8 1, ptr %p, align 1\n store i16 513, ptr %q, align 1\n ret i8 2")
    assert check(pair("ptr noundef %p", src, tgt, ret="i8", prelude=decl)).category == "correct"


def test_memset_with_variable_length_covers_exactly_the_range():
    decl = "declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)\n"
    src = ("call void @llvm.memset.p0.i64(ptr %p, i8 7, i64 %n, i1 false)\n"
           " %q = getelementptr inbounds i8, ptr %p, i64 %i\n"
           " %c = icmp ult i64 %i, %n\n br i1 %c, label %in, label %out\n"
           "in:\n %v = load i8, ptr %q, align 1\n ret i8 %v\nout:\n ret i8 0")
    tgt = ("call void @llvm.memset.p0.i64(ptr %p, i8 7, i64 %n, i1 false)\n"
           " %c = icmp ult i64 %i, %n\n %r = select i1 %c, i8 7, i8 0\n ret i8 %r")
    sig = "ptr noundef %p, i64 noundef %n, i64 noundef %i"
    assert check(pair(sig, src, tgt, ret="i8", prelude=decl)).category == "correct"
    wrong = tgt.replace("i8 7, i8 0", "i8 7, i8 7")
    assert check(pair(sig, src, wrong, ret="i8", prelude=decl)).reason == "value_mismatch"


def test_lifetime_end_kills_a_stack_block():
    decl = ("declare void @llvm.lifetime.start.p0(i64, ptr)\n"
            "declare void @llvm.lifetime.end.p0(i64, ptr)\n")
    src = ("%a = alloca i32, align 4\n call void @llvm.lifetime.start.p0(i64 4, ptr %a)\n"
           " store i32 %x, ptr %a, align 4\n call void @llvm.lifetime.end.p0(i64 4, ptr %a)\n"
           " ret i32 %x")
    tgt = src.replace(" ret i32 %x", " %v = load i32, ptr %a, align 4\n ret i32 %v")
    v = check(pair("i32 noundef %x", src, tgt, ret="i32", prelude=decl))
    assert v.reason == "source_more_defined"


def test_double_free_is_ub_and_free_liveness_is_reported(monkeypatch):
    # exercises the model itself, below the known-gaps safety gate
    monkeypatch.setenv("VERIOPT_ALLOW_KNOWN_GAPS", "1")
    decl = "declare void @free(ptr)\n"
    once = "call void @free(ptr %p)\n ret void"
    twice = "call void @free(ptr %p)\n call void @free(ptr %p)\n ret void"
    assert check(pair("ptr noundef %p", once, twice, prelude=decl)).reason == \
        "source_more_defined"
    v = check(pair("ptr noundef %p", once, "ret void", prelude=decl))
    assert v.reason == "memory_mismatch"
    assert "Mismatch is liveness of blocks. Source: dead / Target: alive" in v.report


def test_calloc_memory_is_zero_and_malloc_memory_is_poison(monkeypatch):
    # exercises the model itself, below the known-gaps safety gate
    monkeypatch.setenv("VERIOPT_ALLOW_KNOWN_GAPS", "1")
    decl = "declare ptr @malloc(i64)\ndeclare ptr @calloc(i64, i64)\n"
    body = ("%m = call ptr @{f}\n %c = icmp eq ptr %m, null\n br i1 %c, label %n, label %y\n"
            "n:\n ret i32 0\ny:\n %v = load i32, ptr %m, align 4\n ret i32 %v")
    calloc = body.replace("{f}", "calloc(i64 1, i64 4)")
    malloc = body.replace("{f}", "malloc(i64 4)")
    zero = calloc.replace("%v = load i32, ptr %m, align 4\n ret i32 %v", "ret i32 0")
    assert check(pair("", calloc, zero, ret="i32", prelude=decl)).category == "correct"
    # malloc'd memory is uninitialised: poison refines to anything, but not the other way
    assert check(pair("", malloc, malloc.replace("ret i32 %v", "ret i32 5"), ret="i32",
                      prelude=decl)).category == "correct"


def test_pointer_comparisons_use_addresses():
    # two arguments' pointers may be equal; an alloca is never null nor a global's
    # start (disjoint objects), but an argument may point anywhere, even at it
    eq = "%c = icmp eq ptr %p, %q\n ret i1 %c"
    assert check(pair("ptr noundef %p, ptr noundef %q", eq, "ret i1 false", ret="i1")).reason \
        == "value_mismatch"
    prelude = "@g = global i32 0, align 4\n"
    for other in ("null", "@g"):
        alloca = f"%a = alloca i32, align 4\n %c = icmp eq ptr %a, {other}\n ret i1 %c"
        v = check(pair("", alloca, "ret i1 false", ret="i1", prelude=prelude))
        assert v.category == "correct", other
    alloca = "%a = alloca i32, align 4\n %c = icmp eq ptr %a, %p\n ret i1 %c"
    v = check(pair("ptr noundef %p", alloca, "ret i1 false", ret="i1"))
    assert v.reason == "value_mismatch"


def test_memory_plan_shares_nonlocal_blocks_and_paired_allocas():
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify.nonlocal_memory import plan_memory

    text = pair("ptr noundef %p",
                "%a = alloca i32, align 4\n %b = alloca i32, align 4\n"
                " call void @f(ptr %a)\n %v = load i32, ptr @g, align 4\n ret void",
                "%a = alloca i32, align 4\n call void @f(ptr %a)\n"
                " %v = load i32, ptr @g, align 4\n ret void",
                prelude="@g = global i32 0, align 4\ndeclare void @f(ptr)\n")
    mod = parse_module(get_toolchain().canonicalize(text))
    plan = plan_memory(mod, mod.function("src"), mod, mod.function("tgt"))
    kinds = [plan.blocks[b].kind for b in sorted(plan.blocks)]
    assert kinds[:3] == ["null", "global", "argument"]
    assert plan.globals == {"g": 1} and plan.params == {0: 2}
    assert plan.local_bids["src"]["a"] == plan.local_bids["tgt"]["a"]  # passed to @f on both
    assert plan.local_bids["src"]["b"] not in plan.local_bids["tgt"].values()
    assert all(not plan.layout.is_local(b) for b in plan.blocks)
    assert plan.layout.is_local(plan.local_bids["src"]["a"])


@pytest.mark.parametrize("attr", ["noalias", "sret(i32)", "byref(i32)"])
def test_pointer_parameter_attributes_not_modelled_are_refused(attr):
    text = pair(f"ptr {attr} %p", "ret void", "%x = add i32 0, 0\n ret void")
    v = check(text)
    assert v.category == "inconclusive" and v.reason.startswith("unsupported:attribute")


def test_pointer_input_type_is_a_pointer():
    from veriopt.verify.encoder import make_inputs
    from veriopt.verify.memory import PointerLayout

    fn = ir.Function("f", ir.VOID, (ir.Param(ir.PTR, ("noundef",), "p"),), blocks=())
    (inp,) = make_inputs(fn, disable_undef=False, disable_poison=False,
                         ptr_layout=PointerLayout(3, 2))
    assert inp.value.size() == 3 + 64


def test_argument_memory_may_be_read_only_so_an_introduced_store_is_ub():
    # dereferenceable does not mean writable: *p may be a constant (Alive2's
    # attrs/dereferenceable-fail2)
    src = ("%v = load i8, ptr %p, align 1\n %c = icmp ne i8 %v, 42\n"
           " br i1 %c, label %s, label %e\ns:\n store i8 42, ptr %p, align 1\n ret void\n"
           "e:\n ret void")
    tgt = "store i8 42, ptr %p, align 1\n ret void"
    v = check(pair("ptr noundef dereferenceable(1) %p", src, tgt))
    assert v.reason == "source_more_defined"


def test_allocation_of_an_impossible_size_fails_instead_of_excusing_the_source():
    decl = "declare ptr @malloc(i64)\n"
    src = "%m = call ptr @malloc(i64 -9223372036854775808)\n ret ptr %m"
    v = check(pair("", src, "ret ptr null", ret="ptr", prelude=decl))
    assert v.category == "correct"  # it fails, so it returns null
    v = check(pair("", src, "ret ptr undef", ret="ptr", prelude=decl))
    assert v.category == "semantic_error"


def test_byval_parameter_is_a_private_copy():
    # stores to the callee's copy are invisible to the caller, and no other
    # argument can point into it
    src = ("store i32 1, ptr %p, align 4\n store i32 2, ptr %q, align 4\n"
           " %v = load i32, ptr %p, align 4\n ret i32 %v")
    tgt = "store i32 2, ptr %q, align 4\n ret i32 1"
    v = check(pair("ptr byval(i32) align 4 %p, ptr noundef %q", src, tgt, ret="i32"))
    assert v.category == "correct"


def test_function_return_attributes_on_pointers():
    body = "ret ptr %p"
    # tgt claiming nonnull/dereferenceable on its result is more poisonous / more UB
    text = (f"{DL}define ptr @src(ptr noundef %p) {{\n {body}\n}}\n"
            f"define nonnull ptr @tgt(ptr noundef %p) {{\n {body}\n}}\n")
    assert check(text).category == "semantic_error"
    text = (f"{DL}define ptr @src(ptr noundef %p) {{\n {body}\n}}\n"
            f"define dereferenceable(4) ptr @tgt(ptr noundef %p) {{\n {body}\n}}\n")
    assert check(text).reason == "source_more_defined"


# ---- bytes of unknown memory may be pointer bytes --------------------------------------------

MEMCPY_DECL = "declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)\n"
COPY_1 = "  call void @llvm.memcpy.p0.p0.i64(ptr %q, ptr %p, i64 1, i1 false)\n  ret void"
LOAD_STORE_1 = "  %v = load i8, ptr %p\n  store i8 %v, ptr %q\n  ret void"


def test_memcpy_of_one_unknown_byte_is_not_an_integer_load_and_store():
    # the byte may be part of a pointer: memcpy copies it exactly, an i8 load of it is
    # poison (Alive2 v19: "Mismatch in memory", memory/memcpy-3-loadstore)
    v = check(pair("ptr %p, ptr %q", COPY_1, LOAD_STORE_1, prelude=MEMCPY_DECL))
    assert (v.category, v.reason) == ("semantic_error", "memory_mismatch")


def test_an_integer_load_and_store_of_one_byte_may_become_memcpy():
    # the other way round: src's copy is poison where the byte was a pointer's
    v = check(pair("ptr %p, ptr %q", LOAD_STORE_1, COPY_1, prelude=MEMCPY_DECL))
    assert v.category == "correct"


def test_a_byte_a_callee_wrote_may_be_a_pointer_byte_too():
    decl = MEMCPY_DECL + "declare void @fill(ptr)\n"
    src = "  call void @fill(ptr %p)\n" + COPY_1
    tgt = "  call void @fill(ptr %p)\n" + LOAD_STORE_1
    v = check(pair("ptr %p, ptr %q", src, tgt, prelude=decl))
    assert v.category == "semantic_error"
    assert check(pair("ptr %p, ptr %q", src, src, prelude=decl)).category == "correct"


# ---- the alignment of an access is the block's, not the address's ----------------------------

ASSUME_DECL = "declare void @llvm.assume(i1)\ndeclare void @g(ptr)\n"
ADDRESS_IS_4_ALIGNED = ("  %i = ptrtoint ptr %p to i64\n  %a = and i64 %i, 3\n"
                        "  %c = icmp eq i64 %a, 0\n  call void @llvm.assume(i1 %c)\n")


def _raise_load_align(sig: str, facts: str) -> str:
    return pair(sig, f"{facts}  %v = load i8, ptr %p\n  ret i8 %v",
                f"{facts}  %v = load i8, ptr %p, align 4\n  ret i8 %v", "i8", ASSUME_DECL)


@pytest.mark.parametrize("facts", [
    ADDRESS_IS_4_ALIGNED,
    '  call void @llvm.assume(i1 true) [ "align"(ptr %p, i64 4) ]\n',
    "  call void @g(ptr align(4) noundef %p)\n",
], ids=["assume-ptrtoint", "align-bundle", "call-site-align"])
def test_facts_about_the_address_do_not_raise_an_access_alignment(facts):
    # Alive2 v19 checks an access's alignment against what its memory model knows of
    # the block (alive-tv: memory/align, attrs/align-callsite-withnoundef): these
    # say only that the address is aligned, so tgt's align 4 may be UB
    v = check(_raise_load_align("ptr %p", facts))
    assert (v.category, v.reason) == ("semantic_error", "source_more_defined")


def test_the_parameter_attribute_or_an_earlier_access_do_raise_it():
    assert check(_raise_load_align("ptr align 4 %p", "")).category == "correct"
    earlier = "  %w = load i8, ptr %p, align 4\n"
    assert check(_raise_load_align("ptr %p", earlier)).category == "correct"


def test_a_call_site_align_attribute_still_makes_the_address_aligned():
    text = pair("ptr %p", "  call void @g(ptr align(4) noundef %p)\n"
                "  %i = ptrtoint ptr %p to i64\n  %a = and i64 %i, 3\n  ret i64 %a",
                "  call void @g(ptr align(4) noundef %p)\n  ret i64 0", "i64", ASSUME_DECL)
    assert check(text).category == "correct"


# ---- allocas of disjoint lifetimes may share a slot -------------------------------------------

LIFETIME_DECL = ("declare void @llvm.lifetime.start.p0(i64, ptr)\n"
                 "declare void @llvm.lifetime.end.p0(i64, ptr)\n")
TWO_SLOTS = ("  %p = alloca i32\n  %q = alloca i32\n"
             "  call void @llvm.lifetime.start.p0(i64 4, ptr %p)\n"
             "  call void @llvm.lifetime.end.p0(i64 4, ptr %p)\n"
             "  call void @llvm.lifetime.start.p0(i64 4, ptr %q)\n"
             "  call void @llvm.lifetime.end.p0(i64 4, ptr %q)\n"
             "  %c = icmp eq ptr %p, %q\n")


def test_allocas_of_disjoint_lifetimes_may_share_a_slot():
    # p's slot may be reused for q (LangRef 19; alive-tv: lifetime/lifetime-disjoint),
    # so a tgt that is UB when they coincide is wrong
    text = pair("", TWO_SLOTS + "  %r = zext i1 %c to i8\n  ret i8 %r",
                TWO_SLOTS + "  br i1 %c, label %a, label %b\na:\n  unreachable\nb:\n  ret i8 0",
                "i8", LIFETIME_DECL)
    v = check(text)
    assert (v.category, v.reason) == ("semantic_error", "source_more_defined")
    # ...and so is a tgt that says they never do
    text = pair("", TWO_SLOTS + "  %r = zext i1 %c to i8\n  ret i8 %r", "  ret i8 0", "i8",
                LIFETIME_DECL)
    assert check(text).category == "semantic_error"


def test_allocas_without_lifetime_markers_are_still_disjoint():
    slots = "  %p = alloca i32\n  %q = alloca i32\n  %c = icmp eq ptr %p, %q\n"
    text = pair("", slots + "  %r = zext i1 %c to i8\n  ret i8 %r", "  ret i8 0", "i8")
    assert check(text).category == "correct"


def test_align_with_dereferenceable_or_on_a_result_does_raise_it():
    # dereferenceable(4) align(4) is "4 bytes dereferenceable at that alignment", and a
    # callee's result align is the block it hands out: both are facts of the memory
    # model (alive-tv: attrs/align-callsite4-withnoundef, attrs/align-ret-callsite)
    decl = "declare void @h(ptr align(4) dereferenceable(4) noundef)\ndeclare ptr @r()\n"
    arg = pair("ptr %p", "  call void @h(ptr %p)\n  %v = load i8, ptr %p\n  ret i8 %v",
               "  call void @h(ptr %p)\n  %v = load i8, ptr %p, align 4\n  ret i8 %v", "i8", decl)
    assert check(arg).category == "correct"
    res = pair("", "  %p = call align 4 ptr @r()\n  %v = load i8, ptr %p\n  ret i8 %v",
               "  %p = call align 4 ptr @r()\n  %v = load i8, ptr %p, align 4\n  ret i8 %v",
               "i8", decl)
    assert check(res).category == "correct"


def test_strlen_of_unknown_memory_that_may_hold_pointer_bytes_is_ub_there():
    # a pointer byte reads as poison (as an i8 load of it would), and strlen branches
    # on it: so strlen(p) == 0 may become load(p) == 0 (alive-tv: memory/strlen-load)
    decl = "declare i64 @strlen(ptr)\n"
    text = pair("ptr %p", "  %l = call i64 @strlen(ptr %p)\n  %c = icmp eq i64 %l, 0\n  ret i1 %c",
                "  %v = load i8, ptr %p\n  %c = icmp eq i8 %v, 0\n  ret i1 %c", "i1", decl)
    assert check(text).category == "correct"


# ---- writable (LangRef 19): the dereferenceable bytes are loaded and stored back on entry ----


def _spurious_store(attrs: str) -> str:
    body = ("  %v = load i32, ptr %p\n  %c = icmp ne i32 %v, 42\n  br i1 %c, label %t, label %e\n"
            "t:\n  store i32 42, ptr %p\n  ret void\ne:\n  ret void")
    return pair(f"ptr {attrs} %p", body, "  store i32 42, ptr %p\n  ret void", "void")


@pytest.mark.parametrize("attrs, expect", [
    ("writable dereferenceable(4)", "correct"),
    ("dereferenceable(4)", "semantic_error"),  # the memory may be read-only
    ("writable", "semantic_error"),  # without dereferenceable, writable says nothing
])
def test_writable_lets_a_store_be_introduced(attrs: str, expect: str):
    assert check(_spurious_store(attrs)).category == expect


# ---- integer constant expressions (LLVM 19: add, sub, mul, shl, xor) -----------------------

CONST_GLOBALS = "@g = global i8 0\n@h = global i8 0\n"
DIFF = "sub (i64 ptrtoint (ptr @g to i64), i64 ptrtoint (ptr @h to i64))"


def test_constant_expression_is_the_instruction_on_constants():
    src = f"  ret i64 {DIFF}"
    tgt = ("  %a = ptrtoint ptr @g to i64\n  %b = ptrtoint ptr @h to i64\n"
           "  %d = sub i64 %a, %b\n  ret i64 %d")
    assert check(pair("", src, tgt, "i64", CONST_GLOBALS)).category == "correct"
    wrong = tgt.replace("sub i64 %a, %b", "sub i64 %b, %a")
    assert check(pair("", src, wrong, "i64", CONST_GLOBALS)).reason == "value_mismatch"


def test_two_globals_are_never_at_the_same_address():
    src = f"  %c = icmp eq i64 {DIFF}, 0\n  ret i1 %c"
    assert check(pair("", src, "  ret i1 false", "i1", CONST_GLOBALS)).category == "correct"
