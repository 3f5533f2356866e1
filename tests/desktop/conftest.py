"""A private D-Bus session bus for the desktop tests, started and ended by the test."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Iterator

import pytest


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A `dbus-daemon --session` of the test's own; its address is in the environment."""
    if shutil.which("dbus-daemon") is None:
        pytest.fail("dbus-daemon is not installed: scripts/install-system-packages installs it")
    started = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        check=True,
    )
    address, pid = started.stdout.split()[:2]
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        os.kill(int(pid), signal.SIGTERM)
