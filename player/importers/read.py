"""Which format a file is, and the routines in it."""

from __future__ import annotations

import json
from pathlib import Path

from player.importers import jawt, openhiit, workrave
from player.importers.jsonfile import read_json
from player.importers.model import Imported, fail
from player.routine.limits import MAX_BYTES

FORMATS = (
    "a Workrave exercises file (.xml), a Just Another Workout Timer backup (.json) "
    "or an OpenHIIT export (.json)"
)


def read_file(path: Path, language: str = "en") -> list[Imported]:
    """The routines in `path`; RoutineError (`file:line:col: ...`) if it is broken or is
    none of the formats."""
    try:
        if path.is_dir():
            raise fail(path, (0, 0), "is a folder, not a file to import")
        data = path.read_bytes()
    except OSError as error:
        raise fail(path, (0, 0), f"cannot be read ({error.strerror or error})") from None
    if len(data) > MAX_BYTES:
        raise fail(path, (0, 0), "the file is over 1 MiB; no routine is that long")
    if path.suffix.lower() == ".xml" or workrave.looks_like(data):
        return workrave.read(path, data, language)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise fail(path, (0, 0), f"is not UTF-8 text (byte {error.start + 1})") from None
    read_json(path, text)  # a clear error, with its position, for text that is not JSON
    parsed = json.loads(text)
    if jawt.looks_like(parsed):
        return jawt.read(path, text)
    if openhiit.looks_like(parsed):
        return openhiit.read(path, text)
    raise fail(path, (1, 1), f"this JSON is not a file workout-player can import: {FORMATS}")
