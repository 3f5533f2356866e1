"""Which languages the installed speech voices speak (asked of espeak-ng once per process).

The routine loader takes the answer as a parameter (`voice_languages`): it warns about a
language no voice speaks without running a program itself.
"""

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
