"""The clip-length estimate, checked against what espeak-ng really takes."""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from player.timeline.estimate import _WORD, estimate_duration

PHRASES = {
    "en": [
        "3",
        "Go!",
        "Switch sides.",
        "Relax, 3 of 5.",
        "Rest, 20 seconds. Next: Bird dog.",
        "Say done or press n when you have finished.",
        "Kneel on all fours, hands under your shoulders and knees under your hips.",
    ],
    "de": [
        "3",
        "Los!",
        "Seite wechseln.",
        "Locker lassen, 3 von 5.",
        "Pause, 20 Sekunden. Als Nächstes: Vierfüßlerstand.",
        "Sag fertig oder drück n, wenn du fertig bist.",
        "Geh in den Vierfüßlerstand, die Hände unter den Schultern, die Knie unter der Hüfte.",
    ],
}


def espeak_seconds(text: str, language: str, rate: int, out: Path) -> float:
    subprocess.run(
        ["espeak-ng", "-v", language, "-s", str(rate), "-w", str(out), text],
        check=True,
        capture_output=True,
    )
    with wave.open(str(out), "rb") as clip:
        return clip.getnframes() / clip.getframerate()


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("rate", [165, 130])
def test_the_estimate_is_close_to_espeak_ng(language: str, rate: int, tmp_path: Path) -> None:
    for text in PHRASES[language]:
        real = espeak_seconds(text, language, rate, tmp_path / "clip.wav")
        guess = estimate_duration(text, language, rate)
        assert abs(guess - real) <= max(0.35, 0.2 * real), (text, guess, real)


def test_longer_text_and_slower_speech_take_longer() -> None:
    assert estimate_duration("Go!", "en") < estimate_duration("Switch sides now.", "en")
    assert estimate_duration("Switch sides.", "en", 120) > estimate_duration("Switch sides.", "en")
    assert estimate_duration("Seite wechseln.", "xx") == estimate_duration("Seite wechseln.", "en")


@given(st.text(max_size=40))
def test_letters_are_counted_from_the_words_as_one_by_one(text: str) -> None:
    """The estimate counts letters as the lengths of the words it finds anyway (one regex
    pass fewer): the same count as matching letter by letter."""
    assert sum(map(len, _WORD.findall(text))) == len(re.findall(r"[^\W\d_]", text))
