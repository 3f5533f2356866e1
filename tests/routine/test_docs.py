"""Every YAML example in `docs/routines.md` loads: the reference says what works."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from player import paths
from player.routine import load_routine_text
from player.routine.library import read_library

DOC = Path(__file__).resolve().parents[2] / "docs" / "routines.md"
EXAMPLES = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
ROUTINES = [text for text in EXAMPLES if text.startswith(("title:", "# "))]
LIBRARIES = [text for text in EXAMPLES if text.startswith("exercises:")]


def test_the_page_has_examples() -> None:
    assert len(ROUTINES) >= 7 and len(LIBRARIES) == 1


@pytest.mark.skipif(
    not paths.exercise_library_file().is_file(), reason="no bundled exercise library yet"
)
@pytest.mark.parametrize("text", ROUTINES, ids=[t.split("\n")[0][:40] for t in ROUTINES])
def test_every_routine_example_loads_without_warnings(text: str, tmp_path: Path) -> None:
    result = load_routine_text(text, tmp_path / "example.yaml")
    assert result.warnings == ()


def test_the_library_example_is_a_valid_library(tmp_path: Path) -> None:
    path = tmp_path / "exercises.yaml"
    path.write_text(LIBRARIES[0], encoding="utf-8")
    library = read_library(path)
    assert set(library.exercises) == {"abdominal-bracing"}
    assert library.exercises["abdominal-bracing"].names["de"] == "Bauchspannung"
