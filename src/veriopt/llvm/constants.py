"""Bit patterns of IR literals, as LLVM 19 reads and prints them.

Why this needs care: LLVM's text format has a surprising FP convention. A
``half``/``bfloat``/``float``/``double`` literal in decimal *or* plain hex
(``0x3FF0000000000000``) is read as a *double* and then converted to the
target type, and LLVM only accepts it when that conversion is exact
(``ConstantFP::isValueValidForType``); ``float 0x36A0000000000000`` is the
float 2^-149, not the bits ``0x36A0...``. The wider types have their own
prefixed forms, with odd digit orders: ``0xK`` x86_fp80 (16 high bits, then 64
low bits), ``0xL`` fp128 and ``0xM`` ppc_fp128 (64 *low* bits, then 64 high
bits), ``0xH`` half, ``0xR`` bfloat. Getting one of these wrong makes the
verifier reason about the wrong constant, so it lives here, tested, once.
"""

from __future__ import annotations

import math
import struct

from veriopt.llvm.ir import FP_FORMATS, FloatType, IntConst

__all__ = ["float_bits", "float_text", "int_value", "float_from_bits"]

_PREFIX_KIND = {"K": "x86_fp80", "L": "fp128", "M": "ppc_fp128", "H": "half", "R": "bfloat"}
_PREFIX_DIGITS = {"K": 20, "L": 32, "M": 32, "H": 4, "R": 4}
_DOUBLE_FORMAT_KINDS = ("half", "bfloat", "float", "double")


def int_value(const: IntConst, bits: int, *, signed: bool = False) -> int:
    """The value of an integer literal as a ``bits``-wide two's complement number.

    LLVM prints integers signed (``i8 -1``), accepts any spelling that fits, and
    ``true``/``false`` for ``i1``. Unsigned by default (``0 <= v < 2**bits``)."""
    if bits <= 0:
        raise ValueError(f"integer width must be positive, got {bits}")
    v = const.value & ((1 << bits) - 1)
    if signed and v >> (bits - 1):
        v -= 1 << bits
    return v


def float_bits(text: str, ftype: FloatType | str) -> int:
    """The IEEE (or x87/double-double) bit pattern of FP literal ``text`` of type ``ftype``.

    Raises ValueError for malformed text, a prefixed form of the wrong type, or a
    value the type cannot hold exactly (LLVM rejects those too)."""
    kind = ftype.kind if isinstance(ftype, FloatType) else ftype
    if kind not in FP_FORMATS:
        raise ValueError(f"unknown FP type {kind!r}")
    t = text.strip()
    if t[:2] == "0x" and t[2:3] in _PREFIX_KIND:
        return _prefixed_bits(t, kind)
    if t[:2] == "0x":
        digits = t[2:]
        if not digits or len(digits) > 16:
            raise ValueError(f"malformed hex FP literal {text!r}")
        double = int(digits, 16)
    else:
        try:
            value = float(t)
        except ValueError:
            raise ValueError(f"malformed FP literal {text!r}") from None
        double = struct.unpack("<Q", struct.pack("<d", value))[0]
    if kind == "double":
        return double
    if kind in ("half", "bfloat", "float"):
        return _narrow_double(double, kind)
    if kind == "ppc_fp128":
        return double  # high part = the double, low part = +0.0
    return _encode_exact(*_decode_double(double), kind)


def float_from_bits(bits: int, ftype: FloatType | str) -> float:
    """The Python float of an IEEE half/bfloat/float/double bit pattern (exact)."""
    kind = ftype.kind if isinstance(ftype, FloatType) else ftype
    if kind == "double":
        return struct.unpack("<d", struct.pack("<Q", bits))[0]
    if kind == "float":
        return struct.unpack("<f", struct.pack("<I", bits))[0]
    if kind == "half":
        return struct.unpack("<e", struct.pack("<H", bits))[0]
    if kind == "bfloat":
        return struct.unpack("<f", struct.pack("<I", bits << 16))[0]
    raise ValueError(f"{kind} values do not fit a Python float")


