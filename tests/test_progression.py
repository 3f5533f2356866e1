"""The traffic-light rule and progression: examples, properties over check-in histories,
`workout plan`, and today's dose said in the intro."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from player.cli import main
from player.history import SessionJournal, open_history
from player.history.checkins import Moment, PastSession, record_checkin
from player.options import PlayOptions
from player.progression import (
    Light,
    State,
    applied,
    grown,
    light,
    next_state,
    plan,
    state_of,
    with_pain_today,
)
from player.routine import load_library
from player.routine.loader import load_routine_text
from player.routine.model import Dosing, Form, Progression, Routine
from player.session.clock import FakeClock
from player.session.prepare import prepare_session

ROUTINE = """\
title: Progress test
language: {language}
progression: {{}}
sections:
  - name: Core
    kind: stabilisation
    exercises:
      - use: bird-dog
      - use: wall-plank
      - use: dead-bug
        level: -1
  - name: Strength
    kind: strengthening
    exercises:
      - use: bridge
      - use: sit-to-stand
  - name: Stretch
    kind: stretching
    exercises:
      - use: standing-hip-flexor-stretch
"""


def _routine(language: str = "en", path: Path = Path("progress.yaml")) -> Routine:
    return load_routine_text(ROUTINE.format(language=language), path).routine


def _past(*checkins: tuple[int | None, int | None]) -> list[PastSession]:
    """Sessions from (pain before, pain after); the next before is the next one's before."""
    befores = [b for b, _ in checkins[1:]] + [None] if checkins else []
    return [
        PastSession(n, before, after, following)
        for n, ((before, after), following) in enumerate(zip(checkins, befores, strict=True))
    ]


@pytest.mark.parametrize(
    ("before", "after", "next_before", "expected"),
    [
        (2, 3, 2, Light.GREEN),  # ≤ 3 and back to usual
        (2, 0, None, Light.GREEN),  # not checked in since: judged on the day
        (2, 4, 2, Light.KEEP),
        (1, 5, 1, Light.KEEP),
        (2, 6, 2, Light.RED),
        (2, 9, None, Light.RED),
        (2, 2, 4, Light.RED),  # worse the next day
        (None, 2, 4, Light.RED),  # worse than the usual 3
        (None, 2, 3, Light.GREEN),
        (2, None, 2, Light.UNKNOWN),
        (2, None, 5, Light.RED),
    ],
)
def test_the_traffic_light(
    before: int | None, after: int | None, next_before: int | None, expected: Light
) -> None:
    assert light(PastSession(1, before, after, next_before)) is expected


def test_one_more_rep_per_session_up_to_twelve_then_another_set() -> None:
    paced = Dosing(Form.PACED, reps=8, tempo=4.0)
    rule = Progression()
    assert [(d.reps, d.sets) for d in (grown(paced, k, rule) for k in (0, 1, 4, 5, 9, 20))] == [
        (8, 1),
        (9, 1),
        (12, 1),
        (8, 2),
        (12, 2),
        (12, 3),
    ]
    assert grown(paced, 5, rule).rest_between_sets == 30.0
    holds = Dosing(Form.HOLDS, hold=15.0, reps=3, rest_between_reps=5.0)
    shown = [(grown(holds, k, rule).hold, grown(holds, k, rule).sets) for k in (0, 1, 3, 4, 9, 30)]
    assert shown == [(15.0, 1), (20.0, 1), (30.0, 1), (15.0, 2), (25.0, 3), (30.0, 3)]
    timed = Dosing(Form.TIMED, duration=30.0)
    assert grown(timed, 7, rule) == timed


