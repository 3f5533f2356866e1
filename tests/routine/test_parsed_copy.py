"""The bundled library's parse is kept in the cache dir and used only for the same bytes and
reader: what comes back is what parsing gives, and nothing else is ever used."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from player import paths
from player.routine import library
from player.routine.library import PARSED_COPY, read_library
from player.routine.problems import RoutineError
from player.routine.source import Document, document_json, document_of_json, parse_yaml, read_text

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = [
    paths.exercise_library_file(),
    *sorted(paths.bundled_routines_dir().glob("*.yaml")),
    *sorted((DATA / "good").glob("*.yaml")),
]


def _same(a: Document, b: Document) -> None:
    assert repr(a.data) == repr(b.data)  # repr: NaN equals itself there
    assert a.values == b.values
    assert a.keys == b.keys
    assert a.path == b.path


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_document_comes_back_from_json_as_it_was(path: Path) -> None:
    doc = parse_yaml(read_text(path), path)
    _same(document_of_json(document_json(doc), path), doc)


def test_every_kind_of_value_comes_back_from_json() -> None:
    text = (
        "a: [1, -0.0, .inf, -.inf, .nan, 123456789012345678901234567890, 1.5e300, true, ~]\n"
        "b: {'x y': 'ü ✓ \"quoted\"', '': empty}\n"
        "c: &anchor {k: 1}\n"
        "d: *anchor\n"
    )
    doc = parse_yaml(text, Path("x.yaml"))
    back = document_of_json(document_json(doc), Path("x.yaml"))
    _same(back, doc)
    numbers = back.data["a"]  # type: ignore[index]
    assert math.copysign(1.0, numbers[1]) == -1.0 and math.isnan(numbers[4])


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "cache"))
    read_library.cache_clear()
    yield tmp_path / "cache"
    read_library.cache_clear()


def _fresh() -> library.Library:
    read_library.cache_clear()
    return read_library(paths.exercise_library_file())


def test_the_kept_parse_gives_the_library_parsing_gives(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _fresh()  # parses, and keeps the parse
    assert (cache_dir / PARSED_COPY).is_file()

    def no_parsing(text: str, path: Path) -> Document:
        raise AssertionError("parsed again although the kept parse is fresh")

    monkeypatch.setattr(library, "parse_yaml", no_parsing)
    kept = _fresh()
    assert kept.exercises == parsed.exercises
    assert kept.entries.keys() == parsed.entries.keys()


@pytest.mark.parametrize("damage", [b"", b"garbage", b"{}", None])
def test_a_damaged_or_stale_copy_is_parsed_again(
    damage: bytes | None, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = _fresh()
    copy = cache_dir / PARSED_COPY
    if damage is None:  # another reader made it: its key no longer matches
        monkeypatch.setattr(library, "parser_version", lambda: "another reader")
    else:
        key = copy.read_bytes().split(b"\n", 1)[0]
        copy.write_bytes(key + b"\n" + damage)
    assert _fresh().exercises == parsed.exercises
    assert document_of_json(copy.read_bytes().split(b"\n", 1)[1], Path("x"))  # rewritten


def test_only_the_bundled_library_is_kept(cache_dir: Path) -> None:
    read_library(DATA / "library" / "exercises.yaml")
    assert not cache_dir.exists()


def test_an_invalid_library_is_not_kept(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "exercises.yaml"
    bad.write_text("exercises: [\n", encoding="utf-8")
    monkeypatch.setattr(paths, "exercise_library_file", lambda: bad)
    with pytest.raises(RoutineError):
        read_library(bad)
    assert not (cache_dir / PARSED_COPY).exists()
