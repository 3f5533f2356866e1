"""The exercise browser: reached with F2 from the library and the editor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import make_app
from player.tui.player_settings import PlayerSettings
from player.tui.screens.editor import EditorScreen
from player.tui.screens.exercises import ExercisesScreen
from player.tui.screens.library import LibraryScreen


def _ids(screen: ExercisesScreen) -> list[str]:
    table = screen.query_one("#exercise-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_f8_in_the_library_opens_the_exercises_and_typing_searches(
    clock: FakeClock, output: Any
) -> None:
    app = make_app(
        PlayerSettings(tts="fake", audio="null"),
        None,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
        autostart=False,
    )
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.press("f8")
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        assert len(_ids(screen)) == 42
        await pilot.press(*"bird")
        assert _ids(screen) == ["bird-dog"]
        detail = str(screen.query_one("#exercise-detail", Static).render())
        assert "use: bird-dog" in detail and "Kneel on all fours" in detail
        await pilot.press("f3")  # kind: warm-up, which has no bird dog
        assert _ids(screen) == []
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)


async def test_f2_in_the_editor_inserts_the_chosen_id(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "title: Mine\nsections:\n  - name: A\n    kind: stabilisation\n    exercises:\n"
        "      - use: dead-bug\n      - ",
        encoding="utf-8",
    )
    app = make_app(editing=path)
    async with app.run_test(size=(130, 40)) as pilot:
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.source.move_cursor((6, 8))
        await pilot.press("f2")
        assert isinstance(app.screen, ExercisesScreen)
        await pilot.press(*"wall sit")
        assert _ids(app.screen) == ["wall-sit", "thoracic-extension-chair"]  # sit ... wall
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is editor
        assert editor.source.document.lines[6] == "      - use: wall-sit"


async def test_the_editor_suggests_ids_as_you_type(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "title: Mine\nsections:\n  - name: A\n    kind: stabilisation\n    exercises:\n"
        "      - use: dead-bug\n",
        encoding="utf-8",
    )
    app = make_app(editing=path)
    async with app.run_test(size=(130, 40)) as pilot:
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.source.move_cursor((6, 0))
        await pilot.press(*"      - use: bir")
        assert editor.source.suggestion == "d-dog"
        await pilot.press("right")
        assert editor.source.document.lines[6] == "      - use: bird-dog"
        await pilot.press("enter", *"        dur")
        assert editor.source.suggestion == "ation: "
