"""A session as the player screen runs it: `start_session` (the one way to start a session)
and the screen's commands (mute, speech rate, verbosity, jump to an exercise, the summary).

`LiveSession(routine, ...)` prepares the session at once (cheap: the timeline is compiled with
the clip lengths already in the cache, speech starts rendering behind). `start(...)` does the
slow part off the event loop — probing the sound devices, waiting for the first cues — and
then plays. Whatever is missing (no sound device, no speech engine, no journal) becomes one
line for the screen; the session plays on regardless.

`start_before_screen(...)` is `workout play`'s start before the app exists (this module
imports no Textual): the session itself, `start_behind()` and later `show_on(screen)`, when
the player opens at once; else the check-in's question (`SaidAhead`).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from player.routine.model import Routine, Voice
from player.session.clock import Clock, MonotonicClock
from player.session.events import Event
from player.session.prepare import PreparedSession, resume_command
from player.session.runner import Companion
from player.session.start import start_session
from player.session.state import SessionState
from player.sound.base import Clip, Output, Playback
from player.speech.base import Synthesizer
from player.timeline.compile import Verbosity
from player.timeline.plan import verbosity_of
from player.tui.summary import SessionSummary, summarise

# No Textual here (nor D-Bus): `workout play` starts the session with this module before it
# imports the app, so the first word is not kept waiting for them (`start_before_screen`).
if TYPE_CHECKING:
    from textual.message import Message
    from textual.message_pump import MessagePump

    from player.desktop.handsfree import HandsFree, Listening
    from player.options import PlayOptions
    from player.tui.player_settings import PlayerSettings


FIRST_WORD_WAIT = 0.8  # seconds `start_before_screen` waits for the first word, at most


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
        probe_now: bool = False,
    ) -> None:
        """`pain_before`: the check-in before, asked before preparing (it sets the dose).
        `probe_now`: the output is chosen while preparing (beside it), not by `start` (off
        an event loop: before the app)."""
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
            companion=lambda prepared: _hands_free(prepared, routine, listening),
            listening=listening is not None and _can_listen(routine.language, listening),
            clock=clock,
            output=output,
            synthesizer=synthesizer,
            probe_later=not probe_now,
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
        self._held: _Held | None = None  # `start_behind`: what comes before a screen listens

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
        from player.tui.app_messages import Heard, Problem, SessionEvents, SpeechProgress

        self.start(
            lambda events: screen.post_message(SessionEvents(events)),
            lambda done, total: screen.post_message(SpeechProgress(done, total)),
            lambda text: screen.post_message(Problem(text)),
            lambda text: screen.post_message(Heard(text)),
        )

    def start_behind(self) -> None:
        """`start` now, in a thread of its own, before there is a screen: what it says until
        `show_on(screen)` is kept for that screen, in order."""
        held = self._held = _Held()

        def start() -> None:
            try:
                with contextlib.suppress(Exception):  # as the app's start worker does
                    self.start(held.events, held.progress, held.problem, held.heard)
            finally:
                held.playing.set()  # or never will: nobody waits for it any longer

        threading.Thread(target=start, name="session-start", daemon=True).start()

    def wait_until_playing(self, timeout: float) -> bool:
        """Block until the session started by `start_behind` has played its first events (the
        first cue started), up to `timeout` seconds; whether it has."""
        return self._held is not None and self._held.playing.wait(timeout)

    @property
    def started_behind(self) -> bool:
        """Whether `start_behind` started it (the screen then calls `show_on`, not `start`)."""
        return self._held is not None

    def show_on(self, screen: MessagePump) -> None:
        """From now on, what `start_behind` says goes to `screen` (what came before first)."""
        assert self._held is not None, "show_on is for a session started with start_behind"
        self._held.show_on(screen)

    @property
    def shown(self) -> bool:
        return self._held is not None and self._held.screen is not None

    def end_unless_shown(self) -> None:
        """Stop and close a session `start_behind` started that no screen took over (the app
        failed, or Ctrl-C came before it was up): recorded as stopped, nothing left playing."""
        if not self.shown and not self.started.closed:
            self.stop()
            self.close()

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


class _Held:
    """What a session started before its screen says (events, speech progress, problems,
    what was heard), kept until `show_on(screen)` and posted there as messages from then on.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: list[tuple[str, tuple[object, ...]]] = []
        self.screen: MessagePump | None = None
        self.playing = threading.Event()  # the first events came: the first cue started

    def events(self, events: list[Event]) -> None:
        self._post("events", events)
        self.playing.set()

    def progress(self, done: int, total: int) -> None:
        self._post("progress", done, total)

    def problem(self, text: str) -> None:
        self._post("problem", text)

    def heard(self, text: str) -> None:
        self._post("heard", text)

    def _post(self, kind: str, *args: object) -> None:
        with self._lock:  # posted under the lock: nothing overtakes what was kept
            if self.screen is None:
                self._kept.append((kind, args))
            else:
                self.screen.post_message(_message(kind, args))

    def show_on(self, screen: MessagePump) -> None:
        with self._lock:
            self.screen = screen
            kept, self._kept = self._kept, []
            for kind, args in kept:
                screen.post_message(_message(kind, args))


