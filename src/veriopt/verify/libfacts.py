"""What is known about callees by name alone: argument facts LLVM knows about C
library functions, and which calls have an exact model (`library_model`: libcalls.py
encodes each model; the gate, the memory plan and the call pairing only ask whether
there is one).

Argument facts (and why they are true of every conforming C library):

Why: a tgt call may not add an argument claim (``nocapture``, ``readonly``, ...)
that its matched src call lacks, because for an unknown callee the claim could be
false, and a false claim is UB (calls.py). But instcombine annotates calls to the
C library with what LLVM's TargetLibraryInfo knows about them (``atoi`` does not
capture its string, ``strlen`` only reads it, ...), and those claims hold for every
conforming C library. A claim listed here for a callee of that name may therefore
appear in tgt without appearing in src.

The table is deliberately small and conservative: only argument-position facts
that follow from the C standard's description of the function (the function
cannot keep the pointer: ``nocapture``; it only reads / only writes through it:
``readonly`` / ``writeonly``), for functions whose prototype has those pointer
parameters (and a few POSIX ones, ``access``, ``gettimeofday``, by POSIX's
description). A pointer a function returns into its argument (``strchr``,
``memchr``, ``strcpy``'s destination) is captured, so it is not listed.

calls.py also uses the facts for what the callee may do: a local passed where the
function neither writes nor keeps the pointer (``nocapture`` + ``readonly``) is
not written by the call and does not escape.
"""

from __future__ import annotations

from veriopt.llvm import ir
from veriopt.llvm.walk import callee_name

_NC = frozenset({"nocapture"})
_NC_RO = frozenset({"nocapture", "readonly"})
_NC_WO = frozenset({"nocapture", "writeonly"})

#: callee -> {argument index: claims that hold}.
ARG_FACTS: dict[str, dict[int, frozenset[str]]] = {
    "atoi": {0: _NC_RO}, "atol": {0: _NC_RO}, "atoll": {0: _NC_RO}, "atof": {0: _NC_RO},
    "strtol": {1: _NC}, "strtoul": {1: _NC}, "strtoll": {1: _NC}, "strtoull": {1: _NC},
    "strtod": {1: _NC}, "strtof": {1: _NC}, "strtold": {1: _NC},
    "strlen": {0: _NC_RO}, "strnlen": {0: _NC_RO},
    "strcmp": {0: _NC_RO, 1: _NC_RO}, "strncmp": {0: _NC_RO, 1: _NC_RO},
    "strcasecmp": {0: _NC_RO, 1: _NC_RO}, "strncasecmp": {0: _NC_RO, 1: _NC_RO},
    "memcmp": {0: _NC_RO, 1: _NC_RO}, "bcmp": {0: _NC_RO, 1: _NC_RO},
    "strcpy": {1: _NC_RO}, "strncpy": {1: _NC_RO}, "stpcpy": {1: _NC_RO},
    "strcat": {1: _NC_RO}, "strncat": {1: _NC_RO},
    "strspn": {0: _NC_RO, 1: _NC_RO}, "strcspn": {0: _NC_RO, 1: _NC_RO},
    "printf": {0: _NC_RO}, "puts": {0: _NC_RO}, "perror": {0: _NC_RO},
    "fprintf": {0: _NC, 1: _NC_RO}, "sprintf": {0: _NC_WO, 1: _NC_RO},
    "snprintf": {0: _NC_WO, 2: _NC_RO},
    "scanf": {0: _NC_RO}, "__isoc99_scanf": {0: _NC_RO},
    "sscanf": {0: _NC_RO, 1: _NC_RO}, "__isoc99_sscanf": {0: _NC_RO, 1: _NC_RO},
    "fscanf": {0: _NC, 1: _NC_RO}, "__isoc99_fscanf": {0: _NC, 1: _NC_RO},
    "fputs": {0: _NC_RO, 1: _NC}, "fputc": {1: _NC}, "putc": {1: _NC},
    "fwrite": {0: _NC_RO, 3: _NC}, "fread": {0: _NC, 3: _NC},
    "fgets": {2: _NC}, "fgetc": {0: _NC}, "getc": {0: _NC}, "fclose": {0: _NC},
    "fflush": {0: _NC}, "fopen": {0: _NC_RO, 1: _NC_RO},
    "time": {0: _NC}, "gettimeofday": {0: _NC, 1: _NC},
    # POSIX: the path is a ``const char *`` the function only reads
    "access": {0: _NC_RO},
}


