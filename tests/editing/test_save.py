"""Saving: exact bytes, atomic replace, a backup, and no silent overwrite of disk changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from player.editing.save import (
    ChangedOnDisk,
    backup_path,
    changed_since,
    disk_state,
    read_text,
    reformat,
    save_text,
)
from player.errors import UserError

COMMENTED = """\
# My routine: comments must survive.
title: Evening   # the title
sections:
  - name: Mobilisation
    kind: mobilisation
    exercises:
      - {name: Cat-cow, duration: 40s} # flow style kept
      - name: Rotation
        duration: 30s
        sides: both
"""


def test_save_writes_exactly_the_text_and_keeps_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: old\n", encoding="utf-8")
    _, seen = read_text(path)
    text = "title: new\r\nsections: []\r\n# no newline at the end"
    state = save_text(path, text, seen)
    assert path.read_bytes() == text.encode("utf-8")
    assert backup_path(path).read_bytes() == b"title: old\n"
    assert state == disk_state(path)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_saving_a_new_file_creates_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "routines" / "x.yaml"
    save_text(path, "title: x\n", None)
    assert path.read_text(encoding="utf-8") == "title: x\n"
    assert not backup_path(path).exists()


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: a\n", encoding="utf-8")
    _, seen = read_text(path)
    path.write_text("title: changed elsewhere\n", encoding="utf-8")
    assert changed_since(path, seen)
    with pytest.raises(ChangedOnDisk):
        save_text(path, "title: mine\n", seen)
    assert path.read_text(encoding="utf-8") == "title: changed elsewhere\n"
    state = save_text(path, "title: mine\n", seen, force=True)
    assert path.read_text(encoding="utf-8") == "title: mine\n"
    assert backup_path(path).read_text(encoding="utf-8") == "title: changed elsewhere\n"
    # The version written elsewhere outlives the next saves (before: gone at the next one).
    state = save_text(path, "title: mine, again\n", state)
    save_text(path, "title: mine, once more\n", state)
    backups = [backup_path(path, n).read_text(encoding="utf-8") for n in (1, 2, 3)]
    assert backups == ["title: mine, again\n", "title: mine\n", "title: changed elsewhere\n"]


def test_a_file_created_since_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: someone else's\n", encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        save_text(path, "title: mine\n", None)


def test_touching_a_file_is_no_change(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: a\n", encoding="utf-8")
    _, seen = read_text(path)
    os.utime(path, ns=(seen.mtime_ns + 5_000_000_000, seen.mtime_ns + 5_000_000_000))
    assert not changed_since(path, seen)
    save_text(path, "title: b\n", seen)


def test_same_size_same_mtime_different_content_is_a_change(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: a\n", encoding="utf-8")
    _, seen = read_text(path)
    path.write_text("title: b\n", encoding="utf-8")
    os.utime(path, ns=(seen.mtime_ns, seen.mtime_ns))
    assert changed_since(path, seen)


def test_the_file_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: a\n", encoding="utf-8")
    path.chmod(0o640)
    _, seen = read_text(path)
    save_text(path, "title: b\n", seen)
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_new_file_gets_the_usual_permissions_not_a_temporary_files(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    os.umask(mask)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    path = shared / "new.yaml"
    save_text(path, "title: a\n", None)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's private 0o600
    assert [p.name for p in shared.iterdir()] == ["new.yaml"]


def test_reading_a_device_or_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"^/dev/zero: is a device, not a routine file$"):
        read_text(Path("/dev/zero"))
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # before: opening it waited for a writer that never came
    with pytest.raises(UserError, match=r"is a named pipe \(FIFO\), not a routine file$"):
        read_text(fifo)


def test_reading_bad_files_gives_one_message(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes("title: Rücken\n".encode("latin-1"))
    # The same words and position as the loader gives (`workout check`), file:line:col.
    with pytest.raises(
        UserError, match=r"latin1\.yaml:1:9: the file is not UTF-8 text \(byte 0xFC\)"
    ):
        read_text(tmp_path / "latin1.yaml")
    with pytest.raises(UserError, match="no such file"):
        read_text(tmp_path / "missing.yaml")
    with pytest.raises(UserError, match="is a directory"):
        read_text(tmp_path)


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("title: old\n", encoding="utf-8")
    _, seen = read_text(path)

    def broken_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(UserError, match="cannot be saved"):
        save_text(path, "title: new\n", seen)
    assert path.read_text(encoding="utf-8") == "title: old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]


def test_reformat_keeps_comments_and_key_order() -> None:
    messy = COMMENTED.replace("\n  ", "\n")  # lists not indented under their key
    assert messy != COMMENTED
    formatted = reformat(messy)
    assert formatted == COMMENTED
    assert reformat(formatted) == formatted


def test_reformat_refuses_broken_yaml() -> None:
    with pytest.raises(ValueError):
        reformat("title: [unclosed\n")
