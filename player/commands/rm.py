"""`workout rm ROUTINE`: remove one of your routines (asks first; a copy is kept)."""

from __future__ import annotations

import argparse
from pathlib import Path

from player.errors import EXIT_OK, UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", metavar="ROUTINE", help="the name (or path) of your routine")
    parser.add_argument("--yes", action="store_true", help="remove without asking")


def run(args: argparse.Namespace) -> int:
    import shutil
    import time

    from player import paths
    from player.commands.confirm import confirmed
    from player.routine import find_routine

    path = find_routine(args.routine).resolve()
    mine = paths.user_routines_dir().resolve()
    if path.parent != mine:
        where = "is bundled with workout-player" if _bundled(path) else "is not in your routines"
        raise UsageError(
            f"{path} {where}, so `workout rm` leaves it alone; it removes your own routines "
            f"(in {mine}, `workout list` marks them)"
        )
    if not confirmed(f"Remove your routine {path.stem} ({path})?", args.yes):
        print("Nothing removed.")
        return EXIT_OK
    kept = paths.removed_dir() / f"{path.stem}-{time.strftime('%Y%m%d-%H%M%S')}{path.suffix}"
    kept.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(path, kept)
    print(f"Removed {path.stem}; a copy is kept in {kept}")
    return EXIT_OK


def _bundled(path: Path) -> bool:
    from player import paths

    return paths.bundled_routines_dir().resolve() in path.parents
