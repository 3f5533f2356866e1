"""What the journal tells: recent sessions, streak, minutes per day and kind, recent exercises,
how often and when each exercise was finished."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from player.history.db import History, JournalDamaged, local_now, open_history

T = TypeVar("T")

# A run shorter than this (a preview, a try-out of a few seconds) is not a session: it is kept
# (it can be resumed) but not listed, counted in the streak or added to the minutes, unless
# asked for (`include_short`, `workout history --all`).
SHORTEST_SESSION = 60.0  # seconds played
_LONG_ENOUGH = f"elapsed >= {SHORTEST_SESSION}"


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
        with open_history(to_read=True) as opened:
            return _read(opened, query)
    try:
        with history.reading() as db:
            return query(db)
    except JournalDamaged:
        history.recover()  # moved aside, the readable rows kept; `notice` says so
    with history.reading() as db:
        return query(db)


def _today(history: History | None) -> date:
    return (history.now() if history else local_now()).date()


def _local(stamp: object) -> datetime | None:
    """A stored time in local time; None where the row holds no readable time."""
    try:
        moment = datetime.fromisoformat(str(stamp))
    except (TypeError, ValueError):
        return None
    return moment.astimezone() if moment.tzinfo else moment


def _day(stamp: object) -> date | None:
    """The day of a stored time: the date where it was recorded (its local date then), so
    a session at 23:30 in Berlin stays on that day after a flight to New York."""
    try:
        return date.fromisoformat(str(stamp)[:10])
    except ValueError:
        return None


def recent_sessions(
    n: int = 20, *, history: History | None = None, include_short: bool = False
) -> list[SessionRecord]:
    """The last `n` sessions started, newest first; runs under a minute only with
    `include_short` (a row without a readable start time, as a damaged journal can leave,
    is left out)."""
    where = "" if include_short else f"WHERE s.{_LONG_ENOUGH}"
    # ids: the order of starting
    return _session_records(history, f"{where} ORDER BY s.id DESC LIMIT ?", (min(n, _MAX_ROWS),))


def _session_records(
    history: History | None, rest: str, parameters: tuple[object, ...]
) -> list[SessionRecord]:
    """The sessions `rest` (the query after `FROM sessions s`) picks, as records."""

    def query(db: sqlite3.Connection) -> list[SessionRecord]:
        rows = db.execute(
            "SELECT s.id, s.routine, s.path, s.title, s.language, s.started, s.ended, s.status,"
            " s.planned, s.elapsed, s.resumed_from,"
            " (SELECT count(*) FROM steps t WHERE t.session_id = s.id AND t.exercise IS NOT NULL)"
            f" FROM sessions s {rest}",
            parameters,
        ).fetchall()
        records = []
        for r in rows:
            started = _local(r[5])
            if started is None:
                continue
            records.append(
                SessionRecord(
                    id=r[0],
                    routine=r[1],
                    path=r[2],
                    title=r[3],
                    language=r[4],
                    started=started,
                    ended=_local(r[6]),
                    status="interrupted" if r[7] == "playing" else r[7],
                    planned=float(r[8]),
                    elapsed=float(r[9]),
                    resumed_from=r[10],
                    steps_done=r[11],
                )
            )
        return records

    return _read(history, query)


_MAX_ROWS = 2**62  # SQLite's integers end at 2**63 - 1: `-n 99999999999999999999` is "all"


def _active_days(history: History | None) -> set[date]:
    """Days with a session that got somewhere: finished, or at least one exercise done."""

    def query(db: sqlite3.Connection) -> set[date]:
        rows = db.execute(
            "SELECT DISTINCT substr(started, 1, 10) FROM sessions s"
            f" WHERE {_LONG_ENOUGH} AND (status = 'finished' OR"
            " EXISTS (SELECT 1 FROM steps t WHERE t.session_id = s.id AND t.exercise IS NOT NULL))"
        ).fetchall()
        return {day for r in rows if (day := _day(r[0])) is not None}

    return _read(history, query)


def _before(day: date) -> str:
    """A stored time earlier than any on `day` in any time zone (for `>=` on ISO text)."""
    return (day - timedelta(days=2)).isoformat()


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


def _step_seconds(history: History | None, since: date) -> list[tuple[date, str | None, float]]:
    """Finished exercises from `since` on: their local day, section kind and seconds."""

    def query(db: sqlite3.Connection) -> list[tuple[date, str | None, float]]:
        rows = db.execute(
            # Steps first (by time, indexed), then each one's session by its key: CROSS JOIN
            # keeps that order; `IN (SELECT ...)` built the set of every long session first.
            "SELECT t.finished_at, t.section_kind, t.seconds FROM steps t"
            " CROSS JOIN sessions s ON s.id = t.session_id"
            f" WHERE t.finished_at >= ? AND t.exercise IS NOT NULL AND s.{_LONG_ENOUGH}",
            (_before(since),),
        ).fetchall()
        return [
            (day, r[1], float(r[2]))
            for r in rows
            if (day := _day(r[0])) is not None and day >= since
        ]

    return _read(history, query)


def minutes_per_day(
    days: int = 28, today: date | None = None, *, history: History | None = None
) -> list[tuple[date, float]]:
    """Minutes of exercise on each of the last `days` days, oldest first (today last)."""
    today = today or _today(history)
    first = today - timedelta(days=days - 1)
    totals = {first + timedelta(days=i): 0.0 for i in range(days)}
    for day, _kind, seconds in _step_seconds(history, first):
        if day in totals:
            totals[day] += seconds / 60
    return sorted(totals.items())


def minutes_per_kind(
    since: date | None = None, *, history: History | None = None
) -> dict[str, float]:
    """Minutes of exercise per kind (stabilisation, stretching ...), since `since` or ever."""
    totals: dict[str, float] = {}
    if since is None:

        def query(db: sqlite3.Connection) -> list[tuple[str, float]]:
            # Every step from the index alone, less the few in runs under a minute.
            every = db.execute(
                "SELECT section_kind, sum(seconds) FROM steps"
                " WHERE exercise IS NOT NULL AND section_kind IS NOT NULL GROUP BY section_kind"
            ).fetchall()
            short = db.execute(
                "SELECT t.section_kind, sum(t.seconds) FROM sessions s"
                " CROSS JOIN steps t ON t.session_id = s.id"
                f" WHERE NOT s.{_LONG_ENOUGH} AND t.exercise IS NOT NULL"
                " AND t.section_kind IS NOT NULL GROUP BY t.section_kind"
            ).fetchall()
            less = dict(short)
            return [(kind, seconds - less.get(kind, 0.0)) for kind, seconds in every]

        for kind, seconds in _read(history, query):
            if seconds > 1e-6:  # a kind done only in short runs is not listed
                totals[kind] = float(seconds) / 60
    else:
        for _, step_kind, step_seconds in _step_seconds(history, since):
            if step_kind is not None:
                totals[step_kind] = totals.get(step_kind, 0.0) + step_seconds / 60
    return dict(sorted(totals.items(), key=lambda item: -item[1]))


def week_start(today: date) -> date:
    """The Monday of `today`'s week."""
    return today - timedelta(days=today.weekday())


