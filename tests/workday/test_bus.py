"""The reminder on a real (private) D-Bus: its notification and actions seen and acted on
through a notification server stand-in, Workrave's signal sent with dbus-send, logind's
hints read from a stand-in."""

from __future__ import annotations

import asyncio
import os
import pathlib
import subprocess
from collections.abc import Awaitable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest

from player.workday import bus as dbus
from player.workday.remind import Action, Reminder, RestBreak, WorkraveRunning
from player.workday.settings import RemindSettings
from tests.workday.standins import serve_logind, serve_notifications, serve_workrave

BERLIN = ZoneInfo("Europe/Berlin")
PATIENCE = 30.0  # seconds: a busy machine is slow, never wrong
T = TypeVar("T")


async def soon(awaitable: Awaitable[T]) -> T:
    return await asyncio.wait_for(awaitable, PATIENCE)


class FakeNow:
    def __init__(self, start: datetime) -> None:
        self.moment = start

    def __call__(self) -> datetime:
        return self.moment


class FakeTimer:
    """The reminder's wall-clock wait, fired by the test: the clock jumps to the deadline."""

    def __init__(self, now: FakeNow) -> None:
        self.now = now
        self.asked: asyncio.Queue[datetime] = asyncio.Queue()
        self.go = asyncio.Event()

    async def wait_until(self, deadline: datetime) -> None:
        self.go = asyncio.Event()
        self.asked.put_nowait(deadline)
        await self.go.wait()
        self.now.moment = max(self.now.moment, deadline)

    async def deadline(self) -> datetime:
        return await soon(self.asked.get())

    def fire(self) -> None:
        self.go.set()


class RecordingStarter:
    def __init__(self, now: FakeNow) -> None:
        self.now = now
        self.started: list[datetime] = []

    async def start(self) -> str:
        self.started.append(self.now())
        return "recorded"


async def not_idle() -> bool:
    return False


def make_reminder(
    now: FakeNow, timer: FakeTimer, starter: RecordingStarter, lines: list[str]
) -> Reminder:
    return Reminder(
        RemindSettings(),
        zone=BERLIN,
        now=now,
        timer=timer,
        starter=starter,
        last_break=lambda: None,
        idle=not_idle,
        say=lines.append,
    )


async def test_the_notification_and_its_actions_on_the_bus(session_bus: str) -> None:
    server_bus, server = await serve_notifications()
    now = FakeNow(datetime(2026, 12, 1, 9, 59, 30, tzinfo=BERLIN))  # a Tuesday
    timer, lines = FakeTimer(now), list[str]()
    starter = RecordingStarter(now)
    reminder = make_reminder(now, timer, starter, lines)
    bus = await dbus.connect()
    assert bus is not None
    notifications = dbus.DesktopNotifications(bus, lambda key: reminder.post(Action(key)))
    await notifications.start()
    reminder.prompt = notifications
    running = asyncio.create_task(reminder.run())
    try:
        assert await timer.deadline() == datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN)
        timer.fire()
        shown = await soon(server.shown.get())
        assert (shown.app_name, shown.summary) == ("workout-player", "Time for a short break")
        assert shown.body == "A 3-minute quick break to get your back and shoulders moving."
        assert shown.actions == ["start", "Start", "snooze", "In 10 minutes", "skip", "Skip"]
        assert await timer.deadline() == datetime(2026, 12, 1, 11, 0, tzinfo=BERLIN)

        # "In 10 minutes"
        now.moment += timedelta(seconds=20)
        server.ActionInvoked(shown.id, "snooze")
        assert await timer.deadline() == datetime(2026, 12, 1, 10, 10, 20, tzinfo=BERLIN)
        timer.fire()
        again = await soon(server.shown.get())
        assert again.summary == "Time for a short break"
        assert await timer.deadline() == datetime(2026, 12, 1, 11, 0, tzinfo=BERLIN)

        # A click on an older notification's action does nothing.
        server.ActionInvoked(shown.id, "start")
        # "Start"
        server.ActionInvoked(again.id, "start")
        assert await timer.deadline() == datetime(2026, 12, 1, 11, 0, tzinfo=BERLIN)
        assert starter.started == [datetime(2026, 12, 1, 10, 10, 20, tzinfo=BERLIN)]
        # 11:00 is 50 minutes after that break: no reminder.
        timer.fire()
        assert await timer.deadline() == datetime(2026, 12, 1, 12, 0, tzinfo=BERLIN)
        assert lines[-1] == "11:00 no reminder: a break was done at 10:10"
        assert server.shown.empty()

        # 12:00: a reminder, "Skip": nothing until 13:00.
        timer.fire()
        third = await soon(server.shown.get())
        assert await timer.deadline() == datetime(2026, 12, 1, 13, 0, tzinfo=BERLIN)
        server.ActionInvoked(third.id, "skip")
        assert await timer.deadline() == datetime(2026, 12, 1, 13, 0, tzinfo=BERLIN)
        assert lines[-1] == "12:00 skipped; next at 13:00"
        assert len(starter.started) == 1
    finally:
        running.cancel()
        bus.disconnect()
        server_bus.disconnect()


