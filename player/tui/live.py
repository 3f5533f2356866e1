"""A session as the player screen runs it: `start_session` (the one way to start a session)
and the screen's commands (mute, speech rate, verbosity, jump to an exercise, the summary).

`LiveSession(routine, ...)` prepares the session at once (cheap: the timeline is compiled with
the clip lengths already in the cache, speech starts rendering behind). `start(...)` does the
slow part off the event loop — probing the sound devices, waiting for the first cues — and
then plays. Whatever is missing (no sound device, no speech engine, no journal) becomes one
line for the screen; the session plays on regardless.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from player.desktop.handsfree import HandsFree, can_listen
from player.routine.model import Routine, Voice
from player.session.clock import Clock
from player.session.events import Event
from player.session.prepare import resume_command
from player.session.runner import Companion
from player.session.start import start_session
from player.session.state import SessionState
from player.sound.base import Output
from player.speech.base import Synthesizer
from player.timeline.compile import Verbosity
from player.timeline.plan import verbosity_of
from player.tui.app_messages import Heard, Problem, SessionEvents, SpeechProgress
from player.tui.summary import SessionSummary, summarise

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from player.tui.player_settings import PlayerSettings


def _say_nothing(events: list[Event]) -> None:
    pass


def _say_nothing_else(text: str) -> None:
    pass


def _problem(notice: str) -> str:
    """A notice as the screen shows it: a sentence, in the screen's language when the
    catalogue has it."""
    from player.i18n import _

    notice = _(notice)
    text = notice[:1].upper() + notice[1:]
    return text if text.endswith(".") else f"{text}."


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
        pain_before: int | None = None,
    ) -> None:
        """`pain_before`: the check-in before, asked before preparing (it sets the dose)."""
        from player.i18n import use

        use(routine.language)  # the screens speak the routine's language while it plays
        self.routine = routine
        self.title = routine.title
        self.settings = settings
        # Timed for the verbosity asked for; a change while playing says less (or more of
        # what this timing has room for), never shifts it.
        options = settings.options
        self.verbosity: Verbosity = options.verbosity
        self._rendered: tuple[int, int] | None = None  # speech progress (done, total)
        self._on_progress: Callable[[int, int], object] | None = None
        listening = settings.listening
        self.started = start_session(
            routine,
            options=options,
            from_exercise=settings.from_exercise,
            resume=settings.resume,
            companion=lambda prepared: HandsFree(
                prepared.session,
                routine.title,
                language=routine.language,
                listening=listening,
                output=prepared.output,
            ),
            listening=can_listen(routine.language, listening),
            clock=clock,
            output=output,
            synthesizer=synthesizer,
            probe_later=True,
            progress=self._progress,
            pain_before=pain_before,
        )
        self.prepared = self.started.prepared
        self.timeline = self.prepared.timeline
        self.session = self.prepared.session
        self._events: list[Event] = []
        self._lock = threading.Lock()
        self._on_events: Callable[[list[Event]], object] = _say_nothing
        self._on_problem: Callable[[str], object] = _say_nothing_else
        if settings.muted:
            self.prepared.output.muted = True
        self.hands_free: Companion | None = None  # media keys, spoken commands, once playing

    @property
    def voice(self) -> Voice:
        """The voice speaking now (its rate changes with + and -)."""
        speech = self.prepared.speech
        return speech.voice if speech is not None else self.routine.voice

    def section_marks(self) -> tuple[float, ...]:
        """Where each section starts, as fractions of the session (for the progress bar)."""
        total = self.timeline.total or 1.0
        marks: list[float] = []
        last: tuple[str | None, int | None] | None = None
        for segment in self.timeline.segments:
            if segment.section is None:
                continue
            here = (segment.section, segment.round)
            if here != last:  # a section (or a round of it) begins with its announcement
                marks.append(segment.start / total)
            last = here
        return tuple(marks)

    def start(
        self,
        on_events: Callable[[list[Event]], object],
        on_progress: Callable[[int, int], object],
        on_problem: Callable[[str], object],
        on_heard: Callable[[str], object] = _say_nothing_else,
    ) -> None:
        """The slow part, for a worker thread: the sound device, the first cues, then play;
        then the media keys (and spoken commands), whose lines go to `on_heard`."""
        self._on_events = on_events
        self._on_progress = on_progress
        self._on_problem = on_problem
        prepared = self.prepared
        if self._rendered is not None:  # what rendered before the screen listened
            on_progress(*self._rendered)
        silent = prepared.choose_output()
        for notice in prepared.notices:
            on_problem(_problem(notice))
        if silent:
            on_problem(_problem(silent))
        if not self.started.play(self._deliver, on_heard):  # stopped while getting ready
            self._deliver(self.session.poll())
            return
        with self._lock:
            self.hands_free = self.started.companion

    def start_for(self, screen: MessagePump) -> None:
        """`start`, with events, speech progress and problems posted to `screen` as messages
        (`post_message` is thread-safe)."""
        self.start(
            lambda events: screen.post_message(SessionEvents(events)),
            lambda done, total: screen.post_message(SpeechProgress(done, total)),
            lambda text: screen.post_message(Problem(text)),
            lambda text: screen.post_message(Heard(text)),
        )

    def _progress(self, done: int, total: int) -> None:
        self._rendered = (done, total)
        if self._on_progress is not None:
            self._on_progress(done, total)

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
        if self.prepared.speech is not None:
            state = self.session.state()
            self.prepared.speech.ask([t for t in (state.position, state.instructions) if t])
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
        runner = self.started.runner
        if runner.running:
            runner.join(2.0)
        self._deliver(self.session.poll())

    def exercise_steps(self) -> list[tuple[int, str]]:
        return [(s.index, s.exercise) for s in self.session.steps if s.exercise is not None]

    def jump_to_step(self, step_index: int) -> None:
        """Go to the step `step_index` (its place in `session.steps`) with next/previous."""
        steps = self.session.steps
        for _ in range(2 * len(steps)):
            current = self.session.state().step_index
            if current is None or current == step_index or self.session.state().over:
                return
            if current < step_index:
                self.session.next()
            else:
                self.session.previous()

    def change_rate(self, change: int) -> int:
        """Speak faster or slower from now on: the phrases still to come render again."""
        speech = self.prepared.speech
        if speech is None:
            return self.voice.rate
        offset = self.session.state().offset
        coming = [c.text for c in self.timeline.cues if c.text and c.at >= offset]
        rate = speech.change_rate(change, list(dict.fromkeys(coming)))
        self._remember("play.rate", rate)
        return rate

    @property
    def muted(self) -> bool:
        return self.prepared.output.muted

    def toggle_mute(self) -> bool:
        output = self.prepared.output
        output.muted = not output.muted
        self._remember("play.muted", output.muted)
        return output.muted

    def _remember(self, name: str, value: str | int | bool) -> None:
        """Keep what the user changed for the next session (the settings file)."""
        if self.settings.remember:
            from player.settings import remember

            problem = remember(name, value)
            if problem:
                self._on_problem(_problem(problem))

    def set_verbosity(self, verbosity: str) -> None:
        """Say less (or all again) from now on; the timing stays the same."""
        self.verbosity = verbosity_of(verbosity)
        if self.prepared.speech is not None:
            self.prepared.speech.set_verbosity(self.verbosity)
        self._remember("play.verbosity", self.verbosity.value)

    def change_level(self, step: int) -> str | None:
        from player.session.adjust import change_current_level

        return change_current_level(self.session, step, self.routine.language)

    def summary(self) -> SessionSummary:
        with self._lock:
            events = list(self._events)
        summary = summarise(self.title, events)
        if summary.elapsed == 0.0:
            summary = replace(summary, elapsed=self.session.state().elapsed)
        if not summary.completed:
            summary = replace(summary, resume=resume_command(self.routine))
        return summary

    # -- events and the end --------------------------------------------------------------

    def _deliver(self, events: list[Event]) -> None:
        if not events:
            return
        with self._lock:
            self._events.extend(events)
        self._on_events(events)

    def close(self) -> None:
        """Let go of the media keys, the thread, the speech engine, the output and the journal."""
        self.started.close()
