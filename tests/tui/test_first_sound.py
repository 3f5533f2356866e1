"""`workout play` starts its first word before it imports Textual: the session, when the
player opens at once (the red flags read, no check-in before), else the check-in's question.
Ordering, not time: the first clip is started while `textual` is not yet imported."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from player.routine.model import Routine
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.tui.app import make_app
from player.tui.live import LiveSession
from player.tui.player_settings import PlayerSettings
from player.tui.screens.player import PlayerScreen

# The first clip the session plays prints whether Textual was imported yet, and ends the
# process there (nothing after it matters here).
FIRST_CLIP = """
import os, sys
from player.sound import null

def first_clip(self, clip, at=None):
    with open(os.environ["FIRST_CLIP_SAYS"], "w") as said:
        said.write(f"textual imported: {'textual' in sys.modules}")
    os._exit(0)

null.NullOutput.play = first_clip
from player.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _first_clip(checkins: bool, said: Path) -> str:
    config = Path(os.environ["WORKOUT_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text(f"[session]\ncheckins = {str(checkins).lower()}\n")
    terminal, keys = pty.openpty()  # `play` draws a screen: it wants a terminal
    try:
        done = subprocess.run(
            [sys.executable, "-c", FIRST_CLIP, "play", "desk-break-back", "--tts", "fake",
             "--audio", "null"],
            stdin=keys, stdout=keys, stderr=keys, timeout=120,
            env={**os.environ, "FIRST_CLIP_SAYS": str(said)}, check=False,
        )  # fmt: skip
        assert done.returncode == 0, os.read(terminal, 4096).decode(errors="replace")
    finally:
        os.close(terminal)
        os.close(keys)
    return said.read_text()


@pytest.mark.parametrize("checkins", [False, True], ids=["session", "check-in question"])
def test_the_first_clip_is_started_before_textual_is_imported(
    checkins: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold (an empty cache of its own), then warm."""
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "cache"))
    assert _first_clip(checkins, said=tmp_path / "cold") == "textual imported: False"
    assert _first_clip(checkins, said=tmp_path / "said") == "textual imported: False"


def test_the_check_in_screen_does_not_say_again_the_question_said_ahead() -> None:
    from player.tui.live import SaidAhead

    ahead = SaidAhead("How is your back?", "en", tts="fake", audio="null")
    assert ahead.playing.wait(30.0)
    assert not ahead.take("Something else")
    assert ahead.take("How is your back?")  # once said: the screen says nothing
    assert not ahead.take("How is your back?")  # asked again: said again


async def test_the_app_shows_a_session_started_before_it_with_what_it_said_meanwhile(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    settings = PlayerSettings(tts="fake", audio="null", exit_after=True)
    synthesizer = FakeSynthesizer()
    live = LiveSession(
        short_routine, settings=settings, clock=clock, output=output, synthesizer=synthesizer
    )
    live.start_behind()
    assert live.wait_until_playing(30.0)
    first = next(c.text for c in live.timeline.cues if c.text)
    app = make_app(
        settings, live.routine, clock=clock, output=output, synthesizer=synthesizer, live=live
    )
    async with app.run_test() as pilot:
        for _ in range(250):
            if isinstance(app.screen, PlayerScreen) and app.screen.said:
                break
            await pilot.pause(0.02)
        assert app.live is live and live.shown
        assert isinstance(app.screen, PlayerScreen)
        assert app.screen.said == first  # said before the screen was there
        assert live.state().playing
