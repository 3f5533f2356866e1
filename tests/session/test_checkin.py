"""Check-ins on the session's clock: answered with one key, skipped with Enter, timed out."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from player import paths
from player.history import open_history
from player.history.checkins import Moment, read_checkins, read_ratings
from player.options import PlayOptions
from player.routine import find_routine, load_routine
from player.session.checkin import (
    ANSWER_SECONDS,
    GAP,
    ExerciseRatings,
    Question,
    ask,
    ask_all,
    checkins_enabled,
    questions,
    rating_offset,
    rating_recorder,
    ratings_enabled,
    record_answers,
    value_of,
)
from player.session.clock import FakeClock
from player.session.events import StepFinished
from player.session.prepare import prepare_session
from player.session.state import Status


def keys(clock: FakeClock, *script: tuple[float, str | None]) -> Callable[[float], str | None]:
    """A keyboard that presses each key after its delay on the fake clock (None: nothing)."""
    pending: Iterator[tuple[float, str | None]] = iter(script)

    def read_key(seconds: float) -> str | None:
        delay, key = next(pending, (seconds, None))
        if delay >= seconds:  # not before the wait is over
            clock.advance(seconds)
            return None
        clock.advance(delay)
        return key

    return read_key


def _pain(language: str = "en") -> Question:
    return questions(language, Moment.BEFORE)[0]


def test_one_key_answers_and_t_is_ten() -> None:
    assert [value_of(k) for k in "0159tT"] == [0, 1, 5, 9, 10, 10]
    assert value_of("x") is None and value_of(" ") is None
    clock = FakeClock()
    said: list[str] = []
    answer = ask(_pain(), keys(clock, (2.0, "x"), (1.0, "7")), clock, lambda q: said.append(q.text))
    assert answer == 7
    assert said == ["How is your back today, 0 to 10?"]
    assert clock.now() == 1003.0  # ignored keys do not restart the wait


def test_enter_skips_and_no_answer_in_ten_seconds_skips() -> None:
    clock = FakeClock()
    assert ask(_pain(), keys(clock, (3.0, "\n")), clock) is None
    assert clock.now() == 1003.0
    start = clock.now()
    assert ask(_pain(), keys(clock, (4.0, "x"), (4.0, "y")), clock) is None
    assert clock.now() - start == pytest.approx(ANSWER_SECONDS)
    start = clock.now()
    assert ask(_pain(), keys(clock, (ANSWER_SECONDS + 1, "5")), clock) is None
    assert clock.now() - start == pytest.approx(ANSWER_SECONDS)


def test_the_questions_in_german() -> None:
    before = questions("de", Moment.BEFORE)
    after = questions("de", Moment.AFTER)
    assert [q.text for q in before] == ["Wie geht es deinem Rücken heute, von 0 bis 10?"]
    assert [q.text for q in after][1] == "Wie anstrengend war das, von 0 bis 10?"
    assert "t für 10" in after[0].hint


def test_a_whole_session_with_check_ins_answered_skipped_and_timed_out() -> None:
    routine = load_routine(find_routine("desk-break-back")).routine
    clock = FakeClock()
    prepared = prepare_session(
        routine, name="desk-break-back", options=PlayOptions(audio="null", tts="fake"), clock=clock
    )
    journal = prepared.journal
    assert journal is not None
    try:
        before = ask_all(
            "en", Moment.BEFORE, keys(clock, (1.5, "3")), clock, lambda q: prepared.say_now(q.text)
        )
        assert before.pain == 3
        assert record_answers(journal.history, journal.session_id, before) is None
        session = prepared.session
        session.start(0.0)
        while (deadline := session.next_deadline()) is not None:
            clock.advance(deadline - clock.now())
            session.poll()
        assert session.status is Status.FINISHED
        # after: the pain question times out, the effort question is skipped with Enter
        after = ask_all("en", Moment.AFTER, keys(clock, (30.0, "4"), (2.0, "\r")), clock)
        assert (after.pain, after.effort) == (None, None) and after.empty
        assert record_answers(journal.history, journal.session_id, after) is None
        again = ask_all("en", Moment.AFTER, keys(clock, (1.0, "2"), (1.0, "6")), clock)
        assert record_answers(journal.history, journal.session_id, again) is None
    finally:
        prepared.close()
    with open_history() as history:
        stored = [(c.moment, c.pain, c.effort) for c in read_checkins(history)]
    assert stored == [(Moment.BEFORE, 3, None), (Moment.AFTER, 2, 6)]


def test_a_setting_turns_check_ins_off_and_a_broken_file_does_not() -> None:
    assert checkins_enabled()
    folder = paths.user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    settings = folder / "settings.toml"
    settings.write_text("[session]\ncheckins = false\n")
    assert not checkins_enabled()
    settings.write_text("[session\ncheckins = false\n")
    assert checkins_enabled()
    settings.write_text('[session]\ncheckins = "no"\n')
    assert checkins_enabled()


def test_nothing_is_recorded_in_a_journal_that_cannot_be_written(tmp_path: Path) -> None:
    routine = load_routine(find_routine("desk-break-back")).routine
    prepared = prepare_session(
        routine,
        name="desk-break-back",
        options=PlayOptions(audio="null", tts="fake"),
        clock=FakeClock(),
    )
    journal = prepared.journal
    assert journal is not None
    try:
        journal.history.connection.execute("DROP TABLE checkins")
        problem = record_answers(
            journal.history,
            journal.session_id,
            ask_all("en", Moment.BEFORE, keys(FakeClock(), (0.5, "1")), FakeClock()),
        )
        assert problem is not None and problem.startswith("the check-in was not recorded")
    finally:
        prepared.close()


# -- the rating after an exercise's last set (`session.ratings`) ----------------------------


def _ratings_on() -> None:
    folder = paths.user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text("[session]\nratings = true\n")


def test_ratings_are_off_unless_asked_for_and_follow_check_ins() -> None:
    assert not ratings_enabled()
    _ratings_on()
    assert ratings_enabled()
    (paths.user_config_dir() / "settings.toml").write_text(
        "[session]\nratings = true\ncheckins = false\n"
    )
    assert not ratings_enabled()  # check-ins off: no questions at all


def test_the_question_is_said_in_the_rests_first_quiet_moment() -> None:
    from player.timeline.model import Cue, CueKind, Priority, Timeline

    def line(at: float, length: float, text: str = "x") -> Cue:
        return Cue(at, CueKind.ANNOUNCE, Priority.NORMAL, length, text=text)

    rest = Timeline(
        (),
        (
            line(30.0, 0.8, "Rest"),  # as the work ends
            line(31.0, 1.0),  # no room for 2.5 s between these
            line(36.5, 3.0, "Next: Bird dog"),
        ),
        "en",
    )
    assert rating_offset(rest, 30.0, 2.5) == pytest.approx(32.0 + GAP)
    full = Timeline((), (line(30.0, 0.8, "Rest"), line(31.0, 2.0), line(33.2, 8.0)), "en")
    # No quiet moment within the answer window: right after "Rest" (the next line cuts it).
    assert rating_offset(full, 30.0, 2.5) == pytest.approx(30.8 + GAP)
    assert rating_offset(Timeline((), (), "en"), 30.0, 2.5) == pytest.approx(30.0 + GAP)


def test_a_whole_session_rated_after_each_exercise_answered_skipped_and_timed_out() -> None:
    """On the fake clock: the session plays on while each rating is asked; one is answered,
    one skipped with Enter, one never answered; the last exercise is not asked about."""
    _ratings_on()
    routine = load_routine(find_routine("focus-stabilisation")).routine
    clock = FakeClock()
    prepared = prepare_session(
        routine,
        name="focus-stabilisation",
        options=PlayOptions(audio="null", tts="fake"),
        clock=clock,
    )
    journal = prepared.journal
    assert journal is not None
    session = prepared.session
    ratings = ExerciseRatings(
        "en",
        prepared.timeline,
        session.steps,
        clock,
        rating_recorder(journal.history, journal.session_id),
    )
    exercises = [s for s in session.steps if s.exercise is not None]
    answers = iter(["7", "\r", None])  # the third is never answered
    asked: list[str] = []
    said: list[tuple[float, str]] = []
    shown: list[str] = []
    pending_key = ""
    try:
        session.start(0.0)
        while (deadline := session.next_deadline()) is not None:
            # The front end's loop: a look every 0.1 s while a rating is asked.
            step = min(deadline - clock.now(), 0.1) if ratings.pending() else deadline - clock.now()
            clock.advance(max(step, 0.0))
            for event in session.poll():
                if isinstance(event, StepFinished) and ratings.step_finished(event.step):
                    asked.append(event.step.exercise or "")
                    pending_key = next(answers, None) or ""
            if ratings.due(session.state().offset):
                said.append((session.state().offset, ratings.question.text))
                session.say([ratings.question.text])
                if pending_key:
                    taken, line = ratings.key(pending_key)
                    assert taken
                    shown.append(line or "")
                    pending_key = ""
        assert session.status is Status.FINISHED
        assert not ratings.key("5")[0]  # nothing asked: a number is the player's again
    finally:
        prepared.close()
    assert asked == [e.exercise for e in exercises[:-1]]  # not after the last one
    assert len(asked) >= 3  # answered, skipped, timed out (and more timed out)
    assert len(said) == len(asked)  # each one said once, the session never waiting for it
    assert shown[0] == f"{exercises[0].exercise}: 7 of 10"
    for offset, _ in said:
        before = max(s.work_end for s in exercises if s.work_end <= offset)
        assert offset - before < ANSWER_SECONDS  # asked within its window
    with open_history() as history:
        stored = [(r.exercise, r.effort, r.step) for r in read_ratings(history)]
    assert stored == [(exercises[0].exercise, 7, exercises[0].index)]
    assert session.state().elapsed == pytest.approx(prepared.timeline.total, abs=0.2)
