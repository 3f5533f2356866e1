"""Completion in the editor: `use:` ids and the keys allowed where the cursor is."""

from __future__ import annotations

from player.editing.complete import suggestion
from player.routine.library import load_library

ROUTINE = """\
title: x
defaults:
  pr
sections:
  - name: a
    kind: stretching
    exercises:
      - use: bi
        dur
        cues:
          - s
      - na
  - rou
ti"""
IDS = sorted(load_library())


def _at_end(row: int) -> str:
    lines = ROUTINE.splitlines()
    return suggestion(lines, row, len(lines[row]), IDS)


def test_use_completes_a_library_id() -> None:
    assert _at_end(7) == "rd-dog"  # "- use: bi" -> bird-dog
    lines = ["      - use: "]
    assert suggestion(lines, 0, len(lines[0]), IDS) == IDS[0]
    lines = ["      - use: zz"]
    assert suggestion(lines, 0, len(lines[0]), IDS) == ""


def test_keys_complete_by_where_they_are() -> None:
    assert _at_end(2) == "epare: "  # under defaults
    assert _at_end(8) == "ation: "  # an exercise's key
    assert _at_end(10) == "ay: "  # a cue's key
    assert _at_end(11) == "me: "  # "- na" in exercises
    assert _at_end(12) == "nds: "  # "- rou" is a section's key
    assert _at_end(13) == "tle: "  # top level


def test_nothing_is_suggested_mid_line_or_after_a_value() -> None:
    lines = ["title: Evening", "  dur extra"]
    assert suggestion(lines, 0, len(lines[0]), IDS) == ""
    assert suggestion(lines, 1, 5, IDS) == ""  # text after the cursor
