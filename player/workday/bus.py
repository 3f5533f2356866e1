"""The reminder on D-Bus (dbus-fast): desktop notifications with actions, Workrave's rest
breaks, and logind's idle and lock hints."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from dbus_fast import BusType, Message, MessageType, Variant
from dbus_fast.aio import MessageBus

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
WORKRAVE = "org.workrave.Workrave"
WORKRAVE_PATH = "/org/workrave/Workrave/Core"
WORKRAVE_CORE = "org.workrave.CoreInterface"
LOGIND = "org.freedesktop.login1"
APP_NAME = "workout-player"


class BusError(Exception):
    """A D-Bus call failed; the message is the bus's."""


async def connect(*, system: bool = False) -> MessageBus | None:
    """The session (or system) bus, or None where there is none (no desktop, ssh, CI)."""
    try:
        return await MessageBus(bus_type=BusType.SYSTEM if system else BusType.SESSION).connect()
    except Exception:  # no address, no socket, refused: all mean "no bus here"
        return None


async def disconnect(bus: MessageBus | None) -> None:
    if bus is not None:
        bus.disconnect()
        with contextlib.suppress(Exception):
            await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]


async def call(
    bus: MessageBus,
    destination: str,
    path: str,
    interface: str,
    member: str,
    signature: str = "",
    body: Sequence[Any] = (),
) -> list[Any]:
    reply = await bus.call(
        Message(
            destination=destination,
            path=path,
            interface=interface,
            member=member,
            signature=signature,
            body=list(body),
        )
    )
    if reply is None or reply.message_type == MessageType.ERROR:
        detail = reply.body[0] if reply is not None and reply.body else "no reply"
        name = reply.error_name if reply is not None else ""
        raise BusError(f"{interface}.{member}: {name} {detail}".strip())
    return list(reply.body)


async def add_match(bus: MessageBus, rule: str) -> None:
    await call(
        bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "AddMatch", "s", [rule],
    )  # fmt: skip


class DesktopNotifications:
    """Reminders as freedesktop notifications; a click on an action calls `on_action(key)`.
    A new reminder replaces the last one instead of piling up."""

    def __init__(self, bus: MessageBus, on_action: Callable[[str], None]) -> None:
        self.bus = bus
        self.on_action = on_action
        self.shown = 0  # the id of our notification on screen, 0 for none
        # Signals that came while Notify's reply was on its way (the server can send
        # ActionInvoked before our coroutine has read the id): by id, kept until it has.
        self._early: dict[int, Message] | None = None

    async def start(self) -> None:
        for member in ("ActionInvoked", "NotificationClosed"):
            await add_match(
                self.bus,
                f"type='signal',interface='{NOTIFICATIONS}',path='{NOTIFICATIONS_PATH}',"
                f"member='{member}'",
            )
        self.bus.add_message_handler(self._on_message)

    async def offer(self, summary: str, body: str, actions: Sequence[tuple[str, str]]) -> None:
        flat = [word for key, label in actions for word in (key, label)]
        hints = {"urgency": Variant("y", 1), "category": Variant("s", "presence")}
        self._early = {}
        try:
            (self.shown,) = await call(
                self.bus, NOTIFICATIONS, NOTIFICATIONS_PATH, NOTIFICATIONS, "Notify",
                "susssasa{sv}i", [APP_NAME, self.shown, "", summary, body, flat, hints, -1],
            )  # fmt: skip
        finally:
            early, self._early = self._early, None
        if self.shown in early:
            self._on_message(early[self.shown])

    def _on_message(self, message: Message) -> None:
        if message.message_type != MessageType.SIGNAL or message.interface != NOTIFICATIONS:
            return
        if not message.body:
            return
        if self._early is not None:
            self._early[message.body[0]] = message
            return
        if message.body[0] != self.shown or not self.shown:
            return
        if message.member == "ActionInvoked":
            self.shown = 0
            self.on_action(str(message.body[1]))
        elif message.member == "NotificationClosed":
            self.shown = 0


class WorkraveWatch:
    """Follows Workrave on the bus: `on_running(bool)` when it comes and goes, and
    `on_rest_break()` each time its rest break begins (RestbreakChanged to "break")."""

    def __init__(
        self,
        bus: MessageBus,
        on_running: Callable[[bool], None],
        on_rest_break: Callable[[], None],
    ) -> None:
        self.bus = bus
        self.on_running = on_running
        self.on_rest_break = on_rest_break
        self.stage = "none"

    async def start(self) -> bool:
        """Listen; whether Workrave runs now."""
        await add_match(
            self.bus,
            f"type='signal',interface='{WORKRAVE_CORE}',path='{WORKRAVE_PATH}',"
            "member='RestbreakChanged'",
        )
        await add_match(
            self.bus,
            "type='signal',sender='org.freedesktop.DBus',interface='org.freedesktop.DBus',"
            f"member='NameOwnerChanged',arg0='{WORKRAVE}'",
        )
        self.bus.add_message_handler(self._on_message)
        (running,) = await call(
            self.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
            "NameHasOwner", "s", [WORKRAVE],
        )  # fmt: skip
        return bool(running)

    def _on_message(self, message: Message) -> None:
        if message.message_type != MessageType.SIGNAL:
            return
        if message.member == "NameOwnerChanged" and message.body and message.body[0] == WORKRAVE:
            self.stage = "none"
            self.on_running(bool(message.body[2]))
        elif message.interface == WORKRAVE_CORE and message.member == "RestbreakChanged":
            stage = str(message.body[0]) if message.body else ""
            if stage == "break" and self.stage != "break":
                self.on_rest_break()
            self.stage = stage


async def session_idle(bus: MessageBus | None) -> bool:
    """Whether logind says the user's graphical session is idle or its screen locked.
    False where logind cannot tell (no system bus, no session)."""
    if bus is None:
        return False
    with contextlib.suppress(BusError):
        path = await _session_path(bus)
        for hint in ("LockedHint", "IdleHint"):
            (value,) = await call(
                bus, LOGIND, path, "org.freedesktop.DBus.Properties", "Get", "ss",
                [f"{LOGIND}.Session", hint],
            )  # fmt: skip
            if value.value:
                return True
    return False


async def _session_path(bus: MessageBus) -> str:
    """The user's graphical session ("Display"); the caller's own session where none."""
    with contextlib.suppress(BusError):
        (display,) = await call(
            bus, LOGIND, "/org/freedesktop/login1/user/self", "org.freedesktop.DBus.Properties",
            "Get", "ss", [f"{LOGIND}.User", "Display"],
        )  # fmt: skip
        _session_id, path = display.value
        if path and path != "/":
            return str(path)
    return "/org/freedesktop/login1/session/auto"
