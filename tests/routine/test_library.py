"""The exercise library: read once, resolved per language, used by `use:`."""

from __future__ import annotations

from pathlib import Path

import pytest

from player import paths
from player.routine import load_library
from player.routine.library import read_library
from player.routine.model import Form, Kind, Posture, Sides


def test_entries_are_resolved_with_text_in_each_language(library_file: Path) -> None:
    library = read_library(library_file)
    assert list(library.exercises) == ["bird-dog", "abdominal-bracing", "hip-flexor-stretch"]
    bird_dog = library.exercises["bird-dog"]
    assert (bird_dog.kind, bird_dog.posture, bird_dog.sides) == (
        Kind.STABILISATION,
        Posture.FLOOR,
        Sides.ALTERNATING,
    )
    assert bird_dog.equipment == ("mat",)
    assert (bird_dog.dosing.form, bird_dog.dosing.reps, bird_dog.dosing.tempo) == (
        Form.PACED,
        8,
        4.0,
    )
    assert bird_dog.names == {"en": "Bird dog", "de": "Vierfüßlerstand diagonal"}
    bracing = library.exercises["abdominal-bracing"]
    assert set(bracing.names) == {"en"}
    assert bracing.dosing.rest_between_reps == 3.0
    assert library.exercises["hip-flexor-stretch"].switch == 8.0


def test_the_library_is_read_once_per_process(library_file: Path) -> None:
    assert read_library(library_file) is read_library(library_file)


@pytest.mark.skipif(
    not paths.exercise_library_file().is_file(), reason="no bundled exercise library yet"
)
def test_the_bundled_library_by_language() -> None:
    everything = load_library()
    english = load_library("en")
    german = load_library("de")
    assert len(everything) >= 17
    assert set(english) <= set(everything) and set(german) <= set(everything)
    assert all("de" in e.names for e in german.values())
    assert {e.kind for e in everything.values()} >= {
        Kind.STABILISATION,
        Kind.STRENGTHENING,
        Kind.STRETCHING,
        Kind.MOBILISATION,
    }
    assert load_library("fr") == {}
