"""veriopt: large language models as trustworthy, formally verified LLVM IR optimizers."""

__version__ = "0.1.0"
