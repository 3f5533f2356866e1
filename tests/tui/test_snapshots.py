"""Snapshots of the screens with the clock frozen: player, paused, tiny terminal, library, history.

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` only after looking at the
report: these pictures are what a user sees.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from player.routine.loader import load_routine
from player.routine.model import Kind, Routine
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.timeline.model import SegmentKind
from player.tui.app import WorkoutApp, make_app
from player.tui.catalogue import entry_of
from player.tui.player_settings import PlayerSettings
from player.tui.screens.history import HistoryView, SessionRow
from player.tui.screens.player import PlayerScreen


@pytest.fixture(autouse=True)
def _empty_speech_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Clip lengths come from the estimate, not from whatever the shared cache holds.
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "cache"))


def _frozen_player(routine: Routine) -> WorkoutApp:
    return make_app(
        PlayerSettings(tts="fake", audio="null"),
        routine,
        clock=FakeClock(),
        output=None,
        synthesizer=FakeSynthesizer(),
        autostart=False,
    )


def _at(kind: SegmentKind, exercise: str, into: float, pause: bool = False) -> Any:
    """Start the (runner-less) session inside a segment, on the frozen clock."""

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, WorkoutApp) and app.live is not None
        segment = next(
            s for s in app.live.timeline.segments if s.kind is kind and s.exercise == exercise
        )
        app.live.session.start(segment.start + into)
        app.live.session.poll()
        if pause:
            app.live.session.pause()
        assert isinstance(app.screen, PlayerScreen)
        app.screen.repaint()
        await pilot.pause()

    return run_before


def test_player(snap_compare: Any, short_routine: Routine) -> None:
    assert snap_compare(
        _frozen_player(short_routine),
        terminal_size=(100, 32),
        run_before=_at(SegmentKind.HOLD, "Abdominal bracing", 2.0),
    )


def test_player_paused(snap_compare: Any, short_routine: Routine) -> None:
    assert snap_compare(
        _frozen_player(short_routine),
        terminal_size=(100, 32),
        run_before=_at(SegmentKind.WORK, "Seated cat-cow", 7.0, pause=True),
    )


def test_player_at_80x24_shows_the_caption_and_quit(
    snap_compare: Any, short_routine: Routine
) -> None:
    assert snap_compare(
        _frozen_player(short_routine),
        terminal_size=(80, 24),
        run_before=_at(SegmentKind.WORK, "Thoracic rotation", 3.0),
    )


def test_player_in_german_at_80x24(snap_compare: Any) -> None:
    german = load_routine(Path(__file__).parent / "routines" / "kurz.yaml")
    assert snap_compare(
        _frozen_player(german.routine),
        terminal_size=(80, 24),
        run_before=_at(SegmentKind.HOLD, "Bauchspannung", 2.0),
    )


def test_player_tiny_terminal(snap_compare: Any, short_routine: Routine) -> None:
    assert snap_compare(
        _frozen_player(short_routine),
        terminal_size=(60, 20),
        run_before=_at(SegmentKind.WORK, "Thoracic rotation", 3.0),
    )


def test_library(snap_compare: Any, short_routine: Routine) -> None:
    entries = [
        entry_of(short_routine, "player-test", Path("player-test.yaml"), user=True),
        entry_of(
            Routine(title="Another routine", sections=short_routine.sections[1:], language="de"),
            "another",
            Path("another.yaml"),
        ),
    ]
    app = make_app(PlayerSettings(tts="fake", audio="null"), None, entries=entries)
    assert snap_compare(app, terminal_size=(100, 32))


def test_history(snap_compare: Any) -> None:
    today = date(2025, 3, 14)
    view = HistoryView(
        streak=4,
        sessions=(
            SessionRow(datetime(2025, 3, 14, 9, 30), "Desk break, lower back", 3.2, True),
            SessionRow(datetime(2025, 3, 13, 17, 5), "Focus: stretching", 11.0, False),
            SessionRow(datetime(2025, 3, 12, 12, 45), "Quick break — 3 minutes", 3.0, True),
        ),
        days=tuple((today - timedelta(days=27 - i), float((i * 7) % 13)) for i in range(28)),
        per_kind=(
            (Kind.STRETCHING.value, 20.0),
            (Kind.STABILISATION.value, 9.5),
            (Kind.MOBILISATION.value, 4.0),
        ),
    )
    app = make_app(PlayerSettings(), None, entries=[], history=lambda: view, today=today)
    assert snap_compare(app, terminal_size=(100, 32), press=["f6"])


def test_history_with_pain_and_effort(snap_compare: Any) -> None:
    from player.history.checkins import WeekOfCheckins

    today = date(2025, 3, 14)
    mondays = [date(2025, 1, 20) + timedelta(weeks=n) for n in range(8)]
    pains = [6.0, 5.5, None, 4.0, 3.5, 3.0, 2.0, 2.5]
    efforts = [7.0, 6.0, None, 6.0, 5.0, 5.5, 5.0, 4.0]
    view = HistoryView(
        streak=2,
        sessions=(SessionRow(datetime(2025, 3, 14, 9, 30), "Focus, stabilisation", 10.0, True),),
        days=tuple((today - timedelta(days=27 - i), float((i * 5) % 11)) for i in range(28)),
        per_kind=((Kind.STABILISATION.value, 30.0),),
        checkins=tuple(
            WeekOfCheckins(m, p, e) for m, p, e in zip(mondays, pains, efforts, strict=True)
        ),
    )
    app = make_app(PlayerSettings(), None, entries=[], history=lambda: view, today=today)
    assert snap_compare(app, terminal_size=(110, 32), press=["f6"])
