"""`workout play ROUTINE`: play a routine, spoken and timed (Textual player, or `--no-ui`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from player.desktop.handsfree import HandsFree, Listening
    from player.options import PlayOptions
    from player.routine.model import Routine
    from player.session.prepare import PreparedSession


def add_listen_arguments(parser: argparse.ArgumentParser) -> None:
    """`--listen [FILE.wav]` and `--listen-model DIR` (for `play` and `break`)."""
    parser.add_argument(
        "--listen",
        nargs="?",
        const="mic",
        default=None,
        metavar="FILE.wav",
        help='spoken commands ("done", "pause", "go on", "next", "back", "repeat", "time") '
        "on the microphone, or in a WAV file",
    )
    parser.add_argument(
        "--listen-model",
        type=Path,
        default=None,
        metavar="DIR",
        help="a PocketSphinx model for the routine's language (German); also $WORKOUT_LISTEN_MODEL",
    )


def listening_of(args: argparse.Namespace) -> Listening | None:
    """The listening options, parsed once; None without `--listen`."""
    if args.listen is None:
        return None  # the hands-free module (D-Bus) is imported after the first word
    from player.desktop.handsfree import Listening

    source = None if args.listen == "mic" else Path(args.listen)
    return Listening(input=source, model=args.listen_model)


def can_listen(language: str, listening: Listening) -> bool:
    """Whether spoken commands will work for `language` (`player.desktop.handsfree`)."""
    from player.desktop.handsfree import can_listen as works

    return works(language, listening)


def hands_free(
    prepared: PreparedSession, routine: Routine, listening: Listening | None
) -> HandsFree:
    """The session's media keys (and spoken commands): imported when the session plays, so
    the D-Bus modules are not in the way of the first word."""
    from player.desktop.handsfree import hands_free

    return hands_free(prepared, routine.title, routine.language, listening)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.options import add_session_flags

    parser.add_argument("routine", metavar="ROUTINE", help="a routine file, or a routine's name")
    parser.add_argument(
        "--no-ui",
        action="store_true",
        help="hands-free in any terminal: one line per step, single keys (also over ssh)",
    )
    add_session_flags(parser)
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--from", dest="from_exercise", metavar="EXERCISE", help="start at this exercise"
    )
    where.add_argument(
        "--resume",
        action="store_true",
        help="go on with the last interrupted session of this routine",
    )
    add_listen_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from player.options import options_of
    from player.routine import find_routine, load_routine
    from player.settings import with_voice
    from player.speech.installed import installed_languages

    options = options_of(args)
    result = load_routine(find_routine(args.routine), voice_languages=installed_languages())
    for warning in result.warnings:
        print(f"workout: {warning}", file=sys.stderr)
    routine = with_voice(result.routine, options.rate, options.voice)
    listening = listening_of(args)

    if not args.no_ui:
        from player.errors import ending_signals_interrupt
        from player.tui.live import start_before_screen

        # The first word (the session's, or the check-in's question before it) is started
        # before Textual is imported: it does not wait for the app to load and draw. Until
        # the app takes over, SIGTERM and SIGHUP end it as Ctrl-C does (recorded).
        with ending_signals_interrupt():
            ahead = start_before_screen(
                routine,
                options,
                from_exercise=args.from_exercise,
                resume=args.resume,
                listening=listening,
            )
            try:
                from player.tui.app import run_player

                return run_player(
                    routine,
                    options,
                    from_exercise=args.from_exercise,
                    resume=args.resume,
                    listening=listening,
                    ahead=ahead,
                )
            finally:
                ahead.end_unless_shown()  # Ctrl-C while Textual loads: ends recorded

    return play_without_screen(
        routine, options, listening, resume=args.resume, from_exercise=args.from_exercise
    )


def play_without_screen(
    routine: Routine,
    options: PlayOptions,
    listening: Listening | None,
    *,
    resume: bool,
    from_exercise: str | None = None,
) -> int:
    """`--no-ui` for `play` and `break`: the console player, in the routine's language, with
    media keys (and spoken commands with `--listen`) beside the keys."""
    from player.console import ask_before_session, play_in_console
    from player.i18n import use
    from player.session.prepare import check_start, resume_command
    from player.session.start import start_session

    check_start(routine, from_exercise, resume, options.audio)  # before asking
    use(routine.language)  # the lines follow the routine's language
    # Asked before preparing: a back worse than before last time steps today's dose back.
    before = ask_before_session(routine.language, tts=options.tts, audio=options.audio)
    started = start_session(
        routine,
        options=options,
        from_exercise=from_exercise,
        resume=resume,
        companion=lambda prepared: hands_free(prepared, routine, listening),
        listening=listening is not None and can_listen(routine.language, listening),
        pain_before=before.pain if before is not None else None,
    )
    return play_in_console(
        started, title=routine.title, resume=resume_command(routine), before=before
    )
