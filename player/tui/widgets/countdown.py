"""The big countdown: the time left in the step, as large as the space it is given.

Where there is room, the digits are drawn with full blocks from a 3×5 font, each font pixel
scaled up to as many cells as fit (readable from a mat two metres away); where there is not
(under five rows), it falls back to Textual's three-row `Digits`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.geometry import Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widgets import Digits

from player.routine.durations import format_clock

if TYPE_CHECKING:
    from textual.app import RenderResult

FONT_ROWS = 5
# Each glyph: FONT_ROWS strings, "#" a lit pixel.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", "###", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", "  #", "  #"),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
    "-": ("   ", "   ", "###", "   ", "   "),
}
BLOCK = "█"


def _pixels(text: str) -> list[str]:
    """The text in font pixels: FONT_ROWS rows of "#" and " ", one blank column between
    glyphs (characters the font lacks are left out)."""
    glyphs = [FONT[c] for c in text if c in FONT]
    return [" ".join(g[row] for g in glyphs) for row in range(FONT_ROWS)]


def block_scale(text: str, width: int, height: int) -> tuple[int, int] | None:
    """(rows, columns) of cells per font pixel for the largest clock that fits, or None when
    not even one cell a pixel fits. A pixel is never wider than two cells per row it is tall
    (a terminal cell is about twice as tall as it is wide, so 1×2 is square), nor narrower
    than one."""
    columns = len(_pixels(text)[0])
    if columns == 0:
        return None
    tall = height // FONT_ROWS
    if tall < 1 or width < columns:
        return None
    wide = max(1, (width - width // 8) // columns)  # a margin either side, when it can be
    rows = min(tall, wide)
    return rows, min(2 * rows, wide)


def block_lines(text: str, width: int, height: int) -> list[str] | None:
    """The clock drawn in blocks, centred in `width` × `height` cells; None if it does not fit
    (the caller falls back to three-row digits)."""
    scale = block_scale(text, width, height)
    if scale is None:
        return None
    rows, columns = scale
    drawn: list[str] = []
    for pixel_row in _pixels(text):
        line = "".join((BLOCK if p == "#" else " ") * columns for p in pixel_row)
        drawn += [line] * rows
    left = " " * ((width - len(drawn[0])) // 2)
    top = (height - len(drawn)) // 2
    return [""] * top + [(left + line).rstrip() for line in drawn]


class Countdown(Digits):
    """The time left in the step, as big as its region allows; marked while paused."""

    DEFAULT_CSS = """
    Countdown {
        height: 1fr;
        min-height: 3;
    }
    """

    def show(self, seconds: float | None, paused: bool) -> None:
        text = format_clock(seconds, "up") if seconds is not None else "--:--"
        if text != self.value:
            self.update(text)
        self.set_class(paused, "-paused")

    def update(self, value: str) -> None:
        """Show `value`; the region stays the same size, so no new layout is needed."""
        if not isinstance(value, str):
            raise TypeError("value must be a str")
        self._value = value
        self.refresh()

    @property
    def big(self) -> bool:
        """Whether the clock is drawn in blocks (False: three-row digits)."""
        size = self.content_region.size
        return block_scale(self.value, size.width, size.height) is not None

    def render(self) -> RenderResult:
        size = self.content_region.size
        style = self.rich_style
        lines = block_lines(self.value, size.width, size.height)
        if lines is None:
            digits = DigitsRenderable(self.value, style)
            return Align(digits, "center", style, vertical="middle", height=size.height)
        return Text("\n".join(lines), style=style, no_wrap=True, overflow="crop")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3  # at least; the stylesheet gives it the room there is
