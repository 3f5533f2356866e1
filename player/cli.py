"""The `workout` command: parses arguments and hands over to one module per subcommand."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Protocol, cast

from player import __version__
from player.errors import EXIT_USAGE, UserError

# Subcommand name -> module in `player.commands`. Each module has `add_arguments(parser)`
# and `run(args) -> int`, and imports anything heavy (Textual, pyttsx3) inside `run`, so
# `workout check` and `workout list` start fast and never load Textual.
COMMANDS: dict[str, tuple[str, str]] = {
    "play": ("play", "play a routine, spoken and timed"),
    "break": ("quickbreak", "a quick session for a work break"),
    "check": ("check", "validate routine files and summarise them"),
    "show": ("show", "print the spoken script with timestamps (or the timeline as JSON)"),
    "export": ("export", "mix a whole session into one audio file"),
    "new": ("new", "create a routine from a template or a copy"),
    "edit": ("edit", "edit a routine with live validation and preview"),
    "list": ("list", "list bundled and user routines"),
    "history": ("history", "sessions done, streak, minutes per kind"),
    "doctor": ("doctor", "check speech, sound and paths"),
    "schema": ("schema", "print the JSON Schema for routine files"),
    "cache": ("cache", "show or clear the speech cache"),
}


class CommandModule(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...
    def run(self, args: argparse.Namespace) -> int: ...


def _module(name: str) -> CommandModule:
    return cast(CommandModule, importlib.import_module(f"player.commands.{name}"))


def _available() -> dict[str, tuple[str, str]]:
    """The commands whose module exists (the list grows as features land)."""
    from importlib.util import find_spec

    return {k: v for k, v in COMMANDS.items() if find_spec(f"player.commands.{v[0]}")}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workout",
        description="A voice-guided workout player for the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"workout-player {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command, (module, help_text) in _available().items():
        command_parser = sub.add_parser(command, help=help_text, description=help_text)
        _module(module).add_arguments(command_parser)
        command_parser.set_defaults(module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    module = getattr(args, "module", None)
    if module is None:
        # `workout` alone opens the library screen (`player.commands.library`) once it exists.
        from importlib.util import find_spec

        if find_spec("player.commands.library") is None:
            parser.print_help()
            return EXIT_USAGE
        module = "library"
    try:
        return _module(module).run(args)
    except UserError as error:
        print(f"workout: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `workout show | head`: the reader left; not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
