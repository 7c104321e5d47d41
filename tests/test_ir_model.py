"""Constants, data layout and attribute queries, against hand-computed values and clang.

These helpers decide which constant and which memory layout the verifier
reasons about, so each expectation below is worked out by hand (IEEE encodings,
LLVM's DataLayout rules) or read back from clang's own ``sizeof``/``offsetof``.
"""

from __future__ import annotations

import dataclasses
import random
import re
import struct
from pathlib import Path

import pytest

from veriopt.errors import ToolchainError, UnsupportedIR
from veriopt.llvm import attrs, ir
from veriopt.llvm.constants import float_bits, float_from_bits, float_text, int_value
from veriopt.llvm.layout import DEFAULT_DATALAYOUT, DataLayout
from veriopt.llvm.parser import parse_module, parse_type

FIXTURES = Path(__file__).parent / "fixtures" / "ir"
AARCH64 = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128"

# --------------------------------------------------------------------------
# integer and FP literals
# --------------------------------------------------------------------------


@pytest.mark.parametrize("value,bits,unsigned,signed", [
    (-1, 8, 255, -1), (255, 8, 255, -1), (-128, 8, 128, -128), (1, 1, 1, -1), (0, 1, 0, 0),
    (-1, 128, 2**128 - 1, -1), (2**63, 64, 2**63, -(2**63)), (5, 3, 5, -3),
])
def test_int_value_is_twos_complement(value, bits, unsigned, signed):
    assert int_value(ir.IntConst(value), bits) == unsigned
    assert int_value(ir.IntConst(value), bits, signed=True) == signed


@pytest.mark.parametrize("text,kind,bits", [
    ("1.000000e+00", "float", 0x3F800000),
    ("1.000000e+00", "double", 0x3FF0000000000000),
    ("-0.000000e+00", "float", 0x80000000),
    ("2.500000e-01", "half", 0x3400),
    ("2.500000e-01", "bfloat", 0x3E80),
    ("4.940660e-324", "double", 0x1),
    ("1.000000e-01", "double", 0x3FB999999999999A),
    # plain hex is always the *double* value, converted to the literal's type
    ("0x36A0000000000000", "float", 0x00000001),        # 2**-149, the smallest subnormal
    ("0x3FB99999A0000000", "float", 0x3DCCCCCD),        # 0.1f
    ("0x47EFFFFFE0000000", "float", 0x7F7FFFFF),        # FLT_MAX
    ("0x7FF0000000000000", "float", 0x7F800000),        # +inf
    ("0xFFF0000000000000", "float", 0xFF800000),        # -inf
    ("0x7FF8000000000000", "float", 0x7FC00000),        # quiet NaN
    ("0x7FF4000000000000", "float", 0x7FA00000),        # signalling NaN stays signalling
    ("0x7FF0000000000001", "double", 0x7FF0000000000001),
    ("0x3FF0000000000000", "half", 0x3C00),
    # prefixed forms, with their digit orders
    ("0xH3C00", "half", 0x3C00),
    ("0xR3F80", "bfloat", 0x3F80),
    ("0xK3FFF8000000000000000", "x86_fp80", 0x3FFF_8000000000000000),
    ("0xL00000000000000003FFF000000000000", "fp128", 0x3FFF << 112),
    ("0xM3FF00000000000000000000000000000", "ppc_fp128", 0x3FF0000000000000),
    ("0xM400921FB54442D183CA1A62633145C07", "ppc_fp128",
     0x400921FB54442D18 | (0x3CA1A62633145C07 << 64)),
    ("1.0", "x86_fp80", 0x3FFF_8000000000000000),
    ("-2.0", "fp128", (1 << 127) | (0x4000 << 112)),
])
def test_float_bits_follow_llvm_literal_rules(text, kind, bits):
    assert float_bits(text, ir.FloatType(kind)) == bits


@pytest.mark.parametrize("text,kind", [
    ("1.000000e-01", "float"),      # 0.1 is not a float: LLVM rejects it too
    ("0xH3C00", "float"),           # a half literal on a float
    ("0xK3FFF80", "x86_fp80"),      # wrong digit count
    ("0x7FF8000000000001", "float"),  # NaN payload bits that a float cannot keep
    ("1e400x", "double"),
])
def test_float_bits_rejects_what_llvm_rejects(text, kind):
    with pytest.raises(ValueError):
        float_bits(text, kind)