def _work(dosing: Dosing) -> float:
    """Reps × sets, or holds × sets × seconds: what a step of the ladder asks."""
    return (dosing.reps or 1) * dosing.sets * (dosing.hold or 1.0)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([Form.PACED, Form.HOLDS]),
    st.integers(1, 15),
    st.sampled_from([5.0, 8.0, 10.0, 15.0, 20.0, 30.0]),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(6, 20),
    st.integers(1, 5),
    st.sampled_from([2.0, 5.0, 10.0]),
    st.sampled_from([20.0, 30.0, 45.0]),
)
def test_every_step_up_the_ladder_is_at_least_as_much_work(
    form: Form,
    reps: int,
    hold: float,
    sets: int,
    add_reps: int,
    max_reps: int,
    max_sets: int,
    add_hold: float,
    max_hold: float,
) -> None:
    """So a step back (a red session) is never more: 2 sets of 10 s holds did step back to
    1 set of 30 s, the longer holds."""
    dosing = (
        Dosing(Form.HOLDS, hold=hold, reps=reps, sets=sets, rest_between_reps=5.0)
        if form is Form.HOLDS
        else Dosing(Form.PACED, reps=reps, sets=sets, tempo=4.0)
    )
    rule = Progression(add_reps, max_reps, max_sets, add_hold, max_hold)
    ladder = [_work(grown(dosing, k, rule)) for k in range(12)]
    assert ladder == sorted(ladder)


def test_a_step_back_from_a_second_set_of_short_holds_is_not_one_set_of_long_ones() -> None:
    holds = Dosing(Form.HOLDS, hold=10.0, reps=5, rest_between_reps=5.0)
    rule = Progression(hold=5.0, max_hold=30.0)
    top, next_up = grown(holds, 4, rule), grown(holds, 5, rule)
    assert (top.sets, top.hold) == (1, 30.0)
    assert (next_up.sets, next_up.hold) == (2, 15.0)  # the same 150 s, over two sets


def test_three_greens_make_it_harder_and_a_red_steps_back_kindly() -> None:
    routine, library = _routine(), load_library()
    greens = _past((2, 2), (2, 1), (2, 2))
    today = plan(routine, greens, library)
    names = [e.name for e in today.routine.exercises()]
    assert names[:3] == ["Bird dog with a hold", "Desk plank", "Dead bug"]
    assert "Bird dog with a hold: one level harder today." in today.notes
    red = plan(routine, _past((2, 2), (2, 1), (2, 2), (2, 7)), library)
    assert red.notes == ("Yesterday was a lot; today a little easier.",)
    assert [e.name for e in red.routine.exercises()][:3] == [
        "Bird dog",
        "Wall plank",
        "Dead bug, arms only",
    ]
    german = plan(_routine("de"), _past((2, 2), (2, 8)), library)
    assert german.notes == ("Gestern war es ziemlich viel; heute machen wir es etwas leichter.",)


def test_the_intro_says_one_more_than_last_time() -> None:
    routine, library = _routine(), load_library()
    today = plan(routine, _past((3, 2)), library)
    assert "Bird dog: 7 reps today, one more than last time." in today.notes
    assert "Wall plank: 20-second holds today, a little longer than last time." in today.notes
    assert len(today.notes) == 4 and today.notes[-1] == "And a little more of the rest."
    stretch = [e for e in today.routine.exercises() if e.kind.value == "stretching"]
    assert stretch == [e for e in routine.exercises() if e.kind.value == "stretching"]


