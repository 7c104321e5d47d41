"""Type sizes, alignments and struct layouts from a module's ``target datalayout``.

A minimal, verifier-internal reading of LLVM's datalayout string (LangRef, "Data
Layout"): endianness, pointer size, integer/aggregate ABI alignments. The memory
model needs exact allocation sizes (out-of-bounds is UB), store sizes (how many
bytes a load touches), ABI alignments (the default ``align``) and struct field
offsets (GEP). Types this file cannot size raise `UnsupportedIR`, so the verifier
answers *inconclusive* rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veriopt.errors import UnsupportedIR
from veriopt.llvm import ir

#: LLVM 19's defaults for what a datalayout string leaves out (bits -> ABI align in
#: bytes; DataLayout.cpp's DefaultAlignments: note i64 is only 4-aligned by default,
#: and wider integers take the largest entry's alignment).
_DEFAULT_INT_ALIGN = {1: 1, 8: 1, 16: 2, 32: 4, 64: 4}


@dataclass(frozen=True)
class DataLayout:
    little_endian: bool = True
    pointer_bits: int = 64
    pointer_align: int = 8
    index_bits: int = 64
    int_align: dict[int, int] = field(default_factory=lambda: dict(_DEFAULT_INT_ALIGN))
    aggregate_align: int = 1

    @classmethod
    def parse(cls, text: str | None) -> DataLayout:
        if not text:
            return cls()
        little = True
        pbits, palign, ibits = 64, 8, 64
        ints = dict(_DEFAULT_INT_ALIGN)
        agg = 1
        for spec in text.split("-"):
            if not spec:
                continue
            if spec == "E":
                little = False
            elif spec == "e":
                little = True
            elif spec.startswith("p") and (len(spec) == 1 or spec[1] in ":0123456789"):
                head, _, rest = spec.partition(":")
                if head not in ("p", "p0"):
                    continue  # other address spaces
                parts = rest.split(":")
                pbits = int(parts[0])
                palign = int(parts[1]) // 8 if len(parts) > 1 else pbits // 8
                ibits = int(parts[3]) if len(parts) > 3 else pbits
            elif spec[0] == "i" and spec[1:2].isdigit():
                bits_s, _, rest = spec[1:].partition(":")
                ints[int(bits_s)] = int(rest.split(":")[0]) // 8
            elif spec.startswith("a:") or spec.startswith("a0:"):
                agg = max(1, int(spec.split(":")[1]) // 8)
        return cls(little, pbits, palign, ibits, ints, agg)

    # ---- integers ---------------------------------------------------------------

    def _int_abi_align(self, bits: int) -> int:
        if bits in self.int_align:
            return self.int_align[bits]
        larger = sorted(b for b in self.int_align if b > bits)
        if larger:
            return self.int_align[larger[0]]
        return self.int_align[max(self.int_align)]

    # ---- general queries -------------------------------------------------------

    def store_size(self, t: ir.Type, types: dict[str, ir.StructType | None]) -> int:
        """Bytes a load or store of ``t`` touches."""
        if isinstance(t, ir.IntType):
            return (t.bits + 7) // 8
        if isinstance(t, ir.PtrType):
            return self.pointer_bits // 8
        return self.alloc_size(t, types)

    def alloc_size(self, t: ir.Type, types: dict[str, ir.StructType | None]) -> int:
        """Bytes between consecutive elements of an array of ``t`` (GEP stride)."""
        if isinstance(t, ir.IntType):
            return _round_up((t.bits + 7) // 8, self._int_abi_align(t.bits))
        if isinstance(t, ir.PtrType):
            return _round_up(self.pointer_bits // 8, self.pointer_align)
        if isinstance(t, ir.FloatType):
            if t.kind == "x86_fp80":
                return 16
            return t.bits // 8
        if isinstance(t, ir.ArrayType):
            return t.count * self.alloc_size(t.elem, types)
        if isinstance(t, (ir.StructType, ir.NamedType)):
            st = self._resolve(t, types)
            offsets, size = self._struct_layout(st, types)
            return size
        raise UnsupportedIR(f"type:{_type_name(t)}")

    def abi_align(self, t: ir.Type, types: dict[str, ir.StructType | None]) -> int:
        if isinstance(t, ir.IntType):
            return self._int_abi_align(t.bits)
        if isinstance(t, ir.PtrType):
            return self.pointer_align
        if isinstance(t, ir.FloatType):
            return {"half": 2, "bfloat": 2, "float": 4, "double": 8}.get(t.kind, 16)
        if isinstance(t, ir.ArrayType):
            return self.abi_align(t.elem, types)
        if isinstance(t, (ir.StructType, ir.NamedType)):
            st = self._resolve(t, types)
            if st.packed:
                return self.aggregate_align
            return max([self.aggregate_align] + [self.abi_align(f, types) for f in st.fields])
        raise UnsupportedIR(f"type:{_type_name(t)}")

    def field_offset(self, t: ir.Type, index: int,
                     types: dict[str, ir.StructType | None]) -> int:
        st = self._resolve(t, types)
        offsets, _ = self._struct_layout(st, types)
        return offsets[index]

    def struct_fields(self, t: ir.Type, types: dict[str, ir.StructType | None]
                      ) -> tuple[ir.Type, ...]:
        return self._resolve(t, types).fields

    def _resolve(self, t: ir.Type, types: dict[str, ir.StructType | None]) -> ir.StructType:
        seen = set()
        while isinstance(t, ir.NamedType):
            if t.name in seen or types.get(t.name) is None:
                raise UnsupportedIR("type:opaque-struct", t.name)
            seen.add(t.name)
            t = types[t.name]  # type: ignore[assignment]
        if not isinstance(t, ir.StructType):
            raise UnsupportedIR(f"type:{_type_name(t)}")
        return t

    def _struct_layout(self, st: ir.StructType, types: dict[str, ir.StructType | None]
                       ) -> tuple[list[int], int]:
        offsets = []
        off = 0
        align = 1
        for f in st.fields:
            a = 1 if st.packed else self.abi_align(f, types)
            align = max(align, a)
            off = _round_up(off, a)
            offsets.append(off)
            off += self.alloc_size(f, types)
        if not st.packed:
            align = max(align, self.aggregate_align)
        return offsets, _round_up(off, align)


def _round_up(n: int, a: int) -> int:
    return (n + a - 1) // a * a if a > 1 else n


def _type_name(t: ir.Type) -> str:
    return type(t).__name__.replace("Type", "").lower()
