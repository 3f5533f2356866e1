"""What a session says: clips as they render, balanced like export, at the verbosity asked for.

`SessionSpeech.clip(text)` is the engine's clip source. It never blocks: a line not rendered
yet is moved to the front of the renderer's queue and skipped this time (the engine retries
on-demand lines for a moment). Every clip is brought to the loudness `workout export` gives
it (`player.sound.mix.balance_of`), once, and kept. The gain is settled from the timeline's
phrases ready when it is first needed — on a warm cache all of them, exactly as export
does; on a cold cache those rendered so far, and it stays fixed for the session.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace

from player.routine.model import Routine
from player.sound.base import Clip
from player.sound.mix import Balance, balance_of
from player.speech.base import SpeechError, Synthesizer
from player.speech.cache import SpeechCache
from player.speech.render import Progress, Renderer
from player.timeline.compile import Verbosity, script_texts
from player.timeline.model import Timeline, Tone

RATE_LIMITS = (80, 320)  # words a minute, for `change_rate`


class SessionSpeech:
    """The speech of one session (see the module docstring). Thread-safe."""

    def __init__(
        self,
        routine: Routine,
        timeline: Timeline,
        verbosity: Verbosity,
        synthesizer: Synthesizer,
        cache: SpeechCache,
        texts: list[str],
        *,
        progress: Progress | None = None,
        listening: bool = False,
    ) -> None:
        self.routine = routine
        self.listening = listening  # the script's prompts are those for spoken commands
        self.timeline = timeline
        self.voice = routine.voice
        self.synthesizer = synthesizer
        self.cache = cache
        # what the timeline was made for
        self._script = script_texts(routine, verbosity, listening=listening)
        self._heard = list(dict.fromkeys(c.text for c in timeline.cues if c.text))
        self._silenced: set[str] = set()  # lines the verbosity chosen now leaves out
        self._asked: set[str] = set()  # lines asked for (`repeat`): said at any verbosity
        self._balance: Balance | None = None
        self._balanced: dict[tuple[int, str], Clip] = {}  # (rate, text) -> clip at loudness
        self._lock = threading.Lock()
        self.renderers: list[Renderer] = []  # newest first: a rate change adds one
        self._render(texts, progress)
        self.set_verbosity(verbosity)

    @property
    def renderer(self) -> Renderer:
        """The renderer of the voice speaking now."""
        return self.renderers[0]

    def _render(self, texts: list[str], progress: Progress | None = None) -> Renderer:
        renderer = Renderer(
            texts,
            self.routine.language,
            self.voice,
            self.synthesizer,
            self.cache,
            progress=progress,
        ).start()
        self.renderers.insert(0, renderer)
        return renderer

    # -- the engine's clip source -----------------------------------------------------------

    def clip(self, text: str) -> Clip | None:
        """The clip for `text` at the session's loudness if it is ready, else None at once.

        Raises the renderer's `SpeechError` once rendering has failed (the engine then
        plays tones instead, and says so once).
        """
        if self.renderer.error is not None:
            raise self.renderer.error
        with self._lock:
            if text in self._silenced and text not in self._asked:
                return None
        for renderer in self.renderers:  # the new rate's clip, else the old one meanwhile
            key = (renderer.voice.rate, text)
            with self._lock:
                found = self._balanced.get(key)
            if found is not None:
                return found
            raw = renderer.clip(text)
            if raw is not None:
                clip = self.balance().speech_clip(raw)
                with self._lock:
                    self._balanced[key] = clip
                return clip
        self.renderer.wait_for(text, 0)  # to the front of the queue, for next time
        return None

    def balance(self) -> Balance:
        """The session's gains, settled on first use from the timeline's phrases ready then."""
        with self._lock:
            if self._balance is None:
                self._balance = balance_of(self._ready_heard())
            return self._balance

    def _ready_heard(self) -> Iterator[Clip]:
        language, voice = self.routine.language, self.routine.voice
        first = self.renderers[-1]  # at the routine's own voice
        for text in self._heard:
            clip = first.clip(text) or self.cache.get(text, language, voice)
            if clip is not None:
                yield clip

    # -- before playing ---------------------------------------------------------------------

    def wait_for(self, texts: list[str], timeout: float) -> None:
        """Wait until `texts` are rendered, in order, for at most `timeout` seconds.

        A failure is not raised here: the session says it when it gets there.
        """
        deadline = time.monotonic() + timeout
        for text in dict.fromkeys(texts):
            try:
                if self.renderer.wait_for(text, deadline - time.monotonic()) is None:
                    return
            except SpeechError:
                return

    # -- while playing ----------------------------------------------------------------------

    def set_verbosity(self, verbosity: Verbosity) -> None:
        """Say less (or all again) from now on; the timing stays as it was compiled."""
        if verbosity is Verbosity.FULL:
            silenced: set[str] = set()
        else:  # tones too: the safety line is said at every verbosity
            said = set(script_texts(self.routine, verbosity, listening=self.listening))
            silenced = {t for t in self._script if t not in said}
        with self._lock:
            self._silenced = silenced

    def ask(self, texts: list[str]) -> None:
        """These lines were asked for (`repeat`): say them at any verbosity."""
        with self._lock:
            self._asked = set(texts)

    def change_rate(self, change: int, coming: list[str]) -> int:
        """Speak `change` words a minute faster (or slower) from now on: `coming` renders
        again at the new rate, first things first. Returns the new rate."""
        low, high = RATE_LIMITS
        rate = min(max(self.voice.rate + change, low), high)
        if rate != self.voice.rate:
            self.voice = replace(self.voice, rate=rate)
            self._render(coming)
        return rate

    def close(self) -> None:
        """Stop rendering (the synthesizer is the caller's to close)."""
        for renderer in self.renderers:
            renderer.close()


class BalancedTones(Mapping[Tone, Clip]):
    """Tones brought under the speech as export brings them, each once."""

    def __init__(self, raw: Mapping[Tone, Clip], speech: SessionSpeech | None) -> None:
        self._raw = raw
        self._speech = speech
        self._done: dict[Tone, Clip] = {}

    def __getitem__(self, tone: Tone) -> Clip:
        found = self._done.get(tone)
        if found is None:
            clip = self._raw[tone]
            found = self._speech.balance().tone_clip(clip) if self._speech else clip
            self._done[tone] = found
        return found

    def __iter__(self) -> Iterator[Tone]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)
