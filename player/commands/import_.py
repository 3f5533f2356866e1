"""`workout import FILE`: a routine file from another tool's file, saying what did not fit."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from player.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from player.importers.model import Imported


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from player.i18n import LANGUAGES

    parser.add_argument(
        "file",
        type=Path,
        metavar="FILE",
        help="a Workrave exercises.xml, a Just Another Workout Timer backup or an OpenHIIT export",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="the routine file to write (default: your routines folder, named after the title)",
    )
    parser.add_argument(
        "--language",
        choices=LANGUAGES,
        default="en",
        help="the routine's language, and the translation a Workrave file gives (default: en)",
    )


def routine_yaml(routine: Imported, source_name: str) -> str:
    from player.importers.write import routine_yaml as write

    return write(routine, source_name)


def run(args: argparse.Namespace) -> int:
    import dataclasses

    from player import paths
    from player.commands.check import planned
    from player.editing.routines import SCHEMA_LINE, write_schema
    from player.files import write_atomic
    from player.importers.read import read_file
    from player.routine import load_routine_text

    imported = read_file(args.file, args.language)
    if args.output is not None and len(imported) > 1:
        titles = ", ".join(f"'{i.title}'" for i in imported)
        raise UsageError(
            f"{args.file} holds {len(imported)} routines ({titles}); leave out -o and each is "
            "written to your routines folder"
        )
    for routine in imported:
        if routine.language != args.language:  # JSON formats say no language: the option does
            routine = dataclasses.replace(routine, language=args.language)
        routine = _fit_prepare(routine, args.file.name)
        text = routine_yaml(routine, args.file.name)
        if args.output is not None:
            target = args.output
            if target.exists():
                raise UsageError(f"-o {target}: the file exists; choose another name")
            if not target.parent.is_dir():
                raise UsageError(f"-o {target}: folder {target.parent} does not exist")
        else:
            folder = paths.user_routines_dir()
            folder.mkdir(parents=True, exist_ok=True)
            target = _free_name(folder, routine.title)
            text = f"{SCHEMA_LINE}\n{text}"
            write_schema()
        # What we write must check clean; if it did not, that is a bug here, not the user's.
        loaded = load_routine_text(text, target)
        summary, warnings, notes = planned(loaded.routine)
        write_atomic(target, text.encode("utf-8"))
        print(f"{target}: {routine.title}, {summary.exercises} exercises, from {routine.source}")
        for note in (*routine.notes, *warnings, *notes):
            print(f"  - {note}")
    print("Next: `workout check`, `workout edit` or `workout play` with the file's name.")
    return EXIT_OK


def _fit_prepare(routine: Imported, source_name: str) -> Imported:
    """The routine with a `prepare` window long enough for every announcement, so that it
    checks clean (the other tools say nothing before an exercise; we say what and how): the
    windows are let grow once to measure them, and the longest becomes `prepare`. Where that
    still leaves something out, the file keeps `fit: grow`."""
    import dataclasses
    import math

    from player.routine import load_routine_text
    from player.timeline.compile import compile_timeline
    from player.timeline.estimate import estimated_duration_of
    from player.timeline.model import SegmentKind, Timeline

    def timeline_of(candidate: Imported) -> Timeline:
        text = routine_yaml(candidate, source_name)
        loaded = load_routine_text(text, Path(source_name))
        return compile_timeline(loaded.routine, estimated_duration_of(loaded.routine))

    if not timeline_of(routine).warnings:
        return routine
    grown = timeline_of(dataclasses.replace(routine, grow=True))
    longest = max(s.end - s.start for s in grown.segments if s.kind is SegmentKind.PREPARE)
    fitted = dataclasses.replace(routine, prepare=float(math.ceil(longest)))
    return fitted if not timeline_of(fitted).warnings else dataclasses.replace(routine, grow=True)


def _free_name(folder: Path, title: str) -> Path:
    """`folder/<title as a name>.yaml`, with -2, -3 ... when that is taken: never overwrite."""
    import re
    import unicodedata

    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60] or "imported"
    candidate = folder / f"{stem}.yaml"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}.yaml"
        number += 1
    return candidate
