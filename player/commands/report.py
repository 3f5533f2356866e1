"""`workout report --since 4w -o report.html|pdf`: what was done, for the therapist."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from player.errors import EXIT_OK, UsageError
from player.i18n import LANGUAGES

if TYPE_CHECKING:
    from datetime import date

_AGO = r"(\d+)\s*([dw])"  # 4w, 10d


def since_date(text: str, today: date) -> date:
    """`4w`, `10d` (back from today, today included) or a date `2026-11-01`."""
    import re
    from datetime import date, timedelta

    match = re.fullmatch(_AGO, text.strip().lower())
    if match is not None:
        count, unit = int(match.group(1)), match.group(2)
        if count < 1 or count > 520:
            raise UsageError(f"--since {text}: give 1 to 520 {'weeks' if unit == 'w' else 'days'}")
        days = count * 7 if unit == "w" else count
        return today - timedelta(days=days - 1)
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(
            f"--since {text}: give weeks (4w), days (10d) or a date (2026-11-01)"
        ) from None
    if day > today:
        raise UsageError(f"--since {text}: that is after today")
    return day


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--since", default="4w", metavar="WHEN", help="4w (default), 10d or a date 2026-11-01"
    )
    parser.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="report.html or .pdf"
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        help="the report's language (default: the screens' language, `[screen] language`)",
    )
    parser.add_argument(
        "--per-week",
        type=int,
        metavar="N",
        help="the plan: sessions a week, to set what was done against",
    )


def run(args: argparse.Namespace) -> int:
    from player.documents.output import check_output, write_document
    from player.documents.report import gather, report_html
    from player.history import open_history

    output: Path = args.output
    check_output(output)
    if args.per_week is not None and not 1 <= args.per_week <= 50:
        raise UsageError("--per-week: give 1 to 50 sessions a week")
    with open_history() as history:
        today = history.now().date()
        data = gather(history, since_date(args.since, today), today, args.per_week)
    write_document(output, report_html(data, args.language or _screen_language()))
    finished = sum(w.finished for w in data.weeks)
    print(
        f"{output}: {data.since} to {data.today}, {finished} sessions finished, "
        f"{len(data.checkins)} check-ins"
    )
    return EXIT_OK


def _screen_language() -> str:
    """The screens' language: the setting, or the system's (a broken settings file: the
    system's)."""
    from player.i18n import screen_language
    from player.settings import SettingsError, load

    try:
        setting = load().screen.language
    except SettingsError:
        setting = ""
    return screen_language(setting)
