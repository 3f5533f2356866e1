"""`workout handout ROUTINE -o plan.html|plan.pdf`: the printable programme for a patient."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from player.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", metavar="ROUTINE", help="a routine file or a routine's name")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="where to write: .html (one file, prints on A4) or .pdf",
    )


def run(args: argparse.Namespace) -> int:
    from player.commands.check import planned
    from player.documents.handout import make_handout
    from player.documents.output import check_output, write_document
    from player.documents.qr import QR_LIMIT_BYTES
    from player.routine import find_routine, load_routine_text
    from player.routine.source import read_text
    from player.speech.installed import installed_languages

    output: Path = args.output
    check_output(output)
    path = find_routine(args.routine)
    text = read_text(path)
    routine = load_routine_text(text, path, voice_languages=installed_languages()).routine
    summary, _, _ = planned(routine)
    handout = make_handout(routine, text, path.name, summary.total)
    write_document(output, handout.html)
    if handout.code.svg is None:
        print(
            f"workout: note: {path.name} is {handout.code.size} bytes, more than one QR code "
            f"holds ({QR_LIMIT_BYTES}); the handout says to ask for the file instead",
            file=sys.stderr,
        )
    print(f"{output}: handout of {routine.title}, {summary.exercises} exercises")
    return EXIT_OK
