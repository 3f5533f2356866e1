"""Levels: the library's easier and harder variants, `level:` in a routine, the user's levels."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from player import paths
from player.errors import UserError
from player.levels import (
    at_user_levels,
    change_level,
    levels_path,
    read_levels,
    save_level,
    user_levels_of,
    with_levels,
)
from player.quickbreak import build_break
from player.routine import load_library, load_routine
from player.routine.loader import load_routine_text
from player.routine.model import Form, Kind, LibraryExercise, Posture, Sides


def _both() -> list[LibraryExercise]:
    return [e for e in load_library().values() if e.easier and e.harder]


def test_at_least_fifteen_exercises_have_an_easier_and_a_harder_variant() -> None:
    both = _both()
    assert len(both) >= 15
    kinds = Counter(e.kind for e in both)
    assert kinds[Kind.STABILISATION] >= 6 and kinds[Kind.STRENGTHENING] >= 8


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_variant_has_its_own_name_position_instructions_and_dosing(language: str) -> None:
    for item in load_library().values():
        names = {item.names[language]}
        for variant in (*item.easier, *item.harder):
            assert variant.id == item.id
            assert variant.names[language] not in names, variant.names[language]
            names.add(variant.names[language])
            assert variant.positions[language] and variant.instructions[language]


def test_the_levels_go_the_named_way() -> None:
    library = load_library()
    dead_bug = library["dead-bug"]
    assert dead_bug.level_range() == (-2, 1)
    assert [dead_bug.at_level(n).names["en"] for n in (-2, -1, 0, 1)] == [
        "Dead bug, heel taps",
        "Dead bug, arms only",
        "Dead bug",
        "Dead bug with a hold",
    ]
    assert dead_bug.at_level(-9).level == -2 and dead_bug.at_level(9).level == 1
    plank = library["wall-plank"]
    assert [plank.at_level(n).names["en"] for n in (0, 1, 2, 3)] == [
        "Wall plank",
        "Desk plank",
        "Floor plank on your knees",
        "Floor plank",
    ]
    assert plank.at_level(1).equipment == ("desk",) and plank.at_level(3).posture is Posture.FLOOR
    bridge = library["bridge"]
    assert bridge.at_level(1).sides is Sides.ALTERNATING
    assert (bridge.at_level(2).sides, bridge.at_level(2).names["de"]) == (
        Sides.BOTH,
        "Einbeiniges Beckenheben",
    )


def test_the_harder_levels_of_strengthening_reach_two_or_three_sets_of_eight_to_twelve() -> None:
    for item in load_library().values():
        if item.kind is not Kind.STRENGTHENING or not item.harder:
            continue
        top = item.harder[-1].dosing
        if top.form in (Form.PACED, Form.OPEN):
            assert top.sets >= 2 and 8 <= (top.reps or 0) <= 12, item.id


ROUTINE = """\
title: Levels
language: {language}
sections:
  - name: Core
    kind: stabilisation
    exercises:
      - use: dead-bug
        level: {level}
"""


def test_a_routine_chooses_a_level() -> None:
    text = ROUTINE.format(language="de", level=-2)
    exercise = load_routine_text(text, Path("levels.yaml")).routine.exercises()[0]
    assert (exercise.name, exercise.level, exercise.library_id) == (
        "Toter Käfer, Fersentippen",
        -2,
        "dead-bug",
    )
    assert "Ferse" in exercise.instructions


def test_a_level_the_exercise_does_not_have_is_one_clear_message() -> None:
    with pytest.raises(UserError) as error:
        load_routine_text(ROUTINE.format(language="en", level=3), Path("levels.yaml"))
    message = str(error.value)
    assert "levels.yaml:8:" in message
    assert "'dead-bug' has levels -2 to 1" in message
    text = ROUTINE.replace("use: dead-bug", "name: Plank\n        duration: 20").format(
        language="en", level=1
    )
    with pytest.raises(UserError, match="'level' goes with 'use:'"):
        load_routine_text(text, Path("levels.yaml"))


def test_a_level_change_is_kept_for_the_user_and_the_next_sessions_use_it() -> None:
    library = load_library()
    routine = load_routine(paths.bundled_routines_dir() / "focus-stabilisation.yaml").routine
    bird_dog = next(e for e in routine.exercises() if e.library_id == "bird-dog")
    easier = change_level(bird_dog, library, -1, "en")
    assert easier is not None and easier.name == "Bird dog, one leg" and easier.level == -1
    assert read_levels() == {"bird-dog": -1}
    assert change_level(easier, library, -1, "en") is None  # no easier one: nothing changes
    assert json.loads(levels_path().read_text()) == {"bird-dog": -1}
    again = user_levels_of(routine)
    names = [e.name for e in again.exercises() if e.library_id == "bird-dog"]
    assert names and all(n == "Bird dog, one leg" for n in names)
    save_level("bird-dog", 1)
    harder = with_levels(routine, read_levels(), library)
    assert {e.name for e in harder.exercises() if e.library_id == "bird-dog"} == {
        "Bird dog with a hold"
    }


def test_a_damaged_levels_file_is_no_levels() -> None:
    levels_path().parent.mkdir(parents=True, exist_ok=True)
    levels_path().write_text("{not json")
    assert read_levels() == {}
    save_level("bridge", 1)  # and the next change writes a good one
    assert read_levels() == {"bridge": 1}


def test_the_quick_break_uses_the_users_levels() -> None:
    library = load_library("en")
    levels = {key: -1 for key, item in library.items() if item.easier}
    leveled = at_user_levels(library, levels)
    routine = build_break(leveled, 3.0, "en", seed=4)
    chosen = [e for e in routine.exercises() if e.library_id in levels]
    assert chosen
    for exercise in chosen:
        assert exercise.level == -1
        assert exercise.name == library[exercise.library_id or ""].easier[0].names["en"]
