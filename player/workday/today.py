"""Breaks today against the plan: "4 of 8 breaks"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import TYPE_CHECKING

from player.workday.schedule import local_zone, slots_on
from player.workday.settings import RemindSettings, read_settings

if TYPE_CHECKING:
    from player.history import History


@dataclass(frozen=True, slots=True)
class BreaksToday:
    done: int  # sessions that got somewhere today (quick breaks and routines alike)
    planned: int  # the reminder's slots today (none on a day off)

    def text(self) -> str:
        """ "4 of 8 breaks", in the language of the screen or console (`player.i18n`)."""
        from player.i18n import ngettext

        if self.planned == 0:
            return ngettext(
                "{n} break (a day off in the plan)", "{n} breaks (a day off in the plan)", self.done
            ).format(n=self.done)
        return ngettext(
            "{done} of {planned} break", "{done} of {planned} breaks", self.planned
        ).format(done=self.done, planned=self.planned)


def breaks_today(
    history: History,
    day: date | None = None,
    settings: RemindSettings | None = None,
    zone: tzinfo | None = None,
) -> BreaksToday:
    """Breaks done on `day` (today by default) and how many the schedule plans that day."""
    from player.history import sessions_done_on

    day = day or history.now().date()
    settings = settings or read_settings()
    planned = len(slots_on(day, settings, zone or local_zone()))
    return BreaksToday(sessions_done_on(day, history=history), planned)
