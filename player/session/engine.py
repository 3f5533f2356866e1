"""The session engine: plays a timeline's cues at their deadlines on a clock, under commands.

Deadlines are offsets from a session origin on the injected clock; pausing and jumping move
the origin, nothing is counted in ticks. The engine never sleeps: `poll()` fires what is due
and `next_deadline()` says when to poll again (`SessionRunner` does that in a thread; tests
do it with a `FakeClock`). Every public method is thread-safe.

The engine keeps the clock, the cursors and the commands. What is sounding is its `Voice`'s
(voice.py); where things are in the timeline, its `Course`'s (course.py). Whoever needs to
know what happened as it happens subscribes (`subscribe`): the journal is written that way
(journal.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping

from player.routine.model import Exercise, Routine
from player.session import events as ev
from player.session.clock import Clock, Stopwatch
from player.session.course import Course, Playhead
from player.session.state import SessionState, Status
from player.session.steps import SessionStep
from player.session.voice import (
    LEAD_IN_COUNTS,
    ClipSource,
    SessionPhrases,
    Voice,
)
from player.sound.base import Clip, Output
from player.timeline.model import CueKind, SegmentKind, Timeline, Tone

__all__ = ["LEAD_IN_COUNTS", "PREVIOUS_GRACE", "STALE_AFTER", "Session", "SessionPhrases"]

# A cue more than this late (the process was stopped, the machine slept) is skipped rather
# than played out of place.
STALE_AFTER = 1.0
# `previous` within this many seconds of a step's start goes to the step before it.
PREVIOUS_GRACE = 3.0
# Clock arithmetic is off by float rounding: setting the origin to `now - x` and reading
# `now - origin` back can give a hair less than `x`. A deadline this close counts as
# reached — in one place, `Session._reached` — so a poll at exactly a deadline always
# makes progress, and a session started (or resumed) at `x` is at `x`, not just before it.
EPSILON = 1e-6
WORK_KINDS = {SegmentKind.WORK, SegmentKind.HOLD, SegmentKind.OPEN}
OVER = (Status.FINISHED, Status.STOPPED)

Subscriber = Callable[[ev.Event], object]


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
        self._pending: list[ev.Event] = []
        self._subscribers: list[Subscriber] = []
        self._voice = Voice(
            clock=clock,
            output=output,
            clips=clips,
            tones=tones,
            phrases=phrases,
            emit=self._emit,
            tones_only=tones_only,
        )
        self._lead = 0.0  # the output's latency: cues are played this much early
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._generation = 0
        self._status = Status.READY
        self._origin = 0.0  # clock time of timeline offset 0, while playing
        self._held = 0.0  # the offset while ready or paused; the floor during a lead-in
        self._head = Playhead(self._course)  # the cursors
        self._played = Stopwatch()  # time played: pauses left out, lead-ins counted
        self._step_active_start = 0.0  # time played when the current step was entered

    def subscribe(self, subscriber: Subscriber) -> None:
        """Hand every event to `subscriber` as it happens, under the session's lock (inside
        the command or poll that caused it). One that raises is dropped and its error said
        once as a `Warning`: the session plays on without it."""
        with self._lock:
            self._subscribers.append(subscriber)

    # ------------------------------------------------------------------ commands

    def start(self, from_offset: float = 0.0) -> None:
        """Start playing at `from_offset` (0, or a step's start when resuming)."""
        with self._lock:
            if self._status is not Status.READY:
                return
            now = self._clock.now()
            self._lead = self._voice.start(now)
            self._place(min(max(from_offset, 0.0), self._course.total), finish_at_target=False)
            self._origin = now - self._held + self._lead  # heard from `lead` on
            self._run(now)

    def pause(self) -> None:
        with self._lock:
            if self._status is not Status.PLAYING:
                return
            now = self._clock.now()
            self._held = self._offset(now)
            self._voice.silence()
            self._halt(now, Status.PAUSED)
            self._emit(ev.Paused(self._held))

    def resume(self) -> None:
        """Go on after a pause: "Get ready", a short countdown, then the rest of the step.

        The lead-in is extra time: the step does not lose any of its own.
        """
        with self._lock:
            if self._status is not Status.PAUSED:
                return
            now = self._clock.now()
            segment = self._course.segment_at(self._held)
            if segment is not None and segment.kind is SegmentKind.COUNTDOWN:
                # The lead-in's countdown stands in for the rest of this one.
                self._place(segment.end, finish_at_target=False)
            self._voice.cut()
            work = segment is not None and segment.kind in WORK_KINDS
            lead_in = self._voice.lead_in(now, then_go=work and not self._head.cue_at(self._held))
            self._origin = now + lead_in - self._held
            self._run(now)
            self._emit(ev.Resumed(self._held, lead_in))

    def toggle_pause(self) -> None:
        with self._lock:
            if self._status is Status.PLAYING:
                self.pause()
            elif self._status is Status.PAUSED:
                self.resume()

    def next(self) -> None:
        """Jump to the start of the next step (after the last one: the end)."""
        with self._lock:
            if self._status in OVER:
                return
            current = self._course.step_index_at(self._offset(self._clock.now()))
            if current + 1 < len(self.steps):
                self._jump_to(self.steps[current + 1].start, "next")
            else:
                self._jump_to(self._course.total, "next")

    def previous(self) -> None:
        """Back to the start of this step, or to the step before when just past its start."""
        with self._lock:
            if self._status in OVER:
                return
            offset = self._offset(self._clock.now())
            step = self.steps[self._course.step_index_at(offset)]
            if offset - step.start < PREVIOUS_GRACE and step.index > 0:
                self._jump_to(self.steps[step.index - 1].start, "previous")
            else:
                self._jump_to(step.start, "restart")

    def done(self) -> None:
        """End an open reps step ("Press d when you have finished.")."""
        with self._lock:
            if self._status not in (Status.PLAYING, Status.PAUSED):
                return
            segment = self._course.segment_at(self._offset(self._clock.now()))
            if segment is not None and segment.kind is SegmentKind.OPEN:
                self._jump_to(segment.end, "done")

    def repeat(self) -> None:
        """Say the current exercise's starting position and instructions again."""
        with self._lock:
            exercise = self._course.exercise_at(self._offset(self._clock.now()))
            if exercise is not None:
                lines = [t for t in (exercise.position, exercise.instructions) if t]
                self._say(lines, CueKind.INSTRUCTIONS)

    def current_exercise(self) -> Exercise | None:
        """The exercise under way (or announced, before its countdown); None between."""
        with self._lock:
            return self._course.exercise_at(self._offset(self._clock.now()))

    def do_instead(self, name: str, exercise: Exercise) -> None:
        """From now on the exercise named `name` is done as `exercise` (an easier or harder
        form): `repeat` says its position and instructions. The timing stays."""
        with self._lock:
            self._course.exercises[name] = exercise

    def exercises_by_name(self) -> dict[str, Exercise]:
        """The exercises by the name the timeline knows them by (as done now)."""
        with self._lock:
            return dict(self._course.exercises)

    def say(self, texts: list[str]) -> None:
        """Say `texts` now, one after the other (a level change, a check-in question)."""
        with self._lock:
            self._say([t for t in texts if t], CueKind.INSTRUCTIONS)

    def say_next(self) -> None:
        """Say what comes next ("Next: Bird dog"), or that this is the last exercise."""
        with self._lock:
            name = self._course.next_up(self._offset(self._clock.now()))
            phrases = self._voice.phrases
            self._say(
                [phrases.next_up(name) if name else phrases.last_exercise()], CueKind.ANNOUNCE
            )

    def say_time_left(self) -> None:
        """Say the time left, and of what: the work, hold or rest under way, otherwise the
        session."""
        with self._lock:
            left, of = self._course.time_left(self._offset(self._clock.now()))
            self._say([self._voice.phrases.time_left(left, of)], CueKind.ANNOUNCE)

    def stop(self) -> None:
        """Stop for good (the journal keeps what was done; the session can be resumed)."""
        with self._lock:
            if self._status in OVER:
                return
            now = self._clock.now()
            self._held = self._offset(now)
            self._voice.silence()
            self._halt(now, Status.STOPPED)
            self._emit(ev.Stopped(self._played.read(now), self._step_at_held()))

    # ------------------------------------------------------------------ running

    def poll(self) -> list[ev.Event]:
        """Fire everything due up to `clock.now()`; return what happened since the last poll."""
        with self._lock:
            now = self._clock.now()
            if self._status in (Status.PLAYING, Status.PAUSED):
                self._voice.fire(now)
            if self._status is Status.PLAYING:
                self._advance(now)
            self._voice.sounding()
            events, self._pending = self._pending, []
            return events

    def next_deadline(self) -> float | None:
        """The clock time something is next due, or None when nothing is (paused, over)."""
        with self._lock:
            return self._next_deadline()

    def wait(self, generation: int, timeout: float | None = None) -> None:
        """Block until the next deadline, or until a command changes the session.

        `generation` is what `generation()` returned before the caller's last `poll()`;
        a command since then returns at once. The wait itself is in real time. (Spinning
        the last milliseconds was tried: on a loaded machine it made the worst case worse.)
        """
        with self._changed:
            if self._generation != generation or self._pending:
                return
            deadline = self._next_deadline()
            wait = None if deadline is None else deadline - self._clock.now()
            if wait is not None and wait <= 0:
                return
            if timeout is not None:
                wait = timeout if wait is None else min(wait, timeout)
            self._changed.wait(wait)

    def drain(self, timeout: float = 3.0) -> None:
        """Wait (real time, at most `timeout`) until what is sounding has finished."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                if not self._voice.sounding():
                    return
            time.sleep(0.02)

    def generation(self) -> int:
        with self._lock:
            return self._generation

    def wake(self) -> None:
        """Make a `wait()` in another thread return (e.g. to shut a runner down)."""
        with self._lock:
            self._wake()

    @property
    def started_at(self) -> float | None:
        """The clock time `start()` was called (recorders place sounds from here)."""
        with self._lock:
            return self._voice.started_at

    @property
    def ended_at(self) -> float | None:
        """The clock time the session reached its end (None unless it finished)."""
        with self._lock:
            finished = self._status is Status.FINISHED
            return self._origin + self._course.total if finished else None

    @property
    def status(self) -> Status:
        with self._lock:
            return self._status

    def state_is_over(self) -> bool:
        """Finished or stopped, with every event handed out by `poll()`."""
        with self._lock:
            return self._status in OVER and not self._pending

    def state(self) -> SessionState:
        with self._lock:
            now = self._clock.now()
            offset, elapsed = self._offset(now), self._played.read(now)
            return self._course.state(self._status, offset, elapsed, lead_in=self._leading_in(now))

    # ------------------------------------------------------------------ inside

    def _emit(self, event: ev.Event) -> None:
        self._pending.append(event)
        for subscriber in list(self._subscribers):
            try:
                subscriber(event)
            except Exception as error:  # the session goes on without it
                self._subscribers.remove(subscriber)
                self._pending.append(ev.Warning(str(error)))

    def _wake(self) -> None:
        self._generation += 1
        self._changed.notify_all()

    def _reached(self, offset: float, now: float) -> bool:
        """Whether the clock, at `now`, has reached timeline `offset` while playing.

        Every comparison of the clock with a deadline or a place goes through here, with
        the one tolerance (EPSILON) for float rounding.
        """
        return offset <= now - self._origin + EPSILON

    def _leading_in(self, now: float) -> bool:
        """ "Get ready" and its countdown after a pause are playing: the clock has not reached
        the place the session was paused at yet."""
        return self._status is Status.PLAYING and not self._reached(self._held, now)

    def _offset(self, now: float) -> float:
        if self._status is Status.PLAYING:
            return min(max(now - self._origin, self._held), self._course.total)
        if self._status is Status.FINISHED:
            return self._course.total
        return self._held

    def _halt(self, now: float, status: Status) -> None:
        """Stop the playing clock at `now` (pause, stop, the end) and wake the waiters."""
        self._played.stop(now)
        self._status = status
        self._wake()

    def _run(self, now: float) -> None:
        """Start the playing clock at `now` (start, resume) and wake the waiters."""
        self._played.start(now)
        self._status = Status.PLAYING
        self._wake()

    def _step_at_held(self) -> int | None:
        return self._course.step_index_at(self._held) if self.steps else None

    def _next_deadline(self) -> float | None:
        deadlines: list[float] = []
        due = self._voice.next_due()
        if self._status in (Status.PLAYING, Status.PAUSED) and due is not None:
            deadlines.append(due)
        if self._status is Status.PLAYING:
            first = min(self._course.total, *self._head.due(self._lead))
            deadlines.append(self._origin + max(first, self._held - self._lead))
        return min(deadlines) if deadlines else None

    def _place(self, offset: float, *, finish_at_target: bool) -> None:
        """Set every cursor for playing on from `offset` (the origin is set by the caller)."""
        self._held = offset
        self._head.place(offset, finish_at_target=finish_at_target)
        self._step_active_start = self._played.read(self._clock.now())

    def _jump_to(self, offset: float, command: str) -> None:
        """`next`, `previous`, `restart` or `done` (which keeps the step's own clock, and
        finishes a step whose work ends at `offset`)."""
        now = self._clock.now()
        self._voice.silence()
        step_active_start = self._step_active_start
        self._place(offset, finish_at_target=command == "done")
        if command == "done":
            self._step_active_start = step_active_start
        if self._status is Status.PLAYING:
            self._origin = now - offset
        step = self._course.step_at(offset)
        if step is not None:
            self._emit(ev.Jumped(step, offset, command))
            if self._status is Status.PAUSED and step.exercise:
                self._say([self._voice.phrases.next_up(step.exercise)], CueKind.ANNOUNCE)
        self._wake()

    def _say(self, texts: list[str], kind: CueKind) -> None:
        if self._status not in OVER and texts:
            self._voice.say(texts, kind)
            self._wake()

    def _advance(self, now: float) -> None:
        """Fire cues and announce segments, steps and the end, in time order, up to now."""
        offset, head = now - self._origin, self._head
        while True:
            t_finish, t_segment, t_cue = head.due(self._lead)
            t = min(t_finish, t_segment, t_cue)
            if t == float("inf") or not self._reached(t, now):
                break
            if t == t_finish:
                self._finish_step(head.take_finish(), now)
            elif t == t_segment:
                segment = head.take_segment()
                self._emit(ev.SegmentStarted(segment, head.segment))
                for step in head.take_steps(segment.start):
                    self._step_active_start = self._played.read(now)
                    self._emit(ev.StepStarted(step))
            else:
                cue = head.take_cue()
                late = offset - cue.at
                leading_in = self._leading_in(self._clock.now())
                played = late <= STALE_AFTER and self._voice.play_cue(
                    cue, now, leading_in=leading_in
                )
                self._emit(ev.CueFired(cue, played, late=late))
        if self._status is Status.PLAYING and self._reached(self._course.total, now):
            self._finish(now)

    def _finish_step(self, step: SessionStep, now: float) -> None:
        seconds = max(self._played.read(now) - self._step_active_start, 0.0)
        if step.index != self._head.step:
            seconds = step.work_end - step.start
        self._emit(ev.StepFinished(step, seconds, self._played.read(now)))

    def _finish(self, now: float) -> None:
        self._held = self._course.total
        self._voice.forget()
        self._halt(now, Status.FINISHED)
        self._emit(ev.Finished(self._played.read(now), self._step_at_held()))
