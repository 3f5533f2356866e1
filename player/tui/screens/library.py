"""The library screen: every routine with its length and kinds, filters, and a preview."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from player.errors import UserError
from player.routine.model import Kind, Routine
from player.tui.catalogue import (
    Length,
    RoutineEntry,
    kinds_text,
    matching,
    preview_lines,
    routine_of,
)
from player.tui.messages import PlayRoutine, ShowHistory, StartBreak

KIND_CYCLE: tuple[Kind | None, ...] = (None, *Kind)
LENGTH_CYCLE: tuple[Length, ...] = tuple(Length)
TITLE_WIDTH = 28  # longer titles are cut in the table; the preview shows them whole


class RoutineTable(DataTable[str]):
    """The routines, one a row; Enter plays the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Play")]


class LibraryScreen(Screen[None]):
    """Pick a routine: type to filter, `k` and `l` for kind and length, Enter plays."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "filter", "Filter"),
        Binding("k", "next_kind", "Kind"),
        Binding("l", "next_length", "Length"),
        Binding("e", "edit", "Edit"),
        Binding("b", "quick_break", "Quick break"),
        Binding("h", "history", "History"),
        Binding("f2", "exercises", "Exercises", show=False),  # a full footer at 80 columns
        Binding("q", "app.quit", "Quit"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (84, "-wide")]  # noqa: RUF012

    def __init__(self, entries: list[RoutineEntry]) -> None:
        super().__init__()
        self.entries = entries
        self.kind: Kind | None = None
        self.length = Length.ANY
        self.shown: list[RoutineEntry] = []
        self.loaded: dict[Path, Routine | str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Type to filter…", id="filter")
            yield Static(id="filter-state")
        with Horizontal(id="library"):
            yield RoutineTable(id="routines", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="preview-pane"):
                yield Static(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "workout"
        self.sub_title = "routines"
        table = self.query_one("#routines", DataTable)
        table.add_column("Routine", key="title", width=TITLE_WIDTH)
        table.add_column("Min", key="minutes")
        table.add_column("Move", key="movement")
        table.add_column("Lang", key="language")
        table.add_column("Kinds", key="kinds")
        self.refresh_table()
        table.focus()

    # -- filters -------------------------------------------------------------------------

    def refresh_table(self) -> None:
        text = self.query_one("#filter", Input).value
        self.shown = matching(self.entries, text, self.kind, self.length)
        table = self.query_one("#routines", DataTable)
        table.clear()
        for entry in self.shown:
            title = f"{entry.title} ✎" if entry.user else entry.title
            if entry.problem:
                title = f"{entry.name} ✗"
            if len(title) > TITLE_WIDTH:
                title = title[: TITLE_WIDTH - 1] + "…"
            table.add_row(
                title,
                "–" if entry.problem else f"{entry.minutes:.0f}",
                "–" if entry.problem else f"{entry.movement:.0%}",
                entry.language,
                kinds_text(entry.kinds),
                key=str(entry.path),
            )
        kind = self.kind or "any kind"
        self.query_one("#filter-state", Static).update(
            f"{kind} · {self.length} · {len(self.shown)} of {len(self.entries)}"
        )
        self.show_preview()

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.action_play()

    def on_key(self, event: Key) -> None:
        """Typing a letter that is not a key binding starts filtering; arrows go back."""
        filter_input = self.query_one("#filter", Input)
        table = self.query_one("#routines", DataTable)
        if filter_input.has_focus:
            if event.key in ("down", "up"):
                table.focus()
                table.action_cursor_down() if event.key == "down" else table.action_cursor_up()
                event.stop()
            elif event.key == "escape":
                filter_input.value = ""
                table.focus()
                event.stop()
            return
        bound = {b.key for b in self.BINDINGS if isinstance(b, Binding)}
        if event.is_printable and event.character and event.key not in bound:
            filter_input.focus()
            filter_input.insert_text_at_cursor(event.character)
            event.stop()

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_next_kind(self) -> None:
        self.kind = KIND_CYCLE[(KIND_CYCLE.index(self.kind) + 1) % len(KIND_CYCLE)]
        self.refresh_table()

    def action_next_length(self) -> None:
        self.length = LENGTH_CYCLE[(LENGTH_CYCLE.index(self.length) + 1) % len(LENGTH_CYCLE)]
        self.refresh_table()

    # -- preview and actions -------------------------------------------------------------

    def highlighted(self) -> RoutineEntry | None:
        table = self.query_one("#routines", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def routine(self, entry: RoutineEntry) -> Routine | str:
        """The entry's routine (loaded once), or why it does not load."""
        if entry.problem:
            return entry.problem
        if entry.path not in self.loaded:
            try:
                self.loaded[entry.path] = routine_of(entry)
            except UserError as error:
                self.loaded[entry.path] = str(error)
        return self.loaded[entry.path]

    @on(DataTable.RowHighlighted, "#routines")
    def show_preview(self) -> None:
        entry = self.highlighted()
        preview = self.query_one("#preview", Static)
        if entry is None:
            preview.update("No routine matches.")
            return
        routine = self.routine(entry)
        if isinstance(routine, str):
            preview.update(Content.assemble((entry.name, "bold"), "\n\n", routine))
            return
        head = (
            f"{entry.title}\n{entry.minutes:.0f} min · movement {entry.movement:.0%} · "
            f"{entry.language} · {entry.path.name}"
        )
        preview.update(Content.assemble((head, "bold"), "\n\n", "\n".join(preview_lines(routine))))

    @on(DataTable.RowSelected, "#routines")
    def action_play(self) -> None:
        entry = self.highlighted()
        if entry is None:
            return
        routine = self.routine(entry)
        if isinstance(routine, str):
            self.notify(routine, title="This routine does not load", severity="error")
            return
        self.post_message(PlayRoutine(routine))

    def action_edit(self) -> None:
        """Open the highlighted routine in the editor; list it afresh if it was saved."""
        from player.tui.catalogue import load_entries
        from player.tui.screens.editor import EditorScreen

        entry = self.highlighted()
        if entry is None:
            return

        def closed(saved: Path | None) -> None:
            if saved is not None:
                self.loaded.clear()
                self.entries = load_entries()
                self.refresh_table()

        self.app.push_screen(EditorScreen(entry.path), closed)

    def action_quick_break(self) -> None:
        self.post_message(StartBreak())

    def action_exercises(self) -> None:
        from player.routine.library import load_library
        from player.tui.screens.exercises import ExercisesScreen

        self.app.push_screen(ExercisesScreen(list(load_library().values())))

    def action_history(self) -> None:
        self.post_message(ShowHistory())
