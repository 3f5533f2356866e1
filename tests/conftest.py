"""Shared fixtures: every test gets its own data, cache and config dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS_DIR = Path(__file__).resolve().parent
DATA_DIR = TESTS_DIR / "data"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("WORKOUT_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("WORKOUT_CONFIG_DIR", str(root / "config"))
    # The speech cache is shared by the whole run (rendering is slow); tests that check
    # the cache itself point WORKOUT_CACHE_DIR somewhere of their own.
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(TESTS_DIR.parent / ".pytest_cache" / "speech"))
    # A returning user: the red flags have been read (tests of the first run remove this).
    from player.safety import confirm

    confirm()


@pytest.fixture(autouse=True)
def _english_screens() -> object:
    """A German routine switches the screens to German: the next test starts in English."""
    yield
    from player import i18n

    i18n.use("en")


@pytest.fixture
def data_dir() -> Path:
    """`tests/data/`: fixture routines, good and bad."""
    return DATA_DIR
