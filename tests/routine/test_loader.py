"""Loading good routines: defaults, `use:` overrides, dosing forms, warnings, file checks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from player.routine import (
    LoadResult,
    Problem,
    RoutineError,
    Severity,
    load_routine,
    load_routine_text,
)
from player.routine.model import CueAnchor, Form, Kind, Posture, Sides
from player.speech.installed import installed_languages


@pytest.fixture
def every_feature(data_dir: Path, library_file: Path) -> LoadResult:
    return load_routine(data_dir / "good" / "every-feature.yaml", library=library_file)


def test_top_level_fields_and_voice(every_feature: LoadResult) -> None:
    routine = every_feature.routine
    assert routine.title == "Every feature"
    assert routine.language == "en"
    assert routine.safety == "Stop if you feel sharp or radiating pain."
    assert (routine.voice.name, routine.voice.rate, routine.voice.volume) == ("en-gb", 150, 0.8)
    assert [s.name for s in routine.sections] == ["Warm-up", "Stabilisation", "Stretching"]
    assert every_feature.warnings == ()


def test_timed_exercise_with_cues_and_file_defaults(every_feature: LoadResult) -> None:
    marching = every_feature.routine.sections[0].exercises[0]
    assert marching.dosing.form is Form.TIMED
    assert marching.dosing.duration == 60.0
    assert marching.kind is Kind.WARM_UP  # from the section
    assert (marching.prepare, marching.countdown, marching.rest) == (6.0, 3, 0.0)
    assert [(c.at.anchor, c.at.value) for c in marching.cues] == [
        (CueAnchor.FRACTION, 0.5),
        (CueAnchor.FROM_START, 20.0),
        (CueAnchor.FROM_END, 10.0),
    ]
    assert marching.source is not None and (marching.source.line, marching.source.column) == (
        21,
        9,
    )


def test_library_exercise_takes_text_metadata_and_dosing(every_feature: LoadResult) -> None:
    section = every_feature.routine.sections[1]
    assert (section.rounds, section.rest_between_rounds) == (2, 60.0)
    bracing = section.exercises[0]
    assert bracing.name == "Abdominal bracing"
    assert bracing.library_id == "abdominal-bracing"
    assert bracing.position.startswith("Sit tall")
    assert (bracing.posture, bracing.equipment) == (Posture.SITTING, ("chair",))
    dosing = bracing.dosing
    assert (dosing.form, dosing.hold, dosing.reps) == (Form.HOLDS, 10.0, 5)
    assert dosing.rest_between_reps == 3.0  # the library's, over the file's default of 2s
    assert (dosing.sets, dosing.rest_between_sets) == (2, 30.0)  # override, file default


def test_use_override_with_a_dosing_key_replaces_the_form(every_feature: LoadResult) -> None:
    bird_dog = every_feature.routine.sections[1].exercises[1]
    assert bird_dog.sides is Sides.ALTERNATING  # from the library
    assert (bird_dog.dosing.form, bird_dog.dosing.reps, bird_dog.dosing.tempo) == (
        Form.PACED,
        6,
        5.0,
    )
    assert bird_dog.posture is Posture.FLOOR


def test_open_reps_with_time_cap(every_feature: LoadResult) -> None:
    dead_bug = every_feature.routine.sections[1].exercises[2]
    assert (dead_bug.dosing.form, dead_bug.dosing.reps, dead_bug.dosing.time_cap) == (
        Form.OPEN,
        10,
        120.0,
    )
    assert dead_bug.dosing.work_per_side_per_set() == 120.0


def test_sides_switch_and_clock_durations(every_feature: LoadResult) -> None:
    hip, chest = every_feature.routine.sections[2].exercises
    assert (hip.sides, hip.switch, hip.dosing.duration) == (Sides.BOTH, 10.0, 45.0)
    assert hip.kind is Kind.STRETCHING
    assert (chest.sides, chest.switch, chest.dosing.duration) == (Sides.BOTH, 4.0, 60.0)
    assert (chest.prepare, chest.countdown) == (10.0, 5)


def test_built_in_defaults_apply_without_a_defaults_section(tmp_path: Path) -> None:
    text = (
        "title: Minimal\nsections:\n  - name: S\n    kind: stretching\n    exercises:\n"
        "      - {name: A, reps: 10}\n      - {name: B, hold: 5s, reps: 3, sets: 2}\n"
    )
    routine = load_routine_text(text, tmp_path / "minimal.yaml").routine
    a, b = routine.exercises()
    assert (a.prepare, a.countdown, a.rest, a.switch) == (5.0, 3, 10.0, 5.0)
    assert (a.dosing.form, a.dosing.time_cap) == (Form.OPEN, 60.0)
    assert (b.dosing.rest_between_reps, b.dosing.rest_between_sets) == (3.0, 20.0)
    assert routine.voice.rate == 165 and routine.language == "en"
    assert routine.sections[0].rest_between_rounds == 0.0  # one round: no rest between rounds


def test_anchors_and_merge_keys_are_followed(tmp_path: Path) -> None:
    text = (
        "title: Anchors\nsections:\n  - name: S\n    kind: stretching\n    exercises:\n"
        "      - &stretch {name: A, duration: 30s, sides: both}\n"
        "      - {<<: *stretch, name: B}\n"
    )
    a, b = load_routine_text(text, tmp_path / "a.yaml").routine.exercises()
    assert (b.name, b.dosing.duration, b.sides) == ("B", 30.0, Sides.BOTH)
    assert a.name == "A"


WARNINGS = {
    "long-exercise.yaml": "6:9: warning: 'Walking' lasts 25:00 (20 minutes or more); "
    "is a unit wrong?",
    "cue-last-second.yaml": "9:17: warning: this cue lands in the last second of the work, "
    "over the final count; it may be dropped",
    "switch-without-both.yaml": "8:9: warning: 'switch' has no effect unless 'sides: both'",
    "reps-replace-holds.yaml": "7:9: warning: 'reps' alone replaces the library's hold + reps "
    "dosing of 'abdominal-bracing' with open reps (the step waits until you press d); "
    "to keep hold + reps, write 'hold' too",
}


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_warnings_leave_the_routine_usable(name: str, data_dir: Path, library_file: Path) -> None:
    path = data_dir / "warn" / name
    result = load_routine(path, library=library_file)
    assert [str(w) for w in result.warnings] == [f"{path}:{WARNINGS[name]}"]
    assert all(w.severity is Severity.WARNING for w in result.warnings)


@pytest.mark.skipif(installed_languages() is None, reason="espeak-ng is not installed")
def test_a_language_no_voice_speaks_is_a_warning(data_dir: Path) -> None:
    path = data_dir / "warn" / "unknown-voice.yaml"
    result = load_routine(path, voice_languages=installed_languages())
    assert [str(w) for w in result.warnings] == [
        f"{path}:2:11: warning: no installed voice speaks 'tlh'; "
        "install one for espeak-ng or change 'language'"
    ]
    assert load_routine(path).warnings == ()  # voices not asked: nothing to warn about
    assert load_routine(path, voice_languages={"tlh"}).warnings == ()


def test_the_voices_languages_can_be_asked_once_the_file_is_read(data_dir: Path) -> None:
    path = data_dir / "warn" / "unknown-voice.yaml"
    asked: list[str] = []

    def languages() -> set[str]:
        asked.append("asked")
        return {"en", "de"}

    warnings = load_routine(path, voice_languages=languages).warnings
    assert [w.message for w in warnings] == [
        "no installed voice speaks 'tlh'; install one for espeak-ng or change 'language'"
    ]
    assert asked == ["asked"]
    assert load_routine(path, voice_languages=lambda: None).warnings == ()


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as caught:
        load_routine(tmp_path / "nope.yaml")
    assert str(caught.value) == f"{tmp_path / 'nope.yaml'}: no such file"


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("title: x\n" + "# padding\n" * 120_000)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value) == f"{path}:1:1: the file is 1.1 MiB; a routine file is at most 1 MiB"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("title: x\n")
    path.chmod(0)
    with pytest.raises(RoutineError) as caught:
        load_routine(path)
    assert str(caught.value) == f"{path}: cannot read the file: permission denied"


def test_an_alias_bomb_is_stopped(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    with pytest.raises(RoutineError) as caught:
        load_routine_text("\n".join(lines) + "\n", tmp_path / "bomb.yaml")
    # at the alias that goes over the limit (line 5: a4's fifth *a3), not at a list item
    assert [f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems] == [
        "5:45: this alias makes the file expand to over 100,000 values; "
        "repeat less through anchors and aliases"
    ]


def test_a_bad_library_is_reported_with_its_own_positions(tmp_path: Path) -> None:
    library = tmp_path / "exercises.yaml"
    library.write_text(
        "exercises:\n"
        "  - id: a\n    kind: stretching\n    posture: standing\n"
        "    dosing: {duration: 30s, reps: 3}\n    en: {name: A}\n"
        "  - id: a\n    kind: stretching\n    posture: sitting\n"
        "    dosing: {duration: 30s}\n    en: {name: A again}\n"
    )
    routine = "title: T\nsections:\n  - name: S\n    kind: stretching\n    exercises:\n"
    routine += "      - use: a\n"
    with pytest.raises(RoutineError) as caught:
        load_routine_text(routine, tmp_path / "r.yaml", library=library)
    forms = "the dosing forms are: duration | hold + reps | reps + tempo | reps (+ time_cap)"
    assert str(caught.value).splitlines() == [
        f"{library}:5:29: 'reps' does not go with 'duration'; {forms}",
        f"{library}:7:9: duplicate id 'a' (first on line 2)",
        f"{tmp_path / 'r.yaml'}:6:14: "
        "the exercise library is invalid, so 'use:' cannot be resolved",
    ]


def test_problem_text() -> None:
    error = Problem(Path("r.yaml"), 3, 5, "bad")
    warning = Problem(Path("r.yaml"), 3, 5, "odd", Severity.WARNING)
    whole = Problem(Path("r.yaml"), 0, 0, "no such file")
    assert (str(error), str(warning), str(whole)) == (
        "r.yaml:3:5: bad",
        "r.yaml:3:5: warning: odd",
        "r.yaml: no such file",
    )
