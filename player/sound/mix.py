"""Offline mixing: clips placed at exact offsets into one preallocated buffer, and saving it.

Export and the `record:` backend both come through `mix`, so they cannot disagree. The
buffer is one `bytearray` of 16-bit samples, allocated once for the whole session; each
clip is added into its slice with `audioop.add` (C speed, saturating: where two clips
overlap the sum is clipped to 16 bits, exactly as summing then clipping would do). The work
is proportional to the length of the clips, not of the session — unlike repeated pydub
`overlay`, which copies the whole track for every cue.
"""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from player.errors import UserError
from player.files import write_atomic
from player.sound.base import SAMPLE_RATE, SAMPLE_WIDTH, Clip
from player.sound.wav import wav_bytes
from player.timeline.model import Cue, Timeline, Tone

with warnings.catch_warnings():
    # Deprecated in 3.11-3.12 and provided by `audioop-lts` from 3.13 (a pydub dependency).
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

FULL_SCALE = 32767
SPEECH_RMS = 10 ** (-16 / 20)  # speech loudness target, of full scale (-16 dBFS RMS)
PEAK_LIMIT = 10 ** (-1 / 20)  # no speech sample above -1 dBFS after the gain
FORMATS = (".wav", ".mp3", ".ogg")

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True, slots=True)
class Placement:
    """A clip heard from session offset `at` (seconds)."""

    at: float
    clip: Clip

    @property
    def end(self) -> float:
        return self.at + self.clip.duration


FRAME_EPSILON = 1e-6  # frames: far above float error, far below a frame


def frame_at(seconds: float) -> int:
    """The frame a session offset falls on. Half a frame rounds up, also when the offset
    comes back from a clock a hair short (1012.83 - 1000.0 is 12.829999...): the planned
    offset and the played one must give the same frame."""
    return round(seconds * SAMPLE_RATE + FRAME_EPSILON)


def mix(
    placements: Iterable[Placement], frames: int | None = None, progress: Progress | None = None
) -> bytes:
    """The 16-bit PCM of every placement summed (with clipping) into one buffer.

    `frames` is the length of the result; clips reaching past it are cut. Without it the
    result ends where the last clip ends.
    """
    placed = list(placements)
    if frames is None:
        frames = max((frame_at(p.at) + p.clip.frames for p in placed), default=0)
    buffer = bytearray(frames * SAMPLE_WIDTH)
    for done, placement in enumerate(placed, 1):
        start = frame_at(placement.at)
        pcm = placement.clip.pcm
        if start < 0:
            pcm, start = pcm[-start * SAMPLE_WIDTH :], 0
        pcm = pcm[: max(0, frames - start) * SAMPLE_WIDTH]
        if pcm:
            a, b = start * SAMPLE_WIDTH, start * SAMPLE_WIDTH + len(pcm)
            buffer[a:b] = audioop.add(buffer[a:b], pcm, SAMPLE_WIDTH)
        if progress is not None:
            progress(done, len(placed))
    return bytes(buffer)


def rms(clip: Clip) -> float:
    """Root-mean-square level of a clip, 0..1 of full scale."""
    return audioop.rms(clip.pcm, SAMPLE_WIDTH) / FULL_SCALE if clip.pcm else 0.0


def peak(clip: Clip) -> float:
    """Highest absolute sample of a clip, 0..1 of full scale."""
    return audioop.max(clip.pcm, SAMPLE_WIDTH) / FULL_SCALE if clip.pcm else 0.0


def _level(clips: Iterable[Clip]) -> tuple[float, float]:
    """The RMS of `clips` heard one after another, and their highest peak (0..1 of full scale)."""
    energy = 0.0
    frames = 0
    loudest = 0.0
    for clip in clips:
        energy += rms(clip) ** 2 * clip.frames
        frames += clip.frames
        loudest = max(loudest, peak(clip))
    return (math.sqrt(energy / frames) if frames else 0.0), loudest


def _gain(level: float, loudest: float, target: float) -> float:
    """The gain that brings `level` to `target` without a peak over PEAK_LIMIT (1 for silence)."""
    if level == 0.0:
        return 1.0
    return min(target / level, PEAK_LIMIT / loudest)


def speech_gain(clips: Iterable[Clip], target: float = SPEECH_RMS) -> float:
    """One gain for all of a session's speech: its RMS over every clip meets `target`,
    unless that would push a peak over PEAK_LIMIT. One gain keeps the voice's own
    dynamics between phrases."""
    return _gain(*_level(clips), target)


def scaled(clip: Clip, gain: float) -> Clip:
    """A clip made louder or softer (saturating at full scale)."""
    if gain == 1.0:
        return clip
    return Clip(audioop.mul(clip.pcm, SAMPLE_WIDTH, gain))


