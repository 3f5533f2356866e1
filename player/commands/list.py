"""`workout list`: the user's and the bundled routines in a table."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from player.errors import EXIT_OK, printable

if TYPE_CHECKING:
    from player.routine.find import RoutineInfo

HEADERS = ("NAME", "TITLE", "LANG", "MIN", "MOVE", "KINDS")
_RIGHT = ("MIN", "MOVE")
LIST_CACHE = "list.json"  # each routine's line, kept until its file changes


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--paths", action="store_true", help="show each routine's file instead of its kinds"
    )


def rows(infos: Sequence[RoutineInfo], show_paths: bool = False) -> list[tuple[str, ...]]:
    """One row per routine; a user routine's name is marked with `*`. A bundled routine that
    a user routine of the same name hides is listed by its path (`workout play NAME` plays
    the user's) and marked with `†`."""
    mine = {info.name for info in infos if not info.bundled}
    table: list[tuple[str, ...]] = []
    for info in infos:
        name = info.name if info.bundled else f"{info.name} *"
        if info.bundled and info.name in mine:
            name = f"{info.path} †"
        if info.error is not None:
            table.append((name, info.error, "", "", "", str(info.path) if show_paths else ""))
            continue
        minutes = "" if info.minutes is None else f"{info.minutes:.0f}"
        movement = "" if info.movement is None else f"{info.movement:.0%}"
        last = str(info.path) if show_paths else ", ".join(info.kinds)
        table.append((name, info.title, info.language, minutes, movement, last))
    return table


def format_table(table: Sequence[tuple[str, ...]], headers: tuple[str, ...] = HEADERS) -> str:
    """Columns padded to their widest cell; the minutes and movement columns right-aligned."""
    all_rows = [headers, *[tuple(printable(cell) for cell in row) for row in table]]
    widths = [max(len(row[i]) for row in all_rows) for i in range(len(headers))]
    lines = []
    for row in all_rows:
        cells = [
            cell.rjust(widths[i]) if headers[i] in _RIGHT else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from player import paths
    from player.routine import list_routines
    from player.timeline.compile import totals_of

    infos = list_routines(totals_of, cache=paths.user_cache_dir() / LIST_CACHE)
    if not infos:
        print(f"No routines found (looked in {paths.user_routines_dir()}).")
        return EXIT_OK
    headers = (*HEADERS[:-1], "FILE") if args.paths else HEADERS
    print(format_table(rows(infos, args.paths), headers))
    if any(not info.bundled for info in infos):
        print(f"\n* your own routines, in {paths.user_routines_dir()}")
    mine = {info.name for info in infos if not info.bundled}
    if any(info.bundled and info.name in mine for info in infos):
        print("† bundled, hidden by your routine of the same name: play it by its path")
    return EXIT_OK
