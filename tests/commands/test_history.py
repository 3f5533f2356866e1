"""`workout history` as a user runs it: table, csv and json, and a damaged journal."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from player.cli import main
from player.history import SessionJournal, open_history
from player.paths import history_db
from player.routine.model import Kind


@dataclass(frozen=True)
class Done:
    index: int
    exercise: str | None
    section_kind: Kind | None


def _record(routine: str, finished: bool) -> None:
    with open_history() as history:
        journal = SessionJournal.start(
            history,
            routine=routine,
            path=None,
            title=routine.replace("-", " ").capitalize(),
            language="en",
            planned=190.0,
            step_count=4,
        )
        journal.step_finished(Done(0, None, None), 10.0, 10.0)
        journal.step_finished(Done(1, "Bird dog", Kind.STABILISATION), 90.0, 100.0)
        journal.step_finished(Done(2, "Doorway stretch", Kind.STRETCHING), 60.0, 160.0)
        if finished:
            journal.ended("finished", 185.0)


def test_no_sessions_yet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history"]) == 0
    assert capsys.readouterr().out.startswith("No sessions yet.")


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    _record("desk-break-back", finished=True)
    _record("focus-stretching", finished=False)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Sessions (newest first)"
    assert "Focus stretching" in lines[1] and "interrupted" in lines[1]
    assert "2:40 of 3:10" in lines[1] and "2 exercises" in lines[1]
    assert "Desk break back" in lines[2] and "3:05 of 3:10" in lines[2] and "finished" in lines[2]
    assert "Streak: 1 day in a row" in out
    table = [line.split() for line in lines]
    assert ["Minutes", "per", "kind", "this", "week", "total"] in table
    assert ["stabilisation", "3.0", "3.0"] in table
    assert ["stretching", "2.0", "2.0"] in table
    assert ["all", "5.0", "5.0"] in table


def test_table_times_over_an_hour_read_as_hours(capsys: pytest.CaptureFixture[str]) -> None:
    with open_history() as history:
        journal = SessionJournal.start(
            history,
            routine="long",
            path=None,
            title="Long",
            language="en",
            planned=3900.0,
            step_count=1,
        )
        journal.ended("stopped", 125.0)
    assert main(["history"]) == 0
    assert "2:05 of 1:05:00" in capsys.readouterr().out.splitlines()[1]


def test_csv(capsys: pytest.CaptureFixture[str]) -> None:
    _record("desk-break-back", finished=True)
    assert main(["history", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["routine"], row["status"], row["exercises"]) == ("desk-break-back", "finished", "2")
    assert (row["planned_seconds"], row["elapsed_seconds"]) == ("190.0", "185.0")


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    _record("desk-break-back", finished=True)
    _record("desk-break-back", finished=False)
    assert main(["history", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [s["status"] for s in document["sessions"]] == ["interrupted", "finished"]
    assert document["streak"] == 1
    assert document["minutes_per_kind"] == {
        "week": {"stabilisation": 3.0, "stretching": 2.0},
        "total": {"stabilisation": 3.0, "stretching": 2.0},
    }


def test_a_damaged_journal_is_reported_once_and_replaced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = history_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(os.urandom(8192))
    assert main(["history"]) == 0
    captured = capsys.readouterr()
    assert captured.err.startswith(
        f"workout: the history journal at {path} was damaged; it was moved to"
    )
    assert "No sessions yet." in captured.out
    assert len(list(path.parent.glob("history.sqlite3.corrupt-*"))) == 1
    assert main(["history"]) == 0
    assert capsys.readouterr().err == ""


def test_a_journal_that_cannot_be_opened_is_one_message(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("WORKOUT_DATA_DIR", str(blocker / "data"))
    assert main(["history"]) == 1
    err = capsys.readouterr().err
    # `history` only reads: it says so (before: "could not be written")
    assert err == (
        f"workout: the history journal at {blocker}/data/history.sqlite3 could not be read "
        "(Not a directory)\n"
    )
    assert "Traceback" not in err


def _checked_in(pain_before: int | None, pain_after: int | None, effort: int | None) -> None:
    from player.history.checkins import Moment, record_checkin

    _record("focus-stabilisation", finished=True)
    with open_history() as history:
        session_id = history.connection.execute("SELECT max(id) FROM sessions").fetchone()[0]
        if pain_before is not None:
            record_checkin(history, session_id, Moment.BEFORE, pain=pain_before)
        if pain_after is not None or effort is not None:
            record_checkin(history, session_id, Moment.AFTER, pain=pain_after, effort=effort)


def test_check_ins_in_the_table_csv_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    _checked_in(4, 2, 6)
    _checked_in(None, 3, None)
    _record("desk-break-back", finished=True)
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].endswith("2 exercises") and "pain" not in lines[1]
    assert lines[2].endswith("pain – → 3")
    assert lines[3].endswith("pain 4 → 2, effort 6")
    assert main(["history", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["pain_before"], r["pain_after"], r["effort"]) for r in rows] == [
        ("", "", ""),
        ("", "3", ""),
        ("4", "2", "6"),
    ]
    assert main(["history", "--format", "json"]) == 0
    sessions = json.loads(capsys.readouterr().out)["sessions"]
    assert [(s["pain_before"], s["pain_after"], s["effort"]) for s in sessions] == [
        (None, None, None),
        (None, 3, None),
        (4, 2, 6),
    ]


def test_ratings_after_each_exercise_in_the_table_csv_and_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from player.history.checkins import record_rating

    _checked_in(3, 2, 5)
    with open_history() as history:
        session_id = history.connection.execute("SELECT max(id) FROM sessions").fetchone()[0]
        record_rating(history, session_id, 1, "Bird dog", 7)
        record_rating(history, session_id, 2, "Doorway stretch", 3)
    _record("desk-break-back", finished=True)
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[2].endswith("pain 3 → 2, effort 5, rated Bird dog 7 · Doorway stretch 3")
    assert "rated" not in lines[1]
    assert main(["history", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["exercise_ratings"] for r in rows] == ["", "Bird dog=7; Doorway stretch=3"]
    assert main(["history", "--format", "json"]) == 0
    sessions = json.loads(capsys.readouterr().out)["sessions"]
    assert sessions[1]["exercise_ratings"] == [
        {"exercise": "Bird dog", "effort": 7},
        {"exercise": "Doorway stretch", "effort": 3},
    ]
    assert sessions[0]["exercise_ratings"] == []
