"""Subcommands of the `veriopt` CLI, one module each (see `veriopt.cli`)."""
