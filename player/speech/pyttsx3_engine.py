"""Speech with pyttsx3 (espeak-ng on Linux), rendered in a child process with a timeout.

pyttsx3 prints to stdout, hangs when one engine is used from several threads and ignores
a voice it cannot load, so it never runs in our process: one long-lived child
(`worker.py`) renders phrases on request, several at once, each from the same untouched
engine state (so the same text and settings always give the same clip). A phrase that takes
longer than the timeout, or a child that dies, gets the child restarted and the phrase
tried once more; then a `SpeechError` says what to do.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import importlib.util
import itertools
import json
import os
import platform
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from player.routine.model import Voice
from player.speech.base import SpeechError, VoiceInfo
from player.speech.voices import choose_voice
from player.speech.wavfile import HEADER_BYTES, read_speech, write_speech

WORKER = Path(__file__).with_name("worker.py")
PHRASE_TIMEOUT = 10.0  # seconds for one phrase (espeak needs ~20 ms for a sentence)
START_TIMEOUT = 10.0  # seconds for the child to start and list its voices
_ESPEAK_LIBRARIES = ("libespeak-ng.so.1", "libespeak-ng.1.dylib", "libespeak-ng.dll")
_INSTALL_ESPEAK = "espeak-ng is not installed: apt install espeak-ng"


class _ChildFailed(Exception):
    """The child did not answer in time, or died; worth one restart."""


@cache
def espeak_version() -> str:
    """The espeak-ng library's version, e.g. "1.51"; `SpeechError` if it is not installed.

    The library is opened by its usual names first; `find_library` (which runs `ldconfig
    -p`, some 15 ms) only where none of them is there."""
    for name in _library_names():
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


def _library_names() -> Iterator[str]:
    yield from _ESPEAK_LIBRARIES
    found = ctypes.util.find_library("espeak-ng")
    if found and found not in _ESPEAK_LIBRARIES:
        yield found


@cache
def pyttsx3_version() -> str:
    """The installed pyttsx3's version; `SpeechError` if it is not installed.

    Read from the name of its `.dist-info` folder beside the package where there is one:
    `importlib.metadata` takes some 15 ms to import, more than everything else an export of
    a cached session does before its first sample."""
    spec = importlib.util.find_spec("pyttsx3")
    if spec is None:
        raise SpeechError(
            "pyttsx3 is not installed: pip install pyttsx3", fix="pip install pyttsx3"
        )
    for folder in spec.submodule_search_locations or ():
        found = sorted(Path(folder).parent.glob("pyttsx3-*.dist-info"))
        if len(found) == 1:
            return found[0].name[len("pyttsx3-") : -len(".dist-info")]
    from importlib import metadata

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
    """One running worker process; a reader thread hands each answer to whoever asked."""

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
        self._answers: dict[Any, dict[str, Any]] = {}
        self._ended: str | None = None  # why no more answers will come
        self._arrived = threading.Condition()
        self._reader = threading.Thread(target=self._read, name="speech-answers", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        why = "the speech process stopped"
        try:
            for line in self.process.stdout:  # blocks until the child says something
                try:
                    answer: dict[str, Any] = json.loads(line)
                except ValueError:
                    why = "the speech process answered nonsense"
                    break
                with self._arrived:
                    self._answers[answer.get("id")] = answer
                    self._arrived.notify_all()
        except (OSError, ValueError):  # closed under us by `stop`
            pass
        with self._arrived:
            self._ended = why
            self._arrived.notify_all()

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message).encode() + b"\n")
            self.process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError) as error:
            raise _ChildFailed("the speech process stopped") from error

    def receive(self, key: Any, timeout: float) -> dict[str, Any]:
        """The answer to request `key` (None: the greeting), waiting at most `timeout` s."""
        with self._arrived:
            self._arrived.wait_for(lambda: key in self._answers or self._ended, timeout)
            if key in self._answers:
                return self._answers.pop(key)
            if self._ended:
                raise _ChildFailed(self._ended)
        raise _ChildFailed(f"no answer within {timeout:g} s")

    def stop(self, *, kill: bool = False) -> None:
        """End the child: politely (end of input) unless `kill`, then by force."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=0 if kill else 0.5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(OSError, AttributeError):  # the child and its forks
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5.0)
        if self.process.stdout is not None:
            self.process.stdout.close()


class Pyttsx3Synthesizer:
    """Renders phrases with pyttsx3 in one long-lived child process (started when needed).

    `render` may be called from several threads at once: the child renders up to `parallel`
    phrases side by side (one per core, see `worker.py`).
    """

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
        self.parallel = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        self._child: _Child | None = None
        self._voices: list[VoiceInfo] | None = None
        self._requests = itertools.count(1)
        self._lock = threading.Lock()  # starting, stopping and writing to the child

    def _start(self) -> _Child:
        self.starts += 1
        child = _Child(self.command)
        try:
            hello = child.receive(None, self.start_timeout)
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
        """The child, started if need be (the caller holds the lock)."""
        if self._child is None or self._child.process.poll() is not None:
            if self._child is not None:
                self._child.stop()
            self._child = None
            self._child = self._start()
        return self._child

    def _stop(self, child: _Child | None = None, *, kill: bool = False) -> None:
        """Stop the child (only if it is still `child`, when given; the caller holds the lock)."""
        if self._child is not None and child in (None, self._child):
            self._child.stop(kill=kill)
            self._child = None

    def _ask(self, what: str, request: dict[str, Any] | None) -> dict[str, Any]:
        """Start the child if needed and send `request`; on a hang or a crash, restart once."""
        failure: _ChildFailed | None = None
        for _ in range(2):
            child = None
            try:
                with self._lock:
                    child = self._running()
                    if request is None:
                        return {}
                    key = next(self._requests)
                    child.send({**request, "id": key})
                return child.receive(key, self.timeout)
            except _ChildFailed as error:
                failure = error
                with self._lock:
                    self._stop(child, kill=True)
        raise SpeechError(
            f"the speech engine failed twice on {what} ({failure}). "
            "Check it with `workout doctor`; `--tts fake` plays without speech."
        )

    def voices(self) -> list[VoiceInfo]:
        self._ask("listing voices", None)
        return list(self._voices or [])

    def render(self, text: str, language: str, voice: Voice, out: Path) -> None:
        if not text.strip():
            raise SpeechError("there is nothing to say in an empty phrase")
        chosen = choose_voice(self.voices(), language, voice.name)
        request = {"text": text, "voice": chosen.id, "rate": voice.rate, "volume": voice.volume}
        answer = self._ask(repr(_short(text)), {**request, "out": str(out)})
        if "error" in answer:
            raise SpeechError(f"could not say {_short(text)!r}: {answer['error']}")
        pcm = read_speech(out)  # checks the format; converts another rate
        if out.stat().st_size != HEADER_BYTES + len(pcm):
            write_speech(out, pcm)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def __del__(self) -> None:
        child = getattr(self, "_child", None)
        if child is not None and child.process.poll() is None:
            child.process.kill()


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
