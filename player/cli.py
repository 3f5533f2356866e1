"""The `workout` command: parses arguments and hands over to one module per subcommand."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from player import __version__
from player.commands import (
    cache,
    calendar,
    check,
    config,
    doctor,
    edit,
    exercises,
    export,
    handout,
    history,
    import_,
    library,
    plan,
    play,
    quickbreak,
    remind,
    report,
    rm,
    safety,
    schema,
    show,
)
from player.commands import list as list_
from player.commands import new as new_
from player.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    UsageError,
    UserError,
    printable,
)


# Subcommand name -> its module in `player.commands` and its help. Each module has
# `add_arguments(parser)` and `run(args) -> int`, imports only what is light at its top and
# anything heavy (Textual, pyttsx3, pydantic, the routine loader) inside `run`, so
# `workout --help` and `workout check` start fast and never load Textual.
class CommandModule(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...
    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: dict[str, tuple[CommandModule, str]] = {
    "play": (play, "play a routine, spoken and timed"),
    "break": (quickbreak, "a quick session for a work break"),
    "check": (check, "validate routine files and summarise them"),
    "show": (show, "print the spoken script with timestamps (or the timeline as JSON)"),
    "export": (export, "mix a whole session into one audio file"),
    "new": (new_, "create a routine from a template or a copy"),
    "edit": (edit, "edit a routine with live validation and preview"),
    "list": (list_, "list bundled and user routines"),
    "history": (history, "sessions done, streak, minutes per kind"),
    "doctor": (doctor, "check speech, sound and paths"),
    "schema": (schema, "print the JSON Schema for routine files"),
    "cache": (cache, "show or clear the speech cache"),
    "exercises": (exercises, "the exercise library: search it, with each id for `use:`"),
    "import": (import_, "a routine file from Workrave, Just Another Workout Timer or OpenHIIT"),
    "report": (report, "a progress report (HTML or PDF) from the history, for the therapist"),
    "handout": (handout, "a printable programme (HTML or PDF) with the routine as a QR code"),
    "remind": (remind, "offer a quick break every hour of the working day"),
    "calendar": (calendar, "write the break schedule as an iCalendar (.ics) file"),
    "config": (config, "show, get or set your settings (settings.toml)"),
    "rm": (rm, "remove one of your routines (asks first, keeps a copy)"),
    "plan": (plan, "what the next session of a routine will be, and why"),
    "safety": (safety, "when to stop and get help (red flags), and how much pain is fine"),
}


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `workout` parser. Given the arguments it will parse, only the command they name
    gets its arguments (`workout --help` lists the commands and adds none); without, every one."""
    parser = argparse.ArgumentParser(
        prog="workout",
        description="A voice-guided workout player for the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"workout-player {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = None if argv is None else next((a for a in argv if not a.startswith("-")), "")
    for command, (module, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(command, help=help_text, description=help_text)
        if named is None or named == command:
            module.add_arguments(command_parser)
        command_parser.set_defaults(module=module)
    return parser


# Commands that draw a Textual screen unless an option says otherwise: module -> that option.
SCREENS: dict[CommandModule, str | None] = {
    library: None,
    play: "no_ui",
    quickbreak: "no_ui",
    edit: "external",
}
_NO_SCREEN_HINTS: dict[CommandModule, str] = {
    library: "`workout list` lists the routines; `workout play ROUTINE --no-ui` plays one",
    play: "use --no-ui to play without a screen",
    quickbreak: "use --no-ui to play without a screen",
    edit: "use --external to edit in $EDITOR",
}


def _needs_terminal(module: CommandModule, args: argparse.Namespace) -> bool:
    if module not in SCREENS:
        return False
    option = SCREENS[module]
    return option is None or not getattr(args, option, False)


def _check_terminal(module: CommandModule, command: str) -> None:
    """A screen needs a terminal: keys come from stdin, Textual draws on stderr and asks
    stdout for the size. Without one it would wait forever, or draw into a file."""
    streams = (("input", sys.stdin), ("output", sys.stdout), ("error output", sys.stderr))
    redirected = [name for name, stream in streams if not _is_terminal(stream)]
    if not redirected:
        return
    name = f"workout {command}".strip()
    raise UsageError(
        f"`{name}` draws a screen and needs a terminal, but its {redirected[0]} is not one; "
        f"{_NO_SCREEN_HINTS[module]}"
    )


def _is_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # a closed stream
        return False


def _readable_streams() -> None:
    """Text the terminal's encoding cannot show (umlauts, ✓ under LANG=C) becomes '?'
    instead of a UnicodeEncodeError; UTF-8 streams are left as they are."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        reconfigure = getattr(stream, "reconfigure", None)
        if encoding != "utf8" and reconfigure is not None:
            reconfigure(errors="replace")


def _say_error(message: str) -> None:
    """One message: `workout: ...`, or a list of `file:line:col: ...` lines as they are."""
    lines = printable(message).splitlines() or [""]
    if len(lines) == 1:
        print(f"workout: {lines[0]}", file=sys.stderr)
    else:
        print("\n".join(lines), file=sys.stderr)


def _internal_error(error: BaseException) -> int:
    """An unexpected exception is a bug: one line here, the traceback in a file."""
    import traceback

    details = "".join(traceback.format_exception(error))
    report = _write_report(details)
    where = f"the details are in {report}" if report else "details could not be saved"
    summary = f"{type(error).__name__}: {error}".splitlines()[0]
    print(
        f"workout: internal error ({summary}); this is a bug in workout-player: {where} "
        "(WORKOUT_DEBUG=1 prints them here)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def _write_report(details: str) -> str | None:
    """Write a crash report, readable by the user alone (it holds the command line and maybe
    routine text), to the cache dir, or else a new file in the temp dir; its path, or None."""
    import tempfile
    import time

    from player import paths

    name = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    data = f"workout-player {__version__}, {' '.join(sys.argv)}\n\n{details}".encode()
    try:
        report = paths.private_dir(paths.user_cache_dir()) / f"{name}.txt"
        fd = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        try:  # mkstemp: a new name, 0600, never someone else's file or link
            fd, temporary = tempfile.mkstemp(prefix=f"workout-{name}-", suffix=".txt")
        except OSError:
            return None
        report = Path(temporary)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
    except OSError:
        return None
    return str(report)


def main(argv: Sequence[str] | None = None) -> int:
    _readable_streams()
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(arguments).parse_args(arguments)
    module: CommandModule = getattr(args, "module", library)  # `workout` alone: the library
    try:
        if _needs_terminal(module, args):
            _check_terminal(module, getattr(args, "command", None) or "")
        return module.run(args)
    except UserError as error:
        _say_error(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `workout show | head`: the reader left; not an error.
        _drop_output()
        return 0
    except Exception as error:
        if _interrupted(error):
            return EXIT_INTERRUPTED  # Ctrl-C landed inside an import and was wrapped: still Ctrl-C
        if os.environ.get("WORKOUT_DEBUG"):
            raise
        if isinstance(error, OSError) and error.errno in _FULL:
            _drop_output()  # what is still buffered cannot be written either
            where = f" to {error.filename}" if error.filename else ""
            _say_error(f"cannot write{where}: {error.strerror} (free some space and try again)")
            return EXIT_INVALID
        return _internal_error(error)


_FULL = (errno.ENOSPC, errno.EDQUOT)  # the disk (or the quota) is full: not a bug


def _interrupted(error: BaseException) -> bool:
    """Whether `error` was caused by a KeyboardInterrupt: Python wraps one that lands while
    a class is being made (`__set_name__`, as importing numpy does) in a RuntimeError."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _drop_output() -> None:
    """Point stdout at /dev/null, so the exit's final flush has nowhere to fail."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
