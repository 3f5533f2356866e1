"""The editor screen, driven with a pilot: live problems, preview, saving, disk changes, quit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Log, OptionList, Static

from player import paths
from player.editing.save import backup_path
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import make_app
from player.tui.player_settings import PlayerSettings
from player.tui.screens.choice import ChoiceScreen
from player.tui.screens.editor import CHECK_DELAY, EditorScreen
from player.tui.screens.library import LibraryScreen
from player.tui.screens.player import PlayerScreen

ROUTINE = """\
# Evening routine: comments, key order and odd spacing must survive a save.
title:   Evening
language: en
sections:
  - name: Mobilisation     # first
    kind: mobilisation
    exercises:
      - name: Seated cat-cow
        duration: 40s
        cues:
          - {at: 50%, say: Keep it slow.}
      - name: Thoracic rotation
        duration: 30s
        sides: both
  - name: Stabilisation
    kind: stabilisation
    exercises:
      - use: abdominal-bracing   # from the library
"""
DURATION_LINE = 9  # "        duration: 40s" of the cat-cow
SIZE = (130, 40)
SETTLE = CHECK_DELAY + 0.2


@pytest.fixture
def routine_file(tmp_path: Path) -> Path:
    path = tmp_path / "evening.yaml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def editor(app: App[Any]) -> EditorScreen:
    assert isinstance(app.screen, EditorScreen)
    return app.screen


def problem_lines(screen: EditorScreen) -> list[str]:
    problems = screen.query_one("#editor-problems", OptionList)
    return [str(problems.get_option_at_index(i).prompt) for i in range(problems.option_count)]


def script_text(screen: EditorScreen) -> str:
    return " ".join(" ".join(screen.query_one("#editor-script", Log).lines).split())


def shown(screen: EditorScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_typing_an_error_marks_its_line_and_fixing_it_clears_it(routine_file: Path) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        source = screen.source
        assert source.marks == {}
        assert "Total" in shown(screen, "#editor-summary")
        before = shown(screen, "#editor-summary")

        source.cursor_location = (DURATION_LINE - 1, len("        duration: 40s"))
        await pilot.press("x")
        await pilot.pause(SETTLE)
        assert source.marks == {DURATION_LINE: "error"}
        lines = problem_lines(screen)
        assert any(line.startswith(f"{DURATION_LINE}:") and "error" in line for line in lines), (
            lines
        )
        # The preview stays, marked as the last valid version, while the buffer is broken.
        assert "last valid version" in shown(screen, "#editor-summary")
        assert shown(screen, "#editor-summary").startswith(before)
        # The mark is drawn in the gutter beside the line number.
        row = DURATION_LINE - 1 - source.scroll_offset.y
        assert "9●" in source.render_line(row).text

        await pilot.press("backspace", "backspace", "backspace", "backspace", "1", "0", "0", "s")
        await pilot.pause(SETTLE)
        assert source.marks == {}
        assert not [line for line in problem_lines(screen) if "error" in line or "warning" in line]
        after = shown(screen, "#editor-summary")
        assert "Total" in after and after != before  # 100 s of cat-cow instead of 40 s
        assert screen.analysis is not None and screen.analysis.total is not None


async def test_enter_on_a_problem_moves_the_cursor_there(routine_file: Path) -> None:
    routine_file.write_text(ROUTINE.replace("kind: stabilisation", "kind: stabilization"))
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        assert 16 in screen.source.marks
        assert screen.source.cursor_location == (0, 0)
        await pilot.press("ctrl+g", "enter")
        await pilot.pause()
        assert screen.source.cursor_location[0] == 15
        assert screen.source.has_focus


async def test_the_script_follows_the_cursor(routine_file: Path) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.source.cursor_location = (DURATION_LINE - 1, 0)
        await pilot.pause()
        assert "Keep it slow." in script_text(screen)
        screen.source.cursor_location = (13, 0)  # sides: both of the rotation
        await pilot.pause()
        script = script_text(screen)
        assert "Keep it slow." not in script
        assert "Thoracic rotation" in str(screen.query_one("#editor-script", Log).border_title)


async def test_saving_writes_exactly_the_buffer(routine_file: Path) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.source.cursor_location = (1, len("title:   Evening"))
        await pilot.press("space", "c", "a", "l", "m", "ctrl+s")
        await pilot.pause()
        assert not screen.modified
    expected = ROUTINE.replace("title:   Evening", "title:   Evening calm")
    assert routine_file.read_bytes() == expected.encode("utf-8")
    assert backup_path(routine_file).read_bytes() == ROUTINE.encode("utf-8")


async def test_a_change_on_disk_is_never_overwritten_silently(routine_file: Path) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("#", "ctrl+s")  # a first save: the editor now knows this state
        await pilot.pause()
        theirs = ROUTINE.replace("Evening", "Changed elsewhere")
        routine_file.write_text(theirs, encoding="utf-8")
        await pilot.press("#", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert routine_file.read_text(encoding="utf-8") == theirs
        await pilot.press("r")  # reload
        await pilot.pause()
        assert app.screen is screen
        assert screen.source.text == theirs and not screen.modified

        routine_file.write_text(ROUTINE, encoding="utf-8")
        await pilot.press("%", "ctrl+s")
        await pilot.pause()
        await pilot.press("k")  # keep mine
        await pilot.pause()
        assert routine_file.read_text(encoding="utf-8") == "%" + theirs


async def test_unsaved_changes_are_not_lost_on_quit(routine_file: Path) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("#", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("c")  # cancel: back to the buffer, nothing lost
        await pilot.pause()
        assert app.screen is screen and screen.source.text == "#" + ROUTINE
        await pilot.press("ctrl+q")  # the app's quit key asks too
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("s")
        await pilot.pause()
    assert app.return_code == 0
    assert routine_file.read_text(encoding="utf-8") == "#" + ROUTINE


async def test_discarding_leaves_the_file_alone(routine_file: Path) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("#", "escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running
    assert routine_file.read_text(encoding="utf-8") == ROUTINE


async def test_editing_a_bundled_routine_saves_a_user_copy() -> None:
    bundled = paths.bundled_routines_dir() / "desk-break-back.yaml"
    original = bundled.read_bytes()
    app = make_app(editing=bundled)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.source.cursor_location = (screen.source.document.line_count - 1, 0)
        await pilot.press("#", "ctrl+s")
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("saved your copy" in n for n in notes), notes
    copy = paths.user_routines_dir() / "desk-break-back.yaml"
    assert bundled.read_bytes() == original
    first, rest = copy.read_text(encoding="utf-8").split("\n", 1)
    # The bundled schema line (../docs/...) would not resolve from the user folder.
    assert first == "# yaml-language-server: $schema=../routine.schema.json"
    assert (copy.parent / first.split("=")[1]).resolve().is_file()
    assert rest == original.decode("utf-8").split("\n", 1)[1] + "#"


async def test_format_keeps_comments_and_can_be_undone(routine_file: Path) -> None:
    messy = ROUTINE.replace("\n  ", "\n")
    routine_file.write_text(messy, encoding="utf-8")
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        text = screen.source.text
        assert "# from the library" in text and "# first" in text
        assert "\n  - name: Mobilisation" in text
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.source.text == messy


async def test_play_from_the_exercise_under_the_cursor_and_come_back(
    routine_file: Path, clock: FakeClock, output: Any
) -> None:
    app = make_app(
        PlayerSettings(tts="fake", audio="null"),
        editing=routine_file,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.source.cursor_location = (12, len("        duration: 30s"))  # "Thoracic rotation"
        await pilot.press("space", "#")  # unsaved: plays the buffer, and the buffer survives
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        live = app.live  # the app plays it, as it plays everything
        assert live is not None
        for _ in range(250):
            if live.state().playing:
                break
            await pilot.pause(0.02)
        assert live.state().exercise == "Thoracic rotation"
        await pilot.press("q")
        await pilot.pause()
        if not isinstance(app.screen, EditorScreen):  # asks whether to stop the session
            await pilot.press("y")
            await pilot.pause()
        for _ in range(50):
            if app.screen is screen:
                break
            await pilot.pause(0.02)
        assert app.screen is screen and app.live is None
        assert "duration: 30s #\n" in screen.source.text and screen.modified


async def test_play_from_here_in_the_library_sounds_as_the_app_was_told(tmp_path: Path) -> None:
    """Before: the library's editor played with default parts (`--audio auto`, pyttsx3), not
    the app's; now the app plays it, so `record:` records what was played."""
    recording = tmp_path / "played.wav"
    app = make_app(PlayerSettings(tts="fake", audio=f"record:{recording}"), None, autostart=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("f4")
        await pilot.pause()
        screen = editor(app)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        live = app.live
        assert live is not None
        for _ in range(250):
            if live.state().playing and live.state().elapsed > 0.5:
                break
            await pilot.pause(0.02)
        await pilot.press("q")
        await pilot.pause()
        if not isinstance(app.screen, EditorScreen):  # asks whether to stop the session
            await pilot.press("y")
        for _ in range(100):
            if app.screen is screen:
                break
            await pilot.pause(0.02)
        assert app.screen is screen and app.live is None
    assert recording.read_bytes()[:4] == b"RIFF"


async def test_from_the_library_f4_edits_and_quit_asks_first(clock: FakeClock, output: Any) -> None:
    app = make_app(
        PlayerSettings(tts="fake", audio="null"),
        None,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
        autostart=False,
    )
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        library = app.screen
        assert isinstance(library, LibraryScreen)
        await pilot.press("f4")
        await pilot.pause()
        screen = editor(app)
        assert screen.query_one("#editor-problems").display  # no clash with the app's styles
        assert screen.query_one("#editor-problems").region.height > 2
        bundled = screen.path
        await pilot.press("#", "ctrl+q")  # the app's quit key: the editor asks first
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and app.is_running
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is library and app.is_running
        copy = paths.user_routines_dir() / bundled.name
        assert copy.read_text(encoding="utf-8") == "#" + bundled.read_text(encoding="utf-8")
        assert any(entry.user and entry.path == copy for entry in library.entries)


async def test_pasting_30000_brackets_is_a_problem_not_a_crash(routine_file: Path) -> None:
    # Before: the YAML composer recursed once per '[' and overflowed the C stack (SIGSEGV),
    # taking the unsaved buffer with it; the depth is now measured before anything composes.
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        pasted = "x: " + "[" * 30_000
        screen.source.insert(pasted, screen.source.document.end)
        await pilot.pause(SETTLE)
        assert any("nested too deeply" in line for line in problem_lines(screen))
        await pilot.press("ctrl+t")  # format: the round-trip loader recurses too
        await pilot.pause()
        assert screen.source.text == ROUTINE + pasted  # nothing lost


async def test_saving_a_file_with_an_error_says_so(routine_file: Path) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        screen.source.cursor_location = (DURATION_LINE - 1, len("        duration: 40s"))
        await pilot.press("x", "ctrl+s")  # saved before the typing pause's check
        await pilot.pause()
        notices = [str(n.message) for n in app._notifications]
        assert any(n.endswith("with 1 error: it does not play until fixed") for n in notices)
    assert "duration: 40sx" in routine_file.read_text(encoding="utf-8")


async def test_ctrl_home_and_ctrl_end_go_to_the_start_and_end_of_the_file(
    routine_file: Path,
) -> None:
    app = make_app(editing=routine_file)
    async with app.run_test(size=SIZE) as pilot:
        source = editor(app).source
        source.cursor_location = (DURATION_LINE - 1, 3)
        await pilot.press("ctrl+end")
        assert source.cursor_location == source.document.end
        await pilot.press("ctrl+home")
        assert source.cursor_location == (0, 0)
        await pilot.press("ctrl+shift+end")
        assert source.selected_text == source.text


async def test_timing_notes_are_counted_with_the_warnings(tmp_path: Path) -> None:
    crowded = tmp_path / "crowded.yaml"
    crowded.write_text(
        "title: Crowded\nlanguage: en\ndefaults: {prepare: 2s, countdown: 0, rest: 3s}\n"
        "sections:\n  - name: A\n    kind: stretching\n    exercises:\n"
        "      - name: Reach\n"
        "        position: Stand tall, feet hip-width apart, arms relaxed by your sides.\n"
        "        instructions: Reach both arms up slowly and lengthen through your spine.\n"
        "        duration: 5s\n"
        "      - name: Lean\n"
        "        position: Stand tall, feet hip-width apart, hands on your hips.\n"
        "        instructions: Lean slowly to one side, then the other, breathing out.\n"
        "        duration: 20s\n",
        encoding="utf-8",
    )
    app = make_app(editing=crowded)
    async with app.run_test(size=SIZE) as pilot:
        screen = editor(app)
        await pilot.pause(SETTLE)
        assert screen.analysis is not None and screen.analysis.notes  # lines moved or shortened
        listed = [line for line in problem_lines(screen) if line != "No problems."]
        title = str(screen.query_one("#editor-problems", OptionList).border_title)
        assert title == f"Problems: 0 errors, {len(listed)} warning" + (
            "" if len(listed) == 1 else "s"
        )
