"""`workout safety`: the red flags — when to stop and get help — and the pain rule."""

from __future__ import annotations

import argparse

from player.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.i18n import LANGUAGES

    parser.add_argument("--language", default="en", choices=LANGUAGES, help="en or de (default en)")
    parser.add_argument(
        "--confirm",
        action="store_true",
        help="also remember that you have read them (the player then skips its first-run screen)",
    )


def run(args: argparse.Namespace) -> int:
    from player.safety import confirm, red_flags_text

    print(red_flags_text(args.language))
    if args.confirm:
        confirm()
    return EXIT_OK
