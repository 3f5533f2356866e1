"""The MPRIS2 player on a private session bus: dbus-send and playerctl drive a session on a
fake clock, and read its status and metadata back."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from dbus_fast import Message, Variant
from dbus_fast.aio import MessageBus

from player.desktop.mpris import BUS_NAME, OBJECT_PATH, MediaPlayer
from player.options import PlayOptions
from player.routine import find_routine, load_routine
from player.session.clock import FakeClock
from player.session.engine import Session
from player.session.prepare import PreparedSession, prepare_session
from player.session.state import Status

PLAYER = "org.mpris.MediaPlayer2.Player"


@pytest.fixture
def prepared(session_bus: str) -> Iterator[tuple[PreparedSession, FakeClock]]:
    routine = load_routine(find_routine("desk-break-back")).routine
    clock = FakeClock()
    prepared = prepare_session(
        routine,
        name="desk-break-back",
        options=PlayOptions(audio="null", tts="fake"),
        clock=clock,
        record_history=False,
    )
    yield prepared, clock
    prepared.close()


@pytest.fixture
def published(
    prepared: tuple[PreparedSession, FakeClock],
) -> Iterator[tuple[Session, FakeClock, MediaPlayer]]:
    session_prepared, clock = prepared
    session = session_prepared.session
    player = MediaPlayer(session, "Desk break, lower back")
    assert player.start(), player.problem
    yield session, clock, player
    player.close()


def dbus_send(method: str) -> None:
    subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            f"--dest={BUS_NAME}",
            OBJECT_PATH,
            f"{PLAYER}.{method}",
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )


def get(prop: str, interface: str = PLAYER) -> str:
    done = subprocess.run(
        [
            "dbus-send",
            "--session",
            "--print-reply",
            f"--dest={BUS_NAME}",
            OBJECT_PATH,
            "org.freedesktop.DBus.Properties.Get",
            f"string:{interface}",
            f"string:{prop}",
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    )
    return done.stdout


def playerctl(*args: str) -> str:
    if shutil.which("playerctl") is None:
        pytest.fail("playerctl is not installed: scripts/install-system-packages installs it")
    done = subprocess.run(
        ["playerctl", "--player=workout_player", *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
        env=os.environ.copy(),
    )
    return done.stdout.strip()


def play_until(session: Session, clock: FakeClock, offset: float) -> None:
    while session.state().offset < offset and (deadline := session.next_deadline()):
        clock.advance(min(deadline, clock.now() + offset - session.state().offset) - clock.now())
        session.poll()


def test_dbus_send_pauses_resumes_skips_and_stops(
    published: tuple[Session, FakeClock, MediaPlayer],
) -> None:
    session, clock, _ = published
    session.start()
    play_until(session, clock, 20.0)
    assert "Playing" in get("PlaybackStatus")

    dbus_send("PlayPause")
    assert session.status is Status.PAUSED
    assert "Paused" in get("PlaybackStatus")
    held = session.state().offset
    clock.advance(60.0)
    assert session.state().offset == held  # paused on the fake clock

    dbus_send("PlayPause")
    assert session.status is Status.PLAYING

    before = session.state().step_index
    assert before is not None
    dbus_send("Next")
    assert session.state().step_index == before + 1

    dbus_send("Stop")
    assert session.status is Status.STOPPED
    assert "Stopped" in get("PlaybackStatus")


def test_playerctl_reads_the_routine_the_exercise_and_the_time_left(
    published: tuple[Session, FakeClock, MediaPlayer],
) -> None:
    session, clock, player = published
    session.start()
    while session.state().exercise is None:
        play_until(session, clock, session.state().offset + 1.0)
    player.on_events(session.poll())
    state = session.state()
    assert playerctl("metadata", "xesam:album") == "Desk break, lower back"
    assert playerctl("metadata", "xesam:title") == state.exercise
    length = int(playerctl("metadata", "mpris:length"))
    assert length == round((state.step_elapsed + state.step_left) * 1_000_000)
    played = float(playerctl("position"))
    assert played == pytest.approx(state.step_elapsed, abs=0.001)
    assert playerctl("status") == "Playing"

    playerctl("pause")
    assert session.status is Status.PAUSED
    assert playerctl("status") == "Paused"
    playerctl("play")
    assert session.status is Status.PLAYING
    first = session.state().exercise
    playerctl("next")
    assert session.state().exercise != first
    playerctl("previous")
    assert session.state().exercise == first
    playerctl("stop")
    assert session.status is Status.STOPPED


async def test_a_change_is_signalled_as_properties_changed(
    published: tuple[Session, FakeClock, MediaPlayer],
) -> None:
    session, clock, player = published
    bus = await MessageBus().connect()
    changes: asyncio.Queue[dict[str, Variant]] = asyncio.Queue()

    seeked: asyncio.Queue[int] = asyncio.Queue()

    def heard(message: Message) -> None:
        if message.member == "PropertiesChanged" and message.path == OBJECT_PATH:
            changes.put_nowait(message.body[1])
        if message.member == "Seeked" and message.path == OBJECT_PATH:
            seeked.put_nowait(message.body[0])

    bus.add_message_handler(heard)
    for interface in ("org.freedesktop.DBus.Properties", PLAYER):
        rule = f"type='signal',interface='{interface}',path='{OBJECT_PATH}'"
        await bus.call(
            Message(
                destination="org.freedesktop.DBus",
                path="/org/freedesktop/DBus",
                interface="org.freedesktop.DBus",
                member="AddMatch",
                signature="s",
                body=[rule],
            )
        )
    try:
        session.start()
        play_until(session, clock, 5.0)
        session.pause()
        player.on_events(session.poll())
        changed = await asyncio.wait_for(changes.get(), 30)
        assert changed["PlaybackStatus"].value == "Paused"
        session.next()
        player.on_events(session.poll())
        changed = await asyncio.wait_for(changes.get(), 30)
        assert changed["Metadata"].value["xesam:title"].value == session.state().exercise
        assert await asyncio.wait_for(seeked.get(), 30) == 0  # at the start of the step
        session.stop()
        player.on_events(session.poll())
        changed = await asyncio.wait_for(changes.get(), 30)
        assert changed["PlaybackStatus"].value == "Stopped"
        assert changed["CanGoNext"].value is False
    finally:
        bus.disconnect()


def test_without_a_session_bus_nothing_happens(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    routine = load_routine(find_routine("desk-break-back")).routine
    prepared = prepare_session(
        routine,
        name="desk-break-back",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
        record_history=False,
    )
    try:
        player = MediaPlayer(prepared.session, routine.title)
        assert not player.start()
        assert player.problem is not None and "session bus" in player.problem
        player.on_events([])
        player.close()
    finally:
        prepared.close()
    assert capfd.readouterr() == ("", "")


def test_a_bus_that_is_gone_is_no_problem_either(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={tmp_path}/no-bus")
    routine = load_routine(find_routine("desk-break-back")).routine
    prepared = prepare_session(
        routine,
        name="desk-break-back",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
        record_history=False,
    )
    try:
        player = MediaPlayer(prepared.session, routine.title)
        assert not player.start()
        assert player.problem is not None
        player.close()
    finally:
        prepared.close()
    assert capfd.readouterr() == ("", "")
