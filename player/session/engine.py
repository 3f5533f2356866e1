"""The session engine: plays a timeline's cues at their deadlines on a clock, under commands.

Deadlines are offsets from a session origin on the injected clock; pausing and jumping move
the origin, nothing is counted in ticks. The engine never sleeps: `poll()` fires what is due
and `next_deadline()` says when to poll again (`SessionRunner` does that in a thread; tests
do it with a `FakeClock`). Every public method is thread-safe.

The engine keeps the clock, the cursors and the commands. What is sounding is its `Voice`'s
(voice.py); where things are in the timeline, its `Course`'s (course.py, with the cursors'
`Playhead`). Whoever must know what happened as it happens subscribes (`subscribe`): the
journal is written that way (journal.py).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping
from typing import Concatenate, ParamSpec, TypeVar

from player.routine.model import Exercise, Routine
from player.session import events as ev
from player.session.clock import EPSILON, Clock, Doorbell, Stopwatch
from player.session.course import Course, Playhead
from player.session.state import SessionState, Status
from player.session.steps import SessionStep
from player.session.voice import ClipSource, SessionPhrases, Voice
from player.sound.base import Clip, Output
from player.timeline.model import CueKind, SegmentKind, Timeline, Tone

# A cue more than this late (the process was stopped, the machine slept) is skipped rather
# than played out of place.
STALE_AFTER = 1.0
# `previous` within this many seconds of a step's start goes to the step before it.
PREVIOUS_GRACE = 3.0
WORK_KINDS = {SegmentKind.WORK, SegmentKind.HOLD, SegmentKind.OPEN}
OVER = (Status.FINISHED, Status.STOPPED)

P = ParamSpec("P")
R = TypeVar("R")


def _locked(method: Callable[Concatenate[Session, P], R]) -> Callable[Concatenate[Session, P], R]:
    """`method`, run under the session's lock."""

    @functools.wraps(method)
    def locked(self: Session, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


def _thread_safe(cls: type[Session]) -> type[Session]:
    """Every public method and property of the session runs under its lock (`wait` and
    `drain`, which must let go of it while they wait, take it themselves)."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or name in ("wait", "drain"):
            continue
        if isinstance(member, property) and member.fget is not None:
            setattr(cls, name, property(_locked(member.fget), doc=member.__doc__))
        elif callable(member):
            setattr(cls, name, _locked(member))
    return cls


@_thread_safe
class Session:
    """One playing of a timeline. See the module docstring."""

    def __init__(
        self,
        timeline: Timeline,
        *,
        clock: Clock,
        output: Output,
        clips: ClipSource,
        tones: Mapping[Tone, Clip],
        phrases: SessionPhrases,
        routine: Routine | None = None,
        tones_only: bool = False,
    ) -> None:
        """`tones_only`: there is no speech from the start (the caller has said why), so the
        lines that carry timing play as tones without a warning."""
        self.timeline = timeline
        self._course = Course(timeline, routine)
        self.steps: tuple[SessionStep, ...] = self._course.steps
        self._clock = clock
        self._outbox = ev.Outbox()
        self._voice = Voice(
            clock, output, clips, tones, phrases, emit=self._outbox.emit, tones_only=tones_only
        )
        self._lead = 0.0  # the output's latency: cues are played this much early
        self._lock = threading.RLock()
        self._bell = Doorbell(self._lock)  # wakes the runner when a command changes things
        self._status = Status.READY
        self._origin = 0.0  # clock time of timeline offset 0, while playing
        self._held = 0.0  # the offset while ready or paused; the floor during a lead-in
        self._head = Playhead(self._course)  # the cursors
        self._played = Stopwatch()  # time played: pauses left out, lead-ins counted

    def subscribe(self, subscriber: ev.Subscriber) -> None:
        """Hand every event to `subscriber` as it happens (see `events.Outbox`)."""
        self._outbox.subscribe(subscriber)

    def start(self, from_offset: float = 0.0) -> None:
        """Start playing at `from_offset` (0, or a step's start when resuming)."""
        if self._status is Status.READY:
            now = self._clock.now()
            self._lead = self._voice.start(now)
            self._place(min(max(from_offset, 0.0), self._course.total))
            self._origin = now - self._held + self._lead  # heard from `lead` on
            self._set_status(Status.PLAYING, now)

    def pause(self) -> None:
        if self._status is Status.PLAYING:
            now = self._clock.now()
            self._held = self._offset(now)
            self._voice.silence()
            self._set_status(Status.PAUSED, now)
            self._outbox.emit(ev.Paused(self._held))

    def resume(self) -> None:
        """Go on after a pause: "Get ready", a countdown (extra time), then the rest of the step."""
        if self._status is not Status.PAUSED:
            return
        now = self._clock.now()
        segment = self._course.segment_at(self._held)
        if segment is not None and segment.kind is SegmentKind.COUNTDOWN:
            # The lead-in's countdown stands in for the rest of this one.
            self._place(segment.end)
        self._voice.cut()
        work = segment is not None and segment.kind in WORK_KINDS
        lead_in = self._voice.lead_in(now, then_go=work and not self._head.cue_at(self._held))
        self._origin = now + lead_in - self._held
        self._set_status(Status.PLAYING, now)
        self._outbox.emit(ev.Resumed(self._held, lead_in))

    def toggle_pause(self) -> None:
        if self._status is Status.PLAYING:
            self.pause()
        elif self._status is Status.PAUSED:
            self.resume()

    def next(self) -> None:
        """Jump to the start of the next step (after the last one: the end)."""
        if self._status not in OVER:
            current = self._course.step_index_at(self._here())
            if current + 1 < len(self.steps):
                self._jump_to(self.steps[current + 1].start, "next")
            else:
                self._jump_to(self._course.total, "next")

    def previous(self) -> None:
        """Back to the start of this step, or to the step before when just past its start."""
        if self._status not in OVER:
            offset = self._here()
            step = self.steps[self._course.step_index_at(offset)]
            if offset - step.start < PREVIOUS_GRACE and step.index > 0:
                self._jump_to(self.steps[step.index - 1].start, "previous")
            else:
                self._jump_to(step.start, "restart")

    def done(self) -> None:
        """End an open reps step ("Press d when you have finished.")."""
        if self._status in (Status.PLAYING, Status.PAUSED):
            segment = self._course.segment_at(self._here())
            if segment is not None and segment.kind is SegmentKind.OPEN:
                self._jump_to(segment.end, "done")

    def repeat(self) -> None:
        """Say the current exercise's starting position and instructions again."""
        exercise = self._course.exercise_at(self._here())
        if exercise is not None:
            lines = [t for t in (exercise.position, exercise.instructions) if t]
            self._say(lines, CueKind.INSTRUCTIONS)

    def current_exercise(self) -> Exercise | None:
        """The exercise under way (or announced, before its countdown); None between."""
        return self._course.exercise_at(self._here())

    def do_instead(self, exercise: Exercise, variant: Exercise) -> None:
        """From now on `exercise` is done as `variant` (an easier or harder form): `repeat`
        says its position and instructions. The timing stays."""
        self._course.swap(exercise, variant)

    def say(self, texts: list[str]) -> None:
        """Say `texts` now, one after the other (a level change, a check-in question)."""
        self._say([t for t in texts if t], CueKind.INSTRUCTIONS)

    def say_next(self) -> None:
        """Say what comes next ("Next: Bird dog"), or that this is the last exercise."""
        name, phrases = self._course.next_up(self._here()), self._voice.phrases
        self._say([phrases.next_up(name) if name else phrases.last_exercise()], CueKind.ANNOUNCE)

    def say_time_left(self) -> None:
        """Say the time left, and of what: the work, hold or rest under way, else the session."""
        left, of = self._course.time_left(self._here())
        self._say([self._voice.phrases.time_left(left, of)], CueKind.ANNOUNCE)

    def stop(self) -> None:
        """Stop for good (the journal keeps what was done; the session can be resumed)."""
        if self._status not in OVER:
            now = self._clock.now()
            self._held = self._offset(now)
            self._voice.silence()
            self._set_status(Status.STOPPED, now)
            self._outbox.emit(
                ev.Stopped(self._played.read(now), self._course.step_number(self._held))
            )

    def poll(self) -> list[ev.Event]:
        """Fire everything due up to `clock.now()`; return what happened since the last poll."""
        now = self._clock.now()
        if self._status in (Status.PLAYING, Status.PAUSED):
            self._voice.fire(now)
        if self._status is Status.PLAYING:
            self._advance(now)
        self._voice.sounding()
        return self._outbox.take()

    def next_deadline(self) -> float | None:
        """The clock time something is next due, or None when nothing is (paused, over)."""
        deadlines: list[float] = []
        due = self._voice.next_due()
        if self._status in (Status.PLAYING, Status.PAUSED) and due is not None:
            deadlines.append(due)
        if self._status is Status.PLAYING:
            first = min(self._course.total, *self._head.due(self._lead))
            deadlines.append(self._origin + max(first, self._held - self._lead))
        return min(deadlines) if deadlines else None

    def wait(self, generation: int, timeout: float | None = None) -> None:
        """Block until the next deadline, or until a command changes the session.

        `generation` is what `generation()` returned before the caller's last `poll()`;
        a command since then returns at once. The wait itself is in real time. (Spinning
        the last milliseconds was tried: on a loaded machine it made the worst case worse.)
        """
        with self._lock:
            if self._bell.generation == generation and not self._outbox:
                deadline = self.next_deadline()
                wait = None if deadline is None else deadline - self._clock.now()
                self._bell.wait(wait, timeout)

    def drain(self, timeout: float = 3.0) -> None:
        """Wait (real time, at most `timeout`) until what is sounding has finished."""
        self._voice.drain(self._lock, timeout)

    def generation(self) -> int:
        return self._bell.generation

    def wake(self) -> None:
        """Make a `wait()` in another thread return (e.g. to shut a runner down)."""
        self._bell.ring()

    @property
    def started_at(self) -> float | None:
        """The clock time `start()` was called (recorders place sounds from here)."""
        return self._voice.started_at

    @property
    def ended_at(self) -> float | None:
        """The clock time the session reached its end (None unless it finished)."""
        finished = self._status is Status.FINISHED
        return self._origin + self._course.total if finished else None

    @property
    def status(self) -> Status:
        return self._status

    def state_is_over(self) -> bool:
        """Finished or stopped, with every event handed out by `poll()`."""
        return self._status in OVER and not self._outbox

    def state(self) -> SessionState:
        now = self._clock.now()
        offset, elapsed = self._offset(now), self._played.read(now)
        return self._course.state(self._status, offset, elapsed, lead_in=self._leading_in(now))

    def _reached(self, offset: float, now: float) -> bool:
        """Whether the clock at `now` has reached timeline `offset` while playing: every
        comparison of the clock with a place goes through here (with the one EPSILON)."""
        return offset <= now - self._origin + EPSILON

    def _leading_in(self, now: float) -> bool:
        """ "Get ready" and its countdown after a pause are playing: the clock has not reached
        the place the session was paused at yet."""
        return self._status is Status.PLAYING and not self._reached(self._held, now)

    def _offset(self, now: float) -> float:
        if self._status is Status.PLAYING:
            return min(max(now - self._origin, self._held), self._course.total)
        return self._course.total if self._status is Status.FINISHED else self._held

    def _here(self) -> float:
        return self._offset(self._clock.now())

    def _set_status(self, status: Status, now: float) -> None:
        """Play on or halt at `now` (the stopwatch follows) and wake the waiters."""
        if status is Status.PLAYING:
            self._played.start(now)
        else:
            self._played.stop(now)
        self._status = status
        self._bell.ring()

    def _place(self, offset: float, *, done: bool = False) -> None:
        """Set every cursor for playing on from `offset` (the origin is set by the caller)."""
        self._held = offset
        self._head.place(offset, played=self._played.read(self._clock.now()), done=done)

    def _jump_to(self, offset: float, command: str) -> None:
        """`next`, `previous`, `restart` or `done` (which keeps the step's own clock, and
        finishes a step whose work ends at `offset`)."""
        now = self._clock.now()
        self._voice.silence()
        self._place(offset, done=command == "done")
        if self._status is Status.PLAYING:
            self._origin = now - offset
        step = self._course.step_at(offset)
        if step is not None:
            self._outbox.emit(ev.Jumped(step, offset, command))
            if self._status is Status.PAUSED and step.exercise:
                self._say([self._voice.phrases.next_up(step.exercise)], CueKind.ANNOUNCE)
        self._bell.ring()

    def _say(self, texts: list[str], kind: CueKind) -> None:
        if self._status not in OVER and texts:
            self._voice.say(texts, kind)
            self._bell.ring()

    def _advance(self, now: float) -> None:
        """Fire cues and announce segments, steps and the end, in time order, up to now."""
        offset, head, emit = now - self._origin, self._head, self._outbox.emit
        while True:
            t_finish, t_segment, t_cue = head.due(self._lead)
            t = min(t_finish, t_segment, t_cue)
            if t == float("inf") or not self._reached(t, now):
                break
            if t == t_finish:
                step, seconds = head.take_finish(self._played.read(now))
                emit(ev.StepFinished(step, seconds, self._played.read(now)))
            elif t == t_segment:
                segment = head.take_segment()
                emit(ev.SegmentStarted(segment, head.segment))
                for step in head.take_steps(segment.start, self._played.read(now)):
                    emit(ev.StepStarted(step))
            else:
                cue = head.take_cue()
                late = offset - cue.at
                leading_in = self._leading_in(self._clock.now())
                played = late <= STALE_AFTER and self._voice.play_cue(
                    cue, now, leading_in=leading_in
                )
                emit(ev.CueFired(cue, played, late=late))
        if self._status is Status.PLAYING and self._reached(self._course.total, now):
            self._held = self._course.total
            self._voice.forget()
            self._set_status(Status.FINISHED, now)
            emit(ev.Finished(self._played.read(now), self._course.step_number(self._held)))
