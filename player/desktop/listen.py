"""Spoken commands, offline: PocketSphinx keyword spotting on the microphone or a WAV file.

A `Recogniser` spots a few keywords ("done", "pause", "go on", "next", "back", "repeat",
"time") in 16 kHz mono PCM, each with its own threshold. A `Listener` thread reads a
source (`Microphone` through `arecord`, or `WavFile` — tests and benchmarks feed files),
throws away what it hears while the player itself is sounding (so its own "Next: …" never
triggers it), gives the session the command, confirms with a short tone and says what it
heard. English ships with PocketSphinx; German needs a German model the user points to.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import subprocess
import threading
import time
import warnings
import wave
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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


# -- where the sound comes from -----------------------------------------------------------


class Source(Protocol):
    """16 kHz mono 16-bit PCM in chunks; b"" at the end."""

    def read(self) -> bytes: ...
    def close(self) -> None: ...


class Microphone:
    """The default capture device, through ALSA's `arecord` (its error text is kept)."""

    def __init__(self) -> None:
        if shutil.which("arecord") is None:
            raise ListenError("arecord is not installed: apt install alsa-utils")
        self._process = subprocess.Popen(
            ["arecord", "-q", "-t", "raw", "-f", "S16_LE", "-r", str(RATE), "-c", "1"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def read(self) -> bytes:
        assert self._process.stdout is not None
        data = self._process.stdout.read(CHUNK)
        if not data:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(2.0)
            if self._process.returncode not in (None, 0):
                raise ListenError(f"the microphone does not answer: {self.problem()}")
        return data

    def problem(self) -> str:
        assert self._process.stderr is not None
        text = self._process.stderr.read().decode(errors="replace").strip()
        return text.splitlines()[-1] if text else "arecord stopped"

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(2.0)


def read_pcm(path: Path) -> bytes:
    """A WAV file as 16 kHz mono 16-bit PCM (mono, 16-bit input; any sample rate)."""
    try:
        with wave.open(str(path), "rb") as wav:
            if wav.getsampwidth() != 2:
                raise ListenError(f"{path}: a listening input must be 16-bit PCM")
            channels, rate = wav.getnchannels(), wav.getframerate()
            pcm = wav.readframes(wav.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise ListenError(f"{path}: not a readable WAV file ({error})") from None
    return to_16k(pcm, rate, channels)


def to_16k(pcm: bytes, rate: int, channels: int = 1) -> bytes:
    """16-bit PCM converted to mono at RATE."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop
    if channels == 2:
        pcm = audioop.tomono(pcm, 2, 0.5, 0.5)
    if rate != RATE:
        pcm, _ = audioop.ratecv(pcm, 2, 1, rate, RATE, None)
    return pcm


class WavFile:
    """A WAV file as the microphone: read as fast as it is asked for, or `paced` in real
    time (chunk by chunk, as a microphone delivers)."""

    def __init__(self, path: Path, *, paced: bool = False) -> None:
        self._pcm = read_pcm(path)
        self._at = 0
        self._paced = paced
        self._started = time.monotonic()

    def read(self) -> bytes:
        data = self._pcm[self._at : self._at + CHUNK]
        self._at += len(data)
        if self._paced and data:
            due = self._started + self._at / 2 / RATE
            time.sleep(max(0.0, due - time.monotonic()))
        return data

    def close(self) -> None:
        self._at = len(self._pcm)


def spot_all(recogniser: Recogniser, pcm: bytes) -> Iterator[Spotted]:
    """Every keyword in `pcm`, fed in microphone-sized chunks (tests, benchmarks)."""
    for start in range(0, len(pcm), CHUNK):
        yield from recogniser.feed(pcm[start : start + CHUNK])


# -- the listener -------------------------------------------------------------------------


class Commanded(Protocol):
    """The session commands spoken words give (`player.session.engine.Session` has them)."""

    def done(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def next(self) -> None: ...
    def previous(self) -> None: ...
    def repeat(self) -> None: ...
    def say_time_left(self) -> None: ...


class Listener:
    """Listens in a thread until closed (or the source ends); see the module docstring.

    The recogniser and the source are made in that thread (loading the models takes a few
    seconds): `open()` makes both. `sounding()` says whether the player is making a sound
    now; `chime()` plays the confirmation tone; `show` gets one-line messages (what was
    heard, or why listening stopped).
    """

    def __init__(
        self,
        session: Commanded,
        open: Callable[[], tuple[Recogniser, Source]],
        *,
        sounding: Callable[[], bool],
        chime: Callable[[], None],
        show: Callable[[str], object],
    ) -> None:
        self._session = session
        self._open = open
        self._sounding = sounding
        self._chime = chime
        self._show = show
        self._quit = threading.Event()
        self._thread = threading.Thread(target=self._run, name="listener", daemon=True)
        self._lock = threading.Lock()
        self._source: Source | None = None
        self.ready = threading.Event()  # listening (or given up: see `error`)
        self.error: str | None = None
        self.heard: list[Spotted] = []

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout: float | None = None) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def close(self) -> None:
        self._quit.set()
        with self._lock:
            if self._source is not None:
                self._source.close()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(2.0)

    def _run(self) -> None:
        try:
            recogniser, source = self._open()
        except ListenError as error:
            self.error = str(error)
            self.ready.set()
            self._show(f"not listening: {error}")
            return
        with self._lock:
            self._source = source
            if self._quit.is_set():
                source.close()
        self.ready.set()
        self._show("listening for: " + ", ".join(k.phrase for k in recogniser.keywords))
        try:
            self._listen(recogniser, source)
        except ListenError as error:
            self.error = str(error)
            self._show(f"listening stopped: {error}")
        finally:
            recogniser.close()
            source.close()

    def _listen(self, recogniser: Recogniser, source: Source) -> None:
        # Time is the input's own (samples read): a microphone's is the real time, and a
        # file read faster than real time is gated the same way.
        heard_until = 0.0
        quiet_until = 0.0
        while not self._quit.is_set():
            pcm = source.read()
            if not pcm:
                return
            now = heard_until
            heard_until += len(pcm) / 2 / RATE
            if self._sounding():
                quiet_until = heard_until + HANGOVER
            if now < quiet_until:
                recogniser.skip(pcm)
                continue
            for spotted in recogniser.feed(pcm):
                self._obey(spotted)
                quiet_until = heard_until + HANGOVER

    def _obey(self, spotted: Spotted) -> None:
        self.heard.append(spotted)
        getattr(self._session, spotted.keyword.command)()
        self._chime()
        self._show(f'heard "{spotted.keyword.phrase}"')


# -- `workout doctor` ---------------------------------------------------------------------

MICROPHONE_SECONDS = 1


def microphone_check() -> str:
    """Record a second from the default capture device; say how loud it was."""
    if shutil.which("arecord") is None:
        raise ListenError("arecord is not installed: apt install alsa-utils")
    try:
        done = subprocess.run(
            [
                "arecord",
                "-q",
                "-d",
                str(MICROPHONE_SECONDS),
                "-t",
                "raw",
                "-f",
                "S16_LE",
                "-r",
                str(RATE),
                "-c",
                "1",
            ],
            capture_output=True,
            timeout=10,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise ListenError("the capture device did not answer within 10 s") from None
    if done.returncode != 0 or not done.stdout:
        text = done.stderr.decode(errors="replace").strip().splitlines()
        raise ListenError(f"no capture device answers ({text[-1] if text else 'no sound'})")
    samples = array("h", done.stdout[: len(done.stdout) // 2 * 2])
    level = math.sqrt(sum(x * x for x in samples) / max(len(samples), 1))
    decibels = 20 * math.log10(max(level, 1.0) / 32768)
    return f"the default capture device records ({decibels:.0f} dBFS of room sound)"


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
