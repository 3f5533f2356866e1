"""`workout show`: the spoken script of every bundled routine, as text and as JSON."""

from __future__ import annotations

import itertools
import json
import re
import wave
from pathlib import Path

import jsonschema
import pytest

from player import paths
from player.cli import main
from player.commands.show import duration_source
from player.routine import find_routine, load_routine
from player.routine.durations import format_script_time
from player.safety import safety_line
from player.timeline.compile import routine_length
from player.timeline.estimate import estimate_duration

BUNDLED = sorted(p.stem for p in paths.bundled_routines_dir().glob("*.yaml"))
LINE = re.compile(r"^(\d{2,}):(\d{2})\.(\d)  (\S+)(?: +(.*))?$")

_NUMBER = {"type": "number", "minimum": 0}
_MAYBE_TEXT = {"type": ["string", "null"]}
_MAYBE_INT = {"type": ["integer", "null"], "minimum": 1}
SHOW_JSON = {  # the format docs/timeline.md describes
    "type": "object",
    "required": ["total", "segments", "cues", "warnings"],
    "properties": {
        "total": _NUMBER,
        "segments": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["start", "end", "kind", "section", "exercise", "set", "side", "rep"],
                "properties": {
                    "start": _NUMBER,
                    "end": _NUMBER,
                    "kind": {"type": "string"},
                    "section": _MAYBE_TEXT,
                    "exercise": _MAYBE_TEXT,
                    "set": _MAYBE_INT,
                    "side": {"enum": [None, "left", "right"]},
                    "rep": _MAYBE_INT,
                },
            },
        },
        "cues": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["at", "kind", "text", "tone", "duration", "priority"],
                "properties": {
                    "at": _NUMBER,
                    "kind": {"type": "string"},
                    "text": _MAYBE_TEXT,
                    "tone": {"enum": [None, "tick", "go", "rest", "switch", "finish"]},
                    "duration": {"type": "number", "exclusiveMinimum": 0},
                    "priority": {"enum": ["low", "normal", "timing"]},
                },
            },
        },
        "warnings": {"type": "array", "items": {"type": "string"}},
    },
}


