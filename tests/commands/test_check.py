"""`workout check`: problems, warnings and a summary per file; exit codes; no Textual."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from player import paths
from player.cli import main

BUNDLED = sorted(paths.bundled_routines_dir().glob("*.yaml"))


def test_a_valid_routine_is_summarised(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data_dir / "good" / "desk-break.yaml"
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert f"{path}: ok" in out
    after = out[out.index(f"{path}: ok") + 1 :]
    summary = [line for line in after if line.startswith("  Desk break")]
    assert summary[0].startswith("  Desk break — lower back (en): ")
    assert re.search(r" planned, 4 exercises, movement \d+ %$", summary[0])
    kinds = after[after.index(summary[0]) + 1]
    assert kinds.startswith("  stabilisation ") and " · mobilisation " in kinds
    # what fitting changed, in plain words, before the summary; no warnings
    notes = after[: after.index(summary[0])]
    assert notes and all(line.startswith("  ") and ": " in line for line in notes)
    assert not any("warning" in line for line in out)


def test_check_of_every_bundled_routine_prints_no_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    bundled = sorted(str(p) for p in paths.bundled_routines_dir().glob("*.yaml"))
    assert main(["check", *bundled]) == 0
    out = capsys.readouterr().out
    assert "warning" not in out
    assert f"{len(bundled)} routines checked: {len(bundled)} valid, 0 not" in out


def test_an_invalid_routine_lists_every_problem_and_exits_1(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir / "bad" / "many-problems.yaml"
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:2:1: unknown key 'langauge' (did you mean 'language'?)"
    assert len(out) == 8
    assert all(line.startswith(f"{path}:") for line in out)
    assert out[-1] == f"{path}: invalid (7 errors)"


def test_warnings_keep_exit_0(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = data_dir / "warn" / "switch-without-both.yaml"
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:8:9: warning: 'switch' has no effect unless 'sides: both'" in out
    assert f"{path}: ok" in out


def test_several_files_and_an_unknown_name(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = data_dir / "good" / "desk-break.yaml"
    bad = data_dir / "bad" / "empty.yaml"
    assert main(["check", str(good), str(bad)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "2 routines checked: 1 valid, 1 not"
    assert main(["check", str(good), "no-such-routine-anywhere"]) == 2
    captured = capsys.readouterr()
    assert "workout: no routine file or routine named 'no-such-routine-anywhere'" in captured.err


def test_quiet_prints_only_problems(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "-q", str(data_dir / "warn" / "long-exercise.yaml")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(": warning: " in line for line in lines)


@pytest.mark.skipif(not BUNDLED, reason="no bundled routines yet")
def test_every_bundled_routine_passes_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", *map(str, BUNDLED)]) == 0
    out = capsys.readouterr().out
    assert f"{len(BUNDLED)} routines checked: {len(BUNDLED)} valid, 0 not" in out


@pytest.mark.parametrize("command", [["check", "tests/data/good/desk-break.yaml"], ["list"]])
def test_check_and_list_do_not_import_textual(command: list[str]) -> None:
    code = (
        "import sys\n"
        "from player.cli import main\n"
        f"code = main({command!r})\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL', code)\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert result.stdout.splitlines()[-1] == "NO-TEXTUAL 0"


def test_check_does_not_load_pydantic() -> None:
    """The format is validated by `player.routine.parts`; pydantic (~90 ms to import and
    build its models) is for `workout schema` alone."""
    code = (
        "import sys; from player.cli import main; "
        "code = main(['check', '--quiet', *sys.argv[1:]]); "
        "print(code, sorted(m for m in ('pydantic', 'pydantic_core') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *map(str, BUNDLED)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"
