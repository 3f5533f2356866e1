"""How big a routine may be: every limit in one place, checked before the work it guards.

The file limits (size, nesting, values, text) are checked while reading the file, before the
YAML parser composes anything; the session limits once the routine is resolved, before a
timeline is compiled or a clip rendered (`player.routine.size`). `docs/routines.md` states
them for authors. Only numbers here, so the file reader can take them without the model.
"""

from __future__ import annotations

MAX_BYTES = 1024 * 1024  # a routine is a page or two; anything bigger is the wrong file
MAX_DEPTH = 64  # levels of lists and mappings
MAX_NODES = 100_000  # values once anchors, aliases and merges are expanded
MAX_TEXT = 1_000  # characters in one text: a name, a position, instructions, a cue
MAX_EXERCISES = 200  # exercises written in one routine
MAX_SESSION_SECONDS = 4 * 60 * 60.0  # the whole session, every round and set
MAX_PLAYED = 1_000  # exercises played, rounds counted
MAX_COUNTS = 10_000  # reps and holds said aloud in one session
