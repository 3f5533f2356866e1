"""Render a routine's phrases in the order they are heard, now or in the background."""

from __future__ import annotations

import errno
import shutil
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from player.routine.model import Voice
from player.sound.base import Clip
from player.speech.base import SpeechError, Synthesizer
from player.speech.cache import SpeechCache

Progress = Callable[[int, int], None]  # (phrases ready, phrases in all)
LOW_SPACE = 4 * 1024 * 1024  # bytes: less than this free and a clip (~100 kB) may not fit


def render_one(
    text: str, language: str, voice: Voice, synthesizer: Synthesizer, cache: SpeechCache
) -> Clip:
    """The clip for `text`: from the cache, or rendered now and stored there."""
    clip = cache.get(text, language, voice)
    if clip is not None:
        return clip
    try:
        out = cache.new_file()
        try:
            synthesizer.render(text, language, voice, out)
        except SpeechError as error:
            out.unlink(missing_ok=True)
            full = full_disk(cache.directory)
            if full is not None:
                raise full from error
            raise
        except BaseException:
            out.unlink(missing_ok=True)
            raise
        return cache.store(text, language, voice, out)
    except OSError as error:
        full = full_disk(cache.directory, always=error.errno in (errno.ENOSPC, errno.EDQUOT))
        if full is not None:
            raise full from error
        raise SpeechError(
            f"the speech cache {cache.directory} cannot be written ({error.strerror or error})",
            fix=f"mkdir -p {cache.directory} && chmod u+rwx {cache.directory}",
        ) from error


def full_disk(folder: Path, *, always: bool = False) -> SpeechError | None:
    """The error to show when the cache's disk is (nearly) full, else None.

    A full disk makes espeak-ng hang rather than fail, so a timeout is checked against the
    free space before it is blamed on the engine.
    """
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        if not always:
            return None
        free = 0
    if free >= LOW_SPACE and not always:
        return None
    fix = "free some space, or set WORKOUT_CACHE_DIR to a folder on another disk"
    return SpeechError(
        f"no space left for speech in {folder} ({free // 1024} kB free): {fix}", fix=fix
    )


