"""The three metrics of a module, measured together: latency, instructions, size.

Why one entry point: the dataset builder, the latency reward and the
evaluation all need the same numbers under the same rules (README.md, "Metrics"), and
process start-up is what costs (an LLVM tool takes ~10 ms to start). So
`measure` starts two processes at once on the text as given, with AArch64
named as its target when it names none: opt, which prints the cost report
*and* the module in LLVM's canonical text, and llc, whose object llvm-size
reads; our parser counts the instructions of opt's canonical text.

Broken input raises IRSyntaxError, never zeros: when opt or llc rejects the
text, `Toolchain.canonicalize` (llvm-as, LLVM's own parser and verifier) is
asked for the diagnostic, so the message is the same as everywhere else in
veriopt. Nothing is cached: the same text measured twice runs the tools twice.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from veriopt.errors import IRSyntaxError, ToolchainError, ToolTimeout, UnsupportedIR, VeriOptError
from veriopt.llvm.toolchain import get_toolchain
from veriopt.metrics.icount import instructions_per_function
from veriopt.metrics.latency import FunctionCosts, parse_cost_report, run_cost_model
from veriopt.metrics.size import ObjectSize, measure_object_size
from veriopt.metrics.target import TargetedModule, with_default_target

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FunctionMetrics:
    """One defined function. ``size`` is the module's size when the module defines
    only this function (the dataset's one-function modules) and None otherwise:
    an object file's text + data cannot be split between functions honestly
    (unwind tables and globals are shared)."""

    name: str
    latency: int
    instructions: int
    size: int | None = None


@dataclass(frozen=True)
class ModuleMetrics:
    """Latency, instruction count and binary size of a module (sums over its
    defined functions; size is the whole object file's text + data)."""

    latency: int
    instructions: int
    size: int
    functions: dict[str, FunctionMetrics] = field(default_factory=dict)
    triple: str = ""
    triple_was_default: bool = False
    object_size: ObjectSize | None = None

    def to_dict(self) -> dict:
        """Plain JSON-able data (the CLI's ``--json``)."""
        return asdict(self)


def measure(ir_text: str, *, timeout: float = 60.0, filename: str = "<input>") -> ModuleMetrics:
    """Measure one module given as LLVM IR text (any dialect LLVM 19 reads).

    Raises IRSyntaxError when LLVM rejects the text, ToolchainError/ToolTimeout
    when a tool fails, UnsupportedIR when the cost model cannot price an
    instruction.
    """
    module = with_default_target(ir_text)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="veriopt-llc") as pool:
        object_size = pool.submit(measure_object_size, module, timeout=timeout)
        with _syntax_errors_explained(ir_text, filename, timeout):
            run = run_cost_model(module.text, print_module=True, timeout=timeout)
        costs = parse_cost_report(run.report)
        counts = _checked_counts(run.module_text or "", costs, filename)
        with _syntax_errors_explained(ir_text, filename, timeout):
            size = object_size.result()
    return _assemble(module, costs, counts, size)


def estimate_latency(ir_text: str, *, timeout: float = 60.0, filename: str = "<input>") -> int:
    """Latency alone (what the latency reward needs): one opt process."""
    module = with_default_target(ir_text)
    with _syntax_errors_explained(ir_text, filename, timeout):
        run = run_cost_model(module.text, timeout=timeout)
    return sum(c.latency for c in parse_cost_report(run.report).values())


def count_instructions(ir_text: str, *, timeout: float = 60.0, filename: str = "<input>") -> int:
    """Instruction count alone: our parser over the module opt prints (one opt process)."""
    module = with_default_target(ir_text)
    with _syntax_errors_explained(ir_text, filename, timeout):
        run = run_cost_model(module.text, print_module=True, timeout=timeout)
    costs = parse_cost_report(run.report)
    return sum(_checked_counts(run.module_text or "", costs, filename).values())


def binary_size(ir_text: str, *, timeout: float = 60.0, filename: str = "<input>") -> int:
    """Binary size alone: text + data of the ``llc -O0`` object file."""
    with _syntax_errors_explained(ir_text, filename, timeout):
        return measure_object_size(with_default_target(ir_text), timeout=timeout).size


@contextmanager
def _syntax_errors_explained(ir_text: str, filename: str, timeout: float) -> Iterator[None]:
    """Turn a tool's rejection of the input into LLVM's IRSyntaxError.

    opt and llc parse and verify their input like llvm-as does; when one fails
    (not by timeout), `canonicalize` is asked: it raises IRSyntaxError with the
    diagnostic veriopt reports everywhere, or returns, and then the tool's own
    failure is the error.
    """
    try:
        yield
    except ToolTimeout:
        raise
    except ToolchainError:
        try:
            get_toolchain().canonicalize(ir_text, filename=filename, timeout=timeout)
        except IRSyntaxError as syntax_error:
            raise syntax_error from None
        raise


def _parser():
    """`veriopt.llvm.parser.parse_module`, or None while this tree has no parser."""
    try:
        from veriopt.llvm.parser import parse_module
    except ModuleNotFoundError as e:
        if e.name != "veriopt.llvm.parser":
            raise
        return None
    return parse_module


def _checked_counts(canonical: str, costs: dict[str, FunctionCosts],
                    filename: str) -> dict[str, int]:
    """Our parser's count per function (over opt's printed module), checked
    against the cost model's.

    The two must agree (the cost model prices each instruction once, as
    LLVM's InstCount pass counts them); a disagreement is a parser bug,
    reported rather than averaged away. Where the parser cannot read text that
    LLVM accepted (a construct our model does not cover, or a parser bug,
    logged), LLVM's count stands: metrics must not fail for the parser's sake.
    """
    llvm_counts = {name: c.instructions for name, c in costs.items()}
    parse = _parser()
    if parse is None:
        return llvm_counts
    try:
        counts = instructions_per_function(parse(canonical, filename=filename))
    except UnsupportedIR:
        return llvm_counts  # valid IR our model does not cover (yet): LLVM's count stands
    except IRSyntaxError as e:  # LLVM accepted this very text: the parser is wrong
        log.warning("%s: our parser rejects IR that LLVM accepts (%s); using LLVM's "
                    "instruction count", filename, str(e).splitlines()[0])
        return llvm_counts
    if counts != llvm_counts:
        diff = sorted(set(counts.items()) ^ set(llvm_counts.items()))
        raise VeriOptError(f"{filename}: instruction counts disagree between our parser and "
                           f"LLVM's cost model ({diff[:4]}); this is a veriopt bug")
    return counts


def _assemble(module: TargetedModule, costs: dict[str, FunctionCosts],
              counts: dict[str, int], size: ObjectSize) -> ModuleMetrics:
    single = len(costs) == 1
    functions = {name: FunctionMetrics(name, c.latency, counts[name],
                                       size.size if single else None)
                 for name, c in costs.items()}
    return ModuleMetrics(latency=sum(f.latency for f in functions.values()),
                         instructions=sum(f.instructions for f in functions.values()),
                         size=size.size, functions=functions, triple=module.triple,
                         triple_was_default=module.triple_was_default, object_size=size)


# ---- many modules ----------------------------------------------------------------


def measure_many(items: Iterable[str | os.PathLike[str]], *, jobs: int | None = None,
                 timeout: float = 60.0, progress: bool = True,
                 ) -> list[ModuleMetrics | VeriOptError]:
    """Measure many modules in a process pool, results in input order.

    An item is IR text (``str``) or a path to a ``.ll`` file (``Path``). A module
    that cannot be measured yields its error in its place instead of stopping
    the batch, so one broken candidate costs one entry, not the run (a worker
    that dies costs the modules it had not finished). ``jobs``
    defaults to the number of CPUs; ``jobs=1`` runs in this process. Progress
    goes to stderr through tqdm (hidden when stderr is not a terminal).
    """
    work = list(items)
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[ModuleMetrics | VeriOptError | None] = [None] * len(work)
    bar = _progress_bar(len(work), progress)
    try:
        if jobs == 1 or len(work) <= 1:
            for i, item in enumerate(work):
                results[i] = _measure_item(item, timeout)
                bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
                futures: dict[Future, int] = {
                    pool.submit(_measure_item, item, timeout): i for i, item in enumerate(work)}
                for fut in as_completed(futures):
                    try:
                        results[futures[fut]] = fut.result()
                    except BrokenProcessPool:
                        results[futures[fut]] = VeriOptError(
                            "a metrics worker process died (killed, or out of memory) "
                            "before this module was measured")
                    bar.update(1)
    finally:
        bar.close()
    return results  # type: ignore[return-value]  # every slot is filled above


def _measure_item(item: str | os.PathLike[str], timeout: float) -> ModuleMetrics | VeriOptError:
    """One item for `measure_many`: errors come back as values, not exceptions."""
    try:
        if isinstance(item, str):
            return measure(item, timeout=timeout)
        path = Path(item)
        try:
            text = path.read_text(errors="replace")
        except OSError as e:
            return VeriOptError(f"{path}: cannot read: {e.strerror or e}")
        return measure(text, timeout=timeout, filename=str(path))
    except VeriOptError as e:
        return e
    except Exception as e:  # noqa: BLE001 - a bug on one module must not stop the batch
        return VeriOptError(f"internal error while measuring: {type(e).__name__}: {e}")


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="module", desc="metrics", disable=None if enabled else True,
                leave=False)


__all__: Sequence[str] = ("FunctionMetrics", "ModuleMetrics", "binary_size", "count_instructions",
                          "estimate_latency", "measure", "measure_many")
