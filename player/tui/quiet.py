"""Keeping native libraries and child processes from writing over the screen."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from player.files import temporary_file


@contextlib.contextmanager
def screen_only_for_textual() -> Iterator[Path]:
    """While the UI runs, file descriptors 1 and 2 go to a log file, and Textual uses
    copies of the terminal's descriptors.

    ALSA, espeak-ng and child processes write to descriptors 1 and 2 directly, below
    Python, which would draw over the screen. Textual draws on `sys.__stderr__` and asks
    `sys.__stdout__` for the terminal's size, so both point at copies for the duration.
    Yields the log's path (a new temporary file), so a caller can show what was written if
    the app failed; the caller removes it.
    """
    path = temporary_file("screen", ".log")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    copies = {
        "__stdout__": os.fdopen(os.dup(1), "w", encoding="utf-8", errors="replace"),
        "__stderr__": os.fdopen(os.dup(2), "w", encoding="utf-8", errors="replace"),
    }
    originals = {name: getattr(sys, name) for name in copies}
    log = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.dup2(log, 1)
        os.dup2(log, 2)
        for name, stream in copies.items():
            setattr(sys, name, stream)  # the dunder streams are final to mypy only
        yield path
    finally:
        for name, stream in originals.items():
            setattr(sys, name, stream)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        for fd, copy in saved.items():
            os.dup2(copy, fd)
            os.close(copy)
        os.close(log)
        for stream in copies.values():
            with contextlib.suppress(Exception):
                stream.close()
