"""The history journal on real SQLite: recording, resuming, queries, schema, damage control."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from player.history import (
    MIGRATIONS,
    SCHEMA_VERSION,
    History,
    HistoryError,
    SessionJournal,
    find_resumable,
    minutes_per_day,
    minutes_per_kind,
    open_history,
    recent_exercises,
    recent_sessions,
    streak,
)
from player.history.checkins import (
    Moment,
    read_checkins,
    read_ratings,
    record_checkin,
    record_rating,
)
from player.history.levels import Reason, read_level_changes, record_level_change
from player.routine.model import Kind

TZ = timezone(timedelta(hours=2))


@dataclass(frozen=True)
class Done:
    index: int
    exercise: str | None
    section_kind: Kind | None


class Calendar:
    """A settable `now` for the journal's timestamps."""

    def __init__(self) -> None:
        self.moment = datetime(2024, 5, 10, 12, 0, tzinfo=TZ)  # a Friday

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def calendar() -> Calendar:
    return Calendar()


@pytest.fixture
def history(tmp_path: Path, calendar: Calendar) -> Iterator[History]:
    opened = open_history(tmp_path / "history.sqlite3", now=calendar)
    yield opened
    opened.close()


def play(
    history: History,
    routine: str = "desk-break-back",
    steps: list[Done] | None = None,
    status: str | None = "finished",
    seconds: float = 60.0,
) -> SessionJournal:
    journal = SessionJournal.start(
        history,
        routine=routine,
        path=f"/routines/{routine}.yaml",
        title=routine.replace("-", " ").title(),
        language="en",
        planned=200.0,
        step_count=5,
    )
    steps = (
        steps
        if steps is not None
        else [
            Done(0, None, None),
            Done(1, "Bird dog", Kind.STABILISATION),
            Done(2, "Hip flexor stretch", Kind.STRETCHING),
        ]
    )
    elapsed = 0.0
    for step in steps:
        elapsed += seconds
        journal.step_finished(step, seconds, elapsed)
    if status:
        journal.ended(status, elapsed)
    return journal


def test_a_new_journal_has_the_current_schema_in_wal_mode(history: History) -> None:
    db = history.connection
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "steps"} <= tables


def test_steps_are_committed_as_they_happen(history: History, tmp_path: Path) -> None:
    play(history, status=None, steps=[Done(0, None, None), Done(1, "Bird dog", Kind.STABILISATION)])
    # Another connection (another process, after a crash) sees them without any close.
    other = sqlite3.connect(tmp_path / "history.sqlite3")
    rows = other.execute("SELECT idx, exercise, section_kind, seconds FROM steps").fetchall()
    assert rows == [(0, None, None, 60.0), (1, "Bird dog", "stabilisation", 60.0)]
    assert other.execute("SELECT status, elapsed FROM sessions").fetchone() == ("playing", 120.0)
    other.close()


def test_recent_sessions_newest_first_with_interrupted_marked(
    history: History, calendar: Calendar
) -> None:
    play(history, "desk-break-back")
    calendar.moment += timedelta(hours=1)
    play(history, "desk-break-neck", status=None)
    calendar.moment += timedelta(hours=1)
    play(history, "focus-stretching", status="stopped", steps=[Done(0, None, None)])
    sessions = recent_sessions(10, history=history)
    assert [(s.routine, s.status, s.steps_done) for s in sessions] == [
        ("focus-stretching", "stopped", 0),
        ("desk-break-neck", "interrupted", 2),
        ("desk-break-back", "finished", 2),
    ]
    assert sessions[2].elapsed == 180.0 and sessions[2].planned == 200.0
    assert sessions[2].started == datetime(2024, 5, 10, 12, 0, tzinfo=TZ)
    assert len(recent_sessions(1, history=history)) == 1


