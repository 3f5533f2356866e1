"""write_atomic: the whole file or the old one, usual permissions, no temporary file left."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from player.files import write_atomic


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_writes_the_bytes_with_the_permissions_of_a_new_file(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    path = shared / "out.bin"
    write_atomic(path, b"\x00\x01 data")
    assert path.read_bytes() == b"\x00\x01 data"
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert os.listdir(shared) == ["out.bin"]


def test_a_file_in_a_private_folder_stays_private(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    path = private / "history.csv"
    write_atomic(path, b"pain: 3")  # before: 0644 with the usual umask, in any folder
    assert path.stat().st_mode & 0o777 == 0o600


def test_replaces_an_old_file_and_can_set_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")
    write_atomic(path, b"new", mode=0o640)
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_failure_keeps_the_old_file_and_removes_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.txt"
    path.write_text("old")

    def full_disk(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new")
    assert path.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_a_missing_folder_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "nowhere" / "out.txt", b"x")


def test_what_a_killed_process_left_in_the_temp_dir_is_swept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal
    import subprocess
    import sys
    import tempfile

    from player.files import temporary_dir

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    # A player killed with SIGKILL while it had clips in its folder (no clean-up runs).
    killed = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from player.files import temporary_dir; d = temporary_dir('audio');"
         " open(d.name + '/0.wav', 'wb').write(b'RIFF'); print(d.name, flush=True);"
         " sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )  # fmt: skip
    assert killed.stdout is not None
    left = Path(killed.stdout.readline().strip())
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert left.is_dir() and left.name.startswith(f"workout-audio-{killed.pid}-")
    mine = temporary_dir("audio")  # a live process's folder is kept ...
    other = temporary_dir("audio")
    assert not left.exists()  # ... and the killed one's is gone
    assert Path(mine.name).is_dir() and Path(other.name).is_dir()
    mine.cleanup()
    other.cleanup()