pain = st.one_of(st.none(), st.integers(0, 10))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(pain, pain), max_size=12), pain)
def test_never_a_higher_dose_after_a_red_session_and_levels_stay_in_range(
    history: list[tuple[int | None, int | None]], last_after: int | None
) -> None:
    routine, library = _routine(), load_library()
    past = _past(*history)
    before_state, _ = state_of(routine, past, library)
    last = PastSession(99, None, last_after, None)
    after_state, lights = state_of(routine, [*past, last], library)
    if lights[-1] is Light.RED:
        assert after_state.stage <= before_state.stage
        for key, level in after_state.levels.items():
            assert level <= before_state.levels.get(key, 0)
        assert plan(routine, [*past, last], library).notes[0].startswith("Yesterday was a lot")
    today = applied(routine, after_state, library)
    for exercise in today.exercises():
        item = library.get(exercise.library_id or "")
        if item is not None:
            low, high = item.level_range()
            assert low <= exercise.level <= high
        assert exercise.dosing.sets <= 3 and (exercise.dosing.reps or 0) <= 12
        assert (exercise.dosing.hold or 0) <= 30


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(list(Light)), max_size=20))
def test_the_state_machine_never_raises_on_red(lights: list[Light]) -> None:
    ranges = {"a": (-2, 1), "b": (0, 0), "c": (-1, 3)}
    state = State()
    for seen in lights:
        new = next_state(state, seen, Progression(), ranges)
        if seen is Light.RED:
            assert new.stage <= state.stage
            assert all(new.levels[k] <= state.levels.get(k, 0) for k in ranges)
        assert all(ranges[k][0] <= v <= ranges[k][1] for k, v in new.levels.items())
        state = new


def _finished(name: str, before: int | None, after: int | None) -> None:
    with open_history() as history:
        journal = SessionJournal.start(
            history, routine=name, path=None, title="P", language="en", planned=60.0, step_count=1
        )
        if before is not None:
            record_checkin(history, journal.session_id, Moment.BEFORE, pain=before)
        if after is not None:
            record_checkin(history, journal.session_id, Moment.AFTER, pain=after, effort=5)
        journal.ended("finished", 60.0)


def test_a_session_says_todays_progression_in_its_intro(tmp_path: Path) -> None:
    path = tmp_path / "progress.yaml"
    path.write_text(ROUTINE.format(language="en"))
    _finished("progress", 2, 2)
    routine = _routine(path=path)
    prepared = prepare_session(
        routine, name="progress", options=PlayOptions(audio="null", tts="fake"), clock=FakeClock()
    )
    try:
        note = "Bird dog: 7 reps today, one more than last time."
        [cue] = [c for c in prepared.timeline.cues if c.text == note]
        intro = prepared.timeline.segments[0]
        assert intro.kind.value == "intro" and intro.start <= cue.at < intro.end
    finally:
        prepared.close()


def test_workout_plan_shows_the_next_session_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "progress.yaml"
    path.write_text(ROUTINE.format(language="en"))
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Why: the first session: the dose as written" in out
    assert "Bird dog  " in out and "6 reps each side" in out
    _finished("progress", 2, 4)
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(traffic lights, oldest first: keep)" in out
    assert "Why: last time your pain was 4/10 after: the same dose again" in out
    _finished("progress", 2, 2)
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    assert "keep, green" in out and "(last time: 6 reps each side" in out
    assert "“Bird dog: 7 reps today, one more than last time.”" in out
    assert main(["plan", "desk-break-back"]) == 0
    assert "does not progress" in capsys.readouterr().out


def test_the_quick_break_leaves_out_exercises_whose_last_session_was_red() -> None:
    from player.progression import red_exercises
    from player.quickbreak import quick_break

    library = load_library()
    past = [
        PastSession(1, 2, 7, None, ("Wall plank", "Bridge")),  # red
        PastSession(2, 2, 2, None, ("Bridge",)),  # bridge green again
        PastSession(3, 2, 2, 6, ("Toter Käfer, Fersentippen",)),  # worse next day: red
    ]
    assert red_exercises(past, library) == {"wall-plank", "dead-bug"}
    with open_history() as history:
        for sid, exercise in ((0, "Seated marching"), (1, "Abdominal bracing")):
            journal = SessionJournal.start(
                history,
                routine="x",
                path=None,
                title="X",
                language="en",
                planned=60.0,
                step_count=2,
            )
            journal.step_finished(_Done(1, exercise), 30.0, 30.0)
            record_checkin(history, journal.session_id, Moment.AFTER, pain=8 if sid else 1)
            journal.ended("finished", 60.0)
    from player.quickbreak.recent import red_exercises as red_in_history

    assert red_in_history(library) == {"abdominal-bracing"}
    for seed in range(8):
        names = [e.library_id for e in quick_break(3.0, "en", seed).exercises()]
        assert "abdominal-bracing" not in names


