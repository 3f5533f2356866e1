"""The README stays true: its routine example loads, its commands exist, its set-up is CI's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from player.cli import COMMANDS, main
from player.routine import load_routine

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_routine_example_is_a_valid_routine(tmp_path: Path) -> None:
    (example,) = re.findall(r"```yaml\n(.*?)```", README, re.S)
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    routine = load_routine(path).routine
    assert routine.title == "Desk break — lower back"
    assert [s.kind.value for s in routine.sections] == ["mobilisation", "stabilisation"]


def test_every_command_is_in_the_readme_with_an_example() -> None:
    for command in COMMANDS:
        assert f"`workout {command} " in README or f"`workout {command}`" in README, command


def test_the_readme_opens_with_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    first_block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert first_block is not None
    lines = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert lines == ["make run", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["desk-break-back", "schreibtisch-pause-ruecken"])
def test_routines_the_readme_names_exist(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--quiet", name]) == 0
