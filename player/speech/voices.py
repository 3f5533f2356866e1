"""Which voice speaks a routine: chosen by its language, or by the name it asks for."""

from __future__ import annotations

from collections.abc import Sequence

from player.speech.base import SpeechError, VoiceInfo

_SHOWN = 6  # voices named in an error message, at most


def _normal(language: str) -> str:
    return language.strip().lower().replace("_", "-")


def _rank(voice: VoiceInfo, language: str) -> int | None:
    """How well `voice` speaks `language` (0 best), or None if it does not speak it."""
    tail = voice.id.rsplit("/", 1)[-1].lower()
    tags = {tail, *voice.languages}
    base = language.split("-")[0]
    if language in tags:
        return 0
    if any(tag.startswith(language + "-") for tag in tags):
        return 1
    if base != language and base in tags:
        return 2
    if base != language and any(tag.startswith(base + "-") for tag in tags):
        return 3
    return None


def voices_for(voices: Sequence[VoiceInfo], language: str) -> list[VoiceInfo]:
    """The voices that speak `language`, best first (`de` -> German; `en` -> English, GB first)."""
    wanted = _normal(language)
    ranked = [(rank, i, v) for i, v in enumerate(voices) if (rank := _rank(v, wanted)) is not None]
    return [v for _, _, v in sorted(ranked, key=lambda item: (item[0], item[1]))]


def _named(voices: Sequence[VoiceInfo], name: str) -> VoiceInfo | None:
    wanted = name.strip().lower().replace("_", " ")
    for voice in voices:
        tail = voice.id.rsplit("/", 1)[-1]
        if wanted in (voice.id.lower(), tail.lower(), voice.name.lower().replace("_", " ")):
            return voice
    return None


def listing(voices: Sequence[VoiceInfo], most: int = _SHOWN) -> str:
    """The first `most` voices by name, and how many more: "German (gmw/de) and 2 more"."""
    shown = ", ".join(str(v) for v in voices[:most])
    more = len(voices) - most
    return shown + (f" and {more} more" if more > 0 else "")


def choose_voice(voices: Sequence[VoiceInfo], language: str, name: str | None = None) -> VoiceInfo:
    """The voice to speak `language` with: the one called `name`, or the best for the language.

    Raises `SpeechError` naming the voices there are when the wanted one is missing.
    """
    speaking = voices_for(voices, language)
    if name:
        voice = _named(voices, name)
        if voice is not None:
            return voice
        if speaking:
            others = [v for v in voices if v not in speaking]
            there = f"voices for {language!r}: {listing(speaking)}"
            if others:
                there += f"; {len(voices)} in all, e.g. {listing(others[:3])}"
        else:
            there = f"no voice speaks {language!r}; some there are: {listing(voices)}"
        raise SpeechError(
            f"the voice {name!r} is not installed ({there}). "
            "Set `voice: {name: ...}` to one of them, or leave `name` out."
        )
    if not speaking:
        raise SpeechError(
            f"no installed voice speaks {language!r} (some there are: {listing(voices)}). "
            "Install more voices (apt install espeak-ng-data) or change the routine's `language`.",
            fix="apt install espeak-ng-data",
        )
    return speaking[0]
