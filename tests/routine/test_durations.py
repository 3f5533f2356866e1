"""Durations in every written form, and cue times."""

from __future__ import annotations

import re

import pytest

from player.routine.durations import (
    CUE_TIME_PATTERN,
    DURATION_PATTERN,
    DurationError,
    format_clock,
    format_script_time,
    format_seconds,
    parse_cue_time,
    parse_duration,
)
from player.routine.model import CueAnchor


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        (45, 45.0),
        (1.5, 1.5),
        ("45", 45.0),
        ("45s", 45.0),
        ("1m", 60.0),
        ("1m30s", 90.0),
        ("1m 30s", 90.0),
        ("1:30", 90.0),
        ("1:00:00", 3600.0),
        ("90 s", 90.0),
        ("1.5s", 1.5),
        (".5s", 0.5),
        ("2 minutes", 120.0),
        ("10 sec", 10.0),
        ("1h", 3600.0),
        ("0", 0.0),
    ],
)
def test_durations_in_every_form(written: object, seconds: float) -> None:
    assert parse_duration(written) == seconds
    assert re.match(DURATION_PATTERN, str(written)), "the JSON Schema accepts it too"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "half a minute",
            "cannot read 'half a minute' as a duration; write e.g. 45s, 1m30s or 1:30",
        ),
        ("1s30m", "cannot read '1s30m' as a duration; units go h, m, s (e.g. 1m30s)"),
        ("1:75", "'1:75' is not a clock time (seconds go up to 59)"),
        ("-5s", "a duration cannot be negative, got '-5s'"),
        (-5, "a duration cannot be negative, got -5"),
        ("3h", "3h is longer than two hours; is a unit wrong (s for seconds, m for minutes)?"),
        (
            10_000,
            "10000 s is longer than two hours; is a unit wrong (s for seconds, m for minutes)?",
        ),
        (True, "expected a duration such as 45s, 1m30s or 1:30, got true (a yes/no value)"),
        ([30], "expected a duration such as 45s, 1m30s or 1:30, got a list"),
        (float("nan"), "expected a duration such as 45s, got nan"),
        ("nan", "cannot read 'nan' as a duration; write e.g. 45s, 1m30s or 1:30"),
    ],
)
def test_durations_that_make_no_sense(written: object, message: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(written)
    assert str(caught.value) == message


def test_zero_only_where_allowed() -> None:
    assert parse_duration("0s") == 0.0
    with pytest.raises(DurationError, match="must be longer than zero"):
        parse_duration("0s", allow_zero=False)


@pytest.mark.parametrize(
    ("written", "anchor", "value"),
    [
        ("50%", CueAnchor.FRACTION, 0.5),
        ("100%", CueAnchor.FRACTION, 1.0),
        ("20s", CueAnchor.FROM_START, 20.0),
        (20, CueAnchor.FROM_START, 20.0),
        ("-10s", CueAnchor.FROM_END, 10.0),
        (-10, CueAnchor.FROM_END, 10.0),
        ("1:00", CueAnchor.FROM_START, 60.0),
    ],
)
def test_cue_times(written: object, anchor: CueAnchor, value: float) -> None:
    at = parse_cue_time(written)
    assert (at.anchor, at.value) == (anchor, value)
    assert re.match(CUE_TIME_PATTERN, str(written))


def test_cue_time_offsets_within_a_block() -> None:
    assert parse_cue_time("50%").offset_in(40.0) == 20.0
    assert parse_cue_time("-10s").offset_in(40.0) == 30.0
    with pytest.raises(DurationError, match="150% is outside the exercise"):
        parse_cue_time("150%")


def test_formats() -> None:
    assert [format_seconds(s) for s in (1.5, 45, 57.44, 90, 3600)] == [
        "1.5 s",
        "45 s",
        "57.4 s",
        "1:30",
        "1:00:00",
    ]
    assert format_clock(57.6) == "0:58"


def test_what_is_left_rounds_up_and_a_position_down() -> None:
    assert format_clock(9.2, "up") == "0:10"
    assert format_clock(60.0, "up") == "1:00"
    assert format_clock(0.0, "up") == "0:00"
    assert format_clock(-3, "up") == "0:00"
    assert format_clock(125.01, "up") == "2:06"
    assert format_clock(125.9, "down") == "2:05"
    assert format_clock(59.9999999, "down") == "1:00"
    assert format_clock(3725.9, "down") == "1:02:05"  # a long session: hours, as everywhere


def test_a_script_time_counts_minutes_past_an_hour_to_the_tenth() -> None:
    assert format_script_time(0) == "00:00.0"
    assert format_script_time(59.96) == "01:00.0"  # rounded once: never `0:60.0`
    assert format_script_time(83.44) == "01:23.4"
    assert format_script_time(3725.25) == "62:05.2"
