"""Red flags: one wording per language, printed by `workout safety`, spoken for real."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest

from player.cli import main
from player.safety import (
    confirmed,
    pain_line,
    red_flags,
    red_flags_text,
    safety_line,
    spoken_red_flags,
)
from player.session.aloud import say_aloud


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_language_names_the_urgent_signs_and_when_to_see_a_doctor(language: str) -> None:
    flags = red_flags(language)
    assert len(flags.urgent) == 3 and len(flags.doctor) == 4
    text = red_flags_text(language)
    for item in (*flags.urgent, *flags.doctor, flags.pain_rule):
        assert item in text
    assert "3" in flags.pain_rule and "24" in flags.pain_rule
    assert "24" in pain_line(language)
    assert spoken_red_flags(language)[0] == flags.urgent_heading


def test_the_german_text_is_german_and_in_du_form() -> None:
    text = red_flags_text("de")
    assert "Reithosenbereich" in text and "Wasserlassen" in text and "Knie" in text
    assert "Sie " not in text and "Ihr " not in text
    assert safety_line("de").startswith("Hör auf")
    assert safety_line("de-AT") == safety_line("de")
    assert safety_line("fr") == safety_line("en")


def test_workout_safety_prints_the_red_flags(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["safety"]) == 0
    out = capsys.readouterr().out
    assert "numbness or tingling in the groin" in out
    assert "the pain spreads below the knee" in out
    assert main(["safety", "--language", "de"]) == 0
    assert "Taubheit oder Kribbeln im Schritt" in capsys.readouterr().out


def test_workout_safety_confirm_remembers_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORKOUT_DATA_DIR", str(tmp_path / "fresh"))
    assert not confirmed()
    assert main(["safety", "--confirm"]) == 0
    assert confirmed()


def test_the_red_flags_are_spoken_through_pyttsx3_into_a_recording(tmp_path: Path) -> None:
    out = tmp_path / "flags.wav"
    lines = spoken_red_flags("en")[:2]
    problem = say_aloud(lines, "en", tts="pyttsx3", audio=f"record:{out}")
    assert problem is None
    with wave.open(str(out)) as wav:
        frames = wav.readframes(wav.getnframes())
        seconds = wav.getnframes() / wav.getframerate()
    assert seconds > 2.0  # two sentences of real speech
    assert any(b != 0 for b in frames[: len(frames) // 2])
