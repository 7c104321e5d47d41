"""Shared test helpers: where ../shared is, and skips when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """The project's shared data folder (../shared beside the checkout, or
    $VERIOPT_SHARED); None when absent, so tests can skip with a reason."""
    env = os.environ.get("VERIOPT_SHARED")
    p = Path(env) if env else REPO.parent / "shared"
    return p if p.is_dir() else None


@pytest.fixture
def shared() -> Path:
    p = shared_dir()
    if p is None:
        pytest.skip("../shared is absent (set VERIOPT_SHARED to run this test)")
    return p
