"""The speech cache: rendered phrases on disk, keyed by text, language, voice and engine.

Each clip is one WAV file with the canonical 44-byte header, named by a hash of its key, in
`<user cache dir>/speech/`. A clip's length is its file size, so the durations of a whole
routine come from `stat` alone, and a clip's samples are one read after the header. The
engine writes into `speech/tmp/`; the checked clip is then renamed into place, so a reader
never sees half a clip. Clips are not fsynced one by one: a renderer calls `sync` once a
batch, and a clip a crash left damaged fails the header check when read and is rendered
again.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from player.paths import private_dir, user_cache_dir
from player.routine.model import Voice
from player.sound.base import SAMPLE_RATE, SAMPLE_WIDTH, Clip
from player.sound.loudness import known_as, levels_dir
from player.speech.wavfile import HEADER_BYTES, canonical_header, read_speech, write_speech

_KEY_VERSION = "2"  # 2: clips no longer depend on the phrases rendered before them


@functools.cache
def _syncfs() -> Callable[[int], int] | None:
    try:
        function: Callable[[int], int] = ctypes.CDLL(None).syncfs
    except (OSError, AttributeError):
        return None
    return function


@dataclass(frozen=True, slots=True)
class CacheUsage:
    """How much the speech cache holds."""

    directory: Path
    clips: int
    bytes: int
    kept_bytes: int = 0  # what sound.loudness keeps in `levels/`: clip levels, mixed stretches


def clips_dir(directory: Path | None = None) -> Path:
    """Where the clips are: `speech/` in the cache dir."""
    return (directory or user_cache_dir()) / "speech"


def _files(root: Path) -> Iterator[tuple[os.DirEntry[str], bool]]:
    """Every file in the cache, and whether it is a clip (`tmp/` holds files being written)."""
    for folder in (root / "tmp", root):
        with contextlib.suppress(FileNotFoundError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file():
                    yield entry, folder == root and entry.name.endswith(".wav")


def cache_usage(directory: Path | None = None) -> CacheUsage:
    """Clips and bytes in the cache (files being written included in bytes), and the bytes
    kept beside them in `levels/`."""
    root = clips_dir(directory)
    clips = size = kept = 0
    for entry, clip in _files(root):
        with contextlib.suppress(FileNotFoundError):  # gone meanwhile: stored, or cleared
            size += entry.stat().st_size
            clips += clip
    with contextlib.suppress(FileNotFoundError), os.scandir(levels_dir(directory)) as entries:
        for entry in entries:
            with contextlib.suppress(FileNotFoundError):
                kept += entry.stat().st_size
    return CacheUsage(directory=root, clips=clips, bytes=size, kept_bytes=kept)


def clear_cache(directory: Path | None = None) -> int:
    """Delete every clip (and the loudness measured of clips, `player.sound.loudness`);
    returns how many clips there were."""
    removed = 0
    for entry, clip in _files(clips_dir(directory)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(entry.path)
            removed += clip
    with contextlib.suppress(FileNotFoundError), os.scandir(levels_dir(directory)) as entries:
        for entry in entries:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
    return removed


@dataclass(frozen=True, slots=True)
class Stored:
    """A clip in the cache as its file tells without reading it: where, how long, and the
    name what is measured of it (its loudness) is kept under (`player.sound.loudness`)."""

    path: Path
    name: str
    frames: int

    @property
    def duration(self) -> float:
        return self.frames / SAMPLE_RATE


def _name(path: Path, written: os.stat_result) -> str:
    """A clip's name for what is measured of it: its file as written (key, size, time), so
    the samples need no hashing; a clip rendered again is a new file, and a new name."""
    return f"speech-{path.stem}-{written.st_size}-{written.st_mtime_ns}"


class SpeechCache:
    """Clips rendered by one engine (`engine` is part of every key)."""

    def __init__(self, engine: str, directory: Path | None = None) -> None:
        self.engine = engine
        self.directory = clips_dir(directory)
        self._paths: dict[tuple[str, str, Voice], Path] = {}

    def key(self, text: str, language: str, voice: Voice) -> str:
        parts = [
            _KEY_VERSION,
            self.engine,
            language.lower(),
            voice.name or "",
            voice.rate,
            round(voice.volume, 3),
            text,
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:40]

    def path_for(self, text: str, language: str, voice: Voice) -> Path:
        found = self._paths.get((text, language, voice))
        if found is None:
            found = self.directory / f"{self.key(text, language, voice)}.wav"
            self._paths[text, language, voice] = found
        return found

    def duration_of(self, text: str, language: str, voice: Voice) -> float | None:
        """The clip's length in seconds, from its file size; None if not rendered yet."""
        found = self.stored(text, language, voice)
        return None if found is None else found.duration

    def stored(self, text: str, language: str, voice: Voice) -> Stored | None:
        """The clip's file as `stat` tells of it, without reading it; None if there is none."""
        path = self.path_for(text, language, voice)
        try:
            written = path.stat()
        except OSError:
            return None
        frames = (written.st_size - HEADER_BYTES) // SAMPLE_WIDTH
        return Stored(path, _name(path, written), frames) if frames > 0 else None

    def get(self, text: str, language: str, voice: Voice) -> Clip | None:
        """The cached clip, or None (a damaged file counts as missing and is removed)."""
        return self.read(self.path_for(text, language, voice))

    def read(self, path: Path) -> Clip | None:
        """The clip in `path` (a file of this cache), or None if it is missing or damaged
        (then removed)."""
        try:
            with open(path, "rb") as file:
                header = file.read(HEADER_BYTES)
                pcm = file.read()  # the samples, without copying them again
                written = os.fstat(file.fileno())
        except OSError:  # missing, or unreadable: rendered (and stored, or a clear error)
            return None
        frames = len(pcm) // SAMPLE_WIDTH
        if frames == 0 or header != canonical_header(frames) or len(pcm) % SAMPLE_WIDTH:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            return None
        known_as(pcm, _name(path, written))
        return Clip(pcm)

    def new_file(self) -> Path:
        """A fresh path inside the cache for an engine to write into (see `store`)."""
        folder = private_dir(self.directory / "tmp")  # the clips folder private too
        handle, name = tempfile.mkstemp(suffix=".wav", dir=folder)
        os.close(handle)
        return Path(name)

    def store(self, text: str, language: str, voice: Voice, wav: Path) -> Clip:
        """Check `wav`, bring it to the cache's format, move it into place atomically."""
        try:
            pcm = read_speech(wav)
            if wav.stat().st_size != HEADER_BYTES + len(pcm):  # another format, or extra chunks
                write_speech(wav, pcm)
            os.replace(wav, self.path_for(text, language, voice))
        finally:
            with contextlib.suppress(FileNotFoundError):
                wav.unlink()
        return Clip(pcm)

    def sync(self) -> None:
        """Make the clips stored so far durable: one `syncfs` of the cache's file system
        (Linux), else one `sync`."""
        try:
            folder = os.open(self.directory, os.O_RDONLY)
        except OSError:
            return
        try:
            syncfs = _syncfs()
            if syncfs is None or syncfs(folder) != 0:
                os.sync()
        finally:
            os.close(folder)

    def usage(self) -> CacheUsage:
        return cache_usage(self.directory.parent)


def human_size(size: int) -> str:
    """Bytes for people: "0 B", "312 kB", "4.1 MB"."""
    value = float(size)
    for unit in ("B", "kB", "MB"):
        if value < 1000:
            return f"{value:.0f} {unit}" if unit == "B" or value >= 100 else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"
