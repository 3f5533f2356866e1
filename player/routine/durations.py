"""Durations (`45`, `45s`, `1m30s`, `1:30`, `1.5s`) and cue times (`50%`, `20s`, `-10s`).

Read as a routine writes them, and shown as the player shows them: one formatter per
purpose, used by every command and screen (`format_seconds` in messages, `format_clock`
for lengths, positions and what is left, `format_script_time` for the moments of a script).
"""

from __future__ import annotations

import math
import re
from typing import Literal

from player.routine.model import CueAnchor, CueTime

MAX_SECONDS = 2 * 60 * 60.0  # anything longer is a typo, not a plan

_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0}
_NUMBER = r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+"  # ASCII digits only: '٤٥' is not 45
_UNIT_PART = re.compile(rf"\s*({_NUMBER})\s*(h|m|s)\s*")
_PLAIN = re.compile(_NUMBER)
_CLOCK = re.compile(r"(?:([0-9]+):)?([0-9]+):([0-9]{1,2}(?:\.[0-9]+)?)")
_WORDS = {
    "sec": "s",
    "secs": "s",
    "second": "s",
    "seconds": "s",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
    "hr": "h",
    "hour": "h",
    "hours": "h",
}

_SCHEMA_AMOUNT = (
    r"(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hours?)?"
    r"|(?:(?:\d+(?:\.\d+)?|\.\d+)\s*[hms]\s*)+"
    r"|(?:\d+:)?\d+:\d{1,2}(?:\.\d+)?)"
)
DURATION_PATTERN = rf"^\s*{_SCHEMA_AMOUNT}\s*$"
"""What a duration looks like, for the JSON Schema (the parser below is the authority)."""
POSITIVE_DURATION_PATTERN = rf"^(?=.*[1-9])\s*{_SCHEMA_AMOUNT}\s*$"
"""A duration that is not zero: some digit other than 0 in it."""
CUE_TIME_PATTERN = rf"^\s*(?:(?:\d+(?:\.\d+)?|\.\d+)\s*%|-?\s*{_SCHEMA_AMOUNT})\s*$"
"""What a cue's `at` looks like, for the JSON Schema."""


class DurationError(ValueError):
    """A duration that cannot be read or makes no sense; the message says why."""


def _seconds_of_text(text: str) -> float:
    """Seconds in a non-negative duration written as text, or DurationError."""
    s = text.strip().lower()
    for word, unit in _WORDS.items():
        if s.endswith(word) and _PLAIN.fullmatch(s[: -len(word)].strip()):
            s = s[: -len(word)].strip() + unit
            break
    if not s:
        raise DurationError("empty duration")
    if _PLAIN.fullmatch(s):
        return float(s)  # "45" or "1.5" in quotes: seconds
    clock = _CLOCK.fullmatch(s)
    if clock:
        hours, minutes, seconds = clock.groups()
        if float(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
            raise DurationError(f"{text.strip()!r} is not a clock time (seconds go up to 59)")
        return int(hours or 0) * 3600.0 + int(minutes) * 60.0 + float(seconds)
    total = 0.0
    position = 0
    seen: list[str] = []
    while position < len(s):
        part = _UNIT_PART.match(s, position)
        if part is None:
            raise DurationError(
                f"cannot read {text.strip()!r} as a duration; write e.g. 45s, 1m30s or 1:30"
            )
        number, unit = part.groups()
        if unit in seen or (seen and _UNITS[unit] >= _UNITS[seen[-1]]):
            raise DurationError(
                f"cannot read {text.strip()!r} as a duration; units go h, m, s (e.g. 1m30s)"
            )
        seen.append(unit)
        total += float(number) * _UNITS[unit]
        position = part.end()
    return total


def parse_duration(value: object, *, allow_zero: bool = True) -> float:
    """Seconds in a duration from a routine file: a number of seconds or text like `1m30s`.

    Raises DurationError for anything unreadable, negative, zero (unless `allow_zero`), or
    longer than two hours.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DurationError(
            f"expected a duration such as 45s, 1m30s or 1:30, got {_describe(value)}"
        )
    if isinstance(value, str):
        text = value.strip()
        negative = text.startswith("-")
        seconds = _seconds_of_text(text[1:] if negative else text)
        if negative and seconds > 0:
            raise DurationError(f"a duration cannot be negative, got {value.strip()!r}")
    else:
        try:
            seconds = float(value)
        except OverflowError:  # a 400-digit whole number
            seconds = math.inf if value > 0 else -math.inf
        if math.isnan(seconds):
            raise DurationError(f"expected a duration such as 45s, got {value!r}")
        if seconds < 0:
            raise DurationError(f"a duration cannot be negative, got {_short(value)}")
    if seconds == 0 and not allow_zero:
        raise DurationError("must be longer than zero")
    if seconds > MAX_SECONDS:
        raise DurationError(
            f"{_short(_show(value))} is longer than two hours; "
            "is a unit wrong (s for seconds, m for minutes)?"
        )
    return seconds


def parse_cue_time(value: object) -> CueTime:
    """When a cue is said: `50%` of the work, `20s` after it starts, `-10s` before it ends."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DurationError(f"expected a time such as 50%, 20s or -10s, got {_describe(value)}")
    if isinstance(value, str) and value.strip().endswith("%"):
        number = value.strip()[:-1].strip()
        if not _PLAIN.fullmatch(number):
            raise DurationError(f"cannot read {_short(value.strip())!r} as a percentage")
        percent = float(number)
        if math.isnan(percent) or not 0 <= percent <= 100:
            raise DurationError(
                f"{value.strip()} is outside the exercise; use 0% to 100% of the work"
            )
        return CueTime(CueAnchor.FRACTION, percent / 100.0)
    negative = (isinstance(value, str) and value.strip().startswith("-")) or (
        not isinstance(value, str) and value < 0
    )
    if negative:
        magnitude = value.strip()[1:] if isinstance(value, str) else -value
        seconds = parse_duration(magnitude)
        if seconds == 0:
            return CueTime(CueAnchor.FROM_END, 0.0)
        return CueTime(CueAnchor.FROM_END, seconds)
    return CueTime(CueAnchor.FROM_START, parse_duration(value))


def format_seconds(seconds: float) -> str:
    """`45 s`, `1.5 s`, `1:30`, `1:00:00`: how a duration is shown in messages."""
    if seconds < 60:
        return f"{round(seconds, 1):g} s"
    return format_clock(seconds)


def format_clock(seconds: float, rounding: Literal["nearest", "up", "down"] = "nearest") -> str:
    """`0:45`, `1:30`, `1:00:00`: a duration on a clock, to the second.

    Rounded to the nearest second; `up` for what is left (`0:00` means it is over), `down`
    for a position (a clock shows a second once it has passed).
    """
    if rounding == "up":
        whole = max(0, math.ceil(seconds - 1e-6))
    elif rounding == "down":
        whole = max(0, math.floor(seconds + 1e-6))
    else:
        whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def format_script_time(seconds: float) -> str:
    """`01:23.4`: a moment in a script (`workout show`, the editor's preview), to the tenth;
    the minutes count on past an hour (`62:05.2`) so the column keeps its width."""
    tenths = round(seconds * 10)
    minutes, tenths = divmod(max(tenths, 0), 600)
    return f"{minutes:02d}:{tenths // 10:02d}.{tenths % 10}"


def _short(value: object) -> str:
    """A value as a message shows it: 400 digits are cut to a readable length."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 24 else f"{text[:20]}… ({len(text)} characters)"


def _show(value: object) -> str:
    return value.strip() if isinstance(value, str) else f"{value} s"


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)
