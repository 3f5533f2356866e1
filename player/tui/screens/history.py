"""The history screen: streak, recent sessions, minutes per day and per kind."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from player.history.checkins import WeekOfCheckins
from player.i18n import N_, _, ngettext
from player.tui.widgets.checkin_chart import CheckinChart
from player.tui.widgets.minutes_chart import MinutesChart
from player.tui.words import translate_bindings


@dataclass(frozen=True, slots=True)
class SessionRow:
    """One past session as the history screen lists it."""

    started: datetime
    title: str
    minutes: float
    completed: bool


@dataclass(frozen=True, slots=True)
class HistoryView:
    """Everything the history screen shows, read from the journal at one moment."""

    streak: int  # days in a row, up to today
    sessions: tuple[SessionRow, ...]  # most recent first
    days: tuple[tuple[date, float], ...]  # minutes per day, oldest first
    per_kind: tuple[tuple[str, float], ...]  # minutes per kind, most first
    problem: str = ""  # the journal could not be read
    breaks_today: str = ""  # "4 of 8 breaks": today's against the reminder's plan
    checkins: tuple[WeekOfCheckins, ...] = ()  # pain and effort per week, oldest first


class HistoryScreen(Screen[None]):
    """What was done: `escape` goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,h", "back", N_("Back")),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (84, "-wide")]  # noqa: RUF012

    def __init__(self, view: HistoryView) -> None:
        super().__init__()
        translate_bindings(self)
        self.view = view

    def compose(self) -> ComposeResult:
        view = self.view
        yield Header()
        total = sum(m for _, m in view.days)
        weeks = len(view.days) // 7
        days = ngettext("{n} day", "{n} days", view.streak).format(n=view.streak)
        count = len(view.sessions)
        sessions = ngettext("{n} session", "{n} sessions", count).format(n=count)
        minutes = _("{minutes} min in the last {weeks} weeks").format(
            minutes=f"{total:.0f}", weeks=weeks
        )
        today = (
            " · " + _("Today: {breaks}").format(breaks=view.breaks_today)
            if view.breaks_today
            else ""
        )
        yield Static(
            _("Streak: {days}").format(days=days) + f" · {sessions} · {minutes}{today}",
            id="history-head",
        )
        if view.problem:
            yield Static(view.problem, id="problem")
        with Horizontal(id="history-charts"):
            with Vertical(id="per-day"):
                yield Static(_("Minutes per day"), classes="heading")
                yield MinutesChart(view.days, id="chart")
            with Vertical(id="per-kind"):
                yield Static(_("Minutes per kind"), classes="heading")
                yield Static(kind_lines(view.per_kind), id="kinds")
            if view.checkins:
                with Vertical(id="per-week"):
                    yield Static("Pain and effort", classes="heading")
                    yield CheckinChart(view.checkins, id="checkin-chart")
        with VerticalScroll(id="sessions-pane"):
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = "workout"
        self.sub_title = _("history")
        table = self.query_one("#sessions", DataTable)
        table.add_columns(_("When"), _("Routine"), _("Min"), "")
        for row in self.view.sessions:
            table.add_row(
                row.started.strftime("%a %d %b %H:%M"),
                row.title,
                f"{row.minutes:.0f}",
                "✓" if row.completed else "…",
            )
        if not self.view.sessions:
            table.add_row("—", _("No sessions yet: press Esc, then Enter on a routine."), "", "")

    def action_back(self) -> None:
        self.dismiss(None)


def kind_lines(per_kind: Sequence[tuple[str, float]], width: int = 10) -> str:
    """`Stabilisation   ████████ 12` — one line per kind (in the screen's language), bars
    scaled to the largest."""
    from player.routine.model import Kind
    from player.tui.words import kind_name

    if not per_kind:
        return _("nothing yet")
    top = max(m for _, m in per_kind) or 1.0
    known = {k.value: k for k in Kind}
    return "\n".join(
        f"{kind_name(known[kind]) if kind in known else kind:<14} "
        f"{'█' * max(1, round(m / top * width)):<{width}} {m:.0f}"
        for kind, m in per_kind
    )
