"""Installing the reminder the way Linux users expect: a systemd user service, or an XDG
autostart entry where there is no systemd user session. Only the user's config dir is
written (`$XDG_CONFIG_HOME`, by default `~/.config`)."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from player.errors import UserError
from player.files import write_atomic

UNIT_NAME = "workout-remind.service"
DESKTOP_NAME = "workout-remind.desktop"


def config_home() -> Path:
    value = os.environ.get("XDG_CONFIG_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".config"


def unit_file() -> Path:
    return config_home() / "systemd" / "user" / UNIT_NAME


def autostart_file() -> Path:
    return config_home() / "autostart" / DESKTOP_NAME


def remind_command() -> list[str]:
    """How the service runs the reminder: this Python, this install."""
    return [sys.executable, "-m", "player", "remind"]


def unit_text(command: list[str]) -> str:
    exec_start = " ".join(_systemd_quote(word) for word in command)
    return (
        "[Unit]\n"
        "Description=workout-player: break reminders during the working day\n"
        "After=graphical-session.target\n"
        "\n"
        "[Service]\n"
        "Type=exec\n"
        f"ExecStart={exec_start}\n"
        "Restart=on-failure\n"
        "RestartSec=30s\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def desktop_text(command: list[str]) -> str:
    exec_line = " ".join(_desktop_quote(word) for word in command)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Workout break reminders\n"
        "Name[de]=Workout-Pausenerinnerung\n"
        "Comment=Offers a short exercise break every hour of the working day\n"
        "Comment[de]=Schlägt im Arbeitstag jede Stunde eine kurze Bewegungspause vor\n"
        f"Exec={exec_line}\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _systemd_quote(word: str) -> str:
    if word and not any(c in word for c in " \t\"'\\$%;"):
        return word
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("$", "$$").replace("%", "%%")
    return f'"{escaped}"'


def _desktop_quote(word: str) -> str:
    """The Exec key's quoting (Desktop Entry Specification, "The Exec key")."""
    if word and not any(c in word for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return word
    escaped = word.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
    escaped = escaped.replace("$", "\\$").replace("%", "%%")
    return f'"{escaped}"'


def _systemctl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["systemctl", "--user", *args], capture_output=True, text=True, timeout=60, check=False
    )


def systemd_user_session() -> bool:
    """Whether a systemd user manager answers (not so in containers, ssh without lingering,
    or desktops without systemd)."""
    if shutil.which("systemctl") is None:
        return False
    try:
        return _systemctl("show-environment").returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def install(*, systemd: bool | None = None) -> str:
    """Write the unit (and enable and start it) or the autostart entry; what was done."""
    systemd = systemd_user_session() if systemd is None else systemd
    command = remind_command()
    if systemd:
        _write(unit_file(), unit_text(command))
        for step in (("daemon-reload",), ("enable", "--now", UNIT_NAME)):
            done = _systemctl(*step)
            if done.returncode != 0:
                raise UserError(
                    f"wrote {unit_file()}, but `systemctl --user {' '.join(step)}` failed: "
                    f"{done.stderr.strip() or done.returncode}"
                )
        return (
            f"Installed {unit_file()}: the reminder runs now and starts with every login "
            f"(journalctl --user -u {UNIT_NAME} shows what it did)"
        )
    _write(autostart_file(), desktop_text(command))
    return (
        f"Installed {autostart_file()}: the reminder starts with your next desktop login; "
        "to start it now: workout remind &"
    )


def uninstall() -> str:
    """Stop and remove whichever is installed; what was done."""
    removed = []
    if unit_file().exists():
        if systemd_user_session():
            _systemctl("disable", "--now", UNIT_NAME)
        unit_file().unlink()
        if systemd_user_session():
            _systemctl("daemon-reload")
        removed.append(str(unit_file()))
    if autostart_file().exists():
        autostart_file().unlink()
        removed.append(str(autostart_file()))
    if not removed:
        return "Nothing to remove: the reminder was not installed"
    return "Removed " + " and ".join(removed)


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from error


@dataclass(frozen=True, slots=True)
class Status:
    installed: str  # "systemd", "autostart" or ""
    running: bool
    pid: int | None
    next_at: datetime | None
    following_workrave: bool


def status(status_path: Path) -> Status:
    """Installed how, running or not (the process that wrote `status_path` is alive and a
    reminder), and its next reminder."""
    installed = (
        "systemd" if unit_file().exists() else "autostart" if autostart_file().exists() else ""
    )
    try:
        document = json.loads(status_path.read_text(encoding="utf-8"))
        pid = int(document["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return Status(installed, False, None, None, False)
    if not _is_reminder(pid):
        return Status(installed, False, None, None, False)
    next_at = datetime.fromisoformat(document["next"]) if document.get("next") else None
    return Status(installed, True, pid, next_at, bool(document.get("following_workrave")))


def _is_reminder(pid: int) -> bool:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(
        (word == b"player" or word.endswith(b"workout")) and following == b"remind"
        for word, following in itertools.pairwise(words)
    )


def describe(info: Status, planned: datetime) -> str:
    """`--status` in words."""
    how = {
        "systemd": f"installed as a systemd user service ({unit_file()})",
        "autostart": f"installed as an autostart entry ({autostart_file()})",
        "": "not installed (workout remind --install)",
    }[info.installed]
    if not info.running:
        return (
            f"The reminder is not running; {how}.\n"
            f"By the schedule, the next break is {_when(planned)}."
        )
    if info.following_workrave:
        nxt = "when Workrave's next rest break begins"
    elif info.next_at is not None:
        nxt = _when(info.next_at)
    else:
        nxt = "none planned"
    return f"The reminder runs (pid {info.pid}); {how}.\nNext reminder: {nxt}."


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    today = datetime.now().astimezone().date()
    if local.date() == today:
        return f"today at {local:%H:%M}"
    return f"{local:%A %d %B} at {local:%H:%M}"
