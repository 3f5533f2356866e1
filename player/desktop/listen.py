"""Spoken commands, offline: the keywords, the PocketSphinx models, and the `Recogniser`.

A `Recogniser` spots a few keywords ("done", "pause", "go on", "next", "back", "repeat",
"time") in 16 kHz mono PCM, each with its own threshold, and takes one only when it was
said on its own. `player.desktop.microphone` gives it sound (the microphone, or a WAV file:
tests and benchmarks feed files); `player.desktop.listener` runs it while the player is
silent. English ships with PocketSphinx; German needs a German model the user points to.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from player.errors import UserError

RATE = 16000  # Hz: what the acoustic models are trained on
CHUNK = RATE // 10 * 2  # bytes: 100 ms of 16-bit mono
FRAME = 0.01  # seconds per recogniser frame
HANGOVER = 0.3  # seconds after the player's own sound during which nothing counts
MODEL_VARIABLE = "WORKOUT_LISTEN_MODEL"  # a German (or other) PocketSphinx model folder


class ListenError(UserError):
    """Listening cannot work; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Keyword:
    """A spoken word or phrase, the session command it gives, and how sure spotting must be
    (PocketSphinx's keyword threshold: smaller is more eager)."""

    phrase: str
    command: str
    threshold: float


# Thresholds per keyword, tuned on espeak-ng voices in noise and in session audio at 10 dB
# SNR (benchmarks/bench_listen.py measures them): short words need a more eager search.
ENGLISH: tuple[Keyword, ...] = (
    Keyword("done", "done", 1e-20),
    Keyword("pause", "pause", 1e-12),
    Keyword("go on", "resume", 1e-25),
    Keyword("next", "next", 1e-30),
    Keyword("back", "previous", 1e-30),
    Keyword("repeat", "repeat", 1e-20),
    Keyword("time", "say_time_left", 1e-20),
)
GERMAN: tuple[Keyword, ...] = (
    Keyword("fertig", "done", 1e-20),
    Keyword("pause", "pause", 1e-12),
    Keyword("weiter", "resume", 1e-20),
    Keyword("nächste", "next", 1e-20),
    Keyword("zurück", "previous", 1e-20),
    Keyword("wiederholen", "repeat", 1e-20),
    Keyword("zeit", "say_time_left", 1e-20),
)
KEYWORDS = {"en": ENGLISH, "de": GERMAN}


@dataclass(frozen=True, slots=True)
class Model:
    """A PocketSphinx model: the acoustic model folder and its pronunciation dictionary."""

    language: str
    acoustic: Path
    dictionary: Path


def english_model() -> Model:
    """The US English model that the `pocketsphinx` package ships."""
    try:
        from pocketsphinx import get_model_path
    except ImportError as error:
        raise ListenError(
            f"the speech recogniser is not installed ({error}): pip install pocketsphinx"
        ) from None
    root = Path(get_model_path()) / "en-us"
    return Model("en", root / "en-us", root / "cmudict-en-us.dict")


def model_in(folder: Path, language: str) -> Model:
    """The model in `folder`: the folder holding `mdef`, and the first `.dic`/`.dict` file."""
    if not folder.is_dir():
        raise ListenError(f"{folder}: no such folder (the speech model for {language})")
    acoustic = next((p.parent for p in sorted(folder.rglob("mdef"))), None)
    dictionary = next((p for p in sorted(folder.rglob("*")) if p.suffix in (".dic", ".dict")), None)
    if acoustic is None or dictionary is None:
        raise ListenError(
            f"{folder}: not a PocketSphinx model (it needs an acoustic model with `mdef` "
            "and a `.dic` pronunciation dictionary)"
        )
    return Model(language, acoustic, dictionary)


def model_for(language: str, folder: Path | None = None) -> Model:
    """The model to listen with for a routine in `language`.

    `folder` (or $WORKOUT_LISTEN_MODEL) points at a model of that language; English
    needs none. A language without a model raises ListenError.
    """
    language = language.split("-")[0].lower()
    if folder is None and os.environ.get(MODEL_VARIABLE):
        folder = Path(os.environ[MODEL_VARIABLE])
    if folder is not None:
        return model_in(folder, language)
    if language == "en":
        return english_model()
    raise ListenError(
        f"no speech model for {language!r}: listening is off (point {MODEL_VARIABLE} "
        "or --listen-model at a PocketSphinx model of that language)"
    )


@dataclass(frozen=True, slots=True)
class Spotted:
    """A keyword heard: which, and where it ended (seconds from the start of the input)."""

    keyword: Keyword
    end: float


