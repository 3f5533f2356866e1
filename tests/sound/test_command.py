"""The `command` backend: a real child process per clip, its output never on our terminal."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from player.sound.base import SoundError, output_latency
from player.sound.command import LATENCIES, PLAYERS, CommandOutput, probe_command
from player.sound.tones import load_tone
from player.sound.wav import read_wav

# A stand-in player: copies the WAV it is given to $1-named file and talks on both streams.
FAKE_PLAYER = """
import shutil, sys, time
print("playing", sys.argv[-1])
print("ALSA lib pcm.c: noise", file=sys.stderr)
shutil.copy(sys.argv[-1], sys.argv[1])
time.sleep(float(sys.argv[2]))
"""


@pytest.fixture
def fake_player(tmp_path: Path) -> Path:
    script = tmp_path / "player.py"
    script.write_text(FAKE_PLAYER)
    return script


def test_each_clip_is_played_from_a_wav_by_the_command(
    tmp_path: Path, fake_player: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    heard = tmp_path / "heard.wav"
    output = CommandOutput([sys.executable, str(fake_player), str(heard), "0"])
    playback = output.play(load_tone("finish"))
    playback.wait_done()
    assert not playback.is_playing()
    assert read_wav(heard) == load_tone("finish")
    output.close()
    assert capfd.readouterr() == ("", "")  # the child's stdout and stderr went to /dev/null


def test_stop_ends_the_child(tmp_path: Path, fake_player: Path) -> None:
    output = CommandOutput([sys.executable, str(fake_player), str(tmp_path / "h.wav"), "30"])
    playback = output.play(load_tone("tick"))
    assert playback.is_playing()
    started = time.monotonic()
    playback.stop()
    assert not playback.is_playing()
    assert time.monotonic() - started < 5
    output.close()


def test_close_stops_what_still_plays_and_removes_the_files(
    tmp_path: Path, fake_player: Path
) -> None:
    output = CommandOutput([sys.executable, str(fake_player), str(tmp_path / "h.wav"), "30"])
    playback = output.play(load_tone("tick"))
    output.close()
    assert not playback.is_playing()


def test_a_missing_program_is_one_clear_error(tmp_path: Path) -> None:
    output = CommandOutput([str(tmp_path / "no-such-player")])
    with pytest.raises(SoundError, match=r"cannot run .*no-such-player"):
        output.play(load_tone("tick"))
    output.close()


def test_probe_says_whether_the_command_plays(tmp_path: Path, fake_player: Path) -> None:
    ok, detail = probe_command([sys.executable, str(fake_player), str(tmp_path / "p.wav"), "0"])
    assert ok, detail
    ok, detail = probe_command(["false"])
    assert not ok
    assert detail == "false: exit code 1"


def test_our_players_lead_by_their_start_and_a_command_of_ones_own_by_nothing(
    fake_player: Path,
) -> None:
    """The engine starts each clip `output_latency` early (docs/audio.md): for paplay and
    aplay with the buffer we ask for, their measured start; for any other command, 0."""
    for argv in PLAYERS:
        ours = CommandOutput(argv)
        try:
            assert output_latency(ours) == LATENCIES.get(argv[0], 0.0)
        finally:
            ours.close()
    assert all(0 < LATENCIES[name] < 0.010 for name in ("paplay", "aplay"))
    theirs = CommandOutput([sys.executable, str(fake_player)])
    try:
        assert output_latency(theirs) == 0.0
    finally:
        theirs.close()
    # aplay asked for other than our buffer is a command of one's own, too.
    other = CommandOutput(["aplay", "-q"])
    try:
        assert output_latency(other) == 0.0
    finally:
        other.close()
