"""Offline mixing: clips placed at exact offsets, streamed piece by piece, and saving it.

Export and the `record:` backend both come through `mix_blocks`, so they cannot disagree.
Most of a session is silence or one clip sounding alone: those stretches are the clip's own
bytes and zeros, passed on as views, not computed. Where clips meet (a tone under a word),
or a clip is loud enough for the limiter, the stretch is mixed with numpy, 10 s at a time:
the clips are added into an array of silence and, where their sum would pass the true-peak
ceiling, a limiter holds it, so nothing clips. Joined, the pieces are byte for byte what
one buffer for the whole session mixed and limited would hold. Memory stays the same however
long the session; export writes each piece as it is made (into the WAV, or into the pipe of
an ffmpeg started before the session was made), many pieces to a system call. Export keeps
each mixed stretch in the cache (`kept`), named by what is heard in it: exported again, a
session mixes nothing and does not import numpy.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from player.errors import UserError
from player.files import atomic_file
from player.sound.base import SAMPLE_RATE, SAMPLE_WIDTH, Clip
from player.sound.wav import wav_header
from player.timeline.model import Cue, Timeline, Tone

if TYPE_CHECKING:
    from player.sound.loudness import Level

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
    *,
    kept: bool = False,
) -> Iterator[bytes | memoryview]:
    """The 16-bit PCM of every placement summed, in pieces of at most `block_frames`.

    Where sounds meet (a tone under a word) and their sum would pass the true-peak ceiling,
    a limiter holds it (`loudness.limited`, which looks no further than `MARGIN` either
    side of a sample). So where at most one clip is within `MARGIN` of a sample, and the
    limiter leaves that clip alone (`loudness.left_alone`), the sum is the clip's own sample
    or silence: those stretches are the clip's bytes and zeros, copied, not computed. The
    rest is mixed with numpy (`_Mixer`), `block_frames` at a time with the limiter's margin
    on either side, so the pieces joined do not depend on their size. `frames` is the length
    of the whole; clips reaching past it are cut. Without it the result ends where the last
    clip ends.

    With `kept`, each stretch where clips meet is kept in the cache once mixed, named by
    what is heard in it (`_Mixer.name`), and read from there the next time: a session
    exported again, or another with the same tone under the same word, mixes nothing.
    """
    placed = list(placements)
    spans = [(frame_at(p.at), frame_at(p.at) + p.clip.frames) for p in placed]
    if frames is None:
        frames = max((end for _, end in spans), default=0)
    blocks = -(-frames // block_frames)
    zeros = memoryview(bytes(min(frames, block_frames) * SAMPLE_WIDTH))
    done = 0  # frames yielded
    shown = 0  # blocks reported to `progress`
    mixer = _Mixer(placed, spans, frames, kept=kept)
    for first, last, alone in _stretches(placed, spans, frames):
        pieces: Iterator[bytes | memoryview]
        if alone is None:
            pieces = mixer.mixed(first, last, block_frames)
        elif alone == _SILENCE:
            pieces = _copied(b"", first, first, last, zeros)
        else:
            pieces = _copied(placed[alone].clip.pcm, spans[alone][0], first, last, zeros)
        for piece in pieces:
            yield piece
            done += len(piece) // SAMPLE_WIDTH
            if progress is not None and done // block_frames > shown:
                shown = done // block_frames
                progress(shown, blocks)
    if progress is not None and shown < blocks:
        progress(blocks, blocks)


_SILENCE = -1


def _stretches(
    placed: Sequence[Placement], spans: Sequence[tuple[int, int]], frames: int
) -> Iterator[tuple[int, int, int | None]]:
    """`(first, last, alone)` for consecutive stretches covering `0:frames`. `alone` is the
    index of the one clip within `MARGIN` of the stretch when the limiter leaves its samples
    as they are, `_SILENCE` if no clip is that near, and None where the stretch is mixed:
    two clips near, a clip the limiter touches, or one cut at either end of the whole."""
    from player.sound.loudness import MARGIN, left_alone

    events: list[tuple[int, int, int]] = []  # (frame, +1 comes near / -1 is gone, clip)
    kept: dict[int, bool] = {}  # id of a clip's pcm -> `left_alone`
    for i, (start, end) in enumerate(spans):
        if start >= end or end <= 0 or start >= frames:
            continue  # nothing of it is heard
        pcm = placed[i].clip.pcm
        if id(pcm) not in kept:
            kept[id(pcm)] = left_alone(pcm)
        events.append((max(0, start - MARGIN), 1, i))
        events.append((min(frames, end + MARGIN), -1, i))
    events.sort()
    near: set[int] = set()
    taken = 0
    stretch: tuple[int, int, int | None] | None = None
    at = 0
    while at < frames:
        while taken < len(events) and events[taken][0] <= at:
            _, change, i = events[taken]
            if change > 0:
                near.add(i)
            else:
                near.discard(i)
            taken += 1
        until = min(frames, events[taken][0]) if taken < len(events) else frames
        alone: int | None = None
        if not near:
            alone = _SILENCE
        elif len(near) == 1:
            (i,) = near
            start, end = spans[i]
            if start >= 0 and end <= frames and kept[id(placed[i].clip.pcm)]:
                alone = i
        if stretch is not None and stretch[2] == alone:
            stretch = (stretch[0], until, alone)
        else:
            if stretch is not None:
                yield stretch
            stretch = (at, until, alone)
        at = until
    if stretch is not None:
        yield stretch


def _copied(
    pcm: bytes, start: int, first: int, last: int, zeros: memoryview
) -> Iterator[memoryview]:
    """Frames `first:last` of a clip heard from frame `start` with silence around it, in
    pieces no longer than `zeros`: views of the clip's bytes and of `zeros`, no copies."""
    samples = memoryview(pcm)
    end = start + len(pcm) // SAMPLE_WIDTH
    step = len(zeros)
    for a, b, source in (
        (first, min(last, max(first, start)), None),
        (max(first, start), min(last, end), samples),
        (max(first, min(last, end)), last, None),
    ):
        for low in range(a * SAMPLE_WIDTH, b * SAMPLE_WIDTH, step):
            high = min(b * SAMPLE_WIDTH, low + step)
            if source is None:
                yield zeros[: high - low]
            else:
                offset = start * SAMPLE_WIDTH
                yield source[low - offset : high - offset]


