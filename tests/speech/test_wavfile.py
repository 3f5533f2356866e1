"""Checking what an engine wrote, and bringing other formats to mono 16-bit 22050 Hz."""

from __future__ import annotations

import math
import wave
from array import array
from pathlib import Path

import pytest

from player.speech.base import SpeechError
from player.speech.wavfile import (
    HEADER_BYTES,
    canonical_header,
    read_speech,
    resample,
    rms,
    write_speech,
)


def _write(path: Path, samples: list[int], rate: int, channels: int = 1, width: int = 2) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        if width == 1:
            wav.writeframes(bytes((s >> 8) + 128 for s in samples))
        else:
            wav.writeframes(array("h", samples).tobytes())


def _sine(rate: int, seconds: float, hz: float = 440.0) -> list[int]:
    return [round(8000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(int(rate * seconds))]


def test_the_canonical_format_is_read_as_is(tmp_path: Path) -> None:
    samples = _sine(22050, 0.5)
    _write(tmp_path / "a.wav", samples, 22050)
    assert read_speech(tmp_path / "a.wav") == array("h", samples).tobytes()


def test_another_rate_is_resampled(tmp_path: Path) -> None:
    _write(tmp_path / "a.wav", _sine(16000, 1.0), 16000)
    pcm = read_speech(tmp_path / "a.wav")
    assert len(pcm) // 2 == 22050  # one second stays one second
    assert rms(pcm) == pytest.approx(8000 / math.sqrt(2), rel=0.02)


def test_stereo_and_8_bit_become_mono_16_bit(tmp_path: Path) -> None:
    mono = _sine(22050, 0.2)
    stereo = [s for sample in mono for s in (sample, sample)]
    _write(tmp_path / "stereo.wav", stereo, 22050, channels=2)
    assert read_speech(tmp_path / "stereo.wav") == array("h", mono).tobytes()
    _write(tmp_path / "8bit.wav", mono, 22050, width=1)
    pcm = read_speech(tmp_path / "8bit.wav")
    assert len(pcm) == 2 * len(mono)
    assert rms(pcm) == pytest.approx(rms(array("h", mono).tobytes()), rel=0.05)


def test_resample_keeps_the_shape() -> None:
    ramp = array("h", range(0, 1000, 10))
    up = resample(ramp, 100, 200)
    assert len(up) == 200 and up[0] == 0 and up[2] == 10 and up[1] == 5
    assert resample(ramp, 100, 100) is ramp


def test_empty_or_broken_files_are_speech_errors(tmp_path: Path) -> None:
    write_speech(tmp_path / "empty.wav", b"")
    with pytest.raises(SpeechError, match="empty"):
        read_speech(tmp_path / "empty.wav")
    (tmp_path / "junk.wav").write_bytes(b"RIFF....junk")
    with pytest.raises(SpeechError, match="no usable WAV"):
        read_speech(tmp_path / "junk.wav")
    with pytest.raises(SpeechError, match="no usable WAV"):
        read_speech(tmp_path / "missing.wav")


def test_write_speech_uses_the_canonical_header(tmp_path: Path) -> None:
    write_speech(tmp_path / "a.wav", bytes(200))
    data = (tmp_path / "a.wav").read_bytes()
    assert len(data) == HEADER_BYTES + 200
    assert data[:HEADER_BYTES] == canonical_header(100)
