"""The format is described once (`player.routine.parts`); the JSON Schema's pydantic models
are built from that description. Loading validates without pydantic, so here every document
of a corpus is validated through both, and both must give the same problems at the same
places and the same values: the bundled routines and library, the test fixtures, and
mutated copies of them (every key given values each rule has to take or refuse)."""

from __future__ import annotations

import dataclasses
import itertools
import math
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from player import paths
from player.routine.library import LIBRARY_SHAPES
from player.routine.parts import (
    PARTS,
    CueFile,
    FormatError,
    Invalid,
    LibraryEntryFile,
    LibraryFile,
    LibraryText,
    LibraryVariantFile,
    RoutineFile,
    SectionFile,
    VoiceFile,
    key_names,
    validate,
)
from player.routine.problems import Problem, RoutineError
from player.routine.resolve import SHAPES
from player.routine.schema import model_of
from player.routine.source import Document, parse_yaml, read_text
from player.routine.validation import Shapes, null_problems, validation_problems

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ROUTINES = [
    *sorted(paths.bundled_routines_dir().glob("*.yaml")),
    *sorted((DATA / "good").glob("*.yaml")),
    *sorted((DATA / "bad").glob("*.yaml")),
    *sorted((DATA / "warn").glob("*.yaml")),
]
LIBRARIES = [paths.exercise_library_file(), DATA / "library" / "exercises.yaml"]


def _document(path: Path) -> Document | None:
    try:
        return parse_yaml(read_text(path), path)
    except RoutineError:
        return None  # not YAML we read (a syntax error, a tab, a directory): nothing to validate


def _documents(files: list[Path]) -> list[Document]:
    return [doc for doc in map(_document, files) if doc is not None and doc.data is not None]


ROUTINE_DOCS = _documents(ROUTINES)
LIBRARY_DOCS = _documents(LIBRARIES)


def _plain(value: object) -> object:
    """A validated value, the same whether pydantic or the parts made it."""
    if isinstance(value, BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return (type(value).__name__, value.value)
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    return (type(value).__name__, value)


def _through_pydantic(part: type, doc: Document, shapes: Shapes) -> tuple[object, list[Problem]]:
    _, nulls = null_problems(doc)
    try:
        return _plain(model_of(part).model_validate(doc.data)), []
    except ValidationError as error:
        errors = [
            Invalid(tuple(d["loc"]), d["type"], d["msg"], d.get("input"), d.get("ctx"))
            for d in error.errors(include_url=False)
        ]
        return None, list(validation_problems(doc, errors, shapes, nulls))


def _through_parts(part: type, doc: Document, shapes: Shapes) -> tuple[object, list[Problem]]:
    _, nulls = null_problems(doc)
    try:
        return _plain(validate(part, doc.data)), []
    except FormatError as error:
        return None, list(validation_problems(doc, error.errors, shapes, nulls))


def _same(part: type, doc: Document, shapes: Shapes) -> None:
    ours = _through_parts(part, doc, shapes)
    reference = _through_pydantic(part, doc, shapes)
    assert ours == reference


@pytest.mark.parametrize("doc", ROUTINE_DOCS, ids=[d.path.name for d in ROUTINE_DOCS])
def test_every_routine_validates_as_through_pydantic(doc: Document) -> None:
    _same(RoutineFile, doc, SHAPES)


@pytest.mark.parametrize("doc", LIBRARY_DOCS, ids=[str(d.path) for d in LIBRARY_DOCS])
def test_the_libraries_validate_as_through_pydantic(doc: Document) -> None:
    _same(LibraryFile, doc, LIBRARY_SHAPES)


def test_the_corpus_has_valid_and_invalid_documents() -> None:
    results = [_through_parts(RoutineFile, doc, SHAPES)[1] for doc in ROUTINE_DOCS]
    assert sum(1 for problems in results if not problems) >= 20
    assert sum(1 for problems in results if problems) >= 10


# Values each rule must take or refuse, as pydantic does: text, numbers written as text,
# yes/no values, floats for whole numbers, numbers too big for a float, NaN, patterns with
# a final line break, words in the wrong case, empty lists and mappings.
_EDGES: list[object] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    3,
    12,
    61,
    401,
    1001,
    -4,
    10**400,
    0.0,
    0.5,
    1.0,
    2.5,
    -0.5,
    math.inf,
    -math.inf,
    math.nan,
    "",
    " ",
    "0.5",
    " 0.5 ",
    "1_0",
    "1__0",
    "1e400",
    "nan",
    "inf",
    "Infinity",
    "0x10",
    "١",
    "1.5e",
    "30s",
    "1:30",
    "-5s",
    "0s",
    "150%",
    "50%",
    "-10s",
    "3h",
    "both",
    "Both",
    "left",
    "leg",
    "grow",
    "keep",
    "floor",
    "stretching",
    "Stretching",
    "warm-up",
    "bird-dog",
    "bird-dog\n",
    "Bird-dog",
    "en",
    "en-gb",
    "de\n",
    "english",
    "x",
    [],
    [""],
    ["mat"],
    [1],
    [{}],
    {},
    {"x": 1},
]
_SCALARS = st.sampled_from(_EDGES) | st.text(max_size=6) | st.integers(-5, 1500)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=4,
)
_KEYS = sorted({name for part in PARTS for name in key_names(part)} | {"x", "Name", ""})


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copy(item) for item in data]
    return data


