"""The summary's first line says what happened: praise for exercises done, none for a
session skipped through, and for a stopped one that what was done counts."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from player import i18n
from player.routine.model import Kind
from player.tui.screens.summary import summary_text
from player.tui.summary import SessionSummary


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.use("en")
    yield
    i18n.use("en")


def _summary(exercises: tuple[str, ...], completed: bool) -> SessionSummary:
    kinds = ((Kind.STRETCHING, 40.0),) if exercises else ()
    return SessionSummary(
        "Desk break", 130.0, exercises, kinds, completed, "workout play x --resume"
    )


def test_done_exercises_are_praised() -> None:
    text = summary_text(_summary(("Seated cat-cow",), completed=True))
    assert text.startswith("Well done!") and "✓ Seated cat-cow" in text


def test_a_session_skipped_through_is_not_praised() -> None:
    text = summary_text(_summary((), completed=True))
    assert text.startswith("Session over — you skipped every exercise this time.")
    assert "Well done" not in text and "Exercises: 0" in text
    i18n.use("de")
    german = summary_text(_summary((), completed=True))
    assert german.startswith("Einheit vorbei – diesmal hast du jede Übung übersprungen.")


def test_a_stopped_session_says_how_to_go_on() -> None:
    text = summary_text(_summary(("Seated cat-cow",), completed=False))
    assert text.startswith("Stopped early — what you did counts.")
    assert "Go on later with: workout play x --resume" in text
