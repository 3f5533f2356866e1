"""The speech child process: renders phrases on request and answers over a pipe.

Run as a script (`python worker.py`) by `player.speech.pyttsx3_engine`; it imports only the
standard library and pyttsx3, so it starts fast however `player` is installed. Requests and
answers are JSON lines on stdin and on the original stdout, each answer carrying its
request's `id`; everything else the engine prints goes to /dev/null, never to a terminal.

With espeak-ng (Linux) the child loads the library through pyttsx3's own binding
(`pyttsx3.drivers._espeak`) in espeak's synchronous mode, and every phrase is rendered in a
fork of it that has never spoken. espeak-ng keeps state from one phrase to the next (the
phase of its wave generator and its pitch flutter), so a long-lived engine gives the same
text a slightly different clip each time (1673, 1714, then 1705 ms for one phrase); a fork
starts from the same state every time, so the same text and settings give the same clip,
byte for byte — the very bytes `espeak-ng -w` writes. Forks run side by side, as many as
the machine has cores; each answers for itself the moment its file is written, and nothing
here ever sleeps to wait. Elsewhere (macOS, Windows) pyttsx3's own driver renders one
phrase after another.
"""

from __future__ import annotations

import ctypes
import json
import os
import select
import struct
import sys
import threading
import time
from typing import Any

SAMPLE_RATE = 22050
_HEADER = struct.Struct("<4sI4s4sIHHIIHH4sI")


def _answer(channel: int, message: dict[str, Any]) -> None:
    """One answer line, in one write (atomic on a pipe), so forks never interleave."""
    os.write(channel, (json.dumps(message) + "\n").encode())


def _silence_output() -> int:
    """Keep a private copy of stdout for answers; point fds 1 and 2 at /dev/null."""
    channel = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    return channel


def wav_file(pcm: bytes) -> bytes:
    """Mono 16-bit PCM at 22050 Hz with the canonical 44-byte WAV header before it."""
    size = len(pcm)
    header = _HEADER.pack(
        b"RIFF", 36 + size, b"WAVE", b"fmt ", 16, 1, 1, SAMPLE_RATE, 2 * SAMPLE_RATE, 2, 16,
        b"data", size,
    )  # fmt: skip
    return header + pcm


def _end_with_parent(poll: float = 0.5) -> None:
    """Exit when the parent is gone, even while a phrase is being rendered (a parent killed
    meanwhile would otherwise leave this process running for ever)."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class _Lines:
    """Lines from a file descriptor, read as they come (blocking only in `select`)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._buffer = b""
        self.ended = False

    def read(self) -> list[bytes]:
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.ended = True
        *lines, self._buffer = (self._buffer + chunk).split(b"\n")
        return lines


# --- espeak-ng: one fork per phrase -------------------------------------------------------


def _espeak() -> Any:
    from pyttsx3.drivers import _espeak

    if _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 0) == -1:
        raise RuntimeError("espeak-ng could not be initialised")
    return _espeak


def _espeak_voices(espeak: Any) -> list[dict[str, Any]]:
    voices = []
    for voice in espeak.ListVoices(None):
        # `languages` is a priority byte, then the language name (pyttsx3 reads it so too)
        language = (voice.languages or b"?")[1:].decode("utf-8", "replace").lower()
        voices.append(
            {
                "id": voice.identifier.decode("utf-8").lower(),
                "name": voice.name.decode("utf-8"),
                "languages": [language] if language else [],
            }
        )
    return voices


