"""Library functions with exact semantics (libcalls.py): ``strlen``, ``realloc``,
``fwrite``/``fputc``, and heap blocks the caller never sees.

Expected verdicts come from the C standard (C11 7.21.7.3 fputc, 7.21.8.2 fwrite,
7.22.3.5 realloc, 7.24.6.3 strlen), LangRef, and Alive2's choices where C leaves
room (a poison byte read by ``strlen`` is UB; ``realloc(p, 0)`` frees ``p``)."""

from __future__ import annotations

import pytest

from veriopt.verify import check

DL = ('target datalayout = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"\n'
      'target triple = "aarch64-unknown-linux-gnu"\n')
DECLS = ("declare i64 @strlen(ptr)\ndeclare ptr @malloc(i64)\ndeclare ptr @realloc(ptr, i64)\n"
         "declare i64 @fwrite(ptr, i64, i64, ptr)\ndeclare i32 @fputc(i32, ptr)\n")


def pair(sig: str, src: str, tgt: str, ret: str = "i64", prelude: str = "") -> str:
    return (f"{DL}{prelude}{DECLS}\ndefine {ret} @src({sig}) {{\n{src.strip()}\n}}\n\n"
            f"define {ret} @tgt({sig}) {{\n{tgt.strip()}\n}}\n")


def verdict(*args: str, **kw: str) -> tuple[str, str]:
    v = check(pair(*args, **kw))
    return v.category, v.reason


# ---- strlen -------------------------------------------------------------------------------------

STR = '@s = constant [6 x i8] c"abcde\\00"\n'


def test_strlen_of_a_constant_string_is_its_length():
    src = "%l = call i64 @strlen(ptr @s)\n ret i64 %l"
    assert verdict("", src, "ret i64 5", prelude=STR)[0] == "correct"
    assert verdict("", src, "ret i64 6", prelude=STR) == ("semantic_error", "value_mismatch")
    # from an offset into the string
    src = "%q = getelementptr i8, ptr @s, i64 2\n %l = call i64 @strlen(ptr %q)\n ret i64 %l"
    assert verdict("", src, "ret i64 3", prelude=STR)[0] == "correct"


def test_strlen_of_a_string_built_in_a_local_buffer():
    src = ("%b = alloca [8 x i8]\n store i8 97, ptr %b\n %b1 = getelementptr i8, ptr %b, i64 1\n"
           " store i8 98, ptr %b1\n %b2 = getelementptr i8, ptr %b, i64 2\n store i8 0, ptr %b2\n"
           " %l = call i64 @strlen(ptr %b)\n ret i64 %l")
    assert verdict("", src, "ret i64 2")[0] == "correct"
    assert verdict("", src, "ret i64 3") == ("semantic_error", "value_mismatch")


def test_strlen_without_a_terminator_in_the_block_is_ub():
    # reads past the end of the object: UB, so any target refines it
    prelude = '@t = constant [3 x i8] c"abc"\n'
    src = "%l = call i64 @strlen(ptr @t)\n ret i64 %l"
    assert verdict("", src, "ret i64 42", prelude=prelude) == ("correct", "source_always_ub")


def test_strlen_of_uninitialised_bytes_is_ub():
    src = "%b = alloca [4 x i8]\n %l = call i64 @strlen(ptr %b)\n ret i64 %l"
    assert verdict("", src, "ret i64 42") == ("correct", "source_always_ub")


def test_strlen_of_null_is_ub():
    assert verdict("", "%l = call i64 @strlen(ptr null)\n ret i64 %l",
                   "ret i64 0") == ("correct", "source_always_ub")


def test_introducing_strlen_of_a_maybe_unterminated_buffer_is_incorrect():
    # @g's contents on entry are unknown: it may hold no zero byte
    prelude = "@g = global [4 x i8] zeroinitializer\n"
    assert verdict("", "ret i64 0", "%l = call i64 @strlen(ptr @g)\n ret i64 0",
                   prelude=prelude) == ("semantic_error", "source_more_defined")


