"""The library screen: the bundled routines, filters, preview, and where its keys lead."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static

from player import paths
from player.routine import loader  # find imports load_routine from it when it loads
from player.routine.loader import LoadResult
from player.routine.model import Kind
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import WorkoutApp, make_app
from player.tui.catalogue import Length, RoutineEntry, kinds_text, load_entries, matching
from player.tui.player_settings import PlayerSettings
from player.tui.screens.history import HistoryScreen, HistoryView, SessionRow
from player.tui.screens.library import LibraryScreen
from player.tui.screens.player import PlayerScreen


def _library(clock: FakeClock, output: Any, **injected: Any) -> WorkoutApp:
    return make_app(
        PlayerSettings(tts="fake", audio="null"),
        None,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
        autostart=False,
        **injected,
    )


def _titles(app: WorkoutApp) -> list[str]:
    table = app.screen.query_one("#routines", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def test_every_bundled_routine_is_listed_with_minutes_kinds_and_language() -> None:
    entries = load_entries()
    names = {e.name for e in entries}
    assert {"desk-break-back", "schreibtisch-pause-ruecken"} <= names
    for entry in entries:
        assert not entry.problem, entry
        assert entry.minutes > 0
        assert entry.kinds
        assert entry.language in ("en", "de")


def test_each_file_is_read_once_and_a_broken_one_is_listed_with_its_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "broken.yaml").write_text("title: Broken\nsections: 3\n", encoding="utf-8")
    reads: Counter[Path] = Counter()
    real = loader.load_routine

    def counted(path: Path, **options: Any) -> LoadResult:
        reads[path] += 1
        return real(path, **options)

    monkeypatch.setattr(loader, "load_routine", counted)
    entries = load_entries()
    assert reads and set(reads.values()) == {1}
    assert len(reads) == len(entries)
    broken = next(e for e in entries if e.name == "broken")
    assert broken.user and broken.problem.startswith("invalid: ")
    assert broken.routine is None
    assert all(
        e.routine is not None and e.routine.path == e.path for e in entries if e is not broken
    )


def test_filters_by_words_kind_and_length() -> None:
    entries = load_entries()
    found = matching(entries, "desk back", None, Length.ANY)
    assert [e.name for e in found] == ["desk-break-back"]
    stretching = matching(entries, "", Kind.STRETCHING, Length.ANY)
    assert stretching and all(Kind.STRETCHING in e.kinds for e in stretching)
    short = matching(entries, "", None, Length.SHORT)
    long = matching(entries, "", None, Length.LONG)
    assert short and all(e.minutes <= 5 for e in short)
    assert long and all(e.minutes > 15 for e in long)
    assert not {e.name for e in short} & {e.name for e in long}


async def test_typing_filters_and_enter_plays(clock: FakeClock, output: Any) -> None:
    app = _library(clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        assert isinstance(app.screen, LibraryScreen)
        every = _titles(app)
        assert len(every) == len(load_entries())
        await pilot.press(*"nacken")
        assert _titles(app) and len(_titles(app)) < len(every)
        assert all("nacken" in t.casefold() for t in _titles(app))
        preview = str(app.screen.query_one("#preview", Static).content)
        assert "Nacken" in preview
        await pilot.press("escape")
        assert len(_titles(app)) == len(every)
        await pilot.press(*"lower back")
        assert _titles(app) == ["Desk break, lower back"]
        assert "Seated pelvic tilts" in str(app.screen.query_one("#preview", Static).content)
        await pilot.press("enter")
        assert isinstance(app.screen, PlayerScreen)
        assert app.live is not None and app.live.title == "Desk break, lower back"


@pytest.mark.parametrize("word", ["desk", "back", "hips", "lower", "quick", "edit", "k"])
async def test_every_letter_typed_goes_to_the_filter(
    clock: FakeClock, output: Any, word: str
) -> None:
    app = _library(clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press(*word)
        assert isinstance(app.screen, LibraryScreen)
        assert app.screen.query_one("#filter", Input).value == word
        assert app.is_running


async def test_the_footer_shows_the_action_keys(clock: FakeClock, output: Any) -> None:
    app = _library(clock, output)
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.pause()
        footer = " ".join(str(k.render()) for k in app.screen.query("FooterKey"))
        for shown in ("Enter", "F2", "F3", "F4", "F5", "F6", "^q"):
            assert shown.casefold() in footer.casefold(), footer


async def test_kind_and_length_keys_cycle_the_filters(clock: FakeClock, output: Any) -> None:
    app = _library(clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        every = len(_titles(app))
        await pilot.press("f2")  # warm-up
        await pilot.press("f2")  # stabilisation
        state = str(app.screen.query_one("#filter-state", Static).content)
        assert state.startswith("Stabilisation")
        assert 0 < len(_titles(app)) <= every
        for _ in range(len(Kind) - 1):
            await pilot.press("f2")
        assert len(_titles(app)) == every
        await pilot.press("f3")
        assert "up to 5 min" in str(app.screen.query_one("#filter-state", Static).content)
        assert 0 < len(_titles(app)) < every


async def test_f5_starts_a_quick_break_without_floor_work(clock: FakeClock, output: Any) -> None:
    app = _library(clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f5")
        assert isinstance(app.screen, PlayerScreen)
        assert app.live is not None
        assert app.live.title == "Quick break — 3 minutes"
        exercises = app.live.routine.exercises()
        assert all(e.posture != "floor" for e in exercises)
        assert Kind.STABILISATION in {e.kind for e in exercises}


async def test_the_quick_break_speaks_the_screen_language_the_settings_screen_chose(
    clock: FakeClock, output: Any
) -> None:
    """Before: the app kept the language it started with, so F5 stayed English."""
    from player.settings import PlaySettings, ScreenSettings, Settings
    from player.tui.app_messages import SettingsChanged

    app = _library(clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        chosen = Settings(
            play=PlaySettings(tts="fake", audio="null"), screen=ScreenSettings(language="de")
        )
        app.screen.post_message(SettingsChanged(chosen))
        await pilot.pause()
        await pilot.press("f5")
        assert isinstance(app.screen, PlayerScreen)
        assert app.live is not None and app.live.routine.language == "de"


async def test_f6_shows_the_history_and_escape_goes_back(clock: FakeClock, output: Any) -> None:
    today = date(2025, 3, 14)
    view = HistoryView(
        streak=3,
        sessions=(
            SessionRow(datetime(2025, 3, 14, 9, 30), "Desk break, lower back", 3.2, True),
            SessionRow(datetime(2025, 3, 13, 17, 5), "Focus: stretching", 11.0, False),
        ),
        days=tuple((today - timedelta(days=27 - i), 3.0 * (i % 4)) for i in range(28)),
        per_kind=(("stretching", 20.0), ("stabilisation", 9.5)),
    )
    app = _library(clock, output, history=lambda: view, today=today)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f6")
        assert isinstance(app.screen, HistoryScreen)
        head = str(app.screen.query_one("#history-head", Static).content)
        assert head.startswith("Streak: 3 days · 2 sessions")
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 2
        assert str(table.get_row_at(0)[1]) == "Desk break, lower back"
        kinds = str(app.screen.query_one("#kinds", Static).content)
        assert kinds.splitlines()[0].startswith("Stretching")
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_a_routine_that_does_not_load_is_listed_and_says_why(
    clock: FakeClock, output: Any, tmp_path: Any
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nsections: []\n")
    entry = RoutineEntry("broken", "broken", 0.0, (), "?", broken, True, problem="invalid: 2:11")
    app = _library(clock, output, entries=[entry])
    async with app.run_test(size=(100, 32)) as pilot:
        assert _titles(app) == ["broken ✗"]
        assert "invalid: 2:11" in str(app.screen.query_one("#preview", Static).content)
        await pilot.press("enter")
        assert isinstance(app.screen, LibraryScreen)
        assert any("invalid" in str(n.message) for n in app._notifications)


async def test_a_routine_that_broke_since_it_was_listed_says_why_and_does_not_play(
    clock: FakeClock, output: Any, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nsections: []\n", encoding="utf-8")
    entry = RoutineEntry("broken", "Was fine", 3.0, (Kind.STRETCHING,), "en", broken, True)
    app = _library(clock, output, entries=[entry])
    async with app.run_test(size=(100, 32)) as pilot:
        preview = str(app.screen.query_one("#preview", Static).content)
        assert preview.startswith("broken\n\n") and "broken.yaml:2" in preview
        await pilot.press("enter")
        assert isinstance(app.screen, LibraryScreen)
        assert any("broken.yaml:2" in str(n.message) for n in app._notifications)


def test_kinds_are_never_cut_inside_a_word() -> None:
    words = ["Stabilisation", "Strengthening", "Stretching"]
    assert kinds_text(words, 80) == "Stabilisation, Strengthening, Stretching"
    assert kinds_text(words, 31) == "Stabilisation, Strengthening +1"
    assert kinds_text(words, 16) == "Stabilisation +2"
    assert kinds_text(words, 5) == "+3"


@pytest.mark.parametrize("width", [60, 80, 110, 200])
async def test_the_kinds_column_shows_whole_words_at_any_width(
    clock: FakeClock, output: Any, width: int
) -> None:
    from player.tui.words import kind_name

    names = {kind_name(k) for k in Kind}
    app = _library(clock, output)
    async with app.run_test(size=(width, 34)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#routines", DataTable)
        # Every column fits: nothing is cut off at the table's right edge.
        assert table.virtual_size.width <= table.scrollable_content_region.width, width
        for row in range(table.row_count):
            cell = str(table.get_row_at(row)[4])
            for part in cell.replace(",", " ").split():
                assert part in names or part.startswith("+"), (cell, width)


def test_the_preview_does_not_repeat_a_section_name_that_is_its_kind(short_routine: Any) -> None:
    from player.tui.catalogue import preview_lines

    lines = preview_lines(short_routine)
    assert "Loosen up (Mobilisation)" in lines
    from dataclasses import replace

    named = replace(
        short_routine,
        sections=(replace(short_routine.sections[0], name="Mobilisation"),),
    )
    assert "Mobilisation" in preview_lines(named)
    assert not any("Mobilisation (Mobilisation)" in line for line in preview_lines(named))


async def test_a_bundled_routine_hidden_by_a_user_copy_is_listed_apart(
    clock: FakeClock, output: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from player.cli import main

    bundled = paths.bundled_routines_dir() / "desk-break-back.yaml"
    copy = paths.user_routines_dir() / "desk-break-back.yaml"
    copy.parent.mkdir(parents=True)
    copy.write_bytes(bundled.read_bytes())
    app = _library(clock, output)
    async with app.run_test(size=(110, 34)) as pilot:
        await pilot.press(*"lower back")
        titles = _titles(app)
        assert len(titles) == 2
        assert titles[0] == "Desk break, lower back ✎"  # yours first
        assert titles[1].startswith("Desk break, lower") and titles[1].endswith(" (bundled)")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "desk-break-back *" in out and f"{bundled} †" in out
    assert "hidden by your routine of the same name" in out
