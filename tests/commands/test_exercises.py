"""`workout exercises`: the library as a table or JSON, filtered by kind, posture, equipment
and words."""

from __future__ import annotations

import json

import pytest

from player.cli import main
from player.routine.exercise_search import ExerciseQuery, find_exercises
from player.routine.library import load_library
from player.routine.model import Kind, Posture


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["exercises", "--format", "json", *args]) == 0
    items: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return items


def test_the_table_lists_every_exercise_with_its_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "KIND", "POSTURE", "EQUIPMENT", "DOSING"]
    library = load_library()
    assert len(library) == 42
    for exercise_id in library:
        assert any(line.startswith(exercise_id + " ") for line in lines), exercise_id
    assert "42 exercises. In a routine: `- use: " in out


def test_filters_combine(capsys: pytest.CaptureFixture[str]) -> None:
    sitting = _json(capsys, "--posture", "sitting")
    assert sitting and {e["posture"] for e in sitting} == {"sitting"}
    stretches = _json(capsys, "--kind", "stretching", "--equipment", "none")
    assert stretches and all(e["kind"] == "stretching" and e["equipment"] == [] for e in stretches)
    mats = _json(capsys, "--equipment", "mat")
    assert mats and all("mat" in e["equipment"] for e in mats)  # type: ignore[operator]
    assert [e["id"] for e in _json(capsys, "bird", "dog")] == ["bird-dog"]
    german = _json(capsys, "vierfüßlerstand")  # words match the German text too
    assert "bird-dog" in [e["id"] for e in german]


def test_json_carries_both_languages_and_the_dosing_in_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    (bird_dog,) = _json(capsys, "--language", "de", "bird-dog")
    assert bird_dog["names"] == {
        "en": "Bird dog",
        "de": "Vierfüßlerstand mit diagonalem Strecken",
    }
    assert bird_dog["dosing"] == "6 Wiederholungen pro Seite, im Wechsel, je 6 Sekunden"


def test_nothing_found_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "trampoline"]) == 0
    assert "No exercise matches" in capsys.readouterr().out


def test_a_bad_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["exercises", "--kind", "yoga"])
    assert exit_.value.code == 2


def test_find_exercises_keeps_library_order_and_needs_every_word() -> None:
    library = list(load_library().values())
    found = find_exercises(library, ExerciseQuery(kind=Kind.STABILISATION, posture=Posture.FLOOR))
    assert found == [
        e for e in library if e.kind is Kind.STABILISATION and e.posture is Posture.FLOOR
    ]
    assert find_exercises(library, ExerciseQuery(words=("bird", "chair"))) == []
