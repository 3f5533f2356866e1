"""Breaks today against the plan: `workout history --today` and the history screen's head,
on a real journal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from textual.app import App
from textual.widgets import Static

from player.cli import main
from player.history import SessionJournal, last_exercise_at, open_history, sessions_done_on
from player.routine.model import Kind
from player.tui.history_view import read_history
from player.tui.screens.history import HistoryScreen
from player.workday.settings import RemindSettings, settings_file
from player.workday.today import BreaksToday, breaks_today


@dataclass(frozen=True)
class Done:
    index: int
    exercise: str | None
    section_kind: Kind | None


def record(when: datetime | None = None, *, exercises: int = 2, finished: bool = True) -> None:
    now = (when or datetime.now()).astimezone()
    with open_history(now=lambda: now) as history:
        journal = SessionJournal.start(
            history,
            routine="quick-break",
            path=None,
            title="Quick break",
            language="en",
            planned=180.0,
            step_count=exercises + 1,
        )
        journal.step_finished(Done(0, None, None), 10.0, 10.0)
        for i in range(exercises):
            journal.step_finished(Done(i + 1, f"Exercise {i}", Kind.MOBILISATION), 60.0, 70.0)
        journal.ended("finished" if finished else "stopped", 130.0)


def every_day() -> None:
    """Eight slots today, whatever weekday the tests run on."""
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text('[remind]\ndays = "every day"\n', encoding="utf-8")


def test_sessions_that_got_somewhere_today_count() -> None:
    record()
    record(finished=False)  # stopped after two exercises: still a break
    record(exercises=0, finished=False)  # stopped in the intro: not a break
    record(datetime.now() - timedelta(days=1))  # yesterday's
    with open_history() as history:
        assert sessions_done_on(history=history) == 2
        latest = last_exercise_at(history=history)
    assert latest is not None and abs(latest - datetime.now().astimezone()) < timedelta(minutes=5)


def test_the_plan_is_the_reminders_slots_that_day() -> None:
    with open_history() as history:
        monday = date(2026, 11, 30)
        assert breaks_today(history, monday, RemindSettings()).planned == 8
        assert breaks_today(history, monday + timedelta(days=6), RemindSettings()).planned == 0
    assert BreaksToday(4, 8).text() == "4 of 8 breaks"
    assert BreaksToday(1, 0).text() == "1 break (a day off in the plan)"


def test_history_today_says_how_many_of_the_planned_breaks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    every_day()
    record()
    record()
    assert main(["history", "--today"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Today, ") and lines[0].endswith(": 2 of 8 breaks")
    assert len(lines) == 3 and all("Quick break" in line for line in lines[1:])
    assert main(["history", "--today", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["breaks"] == {"done": 2, "planned": 8}
    assert len(document["sessions"]) == 2


def test_history_today_with_nothing_done(capsys: pytest.CaptureFixture[str]) -> None:
    every_day()
    assert main(["history", "--today"]) == 0
    out = capsys.readouterr().out
    assert ": 0 of 8 breaks" in out and "workout break" in out


def test_a_mistake_in_settings_is_one_message(capsys: pytest.CaptureFixture[str]) -> None:
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text("[remind]\nevery = 1\n", encoding="utf-8")
    assert main(["history", "--today"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"workout: {settings_file()}:2: [remind] every:")


async def test_the_history_screen_shows_breaks_today() -> None:
    every_day()
    record()

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(HistoryScreen(read_history()))

    async with Host().run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        head = str(pilot.app.screen.query_one("#history-head", Static).content)
    assert head.startswith("Streak: 1 day · 1 session")
    assert head.endswith(" · Today: 1 of 8 breaks")
