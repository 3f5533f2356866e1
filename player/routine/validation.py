"""Validation errors in words a routine author can act on, with "did you mean"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from player.routine.parts import Invalid, key_names
from player.routine.problems import Problem
from player.routine.source import Document, Loc

Shapes = Mapping[tuple[str, ...], type]
"""Which part (`player.routine.parts`) describes the mapping at a location; list indexes
are written as '*'."""

_QUOTED = re.compile(r"'([^']*)'")

# How a part of the file is called in messages.
PART_NAMES = {
    "RoutineFile": "the routine",
    "VoiceFile": "voice",
    "DefaultsFile": "defaults",
    "SectionFile": "a section",
    "ExerciseFile": "an exercise",
    "CueFile": "a cue",
    "LibraryFile": "the library",
    "LibraryEntryFile": "a library exercise",
    "DosingFile": "dosing",
    "LibraryText": "an exercise's text",
}

# What a mapping at this key should hold, for "must be a mapping" messages.
_MAPPING_HINTS = {
    "sections": "a section (name:, kind:, exercises:)",
    "exercises": "an exercise (name: or use:, and its dosing)",
    "cues": "a cue ({at: 50%, say: ...})",
}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for the closest choice, or nothing when none is close."""
    import difflib  # only when something is misspelt

    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f" (did you mean '{lowered[word.lower()]}'?)"
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


