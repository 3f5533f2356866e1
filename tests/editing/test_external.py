"""`workout edit --external`: the editor command, the check after it closes, reopening."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from player.cli import main
from player.editing.external import edit_externally, editor_command
from player.errors import UserError

GOOD = """\
title: Short
sections:
  - name: Mobilisation
    kind: mobilisation
    exercises:
      - {name: Cat-cow, duration: 40s}
"""


def test_visual_wins_over_editor_and_options_are_kept() -> None:
    assert editor_command({"VISUAL": "code --wait", "EDITOR": "vi"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "nano -w"}) == ["nano", "-w"]


def test_without_variables_nano_or_vi(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}" if name == "vi" else None)
    assert editor_command({}) == ["/usr/bin/vi"]
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UserError, match=r"set \$VISUAL or \$EDITOR"):
        editor_command({})


def test_reopens_while_there_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    versions = [GOOD.replace("40s", "forty"), GOOD]
    opened: list[str] = []
    said: list[str] = []

    def open_editor(p: Path) -> None:
        p.write_text(versions[len(opened)], encoding="utf-8")
        opened.append(p.name)

    def problems_of(p: Path) -> tuple[list[str], list[str]]:
        bad = "forty" in p.read_text(encoding="utf-8")
        return ([f"{p}:6:33: not a duration"] if bad else []), []

    questions: list[str] = []

    def ask(question: str) -> bool:
        questions.append(question)
        return True

    code = edit_externally(
        path,
        open_editor=open_editor,
        problems_of=problems_of,
        ask=ask,
        say=said.append,
    )
    assert code == 0 and opened == ["x.yaml", "x.yaml"]
    assert questions == ["x.yaml has 1 error. Open it again to fix them?"]
    assert said == [f"{path}:6:33: not a duration", f"{path}: OK"]


def test_stopping_with_errors_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    said: list[str] = []
    code = edit_externally(
        path,
        open_editor=lambda p: None,
        problems_of=lambda p: (["a", "b"], ["w"]),
        ask=lambda q: False,
        say=said.append,
    )
    assert code == 1
    assert said[:3] == ["a", "b", "w"] and "still has 2 errors" in said[3]


def test_the_command_runs_the_real_editor_and_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "short.yaml"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("VISUAL", "sed -i s/40s/45s/")
    assert main(["edit", "--external", str(path)]) == 0
    assert "duration: 45s" in path.read_text(encoding="utf-8")
    assert f"{path}: OK" in capsys.readouterr().out


def test_the_command_reports_errors_and_stops_without_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "short.yaml"
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("VISUAL", "sed -i s/40s/forty/")
    monkeypatch.setattr("sys.stdin", open("/dev/null"))  # noqa: SIM115 - end of input: "no"
    assert main(["edit", "--external", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:6:" in out and "still has 1 error" in out


def test_a_bundled_routine_is_copied_first(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from player import paths

    bundled = paths.bundled_routines_dir() / "desk-break-back.yaml"
    before = bundled.read_bytes()
    monkeypatch.setenv("VISUAL", "sed -i s/^title:.*/title:\\ Mine/")
    assert main(["edit", "--external", "desk-break-back"]) == 0
    copy = paths.user_routines_dir() / "desk-break-back.yaml"
    assert bundled.read_bytes() == before
    assert "title: Mine" in copy.read_text(encoding="utf-8")
    assert "editing a copy" in capsys.readouterr().out
