"""`workout play` in a real terminal (tmux): the screen, pause, resume, quit, and the history."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from player.history import open_history, recent_sessions
from player.history.checkins import read_checkins

ROOT = Path(__file__).resolve().parents[2]
ROUTINE = ROOT / "tests" / "tui" / "routines" / "short.yaml"
WORKOUT = Path(sys.executable).with_name("workout")

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def _tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A tmux session name (killed afterwards) and a data dir of its own."""
    name = f"workout-e2e-{uuid.uuid4().hex[:8]}"
    try:
        yield name, tmp_path
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True, check=False)


def _screen(name: str) -> str:
    return _tmux("capture-pane", "-p", "-t", name)


def _wait(name: str, seen: Callable[[str], bool], what: str, timeout: float = 15.0) -> str:
    end = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < end:
        screen = _screen(name)
        if seen(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"never saw {what}; the screen was:\n{screen}")


def test_play_pause_resume_quit_and_the_session_is_in_history(
    terminal: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    name, tmp = terminal
    data, record = tmp / "data", tmp / "heard.wav"
    env = {
        "WORKOUT_DATA_DIR": str(data),
        "WORKOUT_CACHE_DIR": str(tmp / "cache"),
        "WORKOUT_CONFIG_DIR": str(tmp / "config"),
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = (
        f"cd {shlex.quote(str(ROOT))} && env {exports} {shlex.quote(str(WORKOUT))} play "
        f"{shlex.quote(str(ROUTINE))} --audio record:{shlex.quote(str(record))} --tts fake; "
        f"echo EXIT=$?; sleep 30"
    )
    _tmux("new-session", "-d", "-s", name, "-x", "110", "-y", "34", command)

    # A first run: the red flags come first, and Enter confirms them once.
    screen = _wait(name, lambda s: "when to stop and get help" in s, "the red flags")
    assert "saddle area" in screen
    _tmux("send-keys", "-t", name, "Enter")
    # The check-in before: one key.
    _wait(name, lambda s: "How is your back today, 0 to 10?" in s, "the check-in")
    _tmux("send-keys", "-t", name, "3")
    # Speech renders first (a progress bar, longer on a busy machine), then the frame, then
    # the first exercise is drawn: wait for all of them.
    screen = _wait(
        name,
        lambda s: "q Quit" in s and "Player test" in s and "Seated cat-cow" in s,
        "the player with its first exercise",
        timeout=60.0,
    )
    # The countdown is the biggest thing on the screen: digits of full blocks, rows high.
    assert sum("████" in line for line in screen.splitlines()) >= 10

    _wait(name, lambda s: "MOBILISATION" in s, "the first section", timeout=20)
    _tmux("send-keys", "-t", name, "Space")
    screen = _wait(name, lambda s: "PAUSED" in s, "the pause")
    assert "space to go on" in screen
    _tmux("send-keys", "-t", name, "Space")
    _wait(name, lambda s: "PAUSED" not in s, "the resume")

    _tmux("send-keys", "-t", name, "q")
    _wait(name, lambda s: "Stop this session?" in s, "the question")
    _tmux("send-keys", "-t", name, "y")
    # The check-in after: pain, then effort.
    _wait(name, lambda s: "How is your back today" in s, "the check-in after")
    _tmux("send-keys", "-t", name, "2")
    _wait(name, lambda s: "How hard was that" in s, "the effort question")
    _tmux("send-keys", "-t", name, "6")
    screen = _wait(name, lambda s: "Stopped early" in s, "the summary")
    assert "Player test" in screen
    flowing = " ".join(screen.split())  # the command wraps where the checkout's path is long
    assert f"Go on later with: workout play {ROUTINE} --resume" in flowing
    _tmux("send-keys", "-t", name, "Enter")
    screen = _wait(name, lambda s: "EXIT=" in s, "the end of the command")
    assert "EXIT=0" in screen
    assert "Traceback" not in screen

    monkeypatch.setenv("WORKOUT_DATA_DIR", str(data))
    with open_history() as history:
        sessions = recent_sessions(history=history, include_short=True)
    assert [(s.routine, s.title, s.status) for s in sessions] == [
        ("short", "Player test", "stopped")
    ]
    assert (data / "red-flags-read").is_file()  # not shown again
    with open_history() as history:
        checkins = [(c.moment.value, c.pain, c.effort) for c in read_checkins(history)]
    assert checkins == [("before", 3, None), ("after", 2, 6)]
    with wave.open(str(record)) as heard:
        assert heard.getnframes() > heard.getframerate()  # more than a second was heard
