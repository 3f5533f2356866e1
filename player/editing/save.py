"""Saving routine files safely: atomic writes, a backup, and no silent overwrite of changes.

The editor keeps the `DiskState` of the file as it was opened (or last saved). `save_text`
refuses to write when the file has changed on disk since then, writes the new text to a
temporary file in the same folder, fsyncs it, keeps the previous version as `NAME.yaml.bak`
and renames the temporary file over the original, so a crash leaves either the old file or
the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from player.errors import UserError
from player.files import write_atomic

BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True, slots=True)
class DiskState:
    """What a file on disk looked like: enough to notice any change to it."""

    mtime_ns: int
    size: int
    sha256: str


class ChangedOnDisk(UserError):
    """The file was changed by something else since the editor read it."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path}: changed on disk since it was opened; not overwritten")
        self.path = path


def disk_state(path: Path) -> DiskState | None:
    """The file's state now, or `None` if there is no such file."""
    try:
        data = path.read_bytes()
        info = path.stat()
    except FileNotFoundError:
        return None
    return DiskState(info.st_mtime_ns, info.st_size, hashlib.sha256(data).hexdigest())


def changed_since(path: Path, seen: DiskState | None) -> bool:
    """Whether the file's content differs from what was seen (a `touch` alone is no change)."""
    now = disk_state(path)
    if now is None or seen is None:
        return now != seen
    if now == seen:
        return False
    return now.sha256 != seen.sha256


def read_text(path: Path) -> tuple[str, DiskState]:
    """The file's text exactly as written (line endings kept) and its state."""
    from player.routine.problems import RoutineError
    from player.routine.source import not_utf8, read_bytes

    data, info = read_bytes(path)  # a regular file only: a FIFO would never answer
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RoutineError([not_utf8(path, data, error)]) from None
    state = DiskState(info.st_mtime_ns, info.st_size, hashlib.sha256(data).hexdigest())
    return text, state


BACKUPS = 3  # versions kept: NAME.yaml.bak (the last), .bak.2, .bak.3 (the oldest)


def backup_path(path: Path, generation: int = 1) -> Path:
    """Where the previous version of `path` is kept (`generation` 2, 3: older ones)."""
    suffix = BACKUP_SUFFIX if generation == 1 else f"{BACKUP_SUFFIX}.{generation}"
    return path.with_name(path.name + suffix)


def _keep_backups(path: Path, old: bytes, mode: int) -> None:
    """The version on disk becomes the newest backup; older ones move one down, the
    oldest goes. So a version someone else wrote, replaced by "keep mine", outlives the
    next saves instead of the very next one."""
    for generation in range(BACKUPS - 1, 0, -1):
        with contextlib.suppress(FileNotFoundError):
            os.replace(backup_path(path, generation), backup_path(path, generation + 1))
    write_atomic(backup_path(path), old, mode=mode)


def save_text(path: Path, text: str, seen: DiskState | None, *, force: bool = False) -> DiskState:
    """Write `text` to `path` exactly as given; return the new state.

    `seen` is the state the caller last read or wrote (`None`: the file should not exist
    yet). Raises `ChangedOnDisk` if the file differs from that, unless `force`.
    """
    if not force and changed_since(path, seen):
        raise ChangedOnDisk(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode: int | None = None
        if path.exists():
            old = path.read_bytes()
            mode = stat.S_IMODE(path.stat().st_mode)
            _keep_backups(path, old, mode)
        write_atomic(path, text.encode("utf-8"), mode=mode)
    except OSError as error:
        raise UserError(f"{path}: cannot be saved ({error.strerror or error})") from None
    state = disk_state(path)
    assert state is not None
    return state


def rescue_text(path: Path, text: str) -> Path:
    """Keep an editor's unsaved `text` beside `path` as `NAME.yaml.rescued-TIME` (never over
    anything); where it went. In the user's data folder if `path`'s cannot be written."""
    import time

    from player import paths

    name = f"{path.name}.rescued-{time.strftime('%Y%m%d-%H%M%S')}"
    for target in (path.with_name(name), paths.user_data_dir() / name):
        try:
            if target.parent != path.parent:
                paths.private_dir(target.parent)
            write_atomic(target, text.encode("utf-8"))
        except OSError:
            continue
        return target
    raise UserError(f"{path}: the unsaved text could not be kept anywhere")


def reformat(text: str) -> str:
    """The routine text laid out evenly (two-space indents), comments and key order kept.

    Used by the editor's "format" action; raises `ValueError` if the text is not YAML.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from player.routine.problems import RoutineError
    from player.routine.source import check_shape

    try:
        check_shape(text, Path("routine"))  # the round-trip composer recurses once per level
    except (RoutineError, YAMLError) as error:
        raise ValueError(str(error)) from None
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    try:
        document = yaml.load(text)
    except YAMLError as error:
        raise ValueError(str(error)) from None
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()
