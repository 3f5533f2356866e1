"""The section's kind as a coloured word: stabilisation, stretching, ..."""

from __future__ import annotations

from textual.widgets import Static

from player.routine.model import Kind
from player.tui.words import kind_name


class KindBadge(Static):
    """A word on a colour that says what the section trains (CSS class `-kind-NAME`)."""

    def show(self, kind: Kind | None) -> None:
        word = f" {kind_name(kind).upper()} " if kind else ""
        self.update(word)
        for k in Kind:
            self.set_class(k is kind, f"-kind-{k}")
