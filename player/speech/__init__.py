"""Speech: render phrases to clips with pyttsx3 (or a fake), cached on disk.

`make_synthesizer("pyttsx3" | "fake")` gives an engine; `render_all` (now) or `Renderer`
(in the background) turn a routine's phrases into clips through a `SpeechCache`;
`clip_durations` gives the timeline the lengths of the clips already rendered (the one
builder of a `duration_of`; `real_duration_of` finds the cache for it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from player.routine.model import Routine
from player.speech.base import ENGINES, SpeechError, Synthesizer, VoiceInfo
from player.speech.voices import choose_voice, voices_for

if TYPE_CHECKING:
    from player.sound.base import Clip
    from player.speech.cache import CacheUsage, SpeechCache, cache_usage, clear_cache
    from player.speech.render import Progress, Renderer, render_all, render_one

# The cache and the renderer are imported when first asked for: a command that only asks
# which voices are installed (`workout check`) does not pay for them.
_LATER = {
    "CacheUsage": "player.speech.cache",
    "SpeechCache": "player.speech.cache",
    "cache_usage": "player.speech.cache",
    "clear_cache": "player.speech.cache",
    "Progress": "player.speech.render",
    "Renderer": "player.speech.render",
    "render_all": "player.speech.render",
    "render_one": "player.speech.render",
}


def __getattr__(name: str) -> object:
    if name in _LATER:
        return getattr(import_module(_LATER[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ENGINES",
    "CacheUsage",
    "Progress",
    "Renderer",
    "SpeechCache",
    "SpeechError",
    "Synthesizer",
    "VoiceInfo",
    "cache_usage",
    "choose_voice",
    "clear_cache",
    "clip_durations",
    "engine_of",
    "make_synthesizer",
    "real_duration_of",
    "render_all",
    "render_one",
    "voices",
    "voices_for",
]


def _unknown(name: str) -> SpeechError:
    return SpeechError(f"unknown speech engine {name!r} (choose one of: {', '.join(ENGINES)})")


def make_synthesizer(name: str) -> Synthesizer:
    """The speech engine called `name`: "pyttsx3" (real) or "fake" (a tone, for tests).

    Raises `SpeechError` with the fix when the engine cannot work here.
    """
    if name == "fake":
        from player.speech.fake import FakeSynthesizer

        return FakeSynthesizer()
    if name == "pyttsx3":
        from player.speech.pyttsx3_engine import Pyttsx3Synthesizer

        return Pyttsx3Synthesizer()
    raise _unknown(name)


def voices(language: str | None = None, engine: str = "pyttsx3") -> list[VoiceInfo]:
    """The voices `engine` offers (for `language`, best first, when given)."""
    synthesizer = make_synthesizer(engine)
    try:
        offered = synthesizer.voices()
    finally:
        synthesizer.close()
    return offered if language is None else voices_for(offered, language)


def engine_of(name: str) -> str:
    """The cache key's engine part for `name`, without starting the engine."""
    if name == "fake":
        from player.speech.fake import FakeSynthesizer

        return FakeSynthesizer.engine
    if name == "pyttsx3":
        from player.speech.pyttsx3_engine import engine_name

        return engine_name()
    raise _unknown(name)


def real_duration_of(
    routine: Routine,
    *,
    engine: str = "pyttsx3",
    cache_dir: Path | None = None,
    fallback: Callable[[str], float] | None = None,
) -> Callable[[str], float]:
    """A `duration_of(text)` for the timeline: the cached clip's length where there is one,
    `fallback(text)` (by default the timeline's estimate for espeak-ng) where there is not."""
    from player.speech.cache import SpeechCache

    try:
        cache = SpeechCache(engine_of(engine), cache_dir)
    except SpeechError:  # no engine here: every phrase is a guess
        cache = None
    return clip_durations(routine, cache, fallback=fallback)


def clip_durations(
    routine: Routine,
    cache: SpeechCache | None,
    *,
    rendered: Mapping[str, Clip] | None = None,
    fallback: Callable[[str], float] | None = None,
) -> Callable[[str], float]:
    """The one `duration_of(text)` builder for the timeline: the length of a clip `rendered`
    for this run, else of the clip in `cache`, else `fallback(text)` (by default the
    timeline's estimate for espeak-ng). `play`, `show` and `export` all time with it."""
    from player.timeline.estimate import estimated_duration_of

    guess = fallback or estimated_duration_of(routine)
    clips = rendered if rendered is not None else {}
    language, voice = routine.language, routine.voice

    def duration_of(text: str) -> float:
        clip = clips.get(text)
        if clip is not None:
            return clip.duration
        if cache is not None:
            known = cache.duration_of(text, language, voice)
            if known is not None:
                return known
        return guess(text)

    return duration_of
