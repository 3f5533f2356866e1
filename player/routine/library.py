"""The exercise library: each exercise once, with its metadata and text in each language."""

from __future__ import annotations

import contextlib
import zlib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from player import paths
from player.files import write_atomic
from player.i18n import LANGUAGES
from player.routine.dosing import build_dosing, written_form
from player.routine.model import Form, LibraryExercise, Limb, Posture, Sides
from player.routine.parts import (
    DefaultsFile,
    DosingFile,
    FormatError,
    LibraryEntryFile,
    LibraryFile,
    LibraryText,
    LibraryVariantFile,
    validate,
)
from player.routine.problems import Problem, RoutineError
from player.routine.source import (
    Document,
    document_json,
    document_of_json,
    parse_yaml,
    parser_version,
    read_text,
)
from player.routine.validation import null_problems, validation_problems

LIBRARY_SHAPES: dict[tuple[str, ...], type] = {
    (): LibraryFile,
    ("exercises", "*"): LibraryEntryFile,
    ("exercises", "*", "dosing"): DosingFile,
    **{("exercises", "*", language): LibraryText for language in LANGUAGES},
    **{("exercises", "*", way, "*"): LibraryVariantFile for way in ("easier", "harder")},
    **{("exercises", "*", way, "*", "dosing"): DosingFile for way in ("easier", "harder")},
    **{
        ("exercises", "*", way, "*", language): LibraryText
        for way in ("easier", "harder")
        for language in LANGUAGES
    },
}


@dataclass(frozen=True, slots=True)
class Library:
    """A loaded library: the entries as written (for `use:` overrides) and resolved."""

    path: Path
    entries: dict[str, LibraryEntryFile]
    exercises: dict[str, LibraryExercise]


def load_library(language: str | None = None) -> dict[str, LibraryExercise]:
    """The bundled library by id; with `language`, only exercises that have text in it.

    Read once per process. Raises RoutineError if the library file is invalid.
    """
    exercises = read_library(paths.exercise_library_file()).exercises
    if language is None:
        return dict(exercises)
    base = language.split("-")[0]
    return {key: e for key, e in exercises.items() if base in e.names}


@cache
def read_library(path: Path) -> Library:
    """The library in `path`, validated (cached per path)."""
    doc = _bundled_document(path) if path == paths.exercise_library_file() else None
    if doc is None:
        doc = parse_yaml(read_text(path), path)
    problems, nulls = null_problems(doc)
    try:
        file = validate(LibraryFile, doc.data)
    except FormatError as error:
        problems.extend(validation_problems(doc, error.errors, LIBRARY_SHAPES, nulls))
        raise RoutineError(problems) from None
    if problems:
        raise RoutineError(problems)
    entries: dict[str, LibraryEntryFile] = {}
    exercises: dict[str, LibraryExercise] = {}
    first_line: dict[str, int] = {}
    for index, entry in enumerate(file.exercises):
        loc = ("exercises", index)
        if entry.id in first_line:
            problems.append(
                doc.problem(
                    (*loc, "id"),
                    f"duplicate id '{entry.id}' (first on line {first_line[entry.id]})",
                )
            )
            continue
        first_line[entry.id] = doc.where((*loc, "id"))[0]
        resolved = _resolve_entry(entry, doc, loc, problems)
        if resolved is not None:
            entries[entry.id] = entry
            exercises[entry.id] = resolved
    if problems:
        raise RoutineError(problems)
    return Library(path, entries, exercises)


PARSED_COPY = "library-parsed.json"  # in the user cache dir


