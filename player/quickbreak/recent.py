"""What the journal says a break should avoid: the last sessions' exercises, the red ones."""

from __future__ import annotations

from collections.abc import Mapping

from player.routine.model import LibraryExercise


def red_exercises(library: Mapping[str, LibraryExercise]) -> frozenset[str]:
    """Library exercises whose last session was red by the traffic light (none when there
    is no history); `player.progression.red_exercises` says how."""
    from player.history import HistoryError, open_history
    from player.history.checkins import past_sessions
    from player.progression import red_exercises as red_of

    try:
        with open_history() as history:
            return red_of(past_sessions(history), library)
    except HistoryError:  # an unreadable journal must not stop a break
        return frozenset()


def recent_exercises() -> list[str]:
    """Exercises of the last sessions, most recent first ([] when there is no history)."""
    from player.history import recent_exercises as from_history

    try:
        return list(from_history())
    except Exception:  # an unreadable journal must not stop a break
        return []
