"""`workout list`: a table of the user's and the bundled routines."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from player import paths
from player.cli import main
from player.commands.list import format_table


def test_the_table_has_user_routines_marked_and_broken_ones_explained(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user = paths.user_routines_dir()
    user.mkdir(parents=True)
    shutil.copy(data_dir / "good" / "desk-break.yaml", user / "my-break.yaml")
    shutil.copy(data_dir / "bad" / "empty-sections.yaml", user / "my-broken.yaml")
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "TITLE", "LANG", "MIN", "MOVE", "KINDS"]
    mine = next(line for line in lines if line.startswith("my-break *"))
    assert "Desk break — lower back" in mine
    assert mine.split()[-2:] == ["stabilisation,", "mobilisation"]
    assert re.search(r" \d+%  stabilisation", mine)
    broken = next(line for line in lines if line.startswith("my-broken *"))
    assert "invalid: 2:11: the routine has no sections; it needs at least one" in broken
    assert lines[-1] == f"* your own routines, in {user}"


def test_bundled_routines_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    bundled = sorted(paths.bundled_routines_dir().glob("*.yaml"))
    if not bundled:
        pytest.skip("no bundled routines yet")
    assert main(["list"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()[1:] if line]
    assert names == [p.stem for p in bundled]


def test_columns_line_up() -> None:
    table = format_table(
        [("a", "Long title", "en", "3", "71%", "stretching"), ("bb", "T", "de", "12", "9%", "")]
    )
    assert table.splitlines() == [
        "NAME  TITLE       LANG  MIN  MOVE  KINDS",
        "a     Long title  en      3   71%  stretching",
        "bb    T           de     12    9%",
    ]
