"""`workout play --no-ui` and `workout break --no-ui` as real processes on a private session
bus: playerctl pauses, resumes, skips and stops them, as a headset button or media key would."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from queue import Empty, Queue

import pytest

PATIENCE = 60.0  # seconds; generous: a busy machine is slow, never wrong


class Running:
    """A `workout` process whose output lines are read as they come."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "player", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: Queue[str] = Queue()
        self.seen: list[str] = []
        assert self.process.stdout is not None
        stdout = self.process.stdout

        def read() -> None:
            for line in stdout:
                self.lines.put(line)

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, text: str) -> str:
        end = time.monotonic() + PATIENCE
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=1.0)
            except Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never came; saw:\n{''.join(self.seen)}")


def playerctl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["playerctl", "--player=workout_player", *args],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )


def wait_for_player() -> None:
    end = time.monotonic() + PATIENCE
    while time.monotonic() < end:
        if playerctl("status").stdout.strip() == "Playing":
            return
        time.sleep(0.2)
    raise AssertionError("the player never appeared on the bus")


@pytest.fixture
def playing(session_bus: str) -> Iterator[Running]:
    running = Running("play", "full-reconditioning", "--no-ui", "--audio", "null", "--tts", "fake")
    yield running
    if running.process.poll() is None:
        running.process.kill()
    running.process.wait(PATIENCE)


def test_playerctl_drives_a_console_session(playing: Running) -> None:
    wait_for_player()
    assert playerctl("metadata", "xesam:album").stdout.strip() == "Full reconditioning session"

    playerctl("pause")
    playing.wait_for("paused at")
    assert playerctl("status").stdout.strip() == "Paused"
    playerctl("play")
    playing.wait_for("going on")

    playerctl("next")
    line = playing.wait_for(" 2/")
    title = playerctl("metadata", "xesam:title").stdout.strip()
    assert title and title in line

    playerctl("stop")
    playing.wait_for("Stopped after")
    assert playing.process.wait(PATIENCE) == 0
    assert playing.process.stderr is not None
    assert playing.process.stderr.read() == ""


def test_a_quick_break_is_on_the_bus_too(session_bus: str) -> None:
    running = Running("break", "--no-ui", "--audio", "null", "--tts", "fake", "--seed", "1")
    try:
        wait_for_player()
        assert playerctl("metadata", "xesam:album").stdout.strip()
        playerctl("stop")
        running.wait_for("Stopped after")
        assert running.process.wait(PATIENCE) == 0
    finally:
        if running.process.poll() is None:
            running.process.kill()


QUICK = """\
title: Q
defaults: {prepare: 1s, countdown: 1, rest: 0}
sections:
  - name: S
    kind: stabilisation
    exercises:
      - {name: Brace, duration: 2s}
"""


def test_without_a_bus_the_console_shows_nothing_of_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    quick = tmp_path / "quick.yaml"
    quick.write_text(QUICK)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "player",
            "play",
            str(quick),
            "--no-ui",
            "--audio",
            "null",
            "--tts",
            "fake",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "Finished" in done.stdout
    assert "bus" not in done.stdout.lower() and "mpris" not in done.stdout.lower()


OPEN_REPS = """\
title: Open reps
defaults: {prepare: 2s, countdown: 1, rest: 0}
sections:
  - name: S
    kind: strengthening
    exercises:
      - {name: Squat, reps: 10}
"""


def test_a_spoken_pause_from_a_file_pauses_a_console_session(tmp_path: Path) -> None:
    """`--listen FILE.wav`: the file stands in for the microphone, in real time."""
    from player.desktop.listen import RATE
    from player.desktop.rehearse import mixed, noise, speak

    track = noise(40.0, seed=3, level=600.0)
    for at in range(4, 38, 3):  # "pause" every 3 s: some fall where the player is silent
        track = mixed(track, speak("pause", "en-us", 165), float(at))
    words = tmp_path / "words.wav"
    with wave.open(str(words), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(track)
    routine = tmp_path / "open.yaml"
    routine.write_text(OPEN_REPS)
    running = Running(
        "play", str(routine), "--no-ui", "--audio", "null", "--tts", "fake", "--listen", str(words)
    )
    try:
        running.wait_for("listening for: done, pause, go on, next, back, repeat, time")
        running.wait_for('heard "pause"')
        running.wait_for("paused at")
    finally:
        running.process.terminate()
        running.process.wait(PATIENCE)