def test_strlen_is_zero_iff_the_first_byte_is_zero():
    # Alive2 memory/strlen-load2: a poison first byte makes src UB
    src = "%l = call i64 @strlen(ptr %p)\n %c = icmp eq i64 %l, 0\n ret i1 %c"
    tgt = "%v = load i8, ptr %p\n %c = icmp eq i8 %v, 0\n ret i1 %c"
    assert verdict("ptr %p", src, tgt, ret="i1")[0] == "correct"
    wrong = "%v = load i8, ptr %p\n %c = icmp eq i8 %v, 1\n ret i1 %c"
    assert verdict("ptr %p", src, wrong, ret="i1")[0] != "correct"


def test_strlen_of_an_unbounded_string_is_the_same_in_src_and_tgt():
    src = "%l = call i64 @strlen(ptr %p)\n ret i64 %l"
    assert verdict("ptr %p", src, src.replace("%l", "%m"))[0] == "correct"
    # past the bytes read exactly the length is unknown: never a wrong "incorrect"
    v = verdict("ptr %p", src, "ret i64 16")
    assert v == ("inconclusive", "approximated:strlen")


STEP = """
  %v = load i8, ptr %p
  %z = icmp eq i8 %v, 0
  br i1 %z, label %a, label %b
a:
  ret i64 0
b:
  %q = getelementptr inbounds i8, ptr %p, i64 1
  %l = call i64 @strlen(ptr %q)
  %r = add i64 %l, {k}
  ret i64 %r
"""


def test_strlen_of_an_unbounded_string_is_one_more_than_from_its_second_byte():
    # strlen's own recursion, past the bytes read one by one (alive-tv: memory/strlen-load3)
    whole = "%l = call i64 @strlen(ptr %p)\n ret i64 %l"
    assert verdict("ptr %p", STEP.format(k=1), whole) == ("correct", "")
    assert verdict("ptr %p", whole, STEP.format(k=1)) == ("correct", "")
    # not two more, and not without looking at the first byte
    assert verdict("ptr %p", STEP.format(k=2), whole)[0] != "correct"
    no_test = ("%q = getelementptr inbounds i8, ptr %p, i64 1\n"
               " %l = call i64 @strlen(ptr %q)\n %r = add i64 %l, 1\n ret i64 %r")
    assert verdict("ptr %p", no_test, whole)[0] != "correct"


def test_strlen_sees_a_store_before_it():
    # after a store of a non-zero byte to p[0] the length is not 0
    src = ("store i8 1, ptr %p\n %l = call i64 @strlen(ptr %p)\n %c = icmp eq i64 %l, 0\n"
           " ret i1 %c")
    assert verdict("ptr %p", src, "store i8 1, ptr %p\n ret i1 false", ret="i1")[0] == "correct"
    assert verdict("ptr %p", src, "store i8 1, ptr %p\n ret i1 true", ret="i1")[0] != "correct"


# ---- realloc ------------------------------------------------------------------------------------

GROW = """
  %p = call ptr @malloc(i64 4)
  %n = icmp eq ptr %p, null
  br i1 %n, label %fail, label %ok
fail:
  ret i32 -1
ok:
  store i32 7, ptr %p
  %q = call ptr @realloc(ptr %p, i64 {size})
  %m = icmp eq ptr %q, null
  br i1 %m, label %old, label %new
old:
  %a = load i32, ptr %p
  ret i32 %a
new:
  {new}
"""


def grow(size: int = 8, new: str = "%b = load i32, ptr %q\n ret i32 %b") -> str:
    return GROW.format(size=size, new=new)


def test_realloc_copies_the_old_contents_and_keeps_them_on_failure():
    ret7 = grow(new="ret i32 7").replace("%a = load i32, ptr %p\n  ret i32 %a", "ret i32 7")
    assert verdict("", grow(), ret7, ret="i32")[0] == "correct"
    ret8 = grow(new="ret i32 8")
    assert verdict("", grow(), ret8, ret="i32") == ("semantic_error", "value_mismatch")


