"""Speech with pyttsx3 (espeak-ng on Linux), rendered in a child process with a timeout.

pyttsx3 prints to stdout, hangs when one engine is used from several threads and ignores
a voice it cannot load, so it never runs in our process: one long-lived child
(`worker.py`) renders one phrase per request. A phrase that takes longer than the timeout,
or a child that dies, gets the child restarted and the phrase tried once more; then a
`SpeechError` says what to do. A child keeps the voice, rate and volume of its first
phrase (espeak-ng ignores a new rate set between phrases); other settings get a new child.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import json
import os
import platform
import select
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from player.routine.model import Voice
from player.sound.base import Clip
from player.speech.base import SpeechError, VoiceInfo
from player.speech.voices import choose_voice
from player.speech.wavfile import HEADER_BYTES, read_speech, write_speech

WORKER = Path(__file__).with_name("worker.py")
PHRASE_TIMEOUT = 10.0  # seconds for one phrase (espeak needs ~20 ms for a sentence)
START_TIMEOUT = 10.0  # seconds for the child to start and list its voices
PYTTSX3_INITIAL_RATE = 200  # words a minute pyttsx3's espeak driver starts with
SETTING_ATTEMPTS = 3  # children tried for one voice setting before taking what it says
_ESPEAK_LIBRARIES = ("libespeak-ng.so.1", "libespeak-ng.1.dylib", "libespeak-ng.dll")
_INSTALL_ESPEAK = "espeak-ng is not installed: apt install espeak-ng"


class _ChildFailed(Exception):
    """The child did not answer in time, or died; worth one restart."""


@cache
def espeak_version() -> str:
    """The espeak-ng library's version, e.g. "1.51"; `SpeechError` if it is not installed."""
    names = [*_ESPEAK_LIBRARIES]
    found = ctypes.util.find_library("espeak-ng")
    if found:
        names.insert(0, found)
    for name in names:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        info = library.espeak_Info
        info.restype = ctypes.c_char_p
        info.argtypes = [ctypes.c_void_p]
        version: bytes | None = info(None)
        return version.decode("ascii", "replace") if version else "unknown"
    raise SpeechError(_INSTALL_ESPEAK, fix="apt install espeak-ng")


@cache
def pyttsx3_version() -> str:
    """The installed pyttsx3's version; `SpeechError` if it is not installed."""
    try:
        return metadata.version("pyttsx3")
    except metadata.PackageNotFoundError as error:
        raise SpeechError(
            "pyttsx3 is not installed: pip install pyttsx3", fix="pip install pyttsx3"
        ) from error


def engine_name() -> str:
    """The cache key's engine part, e.g. "pyttsx3-2.99/espeak-ng-1.51"; cheap, no child."""
    system = platform.system()
    if system in ("Darwin", "Windows"):
        return f"pyttsx3-{pyttsx3_version()}/{system.lower()}"
    return f"pyttsx3-{pyttsx3_version()}/espeak-ng-{espeak_version()}"


