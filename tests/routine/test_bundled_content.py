"""Content rules for the bundled library and routines, as a physiotherapist would check them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from ruamel.yaml import YAML

from player.paths import bundled_routines_dir, exercise_library_file
from player.routine.library import load_library
from player.routine.loader import load_routine
from player.routine.model import (
    Exercise,
    Form,
    Kind,
    LibraryExercise,
    Posture,
    Routine,
    Sides,
)
from player.timeline.compile import compile_timeline, safety_lines
from player.timeline.estimate import estimate_duration
from player.timeline.model import MOVEMENT_KINDS, CueKind, Timeline

Raw = dict[str, Any]

TRAINING_KINDS = {Kind.STABILISATION, Kind.STRENGTHENING, Kind.STRETCHING, Kind.MOBILISATION}
DESK_EQUIPMENT = {"chair", "desk", "wall", "door frame"}
DOSING_KEYS = {"duration", "hold", "reps", "tempo", "time_cap"}
SCHEMA_LINE = "# yaml-language-server: $schema=../docs/routine.schema.json"

# Every English routine and its German counterpart (same library ids, same order).
COUNTERPARTS = {
    "desk-break-back": "schreibtisch-pause-ruecken",
    "desk-break-neck-shoulders": "schreibtisch-pause-nacken-schultern",
    "desk-break-hips": "schreibtisch-pause-huefte",
    "desk-break-standing": "schreibtisch-pause-im-stehen",
    "desk-break-seated": "schreibtisch-pause-im-sitzen",
    "focus-stabilisation": "fokus-stabilisation",
    "focus-strengthening": "fokus-kraeftigung",
    "focus-stretching": "fokus-dehnung",
    "focus-mobilisation": "fokus-mobilisation",
    "full-reconditioning": "rekonditionierung-komplett",
}
ENGLISH = tuple(COUNTERPARTS)
GERMAN = tuple(COUNTERPARTS.values())
DESK_BREAKS = tuple(
    name for pair in COUNTERPARTS.items() for name in pair if name.startswith(("desk", "schreib"))
)
FOCUS = {
    Kind.STABILISATION: ("focus-stabilisation", "fokus-stabilisation"),
    Kind.STRENGTHENING: ("focus-strengthening", "fokus-kraeftigung"),
    Kind.STRETCHING: ("focus-stretching", "fokus-dehnung"),
    Kind.MOBILISATION: ("focus-mobilisation", "fokus-mobilisation"),
}
FULL = ("full-reconditioning", "rekonditionierung-komplett")

# Minutes a routine takes, played as written (speech, countdowns, rests included).
DESK_BREAK_MINUTES = (2.0, 3.0)
FOCUS_MINUTES = (6.5, 11.0)  # with a warm-up (stretching, mobilisation) and a cool-down
FULL_MINUTES = (15.0, 19.0)


# --- the files as written, and as the loader resolves them ------------------------------


@cache
def _library() -> dict[str, LibraryExercise]:
    return load_library()


@cache
def _written(name: str) -> Raw:
    """A routine file exactly as written (overrides, cue times), not resolved."""
    path = bundled_routines_dir() / f"{name}.yaml"
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


@cache
def _routine(name: str) -> Routine:
    """The routine through the real loader; it must load without a warning."""
    result = load_routine(bundled_routines_dir() / f"{name}.yaml")
    assert result.warnings == ()
    return result.routine


@cache
def _timeline(name: str) -> Timeline:
    """The routine's timeline, with clip lengths as espeak-ng is expected to give them."""
    routine = _routine(name)

    def duration_of(text: str) -> float:
        return estimate_duration(text, routine.language, routine.voice.rate)

    return compile_timeline(routine, duration_of)


def _routine_names() -> list[str]:
    return sorted(p.stem for p in bundled_routines_dir().glob("*.yaml"))


def _entries(name: str) -> Iterator[Raw]:
    """Every exercise entry of a routine file, as written."""
    for section in _written(name)["sections"]:
        yield from section["exercises"]


def _desk_friendly(exercise: Exercise | LibraryExercise) -> bool:
    return exercise.posture is not Posture.FLOOR and set(exercise.equipment) <= DESK_EQUIPMENT


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _seconds(value: object) -> float:
    text = str(value).strip()
    match = re.fullmatch(r"(?:(\d+)m)?(?:(\d+(?:\.\d+)?)\s*s?)?", text)
    assert match and text, text
    return int(match[1] or 0) * 60 + float(match[2] or 0)


# --- the library ------------------------------------------------------------------------


def test_library_ids_are_unique_kebab_case() -> None:
    written = YAML(typ="safe").load(exercise_library_file().read_text(encoding="utf-8"))
    ids = [e["id"] for e in written["exercises"]]
    assert len(ids) == len(set(ids)) == len(_library())
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", i) for i in ids), ids


