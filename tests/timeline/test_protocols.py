"""Published protocols keep their times to the tenth of a second, speech or not."""

from __future__ import annotations

import pytest

from player.routine.model import Dosing, Exercise, Form, Kind, Routine, Section
from player.timeline.compile import Verbosity, compile_timeline
from player.timeline.estimate import estimated_duration_of
from player.timeline.model import MOVEMENT_KINDS, CueKind, Timeline


def _go_to_last_stop(timeline: Timeline) -> float:
    first_go = min(c.at for c in timeline.cues if c.kind is CueKind.GO)
    last_stop = max(s.end for s in timeline.segments if s.kind in MOVEMENT_KINDS)
    return round(last_stop - first_go, 1)


def _sprint(**fields: object) -> Exercise:
    return Exercise(
        "Squat jumps",
        Kind.STRENGTHENING,
        Dosing(Form.TIMED, duration=20),
        position="Stand with your feet hip-width apart.",
        instructions="Jump up, land softly, and go straight into the next squat.",
        **fields,  # type: ignore[arg-type]
    )


def _tabata_in_rounds() -> Routine:
    section = Section("Tabata", Kind.STRENGTHENING, (_sprint(rest=10.0),), rounds=8)
    return Routine("Tabata", (section,), safety="Stop if you feel pain.")


def _tabata_in_sets() -> Routine:
    sprint = _sprint()
    sprint = Exercise(
        sprint.name,
        sprint.kind,
        Dosing(Form.TIMED, duration=20, sets=8, rest_between_sets=10),
        position=sprint.position,
        instructions=sprint.instructions,
    )
    return Routine("Tabata", (Section("Tabata", Kind.STRENGTHENING, (sprint,)),))


def _circuit() -> Routine:
    names = [
        "Jumping jacks",
        "Wall sit",
        "Push-ups",
        "Crunches",
        "Step-ups",
        "Squats",
        "Triceps dips",
        "Plank",
        "High knees",
        "Lunges",
        "Push-ups with rotation",
        "Side plank",
    ]
    exercises = tuple(
        Exercise(
            name,
            Kind.STRENGTHENING,
            Dosing(Form.TIMED, duration=30),
            position="Get into position.",
            instructions="Keep a steady pace and breathe.",
            rest=10.0,
        )
        for name in names
    )
    return Routine("Seven-minute circuit", (Section("Circuit", Kind.STRENGTHENING, exercises),))


@pytest.mark.parametrize("verbosity", list(Verbosity))
@pytest.mark.parametrize("make", [_tabata_in_rounds, _tabata_in_sets])
def test_tabata_is_230_seconds_from_the_first_go_to_the_last_stop(make, verbosity) -> None:  # type: ignore[no-untyped-def]
    routine = make()
    timeline = compile_timeline(routine, estimated_duration_of(routine), verbosity=verbosity)
    assert _go_to_last_stop(timeline) == 230.0
    assert timeline.warnings == ()


@pytest.mark.parametrize("verbosity", list(Verbosity))
def test_a_circuit_of_twelve_is_470_seconds(verbosity: Verbosity) -> None:
    routine = _circuit()
    timeline = compile_timeline(routine, estimated_duration_of(routine), verbosity=verbosity)
    assert _go_to_last_stop(timeline) == 470.0


def test_later_tabata_rounds_only_name_the_round() -> None:
    routine = _tabata_in_rounds()
    timeline = compile_timeline(routine, estimated_duration_of(routine))
    announced = [c.text for c in timeline.cues if c.kind is CueKind.ANNOUNCE]
    # the written prepare (5 s, 3 of them the countdown) leaves room for the name only
    assert announced[0] == "Squat jumps."
    assert "Tabata, round 2 of 8. Squat jumps." in announced
    positions = [c for c in timeline.cues if c.kind is CueKind.POSITION]
    assert len(positions) == 1


@pytest.mark.parametrize("language", ["en", "de"])
def test_holds_with_two_second_relaxes_keep_their_count_every_time(language: str) -> None:
    bracing = Exercise(
        "Bracing",
        Kind.STABILISATION,
        Dosing(Form.HOLDS, hold=6, reps=6, rest_between_reps=2),
    )
    routine = Routine(
        "Holds", (Section("Core", Kind.STABILISATION, (bracing,)),), language=language
    )
    timeline = compile_timeline(routine, estimated_duration_of(routine))
    relaxes = [c.text for c in timeline.cues if c.kind is CueKind.RELAX and c.text]
    word = {"en": "of", "de": "von"}[language]
    assert [r for r in relaxes if f"{word} 6" in r] == relaxes
    assert len(relaxes) == 5
    assert timeline.warnings == ()
