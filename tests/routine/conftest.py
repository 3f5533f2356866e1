"""Fixtures for the routine tests: the small test library beside the fixture routines."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def library_file(data_dir: Path) -> Path:
    """`tests/data/library/exercises.yaml`: three exercises, stable for exact messages."""
    return data_dir / "library" / "exercises.yaml"
