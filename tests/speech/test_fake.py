"""The fake engine: deterministic, audible, as long as the text, and picky about voices."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.routine.model import Voice
from player.speech import make_synthesizer
from player.speech.base import SpeechError
from player.speech.fake import fake_duration
from player.speech.wavfile import read_speech, rms


def test_length_follows_the_text_and_the_rate(tmp_path: Path) -> None:
    fake = make_synthesizer("fake")
    fake.render("Rest, 20 seconds.", "en", Voice(), tmp_path / "a.wav")
    fake.render("Rest, 20 seconds.", "en", Voice(rate=330), tmp_path / "b.wav")
    a, b = read_speech(tmp_path / "a.wav"), read_speech(tmp_path / "b.wav")
    assert len(a) / 2 / 22050 == pytest.approx(0.06 * 17, abs=1e-4)
    assert len(b) == pytest.approx(len(a) / 2, abs=2)
    assert fake_duration("Go", Voice()) == pytest.approx(0.12)


def test_it_is_deterministic_and_audible(tmp_path: Path) -> None:
    fake = make_synthesizer("fake")
    fake.render("Go", "de", Voice(), tmp_path / "a.wav")
    fake.render("Go", "de", Voice(), tmp_path / "b.wav")
    fake.render("Go", "de", Voice(volume=0.25), tmp_path / "quiet.wav")
    loud = read_speech(tmp_path / "a.wav")
    assert loud == read_speech(tmp_path / "b.wav")
    assert rms(loud) > 2000
    assert rms(read_speech(tmp_path / "quiet.wav")) == pytest.approx(rms(loud) / 4, rel=0.05)


def test_voices_work_as_in_the_real_engine(tmp_path: Path) -> None:
    fake = make_synthesizer("fake")
    with pytest.raises(SpeechError, match="'Anna' is not installed"):
        fake.render("Hallo", "de", Voice(name="Anna"), tmp_path / "a.wav")
    with pytest.raises(SpeechError, match="nothing to say"):
        fake.render("  ", "en", Voice(), tmp_path / "a.wav")


def test_an_unknown_engine_is_named() -> None:
    with pytest.raises(SpeechError, match="unknown speech engine 'festival'"):
        make_synthesizer("festival")
