"""The session engine: plays a timeline's cues at their deadlines on a clock, under commands.

Deadlines are offsets from a session origin on the injected clock; pausing and jumping move
the origin, nothing is counted in ticks. The engine never sleeps: `poll()` fires what is due
and `next_deadline()` says when to poll again (`SessionRunner` does that in a thread; tests
do it with a `FakeClock`). Every public method is thread-safe.
"""

from __future__ import annotations

import contextlib
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from player.routine.model import Exercise, Routine
from player.session import events as ev
from player.session.clock import Clock
from player.session.state import SessionState, Status
from player.session.steps import Step, steps_of
from player.sound.base import Clip, Output, Playback, output_latency
from player.timeline.model import (
    TONE_DURATIONS,
    Cue,
    CueKind,
    Priority,
    Segment,
    SegmentKind,
    Timeline,
    Tone,
)

# A cue more than this late (the process was stopped, the machine slept) is skipped rather
# than played out of place.
STALE_AFTER = 1.0
# `previous` within this many seconds of a step's start goes to the step before it.
PREVIOUS_GRACE = 3.0
# After a pause: "Get ready", then this many counts one second apart, then the step goes on.
LEAD_IN_COUNTS = 3
GAP = 0.3  # silence after an on-demand line before the next one
# An on-demand line whose clip is still rendering ("12 seconds left") is tried again until
# it is ready, for at most this long; timeline cues are never waited for.
ON_DEMAND_PATIENCE = 2.0
RETRY = 0.05

# Clock arithmetic is off by float rounding: setting the origin to `now - x` and reading
# `now - origin` back can give a hair less than `x`. A deadline this close counts as
# reached — in one place, `Session._reached` — so a poll at exactly a deadline always
# makes progress, and a session started (or resumed) at `x` is at `x`, not just before it.
EPSILON = 1e-6

WORK_KINDS = {SegmentKind.WORK, SegmentKind.HOLD, SegmentKind.OPEN}

# When speech stops working, these tones stand in for the lines that carry timing.
SPEECH_STAND_IN: dict[CueKind, Tone] = {
    CueKind.COUNT: Tone.TICK,
    CueKind.GO: Tone.GO,
    CueKind.REST: Tone.REST,
    CueKind.STOP: Tone.REST,
    CueKind.SWITCH: Tone.SWITCH,
    CueKind.OUTRO: Tone.FINISH,
}


# What `t` tells the time left of, in each kind of segment (others: the session).
_TIME_LEFT_OF: dict[SegmentKind, str] = {
    SegmentKind.WORK: "work",
    SegmentKind.OPEN: "work",
    SegmentKind.HOLD: "hold",
    SegmentKind.REST: "rest",
    SegmentKind.REST_REPS: "rest",
    SegmentKind.REST_SETS: "rest",
    SegmentKind.REST_ROUNDS: "rest",
}


class SessionPhrases(Protocol):
    """The on-demand lines the engine says (`player.timeline.phrases` provides them)."""

    def get_ready(self) -> str: ...
    def count(self, number: int) -> str: ...
    def next_up(self, name: str) -> str: ...
    def last_exercise(self) -> str: ...
    def time_left(self, seconds: float, of: str = "session") -> str: ...


class Journal(Protocol):
    """Where finished steps and the session's end are recorded (`player.history`)."""

    def step_finished(self, step: Step, seconds: float, elapsed: float) -> None: ...
    def ended(self, status: str, elapsed: float, at_step: int | None = None) -> None: ...


ClipSource = Mapping[str, Clip] | Callable[[str], Clip | None]


