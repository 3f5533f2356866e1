"""`auto` verbosity: the familiar script for exercises the journal says the user knows well."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from player.history import History, SessionJournal, exercise_records, open_history
from player.routine.model import Dosing, Exercise, Form, Kind, Routine, Section
from player.session.familiar import HEARD_FILE, familiar_for
from player.timeline.compile import Verbosity, compile_timeline
from player.timeline.model import CueKind

START = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


class Calendar:
    def __init__(self) -> None:
        self.moment = START

    def __call__(self) -> datetime:
        return self.moment


@dataclass(frozen=True)
class Done:
    index: int
    exercise: str | None
    section_kind: Kind | None


BIRD_DOG = Exercise(
    "Bird dog",
    Kind.STABILISATION,
    Dosing(Form.PACED, reps=4, tempo=5),
    position="Kneel on all fours.",
    instructions="Reach one arm forward and the other leg back. Keep your back flat.",
    prepare=12.0,
)
BRIDGE = Exercise(
    "Bridge",
    Kind.STRENGTHENING,
    Dosing(Form.TIMED, duration=30),
    position="Lie on your back, knees bent.",
    instructions="Lift your hips. Squeeze your buttocks.",
    rest=15.0,
)
ROUTINE = Routine("Core", (Section("Core", Kind.STABILISATION, (BRIDGE, BIRD_DOG), rounds=2),))


def _play(history: History, *names: str) -> None:
    journal = SessionJournal.start(
        history, routine="core", path=None, title="Core", language="en", planned=100.0,
        step_count=len(names) + 2,
    )  # fmt: skip
    for index, name in enumerate(names, start=1):
        journal.step_finished(Done(index, name, Kind.STABILISATION), 10.0, 10.0 * index)
    journal.ended("finished", 10.0 * len(names))


def _familiar(history: History, folder: Path) -> frozenset[str]:
    return familiar_for(ROUTINE, history, folder)


def test_three_times_finished_is_familiar_until_thirty_days_away(tmp_path: Path) -> None:
    calendar = Calendar()
    with open_history(tmp_path / "history.sqlite3", now=calendar) as history:
        _play(history, "Bird dog", "Bridge")
        _play(history, "Bird dog", "Bridge")
        assert _familiar(history, tmp_path) == frozenset()
        _play(history, "Bird dog")
        records = exercise_records(["Bird dog", "Bridge", "Plank"], history=history)
        assert {n: r.finished for n, r in records.items()} == {"Bird dog": 3, "Bridge": 2}
        assert _familiar(history, tmp_path) == {"Bird dog"}
        calendar.moment += timedelta(days=31)
        assert _familiar(history, tmp_path) == frozenset()
        _play(history, "Bird dog")  # back again: familiar at once
        assert _familiar(history, tmp_path) == {"Bird dog"}


def test_a_changed_text_brings_the_full_script_back_once(tmp_path: Path) -> None:
    with open_history(tmp_path / "history.sqlite3", now=Calendar()) as history:
        for _ in range(3):
            _play(history, "Bird dog")
        assert _familiar(history, tmp_path) == {"Bird dog"}
        heard = json.loads((tmp_path / HEARD_FILE).read_text())
        assert set(heard) == {"Bird dog", "Bridge"}
        changed = replace(BIRD_DOG, instructions="Reach long. Keep your pelvis level.")
        routine = replace(
            ROUTINE, sections=(replace(ROUTINE.sections[0], exercises=(BRIDGE, changed)),)
        )
        assert familiar_for(routine, history, tmp_path) == frozenset()  # heard in full ...
        assert familiar_for(routine, history, tmp_path) == {"Bird dog"}  # ... once


def _said(verbosity: Verbosity, familiar: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    timeline = compile_timeline(ROUTINE, lambda text: 1.0, verbosity=verbosity, familiar=familiar)
    return [(str(c.kind), c.text) for c in timeline.cues if c.text]


def test_the_familiar_script_is_name_dosing_and_one_key_cue() -> None:
    full = _said(Verbosity.AUTO)
    assert full == _said(Verbosity.FULL)  # no history: auto is full
    learned = _said(Verbosity.AUTO, frozenset({"Bird dog"}))
    assert ("position", "Kneel on all fours.") in full
    assert ("position", "Kneel on all fours.") not in learned
    assert ("position", "Lie on your back, knees bent.") in learned  # the bridge is new
    assert ("instructions", "Keep your back flat.") in learned  # the key cue
    assert ("instructions", "Reach one arm forward and the other leg back.") not in learned
    assert ("announce", "Bird dog. 4 reps, 5 seconds each.") in learned


def test_later_rounds_never_repeat_the_whole_announcement() -> None:
    said = _said(Verbosity.FULL)
    announced = [text for kind, text in said if kind == CueKind.ANNOUNCE]
    assert announced[2:] == ["Core, round 2 of 2. Bridge.", "Last exercise. Bird dog."]
    assert [t for k, t in said if k == CueKind.POSITION] == [
        "Lie on your back, knees bent.",
        "Kneel on all fours.",
    ]
