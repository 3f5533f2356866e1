"""Putting the reminder together for real: the buses, the wall-clock timer, the journal, the
terminal, and a clean stop on SIGTERM (systemd) or Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Iterator
from datetime import datetime

from player.workday.remind import (
    Action,
    FallbackPrompt,
    Reminder,
    RestBreak,
    TerminalPrompt,
    WorkraveRunning,
    status_file,
    write_status,
)
from player.workday.schedule import local_zone
from player.workday.settings import RemindSettings
from player.workday.start import BreakStarter
from player.workday.wallclock import WallClockTimer
from player.workday.words import what


def say(line: str) -> None:
    """One line on stdout, at once (the journal or the terminal shows it)."""
    print(line, flush=True)


def last_break() -> datetime | None:
    """The end of the last exercise in the journal; None when it cannot be read."""
    from player.history import HistoryError, last_exercise_at, open_history

    try:
        with open_history() as history:
            return last_exercise_at(history=history)
    except HistoryError as error:
        say(f"workout remind: {error}")
        return None


async def serve(settings: RemindSettings, *, offer_now: bool, terminal: bool) -> None:
    """Run until stopped."""
    from player.workday import bus as dbus

    session = None if terminal else await dbus.connect()
    system = await dbus.connect(system=True)
    in_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    timer = WallClockTimer()
    prompt_kind = "desktop notifications" if session else "a line and a bell in this terminal"

    def status(next_at: datetime | None, following: bool) -> None:
        write_status(next_at, following, prompt_kind)

    async def idle() -> bool:
        return await dbus.session_idle(system)

    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    assert task is not None

    @contextlib.contextmanager
    def handover() -> Iterator[None]:
        """An inline break has the terminal: its keys, and Ctrl-C stops it, not us."""
        with terminal_prompt.handing_over():
            loop.add_signal_handler(signal.SIGINT, lambda: None)
            try:
                yield
            finally:
                loop.add_signal_handler(signal.SIGINT, task.cancel)

    starter = BreakStarter(settings.command(), inline=in_terminal, handover=handover)
    reminder = Reminder(
        settings,
        zone=local_zone(),
        now=lambda: datetime.now().astimezone(),
        timer=timer,
        starter=starter,
        last_break=last_break,
        idle=idle,
        say=say,
        status=status,
    )
    terminal_prompt = TerminalPrompt(reminder.post)
    if session is None:
        reminder.prompt = terminal_prompt
    else:
        notifications = dbus.DesktopNotifications(session, lambda key: reminder.post(Action(key)))
        await notifications.start()
        reminder.prompt = FallbackPrompt(notifications, terminal_prompt, say)
        if settings.workrave == "auto":
            watch = dbus.WorkraveWatch(
                session,
                on_running=lambda running: reminder.post(WorkraveRunning(running)),
                on_rest_break=lambda: reminder.post(RestBreak()),
            )
            if await watch.start():
                reminder.post(WorkraveRunning(True))
    say(
        f"workout remind: {what(settings)} every {settings.every} min, "
        f"{settings.hours_text()}, {settings.days_text()}; by {prompt_kind}"
        + ("" if timer.kernel else " (timer: monotonic, late after a suspend)")
    )
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, task.cancel)
    try:
        await reminder.run(offer_now=offer_now)
    except asyncio.CancelledError:
        pass
    finally:
        timer.close()
        status_file().unlink(missing_ok=True)
        for bus in (session, system):
            await dbus.disconnect(bus)
