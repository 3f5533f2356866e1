"""A deterministic stand-in synthesizer: a soft tone as long as the phrase would take."""

from __future__ import annotations

import math
from array import array
from pathlib import Path

from player.routine.model import Voice
from player.sound.base import SAMPLE_RATE
from player.speech.base import SpeechError, VoiceInfo
from player.speech.voices import choose_voice
from player.speech.wavfile import samples_to_pcm, write_speech

SECONDS_PER_CHARACTER = 0.06  # at the default rate of 165 words per minute
_DEFAULT_RATE = 165
_PERIOD = 50  # samples: 441 Hz at 22050 Hz, a whole number of samples per period
_AMPLITUDE = 6000  # soft, clearly above silence
_FADE = 220  # samples (10 ms) of fade in and out, so clips do not click

FAKE_VOICES = (
    VoiceInfo("fake/en", "Fake English", ("en", "en-gb", "en-us")),
    VoiceInfo("fake/de", "Fake German", ("de",)),
)


def fake_duration(text: str, voice: Voice) -> float:
    """How long the fake speaks `text`: 0.06 s a character at 165 words per minute."""
    return SECONDS_PER_CHARACTER * len(text.strip()) * _DEFAULT_RATE / max(voice.rate, 1)


class FakeSynthesizer:
    """Writes a 441 Hz tone of `fake_duration(text)`: tests and `--tts fake` need no espeak."""

    engine = "fake-1"

    def voices(self) -> list[VoiceInfo]:
        return list(FAKE_VOICES)

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        if not text.strip():
            raise SpeechError("there is nothing to say in an empty phrase")
        choose_voice(FAKE_VOICES, language, voice.name)
        frames = max(1, round(fake_duration(text, voice) * SAMPLE_RATE))
        amplitude = _AMPLITUDE * min(max(voice.volume, 0.0), 1.0)
        period = [round(amplitude * math.sin(2 * math.pi * i / _PERIOD)) for i in range(_PERIOD)]
        samples = array("h", period * (frames // _PERIOD + 1))[:frames]
        fade = min(_FADE, frames // 2)
        for i in range(fade):
            samples[i] = samples[i] * i // fade
            samples[frames - 1 - i] = samples[frames - 1 - i] * i // fade
        write_speech(out, samples_to_pcm(samples))

    def close(self) -> None:
        pass
