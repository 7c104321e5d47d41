"""The instcombine reference of a standalone sample (one that came without a dataset).

Dataset samples carry their reference and its metrics; a prompt taken from an
artifact results.csv carries neither. This worker canonicalises the input through
LLVM 19 (which also upgrades the paper's LLVM 14 typed pointers), runs instcombine
and measures both. The reference is verified afterwards like any candidate, so the
fallback only ever picks a proven rewrite.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from veriopt.errors import IRSyntaxError, VeriOptError


def prepare_reference(task: tuple[str, float]) -> dict[str, Any]:
    """Worker: ``(source_ir, timeout) -> {source_ir, source_measures, reference_ir,
    reference_measures}`` or ``{"error": why}`` when the input itself is unusable."""
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.metrics import measure

    source_ir, timeout = task
    tc = get_toolchain()
    try:
        src = tc.canonicalize(source_ir, filename="input.ll", timeout=timeout)
        src_m = measure(src, timeout=timeout)
    except IRSyntaxError as e:
        return {"error": f"the input IR does not parse: {e}"}
    except VeriOptError as e:
        return {"error": f"the input IR cannot be measured: {e}"}
    out: dict[str, Any] = {"source_ir": src, "source_measures": _plain(src_m)}
    try:
        ref = tc.opt(src, timeout=timeout)
        out.update(reference_ir=ref, reference_measures=_plain(measure(ref, timeout=timeout)))
    except VeriOptError as e:  # no reference: the sample is still scored, ic_* stay empty
        out["reference_error"] = str(e)
    return out


def _plain(m: Any) -> dict[str, Any]:
    d = asdict(m)
    return {"latency": float(d["latency"]), "instructions": int(d["instructions"]),
            "size": int(d["size"])}