def float_text(bits: int, ftype: FloatType | str) -> str:
    """How LLVM 19 prints the constant with these bits (``AsmWriter``'s ``WriteAPFloatInternal``).

    float/double: ``%e`` with 6 digits when that reads back exactly, else the hex
    of the *double* value; the other types: their prefixed hex form."""
    kind = ftype.kind if isinstance(ftype, FloatType) else ftype
    if kind in ("float", "double"):
        value = float_from_bits(bits, kind)
        if math.isfinite(value):
            text = _apfloat_decimal(value)
            if float(text) == value:
                return text
        if kind == "double":
            return f"0x{bits:X}"  # format_hex: no zero padding
        return f"0x{_widen_float_to_double(bits):X}"
    if kind == "half":
        return f"0xH{bits:04X}"
    if kind == "bfloat":
        return f"0xR{bits:04X}"
    if kind == "x86_fp80":
        return f"0xK{bits >> 64:04X}{bits & ((1 << 64) - 1):016X}"
    if kind in ("fp128", "ppc_fp128"):
        letter = "L" if kind == "fp128" else "M"
        return f"0x{letter}{bits & ((1 << 64) - 1):016X}{bits >> 64:016X}"
    raise ValueError(f"unknown FP type {kind!r}")


# --------------------------------------------------------------------------
# internals
# --------------------------------------------------------------------------


def _apfloat_decimal(value: float, format_precision: int = 6) -> str:
    """``APFloat::toString(Str, 6, 0, /*TruncateZero=*/false)``, digit for digit.

    Not Python's ``%.6e``: APFloat keeps 6 *significant* digits (then pads a 0), and
    it rounds in two steps (a conservative truncation, then half-up on the rest),
    so e.g. 2**-1074 prints as ``4.940660e-324`` where ``%.6e`` says ``4.940656e-324``."""
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0." + "0" * format_precision + "e+00"
    m, e = abs(value).as_integer_ratio()
    e = -(e.bit_length() - 1)  # value = m * 2**e, the denominator is a power of two
    trailing = (m & -m).bit_length() - 1
    m >>= trailing
    e += trailing
    exp = 0
    if e > 0:
        m <<= e
    elif e < 0:
        m *= 5 ** -e
        exp = e
    required = (format_precision * 196 + 58) // 59
    if m.bit_length() > required:
        tens = (m.bit_length() - required) * 59 // 196
        if tens:
            exp += tens
            m //= 10 ** tens
    digits = str(m)
    stripped = digits.rstrip("0")
    exp += len(digits) - len(stripped)
    digits = stripped
    if len(digits) > format_precision:  # round half up, dropping trailing zeros
        keep, dropped = digits[:format_precision], digits[format_precision:]
        exp += len(dropped)
        if dropped[0] >= "5":
            rounded = str(int(keep) + 1)
            if len(rounded) > len(keep):
                exp += 1
                rounded = rounded[:-1]
            keep = rounded
        stripped = keep.rstrip("0")
        exp += len(keep) - len(stripped)
        digits = stripped or "0"
    exp += len(digits) - 1
    mantissa = digits[0] + "." + digits[1:] + "0" * (format_precision - len(digits) + 1)
    return f"{sign}{mantissa}e{'+' if exp >= 0 else '-'}{abs(exp):02d}"


def _prefixed_bits(t: str, kind: str) -> int:
    letter = t[2]
    if _PREFIX_KIND[letter] != kind:
        raise ValueError(f"0x{letter} literal is not valid for type {kind}")
    digits = t[3:]
    if len(digits) != _PREFIX_DIGITS[letter]:
        raise ValueError(f"0x{letter} literal needs {_PREFIX_DIGITS[letter]} hex digits: {t!r}")
    if letter == "K":
        return (int(digits[:4], 16) << 64) | int(digits[4:], 16)
    if letter in "LM":
        return int(digits[:16], 16) | (int(digits[16:], 16) << 64)
    return int(digits, 16)


