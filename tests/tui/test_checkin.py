"""The check-ins in the app, on the injected fake clock: answered, timed out, skipped; and the
rating after each exercise, over the player while the session goes on."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from player import paths
from player.history import open_history
from player.history.checkins import Moment, read_checkins
from player.routine.model import Routine
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import WorkoutApp, make_app
from player.tui.player_settings import PlayerSettings
from player.tui.screens.checkin import CheckinScreen
from player.tui.screens.player import PlayerScreen
from player.tui.screens.summary import SummaryScreen


def _check_ins_on() -> None:
    (paths.user_config_dir() / "settings.toml").unlink()


def _app(routine: Routine, clock: FakeClock, output: Any) -> WorkoutApp:
    return make_app(
        PlayerSettings(tts="fake", audio="null"),
        routine,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
    )


def _stored() -> list[tuple[Moment, int | None, int | None]]:
    with open_history() as history:
        return [(c.moment, c.pain, c.effort) for c in read_checkins(history)]


async def test_before_and_after_the_session_one_key_answers_and_enter_skips(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    _check_ins_on()
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        question = str(app.screen.query_one("#checkin-question", Static).content)
        assert question == "How is your back today, 0 to 10?"
        assert "t for 10" in str(app.screen.query_one("#checkin-hint", Static).content)
        # Asked before the session is prepared: the answer sets today's dose.
        assert app.live is None
        await pilot.press("x")  # not an answer: still asking
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("5")
        for _ in range(100):
            if app.live is not None and app.live.state().playing:
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, PlayerScreen)
        assert app.live is not None and app.live.state().playing
        app.live.stop()
        for _ in range(100):
            if isinstance(app.screen, CheckinScreen):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, CheckinScreen)  # after: pain, then effort
        await pilot.press("t")
        question = str(app.screen.query_one("#checkin-question", Static).content)
        assert question == "How hard was that, 0 to 10?"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
    assert _stored() == [(Moment.BEFORE, 5, None), (Moment.AFTER, 10, None)]


async def test_no_answer_in_ten_seconds_on_the_session_clock_goes_on(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    _check_ins_on()
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        clock.advance(9.0)
        screen.tick()
        await pilot.pause()
        assert screen.is_current and "1 s" in str(screen.query_one("#checkin-hint", Static).content)
        clock.advance(1.5)
        screen.tick()
        for _ in range(100):
            if app.live is not None and app.live.state().playing:
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, PlayerScreen)
    assert _stored() == []  # nothing answered, nothing stored


async def test_the_setting_turns_check_ins_off(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)  # the fixture's settings.toml says off
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)


async def test_the_rating_after_an_exercise_is_asked_while_the_session_goes_on(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    from player.history.checkins import read_ratings
    from player.session.state import Status
    from player.tui.screens.checkin import RatingBox

    (paths.user_config_dir() / "settings.toml").write_text(
        "[session]\ncheckins = true\nratings = true\n", encoding="utf-8"
    )
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("enter")  # the check-in before: skipped
        for _ in range(100):
            if app.live is not None and app.live.state().playing:
                break
            await pilot.pause(0.02)
        live = app.live
        assert live is not None and isinstance(app.screen, PlayerScreen)
        first = next(s for s in live.session.steps if s.exercise == "Seated cat-cow")

        async def until(check: Any) -> None:
            for _ in range(200):
                if check():
                    return
                clock.advance(0.1)
                live.session.wake()  # the runner fires what is due on the fake clock
                await pilot.pause(0.01)
            raise AssertionError("never came")

        clock.advance(first.work_end - live.state().offset - 0.5)  # to the end of its work
        await until(lambda: live.state().offset > first.work_end)
        await until(lambda: bool(app.screen.query(RatingBox)))
        box = app.screen.query_one(RatingBox)
        assert "How hard was that, 0 to 10?" in str(box.content)
        offset = live.state().offset
        await pilot.press("space")  # not an answer: the player pauses, the question stays
        assert live.state().status is Status.PAUSED and app.screen.query(RatingBox)
        await pilot.press("space")
        await pilot.press("6")
        await pilot.pause()
        assert not app.screen.query(RatingBox)
        assert live.state().offset >= offset  # the session never went back or waited
        # The next exercise's rating: nobody answers, it is gone after 10 s of the clock.
        second = next(s for s in live.session.steps if s.exercise == "Thoracic rotation")
        clock.advance(max(0.0, second.work_end - live.state().offset - 0.5))
        await until(lambda: live.state().offset > second.work_end)
        await until(lambda: bool(app.screen.query(RatingBox)))
        await until(lambda: not app.screen.query(RatingBox))
        live.stop()
        await pilot.pause()
    with open_history() as history:
        assert [(r.exercise, r.effort) for r in read_ratings(history)] == [("Seated cat-cow", 6)]
