"""The last break kept as a routine file, so that an interrupted break goes on (`--resume`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from player.files import write_atomic
from player.quickbreak.plan import BREAK_NAME
from player.routine.model import Dosing, Form, Limb, Routine, Sides


def break_text(routine: Routine) -> str:
    """The break as a routine file: each exercise by its library id with everything the
    break chose written out, so loading the file gives the same routine back."""

    def text(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML 1.2 string

    def seconds(value: float) -> str:
        return f"{value:g}" if float(f"{value:g}") == value else repr(value)

    lines = [
        "# The last quick break (`workout break`), kept so that an interrupted one can go on:",
        "# workout break --resume. The next break replaces this file.",
        f"title: {text(routine.title)}",
        f"description: {text(routine.description)}",
        f"language: {routine.language}",
        f"safety: {text(routine.safety)}",
        "sections:",
    ]
    for section in routine.sections:
        lines += [f"  - name: {text(section.name)}", f"    kind: {section.kind}", "    exercises:"]
        for e in section.exercises:
            first = f"use: {e.library_id}" if e.library_id else f"name: {text(e.name)}"
            lines.append(f"      - {first}")
            fields = {
                "name": text(e.name),
                "kind": str(e.kind),
                "posture": str(e.posture),
                "equipment": text_list(e.equipment),
                "position": text(e.position),
                "instructions": text(e.instructions),
                **_dosing_fields(e.dosing, seconds),
                "prepare": seconds(e.prepare),
                "countdown": str(e.countdown),
                "rest": seconds(e.rest),
                "fit": "grow" if e.grow else "keep",
            }
            if e.limb is not Limb.SIDE:
                fields["limb"] = str(e.limb)
            if e.sides is not Sides.NONE:
                fields["sides"] = str(e.sides)
            if e.sides is Sides.BOTH:
                fields["switch"] = seconds(e.switch)
            lines += [f"        {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def text_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(json.dumps(i, ensure_ascii=False) for i in items) + "]"


def _dosing_fields(dosing: Dosing, seconds: Callable[[float], str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    if dosing.duration is not None:
        fields["duration"] = seconds(dosing.duration)
    if dosing.hold is not None:
        fields["hold"] = seconds(dosing.hold)
    if dosing.reps is not None:
        fields["reps"] = str(dosing.reps)
    if dosing.tempo is not None:
        fields["tempo"] = seconds(dosing.tempo)
    if dosing.time_cap is not None:
        fields["time_cap"] = seconds(dosing.time_cap)
    if dosing.form is Form.HOLDS:
        fields["rest_between_reps"] = seconds(dosing.rest_between_reps)
    fields["sets"] = str(dosing.sets)
    if dosing.sets > 1:
        fields["rest_between_sets"] = seconds(dosing.rest_between_sets)
    return fields


def save_break(routine: Routine, folder: Path | None = None) -> Routine:
    """Keep the break in its own place, the quick breaks dir (atomically: `workout break
    --resume` goes on with it), and return it with that path; where it cannot be written,
    the break plays all the same (without its file)."""
    if folder is None:
        from player.paths import quick_breaks_dir

        folder = quick_breaks_dir()
    path = folder / f"{BREAK_NAME}.yaml"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, break_text(routine).encode())
    except OSError:
        return routine
    return replace(routine, path=path)
