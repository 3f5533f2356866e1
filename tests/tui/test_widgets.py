"""The text the widgets draw: countdown (big and small), session bar, charts."""

from __future__ import annotations

from datetime import date, timedelta

from player.tui.screens.history import kind_lines
from player.tui.widgets.countdown import block_lines, block_scale
from player.tui.widgets.minutes_chart import chart_lines
from player.tui.widgets.session_bar import bar_cells


def test_the_session_bar_fills_and_marks_sections() -> None:
    assert bar_cells(10, 0.0, ()) == "░" * 10
    assert bar_cells(10, 1.0, ()) == "█" * 10
    assert bar_cells(10, 0.5, (0.3,)) == "███┃█░░░░░"
    assert bar_cells(10, 0.5, (0.0, 1.0)) == "█████░░░░░"  # marks at the ends are left out
    assert len(bar_cells(1, 2.0, (0.5,))) == 1


def test_the_chart_has_one_column_per_day_scaled_to_the_best_day() -> None:
    monday = date(2025, 3, 3)
    days = [(monday + timedelta(days=i), m) for i, m in enumerate([0, 4, 8, 0, 0, 0, 2])]
    lines = chart_lines(days, height=2)
    assert len(lines) == 3
    top, bottom, labels = lines
    assert top == "    █"  # only the best day reaches the top row
    assert bottom[::2] == " ██   ▄"
    assert labels == "3"  # the Monday is labelled with its day


def test_a_day_with_any_minutes_shows_at_least_a_sliver() -> None:
    days = [(date(2025, 3, 4), 100.0), (date(2025, 3, 5), 0.1)]
    assert chart_lines(days, height=1)[0] == "█ ▁"


def test_kinds_are_bars_scaled_to_the_largest() -> None:
    text = kind_lines([("stretching", 20.0), ("stabilisation", 5.0)], width=8)
    assert text.splitlines() == ["Stretching     ████████ 20", "Stabilisation  ██       5"]
    assert kind_lines([]) == "nothing yet"


def test_the_big_clock_grows_with_its_space_and_keeps_its_shape() -> None:
    assert block_scale("0:40", 13, 5) == (1, 1)  # 13 font columns, 5 rows: one cell each
    assert block_scale("0:40", 12, 5) is None  # too narrow: the caller shows three-row digits
    assert block_scale("0:40", 80, 4) is None  # too short
    assert block_scale("0:40", 60, 20) == (4, 4)  # never wider than square, here by width
    assert block_scale("0:40", 200, 10) == (2, 4)  # square: two cells wide per row tall
    assert block_scale("12:40", 60, 20) == (3, 3)  # more digits, smaller
    lines = block_lines("1:05", 16, 7)
    assert lines is not None
    drawn = [line for line in lines if line.strip()]
    assert len(drawn) == 5 and lines[0] == ""  # centred: a blank row above
    assert drawn[0] == " " + " █    ███ ███"  # one cell a pixel, centred in 16 columns
    assert drawn[4] == " " + "███   ███ ███"
    assert all(len(line) <= 16 for line in lines)
    wide = block_lines("1:05", 30, 7)  # room for two cells a pixel across
    assert wide is not None and wide[1] == "  " + "  ██        ██████  ██████"
