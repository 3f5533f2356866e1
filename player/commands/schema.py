"""`workout schema`: the JSON Schema of routine files, for editors and validators."""

from __future__ import annotations

import argparse

from player.errors import EXIT_OK


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--compact", action="store_true", help="one line instead of indented JSON")


def schema_text(compact: bool = False) -> str:
    """The schema as JSON text, exactly as committed in `docs/routine.schema.json`."""
    import json

    from player.routine import routine_json_schema

    schema = routine_json_schema()
    if compact:
        return json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    print(schema_text(args.compact), end="" if not args.compact else "\n")
    return EXIT_OK
