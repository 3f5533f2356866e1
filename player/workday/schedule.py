"""When to offer a break: the day's slots in local time, and a planner that turns a wake-up
into one decision (offer a break, or stay quiet and say why). Pure: the caller passes `now`.

Slots are wall-clock times (9:00, 10:00, ...) in the user's time zone, so a change to or
from summer time moves nothing: 9:00 stays 9:00. A time that does not exist that day (the
hour skipped in spring) moves forward to when the clocks say it again; one that happens
twice (autumn) counts once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from player.workday.settings import SNOOZE_MINUTES, RemindSettings

LOOK_AHEAD_DAYS = 8  # a week holds at least one working day (settings need one)


def local_zone() -> tzinfo:
    """The user's time zone with its rules (not only today's offset): `TZ`, then
    `/etc/localtime`, then UTC."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        with open("/etc/localtime", "rb") as file:
            return ZoneInfo.from_file(file, key="localtime")
    except (OSError, ValueError):
        return UTC


def slot_times(settings: RemindSettings) -> list[time]:
    """The wall-clock times of a working day's slots: from its start every `every` minutes,
    up to (not including) its end."""
    start = settings.start.hour * 60 + settings.start.minute
    end = settings.end.hour * 60 + settings.end.minute + (1 if settings.end.second else 0)
    return [time(m // 60, m % 60) for m in range(start, end, settings.every)]


def slots_on(day: date, settings: RemindSettings, zone: tzinfo) -> list[datetime]:
    """The day's break slots as moments in `zone`; none on a day off."""
    if day.weekday() not in settings.days:
        return []
    seen: set[datetime] = set()
    slots = []
    for slot in slot_times(settings):
        wall = datetime.combine(day, slot, tzinfo=zone)
        moment = wall.astimezone(UTC).astimezone(zone)  # a skipped wall time moves forward
        if moment not in seen:
            seen.add(moment)
            slots.append(moment)
    return slots


def next_slot(after: datetime, settings: RemindSettings, zone: tzinfo) -> datetime:
    """The first slot strictly after `after`."""
    first = after.astimezone(zone).date()
    after = after.astimezone(UTC)  # datetimes in one zone compare by wall clock, not instant
    for offset in range(LOOK_AHEAD_DAYS):
        for slot in slots_on(first + timedelta(days=offset), settings, zone):
            if slot.astimezone(UTC) > after:
                return slot
    raise ValueError("no working day in the settings")  # RemindSettings always has one


def in_hours(moment: datetime, settings: RemindSettings, zone: tzinfo) -> bool:
    """Whether `moment` falls in the working day, on a working day."""
    local = moment.astimezone(zone)
    return local.weekday() in settings.days and settings.start <= local.time() < settings.end


@dataclass(frozen=True, slots=True)
class Offer:
    """Show a reminder now."""

    at: datetime
    snoozed: bool = False  # the one asked for with "In 10 minutes"


@dataclass(frozen=True, slots=True)
class Quiet:
    """A slot passed without a reminder, and why."""

    at: datetime
    reason: str


class Planner:
    """The reminder's schedule: when to wake next (`due`), and on waking what to do.

    A wake-up long after its slot (a laptop that slept through several) gives one
    reminder, and the next slot is at least half an interval later, never a burst.
    Instants are kept in UTC: in the hour that happens twice in autumn, two local times
    in one zone compare and subtract by the wall clock.
    """

    def __init__(self, settings: RemindSettings, zone: tzinfo, now: datetime) -> None:
        self.settings = settings
        self.zone = zone
        self._next = next_slot(now, settings, zone).astimezone(UTC)
        self._snoozed: datetime | None = None
        self._started: datetime | None = None  # a break started from a reminder

    @property
    def due(self) -> datetime:
        """When to wake up next."""
        if self._snoozed is not None and self._snoozed < self._next:
            return self._snoozed
        return self._next

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=self.settings.every)

    def wake(
        self, now: datetime, *, last_break: datetime | None = None, idle: bool = False
    ) -> Offer | Quiet | None:
        """What to do at `now`: None before `due`; otherwise an `Offer` or a `Quiet`, and
        `due` moves on. `last_break`: when the last break or session ended (the journal);
        `idle`: the user is away or the screen is locked."""
        local, now = now.astimezone(self.zone), now.astimezone(UTC)
        if now < self.due:
            return None
        snoozed = self._snoozed is not None and now >= self._snoozed
        late = now - self.due > timedelta(minutes=1)
        self._snoozed = None
        after = now + (self.interval / 2 if late else timedelta())
        self._next = next_slot(after, *self._rules).astimezone(UTC)
        done = [t.astimezone(UTC) for t in (last_break, self._started) if t is not None]
        last = max(done, default=None)
        if not snoozed and not in_hours(now, *self._rules):
            return Quiet(local, "outside the working day")
        if last is not None and now - last < self.interval:
            return Quiet(local, f"a break was done at {last.astimezone(self.zone):%H:%M}")
        if idle:
            return Quiet(local, "away from the desk (idle or screen locked)")
        return Offer(local, snoozed=snoozed)

    def snooze(self, now: datetime) -> None:
        """ "In 10 minutes": ask again then (unless the next slot comes first)."""
        self._snoozed = now.astimezone(UTC) + timedelta(minutes=SNOOZE_MINUTES)

    def skip(self, now: datetime) -> None:
        """ "Skip": nothing until the next slot."""
        self._snoozed = None

    def started(self, now: datetime) -> None:
        """ "Start": the break counts as done now, even before the journal has it."""
        self._snoozed = None
        self._started = now.astimezone(UTC)

    @property
    def _rules(self) -> tuple[RemindSettings, tzinfo]:
        return self.settings, self.zone