@dataclass(frozen=True, slots=True)
class _Line:
    """An on-demand sound due at a clock time (not part of the timeline)."""

    due: float
    cue: Cue
    patience: float = 0.0  # clock time until which a missing clip is waited for


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
        journal: Journal | None = None,
        routine: Routine | None = None,
        tones_only: bool = False,
    ) -> None:
        """`tones_only`: there is no speech from the start (the caller has said why), so the
        lines that carry timing play as tones (`SPEECH_STAND_IN`) without a warning."""
        self.timeline = timeline
        self.steps: tuple[Step, ...] = steps_of(timeline)
        self._clock = clock
        self._output = output
        self._clips = clips
        self._tones = tones
        self._phrases = phrases
        self._journal = journal
        self._exercises: dict[str, Exercise] = (
            {e.name: e for e in routine.exercises()} if routine else {}
        )
        self._cues = timeline.cues
        self._cue_at = [c.at for c in self._cues]
        self._lead = 0.0  # the output's latency: cues are played this much early
        self._segment_start = [s.start for s in timeline.segments]
        self._total = timeline.total

        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._generation = 0

        self._status = Status.READY
        self._origin = 0.0  # clock time of timeline offset 0, while playing
        self._held = 0.0  # the offset while ready or paused; the floor during a lead-in
        self._next_cue = 0
        self._segment = -1  # index of the last segment announced by SegmentStarted
        self._step = -1  # index of the last step announced by StepStarted
        self._next_finish = 0  # first step whose finishing has not been passed
        self._step_active_start = 0.0  # active time when the current step was entered
        self._lines: list[_Line] = []
        self._playing: list[Playback] = []
        self._on_demand: list[Playback] = []  # what on-demand lines are sounding
        self._speaking: list[tuple[float, Playback]] = []  # timeline speech: (cue offset, it)
        self._pending: list[ev.Event] = []
        self._started_at: float | None = None  # clock time of start(), for recorders
        self._active_total = 0.0  # time played before the current playing stretch
        self._active_since: float | None = None
        self._speech_failed = tones_only
        self._audio_failed = False

    # ------------------------------------------------------------------ commands

    def start(self, from_offset: float = 0.0) -> None:
        """Start playing at `from_offset` (0, or a step's start when resuming)."""
        with self._lock:
            if self._status is not Status.READY:
                return
            now = self._clock.now()
            self._started_at = now
            # A cue is played this much before its place, so that it is heard there.
            self._lead = output_latency(self._output)
            self._status = Status.PLAYING
            self._active_since = now
            self._place(min(max(from_offset, 0.0), self._total), finish_at_target=False)
            self._origin = now - self._held + self._lead  # heard from `lead` on
            self._wake()

    def pause(self) -> None:
        with self._lock:
            if self._status is not Status.PLAYING:
                return
            now = self._clock.now()
            self._held = self._offset(now)
            self._lines.clear()
            self._cut()
            self._active_total = self._active(now)
            self._active_since = None
            self._status = Status.PAUSED
            self._pending.append(ev.Paused(self._held))
            self._wake()

    def resume(self) -> None:
        """Go on after a pause: "Get ready", a short countdown, then the rest of the step.

        The lead-in is extra time: the step does not lose any of its own.
        """
        with self._lock:
            if self._status is not Status.PAUSED:
                return
            now = self._clock.now()
            segment = self._segment_at(self._held)
            if segment is not None and segment.kind is SegmentKind.COUNTDOWN:
                # The lead-in's countdown stands in for the rest of this one.
                self._place(segment.end, finish_at_target=False)
            self._cut()
            lead_in = self._schedule_lead_in(now, segment)
            self._origin = now + lead_in - self._held
            self._status = Status.PLAYING
            self._active_since = now
            self._pending.append(ev.Resumed(self._held, lead_in))
            self._wake()

    def toggle_pause(self) -> None:
        with self._lock:
            if self._status is Status.PLAYING:
                self.pause()
            elif self._status is Status.PAUSED:
                self.resume()

    def next(self) -> None:
        """Jump to the start of the next step (after the last one: the end)."""
        with self._lock:
            if self._status in (Status.FINISHED, Status.STOPPED):
                return
            current = self._step_index_at(self._offset(self._clock.now()))
            if current + 1 < len(self.steps):
                self._jump(self.steps[current + 1], "next")
            else:
                self._jump_to(self._total, "next", finish_at_target=False)

    def previous(self) -> None:
        """Back to the start of this step, or to the step before when just past its start."""
        with self._lock:
            if self._status in (Status.FINISHED, Status.STOPPED):
                return
            offset = self._offset(self._clock.now())
            current = self._step_index_at(offset)
            step = self.steps[current]
            if offset - step.start < PREVIOUS_GRACE and current > 0:
                self._jump(self.steps[current - 1], "previous")
            else:
                self._jump(step, "restart")

    def done(self) -> None:
        """End an open reps step ("Press d when you have finished.")."""
        with self._lock:
            if self._status not in (Status.PLAYING, Status.PAUSED):
                return
            offset = self._offset(self._clock.now())
            segment = self._segment_at(offset)
            if segment is None or segment.kind is not SegmentKind.OPEN:
                return
            self._jump_to(segment.end, "done", finish_at_target=True)

    def repeat(self) -> None:
        """Say the current exercise's starting position and instructions again."""
        with self._lock:
            exercise = self._current_exercise()
            if exercise is None:
                return
            lines = [t for t in (exercise.position, exercise.instructions) if t]
            self._say(lines, CueKind.INSTRUCTIONS)

    def current_exercise(self) -> Exercise | None:
        """The exercise under way (or announced, before its countdown); None between."""
        with self._lock:
            return self._current_exercise()

    def do_instead(self, name: str, exercise: Exercise) -> None:
        """From now on the exercise named `name` is done as `exercise` (an easier or harder
        form): `repeat` says its position and instructions. The timing stays."""
        with self._lock:
            self._exercises[name] = exercise

    def exercises_by_name(self) -> dict[str, Exercise]:
        """The exercises by the name the timeline knows them by (as done now)."""
        with self._lock:
            return dict(self._exercises)

    def say(self, texts: list[str]) -> None:
        """Say `texts` now, one after the other (a level change, a check-in question)."""
        with self._lock:
            self._say([t for t in texts if t], CueKind.INSTRUCTIONS)

    def say_next(self) -> None:
        """Say what comes next ("Next: Bird dog"), or that this is the last exercise."""
        with self._lock:
            name = self._next_up(self._offset(self._clock.now()))
            text = self._phrases.next_up(name) if name else self._phrases.last_exercise()
            self._say([text], CueKind.ANNOUNCE)

    def say_time_left(self) -> None:
        """Say the time left, and of what: the work, hold or rest under way, otherwise the
        session."""
        with self._lock:
            offset = self._offset(self._clock.now())
            segment = self._segment_at(offset)
            of = _TIME_LEFT_OF.get(segment.kind, "session") if segment else "session"
            left = (segment.end if segment and of != "session" else self._total) - offset
            self._say([self._phrases.time_left(max(left, 0.0), of)], CueKind.ANNOUNCE)

    def stop(self) -> None:
        """Stop for good (the journal keeps what was done; the session can be resumed)."""
        with self._lock:
            if self._status in (Status.FINISHED, Status.STOPPED):
                return
            now = self._clock.now()
            if self._status is Status.PLAYING:
                self._held = self._offset(now)
            self._active_total = self._active(now)
            self._active_since = None
            self._lines.clear()
            self._cut()
            self._status = Status.STOPPED
            self._record_end("stopped")
            self._pending.append(ev.Stopped(self._active_total))
            self._wake()

    # ------------------------------------------------------------------ running

    def poll(self) -> list[ev.Event]:
        """Fire everything due up to `clock.now()`; return what happened since the last poll."""
        with self._lock:
            now = self._clock.now()
            if self._status in (Status.PLAYING, Status.PAUSED):
                self._fire_lines(now)
            if self._status is Status.PLAYING:
                self._advance(now)
            self._playing = [p for p in self._playing if _still_playing(p)]
            self._on_demand = [p for p in self._on_demand if p in self._playing]
            self._speaking = [(at, p) for at, p in self._speaking if p in self._playing]
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
            wait: float | None = None
            if deadline is not None:
                wait = deadline - self._clock.now()
                if wait <= 0:
                    return
            if timeout is not None:
                wait = timeout if wait is None else min(wait, timeout)
            self._changed.wait(wait)

    def drain(self, timeout: float = 3.0) -> None:
        """Wait (real time, at most `timeout`) until what is sounding has finished."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self._lock:
                self._playing = [p for p in self._playing if _still_playing(p)]
                if not self._playing:
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
            return self._started_at

    @property
    def ended_at(self) -> float | None:
        """The clock time the session reached its end (None unless it finished)."""
        with self._lock:
            return self._origin + self._total if self._status is Status.FINISHED else None

    @property
    def status(self) -> Status:
        with self._lock:
            return self._status

    def state_is_over(self) -> bool:
        """Finished or stopped, with every event handed out by `poll()`."""
        with self._lock:
            return self._status in (Status.FINISHED, Status.STOPPED) and not self._pending

    def state(self) -> SessionState:
        with self._lock:
            now = self._clock.now()
            offset = self._offset(now)
            index = self._segment_index_at(offset)
            segment = self.timeline.segments[index] if index is not None else None
            step = self.steps[self._step_index_at(offset)] if self.steps else None
            name = (segment.exercise if segment else None) or (step.exercise if step else None)
            exercise = self._exercises.get(name) if name else None
            return SessionState(
                status=self._status,
                offset=offset,
                elapsed=self._active(now),
                total=self._total,
                segment=segment,
                segment_index=index,
                segment_elapsed=offset - segment.start if segment else 0.0,
                segment_left=segment.end - offset if segment else 0.0,
                step_index=step.index if step else None,
                step_count=len(self.steps),
                section=segment.section if segment else None,
                section_kind=segment.section_kind if segment else None,
                exercise=name,
                position=exercise.position if exercise else "",
                instructions=exercise.instructions if exercise else "",
                set=segment.set if segment else None,
                sets=segment.sets if segment else None,
                side=segment.side if segment else None,
                rep=segment.rep if segment else None,
                reps=segment.reps if segment else None,
                step_elapsed=offset - step.start if step else 0.0,
                step_left=step.end - offset if step else 0.0,
                session_left=self._total - offset,
                next_up=self._next_up(offset),
                lead_in=self._leading_in(now),
            )

    # ------------------------------------------------------------------ inside

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
            return min(max(now - self._origin, self._held), self._total)
        if self._status is Status.FINISHED:
            return self._total
        return self._held

    def _active(self, now: float) -> float:
        if self._active_since is None:
            return self._active_total
        return self._active_total + (now - self._active_since)

    def _next_deadline(self) -> float | None:
        deadlines: list[float] = []
        if self._status in (Status.PLAYING, Status.PAUSED) and self._lines:
            deadlines.append(min(line.due for line in self._lines))
        if self._status is Status.PLAYING:
            candidates = [self._total]
            if self._next_cue < len(self._cues):
                candidates.append(self._cue_at[self._next_cue] - self._lead)
            if self._segment + 1 < len(self.timeline.segments):
                candidates.append(self.timeline.segments[self._segment + 1].start)
            if self._next_finish < len(self.steps):
                candidates.append(self.steps[self._next_finish].work_end)
            deadlines.append(self._origin + max(min(candidates), self._held - self._lead))
        return min(deadlines) if deadlines else None

    def _segment_index_at(self, offset: float) -> int | None:
        if not self._segment_start:
            return None
        index = bisect_right(self._segment_start, offset) - 1
        return max(0, min(index, len(self._segment_start) - 1))

    def _segment_at(self, offset: float) -> Segment | None:
        index = self._segment_index_at(offset)
        return None if index is None else self.timeline.segments[index]

    def _step_index_at(self, offset: float) -> int:
        offset += EPSILON  # the one tolerance: a step's own start is in it, float-rounded
        for step in self.steps:
            if step.start <= offset < step.end:
                return step.index
        return len(self.steps) - 1 if self.steps and offset >= self._total else 0

    def _current_exercise(self) -> Exercise | None:
        offset = self._offset(self._clock.now())
        segment = self._segment_at(offset)
        name = segment.exercise if segment else None
        if name is None and self.steps:
            name = self.steps[self._step_index_at(offset)].exercise
        return self._exercises.get(name) if name else None

    def _next_up(self, offset: float) -> str | None:
        current = self._step_index_at(offset) if self.steps else 0
        for step in self.steps[current + 1 :]:
            if step.exercise is not None:
                return step.exercise
        return None

    def _place(self, offset: float, *, finish_at_target: bool) -> None:
        """Set every pointer for playing on from `offset` (the origin is set by the caller)."""
        self._held = offset
        self._next_cue = bisect_left(self._cue_at, offset)
        index = self._segment_index_at(offset)
        self._segment = -1 if index is None else index - 1
        self._next_finish = 0
        for step in self.steps:
            # A step whose work ends exactly here finished only when `done` brought us here.
            if step.work_end < offset or (not finish_at_target and step.work_end <= offset):
                self._next_finish = step.index + 1
        step_index = self._step_index_at(offset) if self.steps else 0
        starts_step = bool(self.steps) and self.steps[step_index].start >= offset
        self._step = step_index - 1 if starts_step else step_index
        self._step_active_start = self._active(self._clock.now())

    def _jump(self, step: Step, command: str) -> None:
        self._jump_to(step.start, command, finish_at_target=False)

    def _jump_to(self, offset: float, command: str, *, finish_at_target: bool) -> None:
        now = self._clock.now()
        self._lines.clear()
        self._cut()
        keep_step_clock = command == "done"
        step_active_start = self._step_active_start
        self._place(offset, finish_at_target=finish_at_target)
        if keep_step_clock:
            self._step_active_start = step_active_start
        if self._status is Status.PLAYING:
            self._origin = now - offset
        step = self.steps[self._step_index_at(offset)] if self.steps else None
        if step is not None:
            self._pending.append(ev.Jumped(step, offset, command))
            if self._status is Status.PAUSED and step.exercise:
                self._say([self._phrases.next_up(step.exercise)], CueKind.ANNOUNCE)
        self._wake()

    def _schedule_lead_in(self, now: float, segment: Segment | None) -> float:
        """Queue "Get ready" and a short countdown from `now`; return its length."""
        ready = self._phrases.get_ready()
        clip = self._speech(ready)
        t = now
        self._lines.append(_Line(t, _speech_cue(ready, CueKind.ANNOUNCE, clip)))
        t += max((clip.duration if clip else 0.0) + GAP, 1.0)
        for n in range(LEAD_IN_COUNTS, 0, -1):
            self._lines.append(_Line(t, _tone_cue(Tone.TICK, CueKind.COUNT)))
            text = self._phrases.count(n)
            self._lines.append(_Line(t, _speech_cue(text, CueKind.COUNT, self._speech(text))))
            t += 1.0
        goes_on_with_work = segment is not None and segment.kind in WORK_KINDS
        has_own_cue = self._next_cue < len(self._cues) and self._cue_at[self._next_cue] <= (
            self._held + EPSILON
        )
        if goes_on_with_work and not has_own_cue:
            self._lines.append(_Line(t, _tone_cue(Tone.GO, CueKind.GO)))
        return t - now

    def _say(self, texts: list[str], kind: CueKind) -> None:
        """Say `texts` one after the other, starting now (cutting whatever is speaking)."""
        if self._status in (Status.FINISHED, Status.STOPPED) or not texts:
            return
        self._cut()
        self._lines = [line for line in self._lines if line.cue.kind is CueKind.COUNT]
        now = t = self._clock.now()
        for text in texts:
            clip = self._speech(text)
            self._lines.append(_Line(t, _speech_cue(text, kind, clip), now + ON_DEMAND_PATIENCE))
            t += (clip.duration if clip else 0.0) + GAP
        self._fire_lines(self._clock.now())
        self._wake()

    def _fire_lines(self, now: float) -> None:
        due = sorted((line for line in self._lines if line.due <= now), key=lambda x: x.due)
        self._lines = [line for line in self._lines if line.due > now]
        for n, line in enumerate(due):
            text = line.cue.text
            if text is not None and now < line.patience and self._speech(text) is None:
                # Not rendered yet: try again shortly, holding back every line after it.
                delay = now + RETRY - line.due
                later = due[n:] + self._lines
                self._lines = [_Line(x.due + delay, x.cue, x.patience) for x in later]
                return
            played = self._play(line.cue, now, on_demand=True)
            self._pending.append(ev.CueFired(line.cue, played, late=now - line.due, on_demand=True))

    def _advance(self, now: float) -> None:
        """Fire cues and announce segments, steps and the end, in time order, up to now."""
        offset = now - self._origin
        segments = self.timeline.segments
        while True:
            t_finish = (
                self.steps[self._next_finish].work_end
                if self._next_finish < len(self.steps)
                else float("inf")
            )
            t_segment = (
                segments[self._segment + 1].start
                if self._segment + 1 < len(segments)
                else float("inf")
            )
            t_cue = (
                self._cue_at[self._next_cue] - self._lead
                if self._next_cue < len(self._cues)
                else float("inf")
            )
            t = min(t_finish, t_segment, t_cue)
            if t == float("inf") or not self._reached(t, now):
                break
            if t == t_finish:
                self._finish_step(self.steps[self._next_finish], now)
                self._next_finish += 1
            elif t == t_segment:
                self._segment += 1
                self._pending.append(ev.SegmentStarted(segments[self._segment], self._segment))
                self._enter_steps(segments[self._segment].start, now)
            else:
                cue = self._cues[self._next_cue]
                self._next_cue += 1
                late = offset - cue.at
                if cue.text is not None and late <= STALE_AFTER:
                    self._quiet_on_demand()  # the timeline's lines are never talked over
                if cue.priority is Priority.TIMING and late <= STALE_AFTER:
                    self._hush_before(cue.at)  # ... and nothing talks over a count or "Go"
                played = late <= STALE_AFTER and self._play(cue, now)
                self._pending.append(ev.CueFired(cue, played, late=late))
        if self._status is Status.PLAYING and self._reached(self._total, now):
            self._finish(now)

    def _enter_steps(self, offset: float, now: float) -> None:
        while self._step + 1 < len(self.steps) and self.steps[self._step + 1].start <= offset:
            self._step += 1
            self._step_active_start = self._active(now)
            self._pending.append(ev.StepStarted(self.steps[self._step]))

    def _finish_step(self, step: Step, now: float) -> None:
        seconds = max(self._active(now) - self._step_active_start, 0.0)
        if step.index != self._step:
            seconds = step.work_end - step.start
        self._pending.append(ev.StepFinished(step, seconds))
        if self._journal is not None:
            try:
                self._journal.step_finished(step, seconds, self._active(now))
            except Exception as error:  # the session goes on without a journal
                self._journal_failed(error)

    def _finish(self, now: float) -> None:
        self._active_total = self._active(now)
        self._active_since = None
        self._status = Status.FINISHED
        self._held = self._total
        self._lines.clear()
        self._record_end("finished")
        self._pending.append(ev.Finished(self._active_total))
        self._wake()

    def _record_end(self, status: str) -> None:
        if self._journal is None:
            return
        try:
            at_step = self._step_index_at(self._held) if self.steps else None
            self._journal.ended(status, self._active_total, at_step)
        except Exception as error:  # the session is over either way
            self._journal_failed(error)

    def _journal_failed(self, error: Exception) -> None:
        self._journal = None
        self._pending.append(ev.Warning(str(error)))

    def _speech(self, text: str) -> Clip | None:
        if self._speech_failed:
            return None
        try:
            if callable(self._clips):
                return self._clips(text)
            return self._clips.get(text)
        except Exception as error:  # speech broke mid-session: tones from now on
            self._speech_failed = True
            self._pending.append(ev.Warning(f"speech stopped working ({error}): tones instead"))
            return None

    def _quiet_on_demand(self) -> None:
        if self._now_leading_in():
            return
        self._lines.clear()
        for playback in self._on_demand:
            with contextlib.suppress(Exception):
                playback.stop()
        self._on_demand.clear()

    def _hush_before(self, at: float) -> None:
        """Stop timeline speech that began before offset `at` and is still going: a clip
        longer than planned (on a cold cache the timeline is timed by estimates) is cut
        rather than laid over a timing cue."""
        keep: list[tuple[float, Playback]] = []
        for started, playback in self._speaking:
            if not _still_playing(playback):
                continue
            if started < at - EPSILON:
                with contextlib.suppress(Exception):
                    playback.stop()
            else:
                keep.append((started, playback))
        self._speaking = keep

    def _now_leading_in(self) -> bool:
        return self._leading_in(self._clock.now())

    def _play(self, cue: Cue, now: float, *, on_demand: bool = False) -> bool:
        clip: Clip | None
        if cue.tone is not None:
            clip = self._tones.get(cue.tone)
        else:
            clip = self._speech(cue.text or "")
            if clip is None and self._speech_failed and cue.kind in SPEECH_STAND_IN:
                clip = self._tones.get(SPEECH_STAND_IN[cue.kind])
        if clip is None or self._audio_failed:
            return False
        at = now - (self._started_at if self._started_at is not None else now)
        try:
            playback = self._output.play(clip, at)
        except Exception as error:  # the device went away: play on silently
            self._audio_failed = True
            self._pending.append(ev.Warning(f"audio stopped working ({error}): playing silently"))
            return False
        self._playing.append(playback)
        if on_demand:
            self._on_demand.append(playback)
        elif cue.tone is None and not self._speech_failed:
            self._speaking.append((cue.at, playback))
        return True

    def _cut(self) -> None:
        """Stop whatever is sounding, at once."""
        for playback in self._playing:
            with contextlib.suppress(Exception):  # one that cannot stop has stopped
                playback.stop()
        self._playing.clear()
        self._on_demand.clear()
        self._speaking.clear()


def _still_playing(playback: Playback) -> bool:
    try:
        return playback.is_playing()
    except Exception:
        return False


def _speech_cue(text: str, kind: CueKind, clip: Clip | None) -> Cue:
    duration = clip.duration if clip else 0.0
    return Cue(at=0.0, kind=kind, priority=Priority.NORMAL, duration=duration, text=text)


def _tone_cue(tone: Tone, kind: CueKind) -> Cue:
    return Cue(
        at=0.0, kind=kind, priority=Priority.TIMING, duration=TONE_DURATIONS[tone], tone=tone
    )