def _typed_float_literals(module: ir.Module):
    """Every (text, FP type) literal in a module, found by walking the dataclasses."""
    out = []

    def walk(node, ftype=None):
        if isinstance(node, ir.TypedValue):
            walk(node.value, node.type)
        elif isinstance(node, ir.FloatConst) and isinstance(ftype, ir.FloatType):
            out.append((node.text, ftype))
        elif isinstance(node, (ir.BinaryOp, ir.UnaryOp, ir.FCmp)):
            for v in (getattr(node, "lhs", None), getattr(node, "rhs", None),
                      getattr(node, "operand", None)):
                walk(v, node.type if isinstance(node.type, ir.FloatType) else
                     getattr(node.type, "elem", None))
        elif dataclasses.is_dataclass(node):
            for f in dataclasses.fields(node):
                walk(getattr(node, f.name))
        elif isinstance(node, tuple):
            for x in node:
                walk(x, ftype)

    walk(module)
    return out


def test_float_text_inverts_float_bits_on_every_fixture_literal():
    literals = []
    for path in sorted(FIXTURES.glob("*.ll")):
        if not path.name.endswith(".llvm14.ll"):
            literals += _typed_float_literals(parse_module(path.read_text()))
    kinds = {t.kind for _, t in literals}
    assert {"half", "bfloat", "float", "double", "x86_fp80", "fp128", "ppc_fp128"} <= kinds
    for text, ftype in literals:
        assert float_text(float_bits(text, ftype), ftype) == text, (text, ftype)


def test_float_text_and_bits_agree_with_llvm_on_random_constants():
    """What llvm-dis prints for random bit patterns is what float_text predicts, and
    float_bits reads it back to the same bits (NaN payloads and subnormals included)."""
    from veriopt.llvm.toolchain import get_toolchain

    rng = random.Random(19)
    cases: list[tuple[str, int]] = []
    for _ in range(300):
        cases.append(("double", rng.getrandbits(64)))
        cases.append(("double", struct.unpack("<Q", struct.pack(
            "<d", rng.randrange(1, 10**6) / 10 ** rng.randrange(0, 9)))[0]))
        cases.append(("float", rng.getrandbits(32)))
        cases.append(("half", rng.getrandbits(16)))
    source = "".join(f"@v{n} = global {kind} {float_text(bits, kind)}\n"
                     for n, (kind, bits) in enumerate(cases))
    try:
        printed = get_toolchain().canonicalize(source)
    except ToolchainError as e:
        pytest.skip(f"LLVM 19 is not installed: {e}")
    texts = [line.split(" ", 4)[4] for line in printed.splitlines() if line.startswith("@v")]
    assert len(texts) == len(cases)
    for (kind, bits), text in zip(cases, texts, strict=True):
        assert text == float_text(bits, kind), (kind, hex(bits))
        assert float_bits(text, kind) == bits, (kind, hex(bits), text)


def test_float_from_bits_gives_python_values():
    assert float_from_bits(0x3DCCCCCD, "float") == pytest.approx(0.1, rel=1e-7)
    assert float_from_bits(0x3C00, "half") == 1.0
    assert float_from_bits(0x3F80, "bfloat") == 1.0


# --------------------------------------------------------------------------
# data layout
# --------------------------------------------------------------------------


def test_brief_example_struct_layout():
    dl = DataLayout.parse(AARCH64)
    layout = dl.struct_layout(parse_type("{ i8, i32, i64 }"))
    assert (layout.offsets, layout.size, layout.align) == ((0, 4, 8), 16, 8)
    assert layout.field_at(5) == 1 and layout.field_at(8) == 2


@pytest.mark.parametrize("type_text,store,alloc,align", [
    ("i1", 1, 1, 1), ("i7", 1, 1, 1), ("i24", 3, 4, 4), ("i64", 8, 8, 8), ("i128", 16, 16, 16),
    ("i65", 9, 16, 16), ("ptr", 8, 8, 8), ("half", 2, 2, 2), ("double", 8, 8, 8),
    ("x86_fp80", 10, 16, 16), ("fp128", 16, 16, 16), ("[3 x i7]", 3, 3, 1),
    ("[2 x { i8, i16 }]", 8, 8, 2), ("<4 x i1>", 1, 1, 1), ("<3 x i32>", 12, 16, 16),
    ("<2 x i32>", 8, 8, 8), ("<{ i8, i32 }>", 5, 5, 1), ("{}", 0, 0, 1),
    ("{ i8, { i8, i64 } }", 24, 24, 8), ("[0 x i32]", 0, 0, 4),
])
def test_sizes_and_alignments_on_aarch64(type_text, store, alloc, align):
    dl = DataLayout.parse(AARCH64)
    t = parse_type(type_text)
    assert (dl.store_size(t), dl.alloc_size_of(t), dl.abi_align(t)) == (store, alloc, align)


