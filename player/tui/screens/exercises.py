"""The exercise library as a screen: type to search, each exercise with its id for `use:`."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from player.routine.exercise_search import ExerciseQuery, find_exercises, name_in
from player.routine.model import Kind, LibraryExercise

KIND_CYCLE: tuple[Kind | None, ...] = (None, *Kind)


class ExercisesScreen(Screen[str | None]):
    """Browse the library. Enter returns the highlighted id (the editor inserts it);
    Escape goes back with nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("f3", "next_kind", "Kind"),
        Binding("enter", "choose", "Use it", priority=True),
    ]

    DEFAULT_CSS = """
    ExercisesScreen #exercise-filters { height: 3; }
    ExercisesScreen #exercise-filter { width: 1fr; }
    ExercisesScreen #exercise-state { width: auto; padding: 1 2; color: $text-muted; }
    ExercisesScreen #exercise-table { width: 3fr; }
    ExercisesScreen #exercise-pane { width: 2fr; padding: 0 1; border-left: solid $primary; }
    """

    def __init__(self, exercises: list[LibraryExercise], language: str = "en") -> None:
        super().__init__()
        self.exercises = exercises
        self.language = language
        self.kind: Kind | None = None
        self.shown: list[LibraryExercise] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="exercise-filters"):
            yield Input(placeholder="Search: words, chair, floor, mat …", id="exercise-filter")
            yield Static(id="exercise-state")
        with Horizontal():
            yield DataTable(id="exercise-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="exercise-pane"):
                yield Static(id="exercise-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Exercise library"
        self.sub_title = "the id goes after `use:`"
        table = self.query_one("#exercise-table", DataTable)
        for label, key in (("id", "id"), ("Name", "name"), ("Kind", "kind"), ("Posture", "p")):
            table.add_column(label, key=key)
        self.refresh_table()
        self.query_one("#exercise-filter", Input).focus()

    def refresh_table(self) -> None:
        words = tuple(self.query_one("#exercise-filter", Input).value.split())
        self.shown = find_exercises(self.exercises, ExerciseQuery(kind=self.kind, words=words))
        table = self.query_one("#exercise-table", DataTable)
        table.clear()
        for exercise in self.shown:
            table.add_row(
                exercise.id,
                name_in(exercise, self.language),
                exercise.kind.value,
                exercise.posture.value,
                key=exercise.id,
            )
        kind = self.kind or "any kind"
        self.query_one("#exercise-state", Static).update(
            f"{kind} · {len(self.shown)} of {len(self.exercises)}"
        )
        self.show_detail()

    @property
    def highlighted(self) -> LibraryExercise | None:
        row = self.query_one("#exercise-table", DataTable).cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def show_detail(self) -> None:
        from rich.markup import escape

        exercise = self.highlighted
        detail = self.query_one("#exercise-detail", Static)
        if exercise is None:
            detail.update("No exercise matches.")
            return
        base = self.language.split("-")[0]
        lines = [
            f"[b]{escape(name_in(exercise, self.language))}[/b]",
            f"use: [b]{exercise.id}[/b]",
            "",
            f"{exercise.kind.value} · {exercise.posture.value} · "
            + (", ".join(exercise.equipment) or "no equipment"),
            "",
            escape(exercise.positions.get(base) or exercise.positions.get("en", "")),
            "",
            escape(exercise.instructions.get(base) or exercise.instructions.get("en", "")),
        ]
        detail.update("\n".join(lines))

    @on(Input.Changed, "#exercise-filter")
    def filter_changed(self) -> None:
        self.refresh_table()

    @on(DataTable.RowHighlighted, "#exercise-table")
    def row_highlighted(self) -> None:
        self.show_detail()

    def on_key(self, event: object) -> None:
        """Up and down move through the table while the search has the focus."""
        from textual.events import Key

        if isinstance(event, Key) and event.key in ("up", "down"):
            table = self.query_one("#exercise-table", DataTable)
            table.action_cursor_down() if event.key == "down" else table.action_cursor_up()
            event.stop()

    def action_next_kind(self) -> None:
        self.kind = KIND_CYCLE[(KIND_CYCLE.index(self.kind) + 1) % len(KIND_CYCLE)]
        self.refresh_table()

    def action_choose(self) -> None:
        exercise = self.highlighted
        self.dismiss(exercise.id if exercise is not None else None)

    def action_back(self) -> None:
        self.dismiss(None)
