"""What the journal tells: recent sessions, streak, minutes per day and kind, recent exercises,
how often and when each exercise was finished."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from player.history.db import History, local_now, open_history

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One session as the journal has it. `status` is `interrupted` for one that was killed
    (or is still playing in another process)."""

    id: int
    routine: str
    path: str | None
    title: str
    language: str
    started: datetime
    ended: datetime | None
    status: str  # playing | stopped | finished | resumed | interrupted
    planned: float
    elapsed: float
    steps_done: int  # exercises finished
    resumed_from: int | None


def _read(history: History | None, query: Callable[[sqlite3.Connection], T]) -> T:
    """Run `query` on `history`, or on the user's journal opened for just this."""
    if history is None:
        with open_history() as opened:
            return _read(opened, query)
    with history.reading() as db:
        return query(db)


def _today(history: History | None) -> date:
    return (history.now() if history else local_now()).date()


def _local(stamp: str) -> datetime:
    moment = datetime.fromisoformat(stamp)
    return moment.astimezone() if moment.tzinfo else moment


def _day(stamp: str) -> date:
    return _local(stamp).date()


def recent_sessions(n: int = 20, *, history: History | None = None) -> list[SessionRecord]:
    """The last `n` sessions, newest first."""

    def query(db: sqlite3.Connection) -> list[SessionRecord]:
        rows = db.execute(
            "SELECT s.id, s.routine, s.path, s.title, s.language, s.started, s.ended, s.status,"
            " s.planned, s.elapsed, s.resumed_from,"
            " (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND t.exercise IS NOT NULL)"
            " FROM sessions s ORDER BY s.started DESC, s.id DESC LIMIT ?",
            (n,),
        ).fetchall()
        return [
            SessionRecord(
                id=r[0],
                routine=r[1],
                path=r[2],
                title=r[3],
                language=r[4],
                started=_local(r[5]),
                ended=_local(r[6]) if r[6] else None,
                status="interrupted" if r[7] == "playing" else r[7],
                planned=r[8],
                elapsed=r[9],
                resumed_from=r[10],
                steps_done=r[11],
            )
            for r in rows
        ]

    return _read(history, query)


def _active_days(history: History | None) -> set[date]:
    """Days with a session that got somewhere: finished, or at least one exercise done."""

    def query(db: sqlite3.Connection) -> set[date]:
        rows = db.execute(
            "SELECT started FROM sessions s WHERE status = 'finished' OR EXISTS"
            " (SELECT 1 FROM steps t WHERE t.session_id = s.id AND t.exercise IS NOT NULL)"
        ).fetchall()
        return {_day(r[0]) for r in rows}

    return _read(history, query)


def streak(today: date | None = None, *, history: History | None = None) -> int:
    """Days in a row with a session, up to today (or up to yesterday while today has none)."""
    today = today or _today(history)
    days = _active_days(history)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _step_seconds(history: History | None) -> list[tuple[str, str | None, float]]:
    def query(db: sqlite3.Connection) -> list[tuple[str, str | None, float]]:
        rows = db.execute(
            "SELECT finished_at, section_kind, seconds FROM steps WHERE exercise IS NOT NULL"
        ).fetchall()
        return [(r[0], r[1], float(r[2])) for r in rows]

    return _read(history, query)


def minutes_per_day(
    days: int = 28, today: date | None = None, *, history: History | None = None
) -> list[tuple[date, float]]:
    """Minutes of exercise on each of the last `days` days, oldest first (today last)."""
    today = today or _today(history)
    first = today - timedelta(days=days - 1)
    totals = {first + timedelta(days=i): 0.0 for i in range(days)}
    for finished_at, _kind, seconds in _step_seconds(history):
        day = _day(finished_at)
        if day in totals:
            totals[day] += seconds / 60
    return sorted(totals.items())


def minutes_per_kind(
    since: date | None = None, *, history: History | None = None
) -> dict[str, float]:
    """Minutes of exercise per kind (stabilisation, stretching ...), since `since` or ever."""
    totals: dict[str, float] = {}
    for finished_at, kind, seconds in _step_seconds(history):
        if kind is None or (since is not None and _day(finished_at) < since):
            continue
        totals[kind] = totals.get(kind, 0.0) + seconds / 60
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def week_start(today: date) -> date:
    """The Monday of `today`'s week."""
    return today - timedelta(days=today.weekday())


def recent_exercises(n: int = 20, *, history: History | None = None) -> list[str]:
    """The names of the last `n` different exercises done, most recent first."""

    def query(db: sqlite3.Connection) -> list[str]:
        rows = db.execute(
            "SELECT exercise, max(finished_at) AS last, max(rowid) AS n FROM steps"
            " WHERE exercise IS NOT NULL GROUP BY exercise ORDER BY last DESC, n DESC LIMIT ?",
            (n,),
        ).fetchall()
        return [r[0] for r in rows]

    return _read(history, query)


@dataclass(frozen=True, slots=True)
class ExerciseRecord:
    """How often an exercise was finished, and when last."""

    finished: int
    last: datetime


def exercise_records(
    names: Iterable[str], *, history: History | None = None
) -> dict[str, ExerciseRecord]:
    """For each of `names` that the journal has, how often it was finished and when last
    (read only; a name never finished is left out)."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}

    def query(db: sqlite3.Connection) -> dict[str, ExerciseRecord]:
        marks = ", ".join("?" for _ in wanted)
        rows = db.execute(
            "SELECT exercise, count(*), max(finished_at) FROM steps"
            f" WHERE exercise IN ({marks}) GROUP BY exercise",
            wanted,
        ).fetchall()
        return {name: ExerciseRecord(count, _local(last)) for name, count, last in rows}

    return _read(history, query)