MIX_VERSION = "1"  # of the mixing and the limiter: a change to either changes it
KEPT_FRAMES = 30 * SAMPLE_RATE  # the longest stretch `kept` in the cache: 1.3 MB
MADE_BYTES = 8 << 20  # stretches an export holds on to, to say again: 8 MiB at most


class _Mixer:
    """The stretches where clips meet, summed with numpy and limited, in the order asked."""

    def __init__(
        self,
        placed: Sequence[Placement],
        spans: Sequence[tuple[int, int]],
        frames: int,
        *,
        kept: bool = False,
    ) -> None:
        self.placed = placed
        self.spans = spans
        self.frames = frames
        self.kept = kept
        self.by_start = sorted(range(len(placed)), key=lambda i: spans[i][0])
        self.upcoming = 0  # next in `by_start` not yet sounding
        self.sounding: list[int] = []
        self.made: dict[str, bytes] = {}  # stretches by name: one tone under one word, often

    def _near(self, low: int, high: int) -> list[int]:
        """The clips sounding anywhere in frames `low:high`, in the order given (asked in
        order: `low` and `high` never go back)."""
        spans, by_start = self.spans, self.by_start
        while self.upcoming < len(by_start) and spans[by_start[self.upcoming]][0] < high:
            self.sounding.append(by_start[self.upcoming])
            self.upcoming += 1
        self.sounding = sorted(i for i in self.sounding if spans[i][1] > low)  # as given
        return self.sounding

    def mixed(self, first: int, last: int, block_frames: int) -> Iterator[bytes | memoryview]:
        """Frames `first:last`, `block_frames` at a time (see `_computed`); from the cache
        where they were `kept` before, and kept there once computed."""
        if not self.kept or last - first > KEPT_FRAMES:
            yield from self._computed(first, last, block_frames)
            return
        from player.sound.loudness import keep_mix, kept_mix

        name = self.name(first, last, block_frames)
        found = self.made.get(name) or kept_mix(name, (last - first) * SAMPLE_WIDTH)
        if found is None:
            found = b"".join(self._computed(first, last, block_frames))
            keep_mix(name, found)
        if sum(map(len, self.made.values())) < MADE_BYTES:
            self.made[name] = found
        whole, step = memoryview(found), block_frames * SAMPLE_WIDTH
        for low in range(0, len(found), step):
            yield whole[low : low + step]

    def name(self, first: int, last: int, block_frames: int) -> str:
        """What frames `first:last` are made of, as a name for the cache: every clip heard in
        them or within the limiter's `MARGIN` (named by its samples) and where it starts, and
        where the session begins or ends if that is as near."""
        from player.sound.loudness import CEILING_DBTP, MARGIN, name_of

        low, high = first - MARGIN, last + MARGIN
        heard = [
            [name_of(self.placed[i].clip.pcm), self.spans[i][0] - first]
            for i in self._near(low, high)
            if max(self.spans[i][0], low, 0) < min(self.spans[i][1], high, self.frames)
        ]
        what = [MIX_VERSION, CEILING_DBTP, MARGIN, block_frames, last - first,
                max(low, 0) - first, min(high, self.frames) - first, heard]  # fmt: skip
        return hashlib.sha1(json.dumps(what).encode(), usedforsecurity=False).hexdigest()

    def _computed(self, first: int, last: int, block_frames: int) -> Iterator[bytes]:
        """Frames `first:last`, `block_frames` at a time: each block is mixed with the
        limiter's margin on either side, so the blocks joined do not depend on their size."""
        import numpy as np

        from player.sound.loudness import MARGIN, limited, samples, to_pcm

        spans, frames = self.spans, self.frames
        for low_frame in range(first, last, block_frames):
            high_frame = min(last, low_frame + block_frames)
            low, high = low_frame - MARGIN, high_frame + MARGIN
            block = np.zeros(high - low)
            for i in self._near(low, high):
                start, end = spans[i]
                a, b = max(start, low, 0), min(end, high, frames)
                if a < b:
                    pcm = self.placed[i].clip.pcm
                    block[a - low : b - low] += samples(
                        pcm[(a - start) * SAMPLE_WIDTH : (b - start) * SAMPLE_WIDTH]
                    )
            yield to_pcm(limited(block)[low_frame - low : high_frame - low])


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

    def speech_named(self, name: str, size: int, pcm: Callable[[], bytes]) -> Clip:
        """`speech_clip` of the phrase called `name` (`loudness.name_of`), `size` bytes long,
        whose samples are read (`pcm()`) only if they are needed."""
        from player.sound.loudness import gained_named, level_named

        return Clip(gained_named(name, size, self.speech, level_named(name, pcm), pcm))

    def tone_clip(self, clip: Clip) -> Clip:
        return scaled(clip, self.tones)


