"""Choosing a playback backend from `--audio SPEC`, and probing which ones work here.

SPEC is `auto`, `simpleaudio`, `command` (or `command:PROGRAM ARGS`), `null`,
`record:PATH` or `winsound`. Backends are imported only when chosen. `auto` tries
simpleaudio, then an external player (winsound on Windows), each by playing 20 ms of
silence with its error text silenced, and falls back to `null`, saying why.
"""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from player.errors import UsageError
from player.i18n import N_
from player.sound.base import Clock, Output

SPECS = "auto, simpleaudio, command, null, record:PATH"
DOCTOR = "`workout doctor` says why and what to install"
# Shown as it is, or translated where it is shown (`player.i18n`).
SILENT = N_(
    "no sound device found, so the session plays silently; "
    "`workout doctor` says why and what to install"
)


class Probe(NamedTuple):
    """Whether one backend works here, and what it said."""

    name: str
    ok: bool
    detail: str


@dataclass(frozen=True, slots=True)
class OutputChoice:
    """The backend chosen and why, so the UI and CLI can say so."""

    output: Output
    reason: str
    silent: bool = False  # True when nothing will be heard (null, or only a recording)


def _probe(name: str) -> Probe:
    if name == "simpleaudio":
        from player.sound.simpleaudio_output import probe_simpleaudio

        return Probe(name, *probe_simpleaudio())
    if name == "command":
        from player.sound.command import probe_command

        return Probe(name, *probe_command())
    if name == "winsound":
        from player.sound.command import on_windows

        ok = on_windows()
        return Probe(name, ok, "built into Windows" if ok else "only on Windows")
    return Probe("null", True, "plays nothing, keeps time")


def probe_outputs() -> list[Probe]:
    """Every playback backend that could work on this system, probed (for `workout doctor`)."""
    names = ["simpleaudio", "winsound" if sys.platform == "win32" else "command", "null"]
    return [_probe(name) for name in names]


def _auto(clock: Clock | None) -> OutputChoice:
    """The first backend that plays; none: silence, said in one plain line (what each
    backend answered is `workout doctor`'s to show, not a terminal line's)."""
    for name in ("simpleaudio", "winsound" if sys.platform == "win32" else "command"):
        probe = _probe(name)
        if probe.ok:
            return OutputChoice(_open(name, "", clock).output, f"{name}: {probe.detail}")
    from player.sound.null import NullOutput

    return OutputChoice(NullOutput(clock), SILENT, silent=True)


def parse_spec(spec: str) -> tuple[str, str]:
    """`--audio SPEC` as (backend, argument), checked without opening anything.

    Raises `UsageError` for what cannot work whatever the machine: an unknown backend, a
    recording path that cannot be written, a command that cannot be read.
    """
    name, colon, argument = spec.strip().partition(":")
    if name in ("auto", "null", "simpleaudio", "winsound") and not colon:
        return name, ""
    if name == "record":
        if not argument:
            raise UsageError("record needs a file: --audio record:PATH.wav")
        path = Path(argument)
        if path.suffix.lower() != ".wav":
            raise UsageError(f"record writes WAV files: --audio record:{path.with_suffix('.wav')}")
        _check_record_path(path)
        return name, argument
    if name == "command":
        try:
            shlex.split(argument)
        except ValueError as error:  # an unclosed quote
            raise UsageError(f"--audio {spec}: cannot read the command ({error})") from None
        return name, argument
    raise UsageError(f"unknown audio backend {spec!r}: choose {SPECS}")


def select_output(spec: str, clock: Clock | None = None) -> OutputChoice:
    """The backend SPEC names, and why. `clock` times `null` and `record:` (a fake clock in
    tests). A backend that cannot work here is a SoundError saying what is missing."""
    name, argument = parse_spec(spec)
    if name == "auto":
        return _auto(clock)
    if name in ("simpleaudio", "command"):
        # Asked for by name: tried once now, so one that cannot play here says so once,
        # instead of failing on every clip.
        ok, _detail = _probe_named(name, argument)
        if not ok:
            from player.sound.null import NullOutput

            reason = f"--audio {spec.strip()} cannot play here, so the session plays silently"
            return OutputChoice(NullOutput(clock), f"{reason}; {DOCTOR}", silent=True)
    return _open(name, argument, clock)


def _probe_named(name: str, argument: str) -> tuple[bool, str]:
    if name == "command" and argument:
        from player.sound.command import probe_command

        return probe_command(shlex.split(argument))
    probe = _probe(name)
    return probe.ok, probe.detail


def _open(name: str, argument: str, clock: Clock | None) -> OutputChoice:
    """The backend `name` (already checked by `parse_spec`), and why it was chosen."""
    if name == "null":
        from player.sound.null import NullOutput

        return OutputChoice(NullOutput(clock), "none (--audio null): silent", silent=True)
    if name == "record":
        from player.sound.record import RecordOutput

        path = Path(argument)
        return OutputChoice(RecordOutput(path, clock), f"recording to {path}", silent=True)
    if name == "simpleaudio":
        from player.sound.simpleaudio_output import SimpleaudioOutput

        return OutputChoice(SimpleaudioOutput(), "simpleaudio")
    if name == "command":
        from player.sound.command import CommandOutput

        output = CommandOutput(shlex.split(argument) if argument else None)
        return OutputChoice(output, f"command: {' '.join(output.argv)}")
    from player.sound.command import WinsoundOutput

    return OutputChoice(WinsoundOutput(), "winsound")


def _check_record_path(path: Path) -> None:
    """Say now, not after the session, when the recording could not be written."""
    folder = path.parent
    if path.is_dir():
        raise UsageError(f"--audio record:{path}: that is a folder; name a .wav file in it")
    if not folder.is_dir():
        raise UsageError(f"--audio record:{path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise UsageError(f"--audio record:{path}: folder {folder} is not writable")


def choose_output(spec: str, clock: Clock | None = None) -> Output:
    """The backend SPEC names (see `select_output` for the reason it was chosen)."""
    return select_output(spec, clock).output