def test_llvm_defaults_apply_when_the_string_is_silent():
    dl = DataLayout.parse(None)
    assert dl.abi_align(ir.I64) == 4 and dl.pref_align(ir.I64) == 8
    assert dl.abi_align(parse_type("i128")) == 4       # largest entry (i64) is used
    assert dl.alloc_size_of(parse_type("{ i32, i64 }")) == 12
    assert dl.pointer_size() == 8 and dl.index_width() == 64 and dl.little_endian


def test_pointer_specs_and_address_spaces():
    dl = DataLayout.parse("E-p:64:64:64:32-p1:32:32-A5-P1-G1-ni:7:8")
    assert dl.big_endian
    assert dl.index_width() == 32 and dl.pointer_size() == 8
    assert dl.pointer_size(1) == 4 and dl.abi_align(ir.PtrType(1)) == 4
    assert dl.pointer_size(3) == 8  # unspecified spaces fall back to p0
    assert (dl.alloca_addrspace, dl.program_addrspace, dl.globals_addrspace) == (5, 1, 1)
    assert dl.non_integral_addrspaces == (7, 8)


def test_aarch64_default_string_parses_fully():
    dl = DataLayout.parse(DEFAULT_DATALAYOUT)
    assert dl.stack_align == 16 and dl.native_ints == (32, 64) and dl.function_ptr_align == 4
    assert dl.mangling == "e"


def test_named_types_and_gep_offsets():
    m = parse_module((FIXTURES / "globals.ll").read_text())
    dl = DataLayout.parse(m.datalayout)
    node = ir.NamedType("struct.Node")
    assert dl.struct_layout(node, m.type_defs).offsets == (0, 8)
    assert dl.alloc_size_of(node, m.type_defs) == 24
    assert dl.element_offset(node, (1, 1, 1, 1), m.type_defs) == 24 + 8 + 8 + 2


@pytest.mark.parametrize("type_text", ["<vscale x 4 x i32>", "void", "label"])
def test_unsizable_types_are_unsupported_not_guessed(type_text):
    with pytest.raises(UnsupportedIR):
        DataLayout.parse(AARCH64).alloc_size_of(parse_type(type_text))


def test_opaque_struct_is_unsupported():
    with pytest.raises(UnsupportedIR):
        DataLayout.parse(AARCH64).alloc_size_of(ir.NamedType("T"), {"T": None})


def test_malformed_datalayout_is_rejected():
    with pytest.raises(ValueError):
        DataLayout.parse("e-q:1")


_LAYOUT_C = r"""
#include <stddef.h>
struct A { char c; int i; long l; };
struct B { char c; double d; short s; };
struct C { struct A a; char tail[3]; };
struct D { long double ld; char c; };
struct E { __int128 x; char c; };
struct __attribute__((packed)) F { char c; int i; short s; };
struct G { char c; int *p; float f[3]; };
struct H { _Bool b; struct B inner[2]; unsigned long long u; };
typedef int v4 __attribute__((vector_size(16)));
struct I { char c; v4 v; };
#define REPORT(T, ...) size_t T##_size = sizeof(struct T), T##_align = _Alignof(struct T), \
                       T##_off[] = { __VA_ARGS__ };
REPORT(A, offsetof(struct A, c), offsetof(struct A, i), offsetof(struct A, l))
REPORT(B, offsetof(struct B, c), offsetof(struct B, d), offsetof(struct B, s))
REPORT(C, offsetof(struct C, a), offsetof(struct C, tail))
REPORT(D, offsetof(struct D, ld), offsetof(struct D, c))
REPORT(E, offsetof(struct E, x), offsetof(struct E, c))
REPORT(F, offsetof(struct F, c), offsetof(struct F, i), offsetof(struct F, s))
REPORT(G, offsetof(struct G, c), offsetof(struct G, p), offsetof(struct G, f))
REPORT(H, offsetof(struct H, b), offsetof(struct H, inner), offsetof(struct H, u))
REPORT(I, offsetof(struct I, c), offsetof(struct I, v))
struct A a; struct B b; struct C c; struct D d; struct E e; struct F f; struct G g;
struct H h; struct I i;
"""


