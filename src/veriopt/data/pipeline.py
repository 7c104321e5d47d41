"""One source file through the paper's pipeline, as a pure function of its inputs.

compile (-O0, AArch64, no optnone; retry with -std=gnu89) -> one module per defined
function (llvm-extract) -> instcombine reference (with the no-verify-fixpoint retry)
-> verifier -> metrics of both sides. The result of a file is a plain dict so that
it can cross process (or Ray) boundaries and be written as one JSON file: the
unit of resumption. Nothing here raises for a bad input: a file that crashes
clang, opt or the verifier is recorded with the error and skipped.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
import traceback
from pathlib import Path
from typing import Any

from veriopt.data.config import DatasetConfig
from veriopt.data.features import function_features
from veriopt.errors import VeriOptError
from veriopt.verify.options import FULL_ONLY, FULL_OR_BOUNDED, ProofPolicy

log = logging.getLogger(__name__)


def source_key(path: Path, root: Path | None) -> str:
    """A stable name for a source file: its path relative to the corpus root."""
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def result_filename(key: str) -> str:
    """The per-file result name in the work directory (hash: keys may contain '/')."""
    return hashlib.sha1(key.encode()).hexdigest()[:16] + ".json"


def compile_source(path: Path, cfg: DatasetConfig) -> tuple[str, list[str]]:
    """-O0 IR of ``path`` and the flags that worked; retries with -std=gnu89."""
    from veriopt.llvm.toolchain import get_toolchain

    tc = get_toolchain()
    flags = [*(f"-I{d}" for d in cfg.include_dirs), *cfg.extra_flags]
    if path.suffix in (".cc", ".cpp", ".cxx", ".C"):
        flags = ["-x", "c++", *flags]
    try:
        return tc.compile_c(path, target=cfg.target, sysroot=cfg.sysroot, extra_flags=flags,
                            timeout=cfg.compile_timeout), flags
    except VeriOptError:
        if not cfg.retry_gnu89 or "-x" in flags:
            raise
    flags = [*flags, "-std=gnu89"]
    return tc.compile_c(path, target=cfg.target, sysroot=cfg.sysroot, extra_flags=flags,
                        timeout=cfg.compile_timeout), flags


def process_source(path_str: str, key: str, cfg: DatasetConfig) -> dict[str, Any]:
    """All function pairs of one source file, or the reason there are none."""
    start = time.monotonic()
    result: dict[str, Any] = {"file": key, "status": "ok", "error": None, "flags": [],
                              "records": [], "rejects": [], "seconds": 0.0}
    try:
        module_ir, flags = compile_source(Path(path_str), cfg)
        module_ir = portable_source_filename(module_ir, key)
        result["flags"] = flags
    except VeriOptError as e:
        result.update(status="compile_failed", error=str(e).splitlines()[0])
        result["seconds"] = time.monotonic() - start
        return result
    policy = dataset_policy(cfg)
    try:
        for fn in _defined_function_names(module_ir):
            rec = process_function(module_ir, fn, key, cfg)
            accepted = policy.accepts_proof(rec["verdict"], rec["proof"])
            (result["records"] if accepted else result["rejects"]).append(rec)
    except Exception as e:  # noqa: BLE001 - a crashing file is logged and skipped
        log.debug("processing %s failed:\n%s", key, traceback.format_exc())
        result.update(status="crashed", error=f"{type(e).__name__}: {e}".splitlines()[0])
    result["seconds"] = time.monotonic() - start
    return result


def dataset_policy(cfg: DatasetConfig) -> ProofPolicy:
    """Which proofs make a training pair: full ones, and bounded ones unless
    ``keep_bounded`` is off. Never a vacuous one: an input that is UB on every input
    teaches nothing about optimisation (anything "refines" it)."""
    return FULL_OR_BOUNDED if cfg.keep_bounded else FULL_ONLY


_MODULE_NAME = re.compile(r'^(?:; ModuleID = .*\n)?source_filename = "[^"\n]*"$', re.M)


def portable_source_filename(module_ir: str, key: str) -> str:
    """``module_ir`` naming its source by ``key`` (the path relative to the corpus root),
    not by the absolute path clang saw: records must not carry the builder's checkout
    (privacy, and byte-identical datasets from any folder)."""
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\{ord(c):02X}"
                      for c in key)
    return _MODULE_NAME.sub(lambda _: f'source_filename = "{escaped}"', module_ir, count=1)


def _defined_function_names(module_ir: str) -> list[str]:
    from veriopt.llvm.functions import defined_functions
    from veriopt.llvm.parser import parse_module

    return defined_functions(parse_module(module_ir))


def process_function(module_ir: str, fn: str, key: str, cfg: DatasetConfig) -> dict[str, Any]:
    """One (O0, instcombine) pair with its verdict and metrics; errors become a
    rejected record with ``verdict="error"``."""
    from veriopt.llvm.functions import only_function, same_modulo_names
    from veriopt.llvm.parser import parse_module
    from veriopt.llvm.toolchain import get_toolchain
    from veriopt.metrics import measure
    from veriopt.verify import check

    tc = get_toolchain()
    rec: dict[str, Any] = {"id": f"{key}::{fn}", "source_file": key, "function": fn,
                           "o0": None, "instcombine": None, "instcombine_passes": None,
                           "verdict": "error", "reason": "", "proof": "", "bounded": False,
                           "verify_seconds": 0.0, "unchanged": False, "features": {},
                           "o0_metrics": None, "ic_metrics": None}
    try:
        o0 = tc.extract_function(module_ir, fn, timeout=cfg.tool_timeout)
        ic, passes = tc.opt_with_fallback(o0, "instcombine", timeout=cfg.tool_timeout)
        rec.update(o0=o0, instcombine=ic, instcombine_passes=passes)
        src_mod, tgt_mod = parse_module(o0), parse_module(ic)
        rec["features"] = function_features(src_mod, only_function(src_mod, fn))
        rec["unchanged"] = same_modulo_names(only_function(src_mod, fn),
                                             only_function(tgt_mod, fn))
        t0 = time.monotonic()
        verdict = check(src_mod, tgt_mod, options=cfg.verify)
        rec["verify_seconds"] = round(time.monotonic() - t0, 4)
        rec.update(verdict=verdict.category, reason=verdict.reason, proof=verdict.proof,
                   bounded=verdict.bounded)
        if verdict.category == "correct":
            rec["o0_metrics"] = _metrics_dict(measure(o0, timeout=cfg.tool_timeout))
            rec["ic_metrics"] = _metrics_dict(measure(ic, timeout=cfg.tool_timeout))
    except VeriOptError as e:
        rec.update(verdict="error", reason=f"{type(e).__name__}: {e}".splitlines()[0])
    return rec


def _metrics_dict(m: Any) -> dict[str, float]:
    return {"latency": m.latency, "instructions": m.instructions, "size": m.size}