def delete_session(session_id: int, *, history: History) -> SessionRecord:
    """Delete one session (and its steps) from the journal, after copying the whole journal to
    `history.sqlite3.bak` beside it; the session as it was. A HistoryError when there is no
    such session."""
    from player.history.db import HistoryError

    found = _session_records(history, "WHERE s.id = ?", (session_id,))
    record = found[0] if found else None
    if record is None:
        raise HistoryError(f"no session {session_id} in the history (`workout history --all`)")
    backup = history.path.with_name(history.path.name + ".bak")
    with history.reading() as db, sqlite3.connect(backup) as copy:
        db.backup(copy)
    with history.writing() as db:
        db.execute("UPDATE sessions SET resumed_from = NULL WHERE resumed_from = ?", (session_id,))
        db.execute("DELETE FROM steps WHERE session_id = ?", (session_id,))
        db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    return record


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


def _done_sessions_started(db: sqlite3.Connection) -> list[str]:
    """When each session that got somewhere started (finished, or an exercise done); a session
    that was resumed counts once, as the one that went on."""
    rows = db.execute(
        "SELECT started FROM sessions s WHERE status != 'resumed' AND (status = 'finished' OR"
        " EXISTS (SELECT 1 FROM steps t WHERE t.session_id = s.id AND t.exercise IS NOT NULL))"
    ).fetchall()
    return [r[0] for r in rows]


def sessions_done_on(day: date | None = None, *, history: History | None = None) -> int:
    """How many sessions (breaks included) got somewhere on `day` (today by default)."""
    day = day or _today(history)
    return sum(1 for started in _read(history, _done_sessions_started) if _day(started) == day)


def last_exercise_at(*, history: History | None = None) -> datetime | None:
    """When the last exercise was finished (or the last session ended): the end of the last
    break, for a reminder that should not ask for one just after it."""

    def query(db: sqlite3.Connection) -> list[str]:
        rows = db.execute(
            "SELECT t FROM (SELECT finished_at AS t FROM steps WHERE exercise IS NOT NULL"
            " UNION ALL SELECT ended FROM sessions WHERE status = 'finished' AND ended IS NOT NULL)"
            " ORDER BY t DESC LIMIT 20"  # text order; the true latest is among them
        ).fetchall()
        return [r[0] for r in rows]

    times = (_local(stamp) for stamp in _read(history, query))
    return max((t for t in times if t is not None), default=None)  # unreadable stamps skipped


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
        return {
            name: ExerciseRecord(count, when)
            for name, count, last in rows
            if (when := _local(last)) is not None  # an unreadable time: as never done
        }

    return _read(history, query)
