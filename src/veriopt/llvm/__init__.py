"""LLVM layer: the LLVM 19 toolchain, the IR model, its parser and printer."""
