"""Keyword recordings made on the spot, to try the recogniser: espeak-ng speaks each keyword
in several voices and rates, placed in the session's own audio or in noise at a chosen SNR.

`workout doctor` uses one of them to check that listening works; the tests and
`benchmarks/bench_listen.py` use many.
"""

from __future__ import annotations

import math
import random
import shutil
import subprocess
import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from player.desktop import listen
from player.desktop.listen import RATE, ListenError
from player.desktop.microphone import to_16k

# Voices (espeak-ng names with a variant) and speaking rates (words a minute).
VOICES = ("en-us", "en-gb", "en-us+f3", "en-gb-scotland+m3", "en-us+f5")
RATES = (130, 165, 200)


@dataclass(frozen=True, slots=True)
class Placed:
    """A keyword in a longer recording: which, and where it ends (seconds)."""

    phrase: str
    end: float


def speak(phrase: str, voice: str = "en-us", rate: int = 165) -> bytes:
    """`phrase` spoken by espeak-ng, as 16 kHz mono PCM, without its leading/trailing silence."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise ListenError("espeak-ng is not installed: apt install espeak-ng")
    done = subprocess.run(
        [program, "-v", voice, "-s", str(rate), "--stdout", phrase],
        capture_output=True,
        check=False,
        timeout=60,
    )
    if done.returncode != 0 or len(done.stdout) < 44:
        raise ListenError(f"espeak-ng could not say {phrase!r}: {done.stderr.decode().strip()}")
    wav = done.stdout
    rate_hz = int.from_bytes(wav[24:28], "little")
    data = wav.find(b"data")
    return trim(to_16k(wav[data + 8 :], rate_hz))


def trim(pcm: bytes, floor: int = 300) -> bytes:
    """`pcm` without the near-silence at either end."""
    samples = array("h", pcm)
    loud = [i for i, s in enumerate(samples) if abs(s) > floor]
    if not loud:
        return b""
    return samples[loud[0] : loud[-1] + 1].tobytes()


def rms(pcm: bytes) -> float:
    samples = array("h", pcm)
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))


def noise(seconds: float, seed: int = 0, level: float = 1000.0) -> bytes:
    """Brownish room noise (white noise, lightly low-passed) at about `level` RMS."""
    rng = random.Random(seed)
    out = array("h")
    smooth = 0.0
    for _ in range(int(seconds * RATE)):
        smooth = 0.7 * smooth + 0.3 * rng.gauss(0.0, 1.0)
        out.append(max(-32768, min(32767, int(smooth * level * 2.0))))
    return out.tobytes()


def silence(seconds: float) -> bytes:
    return bytes(2 * int(seconds * RATE))


def scaled(pcm: bytes, factor: float) -> bytes:
    samples = array("h", pcm)
    return array("h", (max(-32768, min(32767, int(s * factor))) for s in samples)).tobytes()


def mixed(background: bytes, foreground: bytes, at: float) -> bytes:
    """`foreground` added into `background` starting `at` seconds (clipped, not wrapped)."""
    out = array("h", background)
    start = int(at * RATE)
    for i, sample in enumerate(array("h", foreground)):
        j = start + i
        if j >= len(out):
            break
        out[j] = max(-32768, min(32767, out[j] + sample))
    return out.tobytes()


def keyword_track(
    words: Sequence[bytes | tuple[str, bytes]],
    background: bytes,
    *,
    snr_db: float,
    gap: float = 2.5,
) -> tuple[bytes, list[Placed]]:
    """`words` (phrase, PCM) spoken one after the other, `gap` seconds apart, over a
    stretch of `background` (repeated as needed) set `snr_db` below the words' loudness."""
    items = [w if isinstance(w, tuple) else ("", w) for w in words]
    length = gap + sum(len(pcm) / 2 / RATE + gap for _, pcm in items)
    need = int(length * RATE) * 2
    bed = (background * (need // max(len(background), 1) + 1))[:need]
    loudness = sum(rms(pcm) for _, pcm in items) / max(len(items), 1)
    bed_rms = rms(bed)
    if bed_rms > 0 and loudness > 0:
        bed = scaled(bed, loudness / bed_rms / (10 ** (snr_db / 20)))
    placed: list[Placed] = []
    t = gap
    for phrase, pcm in items:
        bed = mixed(bed, pcm, t)
        t += len(pcm) / 2 / RATE
        placed.append(Placed(phrase, t))
        t += gap
    return bed, placed


# -- `workout doctor` ---------------------------------------------------------------------


def recogniser_check() -> str:
    """Spot a keyword espeak-ng says; say which model German routines would use."""
    from importlib.metadata import version

    model = listen.english_model()
    started = time.perf_counter()
    recogniser = listen.Recogniser(model, [k for k in listen.ENGLISH if k.phrase == "repeat"])
    track, _ = keyword_track([("repeat", speak("repeat"))], noise(1.0), snr_db=20)
    heard = [s.keyword.phrase for s in listen.spot_all(recogniser, track + listen.silence_of(0.5))]
    took = time.perf_counter() - started
    if heard != ["repeat"]:
        raise ListenError(f"pocketsphinx did not hear a spoken test word (heard {heard})")
    return (
        f"pocketsphinx {version('pocketsphinx')}, English: heard a spoken test word "
        f"in {took:.1f} s; German: {listen.german_model_note()}"
    )
