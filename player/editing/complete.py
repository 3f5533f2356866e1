"""Completion in the routine editor: `use:` ids from the exercise library, and keys.

Pure text in, suggestion out: the editor shows the suggestion after the cursor and
inserts it on the right arrow (Textual's TextArea suggestion).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

_USE = re.compile(r"^\s*(?:-\s+)*use:\s*([a-z0-9-]*)$")
_TYPING_KEY = re.compile(r"^(\s*(?:-\s+)*)([a-z_]+)$")
_KEY_LINE = re.compile(r"^(\s*(?:-\s+)*)([A-Za-z_]+)\s*:")


@cache
def _keys() -> dict[str | None, tuple[str, ...]]:
    """The keys allowed under each parent key (None: the top of the file)."""
    from player.routine.parts import (
        CueFile,
        DefaultsFile,
        ExerciseFile,
        RoutineFile,
        SectionFile,
        VoiceFile,
        key_names,
    )

    def names(part: type) -> tuple[str, ...]:
        return tuple(sorted(key_names(part)))

    return {
        None: names(RoutineFile),
        "sections": names(SectionFile),
        "exercises": names(ExerciseFile),
        "defaults": names(DefaultsFile),
        "voice": names(VoiceFile),
        "cues": names(CueFile),
    }


def suggestion(lines: Sequence[str], row: int, column: int, ids: Iterable[str]) -> str:
    """What to suggest after the cursor at (`row`, `column`) of `lines`, or "".

    After `use: bi` the rest of the first library id that starts so (`rd-dog`); after a
    partly typed key at the start of a line, the rest of the first key of that place in the
    file that starts so, with its colon (`uration: `).
    """
    if row >= len(lines):
        return ""
    line = lines[row]
    before = line[:column]
    if line[column:].strip():
        return ""  # only at the end of a line
    use = _USE.match(before)
    if use is not None:
        return _rest(use.group(1), sorted(ids))
    typing = _TYPING_KEY.match(before)
    if typing is None:
        return ""
    indent, partial = typing.groups()
    allowed = _keys().get(_parent(lines, row, len(indent)), ())
    rest = _rest(partial, allowed)
    return f"{rest}: " if rest or partial in allowed else ""


def _rest(partial: str, candidates: Iterable[str]) -> str:
    for candidate in candidates:
        if candidate.startswith(partial) and candidate != partial:
            return candidate[len(partial) :]
    return ""


def _parent(lines: Sequence[str], row: int, column: int) -> str | None:
    """The key whose mapping holds a key at `column` on line `row`: the nearest key above
    that starts further left (None at the top level)."""
    for above in reversed(lines[:row]):
        match = _KEY_LINE.match(above)
        if match is None:
            continue
        if len(match.group(1)) < column:
            return match.group(2)
    return None
