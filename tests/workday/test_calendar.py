"""`workout calendar`: the .ics parsed back with the icalendar library; its occurrences are
the reminder's slots."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from player.cli import main
from player.workday.calendar import break_calendar
from player.workday.schedule import slots_on
from player.workday.settings import RemindSettings

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 5, 11, 0, tzinfo=BERLIN)  # a Saturday


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def recurrence(event: icalendar.cal.Component) -> icalendar.vRecur:
    """The event's RRULE (a recurrence rule it must have)."""
    rule = event["RRULE"]
    assert isinstance(rule, icalendar.vRecur)
    return rule


def test_one_repeating_event_with_an_alarm_per_slot() -> None:
    text = break_calendar(RemindSettings(), NOW.date(), NOW)
    assert all(line.endswith("\r") or not line for line in text.split("\n"))  # CRLF lines
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded
    calendar = parse(text)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 8
    starts = [e.decoded("DTSTART") for e in events]
    assert [s.time() for s in starts] == [time(h) for h in range(9, 17)]
    assert {s.date() for s in starts} == {date(2026, 12, 7)}  # Monday: an RRULE's first day
    assert all(s.tzinfo is None for s in starts)  # floating: 9:00 wherever, whenever
    assert len({str(e["UID"]) for e in events}) == 8
    for event in events:
        assert event.decoded("DURATION") == timedelta(minutes=3)
        rule = recurrence(event)
        assert rule["FREQ"] == ["WEEKLY"]
        assert rule["BYDAY"] == ["MO", "TU", "WE", "TH", "FR"]
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(0)
        assert str(event["SUMMARY"]) == "Break: a 3-minute quick break"
        description = str(event["DESCRIPTION"])
        assert "Routine: the quick break (a different one each time)" in description
        assert "Start it with: workout break --minutes 3 --language en" in description


def test_the_calendars_occurrences_are_the_reminders_slots() -> None:
    settings = RemindSettings(every=45, start=time(8, 30), end=time(12), days=frozenset({0, 2}))
    calendar = parse(break_calendar(settings, NOW.date(), NOW))
    occurrences = set()
    first = datetime(2026, 12, 7)
    for event in calendar.walk("VEVENT"):
        text = recurrence(event).to_ical().decode()  # type: ignore[no-untyped-call]  # icalendar
        rule = rrulestr(text, dtstart=event.decoded("DTSTART"))
        occurrences.update(rule.between(first, first + timedelta(days=14)))
    expected = {
        slot.replace(tzinfo=None)
        for n in range(14)
        for slot in slots_on((first + timedelta(days=n)).date(), settings, BERLIN)
    }
    assert occurrences == expected
    assert len(expected) == 4 * 5  # two weeks, two days, five slots


def test_a_routine_and_text_that_needs_escaping() -> None:
    settings = RemindSettings(routine="neck, shoulders; back", minutes=5)
    event = parse(break_calendar(settings, NOW.date(), NOW)).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Break: neck, shoulders; back"
    assert "Start it with: workout play neck, shoulders; back" in str(event["DESCRIPTION"])


def test_the_command_writes_the_file_and_says_what_is_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "breaks.ics"
    assert main(["calendar", "-o", str(target), "--every", "90", "--days", "mon-sun"]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"{target}: 6 breaks a day (09:00–17:00, every 90 min, every day)")
    events = parse(target.read_text(encoding="utf-8")).walk("VEVENT")
    assert [e.decoded("DTSTART").strftime("%H:%M") for e in events] == [
        "09:00", "10:30", "12:00", "13:30", "15:00", "16:30"
    ]  # fmt: skip
    assert recurrence(events[0])["BYDAY"] == ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def test_the_command_to_stdout_and_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calendar"]) == 0
    assert capsys.readouterr().out.startswith("BEGIN:VCALENDAR\r\n")
    assert main(["calendar", "--every", "5"]) == 2
    assert "workout: --every: breaks come every 10 to 480 minutes, not 5" in capsys.readouterr().err


def test_a_folder_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["calendar", "-o", str(tmp_path / "missing" / "b.ics")]) == 1
    assert "cannot write" in capsys.readouterr().err


def test_in_german() -> None:
    settings = RemindSettings(language="de", minutes=4)
    event = parse(break_calendar(settings, NOW.date(), NOW)).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Pause: eine 4-minütige Kurzpause"
    assert str(event["DESCRIPTION"]).splitlines() == [
        "Zeit für Bewegung: eine 4-minütige Kurzpause.",
        "Routine: die Kurzpause (jedes Mal eine andere)",
        "Starte sie mit: workout break --minutes 4 --language de",
    ]
