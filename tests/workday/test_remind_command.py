"""`workout remind` as a user runs it: the real process on a private session bus (its
notification, Start opening a terminal, --status, a clean stop), the terminal fallback,
--install / --uninstall (the unit checked with systemd-analyze), and finding a terminal."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from player.cli import main
from player.workday import install
from player.workday.start import break_command, find_terminal, in_terminal
from tests.workday.standins import serve_notifications

PATIENCE = 60.0
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own: config, runtime dir."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    (tmp_path / "run").mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    return tmp_path


def fake_terminal(folder: Path) -> Path:
    """A 'terminal emulator' that writes down what it was asked to run."""
    script = folder / "my-terminal"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{folder}/opened"\n', encoding="utf-8")
    script.chmod(0o755)
    return script


async def test_the_reminder_process_notifies_and_start_opens_a_terminal(
    session_bus: str, home: Path
) -> None:
    server_bus, server = await serve_notifications()
    environment = {**os.environ, "TERMINAL": str(fake_terminal(home)), "PYTHONUNBUFFERED": "1"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "player", "remind", "--now", "--minutes", "4",
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env=environment, cwd=ROOT,
    )  # fmt: skip
    try:
        shown = await asyncio.wait_for(server.shown.get(), PATIENCE)
        assert shown.summary == "Time for a short break"
        assert shown.body.startswith("A 4-minute quick break")
        assert shown.actions[1::2] == ["Start", "In 10 minutes", "Skip"]
        server.ActionInvoked(shown.id, "start")
        opened = home / "opened"
        for _ in range(int(PATIENCE * 10)):
            if opened.exists() and opened.read_text().strip():
                break
            await asyncio.sleep(0.1)
        words = opened.read_text().split("\n")
        assert words[:4] == ["-e", sys.executable, "-m", "player"]
        assert words[4:10] == ["break", "--minutes", "4", "--language", "en", ""]

        status = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "player", "remind", "--status"],
            capture_output=True, text=True, cwd=ROOT, timeout=PATIENCE,
        )  # fmt: skip
        assert f"The reminder runs (pid {process.pid})" in status.stdout
        assert "Next reminder: " in status.stdout
        second = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "player", "remind"],
            capture_output=True, text=True, cwd=ROOT, timeout=PATIENCE, env=environment,
        )  # fmt: skip
        assert second.returncode == 1
        assert f"workout: a reminder already runs (pid {process.pid})" in second.stderr
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(process.communicate(), PATIENCE)
        server_bus.disconnect()
    text = out.decode()
    assert process.returncode == 0, text
    assert "by desktop notifications" in text.splitlines()[0]
    assert "Start: the break opened in my-terminal" in text
    assert not (home / "run" / "workout-player" / "remind.json").exists()


def test_without_a_session_bus_a_line_and_a_bell(home: Path, tmp_path: Path) -> None:
    environment = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/none"}
    process = subprocess.Popen(
        [sys.executable, "-m", "player", "remind", "--now"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=environment, cwd=ROOT, text=True,
    )  # fmt: skip
    try:
        first = process.stdout.readline() if process.stdout else ""
        second = process.stdout.readline() if process.stdout else ""
        bell = process.stdout.readline() if process.stdout else ""
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=PATIENCE)
    assert "by a line and a bell in this terminal" in first
    assert "Time for a short break. A 3-minute quick break" in second
    assert bell == "\a\n"
    assert process.returncode == 0


def test_status_when_not_running(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["remind", "--status", "--days", "every day"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The reminder is not running; not installed (workout remind --install)")
    assert "By the schedule, the next break is " in out


def test_install_without_systemd_writes_an_autostart_entry_and_uninstall_removes_it(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(install, "systemd_user_session", lambda: False)
    assert main(["remind", "--install"]) == 0
    entry = home / ".config" / "autostart" / "workout-remind.desktop"
    assert f"Installed {entry}" in capsys.readouterr().out
    lines = entry.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert f"Exec={sys.executable} -m player remind" in lines
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert checked.returncode == 0, checked.stdout
    assert main(["remind", "--status"]) == 0
    assert "installed as an autostart entry" in capsys.readouterr().out
    assert main(["remind", "--uninstall"]) == 0
    assert capsys.readouterr().out.startswith(f"Removed {entry}")
    assert not entry.exists()
    assert [p for p in home.rglob("*") if p.is_file()] == []  # nothing else was written
    assert main(["remind", "--uninstall"]) == 0
    assert "was not installed" in capsys.readouterr().out


def test_install_with_systemd_writes_a_unit_and_enables_it(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A systemd user manager is not there in CI; its systemctl calls are recorded."""
    calls: list[tuple[str, ...]] = []

    def systemctl(*args: str) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        return subprocess.CompletedProcess(["systemctl", *args], 0, "", "")

    monkeypatch.setattr(install, "_systemctl", systemctl)
    monkeypatch.setattr(install, "systemd_user_session", lambda: True)
    assert main(["remind", "--install"]) == 0
    unit = home / ".config" / "systemd" / "user" / "workout-remind.service"
    assert f"Installed {unit}" in capsys.readouterr().out
    assert calls == [("daemon-reload",), ("enable", "--now", "workout-remind.service")]
    assert f"ExecStart={sys.executable} -m player remind" in unit.read_text().splitlines()
    assert main(["remind", "--uninstall"]) == 0
    assert ("disable", "--now", "workout-remind.service") in calls
    assert not unit.exists()


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (it comes with systemd)")
    unit = tmp_path / "workout-remind.service"
    unit.write_text(install.unit_text(install.remind_command()), encoding="utf-8")
    checked = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stderr
    assert "workout-remind.service" not in checked.stderr  # no complaint about our unit
    # and it does catch a broken one
    unit.write_text(install.unit_text(["/nonexistent/python", "-m", "player"]), encoding="utf-8")
    broken = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True)
    assert broken.returncode != 0


