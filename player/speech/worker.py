"""The speech child process: pyttsx3 renders one phrase per request, answers over a pipe.

Run as a script (`python worker.py`) by `player.speech.pyttsx3_engine`; it imports only the
standard library and pyttsx3, so it starts fast however `player` is installed. Requests and
answers are JSON lines on stdin and on the original stdout; everything else the engine prints
(pyttsx3's "Audio saved to ...", espeak's errors) goes to /dev/null, never to a terminal.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
import time
import wave
from typing import Any, TextIO

WRITE_PATIENCE = 2.0  # seconds from "finished" to a whole file


def _answer(channel: TextIO, message: dict[str, Any]) -> None:
    channel.write(json.dumps(message) + "\n")
    channel.flush()


def _silence_output() -> TextIO:
    """Keep a private copy of stdout for answers; point fds 1 and 2 at /dev/null."""
    channel = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    return channel


def _voices(engine: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": str(v.id),
            "name": str(v.name),
            "languages": [str(language).lower() for language in (v.languages or [])],
        }
        for v in engine.getProperty("voices")
    ]


def _complete(path: str) -> bool:
    """Whether `path` is a whole WAV file with speech in it."""
    try:
        size = os.path.getsize(path)
        with wave.open(path, "rb") as wav:
            frames = wav.getnframes()
            frame_bytes = wav.getsampwidth() * wav.getnchannels()
    except (OSError, EOFError, wave.Error):
        return False
    return frames > 0 and size >= 44 + frames * frame_bytes


def _settle() -> None:
    """Wait until espeak-ng's own thread has done what it was told (settings are queued
    there); espeak calls made meanwhile from this thread can lose a setting."""
    from pyttsx3.drivers import _espeak

    _espeak.Synchronize()


def _written(path: str, patience: float) -> bool:
    """Wait up to `patience` seconds for `path` to be complete."""
    deadline = time.monotonic() + patience
    while not _complete(path):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


def _render(
    engine: Any, request: dict[str, Any], settings: list[Any], finished: threading.Event
) -> None:
    """Render one phrase. Voice, rate and volume are set once, before the first phrase:
    espeak-ng changes them unreliably between phrases (a new rate is often ignored), so
    the parent starts a new child for other settings."""
    wanted = [request["voice"], int(request["rate"]), float(request["volume"])]
    if not settings:
        engine.setProperty("voice", wanted[0])
        engine.setProperty("rate", wanted[1])
        engine.setProperty("volume", wanted[2])
        engine.runAndWait()  # applies them now, with nothing to say
        _settle()
        settings.extend(wanted)
    elif settings != wanted:
        raise RuntimeError(f"this process speaks with {settings}, not {wanted}")
    # One file per runAndWait: several save_to_file calls before it write only the last.
    out = request["out"]
    folder = os.path.dirname(out) or "."
    if not os.access(folder, os.W_OK | os.X_OK):  # espeak-ng would never finish, not fail
        raise RuntimeError(f"cannot write into {folder}")
    for _ in range(2):  # pyttsx3 now and then finishes a phrase without writing it
        with contextlib.suppress(FileNotFoundError):
            os.unlink(out)  # so that nothing but this phrase can pass for it
        finished.clear()
        engine.save_to_file(request["text"], out)
        engine.runAndWait()
        # runAndWait can return before espeak's thread has written the file, and a late
        # "finished" of the phrase before can wake us early: wait for the whole file (the
        # parent's timeout covers an engine that never finishes).
        finished.wait()
        if _written(out, WRITE_PATIENCE):
            break
    else:
        raise RuntimeError("pyttsx3 finished without writing the phrase, twice")
    current = engine.getProperty("voice")
    if current != wanted[0]:  # espeak ignores a voice it cannot load, without a word
        raise RuntimeError(f"the voice {wanted[0]!r} could not be loaded (got {current!r})")


def _end_with_parent(poll: float = 0.5) -> None:
    """Exit when the parent is gone. A phrase espeak-ng never finishes (a full disk) keeps
    `runAndWait` looping, so the end of stdin is never read; a parent killed meanwhile
    would leave this process running for ever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main() -> int:
    _end_with_parent()
    channel = _silence_output()
    try:
        import pyttsx3

        engine = pyttsx3.init()
        _settle()
        finished = threading.Event()
        engine.connect("finished-utterance", lambda **_: finished.set())
        _answer(channel, {"ready": True, "voices": _voices(engine)})
    except Exception as error:
        _answer(channel, {"error": f"pyttsx3 could not start: {error}"})
        return 1
    settings: list[Any] = []
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _render(engine, request, settings, finished)
            _answer(channel, {"done": request["out"]})
        except Exception as error:
            _answer(channel, {"error": str(error) or type(error).__name__})
    return 0


if __name__ == "__main__":
    sys.exit(main())
