"""The library screen: every routine with its length and kinds, filters, and a preview."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import ColumnKey

from player.errors import UserError
from player.i18n import N_, _
from player.routine.model import Kind, Routine
from player.settings import Settings
from player.tui.app_messages import PlayRoutine, SettingsChanged, ShowHistory, StartBreak
from player.tui.catalogue import (
    Length,
    RoutineEntry,
    kinds_text,
    matching,
    preview_lines,
    routine_of,
)
from player.tui.words import kind_name, translate_bindings

KIND_CYCLE: tuple[Kind | None, ...] = (None, *Kind)
LENGTH_CYCLE: tuple[Length, ...] = tuple(Length)
TITLE_WIDTH = 28  # longer titles are cut in the table; the preview shows them whole
NARROW_TITLE_WIDTH = 20  # on a narrow table, so that a kind still fits beside it


class RoutineTable(DataTable[str], can_focus=False):
    """The routines, one a row. It never takes the keyboard: typing always goes to the
    filter, and the arrows move through the rows from there."""


class FilterInput(Input):
    """The filter: it has the keyboard all the time, and Enter plays what is highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", N_("Play"), key_display="Enter")
    ]


class LibraryScreen(Screen[None]):
    """Pick a routine: typing always filters, the arrows move, Enter plays.

    Every other action sits on a key no one types into a filter (F-keys, Ctrl), so no
    letter is ever taken from the filter or turned into an action.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", N_("Quit"), key_display="^q", priority=True),
        Binding("f2", "next_kind", N_("Kind")),
        Binding("f3", "next_length", N_("Length")),
        Binding("f4", "edit", N_("Edit")),
        Binding("f5", "quick_break", N_("Break")),
        Binding("f6", "history", N_("History")),
        Binding("f7", "settings", N_("Settings")),
        Binding("f8", "exercises", N_("Exercises"), show=False),  # footer full at 80 columns
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("escape", "clear_filter", show=False),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (84, "-wide")]  # noqa: RUF012

    def __init__(self, entries: list[RoutineEntry]) -> None:
        super().__init__()
        translate_bindings(self)
        self.entries = entries
        self.kind: Kind | None = None
        self.length = Length.ANY
        self.shown: list[RoutineEntry] = []
        self.loaded: dict[Path, Routine | str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            filter_input = FilterInput(placeholder=_("Type to filter…"), id="filter")
            translate_bindings(filter_input)
            yield filter_input
            yield Static(id="filter-state")
        with Horizontal(id="library"):
            yield RoutineTable(id="routines", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="preview-pane"):
                yield Static(id="preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "workout"
        self.sub_title = _("routines")
        table = self.query_one("#routines", DataTable)
        table.add_column(_("Routine"), key="title", width=TITLE_WIDTH)
        table.add_column(_("Min"), key="minutes")
        table.add_column(_("Move"), key="movement")
        table.add_column(_("Lang"), key="language")
        table.add_column(_("Kinds"), key="kinds")
        self.refresh_table()
        self.query_one("#filter", Input).focus()

    # -- filters -------------------------------------------------------------------------

    def refresh_table(self) -> None:
        text = self.query_one("#filter", Input).value
        self.shown = matching(self.entries, text, self.kind, self.length)
        table = self.query_one("#routines", DataTable)
        table.clear()
        mine = {e.name for e in self.entries if e.user}
        title_width = self.title_width()
        column = table.columns[ColumnKey("title")]
        if column.width != title_width:
            column.width = title_width
            table.refresh(layout=True)
        kinds_width = self.kinds_width(title_width)
        for entry in self.shown:
            title, mark = entry.title, ""
            if entry.user:
                mark = " ✎"
            elif entry.name in mine:  # hidden by the user's copy of the same name
                mark = " " + _("(bundled)")
            if entry.problem:
                title, mark = entry.name, " ✗"
            room = title_width - len(mark)
            if len(title) > room:
                title = title[: room - 1] + "…"
            table.add_row(
                title + mark,
                "–" if entry.problem else f"{entry.minutes:.0f}",
                "–" if entry.problem else f"{entry.movement:.0%}",
                entry.language,
                kinds_text([kind_name(k) for k in entry.kinds], kinds_width),
                key=str(entry.path),
            )
        kind = kind_name(self.kind) if self.kind else _("any kind")
        shown = _("{n} of {total}").format(n=len(self.shown), total=len(self.entries))
        self.query_one("#filter-state", Static).update(f"{kind} · {_(self.length)} · {shown}")
        self.show_preview()

    def title_width(self) -> int:
        """The titles' column: narrower when the table is, so the kinds keep some room."""
        width = self.query_one("#routines", DataTable).size.width
        return TITLE_WIDTH if width == 0 or width > 60 else NARROW_TITLE_WIDTH

    def kinds_width(self, title_width: int) -> int:
        """Columns left for the kinds: the table's width less the other columns, their
        padding and the scroll bar."""
        table = self.query_one("#routines", DataTable)
        others = (
            title_width
            + len(_("Min"))
            + max(len(_("Move")), len("100%"))
            + max(len(_("Lang")), 2)
            + 4 * 2  # each column's padding
        )
        return max(table.size.width - others - 2 - 2, 8)

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_table)  # once the table has its new width

    @on(Input.Changed, "#filter")
    def filter_changed(self) -> None:
        self.refresh_table()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.action_play()

    def action_move(self, rows: int) -> None:
        table = self.query_one("#routines", DataTable)
        last = max(table.row_count - 1, 0)
        table.move_cursor(row=min(max(table.cursor_row + rows, 0), last))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

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
            preview.update(_("No routine matches."))
            return
        routine = self.routine(entry)
        if isinstance(routine, str):
            preview.update(Content.assemble((entry.name, "bold"), "\n\n", routine))
            return
        minutes = _("{n} min").format(n=f"{entry.minutes:.0f}")
        movement = _("movement {share}").format(share=f"{entry.movement:.0%}")
        head = f"{entry.title}\n{minutes} · {movement} · {entry.language} · {entry.path.name}"
        preview.update(Content.assemble((head, "bold"), "\n\n", "\n".join(preview_lines(routine))))

    @on(DataTable.RowSelected, "#routines")  # a click on a row
    def action_play(self) -> None:
        entry = self.highlighted()
        if entry is None:
            return
        routine = self.routine(entry)
        if isinstance(routine, str):
            self.notify(routine, title=_("This routine does not load"), severity="error")
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

    def action_settings(self) -> None:
        """The settings screen; what it changed applies to the sessions started from here."""
        from player.tui.screens.settings import SettingsScreen

        def closed(changed: Settings | None) -> None:
            if changed is not None:
                self.post_message(SettingsChanged(changed))

        self.app.push_screen(SettingsScreen(), closed)