class _Done:
    def __init__(self, index: int, exercise: str) -> None:
        self.index, self.exercise, self.section_kind = index, exercise, "stabilisation"


# -- "worse the next day" is judged before today's session, for today's dose -------------


def test_a_back_worse_today_steps_back_todays_dose_not_the_next_one() -> None:
    routine, library = _routine(), load_library()
    past = _past((2, 2), (2, 2))  # two green sessions: the dose went up twice
    usual = plan(routine, past, library)
    assert usual.lights == (Light.GREEN, Light.GREEN)
    bird = {e.name: e for e in usual.routine.exercises()}["Bird dog"]
    assert bird.dosing.reps == 8  # 6 as written, one more after each green session
    # Today, before the session: 5/10, worse than the 2 before last time.
    today = plan(routine, past, library, pain_today=5)
    assert today.lights == (Light.GREEN, Light.RED)
    assert today.notes == ("Yesterday was a lot; today a little easier.",)
    assert today.why.startswith("your back was worse at the next check-in")
    eased = {e.library_id: e for e in today.routine.exercises()}
    assert eased["bird-dog"].level < bird.level or (eased["bird-dog"].dosing.reps or 0) < 8
    # The same back as usual today: nothing changes.
    assert plan(routine, past, library, pain_today=2).routine == usual.routine
    # German, said kindly.
    german = plan(_routine("de"), past, library, pain_today=6)
    assert german.notes == ("Gestern war es ziemlich viel; heute machen wir es etwas leichter.",)


def test_todays_pain_does_not_replace_a_check_in_that_came_after_the_last_session() -> None:
    routine, library = _routine(), load_library()
    past = [PastSession(1, 2, 2, 2)]  # checked in since (a stopped session): as usual
    assert plan(routine, past, library, pain_today=7).lights == (Light.GREEN,)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(pain, pain), min_size=1, max_size=10), st.integers(0, 10))
def test_never_a_higher_dose_when_today_is_worse_than_usual(
    history: list[tuple[int | None, int | None]], pain_today: int
) -> None:
    """Whatever came before: when the check-in before today's session makes the last session
    red, today's dose is no step up the ladder from last time's, and no level harder."""
    routine, library = _routine(), load_library()
    past = _past(*history)
    today = plan(routine, past, library, pain_today=pain_today)
    now, lights = state_of(routine, with_pain_today(past, pain_today), library)
    last_time, _ = state_of(routine, past[:-1], library)
    if lights[-1] is not Light.RED:
        return
    assert today.notes[0] == "Yesterday was a lot; today a little easier."
    assert now.stage <= last_time.stage
    for key, level in now.levels.items():
        assert level <= last_time.levels.get(key, 0)
    assert today.routine == replace(applied(routine, now, library), notes=today.notes)


def test_a_red_rating_after_an_exercise_leaves_it_out_of_the_quick_break() -> None:
    from player.progression import rating_light, red_exercises

    assert [rating_light(n) for n in (0, 6, 7, 8, 9, 10)] == [
        Light.GREEN,
        Light.GREEN,
        Light.KEEP,
        Light.KEEP,
        Light.RED,
        Light.RED,
    ]
    library = load_library()
    past = [
        PastSession(1, 2, 2, 2, ("Bridge", "Wall plank"), (("Bridge", 9), ("Wall plank", 5))),
        PastSession(2, 2, 2, None, ("Wall plank",), (("Wall plank", 10),)),
        PastSession(3, 2, 2, None, ("Bird dog",), (("Bird dog", 9),)),
        PastSession(4, 2, 2, None, ("Bird dog",), (("Bird dog", 4),)),  # green again
    ]
    assert red_exercises(past, library) == {"bridge", "wall-plank"}
