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
    ExerciseRecord,
    SessionRecord,
    exercise_records,
    minutes_per_day,
    minutes_per_kind,
    recent_exercises,
    recent_sessions,
    streak,
    week_start,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "ExerciseRecord",
    "History",
    "HistoryError",
    "Resumable",
    "SessionJournal",
    "SessionRecord",
    "exercise_records",
    "find_resumable",
    "minutes_per_day",
    "minutes_per_kind",
    "open_history",
    "recent_exercises",
    "recent_sessions",
    "streak",
    "week_start",
]