# A command is a word said on its own: the keyword must stand out of what comes just before
# and after it by this much (speech goes on around a false hit inside a sentence).
QUIET_AROUND = 0.25  # seconds looked at on each side
STANDS_OUT = 2.0  # a burst is where the sound stays within STANDS_OUT² (12 dB) of its peak
HISTORY = 4.0  # seconds of input kept for that check
MAX_COMMAND = 1.4  # seconds: a longer burst of sound is talk, not a command
UTTERANCE = 20.0  # seconds after which a quiet stretch starts the search afresh


@dataclass(frozen=True, slots=True)
class _Candidate:
    keyword: Keyword
    start: int  # sample index from the start of the input
    end: int


class _Spotter:
    """One keyword's PocketSphinx search. Keywords are spotted each by its own decoder:
    sharing one search, a short word found early ("done") cut a longer one ("go on") off."""

    def __init__(self, model: Model, keyword: Keyword) -> None:
        from pocketsphinx import Decoder

        self.keyword = keyword
        try:
            self._decoder = Decoder(
                hmm=str(model.acoustic),
                dict=str(model.dictionary),
                keyphrase=keyword.phrase,
                kws_threshold=keyword.threshold,
                loglevel="FATAL",
            )
        except (RuntimeError, ValueError) as error:
            raise ListenError(
                f"the speech model did not load for {keyword.phrase!r} ({error})"
            ) from None
        self._start = 0  # sample index where the current utterance began
        self._open = False
        self._seen = 0  # hits of the current utterance already handed out

    def feed(self, pcm: bytes, at: int) -> list[_Candidate]:
        """Listen to `pcm`, which begins at sample index `at`; return the new hits."""
        if not self._open:
            self._decoder.start_utt()
            self._open, self._start, self._seen = True, at, 0
        self._decoder.process_raw(pcm, False, False)
        if self._decoder.hyp() is None:
            return []
        segments = list(self._decoder.seg() or ())
        new, self._seen = segments[self._seen :], len(segments)
        per_frame = int(FRAME * RATE)
        end_of_input = at + len(pcm) // 2
        return [
            _Candidate(
                self.keyword,
                self._start + s.start_frame * per_frame,
                min(self._start + (s.end_frame + 1) * per_frame, end_of_input),
            )
            for s in new
        ]

    def restart(self, at: int, *, after: float = 0.0) -> None:
        """Start afresh (the input was skipped), or once the utterance is `after` long."""
        if self._open and at - self._start >= after * RATE:
            with contextlib.suppress(RuntimeError):
                self._decoder.end_utt()
            self._open = False


