"""simpleaudio against ALSA's `file` plugin, and silence when there is no device.

ALSA reads its configuration when the library loads, so each case runs in a child Python
with HOME pointing at a folder whose `.asoundrc` says where "default" goes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from player.sound.base import SAMPLE_RATE
from player.sound.choose import SILENT
from player.sound.tones import load_tone

try:
    import simpleaudio  # noqa: F401
except ImportError:  # pragma: no cover - Python 3.12+, where simpleaudio is not installed
    pytest.skip(
        "simpleaudio is not importable (not installed, or Python 3.12+ where it crashes)",
        allow_module_level=True,
    )

# A default device that leads nowhere: ALSA fails to open it and says so on fd 2.
NO_SUCH_DEVICE = 'pcm.!default { type plug slave.pcm "workout_no_such_device" }\n'
CHECKOUT = Path(__file__).resolve().parents[2]

PLAY = """
from player.sound.simpleaudio_output import SimpleaudioOutput
from player.sound.tones import load_tone
output = SimpleaudioOutput()
playback = output.play(load_tone("finish"))
playback.wait_done()
assert not playback.is_playing()
output.close()
"""

NO_DEVICE = """
from player.sound.base import SoundError
from player.sound.choose import probe_outputs, select_output
from player.sound.simpleaudio_output import SimpleaudioOutput
from player.sound.tones import load_tone
try:
    SimpleaudioOutput().play(load_tone("tick"))
except SoundError as error:
    message = str(error)
probes = probe_outputs()
chosen = select_output("auto")
import json, pathlib, sys
pathlib.Path(sys.argv[1]).write_text(json.dumps([message, probes[0], chosen.reason]))
"""


def run_with_asoundrc(
    home: Path, asoundrc: str, code: str, *args: str
) -> subprocess.CompletedProcess[str]:
    home.mkdir(exist_ok=True)
    (home / ".asoundrc").write_text(asoundrc)
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(CHECKOUT)}
    env.pop("ALSA_CONFIG_PATH", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=CHECKOUT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_bytes_simpleaudio_plays_reach_the_device_unchanged(tmp_path: Path) -> None:
    raw = tmp_path / "out.raw"
    asoundrc = f"""
pcm.!default {{
    type file
    slave.pcm "null"
    file "{raw}"
    format "raw"
}}
"""
    done = run_with_asoundrc(tmp_path / "home", asoundrc, PLAY)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")
    # The null slave takes mono S16_LE at 22050 Hz as it is: no conversion, byte for byte.
    # (The file plugin truncates its file on each open, so one clip is checked.)
    assert raw.read_bytes() == load_tone("finish").pcm


def test_no_alsa_text_reaches_the_terminal_when_there_is_no_device(tmp_path: Path) -> None:
    import json

    asoundrc = NO_SUCH_DEVICE
    verdict = tmp_path / "verdict.json"
    done = run_with_asoundrc(tmp_path / "home", asoundrc, NO_DEVICE, str(verdict))
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")  # no "ALSA lib ..." lines
    message, probe, reason = json.loads(verdict.read_text())
    assert message.startswith("no audio device: cannot open the PCM device")
    assert probe[:2] == ["simpleaudio", False]
    assert reason == SILENT  # one plain line; the details are `workout doctor`'s


def test_without_silencing_alsa_would_have_written_to_the_terminal(tmp_path: Path) -> None:
    """The control case: the test above can only pass because of `silence_alsa`."""
    asoundrc = NO_SUCH_DEVICE
    code = (
        "import simpleaudio\n"
        "try:\n    simpleaudio.play_buffer(bytes(100), 1, 2, 22050)\n"
        "except Exception:\n    pass\n"
    )
    done = run_with_asoundrc(tmp_path / "home", asoundrc, code)
    assert "ALSA lib" in done.stderr


def test_the_buffer_simpleaudio_asks_alsa_for_is_behind_the_first_sample() -> None:
    """Why `SimpleaudioOutput.latency` is 0 (docs/audio.md): a stream set up as simpleaudio
    sets one up (`snd_pcm_set_params`, 100 ms) starts at its first write of a whole buffer,
    so the buffer does not delay the first sample. libasound's null PCM, in this process."""
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        alsa = ctypes.CDLL(name)
    except OSError:  # pragma: no cover - a system without ALSA has no simpleaudio either
        pytest.skip("no libasound")
    alsa.snd_pcm_writei.restype = ctypes.c_long
    alsa.snd_pcm_writei.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong]
    prepared, running = 2, 3  # SND_PCM_STATE_*
    pcm = ctypes.c_void_p()
    assert alsa.snd_pcm_open(ctypes.byref(pcm), b"null", 0, 0) == 0
    try:
        s16_le, rw_interleaved = 2, 3
        assert alsa.snd_pcm_set_params(pcm, s16_le, rw_interleaved, 1, SAMPLE_RATE, 1, 100_000) == 0
        params = ctypes.c_void_p()
        assert alsa.snd_pcm_hw_params_malloc(ctypes.byref(params)) == 0
        frames = ctypes.c_ulong()
        assert alsa.snd_pcm_hw_params_current(pcm, params) == 0
        assert alsa.snd_pcm_hw_params_get_buffer_size(params, ctypes.byref(frames)) == 0
        alsa.snd_pcm_hw_params_free(params)
        assert frames.value == SAMPLE_RATE // 10  # the 100 ms buffer simpleaudio asks for
        assert alsa.snd_pcm_state(pcm) == prepared  # nothing written, nothing playing
        written = alsa.snd_pcm_writei(pcm, bytes(2 * frames.value), frames.value)
        assert written == frames.value
        assert alsa.snd_pcm_state(pcm) == running  # the first sample is on its way
    finally:
        alsa.snd_pcm_close(pcm)
