"""The session as an MPRIS2 media player on the D-Bus session bus (media keys, headset buttons).

`MediaPlayer(session, title)` publishes `org.mpris.MediaPlayer2.workout_player` with the
`org.mpris.MediaPlayer2` and `org.mpris.MediaPlayer2.Player` interfaces. Play/Pause, Next,
Previous and Stop give the session the same commands as space, `n`, `p` and `q`. The track
is the current step: the routine is the album, the exercise the title, and `mpris:length`
with `Position` give the time left in it. The bus runs on an asyncio loop in its own thread;
the session's events (`on_events`, from the runner's thread) become `PropertiesChanged` and
`Seeked` signals. Without a session bus, `start()` returns False and nothing else happens.
"""

# No `from __future__ import annotations`: dbus-fast reads the D-Bus types from the
# annotations, and `-> None` must stay None (a method without a reply body).
import asyncio
import contextlib
import os
import threading
from typing import Annotated, Any, Protocol

from dbus_fast import BusType, NameFlag, RequestNameReply, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusBool, DBusDouble, DBusInt64, DBusSignature, DBusStr
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property
from dbus_fast.service import dbus_signal as _dbus_signal

from player.session import events as ev
from player.session.state import SessionState, Status

BUS_NAME = "org.mpris.MediaPlayer2.workout_player"
OBJECT_PATH = "/org/mpris/MediaPlayer2"
IDENTITY = "workout-player"
CONNECT_TIMEOUT = 3.0  # seconds to reach the bus before going on without it
MICRO = 1_000_000

DBusStrList = Annotated[list[str], DBusSignature("as")]
DBusMetadata = Annotated[dict[str, Variant], DBusSignature("a{sv}")]