def test_realloc_to_a_smaller_size_keeps_the_prefix_and_the_rest_is_poison():
    src = grow(size=2, new="%b = load i16, ptr %q\n %z = zext i16 %b to i32\n ret i32 %z")
    tgt = grow(size=2, new="ret i32 7")
    assert verdict("", src, tgt, ret="i32")[0] == "correct"
    # a load past the new size is UB
    src = grow(size=2, new="%b = load i32, ptr %q\n ret i32 %b")
    assert verdict("", src, grow(size=2, new="ret i32 0"), ret="i32")[0] == "correct"


def test_bytes_past_the_old_size_are_poison():
    src = grow(new="%g = getelementptr i8, ptr %q, i64 4\n %b = load i32, ptr %g\n ret i32 %b")
    tgt = grow(new="ret i32 5")
    assert verdict("", src, tgt, ret="i32")[0] == "correct"
    assert verdict("", tgt, src, ret="i32") == ("semantic_error", "target_more_poisonous")


def test_the_old_block_is_freed_when_realloc_succeeds():
    src = grow(new="%b = load i32, ptr %p\n ret i32 %b")  # use after free: UB
    assert verdict("", src, grow(new="ret i32 123"), ret="i32")[0] == "correct"
    # (whether realloc succeeds is each side's own choice: src may pick success, UB,
    # whatever tgt's realloc did)
    assert verdict("", src, grow(new="ret i32 123").replace(
        "%a = load i32, ptr %p\n  ret i32 %a", "ret i32 0"), ret="i32")[0] == "correct"
    # but a failed realloc leaves it alive: that path must still return 7
    bad = grow().replace("%a = load i32, ptr %p\n  ret i32 %a", "ret i32 0")
    assert verdict("", grow(), bad, ret="i32") == ("semantic_error", "value_mismatch")


def test_realloc_to_zero_frees_the_block():
    # Alive2 memory/realloc-zero: realloc(p, 0) always frees p
    src = ("%p = call ptr @malloc(i64 4)\n %q = call ptr @realloc(ptr %p, i64 0)\n"
           " %v = load i8, ptr %p\n ret i64 0")
    assert verdict("", src, "ret i64 -1") == ("correct", "source_always_ub")


def test_realloc_of_null_is_malloc():
    src = ("%q = call ptr @realloc(ptr null, i64 4)\n %m = icmp eq ptr %q, null\n"
           " br i1 %m, label %a, label %b\na:\n ret i32 0\nb:\n store i32 3, ptr %q\n"
           " %v = load i32, ptr %q\n ret i32 %v")
    assert verdict("", src, src.replace("%v = load i32, ptr %q\n ret i32 %v", "ret i32 3"),
                   ret="i32")[0] == "correct"


def test_realloc_of_null_and_malloc_are_one_call():
    # C11 7.22.3.5 (alive-tv: memory/realloc-null): the same block, in either direction
    alloc = "%q = call ptr @{f}\n store i8 5, ptr %q\n ret ptr %q"
    by_realloc, by_malloc = (alloc.format(f=f) for f in ("realloc(ptr null, i64 3)",
                                                         "malloc(i64 3)"))
    assert verdict("", by_realloc, by_malloc, ret="ptr") == ("correct", "")
    assert verdict("", by_malloc, by_realloc, ret="ptr") == ("correct", "")
    # another size, or a realloc of a pointer that may not be null, is another call:
    # an allocation src does not make, not proved
    assert verdict("", by_realloc, alloc.format(f="malloc(i64 4)"), ret="ptr")[0] \
        != "correct"
    assert verdict("ptr %p", by_realloc.replace("ptr null", "ptr %p"), by_malloc,
                   ret="ptr")[0] != "correct"


def test_realloc_of_a_stack_or_interior_pointer_is_ub():
    src = "%a = alloca i32\n %q = call ptr @realloc(ptr %a, i64 8)\n ret i64 0"
    assert verdict("", src, "ret i64 1") == ("correct", "source_always_ub")
    src = ("%p = call ptr @malloc(i64 4)\n %g = getelementptr i8, ptr %p, i64 1\n"
           " %q = call ptr @realloc(ptr %g, i64 8)\n %c = icmp eq ptr %p, null\n"
           " br i1 %c, label %a, label %b\na:\n ret i64 0\nb:\n ret i64 1")
    tgt = src.replace("b:\n ret i64 1", "b:\n ret i64 2")
    assert verdict("", src, tgt)[0] == "correct"  # %p non-null: realloc(%p + 1) is UB


