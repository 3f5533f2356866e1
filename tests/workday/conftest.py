"""A private D-Bus session bus for the reminder's tests (dbus-daemon, started here)."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator

import pytest


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh session bus of our own; DBUS_SESSION_BUS_ADDRESS points at it.
    dbus-daemon comes with the `dbus-daemon` package (scripts/install-system-packages)."""
    started = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    address, pid = started.stdout.split()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        os.kill(int(pid), signal.SIGTERM)
