"""Offline mixing: clips placed at exact offsets, streamed block by block, and saving it.

Export and the `record:` backend both come through `mix_blocks`, so they cannot disagree.
The session is made one block (10 s) at a time: each block is an array of silence into
which every clip that sounds in it is added (numpy, C speed); where clips meet and their
sum would pass the true-peak ceiling a limiter holds it, so nothing clips — and the blocks
joined are byte for byte what one buffer for the whole session would hold. Memory
stays the same however long the session; export writes each block as it is made (into the
WAV, or into ffmpeg's pipe while ffmpeg encodes the blocks before). The work is proportional
to the length of the clips plus the silence written, never a copy of the whole track per cue.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from player.errors import UserError
from player.files import atomic_file
from player.sound.base import SAMPLE_RATE, SAMPLE_WIDTH, Clip
from player.sound.wav import wav_header
from player.timeline.model import Cue, Timeline, Tone

with warnings.catch_warnings():
    # Deprecated in 3.11-3.12 and provided by `audioop-lts` from 3.13 (a pydub dependency).
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

FULL_SCALE = 32767
FORMATS = (".wav", ".mp3", ".ogg")
BLOCK_FRAMES = 10 * SAMPLE_RATE  # frames mixed at once: 10 s, 441 kB

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


def mix_blocks(
    placements: Iterable[Placement],
    frames: int | None = None,
    progress: Progress | None = None,
    block_frames: int = BLOCK_FRAMES,
) -> Iterator[bytes]:
    """The 16-bit PCM of every placement summed, `block_frames` at a time.

    Where sounds meet (a tone under a word) and their sum would pass the true-peak ceiling,
    a limiter holds it (`loudness.limited`; each block is mixed with the limiter's margin on
    either side, so the blocks joined do not depend on their size). `frames` is the length
    of the whole; clips reaching past it are cut. Without it the result ends where the last
    clip ends.
    """
    import numpy as np

    from player.sound.loudness import MARGIN, limited, samples, to_pcm

    placed = list(placements)
    spans = [(frame_at(p.at), frame_at(p.at) + p.clip.frames) for p in placed]
    if frames is None:
        frames = max((end for _, end in spans), default=0)
    by_start = sorted(range(len(placed)), key=lambda i: spans[i][0])
    upcoming = 0  # next in `by_start` not yet sounding
    sounding: list[int] = []
    blocks = -(-frames // block_frames)
    for number, first in enumerate(range(0, frames, block_frames), 1):
        last = min(frames, first + block_frames)
        low, high = first - MARGIN, last + MARGIN
        while upcoming < len(by_start) and spans[by_start[upcoming]][0] < high:
            sounding.append(by_start[upcoming])
            upcoming += 1
        sounding = sorted(i for i in sounding if spans[i][1] > low)  # in the order given
        block = np.zeros(high - low)
        for i in sounding:
            start, end = spans[i]
            a, b = max(start, low, 0), min(end, high, frames)
            if a < b:
                pcm = placed[i].clip.pcm[(a - start) * SAMPLE_WIDTH : (b - start) * SAMPLE_WIDTH]
                block[a - low : b - low] += samples(pcm)
        if progress is not None:
            progress(number, blocks)
        yield to_pcm(limited(block)[first - low : last - low])


def mix(
    placements: Iterable[Placement], frames: int | None = None, progress: Progress | None = None
) -> bytes:
    """The 16-bit PCM of every placement summed (with clipping), in memory (`mix_blocks`)."""
    return b"".join(mix_blocks(placements, frames, progress))


def rms(clip: Clip) -> float:
    """Root-mean-square level of a clip, 0..1 of full scale."""
    return audioop.rms(clip.pcm, SAMPLE_WIDTH) / FULL_SCALE if clip.pcm else 0.0


def peak(clip: Clip) -> float:
    """Highest absolute sample of a clip, 0..1 of full scale."""
    return audioop.max(clip.pcm, SAMPLE_WIDTH) / FULL_SCALE if clip.pcm else 0.0


def scaled(clip: Clip, gain: float) -> Clip:
    """A clip made louder or softer (saturating at full scale)."""
    if gain == 1.0:
        return clip
    return Clip(audioop.mul(clip.pcm, SAMPLE_WIDTH, gain))


@dataclass(frozen=True, slots=True)
class Balance:
    """The gains that bring a session's speech to the loudness target and its tones under it."""

    speech: float
    tones: float = 1.0

    def speech_clip(self, clip: Clip) -> Clip:
        """A phrase at the session's gain, its true peaks held under the ceiling."""
        from player.sound.loudness import gained, level_of

        return Clip(gained(clip.pcm, self.speech, level_of(clip.pcm)))

    def tone_clip(self, clip: Clip) -> Clip:
        return scaled(clip, self.tones)


