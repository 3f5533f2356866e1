"""Loading a routine file: read, parse, validate, resolve; every problem at once."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from player import paths
from player.routine.library import Library, read_library
from player.routine.model import Routine
from player.routine.parts import FormatError, RoutineFile, validate
from player.routine.problems import Problem, RoutineError, Severity, in_order
from player.routine.resolve import SHAPES, Resolver, exercise_files, partial_defaults
from player.routine.size import session_problems
from player.routine.source import Document, parse_yaml, read_text
from player.routine.validation import null_problems, validation_problems

_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")

VoiceLanguages = Collection[str] | Callable[[], Collection[str] | None] | None
"""The languages the installed voices speak, or how to learn them when they are needed
(`installed_languages` itself: espeak-ng answers while the file is read); None: unknown."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """A valid routine and the warnings about it (things that work but look wrong)."""

    routine: Routine
    warnings: tuple[Problem, ...] = ()


def load_routine(
    path: Path,
    *,
    library: Path | None = None,
    voice_languages: VoiceLanguages = None,
) -> LoadResult:
    """Load the routine file at `path`; RoutineError lists every problem if it is invalid.

    `library` is the exercise library file for `use:` (the bundled one by default).
    `voice_languages` are the languages the installed voices speak
    (`player.speech.installed.installed_languages()`): a routine in none of them gets a
    warning. None (not known, or not asked): no warning. A function giving them is called
    once the file is read.
    """
    return load_routine_text(
        read_text(path), path, library=library, voice_languages=voice_languages
    )


def load_routine_text(
    text: str,
    path: Path,
    *,
    library: Path | None = None,
    voice_languages: VoiceLanguages = None,
) -> LoadResult:
    """Like `load_routine`, from text already in memory (the editor, on every keystroke)."""
    doc = parse_yaml(text, path)
    if doc.data is None:
        raise RoutineError(
            [Problem(path, 1, 1, "the file is empty; a routine needs a 'title' and 'sections'")]
        )
    problems, nulls = null_problems(doc)
    library_file = library or paths.exercise_library_file()

    def load_library() -> Library:
        return read_library(library_file)

    language = _language(doc)
    resolver = Resolver(doc, load_library, language, frozenset(nulls))
    routine = None
    try:
        file = validate(RoutineFile, doc.data)
    except FormatError as error:
        problems.extend(validation_problems(doc, error.errors, SHAPES, nulls))
        defaults = partial_defaults(doc)
        for loc, kind, exercise in exercise_files(doc):
            resolver.exercise(exercise, loc, kind, defaults)
    else:
        routine = resolver.routine(file)
    problems.extend(resolver.problems)
    if callable(voice_languages):
        voice_languages = voice_languages()
    if voice_languages is not None and not _spoken(language, voice_languages):
        problems.append(
            doc.problem(
                ("language",),
                f"no installed voice speaks '{language}'; install one for espeak-ng "
                "or change 'language'",
                severity=Severity.WARNING,
            )
        )
    if routine is not None and not any(p.is_error for p in problems):
        problems.extend(session_problems(routine))
    if routine is None or any(p.is_error for p in problems):
        raise RoutineError(problems)
    return LoadResult(routine, in_order(problems))


def _language(doc: Document) -> str:
    data = doc.data
    value = data.get("language") if isinstance(data, dict) else None
    if isinstance(value, str) and _LANGUAGE.fullmatch(value):
        return value
    return "en"


def _spoken(language: str, voice_languages: Collection[str]) -> bool:
    """Whether a voice speaks `language` (`en` matches `en-gb`)."""
    wanted = language.lower()
    base = wanted.split("-")[0]
    return any(lang in (wanted, base) or lang.startswith(base + "-") for lang in voice_languages)