@pytest.mark.parametrize("exercise_id", sorted(_library()))
def test_every_library_exercise_is_complete_in_english_and_german(exercise_id: str) -> None:
    item = _library()[exercise_id]
    for texts in (item.names, item.positions, item.instructions):
        assert set(texts) == {"en", "de"}
        assert all(t.strip() for t in texts.values())
    assert item.positions["en"] != item.positions["de"], "translated, not copied"
    assert item.instructions["en"] != item.instructions["de"], "translated, not copied"


@pytest.mark.parametrize("exercise_id", sorted(_library()))
def test_spoken_texts_fit_a_short_prepare_window(exercise_id: str) -> None:
    """Read aloud before every exercise: one sentence of position, one to three of how."""
    item = _library()[exercise_id]
    for language in ("en", "de"):
        position, instructions = item.positions[language], item.instructions[language]
        assert len(_sentences(position)) == 1, (language, position)
        assert 1 <= len(_sentences(instructions)) <= 3, (language, instructions)
        spoken = estimate_duration(f"{position} {instructions}", language)
        assert spoken <= 18.0, (language, spoken)


def test_floor_work_needs_a_mat_and_desk_work_does_not() -> None:
    for item in _library().values():
        assert ("mat" in item.equipment) == (item.posture is Posture.FLOOR), item.id


def test_enough_desk_friendly_exercises_for_every_kind() -> None:
    desk = [e for e in _library().values() if _desk_friendly(e)]
    assert len(desk) >= 17
    for kind in TRAINING_KINDS:  # enough that two breaks in a row need not repeat one
        assert sum(e.kind is kind for e in desk) >= 3, kind


ONE_LIMB = {
    "en": re.compile(r"\bone (arm|leg|knee|foot|ankle|forearm|side)\b"),
    "de": re.compile(r"\bein(en|e)? (Arm|Bein|Knie|Fuß|Knöchel|Unterarm|Seite)\b"),
}


@pytest.mark.parametrize("exercise_id", sorted(_library()))
def test_one_sided_exercises_have_sides(exercise_id: str) -> None:
    """An exercise that works one arm or leg at a time must be done on both sides."""
    item = _library()[exercise_id]
    for language, pattern in ONE_LIMB.items():
        text = f"{item.positions[language]} {item.instructions[language]}"
        if pattern.search(text):
            assert item.sides in (Sides.BOTH, Sides.ALTERNATING), (language, text)


def test_stretches_are_held_not_bounced() -> None:
    for item in _library().values():
        if item.kind is Kind.STRETCHING:
            assert item.dosing.form is Form.TIMED, item.id
            assert item.dosing.duration is not None
            assert 15 <= item.dosing.duration <= 45, item.id


# --- routines ---------------------------------------------------------------------------


def test_every_routine_is_in_english_and_german() -> None:
    assert set(_routine_names()) == set(ENGLISH) | set(GERMAN)
    assert "desk-break-back" in _routine_names()  # `make run` plays it


@pytest.mark.parametrize("name", _routine_names())
def test_routine_file_basics(name: str) -> None:
    path = bundled_routines_dir() / f"{name}.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name), "kebab-case, no umlauts"
    routine = _routine(name)
    language = "de" if name in GERMAN else "en"
    assert routine.language == language
    pain = {"en": "pain", "de": "Schmerz"}[language]
    opening = safety_lines(routine)
    assert pain in opening[0], "a safety line about pain is spoken at the start"
    assert len(opening) == (2 if routine.safety else 1), "the routine's own line adds to it"
    if name not in DESK_BREAKS:
        assert routine.safety, "longer sessions add their own safety line"
    for entry in _entries(name):
        for cue in entry.get("cues", []):  # a comma in a flow mapping splits the line
            assert set(cue) == {"at", "say"} and isinstance(cue["say"], str), cue


@pytest.mark.parametrize("english", ENGLISH)
def test_german_counterpart_has_the_same_structure(english: str) -> None:
    en, de = _written(english), _written(COUNTERPARTS[english])
    assert en["title"] != de["title"]
    assert en.get("defaults") == de.get("defaults")
    assert len(en["sections"]) == len(de["sections"])
    for s_en, s_de in zip(en["sections"], de["sections"], strict=True):
        for key in ("kind", "rounds", "rest_between_rounds"):
            assert s_en.get(key) == s_de.get(key), key
        assert len(s_en["exercises"]) == len(s_de["exercises"])
        for e_en, e_de in zip(s_en["exercises"], s_de["exercises"], strict=True):
            text = {"name", "position", "instructions", "cues"}
            assert {k: v for k, v in e_en.items() if k not in text} == {
                k: v for k, v in e_de.items() if k not in text
            }
            cues_en, cues_de = e_en.get("cues", []), e_de.get("cues", [])
            assert [c["at"] for c in cues_en] == [c["at"] for c in cues_de]
            assert all(a["say"] != b["say"] for a, b in zip(cues_en, cues_de, strict=True))
    ids = [
        [e.library_id for e in _routine(n).exercises()] for n in (english, COUNTERPARTS[english])
    ]
    assert ids[0] == ids[1]