def test_streak_counts_days_in_a_row_up_to_today_or_yesterday(
    history: History, calendar: Calendar
) -> None:
    friday = calendar.moment
    assert streak(history=history) == 0
    for days_ago in (5, 3, 2, 1):  # Sunday missing: the streak is Tue, Wed, Thu
        calendar.moment = friday - timedelta(days=days_ago)
        play(history)
    calendar.moment = friday
    assert streak(history=history) == 3  # none today yet: still alive from yesterday
    play(history)
    assert streak(history=history) == 4
    assert streak(friday.date() + timedelta(days=2), history=history) == 0
    # A session that got nowhere (stopped in the intro) does not keep a streak.
    calendar.moment = friday + timedelta(days=1)
    play(history, status="stopped", steps=[Done(0, None, None)])
    assert streak(history=history) == 4


def test_minutes_per_kind_this_week_and_in_total(history: History, calendar: Calendar) -> None:
    friday = calendar.moment
    calendar.moment = friday - timedelta(days=7)  # last week
    play(history, seconds=120.0)
    calendar.moment = friday
    play(history, seconds=60.0)
    play(
        history,
        steps=[Done(1, "Bridge", Kind.STRENGTHENING), Done(2, "Outro", None)],
        seconds=90.0,
    )
    monday = date(2024, 5, 6)
    assert minutes_per_kind(monday, history=history) == {
        "strengthening": 1.5,
        "stabilisation": 1.0,
        "stretching": 1.0,
    }
    assert minutes_per_kind(history=history) == {
        "stabilisation": 3.0,
        "stretching": 3.0,
        "strengthening": 1.5,
    }


def test_minutes_per_day_oldest_first_with_empty_days(history: History, calendar: Calendar) -> None:
    friday = calendar.moment
    calendar.moment = friday - timedelta(days=2)
    play(history, seconds=30.0)
    calendar.moment = friday
    play(history, seconds=90.0)
    days = minutes_per_day(4, history=history)
    assert days == [
        (date(2024, 5, 7), 0.0),
        (date(2024, 5, 8), 1.0),
        (date(2024, 5, 9), 0.0),
        (date(2024, 5, 10), 3.0),
    ]


def test_recent_exercises_most_recent_first_without_repeats(
    history: History, calendar: Calendar
) -> None:
    play(
        history,
        steps=[Done(1, "Bird dog", Kind.STABILISATION), Done(2, "Bridge", Kind.STRENGTHENING)],
    )
    calendar.moment += timedelta(minutes=5)
    play(
        history,
        steps=[Done(1, "Cat-cow", Kind.MOBILISATION), Done(2, "Bird dog", Kind.STABILISATION)],
    )
    assert recent_exercises(10, history=history) == ["Bird dog", "Cat-cow", "Bridge"]
    assert recent_exercises(1, history=history) == ["Bird dog"]


def test_an_interrupted_session_resumes_after_its_last_finished_step(history: History) -> None:
    assert find_resumable(history, "desk-break-back") is None
    play(history, status=None)  # killed after step 2
    resumable = find_resumable(history, "desk-break-back")
    assert resumable is not None
    assert (resumable.next_step, resumable.finished_steps) == (3, (0, 1, 2))
    assert find_resumable(history, "another-routine") is None

    # Resumed, and killed again after step 3: the chain remembers both.
    second = SessionJournal.start(
        history,
        routine="desk-break-back",
        path=None,
        title="Desk",
        language="en",
        planned=200.0,
        step_count=5,
        resumes=resumable,
    )
    second.step_finished(Done(3, "Bridge", Kind.STRENGTHENING), 60.0, 60.0)
    again = find_resumable(history, "desk-break-back")
    assert again is not None and again.session_id == second.session_id
    assert (again.next_step, again.finished_steps) == (4, (0, 1, 2, 3))
    assert again.elapsed == 240.0

    # Finishing marks every session of the chain done; nothing is left to resume.
    third = SessionJournal.start(
        history,
        routine="desk-break-back",
        path=None,
        title="Desk",
        language="en",
        planned=200.0,
        step_count=5,
        resumes=again,
    )
    third.step_finished(Done(4, None, None), 10.0, 10.0)
    third.ended("finished", 10.0)
    statuses = [r[0] for r in history.connection.execute("SELECT status FROM sessions ORDER BY id")]
    assert statuses == ["finished", "finished", "finished"]
    assert find_resumable(history, "desk-break-back") is None