def _decode_double(bits: int) -> tuple[int, str | int, int]:
    """(sign, m or 'inf'/'nan'/'zero', e) with value = m * 2**e."""
    sign = bits >> 63
    exp = (bits >> 52) & 0x7FF
    frac = bits & ((1 << 52) - 1)
    if exp == 0x7FF:
        return sign, ("nan" if frac else "inf"), frac
    if exp == 0:
        if frac == 0:
            return sign, "zero", 0
        return sign, frac, -1074
    return sign, frac | (1 << 52), exp - 1075


def _layout(kind: str) -> tuple[int, int, bool]:
    """(exponent bits, stored significand bits, explicit integer bit?)."""
    exp_bits, precision = FP_FORMATS[kind]
    if kind == "x86_fp80":
        return exp_bits, precision, True
    return exp_bits, precision - 1, False


def _encode_exact(sign: int, m: int | str, e: int, kind: str) -> int:
    exp_bits, frac_bits, explicit = _layout(kind)
    precision = FP_FORMATS[kind][1]
    top = exp_bits + frac_bits
    max_exp = (1 << exp_bits) - 1
    if m == "zero":
        return sign << top
    if m == "inf":
        return (sign << top) | (max_exp << frac_bits) | ((1 << (frac_bits - 1)) if explicit else 0)
    if m == "nan":
        raise ValueError("NaN conversion to a wider type is not defined here")
    bias = (1 << (exp_bits - 1)) - 1
    lead = m.bit_length() - 1 + e
    if lead > bias:
        raise ValueError(f"value overflows {kind}")
    subnormal = lead < 1 - bias
    quantum = (1 - bias if subnormal else lead) - (precision - 1)
    if e < quantum:
        if m & ((1 << (quantum - e)) - 1):
            raise ValueError(f"value is not exactly representable in {kind}")
        sig = m >> (quantum - e)
    else:
        sig = m << (e - quantum)
    if subnormal:
        return (sign << top) | sig
    stored = sig if explicit else sig - (1 << frac_bits)
    return (sign << top) | ((lead + bias) << frac_bits) | stored


def _narrow_double(double: int, kind: str) -> int:
    """Double -> half/bfloat/float exactly as LLParser does (NaN payload shifted, sNaN kept)."""
    sign, m, e = _decode_double(double)
    if m != "nan":
        return _encode_exact(sign, m, e, kind)
    exp_bits, frac_bits, _ = _layout(kind)
    payload = double & ((1 << 52) - 1)
    shift = 52 - frac_bits
    if payload & ((1 << shift) - 1):
        raise ValueError(f"NaN payload does not fit {kind}")
    signaling = not (payload >> 51) & 1
    frac = payload >> shift
    quiet_bit = 1 << (frac_bits - 1)
    if signaling:
        frac &= ~quiet_bit
        if frac == 0:
            frac = quiet_bit >> 1
    return (sign << (exp_bits + frac_bits)) | (((1 << exp_bits) - 1) << frac_bits) | frac


def _widen_float_to_double(bits: int) -> int:
    """Float bits -> the double LLVM prints for it (NaN payload moved up, sNaN kept signalling)."""
    sign = bits >> 31
    exp = (bits >> 23) & 0xFF
    frac = bits & ((1 << 23) - 1)
    if exp == 0xFF and frac:
        signaling = not (frac >> 22) & 1
        payload = frac << 29
        if signaling and payload == 0:
            payload = 1 << 50
        return (sign << 63) | (0x7FF << 52) | payload
    value = struct.unpack("<f", struct.pack("<I", bits))[0]
    return struct.unpack("<Q", struct.pack("<d", value))[0]
