"""`workout check --watch`: check routine files again each time one of them is saved."""

from __future__ import annotations

import contextlib
import os
import sys
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


def watch_routines(
    names: Sequence[str],
    check_one: Callable[[str], int],
    *,
    say: Callable[[str], None] = print,
) -> int:
    """`workout check --watch`: check the named routines, then again after each save.

    Ends on Ctrl-C with the exit code of the last check of each file.
    """
    from player.routine import find_routine

    found = [find_routine(name) for name in names]
    codes: dict[Path, int] = {}

    def check(path: Path) -> None:
        if codes:  # not the first round: mark where the new output starts
            say(f"--- {time.strftime('%H:%M:%S')} {path.name} saved")
        codes[path] = check_one(str(path))
        sys.stdout.flush()  # a pipe or a log file sees each check as it happens

    say(f"Watching {len(found)} file{'s' if len(found) != 1 else ''}; Ctrl-C ends.")
    with contextlib.suppress(KeyboardInterrupt):
        watch(found, check)
    return max(codes.values(), default=0)