def test_a_finished_session_is_not_resumable(history: History) -> None:
    play(history, status=None)
    play(history)  # the routine played through since
    assert find_resumable(history, "desk-break-back") is None


def test_a_damaged_journal_is_moved_aside_and_a_new_one_started(
    tmp_path: Path, calendar: Calendar
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database, it is a shopping list\n" * 200)
    history = open_history(path, now=calendar)
    aside = tmp_path / "history.sqlite3.corrupt-20240510-120000"
    assert history.notice == (
        f"the history journal at {path} was damaged; it was moved to {aside} and a new one "
        "started (nothing in it could be read)"
    )
    assert aside.read_bytes().startswith(b"this is not a database")
    play(history)
    assert len(recent_sessions(history=history)) == 1
    history.close()


def test_a_truncated_journal_is_moved_aside(tmp_path: Path, calendar: Calendar) -> None:
    path = tmp_path / "history.sqlite3"
    with open_history(path, now=calendar) as history:
        for _ in range(30):
            play(history)
        history.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\xff" * 3000 + data[3100:])  # scribble over the schema
    with open_history(path, now=calendar) as history:
        assert history.notice is not None and "was damaged" in history.notice
        assert recent_sessions(history=history) == []


def test_a_journal_that_cannot_be_created_says_where(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the data dir should be")
    path = blocker / "history.sqlite3"
    with pytest.raises(HistoryError) as error:
        open_history(path)
    assert str(error.value).startswith(f"the history journal could not be written at {path}")


def test_a_journal_that_cannot_be_read_says_where(history: History, tmp_path: Path) -> None:
    SessionJournal.start(
        history, routine="desk", path=None, title="Desk", language="en", planned=60.0, step_count=3
    )
    with sqlite3.connect(tmp_path / "history.sqlite3") as other:
        other.execute("DROP TABLE steps")  # another process broke it while this one had it open
    expected = f"the history journal at {history.path} could not be read (no such table: steps)"
    with pytest.raises(HistoryError) as resuming:
        find_resumable(history, "desk")
    with pytest.raises(HistoryError) as listing:
        recent_sessions(history=history)
    assert str(resuming.value) == str(listing.value) == expected


def test_a_read_only_journal_fails_writes_saying_where(tmp_path: Path, calendar: Calendar) -> None:
    path = tmp_path / "history.sqlite3"
    open_history(path).close()
    history = History(sqlite3.connect(f"file:{path}?mode=ro", uri=True), path, calendar)
    with pytest.raises(HistoryError) as error:
        play(history)
    assert str(error.value) == (
        f"the history journal could not be written at {path} (attempt to write a readonly database)"
    )


def test_a_locked_journal_fails_quickly_saying_where(tmp_path: Path, calendar: Calendar) -> None:
    path = tmp_path / "history.sqlite3"
    history = open_history(path, now=calendar)
    journal = play(history, status=None)
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        started = datetime.now()
        with pytest.raises(HistoryError) as error:
            journal.step_finished(Done(3, "Bridge", Kind.STRENGTHENING), 60.0, 240.0)
        assert (datetime.now() - started).total_seconds() < 1.0  # cues are not held up
        assert str(error.value) == (
            f"the history journal could not be written at {path} (database is locked)"
        )
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    journal.step_finished(Done(3, "Bridge", Kind.STRENGTHENING), 60.0, 240.0)
    history.close()


def test_a_journal_from_a_newer_version_is_refused_not_damaged(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    open_history(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(HistoryError, match="made by a newer workout-player"):
        open_history(path)
    assert path.exists()


def test_migrations_run_from_an_empty_file_and_keep_data(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    sqlite3.connect(path).close()  # version 0, no tables
    with open_history(path) as history:
        play(history)
    with open_history(path) as history:  # opening again migrates nothing and loses nothing
        assert len(recent_sessions(history=history)) == 1
        assert history.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_queries_without_a_history_use_the_users_journal(tmp_path: Path) -> None:
    with open_history() as history:  # WORKOUT_DATA_DIR is per test
        play(history)
    assert [s.routine for s in recent_sessions()] == ["desk-break-back"]
    assert recent_exercises() == ["Hip flexor stretch", "Bird dog"]


def _scribble_over_a_page(path: Path, page: int) -> None:
    data = bytearray(path.read_bytes())
    size = 4096
    data[page * size : (page + 1) * size] = b"\xa5" * size
    path.write_bytes(bytes(data))


def test_a_damaged_page_moves_the_journal_aside_keeping_the_readable_rows(
    tmp_path: Path, calendar: Calendar
) -> None:
    path = tmp_path / "history.sqlite3"
    with open_history(path, now=calendar) as history:
        for _ in range(2000):
            play(history)
        last = recent_sessions(1, history=history)[0].id
        record_checkin(history, last, Moment.AFTER, pain=2, effort=6)  # the newest pages
        record_rating(history, last, 1, "Bird dog", 7)
        record_level_change(history, "bird-dog", "Bird dog", 0, 1, Reason.HARDER, last)
        history.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # A page of the sessions table a third of the way in (SQLite counts pages from 1).
        leaves = [
            r[0]
            for r in history.connection.execute(
                "SELECT pageno FROM dbstat WHERE name = 'sessions' AND pagetype = 'leaf'"
                " ORDER BY pageno"
            )
        ]
    _scribble_over_a_page(path, leaves[len(leaves) // 3] - 1)  # the header still reads fine
    with open_history(path, now=calendar) as history:
        # Before: "database disk image is malformed" on every `workout history`, for ever
        # (found on opening or by the first query that reads the page, as it happens).
        sessions = recent_sessions(5000, history=history)
        minutes_per_kind(history=history)
        assert history.notice is not None and history.notice.startswith(
            f"the history journal at {path} was damaged; it was moved to {path}.corrupt-"
        )
        kept = len(sessions)
        assert history.notice.endswith(f"started with the {kept} sessions that could still be read")
        assert 1000 < kept <= 2000  # most of it: only what was on the damaged page is gone
        assert sessions[0].steps_done == 2
        assert minutes_per_kind(history=history)["stretching"] > 0
        # Pain ratings are health data the user gave: they are salvaged with their session.
        assert [(c.session_id, c.pain, c.effort) for c in read_checkins(history)] == [(last, 2, 6)]
        # So are the ratings after an exercise, and when a level changed (schema 5).
        assert [(r.session_id, r.exercise, r.effort) for r in read_ratings(history)] == [
            (last, "Bird dog", 7)
        ]
        assert [(c.library_id, c.level_to, c.session_id) for c in read_level_changes(history)] == [
            ("bird-dog", 1, last)
        ]
        play(history)  # and the new journal takes new sessions
        assert len(recent_sessions(5000, history=history)) == kept + 1
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_rows_with_unreadable_times_are_left_out_not_a_crash(history: History) -> None:
    play(history)
    play(history)
    with history.writing() as db:
        db.execute("UPDATE sessions SET started = 'not-a-date', ended = 'never' WHERE id = 1")
        db.execute("UPDATE steps SET finished_at = 'soon' WHERE session_id = 1")
    assert [s.id for s in recent_sessions(history=history)] == [2]
    assert streak(history=history) == 1
    assert minutes_per_day(1, history=history)[0][1] == 2.0
    assert minutes_per_kind(date(2024, 5, 6), history=history) == {
        "stabilisation": 1.0,
        "stretching": 1.0,
    }


def test_any_number_of_sessions_can_be_asked_for(history: History) -> None:
    play(history)
    # Before: OverflowError (Python int too large to convert to SQLite INTEGER), exit 70.
    assert len(recent_sessions(99999999999999999999, history=history)) == 1


def test_minutes_per_kind_leave_out_runs_under_a_minute_this_week_and_ever(
    history: History,
) -> None:
    play(history, seconds=60.0)  # two exercises of a minute: a session
    play(history, seconds=10.0)  # two of ten seconds: a try-out, 20 s in all
    play(history, steps=[Done(1, "Side plank", Kind.STRENGTHENING)], seconds=5.0)
    expected = {"stabilisation": 1.0, "stretching": 1.0}
    assert minutes_per_kind(history=history) == expected  # ever: no strengthening at all
    assert minutes_per_kind(date(2024, 5, 6), history=history) == expected
