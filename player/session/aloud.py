"""A few lines said aloud outside a session's timeline: the red flags at first run."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from player.routine.model import Voice
from player.sound.base import Output, SoundError
from player.speech.base import SpeechError, Synthesizer
from player.speech.cache import SpeechCache
from player.speech.render import render_one


def say_aloud(
    texts: Sequence[str],
    language: str,
    *,
    synthesizer: Synthesizer | None = None,
    output: Output | None = None,
    tts: str = "pyttsx3",
    audio: str = "auto",
    stop: threading.Event | None = None,
) -> str | None:
    """Render and play `texts` one after another (blocking; run it off the UI's loop) until
    `stop` is set. Injected parts are used as given and not closed; the ones made from `tts`
    and `audio` are closed at the end. Returns why nothing (more) was heard, or None."""
    stop = stop or threading.Event()
    own_synthesizer = synthesizer is None
    own_output = output is None
    try:
        if synthesizer is None:
            from player.speech import make_synthesizer

            synthesizer = make_synthesizer(tts)
        if output is None:
            from player.sound import select_output

            output = select_output(audio).output
        cache = SpeechCache(synthesizer.engine)
        for text in texts:
            if stop.is_set():
                break
            clip = render_one(text, language, Voice(), synthesizer, cache)
            if stop.is_set():
                break
            playing = output.play(clip)
            while playing.is_playing() and not stop.wait(0.05):
                pass
            playing.stop()
    except (SpeechError, SoundError, OSError) as error:
        return str(error)
    finally:
        if own_synthesizer and synthesizer is not None:
            synthesizer.close()
        if own_output and output is not None:
            output.close()
    return None
