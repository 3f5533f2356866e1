"""The break schedule as iCalendar (RFC 5545): one repeating event with an alarm per slot.

Times are "floating" (local, no time zone): a 10:00 break stays at 10:00 on the wall clock
through summer time and wherever the calendar is opened, as the reminder does.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from player import __version__
from player.workday.schedule import slot_times
from player.workday.settings import RemindSettings
from player.workday.words import what, words_for

ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LINE_OCTETS = 75  # RFC 5545 3.1: longer lines are folded


def first_working_day(settings: RemindSettings, today: date) -> date:
    """`today` or the next day the schedule has breaks: an RRULE's DTSTART must be one."""
    return next(
        today + timedelta(days=n) for n in range(7) if (today.weekday() + n) % 7 in settings.days
    )


def break_calendar(settings: RemindSettings, today: date, now: datetime) -> str:
    """The VCALENDAR text (CRLF lines, folded), one VEVENT with RRULE and VALARM per slot."""
    first = first_working_day(settings, today)
    byday = ",".join(ICAL_DAYS[d] for d in sorted(settings.days))
    command = "workout " + " ".join(settings.command())
    words = words_for(settings)
    summary = words["event"].format(what=what(settings))
    description = "\n".join(
        (
            words["move"].format(what=what(settings)),
            words["which"].format(routine=settings.routine or words["rotating"]),
            words["command"].format(command=command),
        )
    )
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//workout-player//workout-player {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Breaks",
    ]
    for slot in slot_times(settings):
        start = datetime.combine(first, slot)
        lines += [
            "BEGIN:VEVENT",
            f"UID:break-{slot:%H%M}-{byday.replace(',', '')}@workout-player",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{start:%Y%m%dT%H%M%S}",
            f"DURATION:{_duration(settings.minutes)}",
            f"RRULE:FREQ=WEEKLY;BYDAY={byday}",
            f"SUMMARY:{_text(summary)}",
            f"DESCRIPTION:{_text(description)}",
            "CATEGORIES:Break",
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:PT0S",
            f"DESCRIPTION:{_text(summary)}",
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _duration(minutes: float) -> str:
    seconds = round(minutes * 60)
    return f"PT{seconds // 60}M{seconds % 60}S" if seconds % 60 else f"PT{seconds // 60}M"


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newline escaped (RFC 5545 3.3.11)."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets go on in continuation lines starting with a space, never
    splitting a UTF-8 character."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = LINE_OCTETS if not parts else LINE_OCTETS - 1  # the leading space counts
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
