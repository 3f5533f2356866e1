"""The easier/harder keys: the exercise under way one level easier or harder, now (its
position and instructions are said) and in the next sessions (the user's level is kept)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from player.levels import change_level
from player.routine.model import LibraryExercise
from player.session.engine import Session

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "easier": "A little easier: {name}. I'll keep it that way next time.",
        "harder": "One step harder: {name}. I'll keep it that way next time.",
        "easiest": "This is already the easiest form.",
        "hardest": "This is already the hardest form.",
        "none": "This exercise has no easier or harder form.",
    },
    "de": {
        "easier": "Etwas leichter: {name}. Das merke ich mir fürs nächste Mal.",
        "harder": "Eine Stufe schwerer: {name}. Das merke ich mir fürs nächste Mal.",
        "easiest": "Das ist schon die leichteste Form.",
        "hardest": "Das ist schon die schwerste Form.",
        "none": "Diese Übung gibt es nicht leichter oder schwerer.",
    },
}

Library = Callable[[], Mapping[str, LibraryExercise]]


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language.split("-")[0], _WORDS["en"])


def level_texts(language: str) -> list[str]:
    """The fixed lines of the keys (rendered ahead with the session's other on-demand lines)."""
    words = _words(language)
    return [words[key] for key in ("easiest", "hardest", "none")]


def _library() -> Mapping[str, LibraryExercise]:
    from player.routine.library import load_library

    return load_library()


def change_current_level(
    session: Session,
    step: int,
    language: str,
    *,
    library: Library = _library,
    path: Path | None = None,
) -> str | None:
    """Make the exercise under way one level easier (`step` -1) or harder (1): say so, with
    its position and instructions, and keep the level for the next sessions. Returns the
    line said (for the screen), None when no exercise is under way."""
    exercise = session.current_exercise()
    if exercise is None:
        return None
    words = _words(language)
    items = library()
    item = items.get(exercise.library_id or "")
    variant = change_level(exercise, items, step, language, path) if item else None
    if variant is None:
        key = "none" if item is None or item.level_range() == (0, 0) else None
        line = words[key or ("easiest" if step < 0 else "hardest")]
        session.say([line])
        return line
    line = words["easier" if step < 0 else "harder"].format(name=variant.name)
    session.do_instead(exercise, variant)
    session.say([line, variant.position, variant.instructions])
    return line
