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
    assert routine.title == {"en": "Lower back", "de": "Lower Back"}[language]
    assert "short session" not in text and "kurze Einheit" not in text  # it is not short
    # No problem of its own: what `check` may say is how the timing fits the speech.
    assert all("windows grew" in note for note in analysis.notes), analysis.notes
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


@pytest.mark.parametrize("name", ["../escape", "a b", "", "x.y", "   ", "\u200b", "_x", "a\x1b[2J"])
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


def test_a_name_of_300_characters_is_refused_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: OSError (file name too long), exit 70.
    assert main(["new", "a" * 300]) == 2
    assert "a routine name is at most 100 characters; this one has 300" in capsys.readouterr().err


def test_names_in_any_alphabet_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    # Before: 'ünïcödé' was refused with "use letters".
    assert main(["new", "ünïcödé"]) == 0
    assert main(["new", "rücken-abend", "--language", "de"]) == 0
    names = sorted(p.name for p in paths.user_routines_dir().iterdir())
    assert names == ["rücken-abend.yaml", "ünïcödé.yaml"]
    assert main(["check", "ünïcödé"]) == 0


def test_new_from_a_file_that_is_no_routine_copies_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Before: `--from /etc/passwd` copied it into the routines folder.
    assert main(["new", "pw", "--from", "/etc/passwd"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("/etc/passwd is not a valid routine, so it is not copied:\n/etc/passwd:")
    assert not (paths.user_routines_dir() / "pw.yaml").exists()


def test_the_data_folder_and_its_files_are_private_with_the_usual_umask(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import os

    mask = os.umask(0o022)
    try:
        paths.user_data_dir().mkdir(parents=True, exist_ok=True)  # as an older version left it
        paths.user_data_dir().chmod(0o755)
        assert main(["new", "mine"]) == 0
        assert main(["history"]) == 0
    finally:
        os.umask(mask)
    data = paths.user_data_dir()
    assert data.stat().st_mode & 0o777 == 0o700
    assert paths.user_routines_dir().stat().st_mode & 0o777 == 0o700
    for file in ("routines/mine.yaml", "routine.schema.json", "history.sqlite3"):
        assert (data / file).stat().st_mode & 0o777 == 0o600, file


@pytest.mark.parametrize(
    ("name", "language", "title"),
    [
        ("mein-ruecken", "de", "Mein Rücken"),
        ("uebungen-fuer-die-huefte", "de", "Übungen für die Hüfte"),
        ("neue-quelle", "de", "Neue Quelle"),
        ("rücken", "de", "Rücken"),
        ("lower-back_evening", "en", "Lower back evening"),
    ],
)
def test_a_title_is_made_from_the_name_as_a_native_speaker_would_write_it(
    name: str, language: str, title: str
) -> None:
    assert title_from_name(name, language) == title


def test_a_name_with_umlauts_is_a_routine_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "rücken", "--language", "de"]) == 0
    created = paths.user_routines_dir() / "rücken.yaml"
    assert "title: Rücken\n" in created.read_text(encoding="utf-8")
    assert main(["check", "rücken"]) == 0
