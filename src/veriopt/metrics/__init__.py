"""Metrics of a module: estimated latency, instruction count, binary size (README.md, "Metrics").

``measure(ir_text)`` returns a `ModuleMetrics`; ``measure_many`` measures a batch
in a process pool; ``estimate_latency``/``count_instructions``/``binary_size``
run only the tools one metric needs (the latency reward needs no llc). One file per metric: `latency` (opt's cost model), `icount`
(our IR model), `size` (llc + llvm-size); `target` supplies the AArch64 default.
"""

from veriopt.metrics.measure import (
    FunctionMetrics,
    ModuleMetrics,
    binary_size,
    count_instructions,
    estimate_latency,
    measure,
    measure_many,
)
from veriopt.metrics.size import ObjectSize

__all__ = ["FunctionMetrics", "ModuleMetrics", "ObjectSize", "binary_size", "count_instructions",
           "estimate_latency", "measure", "measure_many"]
