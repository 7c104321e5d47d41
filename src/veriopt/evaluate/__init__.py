"""Evaluation: score a model (or outputs produced elsewhere) with the verifier and the
three metrics, and render the paper's tables and figures for one or more runs.

``veriopt eval`` -> `evaluate.run.evaluate` writes a run folder (results.jsonl/csv,
metrics.json, summary.json); ``veriopt report`` -> `evaluate.report.write_report`
turns run folders into one Markdown + HTML page with PNG figures.
"""

from veriopt.evaluate.config import EvalConfig
from veriopt.evaluate.predictions import EvalSample, Measures, read_predictions
from veriopt.evaluate.results import Run, SampleResult, load_run
from veriopt.evaluate.run import EvalOutcome, evaluate, load_samples, model_generator
from veriopt.evaluate.stats import RunStats, run_stats

__all__ = ["EvalConfig", "EvalOutcome", "EvalSample", "Measures", "Run", "RunStats",
           "SampleResult", "evaluate", "load_run", "load_samples", "model_generator",
           "read_predictions", "run_stats"]
