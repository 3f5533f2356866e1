"""Properties of every compiled timeline, over generated routines and clip lengths."""

from __future__ import annotations

import itertools
import zlib
from collections import defaultdict
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from player.routine.model import (
    CueAnchor,
    CueTime,
    CustomCue,
    Dosing,
    Exercise,
    Form,
    Kind,
    Routine,
    Section,
    Sides,
)
from player.timeline.compile import (
    Verbosity,
    compile_timeline,
    everything_familiar,
    safety_lines,
    script_texts,
)
from player.timeline.model import MOVEMENT_KINDS, CueKind, Priority, SegmentKind, Timeline
from player.timeline.steps import StepKind, steps

EPS = 1e-6
WORK_KINDS = {SegmentKind.WORK, SegmentKind.HOLD, SegmentKind.RELAX, SegmentKind.OPEN}

seconds = st.integers(1, 240).map(lambda tenths: tenths / 4)  # 0.25 .. 60 s
small = st.integers(0, 40).map(lambda tenths: tenths / 4)  # 0 .. 10 s


@st.composite
def dosings(draw: st.DrawFn) -> Dosing:
    form = draw(st.sampled_from(Form))
    sets = draw(st.integers(1, 3))
    rest_between_sets = draw(small)
    if form is Form.TIMED:
        return Dosing(form, duration=draw(seconds), sets=sets, rest_between_sets=rest_between_sets)
    reps = draw(st.integers(1, 6))
    if form is Form.HOLDS:
        return Dosing(
            form,
            hold=draw(seconds),
            reps=reps,
            rest_between_reps=draw(small),
            sets=sets,
            rest_between_sets=rest_between_sets,
        )
    if form is Form.PACED:
        tempo = draw(st.integers(2, 24).map(lambda q: q / 4))
        return Dosing(form, reps=reps, tempo=tempo, sets=sets, rest_between_sets=rest_between_sets)
    cap = draw(st.integers(4, 120).map(float))
    return Dosing(form, reps=reps, time_cap=cap, sets=sets, rest_between_sets=rest_between_sets)


cue_times = st.one_of(
    st.integers(0, 100).map(lambda p: CueTime(CueAnchor.FRACTION, p / 100)),
    seconds.map(lambda s: CueTime(CueAnchor.FROM_START, s)),
    seconds.map(lambda s: CueTime(CueAnchor.FROM_END, s)),
)
texts = st.sampled_from(["", "Keep breathing.", "Slowly, and with control, all the way."])


@st.composite
def exercises(draw: st.DrawFn, number: int) -> Exercise:
    return Exercise(
        name=f"Exercise {number}",
        kind=draw(st.sampled_from(Kind)),
        dosing=draw(dosings()),
        sides=draw(st.sampled_from(Sides)),
        switch=draw(small),
        position=draw(texts),
        instructions=draw(texts),
        cues=tuple(
            CustomCue(at, say)
            for at, say in draw(st.lists(st.tuples(cue_times, texts.filter(bool)), max_size=2))
        ),
        prepare=draw(small),
        countdown=draw(st.integers(0, 4)),
        rest=draw(st.integers(0, 30).map(float)),
    )


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    sections = []
    count = 0
    for number in range(draw(st.integers(1, 3))):
        members = []
        for _ in range(draw(st.integers(1, 3))):
            members.append(draw(exercises(count)))
            count += 1
        sections.append(
            Section(
                name=f"Section {number}",
                kind=draw(st.sampled_from(Kind)),
                exercises=tuple(members),
                rounds=draw(st.integers(1, 2)),
                rest_between_rounds=draw(small),
            )
        )
    return Routine(
        title="Generated",
        sections=tuple(sections),
        language=draw(st.sampled_from(["en", "de", "fr"])),
        safety=draw(texts),
    )


@st.composite
def clip_lengths(draw: st.DrawFn) -> Callable[[str], float]:
    """Any clip lengths: a base, a per-character rate and a per-text wobble."""
    base = draw(st.floats(0.05, 1.5))
    per_char = draw(st.floats(0.0, 0.12))

    def duration_of(text: str) -> float:
        wobble = (zlib.crc32(text.encode()) % 1000) / 1000
        return base + per_char * len(text) * (0.5 + wobble)

    return duration_of


def occurrences(routine: Routine) -> list[Exercise]:
    return [e for s in routine.sections for _ in range(s.rounds) for e in s.exercises]


def speech(timeline: Timeline) -> list:  # type: ignore[type-arg]
    return sorted((c for c in timeline.cues if c.text is not None), key=lambda c: c.at)


PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(routines(), clip_lengths(), st.sampled_from(Verbosity))
def test_segments_are_contiguous_and_add_up(
    routine: Routine, duration_of: Callable[[str], float], verbosity: Verbosity
) -> None:
    timeline = compile_timeline(routine, duration_of, verbosity=verbosity)
    segments = timeline.segments
    assert segments[0].start == 0
    for before, after in itertools.pairwise(segments):
        assert before.end == after.start
    assert all(s.end > s.start for s in segments)
    assert abs(sum(s.duration for s in segments) - timeline.total) < EPS
    assert [c.at for c in timeline.cues] == sorted(c.at for c in timeline.cues)
    assert all(c.at >= 0 and c.end <= timeline.total + EPS for c in timeline.cues)
    assert all((c.text is None) != (c.tone is None) for c in timeline.cues)


@PROPERTY
@given(routines(), clip_lengths(), st.sampled_from(Verbosity), st.booleans())
def test_speech_never_overlaps_and_nothing_lands_over_a_timing_cue(
    routine: Routine, duration_of: Callable[[str], float], verbosity: Verbosity, known: bool
) -> None:
    familiar = everything_familiar(routine) if known else frozenset()
    timeline = compile_timeline(routine, duration_of, verbosity=verbosity, familiar=familiar)
    said = speech(timeline)
    for before, after in itertools.pairwise(said):
        assert after.at >= before.end - EPS, (before, after)
    timing = [c for c in timeline.cues if c.priority is Priority.TIMING]
    for cue in said:
        if cue.priority is Priority.TIMING:
            continue
        for other in timing:
            assert cue.end <= other.at + EPS or cue.at >= other.end - EPS, (cue, other)
    for go in (c for c in said if c.kind is CueKind.GO):
        assert go.at == next(s.start for s in timeline.segments if s.start >= go.at - EPS)


def _movement_spans(timeline: Timeline) -> dict[tuple[int, int], tuple[float, float]]:
    """(occurrence, set) -> (its first Go, its last Stop)."""
    spans: dict[tuple[int, int], tuple[float, float]] = {}
    for segment in timeline.segments:
        if segment.kind in MOVEMENT_KINDS:
            assert segment.occurrence is not None and segment.set is not None
            key = (segment.occurrence, segment.set)
            start = spans[key][0] if key in spans else segment.start
            spans[key] = (start, segment.end)
    return spans


@PROPERTY
@given(routines(), clip_lengths(), st.sampled_from(Verbosity))
def test_every_written_duration_is_the_time_it_takes(
    routine: Routine, duration_of: Callable[[str], float], verbosity: Verbosity
) -> None:
    """Rests from Stop to Go, prepare windows up to Go, rests between sets and rounds."""
    timeline = compile_timeline(routine, duration_of, verbosity=verbosity)
    played = occurrences(routine)
    rounds = [(s, r) for s in routine.sections for r in range(s.rounds) for _ in s.exercises]
    spans = _movement_spans(timeline)
    intros = [s.end for s in timeline.segments if s.kind is SegmentKind.INTRO]
    assert abs(spans[0, 1][0] - (intros[0] if intros else 0.0) - played[0].prepare) < EPS
    for index, exercise in enumerate(played):
        for set_ in range(2, exercise.dosing.sets + 1):
            gap = spans[index, set_][0] - spans[index, set_ - 1][1]
            assert abs(gap - exercise.dosing.rest_between_sets) < EPS
        if index == 0:
            continue
        before = played[index - 1]
        (section, round_), (previous_section, previous_round) = rounds[index], rounds[index - 1]
        written = before.rest
        if section is previous_section and round_ != previous_round:
            written = section.rest_between_rounds or before.rest
        if written <= 0:
            written = exercise.prepare
        gap = spans[index, 1][0] - spans[index - 1, before.dosing.sets][1]
        assert abs(gap - written) < EPS, (index, gap, written)


