"""Reading the history journal into what the history screen shows."""

from __future__ import annotations

from datetime import date

from player.tui.screens.history import HistoryView, SessionRow

WEEKS = 4  # the chart shows the last four weeks
SESSIONS = 50
CHECKIN_WEEKS = 8


def read_history(today: date | None = None) -> HistoryView:
    """Streak, recent sessions, minutes per day and per kind, from the user's journal.

    A journal that cannot be read gives an empty view that says why.
    """
    from player.history import (
        HistoryError,
        minutes_per_day,
        minutes_per_kind,
        open_history,
        recent_sessions,
        streak,
    )
    from player.history.checkins import read_checkins, weekly

    try:
        with open_history() as history:
            sessions = recent_sessions(SESSIONS, history=history)
            return HistoryView(
                streak=streak(today, history=history),
                sessions=tuple(
                    SessionRow(
                        started=s.started,
                        title=s.title,
                        minutes=s.elapsed / 60,
                        completed=s.status == "finished",
                    )
                    for s in sessions
                ),
                days=tuple(minutes_per_day(WEEKS * 7, today, history=history)),
                per_kind=tuple(minutes_per_kind(history=history).items()),
                problem=history.notice or "",
                checkins=tuple(
                    weekly(read_checkins(history), today or history.now().date(), CHECKIN_WEEKS)
                ),
            )
    except HistoryError as error:
        return HistoryView(streak=0, sessions=(), days=(), per_kind=(), problem=str(error))
