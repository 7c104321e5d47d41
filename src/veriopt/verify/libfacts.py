"""Argument facts LLVM knows about C library functions (and that are true of them).

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


__all__ = ["ARG_FACTS", "known_arg_claims"]
