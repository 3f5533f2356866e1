"""The course of a session: its segments, steps and exercises by offset, and the playhead.

`Course` is lookups over one timeline (no clock, no sound), for the engine and its `state()`:
which segment and which step an offset is in, what exercise is under way and what comes
next, and what `t` tells the time left of. The exercises are kept by the name the timeline
knows them by; `swap` puts an easier or harder form in one's place (`Session.do_instead`).
`Playhead` is the engine's cursors along the course.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from player.routine.model import Exercise, Routine
from player.session.clock import EPSILON
from player.session.state import SessionState, Status
from player.session.steps import SessionStep, steps_of
from player.timeline.model import Cue, Segment, SegmentKind, Timeline

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


class Course:
    """One timeline's places (see the module docstring)."""

    def __init__(self, timeline: Timeline, routine: Routine | None = None) -> None:
        self.timeline = timeline
        self.segments = timeline.segments
        self.steps: tuple[SessionStep, ...] = steps_of(timeline)
        self.cues = timeline.cues
        self.cue_at = [c.at for c in self.cues]
        self.total = timeline.total
        self._segment_start = [s.start for s in timeline.segments]
        self.exercises: dict[str, Exercise] = (
            {e.name: e for e in routine.exercises()} if routine else {}
        )

    def first_cue_from(self, offset: float) -> int:
        """The index of the first cue at or after `offset`."""
        return bisect_left(self.cue_at, offset)

    def segment_index_at(self, offset: float) -> int | None:
        if not self._segment_start:
            return None
        index = bisect_right(self._segment_start, offset) - 1
        return max(0, min(index, len(self._segment_start) - 1))

    def segment_at(self, offset: float) -> Segment | None:
        index = self.segment_index_at(offset)
        return None if index is None else self.segments[index]

    def step_index_at(self, offset: float) -> int:
        """The step `offset` is in (the last one at or after the end; 0 without steps)."""
        offset += EPSILON  # the one tolerance: a step's own start is in it, float-rounded
        for step in self.steps:
            if step.start <= offset < step.end:
                return step.index
        return len(self.steps) - 1 if self.steps and offset >= self.total else 0

    def step_number(self, offset: float) -> int | None:
        """The index of the step `offset` is in (None: a timeline without steps)."""
        return self.step_index_at(offset) if self.steps else None

    def step_at(self, offset: float) -> SessionStep | None:
        return self.steps[self.step_index_at(offset)] if self.steps else None

    def exercise_name_at(self, offset: float) -> str | None:
        """The exercise under way at `offset` (or announced, before its countdown)."""
        segment = self.segment_at(offset)
        name = segment.exercise if segment else None
        if name is None and self.steps:
            name = self.steps[self.step_index_at(offset)].exercise
        return name

    def swap(self, exercise: Exercise, variant: Exercise) -> None:
        """From now on `exercise` is done as `variant`, under every name it is known by."""
        for name, current in list(self.exercises.items()):
            if current is exercise:
                self.exercises[name] = variant

    def exercise_at(self, offset: float) -> Exercise | None:
        name = self.exercise_name_at(offset)
        return self.exercises.get(name) if name else None

    def next_up(self, offset: float) -> str | None:
        """The name of the next exercise after the step at `offset`; None at the last one."""
        current = self.step_index_at(offset) if self.steps else 0
        for step in self.steps[current + 1 :]:
            if step.exercise is not None:
                return step.exercise
        return None

    def time_left(self, offset: float) -> tuple[float, str]:
        """The seconds left, and of what: the work, hold or rest under way, else the session."""
        segment = self.segment_at(offset)
        of = _TIME_LEFT_OF.get(segment.kind, "session") if segment else "session"
        left = (segment.end if segment and of != "session" else self.total) - offset
        return max(left, 0.0), of

    def state(
        self, status: Status, offset: float, elapsed: float, *, lead_in: bool
    ) -> SessionState:
        """What a screen shows at `offset` (see `SessionState`)."""
        index = self.segment_index_at(offset)
        segment = self.segments[index] if index is not None else None
        step = self.step_at(offset)
        name = (segment.exercise if segment else None) or (step.exercise if step else None)
        exercise = self.exercises.get(name) if name else None
        return SessionState(
            status=status,
            offset=offset,
            elapsed=elapsed,
            total=self.total,
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
            session_left=self.total - offset,
            next_up=self.next_up(offset),
            lead_in=lead_in,
        )


class Playhead:
    """The engine's cursors along a course: the next cue, the last segment and step
    announced, and the first step whose finishing has not been passed.

    The engine moves it (`place` after a start or a jump; `due` and the `take_*` methods
    while it plays, in time order) and says what each move means. It also keeps the time
    played (`played`, from the engine's stopwatch) when the current step was entered, so
    that a finished step says how long it took.
    """

    def __init__(self, course: Course) -> None:
        self.course = course
        self.next_cue = 0
        self.segment = -1  # index of the last segment announced
        self.step = -1  # index of the last step announced
        self.next_finish = 0
        self.step_entered = 0.0  # time played when the current step was entered

    def place(self, offset: float, *, played: float, done: bool = False) -> None:
        """Set every cursor for playing on from `offset`: what starts there is still to be
        announced. After `done` (the end of an open reps step) a step whose work ends exactly
        there counts as finished, and the step keeps its own clock."""
        course = self.course
        if not done:
            self.step_entered = played
        self.next_cue = course.first_cue_from(offset)
        index = course.segment_index_at(offset)
        self.segment = -1 if index is None else index - 1
        self.next_finish = 0
        for step in course.steps:
            if step.work_end < offset or (not done and step.work_end <= offset):
                self.next_finish = step.index + 1
        step_index = course.step_index_at(offset) if course.steps else 0
        starts_step = bool(course.steps) and course.steps[step_index].start >= offset
        self.step = step_index - 1 if starts_step else step_index

    def due(self, lead: float) -> tuple[float, float, float]:
        """The offsets the cursors wait for: the next step's work ending, the next segment's
        start, the next cue (`lead` early); infinity past the last one."""
        course, never = self.course, float("inf")
        n = self.next_finish
        t_finish = course.steps[n].work_end if n < len(course.steps) else never
        n = self.segment + 1
        t_segment = course.segments[n].start if n < len(course.segments) else never
        n = self.next_cue
        t_cue = course.cue_at[n] - lead if n < len(course.cues) else never
        return t_finish, t_segment, t_cue

    def cue_at(self, offset: float) -> bool:
        """Whether the next cue is due at `offset` (or before it)."""
        course = self.course
        return self.next_cue < len(course.cues) and course.cue_at[self.next_cue] <= offset + EPSILON

    def take_finish(self, played: float) -> tuple[SessionStep, float]:
        """The step whose work ends next, and the time spent in it (as planned when it was
        not entered as it played)."""
        step = self.course.steps[self.next_finish]
        self.next_finish += 1
        if step.index != self.step:
            return step, step.work_end - step.start
        return step, max(played - self.step_entered, 0.0)

    def take_segment(self) -> Segment:
        self.segment += 1
        return self.course.segments[self.segment]

    def take_steps(self, offset: float, played: float) -> list[SessionStep]:
        """The steps starting by `offset` not announced yet (entered when `played`)."""
        steps = self.course.steps
        entered: list[SessionStep] = []
        while self.step + 1 < len(steps) and steps[self.step + 1].start <= offset:
            self.step += 1
            self.step_entered = played
            entered.append(steps[self.step])
        return entered

    def take_cue(self) -> Cue:
        cue = self.course.cues[self.next_cue]
        self.next_cue += 1
        return cue
