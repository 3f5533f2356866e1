"""Pain and effort over the weeks (0-10), one column per week, drawn with block characters."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from player.history.checkins import WeekOfCheckins

BLOCKS = " ▁▂▃▄▅▆▇█"


def bar(value: float | None, height: int, row: int) -> str:
    """The cell of a 0-10 bar at `row` (1 at the bottom) of `height` rows; `·` for no value."""
    if value is None:
        return "·" if row == 1 else " "
    eighths = max(1, round(value / 10 * height * 8)) if value > 0 else 0
    return BLOCKS[min(max(eighths - (row - 1) * 8, 0), 8)]


def checkin_lines(weeks: Sequence[WeekOfCheckins], height: int) -> list[str]:
    """Per week two columns, pain then effort, and the Mondays' dates below."""
    rows = []
    for row in range(height, 0, -1):
        rows.append(
            "".join(f"{bar(w.pain, height, row)}{bar(w.effort, height, row)} " for w in weeks)
        )
    rows.append("".join(f"{w.start.day:<3}" for w in weeks))
    return [r.rstrip() for r in rows]


class CheckinChart(Widget):
    """Average pain (left bar) and effort (right bar) per week, 0 to 10."""

    DEFAULT_CSS = """
    CheckinChart { height: 8; }
    """

    def __init__(self, weeks: Sequence[WeekOfCheckins], id: str | None = None) -> None:
        super().__init__(id=id)
        self.weeks = list(weeks)

    def render(self) -> Text:
        if all(w.pain is None and w.effort is None for w in self.weeks):
            return Text("No check-ins yet: the player asks before and after a session.")
        lines = checkin_lines(self.weeks, max(1, self.size.height - 2))
        return Text("\n".join(["pain|effort, 0-10", *lines]))
