"""`workout import`: each format from files of our own, good and broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from player import paths
from player.cli import main
from player.routine import load_routine
from player.routine.model import Kind, Sides

IMPORT = Path(__file__).resolve().parents[1] / "data" / "import"


def _import(name: str, tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "imported.yaml"
    assert main(["import", str(IMPORT / name), "-o", str(out), *extra]) == 0
    return out


def _checks_clean(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out and ": ok" in out


def test_workrave_exercises_become_timed_stretches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _import("workrave-exercises.xml", tmp_path)
    said = capsys.readouterr().out
    assert "the 5 pictures are not carried over" in said
    text = out.read_text("utf-8")
    assert text.startswith("# Imported by `workout import` from a Workrave exercises file")
    assert "#  - Workrave's exercises have no kinds" in text  # the notes are in the file too
    routine = load_routine(out).routine
    first, second, third = routine.exercises()
    assert first.name == "Shoulder stretch across the chest"
    assert (first.sides, first.dosing.duration) == (Sides.BOTH, 20.0)  # mirrored: 40 s in all
    assert first.instructions.startswith("Hold one arm straight across your chest and pull")
    assert (second.sides, second.dosing.duration) == (Sides.NONE, 20.0)
    assert third.name == "Shoulder rolls"
    assert {e.kind for e in routine.exercises()} == {Kind.STRETCHING}
    _checks_clean(out, capsys)


def test_workrave_translations_by_xml_lang(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _import("workrave-exercises.xml", tmp_path, "--language", "de")
    assert "'Shoulder rolls' has no de title; it is in English" in capsys.readouterr().out
    routine = load_routine(out).routine
    assert routine.language == "de"
    names = [e.name for e in routine.exercises()]
    assert names == ["Schulterdehnung vor der Brust", "In die Ferne schauen", "Shoulder rolls"]
    assert routine.exercises()[1].instructions.startswith("Schau auf den entferntesten Punkt")
    _checks_clean(out, capsys)


def test_workrave_source_form_with_underscored_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    routine = load_routine(_import("workrave-source-form.xml", tmp_path)).routine
    (exercise,) = routine.exercises()
    assert (exercise.name, exercise.dosing.duration) == ("Finger stretch", 24.0)


def test_a_jawt_backup_gives_a_routine_per_workout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(IMPORT / "jawt-backup.json")]) == 0
    made = sorted(paths.user_routines_dir().glob("*.yaml"))
    assert [p.name for p in made] == ["core-circuit.yaml", "stretch-after-running.yaml"]
    core = load_routine(made[0]).routine
    warm_up, circuit = core.sections
    assert [e.name for e in warm_up.exercises] == ["Jumping jacks", "March on the spot"]
    assert warm_up.exercises[0].rest == 10.0  # the "Rest" after it
    assert (circuit.name, circuit.rounds) == ("Set 2", 3)
    assert [(e.name, e.dosing.duration, e.rest) for e in circuit.exercises] == [
        ("Plank", 30.0, 15.0),
        ("Side plank", 20.0, 20.0),
    ]
    _checks_clean(made[0], capsys)
    # Importing again never overwrites: the second copy gets a new name.
    assert main(["import", str(IMPORT / "jawt-backup.json")]) == 0
    assert (paths.user_routines_dir() / "core-circuit-2.yaml").is_file()


def test_a_single_jawt_workout_with_umlauts_and_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _import("jawt-workout.json", tmp_path, "--language", "de")
    routine = load_routine(out).routine
    assert routine.title == "Übungen für den Rücken"
    assert [e.name for e in routine.exercises()] == ["Brücke", 'Vierfüßlerstand: "Bird dog"']
    assert routine.sections[0].rounds == 2
    _checks_clean(out, capsys)


def test_an_openhiit_timer_keeps_warm_up_rounds_and_cool_down(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _import("openhiit-timer.json", tmp_path)
    assert "the get-ready time (10 s)" in capsys.readouterr().out
    routine = load_routine(out).routine
    warm_up, main_part, cool_down = routine.sections
    assert (warm_up.kind, warm_up.exercises[0].dosing.duration) == (Kind.WARM_UP, 60.0)
    assert [e.name for e in main_part.exercises] == [
        "Mountain climbers",
        "Plank",
        "Glute bridge",
        "Dead bug",
    ]
    assert {e.dosing.duration for e in main_part.exercises} == {20.0}
    assert {e.rest for e in main_part.exercises[:-1]} == {10.0}
    assert (main_part.rounds, main_part.rest_between_rounds) == (2, 60.0)
    assert (cool_down.kind, cool_down.exercises[0].dosing.duration) == (Kind.COOL_DOWN, 45.0)
    _checks_clean(out, capsys)


def test_an_openhiit_list_with_settings_as_text_and_missing_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _import("openhiit-list.json", tmp_path)
    assert "2 of the 3 intervals have no exercise name" in capsys.readouterr().out
    routine = load_routine(out).routine
    assert [e.name for e in routine.exercises()] == ["Squats", "Interval 2", "Interval 3"]
    assert {e.dosing.duration for e in routine.exercises()} == {30.0}
    _checks_clean(out, capsys)


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("workrave-broken.xml", ":6:5:", "not valid XML: mismatched tag"),
        ("workrave-bad-duration.xml", ":5:5:", 'duration is "half a minute"'),
        ("workrave-entities.xml", ":3:", "entity declarations are not allowed"),
        ("jawt-broken.json", ":6:76:", "not valid JSON"),
        ("jawt-wrong-type.json", ":9:43:", "'duration' should be a number, not \"thirty\""),
        ("openhiit-broken.json", ":4:48:", "'restTime' is -5; it should be at least 0"),
        ("not-a-workout.json", ":1:1:", "not a file workout-player can import"),
    ],
)
def test_a_broken_file_is_one_clear_error_with_its_position(
    name: str, where: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "imported.yaml"
    assert main(["import", str(IMPORT / name), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{name}{where}" in err and message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_several_routines_with_one_output_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(IMPORT / "jawt-backup.json"), "-o", str(tmp_path / "x.yaml")]) == 2
    assert "holds 2 routines ('Core circuit', 'Stretch after running')" in capsys.readouterr().err


def test_an_existing_output_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine.yaml"
    out.write_text("my own work\n", encoding="utf-8")
    assert main(["import", str(IMPORT / "openhiit-timer.json"), "-o", str(out)]) == 2
    assert out.read_text("utf-8") == "my own work\n"


def test_a_missing_file_or_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nope.json")]) == 1
    assert "nope.json: cannot be read" in capsys.readouterr().err
    assert main(["import", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