def _message(kind: str, args: tuple[object, ...]) -> Message:
    from player.tui.app_messages import Heard, Problem, SessionEvents, SpeechProgress

    if kind == "events":
        return SessionEvents(*args)  # type: ignore[arg-type]
    if kind == "progress":
        return SpeechProgress(*args)  # type: ignore[arg-type]
    if kind == "problem":
        return Problem(*args)  # type: ignore[arg-type]
    return Heard(*args)  # type: ignore[arg-type]


def _can_listen(language: str, listening: Listening) -> bool:
    from player.desktop.handsfree import can_listen

    return can_listen(language, listening)


def _hands_free(
    prepared: PreparedSession, routine: Routine, listening: Listening | None
) -> HandsFree:
    """The media keys (and spoken commands), made once the session plays: the D-Bus modules
    are imported after the first word."""
    from player.desktop.handsfree import hands_free

    return hands_free(prepared, routine.title, routine.language, listening)


class SaidAhead:
    """The check-in's question, said before the app is up (`workout play` with check-ins
    on): the check-in screen shows it, and `take`s it instead of saying it again."""

    def __init__(self, text: str, language: str, *, tts: str, audio: str) -> None:
        self.text = text
        self.stop = threading.Event()  # set: stop saying it (answered, or the app ended)
        self.playing = threading.Event()  # the clip started (or it never will)
        self._taken = False
        self._thread = threading.Thread(
            target=self._say, args=(language, tts, audio), name="said-ahead", daemon=True
        )
        self._thread.start()

    def _say(self, language: str, tts: str, audio: str) -> None:
        from player.session.aloud import say_aloud
        from player.sound import select_output

        output: Output | None = None
        try:
            output = _Marking(select_output(audio).output, self.playing)
            say_aloud([self.text], language, tts=tts, output=output, stop=self.stop)
        except Exception:  # as the check-in screen's own saying: shown, if not heard
            pass
        finally:
            self.playing.set()
            if output is not None:
                with contextlib.suppress(Exception):
                    output.close()

    def take(self, text: str) -> bool:
        """Whether `text` is the question said ahead, the first time it is asked for: then
        return once it has been said (as saying it would)."""
        if self._taken or text != self.text:
            return False
        self._taken = True
        self._thread.join()
        return True


class _Marking:
    """An output that says when it was first asked to play."""

    def __init__(self, inner: Output, played: threading.Event) -> None:
        self.inner = inner
        self.name = inner.name
        self._played = played

    @property
    def latency(self) -> float:
        from player.sound.base import output_latency

        return output_latency(self.inner)

    def play(self, clip: Clip, at: float | None = None) -> Playback:
        playback = self.inner.play(clip, at)
        self._played.set()
        return playback

    def close(self) -> None:
        self.inner.close()


@dataclass
class Ahead:
    """What `workout play` starts before it imports the app (`start_before_screen`)."""

    live: LiveSession | None = None  # the session, playing, when the player opens at once
    question: SaidAhead | None = None  # else the check-in's question, being said

    def end_unless_shown(self) -> None:
        """Let go of what the app did not take over (it failed, or Ctrl-C came first)."""
        if self.live is not None:
            self.live.end_unless_shown()
        if self.question is not None:
            self.question.stop.set()


def start_before_screen(
    routine: Routine,
    options: PlayOptions,
    *,
    from_exercise: str | None = None,
    resume: bool = False,
    listening: Listening | None = None,
) -> Ahead:
    """`workout play`'s first word, started before the Textual app is imported. When the
    app would open the player at once (red flags read, check-ins off), the session itself: its
    first word comes as soon as `--no-ui`'s would, and the app shows it
    (`make_app(live=...)`). When the app asks the check-in first, its question
    (`make_app(said_ahead=...)`). Nothing when the red flags come first.

    Raises `UsageError` as `check_start` does (an option that cannot work is said before
    anything plays).
    """
    from player.safety import confirmed
    from player.session.checkin import checkins_enabled, questions
    from player.session.prepare import check_start
    from player.settings import with_voice
    from player.tui.player_settings import PlayerSettings

    check_start(routine, from_exercise, resume, options.audio)
    if not confirmed():  # the red flags come first, from the app
        return Ahead()
    if checkins_enabled():  # the check-in comes first: its question is the first word
        from player.history.checkins import Moment

        asking = questions(routine.language, Moment.BEFORE)[0].text
        question = SaidAhead(asking, routine.language, tts=options.tts, audio=options.audio)
        try:
            _wait_for_first_word(question.playing.wait)
        except BaseException:
            question.stop.set()
            raise
        return Ahead(question=question)
    settings = PlayerSettings.of(
        options, from_exercise=from_exercise, resume=resume, exit_after=True, listening=listening
    )
    live = LiveSession(
        with_voice(routine, settings.rate, settings.voice),
        settings=settings,
        clock=MonotonicClock(),
        probe_now=True,
    )
    live.start_behind()
    try:
        _wait_for_first_word(live.wait_until_playing)
    except BaseException:  # Ctrl-C (or SIGTERM, SIGHUP: see the commands) meanwhile
        live.end_unless_shown()
        raise
    return Ahead(live=live)


def _wait_for_first_word(wait: Callable[[float], bool]) -> None:
    # Textual is imported once the first word is under way (a warm cache: in a few ms), not
    # beside it: both want the one interpreter and the two cores, and loading the app beside
    # a cold cache's rendering made both the first word and the first frame later (measured:
    # `benchmarks/compare_first_sound.py`). The screen waits for the first word, at most
    # FIRST_WORD_WAIT.
    wait(FIRST_WORD_WAIT)