def _speak(espeak: Any, request: dict[str, Any]) -> dict[str, Any]:
    """Render one phrase to its file, in a fork that has never spoken."""
    wanted = str(request["voice"])
    if espeak.SetVoiceByName(wanted.encode("utf-8")) != 0:
        raise RuntimeError(f"the voice {wanted!r} could not be loaded")
    current = espeak.GetCurrentVoice()
    got = current.contents.identifier.decode("utf-8").lower() if current else None
    if got != wanted.lower():
        raise RuntimeError(f"the voice {wanted!r} could not be loaded (got {got!r})")
    espeak.SetParameter(espeak.RATE, int(request["rate"]), 0)
    espeak.SetParameter(espeak.VOLUME, round(float(request["volume"]) * 100), 0)
    chunks: list[bytes] = []

    def collect(wav: Any, samples: int, events: Any) -> int:
        if samples > 0:
            chunks.append(ctypes.string_at(wav, 2 * samples))
        return 0

    espeak.SetSynthCallback(collect)
    if espeak.Synth(request["text"], flags=espeak.ENDPAUSE | espeak.CHARS_UTF8) != 0:
        raise RuntimeError("espeak-ng refused the phrase")
    pcm = b"".join(chunks)
    if not pcm:
        raise RuntimeError("espeak-ng said nothing")
    out = str(request["out"])
    try:
        with open(out, "wb") as file:
            file.write(wav_file(pcm))
    except OSError as error:
        raise RuntimeError(f"cannot write into {os.path.dirname(out) or '.'}") from error
    return {"id": request["id"], "done": out}


def _fork_speaking(espeak: Any, channel: int, request: dict[str, Any]) -> int:
    pid = os.fork()
    if pid == 0:  # the fork: render, answer, and leave without running any cleanup
        try:
            try:
                answer = _speak(espeak, request)
            except Exception as error:
                answer = {"id": request.get("id"), "error": str(error) or repr(error)}
            _answer(channel, answer)
        finally:
            os._exit(0)
    return pid


def _serve_with_espeak(channel: int) -> int:
    espeak = _espeak()
    cores = _cores()
    _answer(channel, {"ready": True, "voices": _espeak_voices(espeak), "parallel": cores})
    requests = _Lines(sys.stdin.fileno())
    running: dict[int, tuple[int, Any]] = {}  # pidfd -> (pid, request id)
    waiting: list[dict[str, Any]] = []
    while not (requests.ended and not running and not waiting):
        while waiting and len(running) < cores:
            request = waiting.pop(0)
            pid = _fork_speaking(espeak, channel, request)
            try:
                running[os.pidfd_open(pid)] = (pid, request.get("id"))
            except OSError:  # a kernel before 5.3: one phrase at a time
                _reaped(pid, request.get("id"), channel)
        listen = [] if requests.ended or len(running) >= cores else [requests.fd]
        readable, _, _ = select.select(listen + list(running), [], [])
        if requests.fd in readable:
            for line in requests.read():
                try:
                    waiting.append(json.loads(line))
                except ValueError:
                    _answer(channel, {"error": "not a JSON request"})
        for fd in readable:
            if fd in running:
                _reaped(*running.pop(fd), channel)
                os.close(fd)
    return 0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1


def _reaped(pid: int, request_id: Any, channel: int) -> None:
    """Wait for the fork `pid`; answer for it if it died before answering itself."""
    _, status = os.waitpid(pid, 0)
    if status != 0:
        _answer(channel, {"id": request_id, "error": f"the renderer died (status {status})"})


# --- pyttsx3's own driver, one phrase after another (macOS, Windows) -----------------------


def _serve_with_pyttsx3(channel: int) -> int:
    import pyttsx3

    engine = pyttsx3.init()
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    voices = [
        {
            "id": str(v.id),
            "name": str(v.name),
            "languages": [str(language).lower() for language in (v.languages or [])],
        }
        for v in engine.getProperty("voices")
    ]
    _answer(channel, {"ready": True, "voices": voices, "parallel": 1})
    for line in sys.stdin:
        request: dict[str, Any] = {}
        try:
            request = json.loads(line)
            engine.setProperty("voice", request["voice"])
            engine.setProperty("rate", int(request["rate"]))
            engine.setProperty("volume", float(request["volume"]))
            finished.clear()
            engine.save_to_file(request["text"], request["out"])
            engine.runAndWait()
            finished.wait()
            _answer(channel, {"id": request["id"], "done": request["out"]})
        except Exception as error:
            _answer(channel, {"id": request.get("id"), "error": str(error) or repr(error)})
    return 0


def main() -> int:
    _end_with_parent()
    channel = _silence_output()
    espeak = sys.platform.startswith("linux") and hasattr(os, "fork")
    try:
        return _serve_with_espeak(channel) if espeak else _serve_with_pyttsx3(channel)
    except Exception as error:
        _answer(channel, {"error": f"pyttsx3 could not start: {error}"})
        return 1


if __name__ == "__main__":
    sys.exit(main())