def describe(value: object) -> str:
    """A value as a person would name it in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 40 else f"'{value[:37]}...'"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:37]}... ({len(text)} digits)"


def null_problems(doc: Document) -> tuple[list[Problem], set[Loc]]:
    """Keys written without a value (`duration:`) and empty list items (`- `)."""
    problems: list[Problem] = []
    nulls: set[Loc] = set()

    def walk(value: object, loc: Loc) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if item is None:
                    nulls.add((*loc, key))
                    problems.append(doc.problem((*loc, key), f"'{key}' has no value", key=True))
                else:
                    walk(item, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if item is None:
                    nulls.add((*loc, index))
                    name = loc[-1] if loc and isinstance(loc[-1], str) else "the list"
                    problems.append(doc.problem((*loc, index), f"an empty item in '{name}'"))
                else:
                    walk(item, (*loc, index))

    walk(doc.data, ())
    return problems, nulls


def validation_problems(
    doc: Document, errors: Iterable[Invalid], shapes: Shapes, nulls: set[Loc]
) -> Iterator[Problem]:
    """Every error of validating `doc` (`player.routine.parts.validate`) as a Problem at its
    place in `doc`."""
    for detail in errors:
        if detail.type == "none_required":
            continue  # the `None` side of an optional field: the other side says what is wrong
        loc = data_loc(doc.data, detail.loc, missing=detail.type == "missing")
        if detail.type != "extra_forbidden" and (
            loc in nulls or (detail.type == "missing" and loc[:-1] in nulls)
        ):
            continue  # already said: "'x' has no value"
        yield _problem(doc, detail, loc, shapes)


def data_loc(data: object, loc: Loc, *, missing: bool = False) -> Loc:
    """`loc` without names that are not places in the data (pydantic's names for union
    members, `function-plain[...]`, `none`: the tests validate through pydantic too).

    With `missing`, the last part is a key that is not in the data (and is kept).
    """
    kept: list[str | int] = []
    for index, part in enumerate(loc):
        in_dict = isinstance(data, dict) and isinstance(part, str) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if in_dict or in_list:
            data = data[part]  # type: ignore[index]
        elif missing and index == len(loc) - 1:
            data = None
        else:
            continue  # a union member's name, not a place in the data
        kept.append(part)
    return tuple(kept)


def _shape(loc: Loc) -> tuple[str, ...]:
    return tuple("*" if isinstance(part, int) else part for part in loc)


def _field(loc: Loc) -> str:
    """How the value at `loc` is named: `'reps'`, or `item 2 of 'equipment'`."""
    if not loc:
        return "the file"
    last = loc[-1]
    if isinstance(last, int):
        parent = loc[-2] if len(loc) > 1 else "the list"
        return f"item {last + 1} of '{parent}'"
    return f"'{last}'"


def _problem(doc: Document, detail: Invalid, loc: Loc, shapes: Shapes) -> Problem:
    kind = detail.type
    value = detail.input
    ctx = detail.ctx or {}
    name = _field(loc)
    if kind == "extra_forbidden":
        return doc.problem(loc, _unknown_key(str(loc[-1]), loc[:-1], shapes), key=True)
    if kind == "missing":
        model = shapes.get(_shape(loc[:-1]))
        where = PART_NAMES.get(model.__name__, "this part") if model else "this part"
        return doc.problem(loc[:-1], f"{where} needs '{loc[-1]}'", key=True)
    if kind in ("duration", "cue_time"):
        return doc.problem(loc, f"{name}: {detail.msg}")
    if kind in ("enum", "literal_error"):
        options = _QUOTED.findall(str(ctx.get("expected", "")))
        hint = did_you_mean(str(value), options) if isinstance(value, str) else ""
        shown = ", ".join(options)
        return doc.problem(loc, f"{name} cannot be {describe(value)}{hint}; use one of: {shown}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        if not loc:
            top = ", ".join(f"{key}:" for key in key_names(shapes[()]))
            return doc.problem(
                loc, f"the file must be a mapping of keys ({top}), not {describe(value)}"
            )
        in_list = len(loc) > 1 and isinstance(loc[-1], int)
        what = _MAPPING_HINTS.get(str(loc[-2]), "a mapping") if in_list else "a mapping of keys"
        return doc.problem(loc, f"{name} must be {what}, not {describe(value)}")
    if kind == "list_type":
        return doc.problem(
            loc, f"{name} must be a list (lines starting with '- '), not {describe(value)}"
        )
    if kind == "string_type":
        quotes = " (put it in quotes)" if isinstance(value, int | float) else ""
        return doc.problem(loc, f"{name} must be text, not {describe(value)}{quotes}")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return doc.problem(loc, f"{name} must be a whole number, not {describe(value)}")
    if kind in ("float_type", "float_parsing"):
        return doc.problem(loc, f"{name} must be a number, not {describe(value)}")
    if kind == "string_too_short":
        return doc.problem(loc, f"{name} must not be empty")
    if kind == "too_short":
        return doc.problem(loc, _empty_list(loc))
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return doc.problem(loc, f"{name} {_bound(kind, ctx)}, not {describe(value)}")
    if kind == "string_pattern_mismatch":
        return doc.problem(loc, f"{name}: {_pattern_hint(loc, value)}")
    return doc.problem(loc, f"{name}: {detail.msg}")


def _unknown_key(key: str, parent: Loc, shapes: Shapes) -> str:
    model = shapes.get(_shape(parent))
    allowed = list(key_names(model)) if model else []
    message = f"unknown key '{key}'"
    hint = did_you_mean(key, allowed)
    if hint:
        return message + hint
    here = PART_NAMES.get(model.__name__, "here") if model else "here"
    for part in dict.fromkeys(shapes.values()):
        if part is not model and key in key_names(part):
            return f"{message}: '{key}' belongs in {PART_NAMES.get(part.__name__)}, not {here}"
    if allowed:
        return f"{message}; {here} takes: {', '.join(allowed)}"
    return message


def _empty_list(loc: Loc) -> str:
    last = loc[-1] if loc else ""
    if last == "sections":
        return "the routine has no sections; it needs at least one"
    if last == "exercises":
        return "this section has no exercises; it needs at least one"
    return f"{_field(loc)} must not be empty"


def _bound(kind: str, ctx: Mapping[str, object]) -> str:
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}"
    return f"must be less than {ctx.get('lt')}"


def _pattern_hint(loc: Loc, value: object) -> str:
    last = loc[-1] if loc else ""
    if last == "language":
        return f"{describe(value)} is not a language code such as en, de or en-gb"
    if last in ("use", "id"):
        return (
            f"{describe(value)} is not an exercise id "
            "(lowercase words joined by '-', e.g. bird-dog)"
        )
    return f"{describe(value)} is not in the expected form"
