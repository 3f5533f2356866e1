"""The first-run screen: the red flags shown and spoken, confirmed once, never blocking."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from player import paths
from player.routine.model import Routine
from player.safety import CONFIRMED_FILE, confirmed
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import make_app
from player.tui.player_settings import PlayerSettings
from player.tui.screens.player import PlayerScreen
from player.tui.screens.safety import SafetyScreen


def _first_run() -> None:
    (paths.user_data_dir() / CONFIRMED_FILE).unlink()


async def test_the_first_run_shows_and_says_the_red_flags_and_remembers_the_confirmation(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    _first_run()
    app = make_app(
        PlayerSettings(tts="fake", audio="null"),
        short_routine,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SafetyScreen)
        text = str(app.screen.query_one("#red-flags-text", Static).content)
        assert "saddle area" in text and "weakness in one or both legs" in text
        assert "below the knee" in text and "3 out of 10" in text
        for _ in range(100):  # spoken on a worker thread
            if output.played:
                break
            await pilot.pause(0.02)
        assert output.played, "the red flags were not spoken"
        assert not confirmed()
        await pilot.press("enter")
        await pilot.pause()
        assert confirmed()
        assert isinstance(app.screen, PlayerScreen)  # the session goes on at once


async def test_escape_goes_on_without_confirming_and_the_screen_comes_again(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    _first_run()
    for _ in range(2):
        app = make_app(
            PlayerSettings(tts="fake", audio="null", language="de"),
            None,
            clock=clock,
            output=output,
            synthesizer=FakeSynthesizer(),
            entries=[],
        )
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SafetyScreen)
            text = str(app.screen.query_one("#red-flags-text", Static).content)
            assert "Reithosenbereich" in text
            keys = str(app.screen.query_one("#safety-keys", Static).content)
            assert "Ich habe das gelesen" in keys and "später" in keys  # no English left
            assert "later" not in keys
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.screen, SafetyScreen)
        assert not confirmed()


async def test_a_confirmed_user_goes_straight_to_the_session(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = make_app(
        PlayerSettings(tts="fake", audio="null"),
        short_routine,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
