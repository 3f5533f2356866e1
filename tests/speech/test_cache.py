"""The speech cache: hits and misses, what is part of the key, damaged files, usage, clear."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.routine.model import Routine, Voice
from player.speech import SpeechCache, cache_usage, clear_cache, real_duration_of, render_all
from player.speech.base import SpeechError
from player.speech.fake import FakeSynthesizer, fake_duration
from player.speech.pyttsx3_engine import Pyttsx3Synthesizer
from player.speech.wavfile import HEADER_BYTES, write_speech

TEXTS = ["Next: Bird dog.", "Go", "Rest, 20 seconds. Next: Dead bug.", "Well done."]


class CountingSynthesizer(FakeSynthesizer):
    """The fake engine, counting what it is asked to render."""

    def __init__(self) -> None:
        self.rendered: list[str] = []

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        self.rendered.append(text)
        super().render(text, language, voice, out)


def test_a_second_render_comes_from_the_cache(tmp_path: Path) -> None:
    engine = CountingSynthesizer()
    cache = SpeechCache(engine.engine, tmp_path)
    first = render_all(TEXTS, "en", Voice(), engine, cache)
    again = render_all(TEXTS, "en", Voice(), engine, cache)
    assert engine.rendered == TEXTS  # each phrase once
    assert again == first


@pytest.mark.parametrize(
    ("language", "voice", "engine"),
    [
        ("de", Voice(), "fake-1"),
        ("en", Voice(rate=180), "fake-1"),
        ("en", Voice(volume=0.5), "fake-1"),
        ("en", Voice(name="fake/en"), "fake-1"),
        ("en", Voice(), "fake-2"),
    ],
)
def test_what_is_part_of_the_key(tmp_path: Path, language: str, voice: Voice, engine: str) -> None:
    synthesizer = FakeSynthesizer()
    render_all(["Go"], "en", Voice(), synthesizer, SpeechCache("fake-1", tmp_path))
    other = SpeechCache(engine, tmp_path)
    assert other.get("Go", language, voice) is None
    assert other.duration_of("Go", language, voice) is None
    assert SpeechCache("fake-1", tmp_path).get("Go", "en", Voice()) is not None


def test_durations_come_from_file_sizes(tmp_path: Path) -> None:
    cache = SpeechCache("fake-1", tmp_path)
    clips = render_all(TEXTS, "en", Voice(), FakeSynthesizer(), cache)
    for text in TEXTS:
        assert cache.duration_of(text, "en", Voice()) == pytest.approx(clips[text].duration)
        assert clips[text].duration == pytest.approx(fake_duration(text, Voice()), abs=1e-4)


def test_a_damaged_clip_counts_as_missing(tmp_path: Path) -> None:
    engine = CountingSynthesizer()
    cache = SpeechCache(engine.engine, tmp_path)
    render_all(["Go"], "en", Voice(), engine, cache)
    path = cache.path_for("Go", "en", Voice())
    path.write_bytes(path.read_bytes()[: HEADER_BYTES + 100])  # cut short: header lies
    assert cache.get("Go", "en", Voice()) is None
    assert not path.exists()
    render_all(["Go"], "en", Voice(), engine, cache)
    assert engine.rendered == ["Go", "Go"]


def test_an_unusable_render_never_enters_the_cache(tmp_path: Path) -> None:
    cache = SpeechCache("fake-1", tmp_path)
    bad = cache.new_file()
    bad.write_bytes(b"not a wav at all")
    with pytest.raises(SpeechError, match="no usable WAV"):
        cache.store("Go", "en", Voice(), bad)
    empty = cache.new_file()
    write_speech(empty, b"")
    with pytest.raises(SpeechError, match="empty"):
        cache.store("Go", "en", Voice(), empty)
    assert cache.get("Go", "en", Voice()) is None
    assert cache_usage(tmp_path).bytes == 0  # the rejected files were removed


def test_usage_and_clear(tmp_path: Path) -> None:
    cache = SpeechCache("fake-1", tmp_path)
    assert cache.usage().clips == 0
    clips = render_all(TEXTS, "en", Voice(), FakeSynthesizer(), cache)
    usage = cache_usage(tmp_path)
    assert usage.directory == tmp_path / "speech"
    assert usage.clips == len(TEXTS)
    assert usage.bytes == sum(HEADER_BYTES + len(c.pcm) for c in clips.values())
    assert usage.kept_bytes == 0
    (tmp_path / "levels").mkdir()
    (tmp_path / "levels" / "mix-1.pcm").write_bytes(bytes(300))
    assert cache_usage(tmp_path).kept_bytes == 300
    assert clear_cache(tmp_path) == len(TEXTS)
    assert cache_usage(tmp_path).clips == 0
    assert cache_usage(tmp_path).kept_bytes == 0
    assert cache.get(TEXTS[0], "en", Voice()) is None


def test_the_user_cache_dir_is_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "elsewhere"))
    cache = SpeechCache("fake-1")
    render_all(["Go"], "en", Voice(), FakeSynthesizer(), cache)
    assert (tmp_path / "elsewhere" / "speech" / cache.path_for("Go", "en", Voice()).name).is_file()


def test_real_duration_of_uses_clips_and_falls_back_to_the_estimate(tmp_path: Path) -> None:
    routine = Routine(title="t", sections=(), language="en")
    render_all(["Go"], "en", Voice(), FakeSynthesizer(), SpeechCache("fake-1", tmp_path))
    duration_of = real_duration_of(
        routine, engine="fake", cache_dir=tmp_path, fallback=lambda text: 99.0
    )
    assert duration_of("Go") == pytest.approx(fake_duration("Go", Voice()), abs=1e-4)
    assert duration_of("Never rendered") == 99.0
    default = real_duration_of(routine, engine="fake", cache_dir=tmp_path)
    assert 0.2 < default("Never rendered, but estimated.") < 5.0


def test_a_warm_cache_needs_no_speech_process(tmp_path: Path) -> None:
    texts = [f"Phrase number {n}: keep breathing slowly." for n in range(12)]
    cold = Pyttsx3Synthesizer()
    cache = SpeechCache(cold.engine, tmp_path)
    try:
        first = render_all(texts, "en", Voice(), cold, cache)
    finally:
        cold.close()
    assert cold.starts == 1
    warm = Pyttsx3Synthesizer()
    again = render_all(texts, "en", Voice(), warm, cache)
    assert warm.starts == 0  # no child process at all (how fast: benchmarks/bench_speech.py)
    assert again == first
    slower = Voice(rate=120)
    render_all(texts[:1], "en", slower, warm, cache)  # another rate: a miss, rendered
    warm.close()
    assert warm.starts == 1
    slow_clip = cache.get(texts[0], "en", slower)
    assert slow_clip is not None and slow_clip.duration > first[texts[0]].duration
