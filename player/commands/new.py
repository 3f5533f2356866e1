"""`workout new NAME`: a new routine from the commented template, or a copy of another."""

from __future__ import annotations

import argparse

from player.errors import EXIT_OK, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.i18n import LANGUAGES

    parser.add_argument("name", metavar="NAME", help="name of the new routine (its file stem)")
    parser.add_argument(
        "--from",
        dest="source",
        metavar="ROUTINE",
        help="copy this routine (a bundled or user routine, or a path) instead of the template",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default=None,
        help="language of the template (default: your screen language, see workout config)",
    )


def run(args: argparse.Namespace) -> int:
    from player.editing.routines import create_routine

    source = None
    if args.source is not None:
        if args.language is not None:
            raise UsageError("--language is for the template; a copy keeps its own language")
        from player.routine import find_routine

        source = find_routine(args.source)
    language = args.language
    if language is None and source is None:
        from player.i18n import screen_language, use
        from player.settings import load

        language = use(screen_language(load().screen.language))  # en or de
    created = create_routine(args.name, source=source, language=language or "en")
    what = f"a copy of {source}" if source is not None else "from the template"
    print(f"Created {created.path} ({what})")
    print("Next:")
    print(f"  workout edit {created.name}     edit it, with live checking and preview")
    print(f"  workout check {created.name}    check it")
    print(f"  workout play {created.name}     play it")
    return EXIT_OK