@pytest.fixture(autouse=True)
def _no_rendered_speech(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty speech cache: every clip length is the estimate, so output is stable."""
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "cache"))


def test_there_are_bundled_routines() -> None:
    assert "full-reconditioning" in BUNDLED and "desk-break-back" in BUNDLED


@pytest.mark.parametrize("name", BUNDLED)
def test_text_of_every_bundled_routine(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", name]) == 0
    out = capsys.readouterr().out.splitlines()
    routine = load_routine(find_routine(name)).routine
    assert out[0].startswith(f"# {routine.title} (")
    matches = [LINE.match(line) for line in out[1:]]
    assert all(matches), [line for line, m in zip(out[1:], matches, strict=True) if not m]
    times = [int(m[1]) * 60 + int(m[2]) + int(m[3]) / 10 for m in matches if m]
    assert times == sorted(times)
    assert matches[-1] and matches[-1][4] == "end"
    said = [m[5] for m in matches[:-1] if m]
    assert said[0].startswith(f"{routine.title}. ")
    announced = [m[5] for m in matches[:-1] if m and m[4] == "announce"]
    for exercise in routine.exercises():
        assert any(f"{exercise.name}." in line for line in announced), exercise.name
    assert "movement " in out[0]


@pytest.mark.parametrize("name", BUNDLED)
def test_json_of_every_bundled_routine(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", name, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SHOW_JSON)
    segments = data["segments"]
    assert segments[0]["start"] == 0 and segments[-1]["end"] == data["total"]
    for before, after in itertools.pairwise(segments):
        assert before["end"] == after["start"]
    assert {c["kind"] for c in data["cues"]} >= {"intro", "announce", "count", "go", "outro"}


def test_text_and_json_tell_the_same_story(capsys: pytest.CaptureFixture[str]) -> None:
    main(["show", "desk-break-back", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    main(["show", "desk-break-back"])
    text = capsys.readouterr().out
    for cue in data["cues"]:
        if cue["text"]:
            assert f"{format_script_time(cue['at'])}  {cue['kind']}" in text
            assert cue["text"] in text
    assert text.rstrip().endswith(f"{format_script_time(data['total'])}  end")


def test_tones_only_shows_tones_after_the_safety_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["show", "desk-break-back", "--verbosity", "tones"]) == 0
    lines = [LINE.match(line) for line in capsys.readouterr().out.splitlines()[1:-1]]
    shown = [m[5] for m in lines if m]
    assert len(shown) == len(lines) > 0
    assert [m[4] for m in lines if m][:1] == ["safety"] and shown[0] == safety_line("en")
    rest = [said for m, said in zip(lines, shown, strict=True) if m and m[4] != "safety"]
    assert rest and all(re.fullmatch(r"\[(tick|go|rest|switch|finish)\]", said) for said in rest)


def test_brief_is_shorter_than_full(capsys: pytest.CaptureFixture[str]) -> None:
    main(["show", "full-reconditioning", "--format", "json", "--verbosity", "brief"])
    brief = json.loads(capsys.readouterr().out)
    main(["show", "full-reconditioning", "--format", "json"])
    full = json.loads(capsys.readouterr().out)
    assert brief["total"] < full["total"]
    assert not any(c["kind"] == "instructions" for c in brief["cues"])
    assert any(c["kind"] == "instructions" for c in full["cues"])


def test_a_bundled_routine_has_no_warnings_and_says_what_moved(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["show", "full-reconditioning"])
    err = capsys.readouterr().err.splitlines()
    assert err and all(line.startswith("note: ") for line in err)
    assert "note: Bird dog: instructions said during the first set" in err


def test_familiar_is_the_learned_script(capsys: pytest.CaptureFixture[str]) -> None:
    main(["show", "desk-break-back"])
    first = capsys.readouterr().out
    main(["show", "desk-break-back", "--familiar"])
    familiar = capsys.readouterr().out
    assert "familiar" in familiar.splitlines()[0]
    kinds = [line.split()[1] for line in first.splitlines()[1:]]
    learned = [line.split()[1] for line in familiar.splitlines()[1:]]
    assert "position" in kinds and "position" not in learned
    assert learned.count("instructions") < kinds.count("instructions")


def test_an_invalid_routine_is_one_message_and_exit_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = data_dir / "bad" / "absurd-duration.yaml"
    assert main(["show", str(bad)]) == 1
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err.startswith(f"workout: {bad}:")
    assert "Traceback" not in said.err


def test_an_unknown_routine_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no-such-routine"]) == 2
    assert "no routine file or routine named 'no-such-routine'" in capsys.readouterr().err


def test_clip_lengths_come_from_rendered_speech_when_there_is_some() -> None:
    from player.speech import engine_of
    from player.speech.cache import SpeechCache

    routine = load_routine(find_routine("desk-break-back")).routine
    duration_of = duration_source(routine)
    assert duration_of("Go!") == estimate_duration("Go!", "en", routine.voice.rate)

    cache = SpeechCache(engine_of("pyttsx3"))
    rendered = cache.new_file()
    with wave.open(str(rendered), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(22050)
        out.writeframes(b"\x00\x01" * 22050 * 2)  # two seconds
    cache.store("Go!", routine.language, routine.voice, rendered)
    assert duration_source(routine)("Go!") == pytest.approx(2.0)


def test_cold_and_warm_speech_caches_give_the_same_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rendered by espeak-ng or estimated, the session lasts what `routine_length` says,
    to well under a second."""
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "cache"))
    name = "desk-break-neck-shoulders"
    assert main(["show", name]) == 0
    cold = capsys.readouterr().out.splitlines()[0]
    assert main(["export", name, "-o", str(tmp_path / "all.wav")]) == 0  # renders every clip
    capsys.readouterr()
    assert main(["show", name]) == 0
    warm = capsys.readouterr().out.splitlines()[0]
    times = [re.search(r"\((\d+):(\d+\.\d)", line) for line in (cold, warm)]
    seconds = [int(m[1]) * 60 + float(m[2]) for m in times if m]
    assert len(seconds) == 2 and abs(seconds[0] - seconds[1]) < 1.0, (cold, warm)
    routine = load_routine(find_routine(name)).routine
    assert abs(seconds[0] - routine_length(routine).seconds) < 0.1
