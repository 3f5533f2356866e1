"""Routine files: the model, the loader and its errors, the exercise library.

The public names below are imported on first use, so `import player.routine.model` (which
every layer does) stays cheap and does not load ruamel.yaml (or pydantic, which only
`routine_json_schema` loads).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from player.routine.find import RoutineInfo as RoutineInfo
    from player.routine.find import find_routine as find_routine
    from player.routine.find import list_routines as list_routines
    from player.routine.library import load_library as load_library
    from player.routine.loader import LoadResult as LoadResult
    from player.routine.loader import load_routine as load_routine
    from player.routine.loader import load_routine_text as load_routine_text
    from player.routine.problems import Problem as Problem
    from player.routine.problems import RoutineError as RoutineError
    from player.routine.problems import Severity as Severity
    from player.routine.schema import routine_json_schema as routine_json_schema
    from player.routine.totals import RoutineTotals as RoutineTotals
    from player.routine.totals import estimate_totals as estimate_totals

_PUBLIC = {
    "RoutineInfo": "find",
    "find_routine": "find",
    "list_routines": "find",
    "load_library": "library",
    "LoadResult": "loader",
    "load_routine": "loader",
    "load_routine_text": "loader",
    "Problem": "problems",
    "RoutineError": "problems",
    "Severity": "problems",
    "routine_json_schema": "schema",
    "RoutineTotals": "totals",
    "estimate_totals": "totals",
}


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'player.routine' has no attribute {name!r}")
    return getattr(importlib.import_module(f"player.routine.{module}"), name)
