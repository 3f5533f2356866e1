"""Searching the exercise library: by kind, posture, equipment and words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from player.routine.model import Kind, LibraryExercise, Posture

NO_EQUIPMENT = "none"


@dataclass(frozen=True, slots=True)
class ExerciseQuery:
    """What to look for; every part given must match (words: each of them, anywhere)."""

    kind: Kind | None = None
    posture: Posture | None = None
    equipment: str | None = None  # a piece of equipment, or "none" for exercises without
    words: tuple[str, ...] = ()


def searchable_text(exercise: LibraryExercise) -> str:
    """Everything a word may match: id, names, positions and instructions in every language,
    kind, posture and equipment."""
    parts = [
        exercise.id,
        exercise.kind.value,
        exercise.posture.value,
        *exercise.equipment,
        *exercise.names.values(),
        *exercise.positions.values(),
        *exercise.instructions.values(),
    ]
    return " ".join(parts).casefold()


def find_exercises(
    exercises: Iterable[LibraryExercise], query: ExerciseQuery
) -> list[LibraryExercise]:
    """The exercises that match `query`, in library order."""
    words = [w.casefold() for w in query.words if w.strip()]
    found = []
    for exercise in exercises:
        if query.kind is not None and exercise.kind is not query.kind:
            continue
        if query.posture is not None and exercise.posture is not query.posture:
            continue
        if query.equipment is not None:
            wanted = query.equipment.casefold()
            if wanted == NO_EQUIPMENT:
                if exercise.equipment:
                    continue
            elif wanted not in (e.casefold() for e in exercise.equipment):
                continue
        text = searchable_text(exercise)
        if all(word in text for word in words):
            found.append(exercise)
    return found


def name_in(exercise: LibraryExercise, language: str) -> str:
    """The exercise's name in `language` (its base, `de` for `de-AT`), else in English."""
    base = language.split("-")[0]
    return exercise.names.get(base) or exercise.names.get("en") or exercise.id
