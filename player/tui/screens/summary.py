"""The summary screen: time, exercises and kinds of the session just played."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from player.i18n import N_, _
from player.tui.summary import SessionSummary, minutes_text
from player.tui.words import kind_name, translate_bindings


def summary_text(summary: SessionSummary) -> str:
    """What the session did, and for a stopped one, how to go on with it."""
    if not summary.completed:
        head = _("Stopped early — what you did counts.")
    elif summary.exercises:
        head = _("Well done!")
    else:  # played to the end with every exercise skipped: no praise for that
        head = _("Session over — you skipped every exercise this time.")
    lines = [
        head,
        "",
        f"{summary.title}",
        _("Time: {time}").format(time=minutes_text(summary.elapsed)),
        _("Exercises: {n}").format(n=len(summary.exercises)),
    ]
    if not summary.completed and summary.resume:
        lines.append(_("Go on later with: {command}").format(command=summary.resume))
    if summary.seconds_per_kind:
        lines += ["", _("By kind:")]
        lines += [
            f"  {kind_name(kind):<14} {minutes_text(s)}" for kind, s in summary.seconds_per_kind
        ]
    if summary.exercises:
        lines += ["", _("Done:")]
        lines += [f"  ✓ {name}" for name in summary.exercises]
    return "\n".join(lines)


class SummaryScreen(Screen[None]):
    """Shown when a session ends; it is already in the history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", N_("Close")),
        Binding("h", "history", N_("History")),
        Binding("q", "close", N_("Close"), show=False),
    ]

    def __init__(self, summary: SessionSummary) -> None:
        super().__init__()
        translate_bindings(self)
        self.summary = summary

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary"):
            yield Static(summary_text(self.summary), id="summary-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_history(self) -> None:
        from player.tui.app_messages import ShowHistory

        self.post_message(ShowHistory())
