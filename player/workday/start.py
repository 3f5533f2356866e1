"""Starting the break a reminder offered: inline in the reminder's own terminal, or in the
user's terminal emulator, found the usual way ($TERMINAL, x-terminal-emulator, then the
common ones)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path

from player.errors import UserError

TERMINALS = (
    "x-terminal-emulator",  # Debian's alternative: the user's (or the desktop's) choice
    "gnome-terminal",
    "konsole",
    "xfce4-terminal",
    "kgx",
    "ptyxis",
    "kitty",
    "alacritty",
    "foot",
    "wezterm",
    "xterm",
)
# How each terminal is told to run a command (argument lists); `-e` for the rest.
_RUN_FLAGS: dict[str, tuple[str, ...]] = {
    "gnome-terminal": ("--",),
    "kgx": ("--",),
    "ptyxis": ("--",),
    "xfce4-terminal": ("-x",),
    "kitty": (),
    "foot": (),
    "wezterm": ("start", "--"),
}


class NoTerminal(UserError):
    """No terminal emulator to open the break in."""


def find_terminal(
    environ: Mapping[str, str] = os.environ, which: Callable[[str], str | None] = shutil.which
) -> list[str] | None:
    """The terminal emulator as an argument list: $TERMINAL (which may carry options),
    then x-terminal-emulator and the common ones on PATH; None when there is none."""
    chosen = shlex.split(environ.get("TERMINAL", ""))
    if chosen and which(chosen[0]):
        return chosen
    for name in TERMINALS:
        found = which(name)
        if found:
            return [found]
    return None


def in_terminal(terminal: list[str], command: list[str]) -> list[str]:
    """The argument list that opens `terminal` running `command`."""
    flags = _RUN_FLAGS.get(Path(terminal[0]).name, ("-e",))
    return [*terminal, *flags, *command]


def break_command(arguments: list[str], *, no_ui: bool) -> list[str]:
    """`workout ARGUMENTS` as this Python runs it (the same install, venv or not)."""
    return [sys.executable, "-m", "player", *arguments, *(["--no-ui"] if no_ui else [])]


class BreakStarter:
    """Starts a break: inline (`--no-ui`, waiting for it) when the reminder runs in a
    terminal, otherwise in a new terminal window (not waited for)."""

    def __init__(
        self,
        arguments: list[str],
        *,
        inline: bool,
        environ: Mapping[str, str] = os.environ,
        handover: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext,
    ) -> None:
        self.arguments = arguments
        self.inline = inline
        self.environ = environ
        self.handover = handover  # while an inline break plays, the terminal is its own

    async def start(self) -> str:
        """Start it; what was started, in words."""
        if self.inline:
            with self.handover():
                process = await asyncio.create_subprocess_exec(
                    *break_command(self.arguments, no_ui=True)
                )
                await process.wait()
            return "the break played here"
        terminal = find_terminal(self.environ)
        if terminal is None:
            raise NoTerminal(
                "no terminal emulator found to open the break in: set $TERMINAL "
                "(e.g. TERMINAL=xterm) or run `workout remind` in a terminal"
            )
        argv = in_terminal(terminal, break_command(self.arguments, no_ui=False))
        subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=dict(self.environ),
        )
        return f"the break opened in {Path(terminal[0]).name}"