@PROPERTY
@given(routines(), clip_lengths(), st.sampled_from(Verbosity))
def test_work_and_rest_are_exactly_as_prescribed(
    routine: Routine, duration_of: Callable[[str], float], verbosity: Verbosity
) -> None:
    timeline = compile_timeline(routine, duration_of, verbosity=verbosity)
    played = occurrences(routine)
    by_set: dict[tuple[int, int], dict[SegmentKind, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for segment in timeline.segments:
        if segment.kind in WORK_KINDS:
            assert segment.occurrence is not None and segment.set is not None
            by_set[segment.occurrence, segment.set][segment.kind].append(segment.duration)
    expected_keys = {(i, n) for i, e in enumerate(played) for n in range(1, e.dosing.sets + 1)}
    assert set(by_set) == expected_keys
    for (index, _), kinds in by_set.items():
        exercise = played[index]
        dosing = exercise.dosing
        sides = 2 if exercise.sides in (Sides.BOTH, Sides.ALTERNATING) else 1
        if dosing.form is Form.TIMED:
            assert abs(sum(kinds[SegmentKind.WORK]) - dosing.duration * sides) < EPS  # type: ignore[operator]
        elif dosing.form is Form.OPEN:
            assert abs(sum(kinds[SegmentKind.OPEN]) - dosing.time_cap * sides) < EPS  # type: ignore[operator]
        elif dosing.form is Form.PACED:
            assert len(kinds[SegmentKind.WORK]) == dosing.reps * sides  # type: ignore[operator]
            assert all(abs(d - dosing.tempo) < EPS for d in kinds[SegmentKind.WORK])  # type: ignore[operator]
        else:
            holds = kinds[SegmentKind.HOLD]
            assert len(holds) == dosing.reps * sides  # type: ignore[operator]
            assert all(abs(d - dosing.hold) < EPS for d in holds)  # type: ignore[operator]
            relaxes = kinds[SegmentKind.RELAX]
            if dosing.rest_between_reps > 0:
                per_block = 1 if exercise.sides is Sides.ALTERNATING else sides
                assert len(relaxes) == len(holds) - per_block
                assert all(abs(d - dosing.rest_between_reps) < EPS for d in relaxes)
            else:
                assert relaxes == []
    for segment in timeline.segments:
        if segment.kind is SegmentKind.SWITCH:
            exercise = played[segment.occurrence]  # type: ignore[index]
            assert abs(segment.duration - exercise.switch) < EPS


@PROPERTY
@given(routines(), clip_lengths(), st.sampled_from([Verbosity.FULL, Verbosity.BRIEF]))
def test_every_exercise_is_announced_before_it_starts(
    routine: Routine, duration_of: Callable[[str], float], verbosity: Verbosity
) -> None:
    timeline = compile_timeline(routine, duration_of, verbosity=verbosity)
    played = occurrences(routine)
    starts: dict[int, float] = {}
    for segment in timeline.segments:
        if segment.kind in WORK_KINDS and segment.occurrence not in starts:
            starts[segment.occurrence] = segment.start  # type: ignore[index]
    assert sorted(starts) == list(range(len(played)))
    announcements = [c for c in timeline.cues if c.kind is CueKind.ANNOUNCE and c.text]
    for index, exercise in enumerate(played):
        said = any(
            exercise.name in c.text  # type: ignore[operator]
            and c.end <= starts[index] + EPS
            and c.at >= (starts[index - 1] if index else 0)
            for c in announcements
        )
        left_out = f"{exercise.name}: name and dosing left out" in " ".join(timeline.warnings)
        assert said or left_out, exercise.name


@PROPERTY
@given(routines(), clip_lengths(), st.sampled_from(Verbosity))
def test_same_input_same_timeline_and_every_phrase_is_known_ahead(
    routine: Routine, duration_of: Callable[[str], float], verbosity: Verbosity
) -> None:
    timeline = compile_timeline(routine, duration_of, verbosity=verbosity)
    assert compile_timeline(routine, duration_of, verbosity=verbosity) == timeline
    known = script_texts(routine, verbosity)
    assert {c.text for c in timeline.cues if c.text} <= set(known)
    if verbosity is Verbosity.TONES:
        assert known == list(safety_lines(routine))


@PROPERTY
@given(routines(), clip_lengths())
def test_steps_cover_the_timeline_one_per_exercise(
    routine: Routine, duration_of: Callable[[str], float]
) -> None:
    timeline = compile_timeline(routine, duration_of)
    found = steps(timeline)
    assert found[0].start == 0 and found[-1].end == timeline.total
    for before, after in itertools.pairwise(found):
        assert before.end == after.start
    assert [s.kind for s in found] == [
        StepKind.INTRO,
        *[StepKind.EXERCISE] * len(occurrences(routine)),
        StepKind.OUTRO,
    ]
    assert [s.exercise for s in found[1:-1]] == [e.name for e in occurrences(routine)]
    assert all(s.start <= s.work_start < s.end for s in found[1:-1])


@PROPERTY
@given(routines(), clip_lengths())
def test_lines_stay_inside_the_time_they_belong_to(
    routine: Routine, duration_of: Callable[[str], float]
) -> None:
    timeline = compile_timeline(routine, duration_of)
    rests = {SegmentKind.REST, SegmentKind.REST_SETS, SegmentKind.REST_ROUNDS}
    for cue in speech(timeline):
        spanned = {
            s.kind for s in timeline.segments if s.start < cue.end - EPS and s.end > cue.at + EPS
        }
        if cue.kind in (CueKind.CUSTOM, CueKind.HALFWAY, CueKind.REMINDER):
            assert spanned <= WORK_KINDS, (cue, spanned)
        if cue.kind is CueKind.REST:
            assert spanned <= rests, (cue, spanned)
        windows = {SegmentKind.INTRO, SegmentKind.PREPARE, *rests}
        if cue.kind in (CueKind.ANNOUNCE, CueKind.POSITION, CueKind.SIDE):
            assert spanned <= windows, (cue, spanned)
        if cue.kind is CueKind.INSTRUCTIONS:
            assert spanned <= windows | MOVEMENT_KINDS, (cue, spanned)
