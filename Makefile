# veriopt: `make demo` and `make test` work on a fresh Debian machine (they run `setup` first).
SHELL := /bin/bash
PYTHON ?= python3
PIP ?= $(PYTHON) -m pip
LLVM_BIN ?= /usr/lib/llvm-19/bin
APT_PACKAGES := llvm-19 clang-19 libc6-dev-arm64-cross linux-libc-dev-arm64-cross csmith libcsmith-dev
TORCH_VERSION := 2.13.0
PYTEST_ARGS ?=

.PHONY: setup setup-system setup-python demo test test-all lint bench help

help:
	@echo "make demo   - install what is missing, then run the main job on built-in data"
	@echo "make test   - install what is missing, then run the test suite (no slow tier; < 10 min on 2 cores)"
	@echo "make test-all - the whole suite, slow end-to-end tests included"
	@echo "make lint   - ruff"
	@echo "make bench  - run the benchmarks (writes benchmarks/RESULTS.md sections)"

setup: setup-system setup-python

# Debian packages, installed only when one is missing (idempotent; apt-get update first).
setup-system:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "[setup] installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	else echo "[setup] system packages present"; fi

# torch first and pinned (the CPU wheel), then the package with its extras (ray too, so the
# `--engine ray` test runs against a real local Ray instance).
EXTRAS := train,report,serve,dev,ray
setup-python:
	@$(PYTHON) -c "import torch" 2>/dev/null || { echo "[setup] installing torch==$(TORCH_VERSION)"; $(PIP) install -q "torch==$(TORCH_VERSION)"; }
	@echo "[setup] pip install -e '.[$(EXTRAS)]'"; $(PIP) install -q -e '.[$(EXTRAS)]'
	@$(PYTHON) -c "import veriopt, z3" || { echo "[setup] veriopt failed to install"; exit 1; }

demo: setup
	$(PYTHON) -m veriopt demo

# `make test` leaves out the `slow` tier (long end-to-end runs, marked @pytest.mark.slow);
# `make test-all` runs everything. No test asserts wall-clock speed (see benchmarks/).
test: setup
	$(PYTHON) -m pytest -q -m "not slow" $(PYTEST_ARGS)

test-all: setup
	$(PYTHON) -m pytest -q $(PYTEST_ARGS)

lint:
	$(PYTHON) -m ruff check src tests benchmarks

bench: setup
	@for b in benchmarks/*.py; do echo "== $$b"; $(PYTHON) $$b || exit 1; done
