"""`workout remind`: a quiet background process that offers a quick break during the working
day; `--install`, `--uninstall`, `--status` manage it."""

from __future__ import annotations

import argparse
import contextlib
import sys


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.workday import settings as remind_settings

    manage = parser.add_mutually_exclusive_group()
    manage.add_argument(
        "--install",
        action="store_true",
        help="start it with every login (systemd user service, or XDG autostart)",
    )
    manage.add_argument("--uninstall", action="store_true", help="stop it and remove that")
    manage.add_argument(
        "--status", action="store_true", help="whether it runs, and when it reminds next"
    )
    parser.add_argument("--now", action="store_true", help="offer a break at once, then go on")
    parser.add_argument(
        "--terminal",
        action="store_true",
        help="remind with a line and a bell here, not with desktop notifications",
    )
    parser.add_argument(
        "--workrave",
        choices=remind_settings.WORKRAVE_MODES,
        help="auto: follow Workrave's rest breaks while it runs (default); off: never",
    )
    remind_settings.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from player.workday import install
    from player.workday import settings as remind_settings

    if args.install:
        print(install.install())
        return 0
    if args.uninstall:
        print(install.uninstall())
        return 0
    settings = remind_settings.from_arguments(args)
    if args.status:
        from datetime import datetime

        from player.workday.remind import status_file
        from player.workday.schedule import local_zone, next_slot

        planned = next_slot(datetime.now().astimezone(), settings, local_zone())
        print(install.describe(install.status(status_file()), planned))
        return 0
    import asyncio

    from player.errors import UserError
    from player.workday.remind import status_file
    from player.workday.service import serve

    running = install.status(status_file())
    if running.running:
        raise UserError(
            f"a reminder already runs (pid {running.pid}); `workout remind --status` says more"
        )

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(settings, offer_now=args.now, terminal=args.terminal))
    print("workout remind: stopped", file=sys.stderr)
    return 0
