"""`workout break`: a quick session for a work break, chosen from the exercise library."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from player.errors import UsageError

if TYPE_CHECKING:
    from player.routine.model import Routine


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 1 <= value <= 30:
        raise argparse.ArgumentTypeError("a break is 1 to 30 minutes long")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.commands.play import add_listen_arguments
    from player.i18n import LANGUAGES
    from player.options import add_session_flags

    parser.add_argument(
        "--minutes", type=_minutes, default=3.0, metavar="N", help="about how long (default 3)"
    )
    parser.add_argument(
        "--language",
        default=LANGUAGES[0],
        metavar="LANG",
        help=f"{' or '.join(LANGUAGES)} (default {LANGUAGES[0]})",
    )
    parser.add_argument("--no-ui", action="store_true", help="play in the console, no screen")
    add_session_flags(parser)
    parser.add_argument(
        "--resume", action="store_true", help="go on with the last break, if it was stopped"
    )
    parser.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    add_listen_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from player.commands.play import listening_of, play_without_screen
    from player.i18n import LANGUAGES
    from player.options import options_of
    from player.quickbreak import quick_break, save_break
    from player.settings import with_voice

    options = options_of(args)
    if options.language not in LANGUAGES:
        choose = " or ".join(LANGUAGES)
        raise UsageError(f"no quick breaks in {options.language!r}: choose {choose}")
    if args.resume:
        routine = _last_break()
    else:  # kept in the quick breaks dir: `workout break --resume` goes on with it
        routine = save_break(quick_break(args.minutes, options.language, args.seed))
    routine = with_voice(routine, options.rate, options.voice)
    listening = listening_of(args)
    if args.no_ui:
        return play_without_screen(routine, options, listening, resume=args.resume)
    from player.errors import ending_signals_interrupt
    from player.tui.live import start_before_screen

    # As `play`: the first word is started before Textual is imported.
    with ending_signals_interrupt():
        ahead = start_before_screen(routine, options, resume=args.resume, listening=listening)
        try:
            from player.tui.app import run_player

            return run_player(
                routine, options, resume=args.resume, listening=listening, ahead=ahead
            )
        finally:
            ahead.end_unless_shown()  # Ctrl-C while Textual loads: ends recorded


def _last_break() -> Routine:
    """The break `workout break` kept last; a usage error when there is none."""
    from player.paths import quick_breaks_dir
    from player.quickbreak import BREAK_NAME
    from player.routine import load_routine

    path = quick_breaks_dir() / f"{BREAK_NAME}.yaml"
    if not path.is_file():
        raise UsageError("no quick break to go on with: start one with `workout break`")
    return load_routine(path).routine
