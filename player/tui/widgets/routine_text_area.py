"""A YAML code editor that marks the lines with errors and warnings in its gutter, and
suggests `use:` ids and keys as you type (the right arrow takes the suggestion)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from rich.segment import Segment
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import TextArea

from player.editing.complete import suggestion

ERROR = "error"
WARNING = "warning"
MARK_SYMBOL = "●"


class RoutineTextArea(TextArea):
    """`TextArea.code_editor` plus problem marks: a coloured dot beside the line number.

    `marks` maps 1-based line numbers to `"error"` or `"warning"` (an error wins).
    """

    COMPONENT_CLASSES = TextArea.COMPONENT_CLASSES | {
        "routine-text-area--error",
        "routine-text-area--warning",
    }

    DEFAULT_CSS = """
    RoutineTextArea > .routine-text-area--error {
        color: $error;
        text-style: bold;
    }
    RoutineTextArea > .routine-text-area--warning {
        color: $warning;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+home", "cursor_document_start", "Start of file", show=False),
        Binding("ctrl+end", "cursor_document_end", "End of file", show=False),
        Binding("ctrl+shift+home", "cursor_document_start(True)", show=False),
        Binding("ctrl+shift+end", "cursor_document_end(True)", show=False),
    ]

    marks: Mapping[int, str] = MappingProxyType({})
    completion_ids: tuple[str, ...] = ()  # the exercise library's ids, for `use:`

    def update_suggestion(self) -> None:
        row, column = self.cursor_location
        self.suggestion = suggestion(self.document.lines, row, column, self.completion_ids)

    def action_cursor_document_start(self, select: bool = False) -> None:
        """Ctrl+Home: to the first line (Shift selects on the way)."""
        self.move_cursor((0, 0), select=select)

    def action_cursor_document_end(self, select: bool = False) -> None:
        """Ctrl+End: to the end of the last line (Shift selects on the way)."""
        self.move_cursor(self.document.end, select=select)

    def set_marks(self, marks: Mapping[int, str]) -> None:
        """Show these marks (1-based line -> severity) instead of the previous ones."""
        new = dict(marks)
        if new != self.marks:
            self.marks = new
            self.refresh()

    def mark_at(self, line: int) -> str | None:
        """The mark shown at a 1-based line, if any."""
        return self.marks.get(line)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        marks = self.marks
        if not marks or not self.show_line_numbers:
            return strip
        scroll_y = self.scroll_offset.y
        if y + scroll_y >= self.wrapped_document.height:
            return strip
        row, column = self.wrapped_document.offset_to_location(Offset(0, y + scroll_y))
        if column != 0:  # a wrapped continuation: the mark is on the first part only
            return strip
        severity = marks.get(row + 1)
        if severity is None:
            return strip
        style = self.get_component_rich_style(f"routine-text-area--{severity}")
        gutter = self.gutter_width
        number = strip.crop(0, gutter - 2).apply_style(style)
        mark = Strip([Segment(MARK_SYMBOL, style)], 1)
        return Strip.join([number, mark, strip.crop(gutter - 1)])
