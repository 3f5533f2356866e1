"""Rendering a routine's phrases in order, now (`render_all`) or behind (`Renderer`)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from player.routine.model import Voice
from player.speech import Renderer, SpeechCache, render_all
from player.speech.base import SpeechError
from player.speech.fake import FakeSynthesizer
from player.speech.pyttsx3_engine import Pyttsx3Synthesizer

TEXTS = ["Desk break.", "First: Seated cat-cow.", "3", "2", "1", "Go", "Rest."]


class GatedSynthesizer(FakeSynthesizer):
    """The fake engine, rendering one phrase each time the test opens the gate."""

    def __init__(self, fail_on: str | None = None) -> None:
        self.gate = threading.Semaphore(0)
        self.rendered: list[str] = []
        self.fail_on = fail_on

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        assert self.gate.acquire(timeout=5), "the test never let this phrase render"
        if text == self.fail_on:
            raise SpeechError(f"cannot say {text!r}")
        self.rendered.append(text)
        super().render(text, language, voice, out)


@pytest.fixture
def cache(tmp_path: Path) -> SpeechCache:
    return SpeechCache(FakeSynthesizer.engine, tmp_path)


def test_render_all_renders_each_distinct_phrase_in_order(cache: SpeechCache) -> None:
    seen: list[tuple[int, int]] = []
    engine = GatedSynthesizer()
    for _ in range(len(TEXTS)):
        engine.gate.release()
    clips = render_all(
        [*TEXTS, "Go", "3"], "en", Voice(), engine, cache, progress=lambda *p: seen.append(p)
    )
    assert engine.rendered == TEXTS
    assert list(clips) == TEXTS
    assert seen == [(n, len(TEXTS)) for n in range(1, len(TEXTS) + 1)]


def test_the_renderer_works_behind_and_first_cues_are_ready_first(cache: SpeechCache) -> None:
    engine = GatedSynthesizer()
    renderer = Renderer(TEXTS, "en", Voice(), engine, cache).start()
    try:
        assert not renderer.ready(TEXTS[0])
        assert renderer.wait_for(TEXTS[0], timeout=0.05) is None  # still behind the gate
        engine.gate.release()
        clip = renderer.wait_for(TEXTS[0], timeout=5)
        assert clip is not None and clip.duration > 0.5
        assert renderer.ready(TEXTS[0]) and not renderer.ready(TEXTS[1])
        assert renderer.clip(TEXTS[1]) is None
        for _ in TEXTS[1:]:
            engine.gate.release()
        clips = renderer.wait_all(timeout=5)
    finally:
        renderer.close()
    assert engine.rendered == TEXTS
    assert renderer.done and set(clips) == set(TEXTS)


def test_waiting_for_a_later_phrase_moves_it_forward(cache: SpeechCache) -> None:
    engine = GatedSynthesizer()
    renderer = Renderer(TEXTS, "en", Voice(), engine, cache).start()
    try:
        engine.gate.release()
        renderer.wait_for(TEXTS[0], timeout=5)
        assert renderer.wait_for("Rest.", timeout=0) is None  # a skip: "Rest." is next
        assert renderer.wait_for("Repeat the instructions.", timeout=0) is None  # new
        engine.gate.release()
        engine.gate.release()
        engine.gate.release()
        assert renderer.wait_for("Repeat the instructions.", timeout=5) is not None
        for _ in TEXTS:
            engine.gate.release()
        renderer.wait_all(timeout=5)
    finally:
        renderer.close()
    # TEXTS[1] was being rendered when the skip came; then the two asked for, newest first
    assert engine.rendered[:4] == [TEXTS[0], TEXTS[1], "Repeat the instructions.", "Rest."]
    assert sorted(engine.rendered) == sorted([*TEXTS, "Repeat the instructions."])


def test_a_failure_reaches_whoever_waits(cache: SpeechCache) -> None:
    engine = GatedSynthesizer(fail_on="3")
    for _ in range(len(TEXTS)):
        engine.gate.release()
    renderer = Renderer(TEXTS, "en", Voice(), engine, cache).start()
    with pytest.raises(SpeechError, match="cannot say '3'"):
        renderer.wait_all(timeout=5)
    assert renderer.error is not None
    assert renderer.ready(TEXTS[1])  # what was rendered before stays usable
    assert renderer.wait_for(TEXTS[1], timeout=0) is not None
    with pytest.raises(SpeechError, match="cannot say '3'"):
        renderer.wait_for("Rest.", timeout=5)
    renderer.close()


def test_closing_stops_after_the_phrase_in_hand(cache: SpeechCache) -> None:
    engine = GatedSynthesizer()
    renderer = Renderer(TEXTS, "en", Voice(), engine, cache).start()
    engine.gate.release()
    renderer.wait_for(TEXTS[0], timeout=5)
    engine.gate.release()  # lets the phrase in hand finish
    renderer.close()
    assert len(engine.rendered) <= 2
    assert renderer.wait_for(TEXTS[-1], timeout=0.1) is None
    with pytest.raises(TimeoutError):
        renderer.wait_all(timeout=0.1)


def test_the_first_real_cue_is_rendered_first(tmp_path: Path) -> None:
    class Recording(Pyttsx3Synthesizer):
        def __init__(self) -> None:
            super().__init__()
            self.begun: list[str] = []

        def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
            self.begun.append(text)
            super().render(text, language, voice, out)

    synthesizer = Recording()
    cache = SpeechCache(synthesizer.engine, tmp_path)
    texts = ["Desk break, lower back. Three minutes.", *(f"Step {n}." for n in range(20))]
    renderer = Renderer(texts, "en", Voice(), synthesizer, cache).start()
    try:
        first = renderer.wait_for(texts[0], timeout=30)
        assert first is not None and first.duration > 1.0
        assert len(renderer.wait_all(timeout=60)) == len(texts)
    finally:
        renderer.close()
        synthesizer.close()
    # Taken first: started in the first round, beside at most one phrase a core.
    assert texts[0] in synthesizer.begun[: synthesizer.parallel]
    assert sorted(synthesizer.begun) == sorted(texts)


def test_several_phrases_render_at_once_when_the_engine_can(cache: SpeechCache) -> None:
    class TwoAtOnce(FakeSynthesizer):
        parallel = 2

        def __init__(self) -> None:
            self.both = threading.Barrier(2, timeout=10)

        def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
            if text in TEXTS[:2]:
                self.both.wait()  # breaks (an error) unless the first two render together
            super().render(text, language, voice, out)

    clips = render_all(TEXTS, "en", Voice(), TwoAtOnce(), cache)
    assert list(clips) == TEXTS


def test_an_unwritable_cache_is_a_clear_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    cache = SpeechCache(FakeSynthesizer.engine, blocked)  # its clips dir cannot be made
    renderer = Renderer(["Go"], "en", Voice(), FakeSynthesizer(), cache).start()
    with pytest.raises(SpeechError, match=r"speech cache .* cannot be written") as raised:
        renderer.wait_for("Go", timeout=5)
    assert raised.value.fix.startswith("mkdir -p ")
    renderer.close()


def test_an_unexpected_failure_still_reaches_the_waiter(cache: SpeechCache) -> None:
    class Broken(FakeSynthesizer):
        def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
            raise ValueError("boom")

    renderer = Renderer(["Go"], "en", Voice(), Broken(), cache).start()
    with pytest.raises(SpeechError, match="speech rendering failed: ValueError"):
        renderer.wait_for("Go", timeout=5)
    renderer.close()


class HangingSynthesizer(FakeSynthesizer):
    """What espeak-ng does on a full disk: no error, no answer."""

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        raise SpeechError("the speech engine failed twice on 'Go' (no answer within 10 s)")


def test_a_full_disk_is_named_rather_than_the_engine(
    cache: SpeechCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    from types import SimpleNamespace

    with pytest.raises(SpeechError, match="no answer within 10 s"):
        render_all(["Go"], "en", Voice(), HangingSynthesizer(), cache)  # room enough: as said

    monkeypatch.setattr(shutil, "disk_usage", lambda folder: SimpleNamespace(free=512))
    with pytest.raises(SpeechError, match=r"no space left for speech in .* \(0 kB free\)"):
        render_all(["Go"], "en", Voice(), HangingSynthesizer(), cache)
    assert list((cache.directory / "tmp").iterdir()) == []


def test_no_space_while_storing_a_clip_is_named(
    cache: SpeechCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(source: Path, target: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)  # as the cache calls it: os.replace
    with pytest.raises(SpeechError, match="no space left for speech"):
        render_all(["Go"], "en", Voice(), FakeSynthesizer(), cache)
    assert list((cache.directory / "tmp").iterdir()) == []
