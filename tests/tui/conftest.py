"""Fixtures for the Textual tests: a short routine, a fake clock, a listening output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from player.routine.loader import load_routine
from player.routine.model import Routine
from player.session.clock import FakeClock
from player.sound.base import Clip

HERE = Path(__file__).resolve().parent


class _Heard:
    def stop(self) -> None:
        pass

    def wait_done(self) -> None:
        pass

    def is_playing(self) -> bool:
        return False


@dataclass
class ListeningOutput:
    """An output that remembers every clip it was asked to play, and when."""

    name: str = "listening"
    played: list[tuple[float | None, int]] = field(default_factory=list)
    broken: bool = False

    def play(self, clip: Clip, at: float | None = None) -> _Heard:
        if self.broken:
            raise OSError("the sound device went away")
        self.played.append((at, clip.frames))
        return _Heard()

    def close(self) -> None:
        pass


@pytest.fixture
def short_routine() -> Routine:
    """Two sections: timed work, sides, holds with sets, open reps."""
    return load_routine(HERE / "routines" / "short.yaml").routine


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def output() -> ListeningOutput:
    return ListeningOutput()


@pytest.fixture(autouse=True)
def _no_check_ins_unless_asked_for() -> None:
    """The screens' tests play straight away; tests of the check-in remove this setting."""
    from player import paths

    folder = paths.user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text("[session]\ncheckins = false\n", encoding="utf-8")