def known_arg_claims(callee: str | None, index: int) -> frozenset[str]:
    """Claims about argument ``index`` of a call to ``callee`` that hold whatever the
    call site says (empty for functions not in the table)."""
    if callee is None:
        return frozenset()
    return ARG_FACTS.get(callee, {}).get(index, frozenset())


# ---- which calls have an exact model ------------------------------------------------------------

#: Functions whose call allocates a fresh heap block (C semantics: malloc(n), calloc(n, m),
#: realloc(p, n): a copy of p's block; libcalls.py).
ALLOCATORS = {"malloc": "poison", "calloc": "zero", "realloc": "copy"}


#: Intrinsics without any effect on the program state (debug info, scoping hints).
NO_OP_INTRINSICS = {"llvm.dbg.declare", "llvm.dbg.value", "llvm.dbg.assign", "llvm.dbg.label",
                    "llvm.donothing", "llvm.experimental.noalias.scope.decl"}


def is_no_op_call(inst: ir.Call) -> bool:
    """A call the encoder may skip: a void call of a no-op intrinsic, no bundles."""
    return (isinstance(inst.callee, ir.Global) and inst.callee.name in NO_OP_INTRINSICS
            and inst.result is None and not inst.bundles)


def va_list_size(triple: str | None) -> int | None:
    """Bytes ``llvm.va_start`` writes, for the ABIs whose ``va_list`` we know: AArch64
    (AAPCS64: ``{ptr, ptr, ptr, i32, i32}``; Apple/Windows: a plain pointer) and
    x86-64 (SysV: ``[1 x {i32, i32, ptr, ptr}]``; Windows: a plain pointer)."""
    t = (triple or "").lower()
    arch = t.split("-", 1)[0]
    if arch in ("aarch64", "arm64", "x86_64", "amd64"):
        if "apple" in t or "darwin" in t or "windows" in t or "win32" in t:
            return 8
        return 32 if arch in ("aarch64", "arm64") else 24
    return None


def _libcall_signature_ok(name: str, inst: ir.Call) -> bool:
    """The C library signature (a function named ``malloc`` with another signature
    is just an unknown function)."""
    types = [a.type for a in inst.args]
    ptr, i64 = ir.PTR, ir.I64
    if name in ("memcpy", "memmove"):
        return types == [ptr, ptr, i64] and inst.return_type in (ptr, ir.VOID)
    if name == "memset":
        return types == [ptr, ir.I32, i64] and inst.return_type in (ptr, ir.VOID)
    if name == "malloc":
        return types == [i64] and inst.return_type == ptr
    if name == "calloc":
        return types == [i64, i64] and inst.return_type == ptr
    if name == "free":
        return types == [ptr] and inst.return_type == ir.VOID
    if name == "realloc":
        return types == [ptr, i64] and inst.return_type == ptr
    if name == "strlen":
        return types == [ptr] and inst.return_type in (i64, ir.I32)
    if name in ("memcmp", "bcmp"):
        return types == [ptr, ptr, i64] and inst.return_type == ir.I32
    if name == "fwrite":
        return types == [ptr, i64, i64, ptr] and inst.return_type in (i64, ir.VOID)
    if name == "fputc":
        return types == [ir.I32, ptr] and inst.return_type in (ir.I32, ir.VOID)
    if name in ("abs", "labs", "llabs"):  # int/long/long long: i32 or i64 by the ABI
        return len(types) == 1 and types[0] in (ir.I32, ir.I64) \
            and inst.return_type == types[0]
    if name in ("ffs", "ffsl", "ffsll"):
        return len(types) == 1 and isinstance(types[0], ir.IntType) \
            and inst.return_type == ir.I32
    return True


