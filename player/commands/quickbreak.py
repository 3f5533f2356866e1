"""`workout break`: a quick session for a work break, chosen from the exercise library."""

from __future__ import annotations

import argparse

from player.errors import UsageError


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 1 <= value <= 30:
        raise argparse.ArgumentTypeError("a break is 1 to 30 minutes long")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--minutes", type=_minutes, default=3.0, metavar="N", help="about how long (default 3)"
    )
    parser.add_argument("--language", default="en", metavar="LANG", help="en or de (default en)")
    parser.add_argument("--no-ui", action="store_true", help="play in the console, no screen")
    parser.add_argument(
        "--audio", default="auto", metavar="SPEC", help="auto, null, record:PATH.wav, ..."
    )
    parser.add_argument(
        "--tts", default="pyttsx3", choices=("pyttsx3", "fake"), help="speech engine"
    )
    parser.add_argument(
        "--verbosity",
        default="auto",
        choices=("auto", "full", "brief", "tones"),
        help="how much is said (auto: less for exercises you know well)",
    )
    parser.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from player.quickbreak import quick_break, save_break

    if args.language not in ("en", "de"):
        raise UsageError(f"no quick breaks in {args.language!r}: choose en or de")
    # Kept as the user routine `quick-break`: `workout play quick-break --resume` goes on.
    routine = save_break(quick_break(args.minutes, args.language, args.seed))
    if args.no_ui:
        from player.session.console import play_in_console
        from player.session.prepare import name_of, prepare_session

        name = name_of(routine)  # quick-break
        prepared = prepare_session(
            routine, name=name, audio=args.audio, tts=args.tts, verbosity=args.verbosity
        )
        return play_in_console(prepared, name=name, title=routine.title)
    from player.tui.app import run_player

    return run_player(routine, audio=args.audio, tts=args.tts, verbosity=args.verbosity)
