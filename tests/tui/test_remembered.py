"""What the player remembers between sessions, and the settings screen."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from player import settings as config
from player.options import PlayOptions
from player.routine.model import Routine
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import make_app
from player.tui.player_settings import PlayerSettings
from player.tui.screens.library import LibraryScreen
from player.tui.screens.settings import SettingsScreen


def test_the_rate_and_voice_settings_apply_to_any_routine(short_routine: Routine) -> None:
    assert config.with_voice(short_routine, 0, "") is short_routine
    voiced = config.with_voice(short_routine, 210, "german")
    assert (voiced.voice.rate, voiced.voice.name) == (210, "german")


def _player(routine: Routine, output: Any) -> Any:
    options = PlayOptions.of_settings(config.load().play)
    return make_app(
        PlayerSettings.of(options, tts="fake", audio="null"),
        routine,
        clock=FakeClock(),
        output=output,
        synthesizer=FakeSynthesizer(),
    )


async def test_rate_mute_and_verbosity_changed_in_a_session_are_remembered(
    short_routine: Routine, output: Any
) -> None:
    app = _player(short_routine, output)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(50):
            if app.live is not None and app.live.state().playing:
                break
            await pilot.pause(0.05)
        await pilot.press("plus", "plus", "m")
        assert app.live is not None
        app.screen.set_verbosity("brief")
        rate = app.live.voice.rate
    remembered = config.load().play
    assert (remembered.rate, remembered.muted, remembered.verbosity) == (rate, True, "brief")
    assert rate == short_routine.voice.rate + 20

    app = _player(short_routine, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause(0.2)
        assert app.live is not None and app.live.muted
        assert app.live.voice.rate == rate
        caption = str(app.screen.query_one("#caption").content)
        assert caption.startswith("🔇 Muted")


async def test_the_settings_screen_changes_and_saves_a_setting(output: Any) -> None:
    app = make_app(
        PlayerSettings(tts="fake", audio="null"),
        None,
        clock=FakeClock(),
        output=output,
        synthesizer=FakeSynthesizer(),
        autostart=False,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("f7")
        assert isinstance(app.screen, SettingsScreen)
        table = app.screen.query_one("#settings", DataTable)
        table.move_cursor(row=[k.name for k in config.every_key()].index("play.verbosity"))
        await pilot.press("enter")  # auto -> full
        assert config.load().play.verbosity == "full"
        table.move_cursor(row=[k.name for k in config.every_key()].index("play.rate"))
        await pilot.press("enter")
        await pilot.press("end", "backspace", *"190", "enter")  # it showed 0
        await pilot.pause()
        assert config.load().play.rate == 190
        await pilot.press("escape")
        assert isinstance(app.screen, LibraryScreen)
        assert (app.settings.verbosity, app.settings.rate) == ("full", config.load().play.rate)
