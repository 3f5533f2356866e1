"""An imported routine as a commented routine file."""

from __future__ import annotations

import json
import re
import textwrap

from player.importers.model import Imported, ImportedExercise
from player.routine.model import Sides

# Text that YAML reads back as the same plain string without quotes.
_PLAIN = re.compile(r"[A-Za-zÀ-ÿ0-9(][^:#\n\"'{}\[\],&*!|>%@`]*")
_NOT_PLAIN = {"true", "false", "null", "yes", "no", "on", "off", "~"}


def scalar(text: str) -> str:
    """`text` as a YAML value: plain where that reads back the same, else double-quoted."""
    plain = (
        _PLAIN.fullmatch(text)
        and text == text.strip()
        and text.lower() not in _NOT_PLAIN
        and not re.fullmatch(r"[-+.\d:eE_]+", text)  # would read as a number
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def seconds(value: float) -> str:
    return f"{value:g}s"


def routine_yaml(imported: Imported, source_name: str) -> str:
    """The routine file: a header saying where it came from and what was not carried over,
    then the routine."""
    lines = [
        f"# Imported by `workout import` from {imported.source}: {source_name}",
    ]
    if imported.notes:
        lines.append("# Not carried over, or changed on the way:")
        for note in imported.notes:
            wrapped = textwrap.wrap(note, 84)
            lines.append(f"#  - {wrapped[0]}")
            lines += [f"#    {more}" for more in wrapped[1:]]
    lines += [
        f"title: {scalar(imported.title)}",
        *([f"description: {scalar(imported.description)}"] if imported.description else []),
        f"language: {imported.language}",
        "defaults:",
        *(
            [f"  prepare: {seconds(imported.prepare)}   # to say each exercise's name and how"]
            if imported.prepare is not None
            else []
        ),
        f"  rest: {seconds(imported.rest)}   # after each exercise, unless it says otherwise",
        *(["  fit: grow   # windows grow to say each exercise's name and how"] * imported.grow),
        "sections:",
    ]
    for section in imported.sections:
        lines += [f"  - name: {scalar(section.name)}", f"    kind: {section.kind.value}"]
        if section.rounds > 1:
            lines.append(f"    rounds: {section.rounds}")
            if section.rest_between_rounds is not None:
                lines.append(f"    rest_between_rounds: {seconds(section.rest_between_rounds)}")
        lines.append("    exercises:")
        for exercise in section.exercises:
            lines += _exercise(exercise, imported.rest)
    return "\n".join(lines) + "\n"


def _exercise(exercise: ImportedExercise, default_rest: float) -> list[str]:
    lines = [f"      - name: {scalar(exercise.name)}"]
    if exercise.instructions:
        lines.append(f"        instructions: {scalar(exercise.instructions)}")
    lines.append(f"        duration: {seconds(exercise.duration)}")
    if exercise.sides is not Sides.NONE:
        lines.append(f"        sides: {exercise.sides.value}")
    if exercise.rest is not None and exercise.rest != default_rest:
        lines.append(f"        rest: {seconds(exercise.rest)}")
    return lines