# ---- heap blocks the caller never sees -------------------------------------------------------------


def test_stores_to_a_heap_block_that_never_escapes_may_be_removed():
    src = ("%p = call ptr @malloc(i64 4)\n %c = icmp eq ptr %p, null\n"
           " br i1 %c, label %a, label %b\na:\n ret i64 0\nb:\n store i8 5, ptr %p\n ret i64 1")
    tgt = src.replace(" store i8 5, ptr %p\n", "")
    assert verdict("", src, tgt)[0] == "correct"
    # once its address is stored where the caller can see it, the store is observable
    prelude = "@G = global ptr null\n"
    esc = src.replace("b:\n", "b:\n store ptr %p, ptr @G\n")
    assert verdict("", esc, esc.replace(" store i8 5, ptr %p\n", ""),
                   prelude=prelude) == ("semantic_error", "memory_mismatch")
    ret = src.replace("ret i64 1", "ret i64 1").replace("define i64", "define i64")
    escaped = ret.replace("b:\n store i8 5, ptr %p\n ret i64 1",
                          "b:\n store i8 5, ptr %p\n call void @use(ptr %p)\n ret i64 1")
    prelude = "declare void @use(ptr)\n"
    v = verdict("", escaped, escaped.replace(" store i8 5, ptr %p\n", ""), prelude=prelude)
    assert v[0] != "correct"


def test_private_allocations_follow_derived_pointers():
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.verify.call_sites import private_allocations

    text = pair("ptr %out", "%p = call ptr @malloc(i64 8)\n %q = call ptr @malloc(i64 8)\n"
                " %g = getelementptr i8, ptr %p, i64 4\n store i8 1, ptr %g\n"
                " %h = getelementptr i8, ptr %q, i64 4\n store ptr %h, ptr %out\n"
                " %r = call ptr @realloc(ptr %p, i64 16)\n %i = ptrtoint ptr %r to i64\n"
                " ret i64 %i", "ret i64 0")
    mod = parse_module(get_toolchain().canonicalize(text))
    assert private_allocations(mod.function("src")) == frozenset({"p"})


# ---- fwrite / fputc -----------------------------------------------------------------------------


def test_fwrite_of_nothing_returns_zero():
    for size, count in (("1", "0"), ("0", "7"), ("%n", "0")):
        src = f"%r = call i64 @fwrite(ptr %p, i64 {size}, i64 {count}, ptr %f)\n ret i64 %r"
        assert verdict("ptr %p, ptr %f, i64 %n", src, "ret i64 0")[0] == "correct"
    src = "%r = call i64 @fwrite(ptr %p, i64 1, i64 0, ptr %f)\n ret i64 %r"
    assert verdict("ptr %p, ptr %f, i64 %n", src, "ret i64 1") == ("semantic_error",
                                                                   "value_mismatch")


FWRITE1 = "%r = call i64 @fwrite(ptr %p, i64 1, i64 1, ptr %f)\n ret i64 0"
FPUTC = "%v = load i8, ptr %p\n %c = {ext} i8 %v to i32\n %r = call i32 @fputc(i32 %c, ptr %f)\n" \
        " ret i64 0"


def test_one_byte_fwrite_is_fputc_of_that_byte():
    # instcombine's rewrite (it sign-extends; fputc writes (unsigned char)c either way)
    for ext in ("zext", "sext"):
        assert verdict("ptr %p, ptr %f", FWRITE1, FPUTC.format(ext=ext))[0] == "correct"
    prelude = '@x = constant [5 x i8] c"xpto\\00"\n'
    src = "%r = call i64 @fwrite(ptr @x, i64 1, i64 1, ptr %f)\n ret i64 0"
    tgt = "%r = call i32 @fputc(i32 120, ptr %f)\n ret i64 0"
    assert verdict("ptr %f", src, tgt, prelude=prelude)[0] == "correct"
    # another character, or no call at all, is not a proof
    assert verdict("ptr %f", src, tgt.replace("120", "121"), prelude=prelude)[0] != "correct"
    assert verdict("ptr %f", src, "ret i64 0", prelude=prelude)[0] != "correct"


