"""Writing files whole or not at all: a temporary file beside the target, fsynced, renamed."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def _umask() -> int:
    """The process umask (reading it means setting it; it is put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _umask()  # read once, at import, before any thread could create files meanwhile


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write `data` to `path` so that a reader (or a crash) sees the old file or the new one,
    never half of either: a temporary file in the same folder, fsynced, then `os.replace`.

    `mode` sets the permissions; by default they are those of a new file (0o666 less the
    umask), not the private 0o600 of a temporary file. The temporary file is removed if
    anything fails, and the error (an `OSError`) is the caller's to explain.
    """
    with atomic_file(path, mode=mode) as (file, _):
        file.write(data)


@contextlib.contextmanager
def atomic_file(path: Path, *, mode: int | None = None) -> Iterator[tuple[BinaryIO, Path]]:
    """`write_atomic` for a file written piece by piece: yields the open temporary file and
    its path (a program may write to the path instead, after closing the file); when the
    block ends, the file is fsynced and renamed to `path`, or removed if the block failed."""
    folder = path.parent
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file, temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, mode if mode is not None else 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