class Controlled(Protocol):
    """What the media player needs from a session (`player.session.engine.Session` fits)."""

    def state(self) -> SessionState: ...
    def toggle_pause(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def next(self) -> None: ...
    def previous(self) -> None: ...
    def stop(self) -> None: ...


def playback_status(state: SessionState) -> str:
    """MPRIS's PlaybackStatus: Playing, Paused or Stopped (before the start and after the end)."""
    if state.status is Status.PLAYING:
        return "Playing"
    if state.status is Status.PAUSED:
        return "Paused"
    return "Stopped"


def metadata(state: SessionState, album: str) -> dict[str, tuple[str, Any]]:
    """The current step as a track: signature and value of each field."""
    index = state.step_index if state.step_index is not None else 0
    length = max(state.step_elapsed + state.step_left, 0.0)
    title = state.exercise or album
    fields: dict[str, tuple[str, Any]] = {
        "mpris:trackid": ("o", f"/org/workout_player/step/{index}"),
        "mpris:length": ("x", round(length * MICRO)),
        "xesam:title": ("s", title),
        "xesam:album": ("s", album),
        "xesam:trackNumber": ("i", index + 1),
    }
    if state.section:
        fields["xesam:artist"] = ("as", [state.section])
    return fields


def position(state: SessionState) -> int:
    """Microseconds into the current step."""
    return round(max(state.step_elapsed, 0.0) * MICRO)


class _Root(ServiceInterface):
    """`org.mpris.MediaPlayer2`: who the player is."""

    def __init__(self, session: Controlled) -> None:
        super().__init__("org.mpris.MediaPlayer2")
        self._session = session

    @dbus_method()
    def Raise(self) -> None:
        pass

    @dbus_method()
    def Quit(self) -> None:
        self._session.stop()

    @dbus_property(access=PropertyAccess.READ)
    def CanQuit(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ)
    def CanRaise(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def HasTrackList(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def Identity(self) -> DBusStr:
        return IDENTITY

    @dbus_property(access=PropertyAccess.READ)
    def SupportedUriSchemes(self) -> DBusStrList:
        return []

    @dbus_property(access=PropertyAccess.READ)
    def SupportedMimeTypes(self) -> DBusStrList:
        return []


class _Player(ServiceInterface):
    """`org.mpris.MediaPlayer2.Player`: the transport buttons and what is playing."""

    def __init__(self, session: Controlled, album: str) -> None:
        super().__init__("org.mpris.MediaPlayer2.Player")
        self._session = session
        self._album = album

    # -- the buttons: the same commands as the keys --------------------------------------

    @dbus_method()
    def PlayPause(self) -> None:
        self._session.toggle_pause()

    @dbus_method()
    def Play(self) -> None:
        self._session.resume()

    @dbus_method()
    def Pause(self) -> None:
        self._session.pause()

    @dbus_method()
    def Next(self) -> None:
        self._session.next()

    @dbus_method()
    def Previous(self) -> None:
        self._session.previous()

    @dbus_method()
    def Stop(self) -> None:
        self._session.stop()

    # CanSeek is false and no URIs are supported: these three do nothing.
    @dbus_method()
    def Seek(self, offset: DBusInt64) -> None:
        pass

    @dbus_method()
    def SetPosition(self, track: Annotated[str, DBusSignature("o")], position: DBusInt64) -> None:
        pass

    @dbus_method()
    def OpenUri(self, uri: DBusStr) -> None:
        pass

    @_dbus_signal()
    def Seeked(self, position: DBusInt64) -> DBusInt64:
        return position

    # -- what is playing -----------------------------------------------------------------

    def changing(self) -> dict[str, Any]:
        """The properties that change while a session plays, with their current values."""
        state = self._session.state()
        going = not state.over
        active = _active(state)
        return {
            "PlaybackStatus": playback_status(state),
            "Metadata": metadata(state, self._album),
            "CanGoNext": going,
            "CanGoPrevious": going,
            "CanPlay": active,
            "CanPause": active,
        }

    @dbus_property(access=PropertyAccess.READ)
    def PlaybackStatus(self) -> DBusStr:
        return playback_status(self._session.state())

    @dbus_property(access=PropertyAccess.READ)
    def Metadata(self) -> DBusMetadata:
        return _variants(metadata(self._session.state(), self._album))

    @dbus_property(access=PropertyAccess.READ)
    def Position(self) -> DBusInt64:
        return position(self._session.state())

    @dbus_property(access=PropertyAccess.READ)
    def Rate(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ)
    def MinimumRate(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ)
    def MaximumRate(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ)
    def Volume(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ)
    def CanGoNext(self) -> DBusBool:
        return not self._session.state().over

    @dbus_property(access=PropertyAccess.READ)
    def CanGoPrevious(self) -> DBusBool:
        return not self._session.state().over

    @dbus_property(access=PropertyAccess.READ)
    def CanPlay(self) -> DBusBool:
        return _active(self._session.state())

    @dbus_property(access=PropertyAccess.READ)
    def CanPause(self) -> DBusBool:
        return _active(self._session.state())

    @dbus_property(access=PropertyAccess.READ)
    def CanSeek(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ)
    def CanControl(self) -> DBusBool:
        return True


def _active(state: SessionState) -> bool:
    """Whether there is a current track (playerctl reads CanPlay so): playing or paused."""
    return state.status in (Status.PLAYING, Status.PAUSED)


def _variants(fields: dict[str, tuple[str, Any]]) -> dict[str, Variant]:
    return {key: Variant(signature, value) for key, (signature, value) in fields.items()}


class MediaPlayer:
    """A session published on the session bus for as long as it plays (module docstring)."""

    def __init__(self, session: Controlled, title: str, *, address: str | None = None) -> None:
        self._session = session
        self._root = _Root(session)
        self._player = _Player(session, title)
        self._address = address
        self._loop: asyncio.AbstractEventLoop | None = None
        self._bus: MessageBus | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._sent: dict[str, Any] = {}
        self.name: str | None = None  # the bus name owned, once published
        self.problem: str | None = None  # why it is not published (for `workout doctor`)

    def start(self, timeout: float = CONNECT_TIMEOUT) -> bool:
        """Connect and publish; True when the player is on the bus. Never raises."""
        if self._address is None and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            self.problem = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
            return False
        self._thread = threading.Thread(target=self._run, name="mpris", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self.problem = f"the session bus did not answer within {timeout:g} s"
        return self.name is not None

    def on_events(self, events: list[ev.Event]) -> None:
        """Tell the desktop what changed (from any thread)."""
        loop = self._loop
        if loop is None or self.name is None or loop.is_closed():
            return
        seeked = any(isinstance(e, ev.Jumped | ev.Resumed) for e in events)
        with contextlib.suppress(RuntimeError):  # the loop has just closed
            loop.call_soon_threadsafe(self._announce, seeked)

    def close(self) -> None:
        """Leave the bus (the name goes with the connection)."""
        loop, thread = self._loop, self._thread
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._disconnect)
        if thread is not None and thread is not threading.current_thread():
            thread.join(CONNECT_TIMEOUT)

    # -- the bus thread ------------------------------------------------------------------

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._serve())
        except Exception as error:  # no bus, refused, gone: play on without it
            self.problem = f"the session bus is not usable ({error})"
        finally:
            self._ready.set()
            loop.close()

    async def _serve(self) -> None:
        bus = MessageBus(bus_address=self._address, bus_type=BusType.SESSION)
        await bus.connect()
        self._bus = bus
        bus.export(OBJECT_PATH, self._root)
        bus.export(OBJECT_PATH, self._player)
        for name in (BUS_NAME, f"{BUS_NAME}.instance{os.getpid()}"):
            reply = await bus.request_name(name, NameFlag.DO_NOT_QUEUE)
            if reply in (RequestNameReply.PRIMARY_OWNER, RequestNameReply.ALREADY_OWNER):
                self.name = name
                break
        if self.name is None:
            self.problem = "another player holds the name"
            bus.disconnect()
            return
        self._sent = self._player.changing()
        self._ready.set()
        await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]

    def _announce(self, seeked: bool) -> None:
        now = self._player.changing()
        changed = {key: value for key, value in now.items() if self._sent.get(key) != value}
        self._sent = now
        if "Metadata" in changed:
            changed["Metadata"] = _variants(changed["Metadata"])
        if changed:
            self._player.emit_properties_changed(changed)
        if seeked:
            self._player.Seeked(position(self._session.state()))

    def _disconnect(self) -> None:
        if self._bus is not None:
            self._bus.disconnect()
