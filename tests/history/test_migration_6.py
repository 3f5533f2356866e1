"""Schema 6 on a journal written at schema 4 (through 5): an index answers how often and
when last each exercise was done, so `workout play` does not scan every step recorded."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from player.history import SCHEMA_VERSION, open_history
from player.history.queries import exercise_records

JOURNAL_V4 = Path(__file__).resolve().parents[1] / "data" / "history" / "journal-v4.sqlite3"
RECORDS_QUERY = (
    "SELECT exercise, count(*), max(finished_at) FROM steps"
    " WHERE exercise IN (?, ?) GROUP BY exercise"
)


def test_migration_6_adds_the_exercise_index_and_keeps_every_step(tmp_path: Path) -> None:
    journal = tmp_path / "history.sqlite3"
    shutil.copy(JOURNAL_V4, journal)
    with sqlite3.connect(journal) as db:
        steps_before = db.execute("SELECT * FROM steps ORDER BY session_id, idx").fetchall()
        names = sorted({row[2] for row in steps_before if row[2] is not None})
    assert len(names) >= 2
    with open_history(journal) as history:
        db = history.connection
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert "steps_by_exercise" in indexes
        assert db.execute("SELECT * FROM steps ORDER BY session_id, idx").fetchall() == steps_before
        plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + RECORDS_QUERY, names[:2]))
        assert "COVERING INDEX steps_by_exercise" in plan, plan
        records = exercise_records([*names, "never done"], history=history)
    assert set(records) == set(names)
    for name in names:
        done = [row for row in steps_before if row[2] == name]
        assert records[name].finished == len(done)