def test_paths_with_spaces_are_quoted() -> None:
    text = install.unit_text(["/opt/my venv/bin/python", "-m", "player", "remind"])
    assert 'ExecStart="/opt/my venv/bin/python" -m player remind' in text
    desktop = install.desktop_text(["/opt/my venv/bin/python", "-m", "player", "remind"])
    assert 'Exec="/opt/my venv/bin/python" -m player remind' in desktop


def test_the_terminal_is_found_the_usual_way() -> None:
    on_path = {"xterm": "/usr/bin/xterm", "kitty": "/usr/bin/kitty", "foot": "/usr/bin/foot"}

    def which(name: str) -> str | None:
        return on_path.get(name)

    assert find_terminal({"TERMINAL": "foot --app-id=x"}, which) == ["foot", "--app-id=x"]
    assert find_terminal({"TERMINAL": "not-installed"}, which) == ["/usr/bin/kitty"]
    assert find_terminal({}, {"xterm": "/usr/bin/xterm"}.get) == ["/usr/bin/xterm"]
    assert find_terminal({}, lambda name: None) is None
    command = ["python", "-m", "player", "break"]
    assert in_terminal(["/usr/bin/xterm"], command) == ["/usr/bin/xterm", "-e", *command]
    assert in_terminal(["gnome-terminal"], command) == ["gnome-terminal", "--", *command]
    assert in_terminal(["kitty"], command) == ["kitty", *command]
    assert in_terminal(["xfce4-terminal"], command) == ["xfce4-terminal", "-x", *command]
    assert break_command(["break"], no_ui=True)[-2:] == ["break", "--no-ui"]


def test_status_file_is_json_with_the_next_reminder(home: Path) -> None:
    from datetime import datetime

    from player.workday.remind import status_file, write_status

    write_status(datetime(2026, 12, 1, 10, 0).astimezone(), False, "desktop notifications")
    document = json.loads(status_file().read_text())
    assert document["pid"] == os.getpid()
    assert document["next"].startswith("2026-12-01T10:00:00")
    # this pytest process wrote it, and is no reminder: a left-over file does not count
    assert not install.status(status_file()).running
