"""The Textual player on a private session bus: playerctl pauses, resumes, skips and stops
the session shown on the screen (fake clock), as a headset button or media key would."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from player.routine import load_routine
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import make_app
from player.tui.player_settings import PlayerSettings
from player.tui.screens.player import PlayerScreen
from player.tui.screens.summary import SummaryScreen

SHORT = Path(__file__).resolve().parents[1] / "tui" / "routines" / "short.yaml"


@pytest.fixture(autouse=True)
def _no_check_ins() -> None:
    """The player starts straight away (the check-in before would wait on the fake clock)."""
    from player import paths

    folder = paths.user_config_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.toml").write_text("[session]\ncheckins = false\n", encoding="utf-8")


async def _until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 30.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the condition never came true")


async def playerctl(*args: str) -> str:
    done = await asyncio.to_thread(
        subprocess.run,
        ["playerctl", "--player=workout_player", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done.stdout.strip()


async def test_media_keys_drive_the_player_screen(session_bus: str) -> None:
    routine = load_routine(SHORT).routine
    clock = FakeClock()
    app = make_app(
        PlayerSettings(tts="fake", audio="null"),
        routine,
        clock=clock,
        synthesizer=FakeSynthesizer(),
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await _until(pilot, lambda: app.live is not None and app.live.state().playing)
        live = app.live
        assert live is not None
        await _until(pilot, lambda: live.hands_free is not None)
        assert await playerctl("status") == "Playing"
        assert await playerctl("metadata", "xesam:album") == routine.title

        await playerctl("play-pause")
        await _until(pilot, lambda: live.state().paused)
        await _until(pilot, lambda: "PAUSED" in str(app.screen.query_one("#phase", Static).content))
        await playerctl("play-pause")
        await _until(pilot, lambda: live.state().playing)

        before = live.state().step_index
        assert before is not None
        await playerctl("next")
        await _until(pilot, lambda: live.state().step_index == before + 1)
        exercise = live.state().exercise
        assert exercise
        assert isinstance(app.screen, PlayerScreen)
        await _until(
            pilot, lambda: str(app.screen.query_one("#exercise", Static).content) == exercise
        )
        assert await playerctl("metadata", "xesam:title") == exercise

        await playerctl("stop")
        await _until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        await pilot.pause()
        await _until(pilot, lambda: bool(app.screen.query("#summary-text")))
        assert "Stopped early" in str(app.screen.query_one("#summary-text", Static).content)


async def test_a_spoken_go_on_resumes_the_player_screen(tmp_path: Path) -> None:
    """`--listen FILE.wav` in the player: paused with space, "go on" from the file resumes
    it, and the screen shows what was heard."""
    import wave

    from player.desktop.handsfree import Listening
    from player.desktop.listen import RATE
    from player.desktop.rehearse import mixed, noise, speak

    track = noise(40.0, seed=5, level=600.0)
    for at in range(6, 38, 3):
        track = mixed(track, speak("go on", "en-us+f3", 165), float(at))
    words = tmp_path / "go-on.wav"
    with wave.open(str(words), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(track)
    routine = load_routine(SHORT).routine
    app = make_app(
        PlayerSettings(tts="fake", audio="null", listening=Listening(input=words)),
        routine,
        clock=FakeClock(),
        synthesizer=FakeSynthesizer(),
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await _until(pilot, lambda: app.live is not None and app.live.state().playing)
        live = app.live
        assert live is not None
        await pilot.press("space")
        await _until(pilot, lambda: live.state().paused)
        await _until(pilot, lambda: live.state().playing, timeout=60.0)
        # The line is shown just after the command (a message to the screen): wait for it.
        await _until(pilot, lambda: any('heard "go on"' in n.message for n in app._notifications))