def balance_of(speech: Iterable[Clip]) -> Balance:
    """The gains for a session whose speech is `speech` (each distinct phrase once).

    Speech gets one gain, which brings it, heard phrase after phrase, to an integrated
    loudness of `loudness.TARGET_LUFS` (BS.1770); a limiter holds the few peaks that gain
    pushes over the true-peak ceiling. One gain keeps the voice's own dynamics between
    phrases. The tone sets are made to sit under that speech as they are.
    """
    from player.sound.loudness import level_of

    return balance_of_levels(level_of(clip.pcm) for clip in speech)


def balance_of_levels(levels: Iterable[Level]) -> Balance:
    """`balance_of` speech whose clips' levels (`loudness.level_of`) are these."""
    from player.sound.loudness import gain_for

    return Balance(speech=gain_for([p for level in levels for p in level.powers]))


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
    *,
    kept: bool = False,
) -> Iterator[bytes | memoryview]:
    """The whole session as 16-bit PCM pieces, `round(total * SAMPLE_RATE)` frames in all
    (`kept`: the stretches where clips meet kept in the cache, see `mix_blocks`)."""
    return mix_blocks(
        placements(timeline, speech, tones), frame_at(timeline.total), progress, kept=kept
    )


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


PIPE_BYTES = 1 << 20  # ffmpeg's pipe: 1 MiB (Linux's default 64 kB wakes it 16 times as often)


