"""How big a routine may be: every limit in one place, checked before the work it guards.

The file limits (size, nesting, values, text) are checked while reading the file, before the
YAML parser composes anything; the session limits once the routine is resolved, before a
timeline is compiled or a clip rendered. `docs/routines.md` states them for authors.
"""

from __future__ import annotations

from player.routine.durations import format_clock
from player.routine.model import Form, Routine, Section, Sides
from player.routine.problems import Problem

MAX_BYTES = 1024 * 1024  # a routine is a page or two; anything bigger is the wrong file
MAX_DEPTH = 64  # levels of lists and mappings
MAX_NODES = 100_000  # values once anchors, aliases and merges are expanded
MAX_TEXT = 1_000  # characters in one text: a name, a position, instructions, a cue
MAX_EXERCISES = 200  # exercises written in one routine
MAX_SESSION_SECONDS = 4 * 60 * 60.0  # the whole session, every round and set
MAX_PLAYED = 1_000  # exercises played, rounds counted
MAX_COUNTS = 10_000  # reps and holds said aloud in one session


def session_problems(routine: Routine) -> list[Problem]:
    """What makes a valid routine too big to play, at the section that weighs most."""
    # summary needs resolve, which needs source, which needs the limits above
    from player.routine.totals import estimate_seconds, exercise_span

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
