"""What `player.routine.source` does for speed gives the same result as the slow way."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from player import paths
from player.routine.source import _CONTROL, _yaml

DATA = Path(__file__).resolve().parents[1] / "data"
FILES = [
    *sorted(paths.bundled_routines_dir().glob("*.yaml")),
    paths.exercise_library_file(),
    *sorted((DATA / "good").glob("*.yaml")),
    DATA / "library" / "exercises.yaml",
]
# Plain scalars at the edges of YAML 1.2's core schema, as ruamel reads it.
SCALARS = [
    "", "~", "null", "Null", "NULL", "nULL", "true", "True", "TRUE", "tRUE", "yes", "on",
    "0", "-0", "+1", "1_000", "0o17", "0x1F", "0b101", "017", "08", "1.5", ".5", "1.", "1e3",
    "-1.5e-3", ".inf", "-.Inf", ".NaN", ".nan", "1:30", "45s", "2026-11-30", "<<", "=",
    "a b", "-", "- x", "1,5",
]  # fmt: skip


def _tags(node: Node) -> list[tuple[str, object]]:
    found = [(str(node.tag), node.value if not isinstance(node.value, list) else None)]
    if isinstance(node, MappingNode):
        for key, value in node.value:
            found += _tags(key) + _tags(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            found += _tags(item)
    return found


def _ruamel() -> YAML:
    yaml = YAML(typ="safe")
    yaml.version = (1, 2)
    return yaml


def _same_tags(text: str) -> None:
    try:
        expected = _ruamel().compose(text)
    except Exception as error:  # the same error both ways
        with pytest.raises(type(error)):
            _yaml().compose(text)
        return
    ours = _yaml().compose(text)
    assert (ours is None) == (expected is None)
    if ours is not None:
        assert _tags(ours) == _tags(expected)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_resolver_tags_every_file_as_ruamels_does(path: Path) -> None:
    _same_tags(path.read_text(encoding="utf-8"))


def test_the_resolver_tags_every_edge_scalar_as_ruamels_does() -> None:
    _same_tags("\n".join(f"- {scalar}" for scalar in SCALARS))
    _same_tags("\n".join(f"'{scalar}': {scalar}" for scalar in SCALARS if scalar))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="0123456789.-+_eExXoObB:~nNuUlLtTrRfFaAsSiI <=", max_size=8)))
def test_the_resolver_tags_any_plain_scalars_as_ruamels_does(scalars: list[str]) -> None:
    _same_tags("".join(f"- {scalar}\n" for scalar in scalars))


def test_control_characters_are_unicodes_cc_but_line_breaks_and_tabs() -> None:
    for code in range(0x110000):
        character = chr(code)
        control = character not in "\n\t" and unicodedata.category(character) == "Cc"
        assert bool(_CONTROL.fullmatch(character)) == control, hex(code)