@pytest.mark.parametrize("name", DESK_BREAKS)
def test_desk_breaks_need_no_floor_and_mix_kinds(name: str) -> None:
    exercises = _routine(name).exercises()
    assert all(_desk_friendly(e) for e in exercises), exercises
    assert len({e.kind for e in exercises} & TRAINING_KINDS) >= 2
    assert all(e.dosing.sets == 1 for e in exercises), "one set each: a break is short"
    assert _timeline(name).movement_share() >= 0.70, "a desk break is mostly movement"


def test_there_are_four_desk_breaks_in_each_language() -> None:
    assert sum(n in ENGLISH for n in DESK_BREAKS) >= 4
    assert sum(n in GERMAN for n in DESK_BREAKS) >= 4


@pytest.mark.parametrize(("kind", "name"), [(k, n) for k, ns in FOCUS.items() for n in ns])
def test_focus_routines_train_their_kind(kind: Kind, name: str) -> None:
    kinds = [e.kind for e in _routine(name).exercises()]
    training = [k for k in kinds if k in TRAINING_KINDS]
    assert training and all(k is kind for k in training), kinds


@pytest.mark.parametrize("name", FULL)
def test_full_session_goes_from_warm_up_through_every_kind_to_cool_down(name: str) -> None:
    kinds = [s.kind for s in _routine(name).sections]
    assert kinds[0] is Kind.WARM_UP
    assert kinds[-1] is Kind.COOL_DOWN
    assert set(kinds) >= TRAINING_KINDS


@pytest.mark.parametrize("name", _routine_names())
def test_overrides_keep_the_library_dosing_form(name: str) -> None:
    """`reps: 6` alone on a paced exercise would silently turn it into open reps."""
    for exercise in _routine(name).exercises():
        if exercise.library_id is not None:
            library_form = _library()[exercise.library_id].dosing.form
            assert exercise.dosing.form is library_form, exercise.name


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_feature_is_shown_somewhere(language: str) -> None:
    names = ENGLISH if language == "en" else GERMAN
    exercises = [e for n in names for e in _routine(n).exercises()]
    entries = [e for n in names for e in _entries(n)]
    assert {e.dosing.form for e in exercises} == set(Form)
    assert any(
        e.dosing.form is Form.OPEN and "time_cap" in w
        for e, w in zip(exercises, entries, strict=True)
    )
    assert any(e.dosing.sets > 1 and e.dosing.rest_between_sets > 0 for e in exercises)
    assert {e.sides for e in exercises} >= {Sides.BOTH, Sides.ALTERNATING}
    assert any(s.rounds > 1 for n in names for s in _routine(n).sections)
    cue_times = [str(c["at"]) for e in entries for c in e.get("cues", [])]
    assert any(t.endswith("%") for t in cue_times)
    assert any(t.startswith("-") for t in cue_times)
    assert any(re.fullmatch(r"\d+s", t) for t in cue_times)
    assert any("use" in e and DOSING_KEYS & e.keys() for e in entries), "use: with overrides"
    assert any("use" not in e for e in entries), "an inline exercise"


# --- played: the timeline ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limits"),
    [(n, DESK_BREAK_MINUTES) for n in DESK_BREAKS]
    + [(n, FOCUS_MINUTES) for ns in FOCUS.values() for n in ns]
    + [(n, FULL_MINUTES) for n in FULL],
)
def test_routines_take_the_time_they_promise(name: str, limits: tuple[float, float]) -> None:
    low, high = limits
    assert low <= _timeline(name).total / 60 <= high


def _custom_cues(name: str) -> list[str]:
    return [c["say"] for e in _entries(name) for c in e.get("cues", [])]


@pytest.mark.parametrize("name", [n for n in _routine_names() if _custom_cues(n)])
def test_every_custom_cue_is_heard(name: str) -> None:
    """A cue the speech fitting had to drop is a cue the author placed badly."""
    heard = {cue.text for cue in _timeline(name).cues}
    assert [say for say in _custom_cues(name) if say not in heard] == []


@pytest.mark.parametrize("name", _routine_names())
def test_every_routine_keeps_its_times_and_says_everything(name: str) -> None:
    """Nothing is left out and no window grows: `workout check` prints no warning."""
    timeline = _timeline(name)
    assert timeline.warnings == ()
    assert timeline.movement_share() >= 0.60
    assert not any(e.grow for e in _routine(name).exercises()), "none of ours needs fit: grow"


@pytest.mark.parametrize("name", _routine_names())
def test_every_exercise_is_named_before_its_go(name: str) -> None:
    timeline = _timeline(name)
    announced = [c for c in timeline.cues if c.kind is CueKind.ANNOUNCE and c.text]
    played = [e for s in _routine(name).sections for _ in range(s.rounds) for e in s.exercises]
    starts: dict[int, float] = {}
    for segment in timeline.segments:
        if segment.kind in MOVEMENT_KINDS and segment.occurrence is not None:
            starts.setdefault(segment.occurrence, segment.start)
    assert len(announced) == len(played) == len(starts)
    for cue, exercise, start in zip(announced, played, starts.values(), strict=True):
        assert exercise.name in cue.text and cue.end <= start  # type: ignore[operator]
