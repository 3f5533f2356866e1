"""Which languages the installed speech voices speak (asked of espeak-ng once per process).

The routine loader takes the answer as a parameter (`voice_languages`): it warns about a
language no voice speaks without running a program itself. A command that will need the
answer calls `ask_early` first: espeak-ng then answers while the command reads its files.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from functools import cache

_TIMEOUT = 5.0  # seconds espeak-ng has to list its voices
_asking: list[subprocess.Popen[str]] = []  # the question `ask_early` started, not yet read


def ask_early() -> None:
    """Start asking espeak-ng for its voices now, for `installed_languages` to read later
    (once): it lists them on another core while the caller goes on."""
    if _asking or installed_languages.cache_info().currsize:
        return
    program = shutil.which("espeak-ng")
    if program is None:
        return
    # If it cannot be started, installed_languages asks again (and says None if that fails).
    with contextlib.suppress(OSError):
        _asking.append(
            subprocess.Popen(
                [program, "--voices"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                encoding="utf-8",  # voice names have umlauts; the locale may be ASCII (LANG=C)
                errors="replace",
            )
        )


@cache
def installed_languages() -> frozenset[str] | None:
    """Language codes of the installed espeak-ng voices (`en-gb`, `de`, ...).

    None when espeak-ng is not installed or does not answer: then nothing can be said about
    voices here (`workout doctor` reports the missing engine).
    """
    output = _answer_asked() if _asking else _ask()
    if output is None:
        return None
    languages = set()
    for line in output.splitlines()[1:]:
        columns = line.split()
        if len(columns) >= 2:
            languages.add(columns[1].lower())
    return frozenset(languages)


def _ask() -> str | None:
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    try:
        result = subprocess.run(
            [program, "--voices"],
            capture_output=True,
            encoding="utf-8",  # voice names have umlauts; the locale may be ASCII (LANG=C)
            errors="replace",
            timeout=_TIMEOUT,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout


def _answer_asked() -> str | None:
    process = _asking.pop()
    try:
        output, _ = process.communicate(timeout=_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None
    return output if process.returncode == 0 else None
