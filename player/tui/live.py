"""A session as the player screen runs it: timeline, speech, output, journal and engine.

`LiveSession(routine, ...)` is cheap (it compiles the timeline with the clip lengths already
in the cache); `start(...)` does the slow part off the event loop — choosing the output,
starting the speech engine, rendering the first cues, opening the journal — and then plays.
Anything missing (no sound device, no speech engine, no journal) becomes one line for the
screen; the session plays on regardless.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from player.routine.model import Routine
from player.session.clock import Clock
from player.session.engine import Session
from player.session.events import Event
from player.session.runner import SessionRunner
from player.session.state import SessionState, Status
from player.session.steps import Step
from player.sound.base import Clip, Output, Playback
from player.speech.base import SpeechError, Synthesizer
from player.timeline.compile import Verbosity, compile_timeline, script_texts
from player.timeline.estimate import estimate_duration
from player.timeline.model import SegmentKind, Tone
from player.timeline.phrases import phrases_for
from player.tui.summary import SessionSummary, summarise

if TYPE_CHECKING:
    from player.history import History, Resumable
    from player.session.engine import Journal
    from player.speech.cache import SpeechCache
    from player.speech.render import Renderer
    from player.tui.app import PlayerSettings

FIRST_CUES = 12.0  # seconds of the session whose speech must be ready before playing
FIRST_CUES_WAIT = 20.0  # the longest to wait for them (a cold cache, a slow machine)
RATE_STEP_LIMITS = (80, 320)  # words a minute


class _Silence:
    """A playback that has already ended (muted, or nowhere to play)."""

    def stop(self) -> None:
        pass

    def wait_done(self) -> None:
        pass

    def is_playing(self) -> bool:
        return False


class MutableOutput:
    """An output that can be muted, and whose real output is chosen after the session exists."""

    def __init__(self, inner: Output | None = None) -> None:
        self.inner = inner
        self.muted = False
        self.name = inner.name if inner else "pending"

    def play(self, clip: Clip, at: float | None = None) -> Playback:
        if self.muted or self.inner is None:
            return _Silence()
        return self.inner.play(clip, at)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


class _LateJournal:
    """Forwards to the session journal once it is open; records nothing before."""

    def __init__(self) -> None:
        self.target: Journal | None = None

    def step_finished(self, step: Step, seconds: float, elapsed: float) -> None:
        if self.target is not None:
            self.target.step_finished(step, seconds, elapsed)

    def ended(self, status: str, elapsed: float) -> None:
        if self.target is not None:
            self.target.ended(status, elapsed)


def _say_nothing(events: list[Event]) -> None:
    pass


class LiveSession:
    """One routine being played for the player screen (see the module docstring)."""

    def __init__(
        self,
        routine: Routine,
        *,
        settings: PlayerSettings,
        clock: Clock,
        output: Output | None = None,
        synthesizer: Synthesizer | None = None,
    ) -> None:
        self.routine = routine
        self.title = routine.title
        self.settings = settings
        self.name = routine.path.stem if routine.path else "quick-break"
        self.problems: list[str] = []
        self.voice = routine.voice
        self.verbosity = _verbosity(settings.verbosity)
        self._synthesizer = synthesizer
        self._own_synthesizer = synthesizer is None
        self._speech_ok = True
        self._cache = self._speech_cache()
        # Timed for the verbosity asked for; a change while playing says less (or more of
        # what this timing has room for), never shifts it.
        self.timeline = compile_timeline(routine, self._duration_of, verbosity=self.verbosity)
        self._texts = script_texts(routine, self.verbosity)
        self._silenced: set[str] = set()  # phrases the chosen verbosity leaves out
        self._asked: set[str] = set()  # phrases asked for with `r` (said at any verbosity)
        self.output = MutableOutput(output)
        self._given_output = output is not None
        self._journal = _LateJournal()
        self._history: History | None = None
        self.session = Session(
            self.timeline,
            clock=clock,
            output=self.output,
            clips=self._clip,
            tones=_tones(),
            phrases=phrases_for(routine.language),
            journal=self._journal,
            routine=routine,
        )
        self._renderers: list[Renderer] = []  # newest first: a rate change adds one
        self._runner: SessionRunner | None = None
        self._events: list[Event] = []
        self._lock = threading.Lock()
        self._on_events: Callable[[list[Event]], None] = _say_nothing
        self.set_verbosity(self.verbosity)

    # -- setting up ----------------------------------------------------------------------

    def _speech_cache(self) -> SpeechCache | None:
        from player.speech import engine_of
        from player.speech.cache import SpeechCache

        try:
            engine = self._synthesizer.engine if self._synthesizer else engine_of(self.settings.tts)
            return SpeechCache(engine)
        except (SpeechError, OSError) as error:
            self._speech_ok = False
            self.problems.append(f"No speech ({error}): tones only.")
            return None

    def _duration_of(self, text: str) -> float:
        if self._cache is not None:
            known = self._cache.duration_of(text, self.routine.language, self.voice)
            if known is not None:
                return known
        return estimate_duration(text, self.routine.language, self.voice.rate)

    def section_marks(self) -> tuple[float, ...]:
        """Where each section starts, as fractions of the session (for the progress bar)."""
        total = self.timeline.total or 1.0
        return tuple(
            s.start / total for s in self.timeline.segments if s.kind is SegmentKind.SECTION
        )

    def start(
        self,
        on_events: Callable[[list[Event]], None],
        on_progress: Callable[[int, int], None],
        on_problem: Callable[[str], None],
    ) -> None:
        """The slow part, for a worker thread: output, speech, journal, then play."""
        self._on_events = on_events
        for problem in self.problems:
            on_problem(problem)
        if not self._given_output:
            self.output.inner = self._choose_output(on_problem)
        resumable = self._open_journal(on_problem)
        offset = self._start_offset(resumable, on_problem)
        if self._speech_ok:
            self._start_speech(offset, on_progress, on_problem)
        if self.session.status is not Status.READY:  # stopped while getting ready
            self._deliver(self.session.poll())
            return
        self._runner = SessionRunner(self.session, self._deliver)
        self._runner.start(offset)

    def _choose_output(self, on_problem: Callable[[str], None]) -> Output | None:
        from player.sound import select_output

        try:
            choice = select_output(self.settings.audio)
        except Exception as error:  # no backend works: play on, silently
            on_problem(f"No sound ({error}): playing silently.")
            return None
        if choice.silent and self.settings.audio == "auto":
            on_problem(f"No sound: {choice.reason.split(' — ')[0]}.")
        return choice.output

    def _start_speech(
        self,
        offset: float,
        on_progress: Callable[[int, int], None],
        on_problem: Callable[[str], None],
    ) -> None:
        """Start rendering in the order heard; wait until the first cues are ready."""
        from player.speech import make_synthesizer

        assert self._cache is not None
        try:
            if self._synthesizer is None:
                self._synthesizer = make_synthesizer(self.settings.tts)
        except SpeechError as error:
            self._speech_ok = False
            on_problem(f"No speech ({error}): tones only.")
            return
        renderer = self._renderer(self._texts + self._on_demand_texts(), on_progress)
        first = [
            c.text for c in self.timeline.cues if c.text and offset <= c.at <= offset + FIRST_CUES
        ]
        deadline = time.monotonic() + FIRST_CUES_WAIT
        for text in dict.fromkeys(first):
            try:
                if renderer.wait_for(text, timeout=deadline - time.monotonic()) is None:
                    break
            except SpeechError as error:
                self._speech_ok = False
                on_problem(f"Speech stopped ({error}): tones only.")
                return

    def _renderer(
        self, texts: list[str], on_progress: Callable[[int, int], None] | None = None
    ) -> Renderer:
        from player.speech.render import Renderer

        assert self._synthesizer is not None and self._cache is not None
        renderer = Renderer(
            texts,
            self.routine.language,
            self.voice,
            self._synthesizer,
            self._cache,
            progress=on_progress,
        ).start()
        self._renderers.insert(0, renderer)
        return renderer

    def _on_demand_texts(self) -> list[str]:
        phrases = phrases_for(self.routine.language)
        names = {e.name for e in self.routine.exercises()}
        return [
            phrases.get_ready(),
            phrases.last_exercise(),
            *(phrases.next_up(n) for n in names),
        ]

    def _open_journal(self, on_problem: Callable[[str], None]) -> Resumable | None:
        """Start this session's record; returns the session it resumes (with `--resume`)."""
        from player.history import HistoryError, SessionJournal, find_resumable, open_history

        resumable = None
        try:
            self._history = open_history()
            if self._history.notice:
                on_problem(self._history.notice)
            if self.settings.resume:
                resumable = find_resumable(self._history, self.name)
            self._journal.target = SessionJournal.start(
                self._history,
                routine=self.name,
                path=str(self.routine.path) if self.routine.path else None,
                title=self.title,
                language=self.routine.language,
                planned=self.timeline.total,
                step_count=len(self.session.steps),
                resumes=resumable,
            )
        except HistoryError as error:
            on_problem(f"{error}: this session is not recorded.")
        return resumable

    def _start_offset(
        self, resumable: Resumable | None, on_problem: Callable[[str], None]
    ) -> float:
        """Where to begin: `--from EXERCISE`, the step after the last one done, or 0."""
        steps = self.session.steps
        if self.settings.from_exercise:
            wanted = self.settings.from_exercise.casefold()
            for step in steps:
                if step.exercise and step.exercise.casefold().startswith(wanted):
                    return step.start
            on_problem(f"No exercise called {self.settings.from_exercise!r}: from the start.")
        if self.settings.resume:
            if resumable is None:
                on_problem("Nothing to resume: from the start.")
            elif resumable.next_step < len(steps):
                return steps[resumable.next_step].start
        return 0.0

    # -- speech while playing ------------------------------------------------------------

    def _clip(self, text: str) -> Clip | None:
        """The clip for `text` if it is ready and the verbosity says it; never blocks long."""
        if not self._speech_ok:
            raise SpeechError("no speech engine")
        if text in self._silenced and text not in self._asked:
            return None
        for renderer in self._renderers:
            clip = renderer.clip(text)
            if clip is not None:
                return clip
        if self._renderers and text not in self._texts:
            # An on-demand line ("3 minutes left"): render it now, briefly.
            return self._renderers[0].wait_for(text, timeout=1.5)
        return None

    # -- what the screen asks ------------------------------------------------------------

    def state(self) -> SessionState:
        return self.session.state()

    def pause(self) -> None:
        self.session.pause()

    def resume(self) -> None:
        self.session.resume()

    def next(self) -> None:
        self.session.next()

    def previous(self) -> None:
        self.session.previous()

    def repeat(self) -> None:
        state = self.session.state()
        self._asked = {t for t in (state.position, state.instructions) if t}
        self.session.repeat()

    def say_next(self) -> None:
        self.session.say_next()

    def say_time_left(self) -> None:
        self.session.say_time_left()

    def done(self) -> None:
        self.session.done()

    def stop(self) -> None:
        """Stop for good; every event up to the stop reaches the screen before this returns."""
        self.session.stop()
        if self._runner is not None and self._runner.running:
            self._runner.join(2.0)
        self._deliver(self.session.poll())

    def exercises(self) -> list[tuple[int, str]]:
        return [(s.index, s.exercise) for s in self.session.steps if s.exercise is not None]

    def jump_to_exercise(self, exercise_index: int) -> None:
        """Go to the step `exercise_index` (a step index) with next/previous."""
        steps = self.session.steps
        for _ in range(2 * len(steps)):
            current = self.session.state().step_index
            if current is None or current == exercise_index or self.session.state().over:
                return
            if current < exercise_index:
                self.session.next()
            else:
                self.session.previous()

    def change_rate(self, change: int) -> int:
        """Speak faster or slower from now on: the phrases still to come render again."""
        low, high = RATE_STEP_LIMITS
        rate = min(max(self.voice.rate + change, low), high)
        if rate == self.voice.rate:
            return rate
        self.voice = replace(self.voice, rate=rate)
        if self._speech_ok and self._synthesizer is not None and self._cache is not None:
            offset = self.session.state().offset
            coming = [c.text for c in self.timeline.cues if c.text and c.at >= offset]
            self._renderer(list(dict.fromkeys(coming)) + self._on_demand_texts())
        return rate

    def toggle_mute(self) -> bool:
        self.output.muted = not self.output.muted
        return self.output.muted

    def set_verbosity(self, verbosity: str) -> None:
        """Say less (or all again) from now on; the timing stays the same."""
        self.verbosity = _verbosity(verbosity)
        if self.verbosity is Verbosity.FULL:
            self._silenced = set()
        elif self.verbosity is Verbosity.TONES:
            self._silenced = set(self._texts)
        else:
            said = set(script_texts(self.routine, self.verbosity))
            self._silenced = {t for t in self._texts if t not in said}

    def summary(self) -> SessionSummary:
        with self._lock:
            events = list(self._events)
        summary = summarise(self.title, events)
        if summary.elapsed == 0.0:
            summary = replace(summary, elapsed=self.session.state().elapsed)
        return summary

    # -- events and the end --------------------------------------------------------------

    def _deliver(self, events: list[Event]) -> None:
        if not events:
            return
        with self._lock:
            self._events.extend(events)
        self._on_events(events)

    def close(self) -> None:
        """Let go of the thread, the speech engine, the output and the journal."""
        if self._runner is not None:
            self._runner.close()
        for renderer in self._renderers:
            renderer.close()
        if self._own_synthesizer and self._synthesizer is not None:
            with contextlib.suppress(Exception):
                self._synthesizer.close()
        with contextlib.suppress(Exception):
            self.output.close()
        if self._history is not None:
            with contextlib.suppress(Exception):
                self._history.close()


def _verbosity(name: str) -> Verbosity:
    aliases = {"names": Verbosity.BRIEF, "names-only": Verbosity.BRIEF}
    return aliases.get(name) or Verbosity(name)


def _tones() -> dict[Tone, Clip]:
    from player.sound.tones import load_tone

    return {tone: load_tone(tone) for tone in Tone}
