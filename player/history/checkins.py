"""Check-ins: how much it hurt before and after a session, and how hard it felt (0-10).

Recorded by whatever asks the user (the player's check-in, later); read by the report.
"""

from __future__ import annotations

import bisect
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from player.history.db import History, HistoryError


class Moment(StrEnum):
    BEFORE = "before"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class Checkin:
    """One check-in of one session."""

    session_id: int
    moment: Moment
    pain: int | None  # 0 (none) .. 10 (the worst imaginable)
    effort: int | None  # 0 (none) .. 10 (maximal); asked after a session
    recorded: datetime


def _scale(name: str, value: int | None) -> None:
    if value is not None and not (isinstance(value, int) and 0 <= value <= 10):
        raise ValueError(f"{name} is {value!r}; it goes from 0 to 10")


def record_checkin(
    history: History,
    session_id: int,
    moment: Moment,
    *,
    pain: int | None = None,
    effort: int | None = None,
) -> Checkin:
    """Record (or correct) the check-in of `session_id` at `moment`; committed at once.

    ValueError for a number outside 0-10; HistoryError if the session does not exist or
    the journal cannot be written.
    """
    _scale("pain", pain)
    _scale("effort", effort)
    if pain is None and effort is None:
        raise ValueError("a check-in needs pain, effort or both")
    with history.writing() as db:
        _require_session(db, history, session_id)
        stamp = history.timestamp()
        db.execute(
            "INSERT OR REPLACE INTO checkins (session_id, moment, pain, effort, recorded)"
            " VALUES (?, ?, ?, ?, ?)",
            (session_id, moment.value, pain, effort, stamp),
        )
    return Checkin(session_id, moment, pain, effort, datetime.fromisoformat(stamp))


def _require_session(db: sqlite3.Connection, history: History, session_id: int) -> None:
    if db.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
        raise HistoryError(f"no session {session_id} in the history journal at {history.path}")


def read_checkins(history: History, since: date | None = None) -> list[Checkin]:
    """Every check-in (since `since`, by the day it was recorded), oldest first."""
    with history.reading() as db:
        rows = db.execute(
            "SELECT session_id, moment, pain, effort, recorded FROM checkins"
            " ORDER BY recorded, session_id, moment DESC"
        ).fetchall()
    checkins = [Checkin(r[0], Moment(r[1]), r[2], r[3], datetime.fromisoformat(r[4])) for r in rows]
    return [c for c in checkins if since is None or c.recorded.date() >= since]


@dataclass(frozen=True, slots=True)
class WeekOfCheckins:
    """The check-ins of one week (Monday to Sunday), averaged; None where there were none."""

    start: date  # the Monday
    pain: float | None  # pain after sessions (before, where no after was given)
    effort: float | None


def weekly(checkins: list[Checkin], today: date, weeks: int = 8) -> list[WeekOfCheckins]:
    """The last `weeks` weeks up to `today`'s, oldest first."""
    monday = today - timedelta(days=today.weekday())
    starts = [monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    result = []
    for start in starts:
        within = [c for c in checkins if start <= c.recorded.date() < start + timedelta(days=7)]
        by_session: dict[int, dict[Moment, Checkin]] = {}
        for checkin in within:
            by_session.setdefault(checkin.session_id, {})[checkin.moment] = checkin
        pains = []
        for moments in by_session.values():
            after, before = moments.get(Moment.AFTER), moments.get(Moment.BEFORE)
            pain = after.pain if after and after.pain is not None else None
            if pain is None and before is not None:
                pain = before.pain
            if pain is not None:
                pains.append(pain)
        efforts = [c.effort for c in within if c.effort is not None]
        result.append(WeekOfCheckins(start, _mean(pains), _mean(efforts)))
    return result


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class PastSession:
    """A finished session with what the check-ins said around it."""

    session_id: int
    pain_before: int | None
    pain_after: int | None
    next_pain_before: int | None  # the next check-in before any session after this one
    exercises: tuple[str, ...] = ()  # the names of the exercises finished in it
    ratings: tuple[tuple[str, int], ...] = ()  # (exercise, effort 0-10) after its last set


def past_sessions(history: History, routine: str | None = None) -> list[PastSession]:
    """The finished sessions of `routine` (of every routine: None), oldest first, with their
    check-ins and the exercises done."""
    where = "status = 'finished'" + (" AND routine = ?" if routine is not None else "")
    with history.reading() as db:
        ids = [
            r[0]
            for r in db.execute(
                f"SELECT id FROM sessions WHERE {where} ORDER BY id",
                (routine,) if routine is not None else (),
            )
        ]
        rows = db.execute(
            "SELECT session_id, moment, pain FROM checkins ORDER BY session_id"
        ).fetchall()
        steps = db.execute(
            "SELECT session_id, exercise FROM steps WHERE exercise IS NOT NULL ORDER BY idx"
        ).fetchall()
        rated = db.execute(
            "SELECT session_id, exercise, effort FROM exercise_ratings ORDER BY session_id, idx"
        ).fetchall()
    before = {r[0]: r[2] for r in rows if r[1] == Moment.BEFORE.value}
    after = {r[0]: r[2] for r in rows if r[1] == Moment.AFTER.value}
    befores = sorted((sid, pain) for sid, pain in before.items() if pain is not None)
    before_ids = [sid for sid, _ in befores]
    done: dict[int, list[str]] = {}
    for sid, name in steps:
        done.setdefault(sid, []).append(name)
    ratings: dict[int, dict[str, int]] = {}
    for sid, name, effort in rated:
        ratings.setdefault(sid, {})[name] = effort  # a later round's rating wins
    result = []
    for sid in ids:
        at = bisect.bisect_right(before_ids, sid)  # the first check-in of a later session
        following = befores[at][1] if at < len(befores) else None
        names = tuple(dict.fromkeys(done.get(sid, [])))
        rated_here = tuple(ratings.get(sid, {}).items())
        result.append(
            PastSession(sid, before.get(sid), after.get(sid), following, names, rated_here)
        )
    return result


@dataclass(frozen=True, slots=True)
class ExerciseRating:
    """How hard one exercise felt (0-10), asked after its last set (`session.ratings`)."""

    session_id: int
    step: int  # the step's index in the session's timeline (rounds repeat an exercise)
    exercise: str
    effort: int
    recorded: datetime


def record_rating(
    history: History, session_id: int, step: int, exercise: str, effort: int
) -> ExerciseRating:
    """Record (or correct) the rating of `exercise` (step `step`) in `session_id`, committed
    at once. ValueError outside 0-10; HistoryError if the session does not exist or the
    journal cannot be written."""
    _scale("effort", effort)
    if effort is None:
        raise ValueError("a rating needs a number from 0 to 10")
    with history.writing() as db:
        _require_session(db, history, session_id)
        stamp = history.timestamp()
        db.execute(
            "INSERT OR REPLACE INTO exercise_ratings (session_id, idx, exercise, effort, recorded)"
            " VALUES (?, ?, ?, ?, ?)",
            (session_id, step, exercise, effort, stamp),
        )
    return ExerciseRating(session_id, step, exercise, effort, datetime.fromisoformat(stamp))


def read_ratings(history: History, since: date | None = None) -> list[ExerciseRating]:
    """Every exercise rating (since `since`, by the day it was given), oldest first."""
    with history.reading() as db:
        rows = db.execute(
            "SELECT session_id, idx, exercise, effort, recorded FROM exercise_ratings"
            " ORDER BY session_id, idx"
        ).fetchall()
    ratings = [ExerciseRating(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4])) for r in rows]
    return [r for r in ratings if since is None or r.recorded.date() >= since]