def _distinct(texts: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def render_all(
    texts: Iterable[str],
    language: str,
    voice: Voice,
    synthesizer: Synthesizer,
    cache: SpeechCache,
    *,
    progress: Progress | None = None,
) -> dict[str, Clip]:
    """Every distinct phrase as a clip, in the order given: those in the cache read here,
    one after the other (no threads to start and wake for a warm cache), the rest rendered
    first cues first, as many at once as the synthesizer can."""
    order = _distinct(texts)
    clips: dict[str, Clip] = {}
    missing: list[str] = []
    for text in order:
        clip = cache.get(text, language, voice)
        if clip is None:
            missing.append(text)
        else:
            clips[text] = clip
    cached = len(clips)
    if progress is not None and cached:
        progress(cached, len(order))
    if missing:
        counted: Progress | None = None
        if progress is not None:
            counted = lambda done, total: progress(cached + done, cached + total)  # noqa: E731
        renderer = Renderer(missing, language, voice, synthesizer, cache, progress=counted)
        try:
            clips.update(renderer.start().wait_all())
        finally:
            renderer.close()
    return {text: clips[text] for text in order}


class Renderer:
    """Renders phrases on worker threads; callers ask `ready(text)` or `wait_for(text)`.

    Phrases start rendering in the order given, as many at once as the synthesizer renders
    side by side (`parallel`, one for an engine that has no such attribute); `wait_for` a
    phrase further down moves it to the front (after a skip, say). The cache is synced to
    disk once when every phrase is ready, not once a clip.
    """

    def __init__(
        self,
        texts: Iterable[str],
        language: str,
        voice: Voice,
        synthesizer: Synthesizer,
        cache: SpeechCache,
        *,
        progress: Progress | None = None,
    ) -> None:
        self.language = language
        self.voice = voice
        self.synthesizer = synthesizer
        self.cache = cache
        self.progress = progress
        self._pending = _distinct(texts)  # not started yet, next first
        self._rendering: set[str] = set()
        self.total = len(self._pending)
        self._clips: dict[str, Clip] = {}
        self._error: SpeechError | None = None
        self._stopping = False
        self._rendered = False  # a clip was rendered since the cache was last synced
        self._changed = threading.Condition()
        workers = max(1, int(getattr(synthesizer, "parallel", 1)))
        self._threads = [
            threading.Thread(target=self._work, name=f"speech-renderer-{n}", daemon=True)
            for n in range(workers)
        ]

    def start(self) -> Renderer:
        for thread in self._threads:
            thread.start()
        return self

    def _work(self) -> None:
        clip: Clip | None = None
        text = ""
        while True:
            with self._changed:
                if clip is not None:  # the last phrase's clip; the next is taken at once
                    self._finished(text, clip)
                self._changed.wait_for(lambda: self._stopping or bool(self._pending))
                if self._stopping:
                    return
                text = self._pending.pop(0)
                self._rendering.add(text)
            try:
                clip = self.cache.get(text, self.language, self.voice)
                if clip is None:
                    clip = render_one(text, self.language, self.voice, self.synthesizer, self.cache)
                    self._rendered = True  # (a bool: set, never counted, from any thread)
            except Exception as error:  # a worker thread must never die silently
                failure = (
                    error
                    if isinstance(error, SpeechError)
                    else SpeechError(f"speech rendering failed: {error!r}")
                )
                with self._changed:
                    self._error = self._error or failure
                    self._stopping = True
                    self._changed.notify_all()
                return

    def _finished(self, text: str, clip: Clip) -> None:
        """Record a rendered clip (the caller holds the lock)."""
        self._clips[text] = clip
        self._rendering.discard(text)
        if self.progress is not None:
            self.progress(len(self._clips), self.total)
        if not self._pending and not self._rendering and self._rendered:
            self.cache.sync()  # once a batch: a clip is checked when read, not when written
            self._rendered = False
        self._changed.notify_all()

    @property
    def error(self) -> SpeechError | None:
        """Why rendering stopped, if it failed."""
        return self._error

    @property
    def done(self) -> bool:
        """Every phrase asked for is ready."""
        with self._changed:
            return not self._pending and not self._rendering

    def ready(self, text: str) -> bool:
        return text in self._clips

    def clip(self, text: str) -> Clip | None:
        """The clip if it is ready, without waiting."""
        return self._clips.get(text)

    def wait_for(self, text: str, timeout: float | None = None) -> Clip | None:
        """The clip for `text`, waiting up to `timeout` s (None: until ready); None if not yet.

        A phrase further down the list moves to the front; one not in it is added there.
        Raises the `SpeechError` that stopped rendering, if one did.
        """
        with self._changed:
            if text not in self._clips and text not in self._rendering and self._error is None:
                if text in self._pending:
                    self._pending.remove(text)
                else:
                    self.total += 1
                self._pending.insert(0, text)
                self._changed.notify_all()
            self._changed.wait_for(lambda: text in self._clips or self._stopping, timeout)
            if text in self._clips:
                return self._clips[text]
            if self._error is not None:
                raise self._error
            return None

    def wait_all(self, timeout: float | None = None) -> dict[str, Clip]:
        """Every clip, once all are ready; raises the `SpeechError` if rendering failed.

        Raises `TimeoutError` if they are not all ready within `timeout` seconds.
        """
        with self._changed:
            finished = self._changed.wait_for(
                lambda: not (self._pending or self._rendering) or self._stopping, timeout
            )
            if self._error is not None:
                raise self._error
            left = len(self._pending) + len(self._rendering)
            if not finished or left:
                raise TimeoutError(f"{left} phrases are not rendered yet")
            return dict(self._clips)

    def close(self) -> None:
        """Stop after the phrases being rendered; the synthesizer stays open (the caller's)."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        for thread in self._threads:
            if thread.ident is not None and thread is not threading.current_thread():
                thread.join()
