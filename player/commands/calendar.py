"""`workout calendar`: the break schedule as an iCalendar file for any calendar program."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default="-",
        help="where to write the .ics (default: standard output)",
    )
    from player.workday import settings as remind_settings

    remind_settings.add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from datetime import datetime

    from player.errors import UserError
    from player.files import write_atomic
    from player.workday import settings as remind_settings
    from player.workday.calendar import break_calendar
    from player.workday.schedule import slot_times

    settings = remind_settings.from_arguments(args)
    now = datetime.now().astimezone()
    text = break_calendar(settings, now.date(), now)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    try:
        write_atomic(target, text.encode("utf-8"))
    except OSError as error:
        raise UserError(f"cannot write {target}: {error.strerror or error}") from error
    count = len(slot_times(settings))
    print(
        f"{target}: {count} breaks a day ({settings.hours_text()}, every {settings.every} min, "
        f"{settings.days_text()}), each with an alarm; import it into your calendar",
        file=sys.stderr,
    )
    return 0
