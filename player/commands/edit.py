"""`workout edit ROUTINE`: the editor screen (or `--external`: your own editor), checked live."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from player.errors import EXIT_INVALID, EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", metavar="ROUTINE", help="a routine name or a path")
    parser.add_argument(
        "--external",
        action="store_true",
        help="edit in $VISUAL / $EDITOR instead, and check the file each time it closes",
    )
    parser.add_argument(
        "--audio",
        metavar="SPEC",
        help="for play-from-here: auto (the default setting), simpleaudio, command, null, "
        "or record:PATH.wav",
    )
    parser.add_argument(
        "--tts", choices=("pyttsx3", "fake"), help="speech engine for play-from-here"
    )


def problems_of(path: Path) -> tuple[list[str], list[str]]:
    """The file's errors and warnings as `file:line:col: message` lines."""
    from player.editing.preview import analyse
    from player.editing.save import read_text
    from player.errors import UserError

    try:
        text, _ = read_text(path)
    except UserError as error:
        return [str(error)], []
    analysis = analyse(text, path)
    warnings = [str(p) for p in analysis.warnings]
    warnings += [f"{path}: warning: {note}" for note in analysis.notes]
    return [str(p) for p in analysis.errors], warnings


def _editable(path: Path) -> Path:
    """The file to edit in an outside editor: a user copy when `path` is bundled."""
    from player.editing.routines import create_routine, is_bundled, user_routine_path

    if not is_bundled(path):
        return path
    copy = user_routine_path(path.stem)
    if copy.exists():
        print(f"{path.stem} is bundled; editing your copy {copy}")
        return copy
    created = create_routine(path.stem, source=path)
    print(f"{path.stem} is bundled; editing a copy: {created.path}")
    return created.path


def run(args: argparse.Namespace) -> int:
    from player.routine import find_routine

    path = find_routine(args.routine)
    if args.external:
        from player.editing.external import edit_externally, editor_command, run_editor

        command = editor_command()
        return edit_externally(
            _editable(path),
            open_editor=lambda p: run_editor(command, p),
            problems_of=problems_of,
        )

    from player.options import options_of
    from player.tui.app import run_editor as run_editor_screen

    app = run_editor_screen(path, options_of(args))
    editor = app.editor
    assert editor is not None
    if app.return_code and editor.modified:  # a crash or a signal, not a chosen quit
        from player.editing.save import rescue_text

        kept = rescue_text(editor.save_path, editor.source.text)
        print(f"workout edit was ended before saving; your text is in {kept}", file=sys.stderr)
        return EXIT_INVALID
    return app.return_code or EXIT_OK
