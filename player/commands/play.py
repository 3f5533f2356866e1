"""`workout play ROUTINE`: play a routine, spoken and timed (Textual player, or `--no-ui`)."""

from __future__ import annotations

import argparse
import sys

VERBOSITIES = ("auto", "full", "brief", "tones")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", metavar="ROUTINE", help="a routine file, or a routine's name")
    parser.add_argument(
        "--no-ui",
        action="store_true",
        help="hands-free in any terminal: one line per step, single keys (also over ssh)",
    )
    parser.add_argument(
        "--audio",
        default="auto",
        metavar="SPEC",
        help="auto (default), simpleaudio, command, null, or record:PATH.wav",
    )
    parser.add_argument(
        "--tts", default="pyttsx3", choices=("pyttsx3", "fake"), help="speech engine"
    )
    parser.add_argument(
        "--verbosity",
        default="auto",
        choices=VERBOSITIES,
        help="auto (default: full coaching, shorter for exercises you know well), full "
        "coaching, names and counts only, or tones only",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--from", dest="from_exercise", metavar="EXERCISE", help="start at this exercise"
    )
    where.add_argument(
        "--resume",
        action="store_true",
        help="go on with the last interrupted session of this routine",
    )


def run(args: argparse.Namespace) -> int:
    from player.routine import find_routine, load_routine

    result = load_routine(find_routine(args.routine))
    for warning in result.warnings:
        print(f"workout: {warning}", file=sys.stderr)
    routine = result.routine

    if not args.no_ui:
        from player.tui.app import run_player

        return run_player(
            routine,
            audio=args.audio,
            tts=args.tts,
            verbosity=args.verbosity,
            from_exercise=args.from_exercise,
            resume=args.resume,
        )

    from player.session.console import play_in_console
    from player.session.prepare import name_of, prepare_session

    name = name_of(routine)
    prepared = prepare_session(
        routine,
        name=name,
        audio=args.audio,
        tts=args.tts,
        verbosity=args.verbosity,
        from_exercise=args.from_exercise,
        resume=args.resume,
    )
    return play_in_console(prepared, name=name, title=routine.title)
