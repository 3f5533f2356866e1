"""Writing files whole or not at all: a temporary file beside the target, fsynced, renamed."""

from __future__ import annotations

import contextlib
import os
import stat
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
    umask), not the private 0o600 of a temporary file — except in a folder only its owner
    can enter (the data, config and cache folders): a file there stays private, 0o600.
    The temporary file is removed if anything fails, and the error (an `OSError`) is the
    caller's to explain.
    """
    with atomic_file(path, mode=mode) as (file, _):
        file.write(data)


@contextlib.contextmanager
def atomic_file(path: Path, *, mode: int | None = None) -> Iterator[tuple[BinaryIO, Path]]:
    """`write_atomic` for a file written piece by piece: yields the open temporary file and
    its path (a program may write to the path instead, after closing the file); when the
    block ends, the file is fsynced and renamed to `path`, or removed if the block failed."""
    folder = path.parent
    if mode is None:
        mode = PRIVATE_FILE if _is_private(folder) else 0o666 & ~_UMASK
    fd, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file, temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
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


def temporary_dir(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A new private folder in the temp dir, `workout-KIND-PID-XXXX`, after removing those a
    killed process (SIGKILL runs no clean-up) left behind: the pid in the name says whose."""
    sweep_leftovers(f"workout-{kind}-")
    return tempfile.TemporaryDirectory(prefix=f"workout-{kind}-{os.getpid()}-")


def temporary_file(kind: str, suffix: str) -> Path:
    """A new private file in the temp dir, `workout-KIND-PID-XXXX.SUFFIX`, after removing
    those a killed process left behind; the caller removes it."""
    sweep_leftovers(f"workout-{kind}-")
    handle, name = tempfile.mkstemp(prefix=f"workout-{kind}-{os.getpid()}-", suffix=suffix)
    os.close(handle)
    return Path(name)


def sweep_leftovers(prefix: str) -> list[Path]:
    """Remove `PREFIX<pid>-*` in the temp dir whose process is gone and that are the
    user's own; what was removed."""
    import shutil

    removed = []
    folder = Path(tempfile.gettempdir())
    try:
        entries = list(folder.glob(f"{prefix}*"))
    except OSError:
        return []
    for entry in entries:
        pid = entry.name.removeprefix(prefix).split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        try:
            if entry.lstat().st_uid != os.geteuid():
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's, or not a pid at all: leave it
    return True
