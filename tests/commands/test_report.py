"""`workout report`: the therapist's report from a real journal, read back from the PDF."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PIL import Image

from player import paths
from player.cli import main
from player.commands.report import since_date
from player.documents.report import gather, report_html
from player.errors import UsageError
from player.history import SessionJournal, open_history
from player.history.checkins import Moment, record_checkin, record_rating
from player.history.levels import Reason, record_level_change

TZ = timezone(timedelta(hours=1))
ROUTINE = paths.bundled_routines_dir() / "desk-break-back.yaml"
EXERCISES = ["Seated pelvic tilts", "Abdominal bracing", "Standing hip flexor stretch"]


@dataclass(frozen=True)
class Step:
    index: int
    exercise: str | None
    section_kind: str | None


FIRST = datetime(2026, 11, 2, 8, 0, tzinfo=TZ)  # a Monday


class Calendar:
    def __init__(self, first: datetime = FIRST) -> None:
        self.first = first
        self.moment = first

    def __call__(self) -> datetime:
        return self.moment


def _journal(path: Path, calendar: Calendar) -> None:
    """Three weeks: five sessions (one stopped, one with the stretch skipped), check-ins
    on three of them, pain going down. Steps of 80 s: the stopped session lasts
    over a minute, so it counts (shorter runs are try-outs, left out everywhere)."""
    plan = [
        (0, "finished", EXERCISES, (5, 4, 6)),
        (2, "finished", EXERCISES, None),
        (3, "stopped", EXERCISES[:1], None),
        (8, "finished", EXERCISES[:2], (4, 2, 5)),  # the stretch skipped
        (15, "finished", EXERCISES, (3, 1, 4)),
    ]
    with open_history(path, now=calendar) as history:
        for day, status, done, checkin in plan:
            calendar.moment = calendar.first + timedelta(days=day)
            journal = SessionJournal.start(
                history,
                routine="desk-break-back",
                path=str(ROUTINE),
                title="Desk break, lower back",
                language="en",
                planned=192.6,
                step_count=5,
            )
            if checkin:
                record_checkin(history, journal.session_id, Moment.BEFORE, pain=checkin[0])
            for index, name in enumerate(done, start=1):
                calendar.moment += timedelta(seconds=80)
                journal.step_finished(Step(index, name, "stabilisation"), 80.0, 80.0 * index)
            journal.ended(status, 80.0 * len(done))
            if checkin:
                record_checkin(
                    history, journal.session_id, Moment.AFTER, pain=checkin[1], effort=checkin[2]
                )
            if day == 8:  # the bracing made easier in that session, rated after it
                record_level_change(
                    history,
                    "abdominal-bracing",
                    "Abdominal bracing, lying",
                    0,
                    -1,
                    Reason.EASIER,
                    journal.session_id,
                )
                record_rating(history, journal.session_id, 2, "Abdominal bracing", 7)


def test_since_accepts_weeks_days_and_dates() -> None:
    today = date(2026, 11, 28)
    assert since_date("4w", today) == date(2026, 11, 1)
    assert since_date("10d", today) == date(2026, 11, 19)
    assert since_date("2026-11-03", today) == date(2026, 11, 3)
    for bad in ("soon", "0w", "2027-01-01"):
        with pytest.raises(UsageError):
            since_date(bad, today)


def test_the_report_adds_up_sessions_kinds_checkins_and_skips(tmp_path: Path) -> None:
    calendar = Calendar()
    journal = tmp_path / "history.sqlite3"
    _journal(journal, calendar)
    with open_history(journal) as history:
        data = gather(history, date(2026, 11, 2), date(2026, 11, 22), per_week=3)
    assert [(w.start, w.finished, w.stopped) for w in data.weeks] == [
        (date(2026, 11, 2), 2, 1),
        (date(2026, 11, 9), 1, 0),
        (date(2026, 11, 16), 1, 0),
    ]
    assert data.skipped == {"Standing hip flexor stretch": 1}
    assert data.unreadable == 0
    assert len(data.checkins) == 6
    assert round(data.minutes_per_kind["stabilisation"], 2) == round(12 * 80 / 60, 2)
    html = report_html(data)
    assert "<strong>4</strong> sessions finished of 9 planned (3 a week), 1 stopped early" in html
    assert html.count("<circle") == 9  # three series, three check-ins each
    assert "Every exercise at the level the routine writes." in html  # no levels.json here
    eased = report_html(replace(data, levels={"dead-bug": -2, "bird-dog": 1, "bridge": 0}))
    assert "<td>dead-bug</td><td>2 steps easier</td>" in eased
    assert "<td>bird-dog</td><td>1 step harder</td>" in eased
    assert "bridge" not in eased
    # When a level changed, with its date and why; skipped ones with their dates.
    assert (
        "<tr><td>Tue 10 Nov</td><td>Abdominal bracing, lying</td><td>made easier</td>"
        "<td>the easier key, in a session</td></tr>"
    ) in html
    assert "<td>Standing hip flexor stretch</td><td class='num'>1</td><td>Tue 10 Nov</td>" in html
    assert "<td>Abdominal bracing</td><td class='num'>1</td><td class='num'>7</td>" in html


def test_the_report_in_german(tmp_path: Path) -> None:
    journal = tmp_path / "history.sqlite3"
    _journal(journal, Calendar())
    with open_history(journal) as history:
        data = gather(history, date(2026, 11, 2), date(2026, 11, 22), levels={"dead-bug": -1})
    html = report_html(data, "de")
    assert '<html lang="de">' in html and "<h1>Verlaufsbericht</h1>" in html
    assert "<strong>4</strong> Einheiten beendet, 1 vorzeitig abgebrochen." in html
    assert "<h2>Leichter oder schwerer gemachte Übungen</h2>" in html
    assert (
        "<tr><td>Di 10.11.</td><td>Abdominal bracing, lying</td><td>leichter gemacht</td>"
        "<td>die Taste für leichter, in einer Einheit</td></tr>"
    ) in html
    assert "<h2>Ausgelassene Übungen</h2>" in html
    assert "<td>Standing hip flexor stretch</td><td class='num'>1</td><td>Di 10.11.</td>" in html
    assert "<td>dead-bug</td><td>1 Stufe leichter</td>" in html
    assert "Schmerz vorher" in html and "Anstrengung" in html
    for english in ("made easier", "Exercises skipped", "Progress report", "pain before"):
        assert english not in html


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_workout_report_writes_a_pdf_a_person_can_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command reads the user's journal with the real clock: the sessions end today.
    first = datetime.now().astimezone().replace(hour=8) - timedelta(days=16)
    _journal(paths.history_db(), Calendar(first))
    pdf = tmp_path / "report.pdf"
    since = first.date().isoformat()
    assert main(["report", "--since", since, "--per-week", "3", "-o", str(pdf)]) == 0
    assert "4 sessions finished, 6 check-ins" in capsys.readouterr().out
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Progress report" in flat
    assert "Standing hip flexor stretch" in flat
    assert "pain before" in flat and "pain after" in flat and "effort" in flat
    assert "Exercises made easier or harder" in flat
    assert "Abdominal bracing, lying made easier the easier key, in a session" in flat
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "p")], check=True)
    page = Image.open(sorted(tmp_path.glob("p-*.png"))[0]).convert("L")
    assert sum(page.histogram()[:128]) > 0.005 * page.width * page.height


def test_an_empty_journal_says_what_has_no_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "-o", str(out)]) == 0
    html = out.read_text("utf-8")
    assert "No sessions in this period." in html
    assert "No check-ins in this period" in html
    assert "No weekly plan was given (workout report --per-week N)" in html


def test_the_progressions_level_changes_are_listed_with_the_session_that_set_them(
    tmp_path: Path,
) -> None:
    """Three green sessions of a progressing routine make its exercises a level harder; a red
    one after them a level easier: the report says so, dated by the session that set it."""
    routine = paths.bundled_routines_dir() / "focus-stabilisation.yaml"
    calendar = Calendar()
    journal = tmp_path / "history.sqlite3"
    with open_history(journal, now=calendar) as history:
        for day, (before, after) in enumerate([(2, 2), (2, 1), (2, 2), (2, 7)]):
            calendar.moment = FIRST + timedelta(days=2 * day)
            session = SessionJournal.start(
                history,
                routine="focus-stabilisation",
                path=str(routine),
                title="Focus: stabilisation",
                language="en",
                planned=600.0,
                step_count=3,
            )
            record_checkin(history, session.session_id, Moment.BEFORE, pain=before)
            calendar.moment += timedelta(minutes=10)
            session.step_finished(Step(1, "Dead bug", "stabilisation"), 600.0, 600.0)
            session.ended("finished", 600.0)
            record_checkin(history, session.session_id, Moment.AFTER, pain=after, effort=5)
        data = gather(history, date(2026, 11, 2), date(2026, 11, 22), levels={})
    changes = [(c.changed.date(), c.library_id, c.easier) for c in data.level_changes]
    harder = {key for day, key, easier in changes if day == date(2026, 11, 6) and not easier}
    easier = {key for day, key, easier in changes if day == date(2026, 11, 8) and easier}
    assert "dead-bug" in harder and "bird-dog" in harder
    assert harder == easier  # the red session took back what the greens gave
    assert all(day in (date(2026, 11, 6), date(2026, 11, 8)) for day, _, _ in changes)
    html = report_html(data)
    assert "after this session: green sessions in a row, the routine&#x27;s progression" in html
    assert "after this session: a red light (pain 6 or more, or worse the next day)" in html
