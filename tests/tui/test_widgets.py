"""The text the widgets draw: countdown, session bar, charts, the words under the clock."""

from __future__ import annotations

from datetime import date, timedelta

from player.tui.screens.history import kind_lines
from player.tui.widgets.countdown import clock_text, position_text
from player.tui.widgets.minutes_chart import chart_lines
from player.tui.widgets.session_bar import bar_cells


def test_the_countdown_rounds_up_and_the_position_down() -> None:
    assert clock_text(9.2) == "0:10"
    assert clock_text(60.0) == "1:00"
    assert clock_text(0.0) == "0:00"
    assert clock_text(-3) == "0:00"
    assert clock_text(125.01) == "2:06"
    assert position_text(125.9) == "2:05"
    assert position_text(59.9999999) == "1:00"


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
    assert text.splitlines() == ["stretching     ████████ 20", "stabilisation  ██       5"]
    assert kind_lines([]) == "nothing yet"
