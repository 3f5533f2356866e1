"""Spoken commands, offline: the keywords, the PocketSphinx models, and the `Recogniser`.

A `Recogniser` spots a few keywords ("done", "pause", "go on", "next", "back", "repeat",
"time") in 16 kHz mono PCM, each with its own threshold, and takes one only when it was
said on its own. `player.desktop.microphone` gives it sound (the microphone, or a WAV file:
tests and benchmarks feed files); `player.desktop.listener` runs it while the player is
silent. English ships with PocketSphinx; German needs a German model the user points to.
"""

from __future__ import annotations

import math
import os
from array import array
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from player.errors import UserError

if TYPE_CHECKING:
    import numpy as np  # imported when listening starts: every session's media keys
    # (`player.desktop.handsfree`) import this module, and most never listen

RATE = 16000  # Hz: what the acoustic models are trained on
CHUNK = RATE // 10 * 2  # bytes: 100 ms of 16-bit mono
HANGOVER = 0.3  # seconds after the player's own sound during which nothing counts
MODEL_VARIABLE = "WORKOUT_LISTEN_MODEL"  # a German (or other) PocketSphinx model folder


class ListenError(UserError):
    """Listening cannot work; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Keyword:
    """A spoken word or phrase, the session command it gives, and how well it must fit to
    be taken (see `ENGLISH`: smaller is more eager)."""

    phrase: str
    command: str
    threshold: float


# Thresholds per keyword: how well the keyword's path must fit beside a free phoneme loop
# over the same sound (per 10 ms frame; see `_Decoder`). Tuned on a training set of
# espeak-ng voices and rates in noise and over session audio at 10 dB SNR, for the most
# right minus wrong commands (`python -m benchmarks.bench_listen --tune`; the benchmark
# measures on other voices and rates). Most keywords are best taken whenever the grammar
# finds them (ANY: the phoneme loop is not even run); "done" and "go on" were too often
# found in other words.
ANY = -math.inf
ENGLISH: tuple[Keyword, ...] = (
    Keyword("done", "done", 1.9),
    Keyword("pause", "pause", ANY),
    Keyword("go on", "resume", -3.6),
    Keyword("next", "next", ANY),
    Keyword("back", "previous", ANY),
    Keyword("repeat", "repeat", ANY),
    Keyword("time", "say_time_left", ANY),
)
# Not tuned (no German model was at hand): the English thresholds, word for word.
GERMAN: tuple[Keyword, ...] = (
    Keyword("fertig", "done", 1.9),
    Keyword("pause", "pause", ANY),
    Keyword("weiter", "resume", -3.6),
    Keyword("nächste", "next", ANY),
    Keyword("zurück", "previous", ANY),
    Keyword("wiederholen", "repeat", ANY),
    Keyword("zeit", "say_time_left", ANY),
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


def configured_model() -> tuple[Path, str] | None:
    """The model folder the user pointed to for routines that are not English, and where
    that was said: $WORKOUT_LISTEN_MODEL, else the setting `listen.model`."""
    if os.environ.get(MODEL_VARIABLE):
        return Path(os.environ[MODEL_VARIABLE]).expanduser(), f"${MODEL_VARIABLE}"
    from player.settings import SettingsError, load

    try:
        folder = load().listen.model
    except SettingsError as error:
        raise ListenError(str(error)) from None
    return (Path(folder).expanduser(), "setting listen.model") if folder else None


def model_for(language: str, folder: Path | None = None) -> Model:
    """The model to listen with for a routine in `language`.

    `folder` (`--listen-model`) is the model for this routine, whatever its language.
    Without it English uses the model PocketSphinx ships, and any other language the one
    $WORKOUT_LISTEN_MODEL or the setting `listen.model` points to. A language without
    keywords or without a model raises ListenError.
    """
    language = language.split("-")[0].lower()
    if language not in KEYWORDS:
        raise ListenError(f"no spoken commands in {language!r}: listening is off")
    if folder is not None:
        return model_in(folder.expanduser(), language)
    if language == "en":
        return english_model()
    configured = configured_model()
    if configured is None:
        raise ListenError(
            f"no speech model for {language!r}: listening is off (point the setting "
            f"listen.model, {MODEL_VARIABLE} or --listen-model at a PocketSphinx model of "
            "that language)"
        )
    return model_in(configured[0], language)


@dataclass(frozen=True, slots=True)
class Spotted:
    """A keyword heard: which, where it ended (seconds from the start of the input), and
    how well it fit (what its threshold is compared with)."""

    keyword: Keyword
    end: float
    fit: float = 0.0


# A command is a word said on its own: a short burst of sound that rises out of the room's
# noise floor, with quieter sound just before and after it.
LEVEL_FRAME = RATE // 50  # samples: levels are measured over 20 ms
FLOOR_SPAN = 1.5  # seconds of levels the noise floor is estimated from
FLOOR_PERCENTILE = 50  # the floor: the median of those levels (dB): steady noise, or talk
RISE = 8.0  # dB above the floor that starts a burst of sound
FALL = 12.0  # dB below the burst's loudest 20 ms that count as quiet after it (talk behind)
QUIET_AROUND = 0.25  # seconds below RISE that end a burst (and must come before one)
MIN_COMMAND = 0.06  # seconds: a shorter burst is a click, not a word
MAX_COMMAND = 1.4  # seconds: a longer burst of sound is talk, not a command
PAD = 0.3  # seconds of the input before and after a burst that the decoder also hears
HISTORY = 4.0  # seconds of input kept (a whole burst and its padding)


class _Decoder:
    """PocketSphinx with two searches over one burst of sound: a grammar that is exactly
    the keywords, and a loop of phonemes (anything at all). The grammar always finds some
    keyword; how much worse its path scores per frame than the best free phoneme string
    says how well it fits (sound that is no keyword fits the phoneme loop far better)."""

    def __init__(self, model: Model, keywords: Sequence[Keyword]) -> None:
        from pocketsphinx import Decoder

        try:
            self._decoder = Decoder(
                hmm=str(model.acoustic), dict=str(model.dictionary), loglevel="FATAL"
            )
        except (RuntimeError, ValueError) as error:
            raise ListenError(f"the speech model did not load ({error})") from None
        self._by_words: dict[str, Keyword] = {}
        for keyword in keywords:
            self._by_words[" ".join(self._spelled(word) for word in keyword.phrase.split())] = (
                keyword
            )
        choices = " | ".join(self._by_words)
        self._decoder.add_jsgf_string(
            "keywords", f"#JSGF V1.0;\ngrammar keywords;\npublic <keyword> = {choices} ;\n"
        )
        phones = model.acoustic.parent / f"{model.acoustic.name}-phone.lm.bin"
        self._decoder.add_allphone_file("phones", str(phones) if phones.is_file() else None)

    def _spelled(self, word: str) -> str:
        """`word` as the model's dictionary spells it (German ones write ä as ae, or not)."""
        ascii_ = word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
        for spelling in dict.fromkeys((word, word.lower(), ascii_, word.capitalize())):
            if self._decoder.lookup_word(spelling) is not None:
                return spelling
        raise ListenError(f"the speech model's dictionary has no word {word!r}")

    def decode(self, pcm: bytes) -> tuple[Keyword, float] | None:
        """The keyword the grammar hears in `pcm`, and how well it fits (grammar score minus
        phoneme-loop score, per 10 ms frame: 0 is as good as anything; lower is worse; not
        measured, +inf, for a keyword taken whenever it is found)."""
        said, score = self._run("keywords", pcm)
        keyword = self._by_words.get(said)
        if keyword is None:
            return None
        if keyword.threshold == ANY:
            return keyword, math.inf
        _, free = self._run("phones", pcm)
        frames = max(self._decoder.n_frames(), 1)
        return keyword, (score - free) / frames

    def _run(self, search: str, pcm: bytes) -> tuple[str, float]:
        decoder = self._decoder
        decoder.activate_search(search)
        decoder.start_utt()
        decoder.process_raw(pcm, False, True)
        decoder.end_utt()
        found = decoder.hyp()
        if found is None or found.score <= 0:
            return "", -math.inf
        # hyp().score is the path score taken out of PocketSphinx's log base 1.0001
        return found.hypstr, math.log(found.score) / math.log(1.0001)


