"""Check-ins in the history: the schema migration on a journal of today's version, and the
typed API that records and reads them."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from player.history import SCHEMA_VERSION, HistoryError, open_history, recent_sessions
from player.history.checkins import Moment, read_checkins, record_checkin

JOURNAL_V1 = Path(__file__).resolve().parents[1] / "data" / "history" / "journal-v1.sqlite3"
TZ = timezone(timedelta(hours=1))


@pytest.fixture
def journal(tmp_path: Path) -> Path:
    """A journal written by the version before check-ins (schema 1): four sessions of
    desk-break-back, one of them stopped early."""
    copy = tmp_path / "history.sqlite3"
    shutil.copy(JOURNAL_V1, copy)
    return copy


def test_the_fixture_is_a_schema_1_journal(journal: Path) -> None:
    db = sqlite3.connect(journal)
    assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"sessions", "steps"}
    db.close()


def test_opening_it_adds_checkins_and_keeps_every_session(journal: Path) -> None:
    now = datetime(2026, 11, 10, 9, 0, tzinfo=TZ)
    with open_history(journal, now=lambda: now) as history:
        db = history.connection
        assert (
            db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        )  # every migration ran, in order
        sessions = recent_sessions(history=history)
        assert len(sessions) == 4
        assert [s.status for s in sessions] == ["finished", "stopped", "finished", "finished"]
        assert read_checkins(history) == []
        first = sessions[-1].id
        before = record_checkin(history, first, Moment.BEFORE, pain=4)
        after = record_checkin(history, first, Moment.AFTER, pain=2, effort=5)
        assert (before.pain, before.effort) == (4, None)
        assert after.recorded == now
        assert read_checkins(history) == [before, after]
    # Committed: a new connection sees them, and opening again migrates nothing.
    with open_history(journal) as again:
        assert [(c.moment, c.pain) for c in read_checkins(again)] == [
            (Moment.BEFORE, 4),
            (Moment.AFTER, 2),
        ]


def test_a_checkin_is_corrected_not_doubled_and_read_by_date(journal: Path) -> None:
    moments = iter([datetime(2026, 11, 3, 9, tzinfo=TZ), datetime(2026, 11, 9, 9, tzinfo=TZ)])
    with open_history(journal, now=lambda: next(moments)) as history:
        session = recent_sessions(history=history)[0].id
        record_checkin(history, session, Moment.AFTER, pain=6, effort=7)
        record_checkin(history, session, Moment.AFTER, pain=3, effort=7)
        (only,) = read_checkins(history)
        assert only.pain == 3
        assert read_checkins(history, since=date(2026, 11, 10)) == []


@pytest.mark.parametrize(("pain", "effort"), [(11, None), (-1, None), (None, 12), (None, None)])
def test_numbers_outside_the_scale_are_refused(
    journal: Path, pain: int | None, effort: int | None
) -> None:
    with open_history(journal) as history, pytest.raises(ValueError):
        record_checkin(history, 1, Moment.AFTER, pain=pain, effort=effort)


def test_a_checkin_needs_its_session(journal: Path) -> None:
    with open_history(journal) as history, pytest.raises(HistoryError, match="no session 99"):
        record_checkin(history, 99, Moment.BEFORE, pain=2)


def test_check_ins_by_week_for_the_history_chart(journal: Path) -> None:
    from player.history.checkins import weekly
    from player.tui.widgets.checkin_chart import checkin_lines

    stamps = iter(
        [datetime(2025, 3, 3, 9, 0, tzinfo=TZ) + timedelta(days=d) for d in (0, 0, 1, 1, 8)]
    )
    with open_history(journal, now=lambda: next(stamps)) as history:
        ids = [s.id for s in recent_sessions(history=history)][:3]
        record_checkin(history, ids[0], Moment.BEFORE, pain=6)
        record_checkin(history, ids[0], Moment.AFTER, pain=4, effort=7)
        record_checkin(history, ids[1], Moment.BEFORE, pain=2)  # no after: the before counts
        record_checkin(history, ids[1], Moment.AFTER, effort=5)
        record_checkin(history, ids[2], Moment.AFTER, pain=1, effort=3)
        weeks = weekly(read_checkins(history), date(2025, 3, 12), weeks=3)
    assert [(w.start, w.pain, w.effort) for w in weeks] == [
        (date(2025, 2, 24), None, None),
        (date(2025, 3, 3), 3.0, 6.0),
        (date(2025, 3, 10), 1.0, 3.0),
    ]
    lines = checkin_lines(weeks, 2)
    assert lines[-1] == "24 3  10"
    assert lines[1] == "·· ▅█ ▂▅"  # a week without check-ins, then pain and effort bars
    assert lines[0].strip() == "▂"
