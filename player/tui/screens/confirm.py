"""A yes/no question over the current screen (quit while a session runs)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from player.i18n import N_, _
from player.tui.words import translate_bindings


class ConfirmScreen(ModalScreen[bool]):
    """`y` or Enter says yes; `n` or Escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,j,enter", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(self.question, id="question")
            yield Static(_("[b]y[/b] yes   [b]n[/b] no"), id="answers")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
