"""The clip-length estimate, checked against what espeak-ng really takes."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import pytest

from player.timeline.estimate import estimate_duration

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