def balance_of(speech: Iterable[Clip]) -> Balance:
    """The gains for a session whose speech is `speech` (each distinct phrase once).

    Speech gets one gain, which brings it, heard phrase after phrase, to an integrated
    loudness of `loudness.TARGET_LUFS` (BS.1770); a limiter holds the few peaks that gain
    pushes over the true-peak ceiling. One gain keeps the voice's own dynamics between
    phrases. The tone sets are made to sit under that speech as they are.
    """
    from player.sound.loudness import gain_for, level_of

    return Balance(speech=gain_for([p for clip in speech for p in level_of(clip.pcm).powers]))


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


def timeline_blocks(
    timeline: Timeline,
    speech: Mapping[str, Clip],
    tones: Mapping[Tone, Clip],
    progress: Progress | None = None,
) -> Iterator[bytes]:
    """The whole session as 16-bit PCM blocks, `round(total * SAMPLE_RATE)` frames in all."""
    return mix_blocks(placements(timeline, speech, tones), frame_at(timeline.total), progress)


def mix_timeline(
    timeline: Timeline, speech: Mapping[str, Clip], tones: Mapping[Tone, Clip]
) -> bytes:
    """The whole session as 16-bit PCM in memory (`timeline_blocks` joined)."""
    return b"".join(timeline_blocks(timeline, speech, tones))


def _ffmpeg(fmt: str, out: Path) -> list[str]:
    program = shutil.which("ffmpeg")
    if program is None:
        raise UserError(
            f"ffmpeg is needed to write .{fmt} files: apt install ffmpeg (or export to .wav)"
        )
    options = {"mp3": ["-q:a", "4", "-f", "mp3"], "ogg": ["-codec:a", "libvorbis", "-q:a", "5",
               "-f", "ogg"]}[fmt]  # fmt: skip
    raw = ["-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:0"]
    return [program, "-hide_banner", "-loglevel", "error", "-y", *raw, *options, str(out)]


def _encode(blocks: Iterable[bytes], fmt: str, out: Path) -> None:
    """Pipe PCM blocks into ffmpeg as they come; it writes `out` (.mp3 or .ogg)."""
    command = _ffmpeg(fmt, out)
    with tempfile.TemporaryFile() as said:
        try:
            encoder = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=said)
        except OSError as error:
            raise UserError(f"ffmpeg could not be run: {error.strerror or error}") from None
        assert encoder.stdin is not None
        try:
            for block in blocks:
                encoder.stdin.write(block)
            encoder.stdin.close()
        except BrokenPipeError:
            pass  # ffmpeg stopped: its words say why
        except BaseException:
            encoder.kill()
            encoder.wait()
            raise
        if encoder.wait() != 0:
            said.seek(0)
            lines = said.read().decode("utf-8", "replace").strip().splitlines()
            last = lines[-1] if lines else "no output"
            raise UserError(f"ffmpeg could not encode .{fmt}: {last}")


def save_blocks(blocks: Iterable[bytes], frames: int, path: Path) -> None:
    """Write PCM blocks (`frames` frames in all) to `path` as .wav, .mp3 or .ogg (by its
    suffix), as they come, atomically: the whole file or, if anything fails, the old one."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"{path}: cannot write {suffix or 'files without a suffix'}; use .wav, .mp3 or .ogg"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: folder {folder} does not exist")
    try:
        with atomic_file(path) as (file, temporary):
            if suffix == ".wav":
                file.write(wav_header(frames))
                for block in blocks:
                    file.write(block)
            else:
                file.close()
                _encode(blocks, suffix[1:], temporary)
    except OSError as error:
        raise UserError(f"{path}: cannot write ({error.strerror or error})") from None


def save(pcm: bytes, path: Path) -> None:
    """Write PCM to `path` as .wav, .mp3 or .ogg (see `save_blocks`)."""
    save_blocks([pcm], len(pcm) // SAMPLE_WIDTH, path)
