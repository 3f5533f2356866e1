"""The core runs without Textual: importing it must not load Textual."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "player.cli",
    "player.paths",
    "player.routine.model",
    "player.timeline.model",
    "player.session.clock",
    "player.sound.base",
    "player.speech.base",
]


def test_core_imports_without_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "from player.cli import build_parser\n"
        + "build_parser()\n"
        + "print('textual' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
