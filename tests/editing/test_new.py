"""`workout new`: the template in both languages passes the checker; copies; no overwrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from player import paths
from player.cli import main
from player.editing.preview import analyse
from player.editing.template import TEMPLATES, template_text, title_from_name
from player.routine.model import Form, Kind, Sides
from player.safety import CONFIRMED_FILE


@pytest.mark.parametrize("language", sorted(TEMPLATES))
def test_the_template_is_a_valid_routine_that_shows_every_feature(language: str) -> None:
    text = template_text("lower-back", language)
    analysis = analyse(text, Path("lower-back.yaml"))
    assert [str(p) for p in analysis.problems] == []
    routine = analysis.routine
    assert routine is not None and routine.language == language
    assert routine.title == "Lower back"
    exercises = routine.exercises()
    assert {e.dosing.form for e in exercises} == set(Form)
    assert {Sides.BOTH, Sides.ALTERNATING} <= {e.sides for e in exercises}
    assert any(e.library_id for e in exercises) and any(e.cues for e in exercises)
    assert any(e.dosing.sets > 1 for e in exercises)
    assert any(s.rounds > 1 for s in routine.sections)
    assert {s.kind for s in routine.sections} >= {
        Kind.MOBILISATION,
        Kind.STABILISATION,
        Kind.STRENGTHENING,
        Kind.STRETCHING,
    }
    assert text.count("#") > 20  # commented


def test_a_title_that_looks_like_a_number_stays_text() -> None:
    assert title_from_name("lower_back-2") == "Lower back 2"
    analysis = analyse(template_text("2024", "en"), Path("2024.yaml"))
    assert analysis.routine is not None and analysis.routine.title == "2024"


def test_new_writes_the_template_and_says_what_next(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "evening", "--language", "de"]) == 0
    path = paths.user_routines_dir() / "evening.yaml"
    first, rest = path.read_text(encoding="utf-8").split("\n", 1)
    assert first == "# yaml-language-server: $schema=../routine.schema.json"
    assert rest == template_text("evening", "de")
    assert json.loads((paths.user_data_dir() / "routine.schema.json").read_text())["properties"]
    out = capsys.readouterr().out
    assert str(path) in out and "workout edit evening" in out and "workout check evening" in out
    assert main(["check", "evening"]) == 0


def test_a_stale_schema_is_replaced_without_a_backup() -> None:
    schema = paths.user_data_dir() / "routine.schema.json"
    schema.parent.mkdir(parents=True, exist_ok=True)
    schema.write_text("{}\n", encoding="utf-8")  # from an older version
    assert main(["new", "evening"]) == 0
    assert json.loads(schema.read_text(encoding="utf-8"))["properties"]
    files = sorted(p.name for p in schema.parent.iterdir() if p.is_file())
    assert [f for f in files if f != CONFIRMED_FILE] == ["routine.schema.json"]


def test_new_refuses_to_overwrite(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "evening"]) == 0
    path = paths.user_routines_dir() / "evening.yaml"
    path.write_text("# mine\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["new", "evening"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_new_from_a_bundled_routine_copies_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "x", "--from", "desk-break-back"]) == 0
    copy = (paths.user_routines_dir() / "x.yaml").read_text(encoding="utf-8")
    bundled = (paths.bundled_routines_dir() / "desk-break-back.yaml").read_text(encoding="utf-8")
    assert bundled.startswith("# yaml-language-server: $schema=../docs/routine.schema.json\n")
    assert copy.splitlines()[0] == "# yaml-language-server: $schema=../routine.schema.json"
    assert copy.splitlines()[1:] == bundled.splitlines()[1:]
    assert main(["check", "x"]) == 0


@pytest.mark.parametrize("name", ["../escape", "a b", "", "x.y"])
def test_bad_names_are_usage_errors(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", name]) == 2
    assert "is not a routine name" in capsys.readouterr().err


def test_a_bundled_routines_name_is_not_taken_by_a_new_routine(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A template (or another routine) under a bundled name would silently replace the
    # bundled routine in `workout play desk-break-back`.
    assert main(["new", "desk-break-back"]) == 2
    assert main(["new", "desk-break-back.yaml", "--from", "desk-break-hips"]) == 2
    assert "is a bundled routine" in capsys.readouterr().err
    assert not (paths.user_routines_dir() / "desk-break-back.yaml").exists()
    # Its own copy under its own name is what `workout edit` makes: still allowed.
    assert main(["new", "desk-break-back", "--from", "desk-break-back"]) == 0
