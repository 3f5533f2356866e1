"""The speech child process: pyttsx3 renders one phrase per request, answers over a pipe.

Run as a script (`python worker.py`) by `player.speech.pyttsx3_engine`; it imports only the
standard library and pyttsx3, so it starts fast however `player` is installed. Requests and
answers are JSON lines on stdin and on the original stdout; everything else the engine prints
(pyttsx3's "Audio saved to ...", espeak's errors) goes to /dev/null, never to a terminal.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any, TextIO


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


def _render(engine: Any, request: dict[str, Any]) -> None:
    voice = request["voice"]
    engine.setProperty("voice", voice)
    engine.setProperty("rate", int(request["rate"]))
    engine.setProperty("volume", float(request["volume"]))
    # One file per runAndWait: several save_to_file calls before it write only the last.
    engine.save_to_file(request["text"], request["out"])
    engine.runAndWait()
    current = engine.getProperty("voice")
    if current != voice:  # espeak ignores a voice it cannot load, without a word
        raise RuntimeError(f"the voice {voice!r} could not be loaded (got {current!r})")


def main() -> int:
    channel = _silence_output()
    try:
        import pyttsx3

        engine = pyttsx3.init()
        version = getattr(pyttsx3, "__version__", "")
        _answer(channel, {"ready": True, "version": version, "voices": _voices(engine)})
    except Exception as error:
        _answer(channel, {"error": f"pyttsx3 could not start: {error}"})
        return 1
    for line in sys.stdin:
        try:
            request = json.loads(line)
            _render(engine, request)
            _answer(channel, {"done": request["out"]})
        except Exception as error:
            _answer(channel, {"error": str(error) or type(error).__name__})
    return 0


if __name__ == "__main__":
    sys.exit(main())
