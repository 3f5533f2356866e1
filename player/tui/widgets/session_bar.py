"""The session progress bar, with a mark where each section starts."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


def bar_cells(width: int, done: float, marks: Sequence[float]) -> str:
    """A bar `width` cells wide: `done` (0..1) filled, `┃` where a section starts."""
    width = max(1, width)
    filled = round(min(max(done, 0.0), 1.0) * width)
    cells = ["█"] * filled + ["░"] * (width - filled)
    for mark in marks:
        index = round(mark * width)
        if 0 < index < width:
            cells[index] = "┃"
    return "".join(cells)


class SessionBar(Widget):
    """How much of the whole session is done, with section marks."""

    DEFAULT_CSS = """
    SessionBar { height: 1; }
    """

    done: reactive[float] = reactive(0.0)
    marks: reactive[tuple[float, ...]] = reactive(())

    def render(self) -> Text:
        return Text(bar_cells(self.size.width, self.done, self.marks))