class AudioWriter:
    """A session's PCM on its way into `path`: the .wav itself, or ffmpeg encoding the .mp3
    or .ogg, which is started when the writer is opened (`audio_writer`), so that its own
    start overlaps whatever comes before the first block."""

    def __init__(self, path: Path, file: BinaryIO, temporary: Path) -> None:
        self.path = path
        self.format = path.suffix.lower()[1:]
        self._file = file
        self._temporary = temporary
        self._encoder: subprocess.Popen[bytes] | None = None
        self._said: BinaryIO | None = None

    def start(self) -> None:
        """Start ffmpeg, for an .mp3 or .ogg (`abandon` stops it)."""
        if self.format == "wav":
            return
        self._file.close()
        command = _ffmpeg(self.format, self._temporary)
        self._said = tempfile.TemporaryFile()  # noqa: SIM115 (closed by finish or abandon)
        with _interrupts_held():  # a Ctrl-C while it starts comes when `abandon` can stop it
            try:
                self._encoder = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stderr=self._said,
                    # Ctrl-C in the terminal is ours: we stop ffmpeg (`abandon`) and remove
                    # its file; ffmpeg's own handler would write the file's end and exit.
                    start_new_session=True,
                )
            except OSError as error:
                raise UserError(f"ffmpeg could not be run: {error.strerror or error}") from None
        assert self._encoder.stdin is not None
        with contextlib.suppress(ImportError, OSError, AttributeError):  # Linux; else as it is
            import fcntl

            fcntl.fcntl(self._encoder.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)

    def write(self, blocks: Iterable[bytes | memoryview], frames: int) -> None:
        """Write the session's `frames` frames of PCM, block by block as they come."""
        try:
            if self._encoder is None:
                self._file.write(wav_header(frames))
                self._file.flush()
                _write_all(self._file.fileno(), blocks, to_disk=True)
                return
            stdin = self._encoder.stdin
            assert stdin is not None
            try:
                _write_all(stdin.fileno(), blocks)
                stdin.close()
            except BrokenPipeError:
                pass  # ffmpeg stopped: its words say why (`finish`)
        except OSError as error:
            raise UserError(f"{self.path}: cannot write ({error.strerror or error})") from None

    def finish(self) -> None:
        """Wait for the encoder; its failure is a UserError with its last words."""
        if self._encoder is None or self._said is None:
            return
        with contextlib.suppress(BrokenPipeError):
            if self._encoder.stdin is not None:
                self._encoder.stdin.close()
        status = self._encoder.wait()
        said = self._said
        said.seek(0)
        lines = said.read().decode("utf-8", "replace").strip().splitlines()
        said.close()
        if status != 0:
            last = lines[-1] if lines else "no output"
            raise UserError(f"ffmpeg could not encode .{self.format}: {last}")

    def abandon(self) -> None:
        """Stop the encoder (the session failed or was interrupted before it was written)."""
        if self._encoder is not None:
            self._encoder.kill()
            with contextlib.suppress(OSError):
                if self._encoder.stdin is not None:
                    self._encoder.stdin.close()
            self._encoder.wait()
        if self._said is not None:
            self._said.close()


