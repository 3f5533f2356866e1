"""The check-in over the player, on the injected fake clock: answered, timed out, skipped."""

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
        assert app.live is not None and not app.live.state().playing  # waits for the answer
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
