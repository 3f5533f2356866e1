"""A bar chart of minutes per day, drawn with block characters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.text import Text
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"


def chart_lines(days: Sequence[tuple[date, float]], height: int) -> list[str]:
    """One column per day (two cells wide), `height` rows, eighth-block resolution.

    The last line marks Mondays with their day of the month.
    """
    top = max((m for _, m in days), default=0.0)
    rows: list[str] = []
    for row in range(height, 0, -1):
        line = ""
        for _, minutes in days:
            eighths = round(minutes / top * height * 8) if top > 0 else 0
            if minutes > 0:
                eighths = max(eighths, 1)
            fill = min(max(eighths - (row - 1) * 8, 0), 8)
            line += BLOCKS[fill] + " "
        rows.append(line.rstrip())
    labels = ""
    for day, _ in days:
        labels += f"{day.day:<2}" if day.weekday() == 0 else "  "
    rows.append(labels.rstrip())
    return rows


class MinutesChart(Widget):
    """Minutes trained per day over the last weeks; the top is the best day."""

    DEFAULT_CSS = """
    MinutesChart { height: 8; }
    """

    def __init__(self, days: Sequence[tuple[date, float]], id: str | None = None) -> None:
        super().__init__(id=id)
        self.days = list(days)

    def render(self) -> Text:
        top = max((m for _, m in self.days), default=0.0)
        lines = chart_lines(self.days, max(1, self.size.height - 2))
        return Text("\n".join([f"best day {top:.0f} min", *lines]))
