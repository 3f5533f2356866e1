"""Schema 5 on a journal written by the version before it (schema 4): level changes and the
ratings after an exercise are added; every session and check-in is kept."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from player.history import SCHEMA_VERSION, HistoryError, open_history, recent_sessions
from player.history.checkins import (
    Moment,
    past_sessions,
    read_checkins,
    read_ratings,
    record_rating,
)
from player.history.levels import Reason, read_level_changes, record_level_change

# Written by workout-player at schema 4 (main before this change): three sessions of
# focus-stabilisation on 2-4 Nov 2026, the second stopped early, with their check-ins.
JOURNAL_V4 = Path(__file__).resolve().parents[1] / "data" / "history" / "journal-v4.sqlite3"
TZ = timezone(timedelta(hours=1))


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    copy = tmp_path / "history.sqlite3"
    shutil.copy(JOURNAL_V4, copy)
    return copy


def test_the_fixture_is_a_schema_4_journal(journal: Path) -> None:
    with sqlite3.connect(journal) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 4
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == {"sessions", "steps", "checkins"}
    assert SCHEMA_VERSION >= 5


def test_migration_5_keeps_everything_and_adds_level_changes_and_ratings(journal: Path) -> None:
    now = datetime(2026, 11, 5, 8, 30, tzinfo=TZ)
    with open_history(journal, now=lambda: now) as history:
        db = history.connection
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        sessions = recent_sessions(history=history)
        assert [(s.id, s.status, s.steps_done) for s in sessions] == [
            (3, "finished", 2),
            (2, "stopped", 1),
            (1, "finished", 2),
        ]
        assert [(c.session_id, c.moment, c.pain, c.effort) for c in read_checkins(history)] == [
            (1, Moment.BEFORE, 2, None),
            (1, Moment.AFTER, 2, 5),
            (2, Moment.BEFORE, 3, None),
            (3, Moment.BEFORE, 2, None),
            (3, Moment.AFTER, 1, 4),
        ]
        assert read_level_changes(history) == [] and read_ratings(history) == []
        change = record_level_change(
            history, "dead-bug", "Dead bug: heel taps", 0, -1, Reason.EASIER, 3
        )
        rating = record_rating(history, 3, 2, "Glute bridge", 8)
        assert change.easier and change.changed == now
        assert past_sessions(history)[-1].ratings == (("Glute bridge", 8),)
        with pytest.raises(ValueError):
            record_rating(history, 3, 2, "Glute bridge", 11)
        with pytest.raises(HistoryError):
            record_rating(history, 99, 1, "Bird dog", 3)
    with open_history(journal) as again:  # committed, and nothing migrates twice
        assert again.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert read_level_changes(again) == [change]
        assert read_ratings(again) == [rating]


def test_level_changes_are_read_by_day(journal: Path) -> None:
    days = iter(datetime(2026, 11, d, 9, 0, tzinfo=TZ) for d in (6, 9, 12))
    with open_history(journal, now=lambda: next(days)) as history:
        for level in (-1, 0, 1):
            record_level_change(history, "bird-dog", "Bird dog", level - 1, level, Reason.HARDER)
        between = read_level_changes(
            history, datetime(2026, 11, 7).date(), datetime(2026, 11, 12).date()
        )
    assert [c.changed.day for c in between] == [9, 12]


def test_deleting_a_session_keeps_its_level_changes(journal: Path) -> None:
    from player.history import delete_session

    with open_history(journal) as history:
        record_level_change(history, "bridge", "Bridge", 0, 1, Reason.HARDER, 3)
        record_rating(history, 3, 1, "Bird dog", 4)
        delete_session(3, history=history)
        assert [c.session_id for c in read_level_changes(history)] == [None]
        assert read_ratings(history) == []