def test_one_byte_fwrite_whose_count_is_used_is_not_fputc():
    src = "%r = call i64 @fwrite(ptr %p, i64 1, i64 1, ptr %f)\n ret i64 %r"
    tgt = "%v = load i8, ptr %p\n %c = zext i8 %v to i32\n %r = call i32 @fputc(i32 %c, ptr %f)\n" \
          " ret i64 1"
    assert verdict("ptr %p, ptr %f", src, tgt)[0] != "correct"


def test_one_byte_fwrite_reads_its_byte():
    src = "%r = call i64 @fwrite(ptr null, i64 1, i64 1, ptr %f)\n ret i64 0"
    assert verdict("ptr %f", src, "ret i64 1") == ("correct", "source_always_ub")


def test_fputc_depends_on_the_character_only():
    src = "%r = call i32 @fputc(i32 %c, ptr %f)\n ret i32 %r"
    low = "%d = and i32 %c, 255\n %r = call i32 @fputc(i32 %d, ptr %f)\n ret i32 %r"
    assert verdict("i32 %c, ptr %f", src, low, ret="i32")[0] == "correct"
    other = "%d = add i32 %c, 1\n %r = call i32 @fputc(i32 %d, ptr %f)\n ret i32 %r"
    assert verdict("i32 %c, ptr %f", src, other, ret="i32")[0] != "correct"


# ---- ffs (POSIX): 1 + index of the lowest set bit, 0 for 0 ---------------------------------------

@pytest.mark.parametrize("arg, result, expected", [
    ("i64 -9223372036854775808", "64", "correct"), ("i64 0", "0", "correct"),
    ("i64 12", "3", "correct"), ("i64 12", "2", "semantic_error")])
def test_ffsll_is_the_lowest_set_bit_plus_one(arg, result, expected):
    text = ("declare i32 @ffsll(i64)\n\ndefine i32 @src() {\n"
            f"  %v = call i32 @ffsll({arg})\n  ret i32 %v\n}}\n\n"
            f"define i32 @tgt() {{\n  ret i32 {result}\n}}\n")
    assert check(text, timeout=10).category == expected


@pytest.mark.parametrize("length", ["i64 -1", "i64 -9223372036854775808", "i128 18446744073709551617"])
def test_memset_of_2_63_bytes_or_more_is_ub(length):
    # No block holds 2^63 bytes: src is UB for every input, so tgt may do anything.
    t = length.split()[0]
    text = (f"declare void @llvm.memset.p0.{t}(ptr, i8, {t}, i1)\n\n"
            f"define void @src(ptr %p) {{\n  call void @llvm.memset.p0.{t}(ptr %p, i8 0, {length},"
            " i1 false)\n  ret void\n}\n\ndefine void @tgt(ptr %p) {\n  unreachable\n}\n")
    assert check(text, timeout=10).category == "correct"


# ---- the model table: libfacts names the models, libcalls encodes them --------------------------

def test_every_library_model_has_exactly_one_encoding():
    from veriopt.verify.libcalls import MODELS
    from veriopt.verify.libfacts import MODEL_NAMES

    assert set(MODELS) == set(MODEL_NAMES)


@pytest.mark.parametrize("decl, call, model", [
    ("declare ptr @memcpy(ptr, ptr, i64)", "call ptr @memcpy(ptr %p, ptr %p, i64 1)", "memcpy"),
    ("declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)",
     "call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %p, i64 1, i1 false)", "llvm.memcpy"),
    ("declare i64 @fwrite(ptr, i64, i64, ptr)",
     "%r = call i64 @fwrite(ptr %p, i64 0, i64 3, ptr %p)", "fwrite-nothing"),
    ("declare ptr @malloc(i64)", "%r = call ptr @malloc(i64 4)", "allocate"),
    ("declare ptr @malloc(i32)", "%r = call ptr @malloc(i32 4)", None),  # not C's malloc
    ("declare void @llvm.foo(ptr)", "call void @llvm.foo(ptr %p)", None),
])
def test_library_model_of_a_call_follows_name_and_signature(decl, call, model):
    from veriopt.llvm.parser import parse_module
    from veriopt.verify.libfacts import library_model

    mod = parse_module(f"{decl}\n\ndefine void @f(ptr %p) {{\n  {call}\n  ret void\n}}\n")
    inst = mod.function("f").blocks[0].instructions[0]
    assert library_model(inst) == model