def _bundled_document(path: Path) -> Document | None:
    """The bundled library parsed, from a copy of its parse kept in the cache dir.

    Every routine with `use:` needs the library, and parsing its YAML took longer than
    the rest of reading it. The copy is the parse (data and positions), not the validation:
    the library is still validated and resolved every time. It is used only for the very
    bytes and parser it was made from (the file's length and CRC-32, `parser_version`; a
    cache key, not a defence: whoever can write the cache dir can write the library); else,
    or when the file cannot be read, the file is parsed (and the copy rewritten).
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    key = f"{len(raw)}:{zlib.crc32(raw):08x}:{parser_version()}\n".encode()
    copy = paths.user_cache_dir() / PARSED_COPY
    try:
        kept = copy.read_bytes()
        if kept.startswith(key):
            return document_of_json(kept[len(key) :], path)
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, old or damaged: parse again
    doc = parse_yaml(read_text(path), path)  # RoutineError: nothing is kept
    with contextlib.suppress(OSError):  # not kept: the next reader parses again
        write_atomic(paths.private_dir(copy.parent) / PARSED_COPY, key + document_json(doc))
    return doc


def _resolve_entry(
    entry: LibraryEntryFile, doc: Document, loc: tuple[str | int, ...], problems: list[Problem]
) -> LibraryExercise | None:
    texts = {lang: text for lang in LANGUAGES if (text := entry.text(lang)) is not None}
    if not texts:
        problems.append(
            doc.problem(loc, f"'{entry.id}' has no text: add {' or '.join(LANGUAGES)} with a name")
        )
        return None
    form, sound = written_form(entry.dosing, doc, (*loc, "dosing"), problems)
    if not sound:
        return None
    if form is None:
        problems.append(
            doc.problem(
                (*loc, "dosing"),
                "the dosing has no form: give duration, hold + reps, reps + tempo, or reps",
                key=True,
            )
        )
        return None
    easier = [
        _resolve_variant(entry, -n, doc, loc, problems) for n in range(1, len(entry.easier) + 1)
    ]
    harder = [
        _resolve_variant(entry, n, doc, loc, problems) for n in range(1, len(entry.harder) + 1)
    ]
    if None in easier or None in harder:
        return None
    return replace(
        _resolved(entry, texts, form),
        easier=tuple(e for e in easier if e is not None),
        harder=tuple(e for e in harder if e is not None),
    )


def _resolve_variant(
    entry: LibraryEntryFile,
    level: int,
    doc: Document,
    loc: tuple[str | int, ...],
    problems: list[Problem],
) -> LibraryExercise | None:
    """The variant at `level`; it needs the same languages as the exercise and a dosing."""
    where = (*loc, "easier" if level < 0 else "harder", abs(level) - 1)
    variant = entry.at_level(level)
    texts = {lang: text for lang in LANGUAGES if (text := variant.text(lang)) is not None}
    missing = [lang for lang in LANGUAGES if entry.text(lang) and lang not in texts]
    if missing:
        problems.append(doc.problem(where, f"the variant has no text in {', '.join(missing)}"))
        return None
    form, sound = written_form(variant.dosing, doc, (*where, "dosing"), problems)
    if not sound:
        return None
    if form is None:
        problems.append(
            doc.problem((*where, "dosing"), "the variant's dosing has no form", key=True)
        )
        return None
    return replace(_resolved(variant, texts, form), level=level)


def _resolved(
    entry: LibraryEntryFile, texts: dict[str, LibraryText], form: Form
) -> LibraryExercise:
    defaults = DefaultsFile()
    return LibraryExercise(
        id=entry.id,
        kind=entry.kind,
        posture=Posture(entry.posture),
        equipment=tuple(entry.equipment),
        sides=Sides(entry.sides) if entry.sides else Sides.NONE,
        dosing=build_dosing(form, entry.dosing, entry.dosing, None, defaults),
        names={lang: text.name for lang, text in texts.items()},
        positions={lang: text.position for lang, text in texts.items()},
        instructions={lang: text.instructions for lang, text in texts.items()},
        switch=defaults.switch if entry.switch is None else entry.switch,
        limb=Limb(entry.limb) if entry.limb else Limb.SIDE,
    )
