"""OpenHIIT: an exported timer, or a list of them.

A timer has a `name`, `activeIntervals` (how many work intervals), `activities` (their
exercise names), `restarts` (how many times it goes round again) and `timeSettings`
(an object, or the same as a JSON text) with `workTime`, `restTime`, `breakTime` (between
rounds), `warmupTime`, `cooldownTime` and `getReadyTime`, all in seconds.
"""

from __future__ import annotations

import json
from pathlib import Path

from player.importers.jsonfile import Fields, read_json
from player.importers.model import Imported, ImportedExercise, ImportedSection, fail
from player.routine.durations import MAX_SECONDS
from player.routine.model import Kind
from player.routine.source import Loc

SOURCE = "an OpenHIIT export"


def looks_like(data: object) -> bool:
    timers = data if isinstance(data, list) else [data]
    return bool(timers) and all(isinstance(t, dict) and "timeSettings" in t for t in timers)


def read(path: Path, text: str) -> list[Imported]:
    fields = Fields(read_json(path, text))
    timers = fields.objects((), "timers") if isinstance(fields.doc.data, list) else [()]
    return [_timer(fields, loc) for loc in timers]


def _timer(fields: Fields, loc: Loc) -> Imported:
    path = fields.doc.path
    title = fields.text((*loc, "name"), "").strip() or "Imported timer"
    settings = (*loc, "timeSettings")
    times = fields.value(settings)
    if isinstance(times, str):  # older exports keep the settings as a JSON text
        try:
            times = json.loads(times)
        except json.JSONDecodeError as error:
            raise fail(
                path, fields.doc.where(settings), f"'timeSettings' is not valid JSON: {error.msg}"
            ) from None
        if not isinstance(times, dict):
            raise fail(path, fields.doc.where(settings), "'timeSettings' should be an object")
        fields = fields.replaced(settings, times)

    def seconds(key: str) -> float:
        value = fields.number((*settings, key), 0.0)
        if value > MAX_SECONDS:
            raise fail(
                path,
                fields.doc.where((*settings, key)),
                f"'{key}' is {value:g} seconds; an interval lasts at most 2 hours",
            )
        return value

    work, rest, between = seconds("workTime"), seconds("restTime"), seconds("breakTime")
    warm_up, cool_down = seconds("warmupTime"), seconds("cooldownTime")
    count = int(fields.number((*loc, "activeIntervals"), minimum=0))
    rounds = int(fields.number((*loc, "restarts"), 0.0)) + 1
    if rounds > 100:
        raise fail(
            path,
            fields.doc.where((*loc, "restarts")),
            f"'restarts' is {rounds - 1}; workout-player plays a section at most 100 times",
        )
    if count == 0 or work == 0:
        raise fail(path, fields.doc.where(loc), f"'{title}' has no work intervals")
    names = fields.value((*loc, "activities"))
    names = [n.strip() for n in names if isinstance(n, str)] if isinstance(names, list) else []
    notes = []
    if len(names) < count:
        notes.append(
            f"{count - len(names)} of the {count} intervals have no exercise name; they are "
            "called 'Interval N': write what to do"
        )
    exercises = tuple(
        ImportedExercise(names[i] if i < len(names) and names[i] else f"Interval {i + 1}", work)
        for i in range(count)
    )
    sections = []
    if warm_up:
        sections.append(
            ImportedSection("Warm-up", Kind.WARM_UP, (ImportedExercise("Warm-up", warm_up),))
        )
    main_between = between if rounds > 1 else None
    sections.append(ImportedSection(title, Kind.STRENGTHENING, exercises, rounds, main_between))
    if cool_down:
        sections.append(
            ImportedSection(
                "Cool-down", Kind.COOL_DOWN, (ImportedExercise("Cool-down", cool_down),)
            )
        )
    get_ready = fields.value((*settings, "getReadyTime"))
    if isinstance(get_ready, int | float) and get_ready > 0:
        notes.append(
            f"the get-ready time ({get_ready:g} s) is not needed: workout-player announces "
            "each exercise and counts in"
        )
    notes.append(
        "OpenHIIT has no kinds of exercise: the intervals are marked 'strengthening'; "
        "change `kind:` where another fits"
    )
    notes.append("OpenHIIT's sounds and colours are not carried over")
    return Imported(title, SOURCE, tuple(sections), rest=rest, notes=tuple(notes))
