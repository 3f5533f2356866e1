"""Stand-ins on a private session bus: a notification server, Workrave's name, logind.
(No `from __future__ import annotations` here: dbus-fast reads the D-Bus types from the
annotations, typed as `player.desktop.mpris` does.)"""

import asyncio
from dataclasses import dataclass
from typing import Annotated, Any

from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusBool, DBusInt32, DBusSignature, DBusStr, DBusUInt32
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_property, method, signal

DBusStrList = Annotated[list[str], DBusSignature("as")]
DBusHints = Annotated[dict[str, Any], DBusSignature("a{sv}")]


@dataclass
class Notification:
    id: int
    replaces_id: int
    app_name: str
    summary: str
    body: str
    actions: list[str]


class NotificationServer(ServiceInterface):
    """org.freedesktop.Notifications as a desktop has it: Notify gives an id; the test
    plays the user by emitting ActionInvoked."""

    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.shown: asyncio.Queue[Notification] = asyncio.Queue()
        self.count = 0

    @method()
    def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: DBusStrList,
        hints: DBusHints,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        self.count += 1
        number = replaces_id or self.count
        self.shown.put_nowait(
            Notification(number, replaces_id, app_name, summary, body, list(actions))
        )
        return number

    @method()
    def GetCapabilities(self) -> DBusStrList:
        return ["actions", "body"]

    @signal()
    def ActionInvoked(self, number: int, key: str) -> Annotated[list[Any], DBusSignature("us")]:
        return [number, key]

    @signal()
    def NotificationClosed(
        self, number: int, reason: int
    ) -> Annotated[list[Any], DBusSignature("uu")]:
        return [number, reason]


class LoginSession(ServiceInterface):
    """org.freedesktop.login1.Session's idle and lock hints."""

    def __init__(self) -> None:
        super().__init__("org.freedesktop.login1.Session")
        self.idle = False
        self.locked = False

    @dbus_property(access=PropertyAccess.READ)
    def IdleHint(self) -> DBusBool:
        return self.idle

    @dbus_property(access=PropertyAccess.READ)
    def LockedHint(self) -> DBusBool:
        return self.locked


class LoginUser(ServiceInterface):
    """org.freedesktop.login1.User's Display: the user's graphical session."""

    def __init__(self) -> None:
        super().__init__("org.freedesktop.login1.User")

    @dbus_property(access=PropertyAccess.READ)
    def Display(self) -> Annotated[list[Any], DBusSignature("(so)")]:
        return ["2", "/org/freedesktop/login1/session/_32"]


class WorkraveCore(ServiceInterface):
    """Only Workrave's name and core object; its signals come from `dbus-send`."""

    def __init__(self) -> None:
        super().__init__("org.workrave.CoreInterface")


async def serve_notifications() -> tuple[MessageBus, NotificationServer]:
    bus = await MessageBus().connect()
    server = NotificationServer()
    bus.export("/org/freedesktop/Notifications", server)
    await bus.request_name("org.freedesktop.Notifications")
    return bus, server


async def serve_logind() -> tuple[MessageBus, LoginSession]:
    bus = await MessageBus().connect()
    session = LoginSession()
    bus.export("/org/freedesktop/login1/session/_32", session)
    bus.export("/org/freedesktop/login1/user/self", LoginUser())
    await bus.request_name("org.freedesktop.login1")
    return bus, session


async def serve_workrave() -> MessageBus:
    bus = await MessageBus().connect()
    bus.export("/org/workrave/Workrave/Core", WorkraveCore())
    await bus.request_name("org.workrave.Workrave")
    return bus
