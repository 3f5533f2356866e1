"""The bundled tones: how they are made (`python -m player.sound.tones audio/`) and loaded.

Every tone is a few soft bell-like notes: each note rises from silence over a few
milliseconds (a raised-cosine attack), decays exponentially, and the whole tone fades to
exactly zero over its last milliseconds, so nothing clicks. Lengths are exactly
`TONE_DURATIONS` at 22050 Hz. Pure Python (`math`, `array`, `wave`): the same bytes on
every run.
"""

from __future__ import annotations

import math
import sys
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

from player.errors import UserError
from player.paths import bundled_audio_dir
from player.sound.base import SAMPLE_RATE, Clip
from player.sound.wav import read_wav, write_wav
from player.timeline.model import TONE_DURATIONS, Tone


class ToneSet(StrEnum):
    """Which set of tones: soft for an office, bright and louder for a noisy room."""

    QUIET = "quiet"
    LOUD = "loud"


@dataclass(frozen=True, slots=True)
class Note:
    """One struck note inside a tone."""

    start: float  # seconds from the start of the tone
    pitch: float  # Hz
    decay: float  # seconds for the note to fall to 1/e
    level: float = 1.0  # relative to the tone's other notes


@dataclass(frozen=True, slots=True)
class Timbre:
    """How a set sounds: overtones, attack, loudness."""

    partials: tuple[tuple[float, float], ...]  # (multiple of the pitch, relative level)
    attack: float  # seconds
    release: float  # seconds of fade to zero at the end of the tone
    loudness: float  # RMS level of every tone of the set, in dBFS
    transpose: float  # pitch factor


TIMBRES: dict[ToneSet, Timbre] = {
    ToneSet.QUIET: Timbre(
        partials=((1.0, 1.0), (2.0, 0.12)),
        attack=0.008,
        release=0.020,
        loudness=-22.0,  # 6 dB under speech (`player.sound.mix.SPEECH_RMS`)
        transpose=1.0,
    ),
    ToneSet.LOUD: Timbre(
        partials=((1.0, 1.0), (2.0, 0.30), (3.0, 0.12)),
        attack=0.005,
        release=0.015,
        loudness=-18.0,  # 2 dB under speech
        transpose=1.26,  # a major third up: cuts through a noisy room
    ),
}

# What each tone is for, and its notes (pitches for the quiet set; the loud set transposes).
SCORES: dict[Tone, tuple[str, tuple[Note, ...]]] = {
    Tone.TICK: (
        "countdown tick: one short, dry blip per second",
        (Note(0.0, 1046.5, 0.030),),
    ),
    Tone.GO: (
        "work starts: a rising fifth",
        (Note(0.0, 659.3, 0.090), Note(0.12, 987.8, 0.120)),
    ),
    Tone.REST: (
        "work ends, rest begins: a falling fourth, softer",
        (Note(0.0, 784.0, 0.110), Note(0.18, 587.3, 0.150, 0.9)),
    ),
    Tone.SWITCH: (
        "change sides: two quick equal notes",
        (Note(0.0, 880.0, 0.050), Note(0.14, 880.0, 0.060)),
    ),
    Tone.FINISH: (
        "session done: a rising major arpeggio that rings out",
        (
            Note(0.00, 523.3, 0.200),
            Note(0.15, 659.3, 0.200),
            Note(0.30, 784.0, 0.250),
            Note(0.45, 1046.5, 0.400),
        ),
    ),
}


def tone_frames(tone: Tone) -> int:
    """The exact length of a tone file, in frames."""
    return round(TONE_DURATIONS[tone] * SAMPLE_RATE)


def _note_samples(note: Note, timbre: Timbre, out: list[float]) -> None:
    first = round(note.start * SAMPLE_RATE)
    attack = max(1, round(timbre.attack * SAMPLE_RATE))
    pitch = note.pitch * timbre.transpose
    for i in range(len(out) - first):
        t = i / SAMPLE_RATE
        envelope = note.level * math.exp(-t / note.decay)
        if i < attack:
            envelope *= 0.5 - 0.5 * math.cos(math.pi * i / attack)
        wave_value = sum(
            level * math.sin(2.0 * math.pi * pitch * multiple * t)
            for multiple, level in timbre.partials
        )
        out[first + i] += envelope * wave_value


def synthesize(tone: Tone, tone_set: ToneSet) -> Clip:
    """Make one tone of one set, exactly `TONE_DURATIONS[tone]` long."""
    timbre = TIMBRES[tone_set]
    frames = tone_frames(tone)
    samples = [0.0] * frames
    for note in SCORES[tone][1]:
        _note_samples(note, timbre, samples)
    release = round(timbre.release * SAMPLE_RATE)
    for i in range(release):
        # Cosine fade over the last `release` frames, reaching exactly 0 on the last one.
        samples[frames - 1 - i] *= 0.5 - 0.5 * math.cos(math.pi * i / release)
    level = math.sqrt(sum(s * s for s in samples) / frames) or 1.0
    scale = 10 ** (timbre.loudness / 20) * 32767 / level
    pcm = array("h", (round(s * scale) for s in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    return Clip(pcm.tobytes())


def tone_path(tone: Tone, tone_set: ToneSet | str, root: Path | None = None) -> Path:
    """Where a tone file lives: `audio/<set>/<tone>.wav`."""
    return (root or bundled_audio_dir()) / str(tone_set) / f"{tone}.wav"


def generate(root: Path) -> list[Path]:
    """Write every tone of every set under `root`; returns the files written."""
    written = []
    for tone_set in ToneSet:
        (root / tone_set).mkdir(parents=True, exist_ok=True)
        for tone in Tone:
            path = tone_path(tone, tone_set, root)
            write_wav(path, synthesize(tone, tone_set))
            written.append(path)
    return written


@cache
def load_tone(tone: Tone | str, set: ToneSet | str = ToneSet.QUIET) -> Clip:
    """A bundled tone as a Clip (read once, then kept)."""
    try:
        tone, tone_set = Tone(tone), ToneSet(set)
    except ValueError:
        names = ", ".join(Tone)
        sets = ", ".join(ToneSet)
        raise UserError(
            f"unknown tone {tone!r} or tone set {set!r}: tones are {names}; sets are {sets}"
        ) from None
    path = tone_path(tone, tone_set)
    if not path.is_file():
        raise UserError(
            f"tone file missing: {path} (make it with: python -m player.sound.tones audio/)"
        )
    clip = read_wav(path)
    if clip.frames != tone_frames(tone):
        raise UserError(
            f"{path}: {clip.frames} frames, expected {tone_frames(tone)} "
            "(regenerate with: python -m player.sound.tones audio/)"
        )
    return clip


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m player.sound.tones DIR`: (re)generate the tone files into DIR."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m player.sound.tones DIR", file=sys.stderr)
        return 2
    for path in generate(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
