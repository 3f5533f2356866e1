"""Whether a valid routine is too big to play: the session limits of `player.routine.limits`,
checked once the routine is resolved, before a timeline is compiled or a clip rendered."""

from __future__ import annotations

from player.routine.durations import format_clock
from player.routine.limits import MAX_COUNTS, MAX_EXERCISES, MAX_PLAYED, MAX_SESSION_SECONDS
from player.routine.model import Form, Routine, Section, Sides
from player.routine.problems import Problem
from player.routine.totals import estimate_seconds, exercise_span


def session_problems(routine: Routine) -> list[Problem]:
    """What makes a valid routine too big to play, at the section that weighs most."""
    sections = routine.sections
    if not sections or routine.path is None:
        return []
    path = routine.path

    def at(section: Section, message: str) -> Problem:
        where = section.source
        return Problem(path, where.line if where else 1, where.column if where else 1, message)

    problems = []
    written = sum(len(s.exercises) for s in sections)
    if written > MAX_EXERCISES:
        problems.append(
            at(
                sections[0],
                f"the routine has {written:,} exercises; a routine has at most {MAX_EXERCISES} "
                "(split it into several routines)",
            )
        )
    played = [len(s.exercises) * s.rounds for s in sections]
    if sum(played) > MAX_PLAYED:
        problems.append(
            at(
                sections[played.index(max(played))],
                f"with its rounds, the session plays {sum(played):,} exercises; a session "
                f"plays at most {MAX_PLAYED:,} (fewer 'rounds'?)",
            )
        )
    counts = [_counts(s) for s in sections]
    if sum(counts) > MAX_COUNTS:
        problems.append(
            at(
                sections[counts.index(max(counts))],
                f"the session counts {sum(counts):,} reps and holds aloud; a session counts "
                f"at most {MAX_COUNTS:,} (fewer 'reps', 'sets' or 'rounds'?)",
            )
        )
    if problems:
        return problems  # the length would only repeat it
    total = estimate_seconds(routine)
    if total > MAX_SESSION_SECONDS:
        weights = [sum(exercise_span(e) + e.rest for e in s.exercises) * s.rounds for s in sections]
        problems.append(
            at(
                sections[weights.index(max(weights))],
                f"the session lasts {_length(total)}; a session lasts at most "
                f"{format_clock(MAX_SESSION_SECONDS)} (is a unit, 'sets' or 'rounds' too big?)",
            )
        )
    return problems


def _counts(section: Section) -> int:
    """Reps and holds counted aloud in one section, rounds, sets and sides included."""
    total = 0
    for exercise in section.exercises:
        dosing = exercise.dosing
        if dosing.form is not Form.TIMED and dosing.reps is not None:
            sides = 2 if exercise.sides in (Sides.BOTH, Sides.ALTERNATING) else 1
            total += dosing.reps * dosing.sets * sides
    return total * section.rounds


def _length(seconds: float) -> str:
    """`3:12:00`, or `about 20,056 hours` where a clock would be unreadable."""
    return format_clock(seconds) if seconds < 100 * 3600 else f"about {seconds / 3600:,.0f} hours"