GATHERED_BYTES = 1 << 20  # pieces written at once (one writev): 1 MiB, or ...
GATHERED_PIECES = 512  # ... this many (Linux takes 1024 at most)
AHEAD_BYTES = 8 << 20  # a file's bytes handed to the disk as they are written, 8 MiB at a time


def _write_all(fd: int, pieces: Iterable[bytes | memoryview], *, to_disk: bool = False) -> None:
    """Write every piece to `fd` in order, many at once (`os.writev`: a session is some 1,400
    pieces, mostly views of a clip or of silence). `to_disk`: ask the kernel to start
    writing each 8 MiB to the disk once written (`posix_fadvise`), so that the fsync at the
    end waits for the last few only."""
    gathered: list[bytes | memoryview] = []
    size = 0
    written = handed = os.lseek(fd, 0, os.SEEK_CUR) if to_disk else 0
    advise = getattr(os, "posix_fadvise", None) if to_disk else None
    for piece in itertools.chain(pieces, [None]):  # None: the end, write what is gathered
        if piece is not None:
            gathered.append(piece)
            size += len(piece)
            if size < GATHERED_BYTES and len(gathered) < GATHERED_PIECES:
                continue
        _writev(fd, gathered, size)
        written += size
        gathered, size = [], 0
        if advise is not None and (written - handed >= AHEAD_BYTES or piece is None):
            with contextlib.suppress(OSError):
                advise(fd, handed, written - handed, os.POSIX_FADV_DONTNEED)
            handed = written


def _writev(fd: int, pieces: Sequence[bytes | memoryview], size: int) -> None:
    """`os.writev` until all `size` bytes of `pieces` are written (a write may stop short)."""
    done = os.writev(fd, pieces) if pieces else 0
    if done == size:
        return
    for piece in pieces:
        view = memoryview(piece)
        if done >= len(view):
            done -= len(view)
            continue
        view, done = view[done:], 0
        while view:
            view = view[os.write(fd, view) :]


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT waits meanwhile (where the platform can hold it), and comes after: a process
    started meanwhile is known to its `subprocess.Popen` when the KeyboardInterrupt comes
    (one that came while Popen ran would leave the process running, its Popen lost)."""
    import signal

    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except (AttributeError, OSError, ValueError):  # no pthread_sigmask here
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


@contextlib.contextmanager
def audio_writer(path: Path) -> Iterator[AudioWriter]:
    """Open `path` (.wav, .mp3 or .ogg, by its suffix) for a session's PCM, atomically: when
    the block ends the whole file is there or, if anything failed, the old one. For .mp3 and
    .ogg ffmpeg starts at once: open the writer first, then make the session."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(
            f"{path}: cannot write {suffix or 'files without a suffix'}; use .wav, .mp3 or .ogg"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UserError(f"{path}: folder {folder} does not exist")
    failed = False  # in the caller's block: its error is its own, not one of writing
    try:
        with atomic_file(path) as (file, temporary):
            writer = AudioWriter(path, file, temporary)
            try:
                writer.start()
                yield writer
            except BaseException:
                failed = True
                writer.abandon()
                raise
            writer.finish()
    except OSError as error:
        if failed:
            raise
        raise UserError(f"{path}: cannot write ({error.strerror or error})") from None


def save_blocks(blocks: Iterable[bytes | memoryview], frames: int, path: Path) -> None:
    """Write PCM blocks (`frames` frames in all) to `path` as .wav, .mp3 or .ogg (by its
    suffix), as they come, atomically: the whole file or, if anything fails, the old one."""
    with audio_writer(path) as writer:
        writer.write(blocks, frames)


def save(pcm: bytes, path: Path) -> None:
    """Write PCM to `path` as .wav, .mp3 or .ogg (see `save_blocks`)."""
    save_blocks([pcm], len(pcm) // SAMPLE_WIDTH, path)
