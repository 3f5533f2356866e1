"""Which exercises the user knows well: they get the familiar script under `auto` verbosity.

An exercise finished at least three times (the history journal says so) gets the familiar
script: name, dosing and one key cue, with its position and instructions on `r`. The full
script comes back after 30 days without it, and once when its text changed: the text each
exercise was last heard with in full is kept, as a short fingerprint, in `heard.json` in
the user data dir.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from player.files import write_atomic
from player.history.db import History
from player.history.queries import ExerciseRecord, exercise_records
from player.routine.model import Exercise, Routine
from player.timeline.compile import familiar_key

FAMILIAR_AFTER = 3  # finished this often: familiar
FORGOTTEN_AFTER = timedelta(days=30)  # not done for this long: the full script again
HEARD_FILE = "heard.json"


def fingerprint(exercise: Exercise) -> str:
    """A short digest of what the full script says about `exercise`."""
    text = f"{exercise.name}\n{exercise.position}\n{exercise.instructions}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def familiar_exercises(
    routine: Routine,
    records: Mapping[str, ExerciseRecord],
    heard: Mapping[str, str],
    now: datetime,
) -> frozenset[str]:
    """The rule, without I/O: the keys (`familiar_key`) of the familiar exercises.

    `records` is by exercise name (as the journal has it), `heard` by key.
    """
    familiar: set[str] = set()
    for exercise in routine.exercises():
        record = records.get(exercise.name)
        if record is None or record.finished < FAMILIAR_AFTER:
            continue
        last = record.last if record.last.tzinfo else record.last.astimezone()
        if now - last > FORGOTTEN_AFTER:
            continue
        key = familiar_key(exercise)
        if heard.get(key, fingerprint(exercise)) != fingerprint(exercise):
            continue  # its text changed since it was last heard in full
        familiar.add(key)
    return frozenset(familiar)


def _read_heard(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # none yet, or damaged: nothing is known
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def familiar_for(routine: Routine, history: History, folder: Path) -> frozenset[str]:
    """The familiar exercises of `routine` for this user; what will be heard in full is
    remembered with its text (in `folder`/heard.json), so that a later change shows."""
    heard_file = folder / HEARD_FILE
    heard = _read_heard(heard_file)
    records = exercise_records([e.name for e in routine.exercises()], history=history)
    familiar = familiar_exercises(routine, records, heard, history.now())
    updated = dict(heard)
    for exercise in routine.exercises():
        key = familiar_key(exercise)
        if key not in familiar or key not in heard:  # heard in full now, or first seen
            updated[key] = fingerprint(exercise)
    if updated != heard:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(heard_file, json.dumps(updated, sort_keys=True).encode())
        except OSError:  # not remembered: the full script plays once more next time
            pass
    return familiar