@st.composite
def _mutants(draw: st.DrawFn, seeds: list[Document]) -> Document:
    """A copy of a seed with values replaced, keys removed or added; the positions are the
    seed's (a problem at a new key is placed at its parent, the same way both ways)."""
    seed = draw(st.sampled_from(seeds))
    data = _copy(seed.data)
    for _ in range(draw(st.integers(1, 4))):
        place = draw(st.sampled_from(_places(data)))
        action = draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        if not place:
            continue
        parent = data
        for part in place[:-1]:
            parent = parent[part]
        last = place[-1]
        if action == "replace":
            parent[last] = _copy(draw(_VALUES))
        elif action == "delete":
            del parent[last]
        elif isinstance(parent[last], dict):
            parent[last][draw(st.sampled_from(_KEYS))] = _copy(draw(_VALUES))
        elif isinstance(parent[last], list):
            parent[last].append(_copy(draw(_VALUES)))
    return Document(seed.path, data, seed.values, seed.keys)


MUTANTS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@MUTANTS
@given(_mutants(ROUTINE_DOCS))
def test_mutated_routines_validate_as_through_pydantic(doc: Document) -> None:
    _same(RoutineFile, doc, SHAPES)


@MUTANTS
@given(_mutants(LIBRARY_DOCS))
def test_mutated_libraries_validate_as_through_pydantic(doc: Document) -> None:
    _same(LibraryFile, doc, LIBRARY_SHAPES)


@pytest.mark.parametrize(
    ("alphabet", "longest"),
    [("01_.eE+-n ", 4), ("0_.iInNfFaty", 3), ("1 \t\x1c\xa0\u2003_", 4), ("05.e-+_", 4)],
)
def test_numbers_written_as_text_are_read_as_pydantic_reads_them(
    alphabet: str, longest: int
) -> None:
    """`volume: '0.5'` is a number to pydantic, as are ' 1 ', '1_0', '0_.', 'inF' and '-nan';
    '1__0', '_1', '0_0 ' and '\x1c1' are not. Every text of up to `longest` of these
    characters is read the same both ways."""
    for length in range(longest + 1):
        for characters in itertools.product(alphabet, repeat=length):
            doc = Document(Path("x.yaml"), {"volume": "".join(characters)})
            _same(VoiceFile, doc, {(): VoiceFile})


# The least each part needs to be valid: the grid below writes one key at a time into it.
_MINIMAL: dict[type, dict[str, Any]] = {
    RoutineFile: {
        "title": "T",
        "sections": [{"name": "S", "kind": "stretching", "exercises": [{"name": "E"}]}],
    },
    SectionFile: {"name": "S", "kind": "stretching", "exercises": [{"name": "E"}]},
    CueFile: {"at": "50%", "say": "Breathe"},
    LibraryFile: {
        "exercises": [{"id": "a", "kind": "stretching", "posture": "floor", "dosing": {}}]
    },
    LibraryEntryFile: {"id": "a", "kind": "stretching", "posture": "floor", "dosing": {}},
    LibraryVariantFile: {"dosing": {}},
    LibraryText: {"name": "N"},
}
_GRID = [(part, name) for part in PARTS for name in [*key_names(part), "x"]]


@pytest.mark.parametrize(("part", "name"), _GRID, ids=[f"{p.__name__}.{n}" for p, n in _GRID])
def test_every_key_takes_and_refuses_what_pydantic_does(part: type, name: str) -> None:
    minimal = _MINIMAL.get(part, {})
    for value in _EDGES:
        _same(part, Document(Path("x.yaml"), {**minimal, name: value}), {(): part})
    without = {key: value for key, value in minimal.items() if key != name}
    _same(part, Document(Path("x.yaml"), without), {(): part})
    _same(part, Document(Path("x.yaml"), [without]), {(): part})
