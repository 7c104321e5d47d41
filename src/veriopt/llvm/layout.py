"""LLVM's DataLayout: type sizes, alignments and struct layouts from ``target datalayout``.

Why our own copy of LLVM's rules: the verifier needs exact allocation sizes
(out-of-bounds access is UB), store sizes (how many bytes a load touches), ABI
alignments (the ``align`` an access may assume) and struct field offsets (GEP),
and all of them depend on the datalayout string. The rules follow LLVM 19's
``DataLayout.cpp``, including its defaults for what a string leaves out (e.g.
``i64`` has ABI alignment 4 unless the string says ``i64:64``) and its
fallbacks (an integer without an entry takes the next larger entry's alignment;
a float or vector without one is aligned to its size rounded up to a power of 2).

Sizes of scalable vectors are multiples of the unknown ``vscale``; asking for
one raises `UnsupportedIR`, as do types with no size (void, label, opaque
structs, target extension types).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir

__all__ = ["DataLayout", "StructLayout", "DEFAULT_DATALAYOUT"]

TypeDefs = Mapping[str, "ir.StructType | None"]

#: LLVM's built-in defaults (bits -> (abi bytes, preferred bytes)).
_DEFAULT_INT = {1: (1, 1), 8: (1, 1), 16: (2, 2), 32: (4, 4), 64: (4, 8)}
_DEFAULT_FLOAT = {16: (2, 2), 32: (4, 4), 64: (8, 8), 128: (16, 16)}
_DEFAULT_VECTOR = {64: (8, 8), 128: (16, 16)}

#: The datalayout clang 19 uses for aarch64-unknown-linux-gnu (the project's target).
DEFAULT_DATALAYOUT = "e-m:e-i8:8:32-i16:16:32-i64:64-i128:128-n32:64-S128-Fn32"

_MAX_NESTING = 100


@dataclass(frozen=True)
class PointerSpec:
    size_bits: int = 64
    abi_align: int = 8
    pref_align: int = 8
    index_bits: int = 64


@dataclass(frozen=True)
class StructLayout:
    """Field offsets (bytes), the padded size (bytes) and the ABI alignment of a struct."""

    offsets: tuple[int, ...]
    size: int
    align: int

    def field_at(self, offset: int) -> int:
        """Index of the field containing byte ``offset`` (LLVM's getElementContainingOffset)."""
        return max(bisect.bisect_right(self.offsets, offset) - 1, 0)


_LAYOUT_CACHE_SIZE = 4096
_LAYOUTS: dict[tuple[int, int, ir.StructType], tuple[StructLayout, object, object]] = {}


def _power_of_2_ceil(n: int) -> int:
    return 1 if n <= 1 else 1 << (n - 1).bit_length()


def _align_to(n: int, align: int) -> int:
    return (n + align - 1) // align * align


@dataclass(frozen=True)
class DataLayout:
    """A parsed ``target datalayout`` string. ``DataLayout.parse(None)`` is LLVM's default."""

    little_endian: bool = True
    pointers: Mapping[int, PointerSpec] = field(default_factory=lambda: {0: PointerSpec()})
    int_align: Mapping[int, tuple[int, int]] = field(default_factory=lambda: dict(_DEFAULT_INT))
    float_align: Mapping[int, tuple[int, int]] = field(
        default_factory=lambda: dict(_DEFAULT_FLOAT))
    vector_align: Mapping[int, tuple[int, int]] = field(
        default_factory=lambda: dict(_DEFAULT_VECTOR))
    aggregate_align: tuple[int, int] = (1, 8)
    stack_align: int | None = None
    function_ptr_align: int | None = None
    program_addrspace: int = 0
    alloca_addrspace: int = 0
    globals_addrspace: int = 0
    mangling: str | None = None
    native_ints: tuple[int, ...] = ()
    non_integral_addrspaces: tuple[int, ...] = ()
    text: str = ""

    # ---- parsing ------------------------------------------------------------

    @classmethod
    def parse(cls, text: str | None) -> DataLayout:
        """Parse LangRef's datalayout grammar; raises ValueError on a malformed spec."""
        if not text:
            return cls()
        pointers: dict[int, PointerSpec] = {0: PointerSpec()}
        ints, floats, vectors = dict(_DEFAULT_INT), dict(_DEFAULT_FLOAT), dict(_DEFAULT_VECTOR)
        opts: dict = {}
        for spec in text.split("-"):
            if not spec:
                raise ValueError(f"empty specification in datalayout {text!r}")
            kind, rest = spec[0], spec[1:]
            fields = rest.split(":")
            if spec in ("e", "E"):
                opts["little_endian"] = spec == "e"
            elif kind == "p" and (rest == "" or rest[0] in ":0123456789"):
                space = int(fields[0]) if fields[0] else 0
                nums = [int(f) for f in fields[1:]]
                if not nums:
                    raise ValueError(f"pointer spec needs a size: {spec!r}")
                size = nums[0]
                abi = nums[1] // 8 if len(nums) > 1 else size // 8
                pref = nums[2] // 8 if len(nums) > 2 else abi
                index = nums[3] if len(nums) > 3 else size
                pointers[space] = PointerSpec(size, abi, pref, index)
            elif kind in "ifv" and fields[0].isdigit():
                bits = int(fields[0])
                nums = [int(f) for f in fields[1:]]
                if not nums:
                    raise ValueError(f"alignment spec needs an ABI alignment: {spec!r}")
                abi = max(nums[0] // 8, 1)
                pref = nums[1] // 8 if len(nums) > 1 else abi
                {"i": ints, "f": floats, "v": vectors}[kind][bits] = (abi, max(pref, abi))
            elif kind == "a":
                nums = [int(f) for f in fields[1:]] if fields[0] in ("", "0") else []
                abi = max(nums[0] // 8, 1) if nums else 1
                pref = nums[1] // 8 if len(nums) > 1 else abi
                opts["aggregate_align"] = (abi, pref)
            elif kind == "S":  # LLVM 19 reads the first field only ("S128:1" is S128)
                opts["stack_align"] = int(fields[0]) // 8 or None
            elif kind == "s":
                pass  # stack-object alignment: deprecated, parsed and ignored by LLVM 19
            elif kind == "F" and rest[:1] in ("i", "n"):
                opts["function_ptr_align"] = int(rest[1:]) // 8
            elif kind == "P":
                opts["program_addrspace"] = int(rest)
            elif kind == "A":
                opts["alloca_addrspace"] = int(rest)
            elif kind == "G":
                opts["globals_addrspace"] = int(rest)
            elif kind == "m" and rest[:1] == ":":
                opts["mangling"] = rest[1:]
            elif spec.startswith("ni:"):
                opts["non_integral_addrspaces"] = tuple(int(f) for f in spec[3:].split(":"))
            elif kind == "n":
                opts["native_ints"] = tuple(int(f) for f in rest.split(":"))
            else:
                raise ValueError(f"unknown datalayout specification {spec!r}")
        return cls(pointers=pointers, int_align=ints, float_align=floats, vector_align=vectors,
                   text=text, **opts)

    # ---- pointers -------------------------------------------------------------

    def _pointer(self, addrspace: int) -> PointerSpec:
        return self.pointers.get(addrspace) or self.pointers[0]

    def pointer_size(self, addrspace: int = 0) -> int:
        """Bytes in a pointer of ``addrspace`` (LLVM getPointerSize)."""
        return (self._pointer(addrspace).size_bits + 7) // 8

    def pointer_bits(self, addrspace: int = 0) -> int:
        return self._pointer(addrspace).size_bits

    def index_width(self, addrspace: int = 0) -> int:
        """Bits of GEP index arithmetic for ``addrspace`` (LLVM getIndexSizeInBits)."""
        return self._pointer(addrspace).index_bits

    @property
    def big_endian(self) -> bool:
        return not self.little_endian

    # ---- sizes ------------------------------------------------------------------

    def size_in_bits(self, t: ir.Type, type_defs: TypeDefs | None = None) -> int:
        """LLVM getTypeSizeInBits: ``i7`` -> 7, ``x86_fp80`` -> 80, structs/arrays in bytes*8."""
        return self._size_bits(t, type_defs or {}, 0)

    def store_size(self, t: ir.Type, type_defs: TypeDefs | None = None) -> int:
        """Bytes a load/store of ``t`` touches (LLVM getTypeStoreSize)."""
        return (self.size_in_bits(t, type_defs) + 7) // 8

    size_of = store_size

    def alloc_size_of(self, t: ir.Type, type_defs: TypeDefs | None = None) -> int:
        """Bytes between consecutive array elements of ``t``, what ``alloca t`` reserves
        (LLVM getTypeAllocSize: the store size rounded up to the ABI alignment)."""
        defs = type_defs or {}
        return self._alloc_size(t, defs, 0)

    def _alloc_size(self, t: ir.Type, defs: TypeDefs, depth: int) -> int:
        return self._alloc_and_align(t, defs, depth)[0]

    def _alloc_and_align(self, t: ir.Type, defs: TypeDefs, depth: int) -> tuple[int, int]:
        """(alloc size, ABI alignment) of ``t``, each nested struct laid out once: asking
        for size and alignment separately lays a struct out twice per level, which
        is exponential in the nesting depth (seen: 8 levels of structs of arrays)."""
        if depth > _MAX_NESTING:
            raise UnsupportedIR("type nesting", "too deep (recursive named struct?)")
        cls = t.__class__
        if cls is ir.StructType or cls is ir.NamedType:
            struct = self._resolve(t, defs)
            layout = self._struct_layout(struct, defs, depth + 1)
            align = 1 if struct.packed else max(self.aggregate_align[0], layout.align)
            return _align_to(layout.size, align), align
        if cls is ir.ArrayType:
            size, align = self._alloc_and_align(t.elem, defs, depth + 1)
            return t.count * size, align
        store = (self._size_bits(t, defs, depth) + 7) // 8
        align = self._abi_align(t, defs, depth)
        return _align_to(store, align), align

    def _size_bits(self, t: ir.Type, defs: TypeDefs, depth: int) -> int:
        if depth > _MAX_NESTING:
            raise UnsupportedIR("type nesting", "too deep (recursive named struct?)")
        cls = t.__class__
        if cls is ir.IntType:
            return t.bits
        if cls is ir.PtrType:
            return self._pointer(t.addrspace).size_bits
        if cls is ir.FloatType:
            return t.bits
        if cls is ir.ArrayType:
            return 8 * t.count * self._alloc_size(t.elem, defs, depth + 1)
        if cls is ir.VectorType:
            if t.scalable:
                raise UnsupportedIR("scalable vector size", "depends on vscale")
            return t.count * self._size_bits(t.elem, defs, depth + 1)
        if cls is ir.StructType or cls is ir.NamedType:
            return 8 * self._struct_layout(self._resolve(t, defs), defs, depth + 1).size
        if cls is ir.X86AmxType:
            return 8192
        raise UnsupportedIR("type size", f"{type(t).__name__} has no size")

    # ---- alignment -------------------------------------------------------------------

    def abi_align(self, t: ir.Type, type_defs: TypeDefs | None = None) -> int:
        """The ABI alignment of ``t`` in bytes (LLVM getABITypeAlign)."""
        return self._abi_align(t, type_defs or {}, 0)

    def pref_align(self, t: ir.Type, type_defs: TypeDefs | None = None) -> int:
        """The preferred alignment of ``t`` in bytes (LLVM getPrefTypeAlign)."""
        return self._align(t, type_defs or {}, 0, abi=False)

    def _abi_align(self, t: ir.Type, defs: TypeDefs, depth: int) -> int:
        return self._align(t, defs, depth, abi=True)

    def _align(self, t: ir.Type, defs: TypeDefs, depth: int, *, abi: bool) -> int:
        if depth > _MAX_NESTING:
            raise UnsupportedIR("type nesting", "too deep (recursive named struct?)")
        pick = 0 if abi else 1
        cls = t.__class__
        if cls is ir.IntType:
            widths = sorted(self.int_align)
            k = bisect.bisect_left(widths, t.bits)
            return self.int_align[widths[min(k, len(widths) - 1)]][pick]
        if cls is ir.PtrType:
            spec = self._pointer(t.addrspace)
            return spec.abi_align if abi else spec.pref_align
        if cls is ir.FloatType:
            entry = self.float_align.get(t.bits)
            return entry[pick] if entry else _power_of_2_ceil(t.bits // 8)
        if cls is ir.VectorType:
            bits = t.count * self._size_bits(t.elem, defs, depth + 1)
            entry = self.vector_align.get(bits)
            return entry[pick] if entry else _power_of_2_ceil((bits + 7) // 8)
        if cls is ir.ArrayType:
            return self._align(t.elem, defs, depth + 1, abi=abi)
        if cls is ir.StructType or cls is ir.NamedType:
            struct = self._resolve(t, defs)
            if struct.packed and abi:
                return 1
            layout = self._struct_layout(struct, defs, depth + 1)
            return max(self.aggregate_align[pick], layout.align)
        if cls is ir.X86AmxType:
            return 64
        raise UnsupportedIR("type alignment", f"{type(t).__name__} has no alignment")

    # ---- structs ------------------------------------------------------------------------

    def struct_layout(self, t: ir.StructType | ir.NamedType,
                      type_defs: TypeDefs | None = None) -> StructLayout:
        """Field offsets, padded size and alignment, as LLVM's ``StructLayout``."""
        defs = type_defs or {}
        return self._struct_layout(self._resolve(t, defs), defs, 0)

    def _struct_layout(self, st: ir.StructType, defs: TypeDefs, depth: int) -> StructLayout:
        # Memoised: a struct of 8 copies of a struct of 8 copies ... is laid out once per
        # distinct type, not once per path (the cache keeps ``defs`` and ``self`` alive,
        # so their ids stay valid as keys).
        key = (id(self), id(defs), st)
        hit = _LAYOUTS.get(key)
        if hit is not None:
            return hit[0]
        layout = self._compute_struct_layout(st, defs, depth)
        if len(_LAYOUTS) >= _LAYOUT_CACHE_SIZE:
            _LAYOUTS.clear()
        _LAYOUTS[key] = (layout, defs, self)
        return layout

    def _compute_struct_layout(self, st: ir.StructType, defs: TypeDefs, depth: int
                               ) -> StructLayout:
        offset = 0
        align = 1
        offsets = []
        for f in st.fields:
            size, field_align = self._alloc_and_align(f, defs, depth + 1)
            if st.packed:
                field_align = 1
            offset = _align_to(offset, field_align)
            align = max(align, field_align)
            offsets.append(offset)
            offset += size
        return StructLayout(tuple(offsets), _align_to(offset, align), align)

    @staticmethod
    def _resolve(t: ir.Type, defs: TypeDefs) -> ir.StructType:
        if isinstance(t, ir.StructType):
            return t
        if t.name not in defs:
            raise UnsupportedIR("named type", f"%{t.name} is not defined")
        body = defs[t.name]
        if body is None:
            raise UnsupportedIR("opaque struct", f"%{t.name} has no body")
        return body

    # ---- GEP --------------------------------------------------------------------------

    def element_offset(self, source: ir.Type, indices: list[int] | tuple[int, ...],
                       type_defs: TypeDefs | None = None) -> int:
        """Byte offset of a GEP with constant ``indices`` over ``source`` (no wrapping)."""
        defs = type_defs or {}
        if not indices:
            return 0
        offset = indices[0] * self._alloc_size(source, defs, 0)
        t = source
        for idx in indices[1:]:
            if isinstance(t, (ir.StructType, ir.NamedType)):
                st = self._resolve(t, defs)
                offset += self._struct_layout(st, defs, 0).offsets[idx]
                t = st.fields[idx]
            elif isinstance(t, (ir.ArrayType, ir.VectorType)):
                t = t.elem
                offset += idx * self._alloc_size(t, defs, 0)
            else:
                raise UnsupportedIR("getelementptr", f"cannot index into {type(t).__name__}")
        return offset
