"""The reminder's schedule on a fake clock: hours, days, snoozes, skips, breaks already done,
idle, a laptop that slept through slots, and changes to and from summer time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from player.workday.schedule import Offer, Planner, Quiet, next_slot, slots_on
from player.workday.settings import RemindSettings

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULTS = RemindSettings()


def at(text: str, zone: ZoneInfo = BERLIN) -> datetime:
    """`2026-12-01 09:00` in Berlin."""
    return datetime.fromisoformat(text).replace(tzinfo=zone)


class FakeClock:
    """Wall-clock time that moves only when told."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def advance_to(self, moment: datetime) -> None:
        assert moment >= self.now
        self.now = moment


def run_day(
    planner: Planner, clock: FakeClock, until: datetime, **state: object
) -> list[Offer | Quiet]:
    """Wake at every deadline up to `until`, as the reminder does; what each wake decided."""
    decisions: list[Offer | Quiet] = []
    while planner.due <= until:
        clock.advance_to(max(planner.due, clock.now))  # a timer fires late, never early
        decision = planner.wake(clock.now, **state)  # type: ignore[arg-type]
        assert decision is not None
        decisions.append(decision)
    return decisions


def test_defaults_give_eight_slots_from_nine_to_four_on_a_weekday() -> None:
    slots = slots_on(date(2026, 12, 1), DEFAULTS, BERLIN)  # a Tuesday
    assert [s.strftime("%H:%M") for s in slots] == [f"{h:02}:00" for h in range(9, 17)]
    assert slots_on(date(2026, 12, 5), DEFAULTS, BERLIN) == []  # Saturday


def test_a_working_day_offers_a_break_every_hour_and_nothing_after_hours() -> None:
    clock = FakeClock(at("2026-12-01 07:30"))
    planner = Planner(DEFAULTS, BERLIN, clock.now)
    assert planner.due == at("2026-12-01 09:00")
    decisions = run_day(planner, clock, at("2026-12-01 23:59"))
    assert [d.at.strftime("%H:%M") for d in decisions] == [f"{h:02}:00" for h in range(9, 17)]
    assert all(isinstance(d, Offer) for d in decisions)
    assert planner.due == at("2026-12-02 09:00")


def test_friday_evening_waits_for_monday_morning() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-04 16:30"))  # Friday
    assert planner.due == at("2026-12-07 09:00")


def test_nothing_before_due_and_a_wake_moves_due_on() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 09:30"))
    assert planner.wake(at("2026-12-01 09:59")) is None
    assert planner.wake(at("2026-12-01 10:00")) == Offer(at("2026-12-01 10:00"))
    assert planner.due == at("2026-12-01 11:00")


def test_in_ten_minutes_asks_again_ten_minutes_later() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 09:30"))
    assert isinstance(planner.wake(at("2026-12-01 10:00")), Offer)
    planner.snooze(at("2026-12-01 10:00:20"))
    assert planner.due == at("2026-12-01 10:10:20")
    assert planner.wake(at("2026-12-01 10:10:20")) == Offer(at("2026-12-01 10:10:20"), snoozed=True)
    assert planner.due == at("2026-12-01 11:00")


def test_a_snooze_that_runs_past_the_next_slot_gives_way_to_it() -> None:
    settings = RemindSettings(every=10)
    planner = Planner(settings, BERLIN, at("2026-12-01 09:55"))
    assert isinstance(planner.wake(at("2026-12-01 10:00")), Offer)
    planner.snooze(at("2026-12-01 10:05"))
    assert planner.due == at("2026-12-01 10:10")


def test_a_snooze_near_the_end_of_the_day_is_still_kept() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 15:30"))
    assert isinstance(planner.wake(at("2026-12-01 16:00")), Offer)
    planner.snooze(at("2026-12-01 16:55"))
    assert planner.wake(at("2026-12-01 17:05")) == Offer(at("2026-12-01 17:05"), snoozed=True)


def test_skip_drops_a_snooze_and_waits_for_the_next_slot() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 09:30"))
    planner.wake(at("2026-12-01 10:00"))
    planner.snooze(at("2026-12-01 10:00"))
    planner.skip(at("2026-12-01 10:01"))
    assert planner.due == at("2026-12-01 11:00")


def test_a_break_done_within_the_interval_means_no_reminder() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 09:30"))
    decision = planner.wake(at("2026-12-01 10:00"), last_break=at("2026-12-01 09:40"))
    assert decision == Quiet(at("2026-12-01 10:00"), "a break was done at 09:40")
    # an hour after that break, the next slot reminds again
    assert isinstance(
        planner.wake(at("2026-12-01 11:00"), last_break=at("2026-12-01 09:40")), Offer
    )


def test_a_started_break_counts_before_the_journal_has_it() -> None:
    planner = Planner(RemindSettings(every=30), BERLIN, at("2026-12-01 09:50"))
    planner.wake(at("2026-12-01 10:00"))
    planner.snooze(at("2026-12-01 10:00"))
    planner.started(at("2026-12-01 10:02"))
    assert planner.due == at("2026-12-01 10:30")  # the snooze went with the start
    assert planner.wake(at("2026-12-01 10:30")) == Quiet(
        at("2026-12-01 10:30"), "a break was done at 10:02"
    )  # 28 minutes after it: within the interval
    assert isinstance(planner.wake(at("2026-12-01 11:00")), Offer)


