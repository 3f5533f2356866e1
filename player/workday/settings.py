"""Reminder settings: the `[remind]` table of `settings.toml`, defaults, and command-line overrides.

```toml
[remind]
every = 60              # minutes between breaks
hours = "9:00-17:00"    # the working day; no reminder outside it
days = "mon-fri"        # or a list: ["mon", "wed", "fri"]
minutes = 3             # how long a break is
routine = ""            # a routine name or path; empty: the rotating quick break
language = "en"         # the quick break, the reminders and the calendar: en or de
workrave = "auto"       # auto: follow Workrave's rest breaks while it runs; off: never
```
"""

from __future__ import annotations

import argparse
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import time
from pathlib import Path

from player import paths
from player.errors import UsageError, UserError
from player.i18n import LANGUAGES

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WORKRAVE_MODES = ("auto", "off")
SNOOZE_MINUTES = 10  # "In 10 minutes"


class SettingsError(UserError):
    """`settings.toml` has something the reminder cannot use; the message says where."""


@dataclass(frozen=True, slots=True)
class RemindSettings:
    """When to offer a break, and which one."""

    every: int = 60  # minutes
    start: time = time(9, 0)
    end: time = time(17, 0)
    days: frozenset[int] = frozenset(range(5))  # Monday = 0
    minutes: float = 3.0
    routine: str = ""  # empty: the rotating quick break
    language: str = "en"
    workrave: str = "auto"

    def command(self) -> list[str]:
        """The `workout` arguments that play one break."""
        if self.routine:
            return ["play", self.routine]
        return ["break", "--minutes", f"{self.minutes:g}", "--language", self.language]

    def hours_text(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    def days_text(self) -> str:
        return days_text(self.days)


def days_text(days: frozenset[int]) -> str:
    """`Mon–Fri`, `Mon, Wed, Fri`, `every day`."""
    if len(days) == 7:
        return "every day"
    ordered = sorted(days)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{DAY_NAMES[ordered[0]].title()}–{DAY_NAMES[ordered[-1]].title()}"
    return ", ".join(DAY_NAMES[d].title() for d in ordered)


def settings_file() -> Path:
    """`settings.toml` in the config dir (`WORKOUT_CONFIG_DIR` moves it)."""
    return paths.user_config_dir() / "settings.toml"


def read_settings(path: Path | None = None) -> RemindSettings:
    """The `[remind]` table of `settings.toml`; defaults for what it does not say (or when
    there is no file). Anything it says wrong is a `SettingsError` naming file and line."""
    path = path or settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return RemindSettings()
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read ({error})") from error
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML: {error}") from error
    table = document.get("remind", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}:{_line_of(text, 'remind')}: `remind` must be a table")
    try:
        return from_table(table)
    except ValueError as error:
        key = str(error).split(":", 1)[0]
        raise SettingsError(f"{path}:{_line_of(text, key)}: [remind] {error}") from error


def _line_of(text: str, key: str) -> int:
    """The line where `key` is set (or its table starts); 1 when it cannot be found."""
    in_remind = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_remind = stripped.replace(" ", "") == "[remind]"
            if in_remind and key == "remind":
                return number
        elif (in_remind or key == "remind") and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return 1


def from_table(table: Mapping[str, object]) -> RemindSettings:
    """Settings from a parsed `[remind]` table; a `ValueError` starting with the key if wrong."""
    known = {"every", "hours", "days", "minutes", "routine", "language", "workrave"}
    for key in table:
        if key not in known:
            raise ValueError(f"{key}: unknown setting (known: {', '.join(sorted(known))})")
    settings = RemindSettings()
    changes: dict[str, object] = {}
    for key, value in table.items():
        try:
            changes.update(_parse(key, value))
        except ValueError as error:
            raise ValueError(f"{key}: {error}") from None
    settings = replace(settings, **changes)  # type: ignore[arg-type]
    _check_hours(settings.start, settings.end)
    return settings


def _parse(key: str, value: object) -> dict[str, object]:
    if key == "every":
        return {"every": parse_every(value)}
    if key == "hours":
        if not isinstance(value, str):
            raise ValueError('write the hours as a string, e.g. "9:00-17:00"')
        start, end = parse_hours(value)
        return {"start": start, "end": end}
    if key == "days":
        return {"days": parse_days(value)}
    if key == "minutes":
        return {"minutes": parse_minutes(value)}
    if key in ("routine", "language", "workrave"):
        if not isinstance(value, str):
            raise ValueError("must be a string")
        if key == "workrave" and value not in WORKRAVE_MODES:
            raise ValueError(f"must be one of {', '.join(WORKRAVE_MODES)}, not {value!r}")
        if key == "language" and value not in LANGUAGES:
            raise ValueError(f"quick breaks come in {' or '.join(LANGUAGES)}, not {value!r}")
        return {key: value.strip()}
    raise ValueError("unknown setting")  # from_table checked the keys already


def parse_every(value: object) -> int:
    """Minutes between breaks: `60`, `"45"`, `"45m"`, `"1h"`, `"1h30m"`."""
    if isinstance(value, bool):
        raise ValueError(f"not a number of minutes: {value!r}")
    if isinstance(value, int):
        minutes = value
    elif isinstance(value, str):
        match = re.fullmatch(r"\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*(?:m|min)?)?\s*", value)
        if not match or not any(match.groups()):
            raise ValueError(f'not a number of minutes: {value!r} (e.g. 60, "45m", "1h30m")')
        minutes = int(match[1] or 0) * 60 + int(match[2] or 0)
    else:
        raise ValueError(f"not a number of minutes: {value!r}")
    if not 10 <= minutes <= 8 * 60:
        raise ValueError(f"breaks come every 10 to 480 minutes, not {minutes}")
    return minutes


def parse_hours(text: str) -> tuple[time, time]:
    """`9:00-17:00`, `9-17`, `08:30–16:30`."""
    parts = re.split(r"\s*[-–]\s*", text.strip())
    if len(parts) != 2:
        raise ValueError(f'not a span of hours: {text!r} (e.g. "9:00-17:00")')
    start, end = (_clock_time(p) for p in parts)
    _check_hours(start, end)
    return start, end


def _check_hours(start: time, end: time) -> None:
    if end <= start:
        raise ValueError(f"the day must end after it starts ({start:%H:%M}–{end:%H:%M})")


def _clock_time(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?", text)
    if match:
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour == 24 and minute == 0:
            return time(23, 59, 59)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"not a time of day: {text!r} (e.g. 9:00 or 17:30)")


def parse_days(value: object) -> frozenset[int]:
    """`"mon-fri"`, `"mon,wed,fri"`, `["mon", "tue"]`, `"every day"`."""
    if isinstance(value, list):
        names = [str(v) for v in value]
    elif isinstance(value, str):
        if value.strip().lower() in ("every day", "daily", "all"):
            return frozenset(range(7))
        names = [n for n in re.split(r"[\s,]+", value.strip()) if n]
    else:
        raise ValueError(f'not a list of days: {value!r} (e.g. "mon-fri")')
    days: set[int] = set()
    for name in names:
        first, _, last = name.lower().partition("-")
        a, b = _day(first), _day(last or first)
        days.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    if not days:
        raise ValueError("name at least one day")
    return frozenset(days)


def _day(name: str) -> int:
    key = name.strip()[:3]
    if key in DAY_NAMES:
        return DAY_NAMES.index(key)
    raise ValueError(f"not a day: {name!r} (mon, tue, wed, thu, fri, sat, sun)")


def parse_minutes(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"not a number of minutes: {value!r}")
    try:
        minutes = float(value)
    except ValueError:
        raise ValueError(f"not a number of minutes: {value!r}") from None
    if not 1 <= minutes <= 30:
        raise ValueError("a break is 1 to 30 minutes long")
    return minutes


# Command-line flags: the same words as the settings file, and they win over it.


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The schedule options `remind` and `calendar` share."""
    group = parser.add_argument_group("schedule (overrides [remind] in settings.toml)")
    group.add_argument("--every", metavar="MIN", help="minutes between breaks (default 60)")
    group.add_argument("--hours", metavar="H-H", help="the working day (default 9:00-17:00)")
    group.add_argument("--days", metavar="DAYS", help="working days (default mon-fri)")
    group.add_argument("--minutes", metavar="N", help="how long a break is (default 3)")
    group.add_argument("--routine", metavar="ROUTINE", help="this routine instead of quick breaks")
    group.add_argument(
        "--language", metavar="LANG", help="en or de: the quick break, reminders, the calendar"
    )


def from_arguments(args: argparse.Namespace, path: Path | None = None) -> RemindSettings:
    """The settings file, then what the command line says on top."""
    settings = read_settings(path)
    overrides = {
        key: getattr(args, key, None)
        for key in ("every", "hours", "days", "minutes", "routine", "language")
        if getattr(args, key, None) is not None
    }
    if getattr(args, "workrave", None) is not None:
        overrides["workrave"] = args.workrave
    if not overrides:
        return settings
    table: dict[str, object] = {
        "every": settings.every,
        "hours": f"{settings.start:%H:%M}-{settings.end:%H:%M}",
        "days": [DAY_NAMES[d] for d in sorted(settings.days)],
        "minutes": settings.minutes,
        "routine": settings.routine,
        "language": settings.language,
        "workrave": settings.workrave,
    }
    table.update(overrides)
    try:
        return from_table(table)
    except ValueError as error:
        key, _, reason = str(error).partition(": ")
        raise UsageError(f"--{key}: {reason}") from None
