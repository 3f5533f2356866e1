"""Live checking of a routine being edited: its problems, length, and what will be said.

`analyse(text, path)` runs the real loader and timeline on the editor's buffer and returns
everything the editor shows: the problems (with lines to mark), the total time, minutes per
kind, and the spoken script of each exercise, keyed by where the exercise is written.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from player.routine.durations import format_script_time
from player.routine.model import Kind, Routine
from player.routine.problems import Problem, RoutineError, Severity, in_order
from player.timeline.model import Cue, Timeline

DurationOf = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class ExerciseScript:
    """What is said for one exercise (its first time through), with offsets in the session."""

    name: str
    line: int  # where the exercise is written (1-based); 0 if unknown
    start: float
    end: float
    lines: tuple[str, ...]  # "mm:ss.s  text"


@dataclass(frozen=True, slots=True)
class Analysis:
    """The editor's view of a buffer: problems, and a summary when the routine is valid."""

    path: Path
    problems: tuple[Problem, ...]
    routine: Routine | None = None
    total: float | None = None  # seconds
    minutes_by_kind: tuple[tuple[Kind, float], ...] = ()
    scripts: tuple[ExerciseScript, ...] = ()  # one per exercise, in routine order
    notes: tuple[str, ...] = ()  # timeline warnings (grown windows, dropped cues)
    # Lines where a section or exercise starts, sorted: (line, exercise index or -1).
    boundaries: tuple[tuple[int, int], ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    def marks(self) -> dict[int, str]:
        """1-based line -> "error" or "warning", for the problems in this file."""
        marks: dict[int, str] = {}
        for problem in self.problems:
            if problem.path != self.path or problem.line < 1:
                continue
            if marks.get(problem.line) != Severity.ERROR.value:
                marks[problem.line] = problem.severity.value
        return marks

    def exercise_at(self, line: int) -> int | None:
        """The index of the exercise written at a 1-based line (in its block), if any."""
        lines = [b[0] for b in self.boundaries]
        at = bisect.bisect_right(lines, line) - 1
        if at < 0:
            return None
        index = self.boundaries[at][1]
        return index if index >= 0 else None


def _cue_line(cue: Cue) -> str:
    said = cue.text if cue.text is not None else f"({cue.tone} tone)"
    return f"{format_script_time(cue.at)}  {said}"


def _first_occurrences(routine: Routine) -> dict[int, int]:
    """A segment's `occurrence` (one per exercise per round, in play order) -> the index of
    that exercise in `routine.exercises()`, for each exercise's first round only."""
    mapping: dict[int, int] = {}
    played = written = 0
    for section in routine.sections:
        for round_ in range(section.rounds):
            for position in range(len(section.exercises)):
                if round_ == 0:
                    mapping[played] = written + position
                played += 1
        written += len(section.exercises)
    return mapping


def _scripts(routine: Routine, timeline: Timeline) -> tuple[ExerciseScript, ...]:
    """Each exercise's segments in its first round, and the cues said in them."""
    first = _first_occurrences(routine)
    spans: dict[int, tuple[float, float]] = {}
    for segment in timeline.segments:
        if segment.occurrence is None or segment.occurrence not in first:
            continue
        index = first[segment.occurrence]
        start, end = spans.get(index, (segment.start, segment.end))
        spans[index] = (min(start, segment.start), max(end, segment.end))
    cues = timeline.cues
    starts = [c.at for c in cues]
    scripts = []
    for index, exercise in enumerate(routine.exercises()):
        start, end = spans.get(index, (0.0, 0.0))
        window = cues[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]
        said = tuple(_cue_line(c) for c in window if c.text)
        line = exercise.source.line if exercise.source is not None else 0
        scripts.append(ExerciseScript(exercise.name, line, start, end, said))
    return tuple(scripts)


def _boundaries(routine: Routine) -> tuple[tuple[int, int], ...]:
    marks: list[tuple[int, int]] = []
    index = 0
    for section in routine.sections:
        if section.source is not None:
            marks.append((section.source.line, -1))
        for exercise in section.exercises:
            if exercise.source is not None:
                marks.append((exercise.source.line, index))
            index += 1
    return tuple(sorted(marks))


def analyse(text: str, path: Path, duration_of: DurationOf | None = None) -> Analysis:
    """Load `text` as if it were the file at `path`, and compile its timeline."""
    from player.routine import load_routine_text
    from player.speech.installed import installed_languages
    from player.timeline.compile import compile_timeline
    from player.timeline.estimate import estimated_duration_of

    try:
        result = load_routine_text(text, path, voice_languages=installed_languages())
    except RoutineError as error:
        return Analysis(path, in_order(error.problems))
    routine = result.routine
    problems = in_order(result.warnings)
    speak = duration_of or estimated_duration_of(routine)  # nothing rendered while typing
    timeline = compile_timeline(routine, speak)
    return Analysis(
        path,
        problems,
        routine,
        timeline.total,
        tuple((kind, seconds / 60) for kind, seconds in timeline.seconds_per_kind().items()),
        _scripts(routine, timeline),
        timeline.warnings,
        _boundaries(routine),
    )