class Recogniser:
    """Spoken commands in a stream of 16 kHz mono 16-bit PCM (see the module docstring).

    Two steps. Finding: the input's level, every 20 ms, against the room's level (the
    median of the last 1.5 s); a burst of sound between 0.06 and 1.4 s, with a quarter
    second of quieter sound before and after it (back under the room's level + RISE, or
    FALL under the burst's loudest part), is where a command may be. Hearing: the burst
    (with 0.3 s around it) goes to PocketSphinx with a grammar of just the keywords; the
    keyword found is taken when its path scores within its threshold of a free phoneme
    loop over the same sound (see `ENGLISH`). A command is acted on about a quarter second
    after it ends (the quiet that ends the burst, and the decoding).
    """

    def __init__(self, model: Model, keywords: Sequence[Keyword] | None = None) -> None:
        try:
            import pocketsphinx  # noqa: F401 - said here, once, when it is missing
        except ImportError as error:
            raise ListenError(
                f"the speech recogniser is not installed ({error}): pip install pocketsphinx"
            ) from None
        if keywords is None:
            if model.language not in KEYWORDS:
                raise ListenError(f"no keywords for {model.language!r}: listening is off")
            keywords = KEYWORDS[model.language]
        self.keywords = tuple(keywords)
        self._decoder = _Decoder(model, self.keywords)
        self._fed = 0  # samples fed since the start of the input
        self._recent = array("h")  # the last HISTORY seconds of input
        self._partial = array("h")  # samples not yet measured (less than a level frame)
        self._levels: deque[float] = deque(maxlen=int(FLOOR_SPAN * 50))
        self._frame = 0  # level frames measured
        self._start: int | None = None  # first loud frame of the burst now sounding
        self._last_loud = -(10**9)  # last frame above the floor
        self._peak = 0.0  # the loudest level of the burst now sounding (dB)
        self._quiet_before = False  # the burst had quiet before it

    def feed(self, pcm: bytes) -> list[Spotted]:
        """Listen to `pcm` (what follows what was fed before); return the commands heard."""
        import numpy as np

        self._remember(pcm)
        self._partial.frombytes(pcm)
        heard: list[Spotted] = []
        whole = len(self._partial) // LEVEL_FRAME * LEVEL_FRAME
        frames = np.frombuffer(self._partial[:whole].tobytes(), dtype=np.int16)
        del self._partial[:whole]
        for samples in frames.reshape(-1, LEVEL_FRAME):
            burst = self._step(_decibels(samples))
            if burst is not None:
                spotted = self._hear(*burst)
                if spotted is not None:
                    heard.append(spotted)
        return heard

    def skip(self, pcm: bytes) -> None:
        """`pcm` is not listened to (the player was sounding): no burst spans it."""
        self._remember(pcm)
        self._partial.frombytes(pcm)  # counted, not measured: frames stay on the samples
        whole = len(self._partial) // LEVEL_FRAME * LEVEL_FRAME
        del self._partial[:whole]
        self._frame += whole // LEVEL_FRAME
        self._start = None
        self._last_loud = self._frame  # what follows needs its own quiet before it

    def close(self) -> None:
        self._start = None

    def _remember(self, pcm: bytes) -> None:
        self._recent.frombytes(pcm)
        self._fed += len(pcm) // 2
        extra = len(self._recent) - int(HISTORY * RATE)
        if extra > 0:
            del self._recent[:extra]

    def _step(self, level: float) -> tuple[int, int] | None:
        """One 20 ms level; a burst (first and last frame) once one has ended."""
        import numpy as np

        frame, self._frame = self._frame, self._frame + 1
        floor = float(np.percentile(self._levels, FLOOR_PERCENTILE)) if self._levels else level
        self._levels.append(level)
        quiet = int(QUIET_AROUND * 50)
        sounding = self._start is not None
        if level > floor + RISE and not (sounding and level < self._peak - FALL):
            if not sounding:
                self._start, self._peak = frame, level
                self._quiet_before = frame - self._last_loud > quiet
            self._peak = max(self._peak, level)
            self._last_loud = frame
            return None
        if self._start is None or frame - self._last_loud < quiet:
            return None
        burst, self._start = (self._start, self._last_loud + 1), None
        seconds = (burst[1] - burst[0]) / 50
        if self._quiet_before and MIN_COMMAND <= seconds <= MAX_COMMAND:
            return burst
        return None

    def _hear(self, first: int, end: int) -> Spotted | None:
        offset = self._fed - len(self._recent)  # sample index of self._recent[0]
        start = max(first * LEVEL_FRAME - int(PAD * RATE) - offset, 0)
        stop = min(end * LEVEL_FRAME + int(PAD * RATE) - offset, len(self._recent))
        if first * LEVEL_FRAME < offset:
            return None  # began before what is remembered
        found = self._decoder.decode(self._recent[start:stop].tobytes())
        if found is None:
            return None
        keyword, fit = found
        if fit < keyword.threshold:
            return None
        return Spotted(keyword, end * LEVEL_FRAME / RATE, fit)


def _decibels(samples: np.ndarray) -> float:
    import numpy as np

    power = float(np.mean(samples.astype(np.float64) ** 2))
    return 10 * math.log10(power + 1.0)


def spot_all(recogniser: Recogniser, pcm: bytes) -> Iterator[Spotted]:
    """Every keyword in `pcm`, fed in microphone-sized chunks (tests, benchmarks)."""
    for start in range(0, len(pcm), CHUNK):
        yield from recogniser.feed(pcm[start : start + CHUNK])


# -- `workout doctor` ---------------------------------------------------------------------


def german_model_note() -> str:
    """What German routines listen with: the model and where it was set, or why not."""
    try:
        configured = configured_model()
        if configured is None:
            return "no model (set listen.model to a German PocketSphinx model; keys only)"
        folder, where = configured
        Recogniser(model_in(folder, "de"))  # loads it, and finds every keyword in it
    except ListenError as error:
        return f"not usable, keys only ({error})"
    return f"{folder} ({where}), all {len(GERMAN)} keywords in its dictionary"


def silence_of(seconds: float) -> bytes:
    return bytes(2 * int(seconds * RATE))
