"""`workout schema`: the committed JSON Schema is the generated one, and it validates routines."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from player import paths
from player.cli import main
from player.routine import routine_json_schema
from player.routine.source import parse_yaml, read_text

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "routine.schema.json"
BUNDLED = sorted(paths.bundled_routines_dir().glob("*.yaml"))


def _data(path: Path) -> object:
    return parse_yaml(read_text(path), path).data


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = routine_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_the_command_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    printed = capsys.readouterr().out
    assert printed == COMMITTED.read_text(encoding="utf-8"), (
        "docs/routine.schema.json is stale: run `workout schema > docs/routine.schema.json`"
    )
    assert json.loads(printed) == routine_json_schema()


@pytest.mark.skipif(not BUNDLED, reason="no bundled routines yet")
@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_the_schema_accepts_every_bundled_routine(
    path: Path, validator: jsonschema.Draft202012Validator
) -> None:
    errors = [e.message for e in validator.iter_errors(_data(path))]
    assert errors == []


@pytest.mark.parametrize("name", ["desk-break.yaml", "every-feature.yaml"])
def test_the_schema_accepts_the_good_fixtures(
    name: str, data_dir: Path, validator: jsonschema.Draft202012Validator
) -> None:
    assert list(validator.iter_errors(_data(data_dir / "good" / name))) == []


@pytest.mark.parametrize(
    "name",
    [
        "unknown-key.yaml",
        "unknown-kind.yaml",
        "unknown-sides.yaml",
        "wrong-type-reps.yaml",
        "unparseable-duration.yaml",
        "negative-duration.yaml",
        "zero-duration.yaml",
        "empty-sections.yaml",
        "empty-section.yaml",
        "missing-title.yaml",
        "no-name.yaml",
        "bad-language.yaml",
        "countdown-fraction.yaml",
    ],
)
def test_the_schema_rejects_what_an_editor_can_see(
    name: str, data_dir: Path, validator: jsonschema.Draft202012Validator
) -> None:
    assert list(validator.iter_errors(_data(data_dir / "bad" / name)))