# ---- abs/labs/llabs (C11 7.22.6.1): UB when |x| is not representable ----------------------------

def _abs_pair(src: str, tgt: str, t: str = "i32", fn: str = "abs") -> str:
    return (f"{DL}declare {t} @{fn}({t})\ndeclare {t} @llvm.abs.{t}({t}, i1)\n\n"
            f"define {t} @src({t} %x) {{\n{src}\n}}\n\ndefine {t} @tgt({t} %x) {{\n{tgt}\n}}\n")


@pytest.mark.parametrize("t, fn", [("i32", "abs"), ("i64", "labs"), ("i64", "llabs")])
def test_abs_call_may_become_llvm_abs_with_int_min_poison(t, fn):
    # instcombine's rewrite: the C call's UB at INT_MIN becomes poison (LangRef 19, llvm.abs
    # with is_int_min_poison = true), which refines it.
    text = _abs_pair(f"  %r = call {t} @{fn}({t} %x)\n  ret {t} %r",
                     f"  %r = call {t} @llvm.abs.{t}({t} %x, i1 true)\n  ret {t} %r", t, fn)
    assert check(text, timeout=10).category == "correct"


def test_abs_call_may_not_replace_llvm_abs_that_is_defined_at_int_min():
    # llvm.abs(x, false) is INT_MIN at INT_MIN (LangRef 19); the C call is UB there.
    text = _abs_pair("  %r = call i32 @llvm.abs.i32(i32 %x, i1 false)\n  ret i32 %r",
                     "  %r = call i32 @abs(i32 %x)\n  ret i32 %r")
    v = check(text, timeout=10)
    assert (v.category, v.reason) == ("semantic_error", "source_more_defined")
    assert v.counterexample.input_values() == {"%x": "#x80000000 (2147483648, -2147483648)"}


def test_abs_of_a_negative_value_is_not_the_value():
    v = check(_abs_pair("  %r = call i32 @abs(i32 %x)\n  ret i32 %r", "  ret i32 %x"),
              timeout=10)
    assert (v.category, v.reason) == ("semantic_error", "value_mismatch")


def test_abs_of_int_min_is_ub_so_anything_refines_it():
    text = _abs_pair("  %r = call i32 @abs(i32 -2147483648)\n  ret i32 %r", "  unreachable")
    assert check(text, timeout=10).category == "correct"


def test_a_function_named_abs_with_another_signature_is_unknown():
    from veriopt.llvm.parser import parse_module
    from veriopt.verify.libfacts import library_model

    mod = parse_module("declare i32 @abs(i64)\n\ndefine i32 @f(i64 %x) {\n"
                       "  %r = call i32 @abs(i64 %x)\n  ret i32 %r\n}\n")
    assert library_model(mod.function("f").blocks[0].instructions[0]) is None


def test_strlen_declared_narrow_may_return_any_value_of_its_width():
    """A length is below a block's size (2^61), which bounds a 64-bit result only: a
    declaration returning ``i32`` gets the length truncated, any value of 32 bits, so
    "the length is below 2^31" is no fact about it (the first bytes readable and
    not zero, the rest of the string past the bytes read)."""
    text = ("declare i32 @strlen(ptr)\n\n"
            "define i1 @src(ptr %p) {\n  %l = call i32 @strlen(ptr %p)\n"
            "  %c = icmp ult i32 %l, 2147483664\n  ret i1 %c\n}\n\n"
            "define i1 @tgt(ptr %p) {\n  %l = call i32 @strlen(ptr %p)\n  ret i1 true\n}\n")
    assert check(text, timeout=30).category != "correct"
