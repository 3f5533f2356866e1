"""The history journal: sessions and finished steps in SQLite, and what they add up to.

Queries open the user's journal (`player.paths.history_db()`) unless given a `History`.
"""

from player.history.db import (
    MIGRATIONS,
    SCHEMA_VERSION,
    History,
    HistoryError,
    open_history,
)
from player.history.journal import Resumable, SessionJournal, find_resumable
from player.history.queries import (
    SHORTEST_SESSION,
    ExerciseRecord,
    SessionRecord,
    delete_session,
    exercise_records,
    last_exercise_at,
    minutes_per_day,
    minutes_per_kind,
    recent_exercises,
    recent_sessions,
    sessions_done_on,
    streak,
    week_start,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SHORTEST_SESSION",
    "ExerciseRecord",
    "History",
    "HistoryError",
    "Resumable",
    "SessionJournal",
    "SessionRecord",
    "delete_session",
    "exercise_records",
    "find_resumable",
    "last_exercise_at",
    "minutes_per_day",
    "minutes_per_kind",
    "open_history",
    "recent_exercises",
    "recent_sessions",
    "sessions_done_on",
    "streak",
    "week_start",
]
