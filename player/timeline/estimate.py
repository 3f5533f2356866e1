"""How long espeak-ng takes to say a phrase: an estimate used until real clips exist."""

from __future__ import annotations

import re
from dataclasses import dataclass

_LETTER = re.compile(r"[^\W\d_]")
_NUMBER = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_CLAUSE_BREAK = re.compile(r"[,;:—–]")

REFERENCE_RATE = 165  # words per minute the fit was made at


@dataclass(frozen=True, slots=True)
class _Fit:
    """seconds = base + (per_letter*letters + per_number*numbers + per_word*words
    + per_sentence*sentence ends + per_clause*clause breaks) * REFERENCE_RATE / rate."""

    base: float
    per_letter: float
    per_number: float
    per_word: float
    per_sentence: float
    per_clause: float


# Least-squares fit against espeak-ng 1.51 (`espeak-ng -v LANG -s RATE -w x.wav TEXT`, WAV
# length = frames / rate), 190 phrases per language: every name, position and instruction in
# routines/library/exercises.yaml plus the phrase tables' lines ("3", "Go!", "Rest, 20
# seconds. Next: Bird dog.", ...), a quarter of them also at 120 and 220 wpm.
#   en: mean abs error 0.20 s (6.9 %), max 0.96 s on a 9 s instruction; counts ~0.67 s.
#   de: mean abs error 0.20 s (6.8 %), max 1.08 s on a 13 s instruction; counts ~0.7 s.
# The clip length includes espeak-ng's trailing silence (~0.3 s), as rendered clips do.
_FITS: dict[str, _Fit] = {
    "en": _Fit(0.3203, 0.0681, 0.3537, -0.0146, 0.2427, 0.2611),
    "de": _Fit(0.2501, 0.0498, 0.4292, 0.0767, 0.3215, 0.0846),
}


def estimate_duration(text: str, language: str, rate_wpm: int = REFERENCE_RATE) -> float:
    """Seconds espeak-ng is expected to take for `text` at `rate_wpm` words per minute."""
    fit = _FITS.get(language.split("-")[0].lower(), _FITS["en"])
    spoken = (
        fit.per_letter * len(_LETTER.findall(text))
        + fit.per_number * len(_NUMBER.findall(text))
        + fit.per_word * len(_WORD.findall(text))
        + fit.per_sentence * len(_SENTENCE_END.findall(text))
        + fit.per_clause * len(_CLAUSE_BREAK.findall(text))
    )
    rate = max(rate_wpm, 40)
    return round(max(fit.base + spoken * REFERENCE_RATE / rate, 0.2), 3)
