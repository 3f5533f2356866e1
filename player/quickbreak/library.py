"""The exercise library as a break reads it: from a JSON copy in the cache dir, made once."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from player.files import write_atomic
from player.routine.model import Dosing, Form, Kind, LibraryExercise, Limb, Posture, Sides

LIBRARY_COPY = "library.json"  # in the user cache dir
_COPY_VERSION = 3  # 2: exercises name their limb; 3: with easier and harder variants


def break_library(language: str) -> dict[str, LibraryExercise]:
    """The bundled library by id, for exercises with text in `language`.

    Read from a JSON copy in the cache dir, made from the library file the first time and
    again whenever that file changes: reading, validating and resolving the YAML (even
    from the kept parse) is a tenth of a second of imports and work that a break, which
    should speak within a second, does without.
    """
    from player import paths

    source = paths.exercise_library_file()
    stat = source.stat()
    key = [_COPY_VERSION, str(source), stat.st_mtime_ns, stat.st_size]
    copy = paths.user_cache_dir() / LIBRARY_COPY
    exercises = _read_copy(copy, key)
    if exercises is None:
        from player.routine.library import load_library

        exercises = load_library()
        _write_copy(copy, key, exercises)
    base = language.split("-")[0]
    return {key: e for key, e in exercises.items() if base in e.names}


def _read_copy(copy: Path, key: list[object]) -> dict[str, LibraryExercise] | None:
    try:
        data = json.loads(copy.read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return {e["id"]: _exercise_of(e) for e in data["exercises"]}
    except (OSError, ValueError, KeyError, TypeError):  # missing, old or damaged: read again
        return None


def _write_copy(copy: Path, key: list[object], exercises: Mapping[str, LibraryExercise]) -> None:
    data = {"key": key, "exercises": [asdict(e) for e in exercises.values()]}
    try:
        copy.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(copy, json.dumps(data, ensure_ascii=False).encode())
    except OSError:  # no copy: the next break reads the YAML again
        pass


def _exercise_of(data: dict[str, Any]) -> LibraryExercise:
    dosing = dict(data["dosing"])
    return LibraryExercise(
        id=data["id"],
        kind=Kind(data["kind"]),
        posture=Posture(data["posture"]),
        equipment=tuple(data["equipment"]),
        sides=Sides(data["sides"]),
        dosing=Dosing(**{**dosing, "form": Form(dosing["form"])}),
        names=data["names"],
        positions=data["positions"],
        instructions=data["instructions"],
        switch=data["switch"],
        level=data["level"],
        easier=tuple(_exercise_of(e) for e in data["easier"]),
        harder=tuple(_exercise_of(e) for e in data["harder"]),
        limb=Limb(data["limb"]),
    )