def test_struct_layouts_match_clang_for_aarch64(tmp_path):
    from veriopt.llvm.toolchain import get_toolchain

    src = tmp_path / "layout.c"
    src.write_text(_LAYOUT_C)
    try:
        text = get_toolchain().compile_c(src)
    except ToolchainError as e:
        pytest.skip(f"clang for aarch64 is not available: {e}")
    m = parse_module(text)
    dl = DataLayout.parse(m.datalayout)
    defs = m.type_defs

    def number(name: str) -> int:
        return m.global_variable(name).initializer.value

    checked = 0
    for tag in "ABCDEFGHI":
        named = ir.NamedType(f"struct.{tag}")
        layout = dl.struct_layout(named, defs)
        assert dl.alloc_size_of(named, defs) == number(f"{tag}_size"), tag
        assert dl.abi_align(named, defs) == number(f"{tag}_align"), tag
        offsets = [e.value.value for e in m.global_variable(f"{tag}_off").initializer.elements]
        if len(defs[f"struct.{tag}"].fields) == len(offsets):  # no padding fields inserted
            assert list(layout.offsets) == offsets, tag
            checked += 1
    assert checked >= 7
    assert re.search(r"%struct\.F = type <\{", text)


# --------------------------------------------------------------------------
# attributes
# --------------------------------------------------------------------------


def test_attribute_queries_on_printed_tokens():
    a = ("noundef", "nonnull", "align 16", "dereferenceable(8)", "byval(%struct.S)",
         "range(i32 -1, 10)", "allocsize(0,1)", '"frame-pointer"="non-leaf"', '"flag"')
    assert attrs.has(a, "noundef") and attrs.has(a, "align") and not attrs.has(a, "noalias")
    assert attrs.int_arg(a, "align") == 16
    assert attrs.int_arg(a, "dereferenceable") == 8
    assert attrs.int_arg(a, "dereferenceable_or_null") is None
    assert attrs.int_args(a, "allocsize") == (0, 1)
    assert attrs.type_arg(a, "byval") == ir.NamedType("struct.S")
    assert attrs.range_arg(a) == (ir.I32, -1, 10)
    assert attrs.string_attr(a, "frame-pointer") == "non-leaf"
    assert attrs.string_attr(a, "flag") == ""
    assert attrs.string_attr(a, "missing") is None
    assert attrs.int_arg(("alignstack=16",), "alignstack") == 16


def test_memory_effects_new_and_legacy_spellings():
    me = attrs.memory_effects(("memory(argmem: readwrite, inaccessiblemem: read)",))
    assert (me.argmem, me.inaccessiblemem, me.other) == (3, 1, 0)
    assert attrs.memory_effects(("memory(none)",)).does_not_access_memory
    me = attrs.memory_effects(("memory(read, argmem: write)",))
    assert (me.argmem, me.inaccessiblemem, me.other) == (2, 1, 1)
    assert attrs.memory_effects(("readnone",)).does_not_access_memory
    me = attrs.memory_effects(("readonly", "argmemonly"))
    assert (me.argmem, me.inaccessiblemem, me.other) == (1, 0, 0)
    assert me.only_reads_memory and me.only_accesses_arg_memory
    assert attrs.memory_effects(()) == attrs.MemoryEffects()  # unknown: anything


def test_attribute_groups_are_resolved_through_the_module():
    m = parse_module((FIXTURES / "globals.ll").read_text())
    k = m.function("k")
    resolved = attrs.fn_attrs_resolved(k, m)
    assert "noinline" in resolved and "#1" not in resolved
    me = attrs.memory_effects(k.fn_attrs, m.attribute_groups)
    assert (me.argmem, me.inaccessiblemem, me.other) == (3, 1, 0)
    assert attrs.memory_effects(m.function("k2").fn_attrs, m.attribute_groups
                                ).does_not_access_memory
    with pytest.raises(KeyError):
        attrs.resolve(("#99",), m.attribute_groups)