class _Child:
    """One running worker process and the answers it has sent."""

    def __init__(self, command: Sequence[str]) -> None:
        try:
            self.process = subprocess.Popen(
                list(command),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # Ctrl-C in the terminal is ours, not the child's
            )
        except OSError as error:  # the Python that runs us moved, or may not be run
            raise _ChildFailed(f"cannot start {command[0]}: {error.strerror or error}") from None
        self._buffer = b""

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message).encode() + b"\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            raise _ChildFailed("the speech process stopped") from error

    def receive(self, timeout: float) -> dict[str, Any]:
        """The next answer, waiting at most `timeout` seconds."""
        assert self.process.stdout is not None
        stream = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _ChildFailed(f"no answer within {timeout:g} s")
            readable, _, _ = select.select([stream], [], [], left)
            if not readable:
                continue
            chunk = os.read(stream, 65536)
            if not chunk:
                raise _ChildFailed("the speech process stopped")
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        try:
            answer: dict[str, Any] = json.loads(line)
        except ValueError as error:
            raise _ChildFailed("the speech process answered nonsense") from error
        return answer

    def stop(self, *, kill: bool = False) -> None:
        """End the child: politely (end of input) unless `kill`, then by force."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=0 if kill else 0.5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class Pyttsx3Synthesizer:
    """Renders phrases with pyttsx3 in one long-lived child process (started when needed)."""

    def __init__(
        self,
        *,
        timeout: float = PHRASE_TIMEOUT,
        start_timeout: float = START_TIMEOUT,
        worker_command: Sequence[str] | None = None,
    ) -> None:
        self.engine = engine_name()
        self.timeout = timeout
        self.start_timeout = start_timeout
        self.command = list(worker_command or [sys.executable, str(WORKER)])
        self.starts = 0  # child processes started so far (tests and `doctor` read it)
        self._child: _Child | None = None
        self._voices: list[VoiceInfo] | None = None
        self._settings: tuple[str, int, float] | None = None  # the running child's voice
        self._lock = threading.Lock()  # one phrase at a time: the child is serial

    def _start(self) -> _Child:
        self.starts += 1
        child = _Child(self.command)
        try:
            hello = child.receive(self.start_timeout)
        except _ChildFailed:
            child.stop(kill=True)
            raise
        if "error" in hello:
            child.stop(kill=True)
            raise SpeechError(f"{hello['error']}. Check with `workout doctor`.")
        self._voices = [
            VoiceInfo(v["id"], v["name"], tuple(v["languages"])) for v in hello.get("voices", [])
        ]
        return child

    def _running(self) -> _Child:
        if self._child is None or self._child.process.poll() is not None:
            if self._child is not None:
                self._child.stop()
            self._child = None
            self._child = self._start()
        return self._child

    def _stop(self, *, kill: bool = False) -> None:
        if self._child is not None:
            self._child.stop(kill=kill)
            self._child = None
        self._settings = None

    def _with_retry(self, what: str, ask: dict[str, Any] | None) -> dict[str, Any]:
        """Start the child if needed and send `ask`; on a hang or a crash, restart once."""
        failure: _ChildFailed | None = None
        for _ in range(2):
            try:
                child = self._running()
                if ask is None:
                    return {}
                child.send(ask)
                return child.receive(self.timeout)
            except _ChildFailed as error:
                failure = error
                self._stop(kill=True)
        raise SpeechError(
            f"the speech engine failed twice on {what} ({failure}). "
            "Check it with `workout doctor`; `--tts fake` plays without speech."
        )

    def voices(self) -> list[VoiceInfo]:
        with self._lock:
            self._with_retry("listing voices", None)
            return list(self._voices or [])

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        if not text.strip():
            raise SpeechError("there is nothing to say in an empty phrase")
        with self._lock:
            self._with_retry("start-up", None)
            chosen = choose_voice(self._voices or [], language, voice.name)
            settings = (chosen.id, voice.rate, voice.volume)
            if self._settings not in (None, settings):
                self._stop()  # a child keeps the voice it started with (see worker.py)
            request = {
                "text": text,
                "voice": chosen.id,
                "rate": voice.rate,
                "volume": voice.volume,
                "out": str(out),
            }
            for attempt in range(SETTING_ATTEMPTS):
                fresh = self._settings is None
                answer = self._with_retry(repr(_short(text)), request)
                if "error" in answer:
                    raise SpeechError(f"could not say {_short(text)!r}: {answer['error']}")
                pcm = read_speech(out)  # checks the format; converts another rate
                self._settings = settings
                if not fresh or _rate_taken(pcm, text, language, voice.rate):
                    break
                if attempt + 1 < SETTING_ATTEMPTS:
                    self._stop()  # this child lost the rate: a new one gets it again
        if out.stat().st_size != HEADER_BYTES + len(pcm):
            write_speech(out, pcm)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __del__(self) -> None:
        child = getattr(self, "_child", None)
        if child is not None and child.process.poll() is None:
            child.process.kill()


def _rate_taken(pcm: bytes, text: str, language: str, rate: int) -> bool:
    """Whether a child's first phrase sounds spoken at `rate` rather than at pyttsx3's
    initial 200 words a minute: espeak-ng now and then drops the rate a new child is given
    (a few children in a hundred), and then keeps it dropped for every phrase."""
    from player.timeline.estimate import estimate_duration

    wanted = estimate_duration(text, language, rate)
    initial = estimate_duration(text, language, PYTTSX3_INITIAL_RATE)
    if abs(wanted - initial) < 0.25:  # too close to tell apart, and to matter
        return True
    seconds = Clip(pcm).duration
    return abs(seconds - wanted) <= abs(seconds - initial)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
