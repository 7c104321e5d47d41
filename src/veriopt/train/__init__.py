"""Training: the paper's four-stage pipeline (Model-Zero GRPO, diagnostic-augmented
samples, Warm-up SFT, Model-Correctness GRPO, Model-Latency GRPO) on TRL + PEFT.

Entry points: `veriopt.train.pipeline.run_training` and `veriopt train`. Imports of
torch/TRL happen inside the functions that need them, so that configs can be
loaded and checked without the training extra installed.
"""
