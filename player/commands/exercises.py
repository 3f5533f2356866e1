"""`workout exercises`: the exercise library, searchable, with each id for `use:`."""

from __future__ import annotations

import argparse

from player.errors import EXIT_OK

HEADERS = ("ID", "NAME", "KIND", "POSTURE", "EQUIPMENT", "DOSING")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("words", nargs="*", metavar="WORD", help="words to look for (all of them)")
    from player.i18n import LANGUAGES
    from player.routine.model import Kind, Posture

    parser.add_argument("--kind", choices=[k.value for k in Kind], help="only this kind")
    parser.add_argument("--posture", choices=[p.value for p in Posture], help="only this posture")
    parser.add_argument(
        "--equipment", metavar="THING", help="only exercises that use it (chair, mat ...; none)"
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, default="en", help="names and dosing in (default: en)"
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="a table (default) or JSON"
    )


def run(args: argparse.Namespace) -> int:
    import json

    from player.commands.list import format_table
    from player.documents.handout import dosing_words
    from player.routine.exercise_search import ExerciseQuery, find_exercises, name_in
    from player.routine.library import load_library
    from player.routine.model import Exercise, Kind, Posture

    query = ExerciseQuery(
        kind=Kind(args.kind) if args.kind else None,
        posture=Posture(args.posture) if args.posture else None,
        equipment=args.equipment,
        words=tuple(args.words),
    )
    found = find_exercises(load_library().values(), query)

    def dosing(entry_id: str) -> str:
        entry = library[entry_id]
        example = Exercise(name="", kind=entry.kind, dosing=entry.dosing, sides=entry.sides)
        return dosing_words(example, args.language)

    library = {e.id: e for e in found}
    if args.format == "json":
        items = [
            {
                "id": e.id,
                "kind": e.kind.value,
                "posture": e.posture.value,
                "equipment": list(e.equipment),
                "sides": e.sides.value,
                "dosing": dosing(e.id),
                "names": e.names,
                "positions": e.positions,
                "instructions": e.instructions,
            }
            for e in found
        ]
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not found:
        print("No exercise matches; `workout exercises` lists them all.")
        return EXIT_OK
    table = [
        (
            e.id,
            name_in(e, args.language),
            e.kind.value,
            e.posture.value,
            ", ".join(e.equipment) or "-",
            dosing(e.id),
        )
        for e in found
    ]
    print(format_table(table, HEADERS))
    count = f"{len(found)} exercise{'s' if len(found) != 1 else ''}"
    print(f"\n{count}. In a routine: `- use: {found[0].id}` (override any key).")
    return EXIT_OK
