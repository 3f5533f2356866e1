"""`workout check ROUTINE...`: every problem of each file, then what the routine amounts to."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from player.errors import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError

if TYPE_CHECKING:
    from player.routine.model import Routine
    from player.routine.totals import RoutineTotals


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "routines",
        nargs="+",
        metavar="ROUTINE",
        help="a routine file, or the name of a bundled or user routine",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings")
    parser.add_argument(
        "--watch", action="store_true", help="check again each time a file is saved; Ctrl-C ends"
    )


def planned(routine: Routine) -> tuple[RoutineTotals, tuple[str, ...], tuple[str, ...]]:
    """The routine's totals (`routine_length`), and its timeline's warnings and notes.

    Speech lengths are estimated (nothing is rendered), so checking stays fast; the routine
    is planned and fitted once (`estimated_timeline`, which `totals_of` measures too).
    """
    from player.timeline.compile import estimated_timeline, totals_of

    timeline = estimated_timeline(routine)
    return totals_of(routine), timeline.warnings, timeline.notes


def describe(routine: Routine, totals: RoutineTotals) -> list[str]:
    """The lines printed under a valid file."""
    from player.routine.durations import format_clock

    count = totals.exercises
    movement = "" if totals.movement is None else f", movement {totals.movement:.0%}"
    lines = [
        f"  {routine.title} ({routine.language}): {format_clock(totals.total)} planned, "
        f"{count} exercise{'s' if count != 1 else ''}{movement.replace('%', ' %')}"
    ]
    kinds = " · ".join(
        f"{kind} {format_clock(seconds)}" for kind, seconds in totals.seconds_per_kind.items()
    )
    if kinds:
        lines.append(f"  {kinds}")
    return lines


def check_one(name: str, quiet: bool) -> int:
    """Check one routine, print what was found, and return its exit code."""
    from player.routine import RoutineError, find_routine, load_routine
    from player.speech.installed import installed_languages

    try:
        found = find_routine(name)
        path = found if str(found) == name else _relative(found)  # as typed, or short
    except UsageError as error:
        print(f"workout: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = load_routine(path, voice_languages=installed_languages)  # asked when read
    except RoutineError as error:
        for problem in error.problems:
            print(problem)
        errors = sum(1 for p in error.problems if p.is_error)
        print(f"{path}: invalid ({errors} error{'s' if errors != 1 else ''})")
        return EXIT_INVALID
    for problem in result.warnings:
        print(problem)
    totals, timeline_warnings, notes = planned(result.routine)
    for warning in timeline_warnings:
        print(f"{path}: warning: {warning}")
    if not quiet:
        print(f"{path}: ok")
        for note in notes:
            print(f"  {note}")
        for line in describe(result.routine, totals):
            print(line)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.watch:
        from player.editing.watch import watch_routines

        return watch_routines(args.routines, lambda name: check_one(name, args.quiet))
    from player.speech.installed import ask_early

    ask_early()  # espeak-ng lists its voices while the first files are read
    codes = [check_one(name, args.quiet) for name in args.routines]
    if len(codes) > 1 and not args.quiet:
        valid = codes.count(EXIT_OK)
        print(f"{len(codes)} routines checked: {valid} valid, {len(codes) - valid} not")
    return max(codes)


def _relative(path: Path) -> Path:
    """`routines/x.yaml` rather than `/home/.../routines/x.yaml` when under the current dir."""
    if not path.is_absolute():
        return path
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path
