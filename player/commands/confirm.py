"""Asking before something is removed: a yes/no question on the terminal, or `--yes`."""

from __future__ import annotations

import sys

from player.errors import UsageError


def confirmed(question: str, yes: bool) -> bool:
    """Whether the user says yes to `question` (`yes` answers it beforehand). Without a
    terminal to ask on, a usage error says to add --yes."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError(f"{question} Not asked: no terminal to ask on; add --yes to go ahead")
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().casefold() in ("y", "yes", "j", "ja")
