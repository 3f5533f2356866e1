"""Writing files whole or not at all: a temporary file beside the target, fsynced, renamed."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


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
    umask), not the private 0o600 of a temporary file — except in a folder only its owner
    can enter (the data, config and cache folders): a file there stays private, 0o600.
    The temporary file is removed if anything fails, and the error (an `OSError`) is the
    caller's to explain.
    """
    folder = path.parent
    if mode is None:
        mode = PRIVATE_FILE if _is_private(folder) else 0o666 & ~_UMASK
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


PRIVATE_FILE = 0o600


def _is_private(folder: Path) -> bool:
    try:
        return stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    except OSError:
        return False


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
