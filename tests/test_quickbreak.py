"""The quick break: no floor work, enough kinds, few posture changes, varied from last time."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player import paths
from player.quickbreak import NoBreakPossible, build_break, plan_break, save_break
from player.quickbreak.library import LIBRARY_COPY, break_library
from player.quickbreak.plan import COUNTDOWN, planned_seconds
from player.routine import load_routine
from player.routine.library import load_library
from player.routine.model import Dosing, Form, Kind, LibraryExercise, Posture, Routine, Sides
from player.session.prepare import name_of


def _exercise(
    id: str,
    kind: Kind,
    posture: Posture,
    seconds: float = 30.0,
    sides: Sides = Sides.NONE,
) -> LibraryExercise:
    return LibraryExercise(
        id=id,
        kind=kind,
        posture=posture,
        equipment=(),
        sides=sides,
        dosing=Dosing(form=Form.TIMED, duration=seconds, sets=3, rest_between_sets=20.0),
        names={"en": id.replace("-", " ").capitalize(), "de": f"{id} (de)"},
        positions={"en": "Sit tall.", "de": "Sitz aufrecht."},
        instructions={"en": "Breathe.", "de": "Atme."},
    )


LIBRARY = {
    e.id: e
    for e in [
        _exercise("abdominal-bracing", Kind.STABILISATION, Posture.SITTING),
        _exercise("pelvic-tilt-seated", Kind.STABILISATION, Posture.SITTING),
        _exercise("standing-bracing", Kind.STABILISATION, Posture.STANDING),
        _exercise("seated-cat-cow", Kind.MOBILISATION, Posture.SITTING),
        _exercise("thoracic-rotation", Kind.MOBILISATION, Posture.SITTING, sides=Sides.BOTH),
        _exercise("hip-circles", Kind.MOBILISATION, Posture.STANDING),
        _exercise("wall-squat", Kind.STRENGTHENING, Posture.STANDING),
        _exercise("calf-raises", Kind.STRENGTHENING, Posture.STANDING),
        _exercise("hip-flexor-stretch", Kind.STRETCHING, Posture.STANDING, sides=Sides.BOTH),
        _exercise("seated-hamstring-stretch", Kind.STRETCHING, Posture.SITTING),
        _exercise("bird-dog", Kind.STABILISATION, Posture.FLOOR),
        _exercise("bridge", Kind.STRENGTHENING, Posture.FLOOR),
    ]
}


def _posture_changes(postures: list[Posture]) -> int:
    return sum(1 for a, b in itertools.pairwise(postures) if a is not b)


def test_a_break_has_no_floor_work_stabilisation_and_two_other_kinds() -> None:
    routine = build_break(LIBRARY, minutes=3, seed=1)
    exercises = routine.exercises()
    assert all(e.posture is not Posture.FLOOR for e in exercises)
    kinds = {e.kind for e in exercises}
    assert Kind.STABILISATION in kinds
    assert len(kinds - {Kind.STABILISATION}) >= 2
    assert routine.title == "Quick break — 3 minutes"


def test_a_break_changes_posture_at_most_once_sitting_first() -> None:
    for seed in range(20):
        postures = [e.posture for e in build_break(LIBRARY, minutes=5, seed=seed).exercises()]
        assert _posture_changes(postures) <= 1
        if Posture.SITTING in postures and Posture.STANDING in postures:
            assert postures[0] is Posture.SITTING


def test_a_break_is_one_short_set_of_each_with_short_rests() -> None:
    for exercise in build_break(LIBRARY, minutes=3, seed=2).exercises():
        assert exercise.dosing.sets == 1
        # the break dosing (30 s at most), stretched by half at most to fill the minutes
        assert exercise.dosing.duration is not None and exercise.dosing.duration <= 45
        assert exercise.rest >= COUNTDOWN and not exercise.grow  # windows written out
        assert exercise.library_id in LIBRARY


def test_the_bundled_library_makes_breaks_that_keep_to_their_time() -> None:
    """`workout break --minutes N` lasts N minutes ± 10 %, from 1 to 15."""
    for language in ("en", "de"):
        library = load_library(language)
        for minutes in range(1, 16):
            routine = build_break(library, minutes=minutes, language=language, seed=minutes)
            seconds = planned_seconds(routine)
            assert abs(seconds - minutes * 60) <= minutes * 6, (language, minutes, seconds)
            kinds = {e.kind for e in routine.exercises()}
            assert Kind.STABILISATION in kinds
            if minutes >= 5:
                assert len(kinds) >= 3
    german = build_break(load_library("de"), minutes=3, language="de", seed=1)
    assert german.title == "Kurze Pause — 3 Minuten"
    assert build_break(LIBRARY, minutes=1, seed=1).title == "Quick break — 1 minute"
    assert build_break(load_library("de"), 1, "de", seed=1).title == "Kurze Pause — 1 Minute"


def test_longer_breaks_hold_more_exercises_and_fit_the_time() -> None:
    short = plan_break(LIBRARY, minutes=3, seed=3)
    long = plan_break(LIBRARY, minutes=8, seed=3)
    assert len(long.chosen) > len(short.chosen)
    assert long.seconds <= 8 * 60
    assert short.seconds == planned_seconds(build_break(LIBRARY, minutes=3, seed=3))


def test_a_break_avoids_what_the_last_breaks_did() -> None:
    first = build_break(LIBRARY, minutes=3, seed=4)
    done = [e.library_id for e in first.exercises() if e.library_id]
    second = build_break(LIBRARY, minutes=3, recent=done, seed=4)
    again = {e.library_id for e in second.exercises()}
    # Enough alternatives exist for every kind but stabilisation-sitting: nothing repeats.
    assert again.isdisjoint(done)


def test_recent_exercises_may_be_given_by_name() -> None:
    first = build_break(LIBRARY, minutes=3, seed=5)
    names = [e.name for e in first.exercises()]
    second = build_break(LIBRARY, minutes=3, recent=names, seed=5)
    assert {e.name for e in second.exercises()}.isdisjoint(names)


def test_a_german_break_speaks_german() -> None:
    routine = build_break(LIBRARY, minutes=3, language="de", seed=6)
    assert routine.language == "de"
    assert routine.title == "Kurze Pause — 3 Minuten"
    assert all(e.name.endswith("(de)") for e in routine.exercises())
    assert {s.name for s in routine.sections} <= {
        "Mobilisation",
        "Stabilisation",
        "Kräftigung",
        "Dehnung",
    }


def test_sections_are_runs_of_one_kind() -> None:
    routine = build_break(LIBRARY, minutes=6, seed=7)
    for section in routine.sections:
        assert all(e.kind is section.kind for e in section.exercises)
    kinds = [s.kind for s in routine.sections]
    assert all(a is not b for a, b in itertools.pairwise(kinds))


def test_a_library_without_enough_kinds_cannot_make_a_break() -> None:
    floor_only = {k: v for k, v in LIBRARY.items() if v.posture is Posture.FLOOR}
    with pytest.raises(NoBreakPossible):
        build_break(floor_only, minutes=3)
    no_stretching = {
        k: v for k, v in LIBRARY.items() if v.kind in (Kind.STABILISATION, Kind.MOBILISATION)
    }
    with pytest.raises(NoBreakPossible):
        build_break(no_stretching, minutes=3)


@settings(max_examples=25, deadline=None)
@given(
    minutes=st.floats(min_value=1, max_value=15),
    seed=st.integers(0, 10_000),
    recent=st.lists(st.sampled_from(sorted(LIBRARY)), max_size=8),
)
def test_every_break_keeps_the_rules(minutes: float, seed: int, recent: list[str]) -> None:
    routine = build_break(LIBRARY, minutes=minutes, recent=recent, seed=seed)
    exercises = routine.exercises()
    ids = [e.library_id for e in exercises]
    assert len(ids) == len(set(ids))
    assert all(e.posture is not Posture.FLOOR for e in exercises)
    if minutes >= 6:  # shorter breaks keep their minutes before their three kinds
        assert len({e.kind for e in exercises} - {Kind.STABILISATION}) >= 2
    assert _posture_changes([e.posture for e in exercises]) <= 1


def _without_positions(routine: Routine) -> Routine:
    sections = tuple(
        replace(
            s,
            source=None,
            exercises=tuple(replace(e, source=None) for e in s.exercises),
        )
        for s in routine.sections
    )
    return replace(routine, sections=sections)


@pytest.mark.parametrize("language", ["en", "de"])
def test_a_saved_break_loads_back_as_the_same_routine(language: str, tmp_path: Path) -> None:
    library = load_library(language)
    for seed, minutes in itertools.product(range(6), (3, 5, 12)):
        routine = build_break(library, minutes=minutes, language=language, seed=seed)
        saved = save_break(routine, tmp_path)
        assert saved.path == tmp_path / "quick-break.yaml"
        result = load_routine(saved.path)
        assert result.warnings == ()
        assert _without_positions(result.routine) == saved, (seed, minutes)


def test_a_break_that_cannot_be_saved_still_plays(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    routine = build_break(LIBRARY, minutes=3, seed=1)
    assert save_break(routine, blocker / "routines") is routine
    assert routine.path is None and name_of(routine) == "quick-break"  # journaled by its name


def test_breaks_read_the_library_from_a_copy_made_again_when_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "exercises.yaml"
    source.write_bytes(paths.exercise_library_file().read_bytes())
    monkeypatch.setattr(paths, "exercise_library_file", lambda: source)
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "cache"))
    copy = tmp_path / "cache" / LIBRARY_COPY
    for language in ("en", "de"):
        assert break_library(language) == load_library(language)  # made, then read back
        assert copy.is_file()
        assert break_library(language) == load_library(language)
    # The copy is what is read while the file stays as it is ...
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["exercises"] = [e for e in data["exercises"] if e["id"] != "abdominal-bracing"]
    copy.write_text(json.dumps(data), encoding="utf-8")
    assert "abdominal-bracing" not in break_library("en")
    # ... and made again once the file changes (or the copy is damaged).
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "abdominal-bracing" in break_library("en")
    copy.write_text("{", encoding="utf-8")
    assert break_library("en") == load_library("en")


def test_a_break_does_not_load_pydantic_or_ruamel_once_the_copy_exists() -> None:
    break_library("en")  # makes the copy (in the tests' cache dir)
    code = (
        "import sys; from player.quickbreak import quick_break; quick_break(3, 'en', 1); "
        "print(sorted(m for m in ('pydantic', 'ruamel.yaml') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("seed", [*range(30), 49, 160])
def test_a_two_minute_break_keeps_its_minutes_with_a_real_dose(seed: int) -> None:
    """Seeds 49 and 160 gave 2-minute breaks of 137 s and 104 s (the two exercises drawn
    could not be dosed to the minutes), and most 2-minute breaks squeezed three exercises in
    by cutting the dosing to a fifth: one leg swing, a 5-second stretch. Now another draw is
    tried, and an exercise goes before the dose falls under half."""
    from player.quickbreak.plan import MIN_SCALE, TOLERANCE

    plan = plan_break(break_library("en"), 2.0, "en", (), seed)
    assert abs(plan.seconds - 120.0) <= 120.0 * TOLERANCE, plan.seconds
    assert plan.scale >= MIN_SCALE or len(plan.chosen) == 1, (plan.scale, plan.chosen)