def _int_literal(v: ir.Value) -> int | None:
    return v.value if isinstance(v, ir.IntConst) else None


#: Library functions with an exact model (libcalls.py `MODELS`), by name -> model.
LIBRARY_MODELS: dict[str, str] = {
    "memcpy": "memcpy", "memmove": "memmove", "memset": "memset",
    "malloc": "allocate", "calloc": "allocate", "realloc": "allocate", "free": "free",
    "strlen": "strlen", "memcmp": "memcmp", "bcmp": "bcmp",
    "fputc": "fputc", "ffs": "ffs", "ffsl": "ffs", "ffsll": "ffs",
    "abs": "abs", "labs": "abs", "llabs": "abs",
}
#: Intrinsics with an exact model there, by name prefix -> model (the first match wins).
INTRINSIC_MODELS: tuple[tuple[str, str], ...] = (
    ("llvm.memcpy.inline.", "llvm.memcpy"),
    ("llvm.memcpy.", "llvm.memcpy"),
    ("llvm.memmove.", "memmove"),
    ("llvm.memset.inline.", "memset"),
    ("llvm.memset.", "memset"),
    ("llvm.lifetime.start.", "lifetime.start"),
    ("llvm.lifetime.end.", "lifetime.end"),
    ("llvm.va_start", "va_start"),
    ("llvm.va_copy", "va_copy"),
    ("llvm.va_end", "va_end"),
    ("llvm.threadlocal.address.", "threadlocal.address"),
)
#: ``fwrite`` calls with a model (see `library_model`).
FWRITE_MODELS = ("fwrite-nothing", "fwrite-byte")
#: Models that rewrite the call into an unknown call of another function (so it is
#: a call record, paired like any unknown call).
REWRITTEN_AS_UNKNOWN = frozenset({"fputc", "fwrite-byte"})
#: Every model name `library_model` may answer (libcalls.py has one encoding each).
MODEL_NAMES = frozenset(LIBRARY_MODELS.values()) | {m for _, m in INTRINSIC_MODELS} \
    | frozenset(FWRITE_MODELS)


def library_model(inst: ir.Call) -> str | None:
    """The exact model of this call (a name of `MODEL_NAMES`), or None: an unknown
    call, or an intrinsic modelled elsewhere or not at all."""
    name = callee_name(inst)
    if name is None:
        return None
    if name == "fwrite" and _libcall_signature_ok(name, inst):
        size, count = (_int_literal(inst.args[k].value) for k in (1, 2))
        if size == 0 or count == 0:
            return "fwrite-nothing"
        if size == 1 and count == 1:
            return "fwrite-byte"
        return None
    if name in LIBRARY_MODELS:
        if name in ALLOCATORS and inst.result is None:
            return None
        if not _libcall_signature_ok(name, inst):
            return None
        return LIBRARY_MODELS[name]
    for prefix, model in INTRINSIC_MODELS:
        if name.startswith(prefix):
            return model
    return None


def is_modelled(inst: ir.Call) -> bool:
    """Calls that are not call records (no pairing of their arguments needed); fputc
    and a one-byte fwrite are rewritten into unknown calls, so they are not."""
    if is_no_op_call(inst):
        return True
    model = library_model(inst)
    return model is not None and model not in REWRITTEN_AS_UNKNOWN


__all__ = ["ALLOCATORS", "ARG_FACTS", "MODEL_NAMES", "NO_OP_INTRINSICS", "is_modelled",
           "is_no_op_call", "known_arg_claims", "library_model", "va_list_size"]
