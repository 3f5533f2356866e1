"""Which languages the installed speech voices speak (asked of espeak-ng once per process)."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache


@cache
def installed_languages() -> frozenset[str] | None:
    """Language codes of the installed espeak-ng voices (`en-gb`, `de`, ...).

    None when espeak-ng is not installed or does not answer: then nothing can be said about
    voices here (`workout doctor` reports the missing engine).
    """
    program = shutil.which("espeak-ng")
    if program is None:
        return None
    try:
        result = subprocess.run(
            [program, "--voices"],
            capture_output=True,
            encoding="utf-8",  # voice names have umlauts; the locale may be ASCII (LANG=C)
            errors="replace",
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    languages = set()
    for line in result.stdout.splitlines()[1:]:
        columns = line.split()
        if len(columns) >= 2:
            languages.add(columns[1].lower())
    return frozenset(languages)


def has_voice_for(language: str) -> bool | None:
    """Whether an installed voice speaks `language` (`en` matches `en-gb`); None if unknown."""
    languages = installed_languages()
    if languages is None:
        return None
    wanted = language.lower()
    base = wanted.split("-")[0]
    return any(lang in (wanted, base) or lang.startswith(base + "-") for lang in languages)
