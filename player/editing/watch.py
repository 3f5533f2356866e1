"""`workout check --watch`: check routine files again each time one of them is saved."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

POLL_SECONDS = 0.3

# What tells us a file was saved: modification time, size, and the inode (editors that
# save by writing a new file and renaming it change the inode, not always the size).
Stamp = tuple[int, int, int] | None


def stamp(path: Path) -> Stamp:
    """The file's stamp now, or `None` while it does not exist (mid-save, deleted)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def watch(
    paths: Sequence[Path],
    check_once: Callable[[Path], object],
    *,
    interval: float = POLL_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Check every path once, then again whenever its stamp changes, until stopped.

    Runs until `should_stop()` is true (the command runs it until Ctrl-C). A file that
    disappears is checked again when it comes back.
    """
    seen: dict[Path, Stamp] = {}
    for path in paths:
        seen[path] = stamp(path)
        check_once(path)
    while not should_stop():
        sleep(interval)
        for path in paths:
            now = stamp(path)
            if now != seen[path]:
                seen[path] = now
                if now is not None:
                    check_once(path)