def test_idle_or_locked_means_no_reminder() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 09:30"))
    decision = planner.wake(at("2026-12-01 10:00"), idle=True)
    assert isinstance(decision, Quiet) and "idle" in decision.reason
    assert planner.due == at("2026-12-01 11:00")


def test_a_laptop_that_slept_through_slots_gets_one_reminder_not_a_burst() -> None:
    clock = FakeClock(at("2026-12-01 09:30"))
    planner = Planner(DEFAULTS, BERLIN, clock.now)
    assert planner.due == at("2026-12-01 10:00")
    clock.advance_to(at("2026-12-01 13:20"))  # asleep from 9:30 to 13:20: 10, 11, 12, 13 missed
    decisions = run_day(planner, clock, clock.now)
    assert decisions == [Offer(at("2026-12-01 13:20"))]
    assert planner.due == at("2026-12-01 14:00")


def test_waking_just_before_a_slot_does_not_remind_twice_in_a_minute() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 09:30"))
    assert isinstance(planner.wake(at("2026-12-01 13:59")), Offer)  # slept through 10–13
    assert planner.due == at("2026-12-01 15:00")  # not 14:00, a minute later


def test_waking_after_hours_from_a_sleep_stays_quiet() -> None:
    planner = Planner(DEFAULTS, BERLIN, at("2026-12-01 15:30"))  # due at 16:00
    decision = planner.wake(at("2026-12-01 19:00"))
    assert decision == Quiet(at("2026-12-01 19:00"), "outside the working day")
    assert planner.due == at("2026-12-02 09:00")


@pytest.mark.parametrize(
    ("before", "after", "offsets"),
    [
        ("2026-03-27 11:30", "2026-03-30 12:00", ("+01:00", "+02:00")),  # spring forward
        ("2026-10-23 11:30", "2026-10-26 12:00", ("+02:00", "+01:00")),  # fall back
    ],
)
def test_slots_keep_their_wall_clock_time_across_summer_time(
    before: str, after: str, offsets: tuple[str, str]
) -> None:
    """Friday 16:00, then Monday 9:00 by the clock on the wall, whatever the offset did."""
    planner = Planner(DEFAULTS, BERLIN, at(before))
    clock = FakeClock(at(before))
    decisions = run_day(planner, clock, at(after))
    times = [d.at.isoformat() for d in decisions]
    friday, monday = before[:10], after[:10]
    assert times[:5] == [f"{friday}T{h}:00:00{offsets[0]}" for h in range(12, 17)]
    assert times[5] == f"{monday}T09:00:00{offsets[1]}"
    assert times[5:] == [f"{monday}T{h:02}:00:00{offsets[1]}" for h in range(9, 13)]


def test_the_hour_skipped_in_spring_and_the_hour_twice_in_autumn() -> None:
    night = RemindSettings(every=60, start=time(0, 0), end=time(5, 0), days=frozenset(range(7)))
    spring = slots_on(date(2026, 3, 29), night, BERLIN)
    assert [s.strftime("%H:%M%z") for s in spring] == [
        "00:00+0100",
        "01:00+0100",
        "03:00+0200",
        "04:00+0200",
    ]  # 2:00 does not exist; it is 3:00, which has its own slot
    autumn = slots_on(date(2026, 10, 25), night, BERLIN)
    assert [s.strftime("%H:%M%z") for s in autumn] == [
        "00:00+0200",
        "01:00+0200",
        "02:00+0200",
        "03:00+0100",
        "04:00+0100",
    ]  # 2:00 happens twice; one slot
    assert autumn[3].astimezone(UTC) - autumn[2].astimezone(UTC) == timedelta(hours=2)


def test_in_the_hour_that_happens_twice_the_planner_goes_by_the_instant() -> None:
    night = RemindSettings(every=30, start=time(1, 0), end=time(4, 0), days=frozenset(range(7)))
    first_two = datetime(2026, 10, 25, 2, 40, tzinfo=BERLIN)  # summer time, 00:40 UTC
    planner = Planner(night, BERLIN, first_two)
    # 2:00 and 2:30 came in summer time already; the second 2:00 and 2:30 are not new slots
    assert planner.due.isoformat() == "2026-10-25T02:00:00+00:00"  # 3:00 winter time
    second_two = datetime(2026, 10, 25, 2, 50, fold=1, tzinfo=BERLIN)  # 01:50 UTC
    assert planner.wake(second_two) is None  # 01:50 UTC, still before 3:00 winter time
    assert isinstance(planner.wake(datetime(2026, 10, 25, 3, 0, tzinfo=BERLIN)), Offer)


def test_a_naive_add_an_hour_clock_would_drift_but_slots_do_not() -> None:
    new_york = ZoneInfo("America/New_York")
    slot = next_slot(at("2026-03-06 16:30", new_york), DEFAULTS, new_york)
    assert slot.isoformat() == "2026-03-09T09:00:00-04:00"  # after the March change there


def test_other_hours_days_and_intervals() -> None:
    settings = RemindSettings(
        every=45, start=time(8, 30), end=time(12, 0), days=frozenset({0, 2, 4})
    )
    assert [s.strftime("%H:%M") for s in slots_on(date(2026, 12, 2), settings, BERLIN)] == [
        "08:30",
        "09:15",
        "10:00",
        "10:45",
        "11:30",
    ]
    assert slots_on(date(2026, 12, 1), settings, BERLIN) == []  # Tuesday is off
    assert next_slot(at("2026-12-04 11:31"), settings, BERLIN) == at("2026-12-07 08:30")
