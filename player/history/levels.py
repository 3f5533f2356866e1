"""Level changes in the history: when an exercise was made easier or harder, and why.

The level itself is kept in `levels.json` (`player.levels`); the journal keeps when it
changed, so a report can say "Dead bug: made easier on 12 Nov".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from player.history.db import History


class Reason(StrEnum):
    EASIER = "easier"  # the user's easier key
    HARDER = "harder"  # the user's harder key
    PROGRESSION = "progression"  # the routine's progression rule (the traffic light)


@dataclass(frozen=True, slots=True)
class LevelChange:
    """One exercise's level moved from `level_from` to `level_to`."""

    library_id: str
    exercise: str  # its name at the new level
    level_from: int
    level_to: int
    reason: Reason
    changed: datetime
    session_id: int | None = None  # the session it happened in, when there was one

    @property
    def easier(self) -> bool:
        return self.level_to < self.level_from


def record_level_change(
    history: History,
    library_id: str,
    exercise: str,
    level_from: int,
    level_to: int,
    reason: Reason,
    session_id: int | None = None,
) -> LevelChange:
    """Record one level change, committed at once (HistoryError when it cannot be)."""
    stamp = history.timestamp()

    def insert(db: sqlite3.Connection) -> None:
        db.execute(
            "INSERT INTO level_changes (library_id, exercise, level_from, level_to, reason,"
            " session_id, changed) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (library_id, exercise, level_from, level_to, reason.value, session_id, stamp),
        )

    history.write(insert)
    return LevelChange(
        library_id,
        exercise,
        level_from,
        level_to,
        reason,
        datetime.fromisoformat(stamp),
        session_id,
    )


def read_level_changes(
    history: History, since: date | None = None, until: date | None = None
) -> list[LevelChange]:
    """The level changes from `since` to `until` (days included; None: no bound), oldest
    first. Rows whose time cannot be read are left out."""
    with history.reading() as db:
        rows = db.execute(
            "SELECT library_id, exercise, level_from, level_to, reason, changed, session_id"
            " FROM level_changes ORDER BY changed, id"
        ).fetchall()
    changes = []
    for library_id, exercise, level_from, level_to, reason, changed, session_id in rows:
        try:
            when = datetime.fromisoformat(changed)
        except (TypeError, ValueError):
            continue
        if (since is not None and when.date() < since) or (
            until is not None and when.date() > until
        ):
            continue
        changes.append(
            LevelChange(
                library_id, exercise, level_from, level_to, Reason(reason), when, session_id
            )
        )
    return changes