def dbus_send_rest_break(address: str, stage: str) -> None:
    subprocess.run(
        [
            "dbus-send",
            "--session",
            "--type=signal",
            "/org/workrave/Workrave/Core",
            "org.workrave.CoreInterface.RestbreakChanged",
            f"string:{stage}",
        ],
        env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        check=True,
        timeout=60,
    )


async def test_workraves_rest_breaks_take_the_place_of_the_own_clock(session_bus: str) -> None:
    server_bus, server = await serve_notifications()
    workrave_bus = await serve_workrave()
    now = FakeNow(datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN))
    timer, lines = FakeTimer(now), list[str]()
    reminder = make_reminder(now, timer, RecordingStarter(now), lines)
    bus = await dbus.connect()
    assert bus is not None
    notifications = dbus.DesktopNotifications(bus, lambda key: reminder.post(Action(key)))
    await notifications.start()
    reminder.prompt = notifications
    watch = dbus.WorkraveWatch(
        bus,
        on_running=lambda running: reminder.post(WorkraveRunning(running)),
        on_rest_break=lambda: reminder.post(RestBreak()),
    )
    assert await watch.start()  # Workrave's name is on the bus
    reminder.post(WorkraveRunning(True))
    running = asyncio.create_task(reminder.run())
    try:
        await timer.deadline()  # the event was handled first: now following Workrave
        assert lines[-1] == "Workrave runs: following its rest breaks"

        for stage in ("prelude", "break", "break"):  # "break" twice: one reminder
            dbus_send_rest_break(session_bus, stage)
        shown = await soon(server.shown.get())
        assert shown.body == "Workrave's rest break is on: fill it with a 3-minute quick break."
        assert shown.actions[::2] == ["start", "snooze", "skip"]
        await timer.deadline()

        timer.fire()  # 10:00 by the own clock: Workrave decides, so nothing
        await timer.deadline()
        assert lines[-1] == "10:00 Workrave's rest breaks set the time; no reminder"

        dbus_send_rest_break(session_bus, "none")
        dbus_send_rest_break(session_bus, "break")  # the next rest break
        second = await soon(server.shown.get())
        assert second.body.startswith("Workrave's rest break")
        await timer.deadline()
        assert server.shown.empty()

        server.ActionInvoked(second.id, "snooze")  # "In 10 minutes" still holds
        assert await timer.deadline() == datetime(2026, 12, 1, 10, 10, tzinfo=BERLIN)
        timer.fire()
        assert (await soon(server.shown.get())).body.startswith("Workrave's rest break")
        await timer.deadline()

        workrave_bus.disconnect()  # Workrave quits: back to the own clock
        await timer.deadline()
        assert lines[-1] == "Workrave is not running: reminding on the own schedule"
    finally:
        running.cancel()
        bus.disconnect()
        server_bus.disconnect()


@pytest.mark.parametrize(
    ("idle", "locked", "expected"), [(0, 0, False), (1, 0, True), (0, 1, True)]
)
async def test_logind_idle_and_lock_hints(
    session_bus: str, idle: int, locked: int, expected: bool
) -> None:
    login_bus, session = await serve_logind()
    session.idle, session.locked = bool(idle), bool(locked)
    bus = await dbus.connect()
    try:
        assert await dbus.session_idle(bus) is expected
    finally:
        assert bus is not None
        bus.disconnect()
        login_bus.disconnect()


async def test_without_logind_nobody_is_idle(session_bus: str) -> None:
    bus = await dbus.connect()
    try:
        assert await dbus.session_idle(bus) is False  # nobody owns org.freedesktop.login1
        assert await dbus.session_idle(None) is False
    finally:
        assert bus is not None
        bus.disconnect()


async def test_no_session_bus_means_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/nothing-here")
    assert await dbus.connect() is None


class RecordingPrompt:
    def __init__(self) -> None:
        self.offers: list[tuple[str, str, list[str]]] = []

    async def offer(self, summary: str, body: str, actions: Sequence[tuple[str, str]]) -> None:
        self.offers.append((summary, body, [label for _, label in actions]))


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            RemindSettings(language="de", minutes=5),
            (
                "Zeit für eine kurze Pause",
                "Eine 5-minütige Kurzpause, die Rücken und Schultern in Bewegung bringt.",
                ["Starten", "In 10 Minuten", "Überspringen"],
            ),
        ),
        (
            RemindSettings(routine="desk-break-back"),
            (
                "Time for a short break",
                "Your routine: desk-break-back.",
                ["Start", "In 10 minutes", "Skip"],
            ),
        ),
    ],
)
async def test_the_words_of_a_reminder(
    settings: RemindSettings, expected: tuple[str, str, list[str]]
) -> None:
    now = FakeNow(datetime(2026, 12, 1, 10, 0, tzinfo=BERLIN))
    reminder = Reminder(
        settings, zone=BERLIN, now=now, timer=FakeTimer(now), starter=RecordingStarter(now),
        last_break=lambda: None, idle=not_idle, say=lambda _line: None,
    )  # fmt: skip
    prompt = RecordingPrompt()
    reminder.prompt = prompt
    await reminder.offer()
    assert prompt.offers == [expected]
