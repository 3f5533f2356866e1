"""The `command` backend: an external player (`paplay`, `aplay`, `afplay`; `winsound` on
Windows) playing each clip from a temporary WAV, its output sent to /dev/null."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from player.files import temporary_dir
from player.sound.base import SAMPLE_RATE, Clip, SoundError, SystemClock, TimedPlayback
from player.sound.wav import write_wav

# Tried in this order: PulseAudio/PipeWire, plain ALSA, macOS. paplay and aplay are asked
# for a 50 ms buffer (aplay's own default is up to 500 ms). The buffer is not in front of
# the first sample: the player reads the clip from a file, fills the buffer at once, and
# the stream starts when it is full (ALSA's start threshold; PulseAudio's prebuffer), with
# the rest of the clip behind the first sample. In front of it: starting the process and
# opening the device. LATENCIES are that, measured: `aplay` of a 1 ms clip to ALSA's null
# PCM runs 1.3 ms whole (3.8 ms beside two CPU-bound processes); paplay (not installed
# where this was measured) is taken to start as fast. What the sound card or server adds
# beyond it is not known. See docs/audio.md.
PLAYERS: tuple[tuple[str, ...], ...] = (
    ("paplay", "--latency-msec=50"),
    ("aplay", "-q", "--buffer-time=50000"),
    ("afplay",),
)
LATENCIES = {"paplay": 0.003, "aplay": 0.003}  # seconds; others are not known: 0
MISSING = (
    "no command-line audio player found: apt install pulseaudio-utils (paplay) "
    "or alsa-utils (aplay)"
)


def find_player() -> tuple[str, ...] | None:
    """The first player of PLAYERS that is installed, as an argv prefix."""
    for argv in PLAYERS:
        if shutil.which(argv[0]):
            return argv
    return None


class CommandPlayback:
    """One clip played by a child process."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def wait_done(self) -> None:
        self._process.wait()

    def is_playing(self) -> bool:
        return self._process.poll() is None


class CommandOutput:
    """Plays clips through an external command; each distinct clip is written once."""

    name = "command"

    def __init__(self, argv: Sequence[str] | None = None) -> None:
        found = tuple(argv) if argv else find_player()
        if found is None:
            raise SoundError(MISSING)
        self.argv = found
        # Known for our players with the buffer we ask for; a command of the user's: unknown.
        self.latency = LATENCIES.get(found[0], 0.0) if found in PLAYERS else 0.0
        self._folder = temporary_dir("audio")
        self._files: dict[Clip, Path] = {}
        self._playing: list[CommandPlayback] = []

    def _file(self, clip: Clip) -> Path:
        path = self._files.get(clip)
        if path is None:
            path = Path(self._folder.name) / f"{len(self._files)}.wav"
            write_wav(path, clip)
            self._files[clip] = path
        return path

    def play(self, clip: Clip, at: float | None = None) -> CommandPlayback:
        try:
            process = subprocess.Popen(
                [*self.argv, str(self._file(clip))],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            raise SoundError(f"cannot run {self.argv[0]}: {error.strerror or error}") from None
        self._playing = [p for p in self._playing if p.is_playing()]
        playback = CommandPlayback(process)
        self._playing.append(playback)
        return playback

    def close(self) -> None:
        for playback in self._playing:
            playback.stop()
        self._playing.clear()
        self._folder.cleanup()


def probe_command(argv: Sequence[str] | None = None, timeout: float = 3.0) -> tuple[bool, str]:
    """Whether the external player can play 20 ms of silence, and what it said if not."""
    found = tuple(argv) if argv else find_player()
    if found is None:
        return False, MISSING
    with tempfile.TemporaryDirectory(prefix="workout-probe-") as folder:
        path = Path(folder) / "silence.wav"
        write_wav(path, Clip(bytes(2 * SAMPLE_RATE // 50)))
        try:
            done = subprocess.run(
                [*found, str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return False, f"{found[0]}: {error}"
    if done.returncode != 0:
        said = done.stderr.decode(errors="replace").strip().splitlines()
        last = said[-1] if said else f"exit code {done.returncode}"
        return False, last if last.startswith(found[0]) else f"{found[0]}: {last}"
    return True, f"{' '.join(found)} plays"


def on_windows() -> bool:
    """Whether `winsound` exists here (a function, so type checkers see both branches)."""
    return sys.platform == "win32"


class WinsoundPlayback(TimedPlayback):
    """A winsound clip: keeps time, and `stop` silences winsound."""

    def stop(self) -> None:
        super().stop()
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, 0)


class WinsoundOutput:
    """Windows' built-in `winsound`: one clip at a time, played asynchronously."""

    name = "winsound"

    def __init__(self) -> None:
        if not on_windows():
            raise SoundError("winsound exists only on Windows: use --audio command or null")
        self._folder = temporary_dir("audio")
        self._clock = SystemClock()
        self._count = 0

    def play(self, clip: Clip, at: float | None = None) -> TimedPlayback:
        self._count += 1
        path = Path(self._folder.name) / f"{self._count}.wav"
        write_wav(path, clip)
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_ASYNC)
        return WinsoundPlayback(clip, self._clock)

    def close(self) -> None:
        if sys.platform == "win32":
            import winsound

            winsound.PlaySound(None, 0)
        self._folder.cleanup()