def balance_speech(speech: Mapping[str, Clip], target: float = SPEECH_RMS) -> dict[str, Clip]:
    """Speech clips brought to the speech loudness target with one gain."""
    gain = speech_gain(speech.values(), target)
    return {text: scaled(clip, gain) for text, clip in speech.items()}


@dataclass(frozen=True, slots=True)
class Balance:
    """The gains that bring a session's speech to the loudness target and its tones under it."""

    speech: float
    tones: float

    def speech_clip(self, clip: Clip) -> Clip:
        return scaled(clip, self.speech)

    def tone_clip(self, clip: Clip) -> Clip:
        return scaled(clip, self.tones)


def balance_of(speech: Iterable[Clip]) -> Balance:
    """The gains for a session whose speech is `speech` (each distinct phrase once).

    Speech gets one gain (`speech_gain`). The tone sets are made to sit under SPEECH_RMS
    (quiet 6 dB, loud 2 dB); where the peak limit keeps speech below its target, tones
    come down by as much, so the balance between them holds.
    """
    level, loudest = _level(speech)  # each clip measured once
    gain = _gain(level, loudest, SPEECH_RMS)
    reached = gain * level if level else SPEECH_RMS
    return Balance(speech=gain, tones=min(1.0, reached / SPEECH_RMS))


def balance(
    speech: Mapping[str, Clip], tones: Mapping[Tone, Clip]
) -> tuple[dict[str, Clip], dict[Tone, Clip]]:
    """Speech at the loudness target, tones a little under it (see `balance_of`).

    Export does it for every clip at once; a live session applies the same `Balance` to
    each clip as it is handed to the engine, so the two sound the same.
    """
    gains = balance_of(speech.values())
    return (
        {text: gains.speech_clip(clip) for text, clip in speech.items()},
        {tone: gains.tone_clip(clip) for tone, clip in tones.items()},
    )


def cue_clip(cue: Cue, speech: Mapping[str, Clip], tones: Mapping[Tone, Clip]) -> Clip:
    """The clip a cue plays."""
    if cue.tone is not None:
        return tones[cue.tone]
    if cue.text is None:
        raise ValueError(f"cue at {cue.at:.3f}s has neither text nor tone")
    try:
        return speech[cue.text]
    except KeyError:
        raise ValueError(f"no speech clip rendered for {cue.text!r}") from None


def placements(
    timeline: Timeline, speech: Mapping[str, Clip], tones: Mapping[Tone, Clip]
) -> list[Placement]:
    """Every cue of a timeline as the clip heard at its offset."""
    return [Placement(cue.at, cue_clip(cue, speech, tones)) for cue in timeline.cues]


def mix_timeline(
    timeline: Timeline,
    speech: Mapping[str, Clip],
    tones: Mapping[Tone, Clip],
    progress: Progress | None = None,
) -> bytes:
    """The whole session as 16-bit PCM, exactly `round(total * SAMPLE_RATE)` frames long."""
    return mix(placements(timeline, speech, tones), frame_at(timeline.total), progress)


def encoded(pcm: bytes, fmt: str) -> bytes:
    """PCM as an .mp3 or .ogg file's bytes, encoded by ffmpeg.

    The samples go in through a pipe and ffmpeg writes into a private temporary folder that
    is removed whatever happens, so nothing is left behind in /tmp (pydub's `export` leaves
    its temporary files there when ffmpeg fails or is missing).
    """
    program = shutil.which("ffmpeg")
    if program is None:
        raise UserError(
            f"ffmpeg is needed to write .{fmt} files: apt install ffmpeg (or export to .wav)"
        )
    options = {"mp3": ["-q:a", "4"], "ogg": ["-codec:a", "libvorbis", "-q:a", "5"]}[fmt]
    with tempfile.TemporaryDirectory(prefix="workout-export-") as folder:
        out = Path(folder) / f"session.{fmt}"
        raw = ["-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:0"]
        command = [program, "-hide_banner", "-loglevel", "error", "-y", *raw, *options, str(out)]
        try:
            result = subprocess.run(command, input=pcm, capture_output=True, check=False)
        except OSError as error:
            raise UserError(f"ffmpeg could not be run: {error.strerror or error}") from None
        if result.returncode != 0 or not out.is_file():
            said = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UserError(f"ffmpeg could not encode .{fmt}: {said[-1] if said else 'no output'}")
        return out.read_bytes()


def save(pcm: bytes, path: Path) -> None:
    """Write PCM to `path` as .wav, .mp3 or .ogg (by its suffix), atomically: the whole file
    or, if anything fails, the old one (`player.files.write_atomic`)."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"{path}: cannot write {suffix or 'files without a suffix'}; use .wav, .mp3 or .ogg"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: folder {folder} does not exist")
    data = wav_bytes(pcm) if suffix == ".wav" else encoded(pcm, suffix[1:])
    try:
        write_atomic(path, data)
    except OSError as error:
        raise UserError(f"{path}: cannot write ({error.strerror or error})") from None
