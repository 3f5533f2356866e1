"""Reading the history journal into what the history screen shows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from player.tui.screens.history import HistoryView, SessionRow

if TYPE_CHECKING:
    from player.history import History

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
        with open_history(to_read=True) as history:
            sessions = recent_sessions(SESSIONS, history=history)
            breaks, problem = _breaks_today(history, today)
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
                problem=history.notice or problem,
                breaks_today=breaks,
                checkins=tuple(
                    weekly(read_checkins(history), today or history.now().date(), CHECKIN_WEEKS)
                ),
            )
    except HistoryError as error:
        return HistoryView(streak=0, sessions=(), days=(), per_kind=(), problem=str(error))


def _breaks_today(history: History, today: date | None) -> tuple[str, str]:
    """ "4 of 8 breaks", or (when settings.toml is wrong) the count alone and why."""
    from player.i18n import _
    from player.workday.settings import RemindSettings, SettingsError
    from player.workday.today import breaks_today

    try:
        return breaks_today(history, today).text(), ""
    except SettingsError as error:
        done = breaks_today(history, today, RemindSettings()).done
        return _("{done} done").format(done=done), str(error)
