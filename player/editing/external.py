"""`workout edit --external`: the user's own editor, with a check each time it closes."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from player.errors import EXIT_INVALID, EXIT_OK, UserError

FALLBACK_EDITORS = ("nano", "vi")


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """`$VISUAL`, else `$EDITOR` (both may carry options: `code --wait`), else nano or vi."""
    environ = os.environ if environ is None else environ
    for variable in ("VISUAL", "EDITOR"):
        value = environ.get(variable, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as error:  # an unclosed quote
                raise UserError(f"${variable} cannot be read ({error}): {value}") from None
    for name in FALLBACK_EDITORS:
        found = shutil.which(name)
        if found:
            return [found]
    raise UserError("no editor found: set $VISUAL or $EDITOR (for example: export EDITOR=nano)")


def run_editor(command: Sequence[str], path: Path) -> None:
    """Open `path` in the editor and wait until it closes."""
    try:
        subprocess.run([*command, str(path)], check=False)
    except FileNotFoundError:
        raise UserError(
            f"the editor {command[0]!r} was not found; check $VISUAL / $EDITOR"
        ) from None


def ask_yes(question: str) -> bool:
    """Ask on the terminal; Enter means yes, end of input means no."""
    try:
        answer = input(f"{question} [Y/n] ").strip().lower()
    except EOFError:
        return False
    return answer in ("", "y", "yes", "j", "ja")


def edit_externally(
    path: Path,
    *,
    open_editor: Callable[[Path], None],
    problems_of: Callable[[Path], tuple[list[str], list[str]]],
    ask: Callable[[str], bool] = ask_yes,
    say: Callable[[str], None] = print,
) -> int:
    """Open the editor until the file has no errors or the user stops; the exit code.

    `problems_of(path)` returns (errors, warnings) as printable lines.
    """
    while True:
        open_editor(path)
        errors, warnings = problems_of(path)
        for line in (*errors, *warnings):
            say(line)
        if not errors:
            say(f"{path}: OK")
            return EXIT_OK
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        if not ask(f"{path.name} has {count}. Open it again to fix them?"):
            say(f"{path} still has {count}; the player will not play it until they are fixed")
            return EXIT_INVALID