class Recogniser:
    """Keyword spotting over a stream of 16 kHz mono 16-bit PCM (see the module docstring).

    PocketSphinx spots each keyword with its own threshold; a hit counts when the word
    stands out of the quarter second before and after it, so a command said on its own is
    heard and the same sound inside a sentence is not. That check waits for the quarter
    second after the word: a command is acted on about 0.3 s after it ends.
    """

    def __init__(self, model: Model, keywords: Sequence[Keyword] | None = None) -> None:
        try:
            import pocketsphinx  # noqa: F401 - said here, once, when it is missing
        except ImportError as error:
            raise ListenError(
                f"the speech recogniser is not installed ({error}): pip install pocketsphinx"
            ) from None
        self.keywords = tuple(keywords or KEYWORDS.get(model.language, ENGLISH))
        self._spotters = [_Spotter(model, keyword) for keyword in self.keywords]
        self._fed = 0  # samples fed since the start of the input
        self._recent = array("h")  # the last HISTORY seconds of input
        self._pending: list[_Candidate] = []

    def feed(self, pcm: bytes) -> list[Spotted]:
        """Listen to `pcm` (what follows what was fed before); return the commands heard."""
        at = self._fed
        for spotter in self._spotters:
            self._pending.extend(spotter.feed(pcm, at))
        self._remember(pcm)
        heard = self._decide()
        if not self._pending:  # a fresh start now and then keeps the searches small
            for spotter in self._spotters:
                spotter.restart(self._fed, after=UTTERANCE)
        return heard

    def skip(self, pcm: bytes) -> None:
        """`pcm` is not listened to (the player was sounding): the searches start over."""
        for spotter in self._spotters:
            spotter.restart(self._fed)
        self._pending.clear()
        self._remember(pcm)

    def close(self) -> None:
        for spotter in self._spotters:
            spotter.restart(self._fed)

    def _remember(self, pcm: bytes) -> None:
        self._recent.frombytes(pcm)
        self._fed += len(pcm) // 2
        extra = len(self._recent) - int(HISTORY * RATE)
        if extra > 0:
            del self._recent[:extra]

    def _decide(self) -> list[Spotted]:
        """Of keywords spotted in one burst of sound ("done" inside "go on"), the longest
        wins, once the burst has ended and was short enough to be a command said alone."""
        if not self._pending:
            return []
        bursts = [self._burst(c) for c in self._pending]
        if any(burst is None for burst in bursts):
            return []  # still sounding: wait for the end of it
        self._pending, candidates = [], self._pending
        alone = [
            (_fit(c, burst), c)
            for c, burst in zip(candidates, bursts, strict=True)
            if isinstance(burst, tuple)
        ]
        if not alone:
            return []
        _, best = max(alone, key=lambda pair: (pair[0], pair[1].end))
        return [Spotted(best.keyword, best.end / RATE)]

    def _burst(self, candidate: _Candidate) -> tuple[int, int] | bool | None:
        """Whether the burst of sound the keyword is in stands alone (None: not over yet).

        The burst is the candidate widened to where the sound stays within 12 dB of the
        word's loudest part; it must be over (QUIET_AROUND of quieter sound after it) and
        at most MAX_COMMAND long. Returns its (start, end) sample indices when it stands
        alone, False when it does not.
        """
        step = RATE // 50  # 20 ms frames
        offset = self._fed - len(self._recent)  # sample index of self._recent[0]
        first = max((candidate.start - offset) // step, 0)
        last = max((candidate.end - offset) // step, first + 1)
        levels = [
            _level(self._recent[i * step : (i + 1) * step])
            for i in range(len(self._recent) // step)
        ]
        if not levels or first >= len(levels):
            return False
        peak = max(levels[first : min(last, len(levels))] or [0.0])
        if peak <= 0:
            return False
        loud = peak / STANDS_OUT**2
        quiet_frames = int(QUIET_AROUND * 50)
        start = first
        while start > 0 and (
            levels[start - 1] > loud or any(x > loud for x in levels[max(start - 5, 0) : start - 1])
        ):
            start -= 1
            if (last - start) * step > MAX_COMMAND * RATE:
                return False
        end = min(last, len(levels))
        quiet_run = 0
        while end < len(levels) and quiet_run < quiet_frames:
            quiet_run = quiet_run + 1 if levels[end] <= loud else 0
            end += 1
        if quiet_run < quiet_frames:
            too_long = (end - start) * step > MAX_COMMAND * RATE
            return False if too_long else None
        if start == 0 and offset > 0:
            return False  # began before what is remembered: far too long
        before = levels[max(start - quiet_frames, 0) : start]
        end -= quiet_frames
        if (end - start) * step > MAX_COMMAND * RATE or any(
            x > loud for x in before[-quiet_frames // 2 :]
        ):
            return False
        return offset + start * step, offset + end * step


def _fit(candidate: _Candidate, burst: tuple[int, int]) -> float:
    """How well a keyword's span covers the burst it is in (intersection over union)."""
    inside = min(candidate.end, burst[1]) - max(candidate.start, burst[0])
    union = max(candidate.end, burst[1]) - min(candidate.start, burst[0])
    return max(inside, 0) / union if union > 0 else 0.0


def _level(samples: array[int]) -> float:
    return math.sqrt(sum(x * x for x in samples) / len(samples)) if samples else 0.0


def spot_all(recogniser: Recogniser, pcm: bytes) -> Iterator[Spotted]:
    """Every keyword in `pcm`, fed in microphone-sized chunks (tests, benchmarks)."""
    for start in range(0, len(pcm), CHUNK):
        yield from recogniser.feed(pcm[start : start + CHUNK])


# -- `workout doctor` ---------------------------------------------------------------------


def recogniser_check() -> str:
    """Spot a keyword espeak-ng says; say which models there are."""
    from importlib.metadata import version

    from player.desktop.rehearse import keyword_track, noise, speak

    model = english_model()
    started = time.perf_counter()
    recogniser = Recogniser(model, [k for k in ENGLISH if k.phrase == "repeat"])
    track, _ = keyword_track([("repeat", speak("repeat"))], noise(1.0), snr_db=20)
    heard = [s.keyword.phrase for s in spot_all(recogniser, track + silence_of(0.5))]
    took = time.perf_counter() - started
    if heard != ["repeat"]:
        raise ListenError(f"pocketsphinx did not hear a spoken test word (heard {heard})")
    german = os.environ.get(MODEL_VARIABLE)
    other = f"; {MODEL_VARIABLE}: {german}" if german else "; German: no model (keys only)"
    return (
        f"pocketsphinx {version('pocketsphinx')}, English: heard a spoken test word "
        f"in {took:.1f} s{other}"
    )


def silence_of(seconds: float) -> bytes:
    return bytes(2 * int(seconds * RATE))
