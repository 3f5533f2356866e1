"""`workout remind`'s process: sleeps until the next deadline, then offers a break (or stays
quiet and says why), and acts on Start / In 10 minutes / Skip. Workrave's rest breaks take
the place of its own clock while Workrave runs."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Protocol

from player import paths
from player.errors import UserError
from player.files import write_atomic
from player.workday.schedule import Offer, Planner, Quiet
from player.workday.settings import RemindSettings
from player.workday.wallclock import Timer
from player.workday.words import sentence, what, words_for

ACTIONS = ("start", "snooze", "skip")
TERMINAL_KEYS = {"": "start", "s": "skip", "l": "snooze", "later": "snooze", "skip": "skip"}


class Prompt(Protocol):
    """Where a reminder appears: a desktop notification, or a line in the terminal."""

    async def offer(self, summary: str, body: str, actions: Sequence[tuple[str, str]]) -> None: ...


class Starter(Protocol):
    async def start(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Action:
    key: str  # start | snooze | skip


@dataclass(frozen=True, slots=True)
class RestBreak:
    """Workrave's rest break began."""


@dataclass(frozen=True, slots=True)
class WorkraveRunning:
    running: bool


Event = Action | RestBreak | WorkraveRunning


def status_file() -> Path:
    """Where the running reminder says when it reminds next: the runtime dir (or cache)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    folder = Path(runtime) / paths.APP_NAME if runtime else paths.user_cache_dir()
    return folder / "remind.json"


def write_status(next_at: datetime | None, following: bool, prompt: str) -> None:
    """Tell `workout remind --status` what this process is doing (atomically)."""
    document = {
        "pid": os.getpid(),
        "next": next_at.isoformat(timespec="seconds") if next_at else None,
        "following_workrave": following,
        "prompt": prompt,
    }
    path = status_file()
    with contextlib.suppress(OSError):  # a status nobody can read is no reason to stop
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(document).encode("utf-8"))


class Reminder:
    """The loop: one wait for whichever comes first, the next deadline or an event."""

    def __init__(
        self,
        settings: RemindSettings,
        *,
        zone: tzinfo,
        now: Callable[[], datetime],
        timer: Timer,
        starter: Starter,
        last_break: Callable[[], datetime | None],
        idle: Callable[[], Awaitable[bool]],
        say: Callable[[str], None],
        status: Callable[[datetime | None, bool], None] = lambda _next, _following: None,
    ) -> None:
        self.settings = settings
        self.zone = zone
        self.now = now
        self.timer = timer
        self.starter = starter
        self.last_break = last_break
        self.idle = idle
        self.say = say
        self.status = status
        self.prompt: Prompt | None = None
        self.events: asyncio.Queue[Event] = asyncio.Queue()
        self.planner = Planner(settings, zone, now())
        self.following = False  # Workrave's rest breaks instead of the own clock

    def post(self, event: Event) -> None:
        """An event from the bus or the terminal (called on the loop's thread)."""
        self.events.put_nowait(event)

    async def run(self, *, offer_now: bool = False) -> None:
        if offer_now:
            await self.offer()
        while True:
            due = self.planner.due
            self.status(None if self.following else due, self.following)
            event = await self._next_event(due)
            if event is None:
                await self._wake()
            else:
                await self._handle(event)

    async def _next_event(self, due: datetime) -> Event | None:
        """The next event, or None when the deadline came first."""
        if not self.events.empty():
            return self.events.get_nowait()
        getter = asyncio.ensure_future(self.events.get())
        waiter = asyncio.ensure_future(self.timer.wait_until(due))
        try:
            done, _ = await asyncio.wait({getter, waiter}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (getter, waiter):
                task.cancel()
            await asyncio.gather(getter, waiter, return_exceptions=True)  # let them tidy up
        return getter.result() if getter in done else None

    async def _wake(self) -> None:
        now = self.now()
        if now < self.planner.due:
            return  # the clock was set back: wait again for the same deadline
        decision = self.planner.wake(now, last_break=self.last_break(), idle=await self.idle())
        if decision is None:
            return
        if isinstance(decision, Offer) and (decision.snoozed or not self.following):
            await self.offer(workrave=self.following)  # "In 10 minutes" holds either way
        elif self.following:
            self.say(f"{self._clock(now)} Workrave's rest breaks set the time; no reminder")
        elif isinstance(decision, Quiet):
            self.say(f"{self._clock(now)} no reminder: {decision.reason}")

    async def _handle(self, event: Event) -> None:
        now = self.now()
        if isinstance(event, WorkraveRunning):
            self.following = event.running and self.settings.workrave == "auto"
            self.say(
                "Workrave runs: following its rest breaks"
                if self.following
                else "Workrave is not running: reminding on the own schedule"
            )
        elif isinstance(event, RestBreak):
            if self.following:
                await self.offer(workrave=True)
        elif event.key == "start":
            self.planner.started(now)
            try:
                self.say(f"{self._clock(now)} Start: {await self.starter.start()}")
            except UserError as error:
                self.say(f"{self._clock(now)} Start: {error}")
        elif event.key == "snooze":
            self.planner.snooze(now)
            self.say(f"{self._clock(now)} asking again at {self._clock(self.planner.due)}")
        elif event.key == "skip":
            self.planner.skip(now)
            self.say(f"{self._clock(now)} skipped; next at {self._clock(self.planner.due)}")

    async def offer(self, *, workrave: bool = False) -> None:
        """Show a reminder."""
        words = words_for(self.settings)
        form = "workrave" if workrave else "routine" if self.settings.routine else "body"
        body = sentence(words[form].format(what=what(self.settings)))
        actions = [(key, words[key]) for key in ACTIONS]
        self.say(f"{self._clock(self.now())} {words['summary']}. {body}")
        if self.prompt is not None:
            await self.prompt.offer(words["summary"], body, actions)

    def _clock(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        if local.date() == self.now().astimezone(self.zone).date():
            return f"{local:%H:%M}"
        return f"{local:%a %H:%M}"


class TerminalPrompt:
    """A reminder as a line and a bell; with a keyboard, Enter starts the break,
    `l` asks again later, `s` skips."""

    def __init__(self, post: Callable[[Event], None], stream: object = sys.stdout) -> None:
        self.post = post
        self.stream = stream
        self.keys = sys.stdin.isatty()
        if self.keys:
            asyncio.get_running_loop().add_reader(sys.stdin.fileno(), self._read)

    async def offer(self, summary: str, body: str, actions: Sequence[tuple[str, str]]) -> None:
        hint = " [Enter: start · l Enter: in 10 minutes · s Enter: skip]" if self.keys else ""
        print(f"\a{hint.strip()}", file=self.stream, flush=True)  # type: ignore[call-overload]

    @contextlib.contextmanager
    def handing_over(self) -> Iterator[None]:
        """While a break plays in this terminal, its keys are the break's."""
        if self.keys:
            asyncio.get_running_loop().remove_reader(sys.stdin.fileno())
        try:
            yield
        finally:
            if self.keys:
                asyncio.get_running_loop().add_reader(sys.stdin.fileno(), self._read)

    def _read(self) -> None:
        line = sys.stdin.readline()
        if not line:  # end of input: no more keys
            asyncio.get_running_loop().remove_reader(sys.stdin.fileno())
            return
        key = TERMINAL_KEYS.get(line.strip().lower())
        if key:
            self.post(Action(key))


class FallbackPrompt:
    """The desktop notification, and the terminal line when the notification cannot be
    shown (the notification server went away)."""

    def __init__(self, desktop: Prompt, terminal: Prompt, say: Callable[[str], None]) -> None:
        self.desktop = desktop
        self.terminal = terminal
        self.say = say

    async def offer(self, summary: str, body: str, actions: Sequence[tuple[str, str]]) -> None:
        from player.workday.bus import BusError

        try:
            await self.desktop.offer(summary, body, actions)
        except BusError as error:
            self.say(f"the desktop notification could not be shown ({error})")
            await self.terminal.offer(summary, body, actions)
