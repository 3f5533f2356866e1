"""The summary screen: time, exercises and kinds of the session just played."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from player.tui.summary import SessionSummary, minutes_text


def summary_text(summary: SessionSummary) -> str:
    head = "Well done!" if summary.completed else "Stopped early — what you did counts."
    lines = [
        head,
        "",
        f"{summary.title}",
        f"Time: {minutes_text(summary.elapsed)}",
        f"Exercises: {len(summary.exercises)}",
    ]
    if summary.seconds_per_kind:
        lines += ["", "By kind:"]
        lines += [f"  {kind:<14} {minutes_text(s)}" for kind, s in summary.seconds_per_kind]
    if summary.exercises:
        lines += ["", "Done:"]
        lines += [f"  ✓ {name}" for name in summary.exercises]
    return "\n".join(lines)


class SummaryScreen(Screen[None]):
    """Shown when a session ends; it is already in the history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Close"),
        Binding("h", "history", "History"),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(summary_text(self.summary), id="summary-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        from player.tui.messages import ShowHistory

        self.post_message(ShowHistory())
