"""`workout remind` in a real terminal (tmux) without a desktop: the line, the bell, and
its keys — later, skip, and Enter playing the break right there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.test_edit_tmux import WORKOUT, Tmux

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
PATIENCE = 120.0


def test_the_reminder_in_a_terminal_and_its_keys(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/no-bus",
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    tmux = Tmux(env)
    tmux.start([*WORKOUT, "remind", "--now", "--days", "mon-sun"])
    try:
        screen = tmux.wait_for(lambda s: "Enter: start" in s, "the reminder", PATIENCE)
        assert "by a line and a bell in this terminal" in screen
        assert "Time for a short break. A 3-minute quick break" in screen
        tmux.keys("l", "Enter")
        tmux.wait_for(lambda s: "asking again at" in s, "the snooze", PATIENCE)
        tmux.keys("s", "Enter")
        tmux.wait_for(lambda s: "skipped; next at" in s, "the skip", PATIENCE)
        tmux.keys("Enter")  # Start: the break plays here, with its own keys
        tmux.wait_for(lambda s: "q quit" in s, "the break's console player", PATIENCE)
        tmux.keys("q")
        screen = tmux.wait_for(lambda s: "Start: the break played here" in s, "the end", PATIENCE)
        assert "Stopped after" in screen
        tmux.keys("C-c")
        tmux.wait_for(lambda s: "workout remind: stopped" in s, "the reminder to stop", PATIENCE)
    finally:
        tmux.kill()
