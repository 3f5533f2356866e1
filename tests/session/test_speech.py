"""`SessionSpeech` on its own: clips at export's loudness (real espeak-ng too), never blocking,
one gain for the session, the verbosity chosen while playing, and a rate change rendering the
lines to come again while the old clips fill in."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

from player.routine import find_routine, load_routine
from player.routine.model import Routine, Voice
from player.session.speech import RATE_LIMITS, BalancedTones, SessionSpeech
from player.sound.loudness import TARGET_LUFS, loudness
from player.sound.mix import balance_of
from player.sound.tones import load_tone
from player.speech.base import SpeechError, Synthesizer
from player.speech.cache import SpeechCache
from player.speech.fake import FakeSynthesizer
from player.timeline.compile import Verbosity, compile_timeline, script_texts
from player.timeline.estimate import estimated_duration_of
from player.timeline.model import Timeline, Tone


@pytest.fixture(scope="module")
def routine() -> Routine:
    return load_routine(find_routine("desk-break-back")).routine


def _timeline(routine: Routine, verbosity: Verbosity = Verbosity.FULL) -> Timeline:
    return compile_timeline(routine, estimated_duration_of(routine), verbosity=verbosity)


def _speech(
    routine: Routine,
    cache: SpeechCache,
    synthesizer: Synthesizer | None = None,
    verbosity: Verbosity = Verbosity.FULL,
    texts: list[str] | None = None,
) -> SessionSpeech:
    timeline = _timeline(routine, verbosity)
    return SessionSpeech(
        routine,
        timeline,
        verbosity,
        synthesizer or FakeSynthesizer(),
        cache,
        script_texts(routine) if texts is None else texts,
    )


def _heard(timeline: Timeline) -> list[str]:
    return list(dict.fromkeys(c.text for c in timeline.cues if c.text))


class GatedSynthesizer(FakeSynthesizer):
    """The fake, except that `held` phrases wait until `release` is set."""

    engine = "fake-gated-1"

    def __init__(self, held: set[str]) -> None:
        self.held = held
        self.release = threading.Event()
        self.rendered: list[str] = []  # in the order rendered

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        if text in self.held:
            self.release.wait(10.0)
        super().render(text, language, voice, out)
        self.rendered.append(text)


class BrokenSynthesizer(FakeSynthesizer):
    engine = "fake-broken-1"

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        raise SpeechError("espeak-ng is not installed: apt install espeak-ng")


@pytest.fixture
def cache(tmp_path: Path) -> SpeechCache:
    return SpeechCache(FakeSynthesizer.engine, tmp_path / "cache")


def test_clips_are_at_exports_loudness_with_one_gain_for_the_session(
    routine: Routine, cache: SpeechCache
) -> None:
    quiet = replace(routine, voice=replace(routine.voice, volume=0.25))  # 12 dB under
    speech = _speech(quiet, cache)
    try:
        raw = speech.renderer.wait_all(30.0)
        heard = _heard(speech.timeline)
        expected = balance_of(raw[t] for t in heard)  # what export works out for it
        assert speech.balance() == expected
        for text in heard[:5]:
            clip = speech.clip(text)
            assert clip is not None
            assert clip.pcm == expected.speech_clip(raw[text]).pcm
            assert clip is speech.clip(text)  # balanced once, kept
        all_speech = b"".join(c.pcm for t in heard if (c := speech.clip(t)) is not None)
        assert loudness(all_speech) == pytest.approx(TARGET_LUFS, abs=1.0)
        assert loudness(b"".join(raw[t].pcm for t in heard)) < TARGET_LUFS - 9.0
    finally:
        speech.close()


def test_real_espeak_speech_is_brought_to_the_target_loudness(tmp_path: Path) -> None:
    from player.speech.pyttsx3_engine import Pyttsx3Synthesizer, engine_name

    routine = load_routine(find_routine("desk-break-neck-shoulders")).routine
    synthesizer = Pyttsx3Synthesizer()
    cache = SpeechCache(engine_name(), tmp_path / "cache")
    timeline = _timeline(routine)
    heard = _heard(timeline)[:8]
    speech = SessionSpeech(routine, timeline, Verbosity.FULL, synthesizer, cache, heard)
    try:
        speech.wait_for(heard, 60.0)
        clips = [speech.clip(t) for t in heard]
        assert all(c is not None for c in clips)
        together = b"".join(c.pcm for c in clips if c is not None)
        assert loudness(together) == pytest.approx(TARGET_LUFS, abs=1.5)
    finally:
        speech.close()
        synthesizer.close()


def test_a_clip_not_rendered_yet_is_none_at_once_and_jumps_the_queue(
    routine: Routine, tmp_path: Path
) -> None:
    texts = script_texts(routine)
    late = texts[-1]
    synthesizer = GatedSynthesizer(held={texts[0]})  # the one worker is busy with the first
    cache = SpeechCache(synthesizer.engine, tmp_path / "cache")
    speech = _speech(routine, cache, synthesizer, texts=texts)
    try:
        assert speech.clip(late) is None  # not ready: None at once, no waiting
        synthesizer.release.set()
        deadline = time.monotonic() + 10.0
        while not speech.renderer.ready(late) and time.monotonic() < deadline:
            time.sleep(0.01)
        # Asked for, it was rendered next, before everything queued ahead of it.
        assert synthesizer.rendered[:2] == [texts[0], late]
        assert speech.clip(late) is not None
    finally:
        synthesizer.release.set()
        speech.close()


def test_the_gain_settled_on_a_cold_cache_stays_for_the_session(
    routine: Routine, tmp_path: Path
) -> None:
    texts = script_texts(routine)
    synthesizer = GatedSynthesizer(held=set(texts[3:]))
    cache = SpeechCache(synthesizer.engine, tmp_path / "cache")
    speech = _speech(routine, cache, synthesizer, texts=texts)
    try:
        speech.wait_for(texts[:3], 10.0)
        first = speech.balance()  # settled from the three phrases ready now
        synthesizer.release.set()
        speech.renderer.wait_all(30.0)
        assert speech.balance() is first
        heard = _heard(speech.timeline)
        everything = balance_of(c for t in heard if (c := speech.renderer.clip(t)) is not None)
        assert everything.speech != first.speech  # a warm cache would have given another
    finally:
        synthesizer.release.set()
        speech.close()


def test_a_briefer_verbosity_silences_lines_unless_they_are_asked_for(
    routine: Routine, cache: SpeechCache
) -> None:
    speech = _speech(routine, cache)
    try:
        speech.renderer.wait_all(30.0)
        brief = set(script_texts(routine, Verbosity.BRIEF))
        left_out = next(t for t in script_texts(routine) if t not in brief)
        kept = next(t for t in script_texts(routine) if t in brief)
        speech.set_verbosity(Verbosity.BRIEF)
        assert speech.clip(left_out) is None
        assert speech.clip(kept) is not None
        speech.ask([left_out])  # `repeat` says it anyway
        assert speech.clip(left_out) is not None
        speech.ask([])
        speech.set_verbosity(Verbosity.FULL)
        assert speech.clip(left_out) is not None
    finally:
        speech.close()


def test_a_rate_change_renders_what_is_coming_again_and_the_old_clips_fill_in(
    routine: Routine, tmp_path: Path
) -> None:
    texts = script_texts(routine)
    synthesizer = GatedSynthesizer(held=set())
    cache = SpeechCache(synthesizer.engine, tmp_path / "cache")
    speech = _speech(routine, cache, synthesizer, texts=texts)
    try:
        speech.renderer.wait_all(30.0)
        coming = texts[-3:]
        before = {t: speech.clip(t) for t in coming}
        synthesizer.held = set(coming)  # the new rate's clips take their time
        rate = speech.change_rate(40, coming)
        assert rate == routine.voice.rate + 40
        assert speech.voice == replace(routine.voice, rate=rate)
        assert [r.voice.rate for r in speech.renderers] == [rate, routine.voice.rate]
        # Meanwhile the old rate's clip is said rather than nothing.
        assert speech.clip(coming[0]) is before[coming[0]]
        synthesizer.release.set()
        speech.renderer.wait_all(30.0)
        after = speech.clip(coming[0])
        old = before[coming[0]]
        assert after is not None and old is not None
        assert after.duration < old.duration  # faster: the fake speaks by the rate
        new = speech.renderer.clip(coming[0])
        assert new is not None and speech.balance().speech_clip(new).pcm == after.pcm
    finally:
        synthesizer.release.set()
        speech.close()


def test_the_rate_stays_within_its_limits_and_an_unchanged_rate_renders_nothing(
    routine: Routine, cache: SpeechCache
) -> None:
    speech = _speech(routine, cache, texts=[])
    try:
        low, high = RATE_LIMITS
        assert speech.change_rate(1000, []) == high
        assert speech.change_rate(1000, []) == high
        assert len(speech.renderers) == 2  # the second change changed nothing
        assert speech.change_rate(-1000, []) == low
        assert len(speech.renderers) == 3
    finally:
        speech.close()


def test_a_synthesizer_that_fails_is_raised_from_clip_for_the_engine_to_say(
    routine: Routine, tmp_path: Path
) -> None:
    synthesizer = BrokenSynthesizer()
    cache = SpeechCache(synthesizer.engine, tmp_path / "cache")
    speech = _speech(routine, cache, synthesizer)
    try:
        speech.wait_for(script_texts(routine)[:1], 10.0)  # does not raise
        with pytest.raises(SpeechError, match="espeak-ng is not installed"):
            speech.clip(script_texts(routine)[0])
    finally:
        speech.close()


def test_tones_are_brought_under_the_speech_as_export_brings_them(
    routine: Routine, cache: SpeechCache
) -> None:
    raw = {tone: load_tone(tone) for tone in Tone}
    speech = _speech(routine, cache)
    try:
        speech.renderer.wait_all(30.0)
        tones = BalancedTones(raw, speech)
        gain = speech.balance()
        assert tones[Tone.GO].pcm == gain.tone_clip(raw[Tone.GO]).pcm
        assert tones[Tone.GO] is tones[Tone.GO]
        assert set(tones) == set(raw)
        unbalanced = BalancedTones(raw, None)  # no speech: tones as they are
        assert unbalanced[Tone.TICK] is raw[Tone.TICK]
    finally:
        speech.close()
