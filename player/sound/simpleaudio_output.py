"""The `simpleaudio` backend (Python < 3.12 only), with ALSA's own error text silenced.

simpleaudio is archived and crashes on Python 3.12+. Without a device it raises, but
before that ALSA prints lines such as "ALSA lib pcm.c:2666:(snd_pcm_open_noupdate) Unknown
PCM default" straight to file descriptor 2, where they draw over a Textual screen. ALSA
sends that text through one process-wide hook, `snd_lib_error_set_handler`; `silence_alsa`
installs a handler (through ctypes) that keeps the last message instead of printing it. It
must run before simpleaudio first touches ALSA, and `SimpleaudioOutput` makes sure it does.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache
from typing import Any

from player.sound.base import (
    CHANNELS,
    SAMPLE_RATE,
    SAMPLE_WIDTH,
    Clip,
    SoundError,
    SystemClock,
    TimedPlayback,
)

MISSING = (
    "simpleaudio is not installed: pip install simpleaudio "
    "(it builds from source: apt install gcc libasound2-dev)"
)
TOO_NEW = (
    "simpleaudio crashes on Python 3.12 and later "
    f"(this is {sys.version_info.major}.{sys.version_info.minor}): use --audio command"
)

# void (*snd_lib_error_handler_t)(const char *file, int line, const char *function,
#                                 int err, const char *fmt, ...);  the variadic rest is ignored.
_ALSA_HANDLER = ctypes.CFUNCTYPE(
    None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
)
alsa_messages: list[str] = []  # what ALSA would have printed (format strings), newest last


def _keep_alsa_message(
    file: bytes | None, line: int, function: bytes | None, err: int, fmt: bytes | None
) -> None:
    where = (function or b"?").decode(errors="replace")
    alsa_messages.append(f"{where}: {(fmt or b'').decode(errors='replace')}")
    del alsa_messages[:-20]


_handler = _ALSA_HANDLER(_keep_alsa_message)  # kept alive for the life of the process


@cache
def silence_alsa() -> bool:
    """Route ALSA's error text to `alsa_messages` instead of the terminal. True if done
    (False where there is no ALSA, e.g. macOS and Windows: nothing to silence)."""
    name = ctypes.util.find_library("asound") or "libasound.so.2"
    try:
        alsa = ctypes.CDLL(name)
        alsa.snd_lib_error_set_handler(_handler)
    except (OSError, AttributeError):
        return False
    return True


def _simpleaudio() -> Any:
    """The simpleaudio module, after ALSA has been silenced; a clear SoundError if not usable."""
    if sys.version_info >= (3, 12):
        raise SoundError(TOO_NEW)
    silence_alsa()
    try:
        import simpleaudio
    except ImportError:
        raise SoundError(MISSING) from None
    return simpleaudio


class SimpleaudioPlayback:
    """simpleaudio's PlayObject, typed."""

    def __init__(self, play_object: Any) -> None:
        self._play_object = play_object

    def stop(self) -> None:
        self._play_object.stop()

    def wait_done(self) -> None:
        self._play_object.wait_done()

    def is_playing(self) -> bool:
        return bool(self._play_object.is_playing())


class SimpleaudioOutput:
    """Plays clips on the default ALSA device (CoreAudio/WinMM elsewhere) in-process."""

    name = "simpleaudio"
    # What is ahead of a clip's first sample after `play()`: nothing this code can wait less
    # for. simpleaudio asks ALSA for a 100 ms buffer (`snd_pcm_set_params(..., 100000)` in
    # its C code, not settable from Python), but that buffer is behind the first sample, not
    # in front of it: each clip opens a fresh stream, simpleaudio's first write is a whole
    # buffer (a shorter clip is written whole and drained), and `snd_pcm_set_params` makes
    # ALSA start a stream as soon as its buffer is full, so the stream runs from that first
    # write (seen with libasound's null PCM: RUNNING right after it). Opening the device
    # happens inside `play_buffer`, before `play()` returns (0.15 ms on the null PCM). What the
    # sound card or sound server adds (PipeWire: about one quantum) it does not tell us.
    # See docs/audio.md.
    latency = 0.0

    def __init__(self) -> None:
        self._simpleaudio = _simpleaudio()

    def play(self, clip: Clip, at: float | None = None) -> SimpleaudioPlayback | TimedPlayback:
        if not clip.pcm:
            return TimedPlayback(clip, SystemClock())
        try:
            play_object = self._simpleaudio.play_buffer(
                clip.pcm, CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE
            )
        except self._simpleaudio._simpleaudio.SimpleaudioError as error:
            raise SoundError(f"no audio device: {device_problem(error)}") from None
        return SimpleaudioPlayback(play_object)

    def close(self) -> None:
        self._simpleaudio.stop_all()


def device_problem(error: BaseException) -> str:
    """simpleaudio's error, shortened: 'Error opening PCM device. -- CODE: -2 -- MSG: No
    such file or directory' becomes 'cannot open the PCM device (No such file or directory)'."""
    text = str(error)
    if "-- MSG:" in text:
        head, _, message = text.partition("-- MSG:")
        head = head.split("--")[0].strip().rstrip(".")
        head = "cannot open the PCM device" if head == "Error opening PCM device" else head
        return f"{head} ({message.strip()})"
    return text


def probe_simpleaudio() -> tuple[bool, str]:
    """Whether simpleaudio can play 20 ms of silence here, silently."""
    try:
        simpleaudio = _simpleaudio()
    except SoundError as error:
        return False, str(error)
    try:
        simpleaudio.play_buffer(
            bytes(SAMPLE_WIDTH * SAMPLE_RATE // 50), CHANNELS, SAMPLE_WIDTH, SAMPLE_RATE
        ).wait_done()
    except simpleaudio._simpleaudio.SimpleaudioError as error:
        return False, f"no audio device: {device_problem(error)}"
    return True, f"simpleaudio {_version()} plays on the default device"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("simpleaudio")
    except PackageNotFoundError:
        return "?"
