"""Mutated routines (text and structure) only ever fail with RoutineError, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from player.routine import LoadResult, RoutineError, load_routine_text
from player.routine.source import parse_yaml

DATA = Path(__file__).resolve().parents[1] / "data"
LIBRARY = DATA / "library" / "exercises.yaml"
SEEDS = [
    (DATA / "good" / "every-feature.yaml").read_text(encoding="utf-8"),
    (DATA / "good" / "desk-break.yaml").read_text(encoding="utf-8"),
]
PATH = Path("mutant.yaml")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that mean something to YAML, or to a reader of text.
_SPECIAL = [*":-[]{},#&*!|>'\"%@`?\t\n \\", "\x00", "\ufeff", "é", "\u2028", "---", "<<"]


def _load(text: str) -> None:
    try:
        result = load_routine_text(text, PATH, library=LIBRARY)
    except RoutineError as error:
        assert error.problems, "a RoutineError always says what is wrong"
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            # pydantic's internal names never reach the user
            assert "function-plain" not in problem.message
            assert "constrained-" not in problem.message
            assert str(problem).startswith(f"{problem.path}:{problem.line}:{problem.column}: ")
    else:
        assert isinstance(result, LoadResult)
        assert result.routine.sections


@st.composite
def text_mutants(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 3))):
        lines = text.splitlines(keepends=True)
        action = draw(st.sampled_from(["insert", "delete", "line", "indent", "swap"]))
        at = draw(st.integers(0, len(text)))
        if action == "insert":
            piece = draw(st.sampled_from(_SPECIAL) | st.text(max_size=4))
            text = text[:at] + piece + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        elif lines and action == "line":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i] if draw(st.booleans()) else "")
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "".join(lines)
        elif lines and action == "indent":
            i = draw(st.integers(0, len(lines) - 1))
            shift = draw(st.sampled_from([" ", "  ", "\t", ""]))
            lines[i] = shift + lines[i] if draw(st.booleans()) else lines[i].lstrip(" ")
            text = "".join(lines)
        elif len(lines) > 1:
            i = draw(st.integers(0, len(lines) - 2))
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
            text = "".join(lines)
    return text


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["30s", "1:30", "-5s", "150%", "0", "both", "stretching", "bird-dog", ""])
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    [
        "title",
        "sections",
        "exercises",
        "duration",
        "reps",
        "hold",
        "tempo",
        "time_cap",
        "use",
        "sides",
        "cues",
        "at",
        "say",
        "kind",
        "rounds",
        "sets",
        "name",
        "defaults",
        "voice",
        "x",
    ]
)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


@st.composite
def structure_mutants(draw: st.DrawFn) -> str:
    data: Any = parse_yaml(draw(st.sampled_from(SEEDS)), PATH).data
    for _ in range(draw(st.integers(1, 3))):
        places = _places(data)
        place = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not place:
            data = draw(_VALUES) if action == "replace" else data
            continue
        parent = data
        for part in place[:-1]:
            parent = parent[part]
        last = place[-1]
        if action == "replace":
            parent[last] = draw(_VALUES)
        elif action == "delete":
            del parent[last]
        elif isinstance(parent[last], dict):
            parent[last][draw(_KEYS)] = draw(_VALUES)
        elif isinstance(parent[last], list):
            parent[last].append(draw(_VALUES))
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(data, stream)
    return stream.getvalue()


@SETTINGS
@given(text_mutants())
def test_text_mutations_only_raise_routine_error(text: str) -> None:
    _load(text)


SECTION = "title: T\nsections:\n  - name: S\n    kind: {kind}\n    exercises:\n      - {exercise}\n"


@SETTINGS
@given(structure_mutants())
@example(SECTION.format(kind="{a: 1}", exercise="{name: A, duration: 30s}"))
@example(SECTION.format(kind="stretching", exercise="{name: A, duration: {x: 1}}"))
@example(SECTION.format(kind="stretching", exercise="{name: A, reps: [1], tempo: 2s}"))
def test_structure_mutations_only_raise_routine_error(text: str) -> None:
    _load(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_text_only_raises_routine_error(text: str) -> None:
    _load(text)
