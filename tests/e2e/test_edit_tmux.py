"""End to end in a real terminal: copy a bundled routine, edit it in tmux, save, check it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable

import pytest

from player import paths

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

WORKOUT = [sys.executable, "-m", "player"]


class Tmux:
    """One tmux server of our own (its own socket), one session, one window."""

    def __init__(self, env: dict[str, str]) -> None:
        self.socket = f"workout-edit-{uuid.uuid4().hex[:8]}"
        self.env = env

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def start(self, command: list[str]) -> None:
        exports = [f"-e{k}={v}" for k, v in self.env.items() if k.startswith("WORKOUT_")]
        self.run(
            "new-session", "-d", "-s", "edit", "-x", "120", "-y", "40", *exports,
            *[" ".join(command)],
        )  # fmt: skip
        self.run("set-option", "-t", "edit", "remain-on-exit", "on")

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "edit")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "edit", *keys)

    def type(self, text: str) -> None:
        self.run("send-keys", "-t", "edit", "-l", text)

    def wait_for(self, seen: Callable[[str], bool], what: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if seen(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")

    def exited(self) -> bool:
        return self.run("display-message", "-p", "-t", "edit", "#{pane_dead}").strip() == "1"

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], check=False, env=self.env)


def test_edit_a_copy_of_a_bundled_routine_in_tmux() -> None:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    made = subprocess.run(
        [*WORKOUT, "new", "x", "--from", "desk-break-back"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    path = paths.user_routines_dir() / "x.yaml"
    copied = path.read_text(encoding="utf-8")

    tmux = Tmux(env)
    tmux.start([*WORKOUT, "edit", "x"])
    try:
        tmux.wait_for(lambda s: "Edit x" in s and "Total" in s, "the editor with its preview")
        tmux.type("# edited in tmux")
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "modified" in s, "the modified mark")
        tmux.keys("C-s")
        tmux.wait_for(lambda s: "Saved" in s, "the saved notice")
        tmux.keys("Escape")
        deadline = time.monotonic() + 10
        while not tmux.exited() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert tmux.exited(), tmux.screen()
    finally:
        tmux.kill()

    assert path.read_text(encoding="utf-8") == "# edited in tmux\n" + copied
    checked = subprocess.run(
        [*WORKOUT, "check", "x"], env=env, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
