"""How long espeak-ng takes to say a phrase: an estimate used until real clips exist."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from player.routine.model import Routine

_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_CLAUSE_BREAK = re.compile(r"[,;:—–]")
_HYPHEN = re.compile(r"\w-\w")

REFERENCE_RATE = 165  # words per minute the fit was made at


@dataclass(frozen=True, slots=True)
class _Fit:
    """seconds = base + (per_letter * letters + per_number * numbers + per_word * words
    + per_sentence * sentence ends + per_clause * clause breaks + per_hyphen * hyphenated
    joins + bare_number * [the text is one number]) * REFERENCE_RATE / rate."""

    base: float
    per_letter: float
    per_number: float
    per_word: float
    per_sentence: float
    per_clause: float
    per_hyphen: float
    bare_number: float


# Least-squares fit against espeak-ng 1.51 (`espeak-ng -v LANG -s RATE -w x.wav TEXT`, WAV
# length = frames / rate), 557 clips per language: every phrase `script_texts` gives for the
# bundled routines (261 per language) and every name, position and instruction in
# routines/library/exercises.yaml, a fifth of them also at 120 and 220 wpm.
#   en: mean abs error 0.20 s (7.0 %), max 1.18 s on a 12 s instruction at 120 wpm.
#   de: mean abs error 0.21 s (7.2 %), max 0.97 s on a 5.7 s announcement.
#   Counts ("3") come out at 0.73 s against 0.67-0.84 s measured.
# The clip length includes espeak-ng's trailing silence (~0.3 s), as rendered clips do.
_FITS: dict[str, _Fit] = {
    "en": _Fit(0.1699, 0.0665, 0.3788, -0.0138, 0.3773, 0.2991, 0.0417, 0.1832),
    "de": _Fit(0.1327, 0.0525, 0.3585, 0.0576, 0.4048, 0.1421, 0.3200, 0.2411),
}


@lru_cache(maxsize=4096)  # a session asks for the same phrase many times (fit, length, check)
def estimate_duration(text: str, language: str, rate_wpm: int = REFERENCE_RATE) -> float:
    """Seconds espeak-ng is expected to take for `text` at `rate_wpm` words per minute."""
    fit = _FITS.get(language.split("-")[0].lower(), _FITS["en"])
    words = _WORD.findall(text)  # runs of letters: their lengths add up to the letters
    spoken = (
        fit.per_letter * sum(map(len, words))
        + fit.per_number * len(_NUMBER.findall(text))
        + fit.per_word * len(words)
        + fit.per_sentence * len(_SENTENCE_END.findall(text))
        + fit.per_clause * len(_CLAUSE_BREAK.findall(text))
        + fit.per_hyphen * len(_HYPHEN.findall(text))
        + fit.bare_number * bool(_NUMBER.fullmatch(text.strip()))
    )
    rate = max(rate_wpm, 40)
    return round(max(fit.base + spoken * REFERENCE_RATE / rate, 0.2), 3)


def estimated_duration_of(routine: Routine) -> Callable[[str], float]:
    """`duration_of` for `routine` from the estimate, in its language and at its voice's rate."""

    def duration_of(text: str) -> float:
        return estimate_duration(text, routine.language, routine.voice.rate)

    return duration_of
