"""`check --watch`: every path checked once, then again after each save, and only then."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from player.editing.watch import watch


def _script(steps: list[Callable[[], None]]) -> tuple[Callable[[float], None], Callable[[], bool]]:
    """A `sleep` that runs one step per poll, and a `should_stop` that ends after the last."""
    pending = list(steps)

    def sleep(_seconds: float) -> None:
        if pending:
            pending.pop(0)()

    return sleep, lambda: not pending


def _bump(path: Path, text: str) -> Callable[[], None]:
    def write() -> None:
        path.write_text(text, encoding="utf-8")
        info = path.stat()
        os.utime(path, ns=(info.st_mtime_ns + 1_000_000, info.st_mtime_ns + 1_000_000))

    return write


def test_checks_once_then_after_each_save(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("title: a\n", encoding="utf-8")
    b.write_text("title: b\n", encoding="utf-8")
    checked: list[str] = []
    nothing = lambda: None  # noqa: E731
    sleep, should_stop = _script([nothing, _bump(a, "title: a2\n"), nothing, _bump(b, "x\n")])
    watch([a, b], lambda p: checked.append(p.name), sleep=sleep, should_stop=should_stop)
    assert checked == ["a.yaml", "b.yaml", "a.yaml", "b.yaml"]


def test_a_file_replaced_by_rename_is_checked(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("title: a\n", encoding="utf-8")

    def save_like_vim() -> None:
        new = tmp_path / "a.yaml.new"
        new.write_text("title: b\n", encoding="utf-8")
        info = a.stat()
        os.utime(new, ns=(info.st_mtime_ns, info.st_mtime_ns))  # same mtime and size
        os.replace(new, a)

    checked: list[str] = []
    sleep, should_stop = _script([save_like_vim])
    watch(
        [a],
        lambda p: checked.append(p.read_text(encoding="utf-8")),
        sleep=sleep,
        should_stop=should_stop,
    )
    assert checked == ["title: a\n", "title: b\n"]


def test_a_missing_file_is_checked_when_it_appears(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_text("title: a\n", encoding="utf-8")
    checked: list[bool] = []
    sleep, should_stop = _script([a.unlink, lambda: None, _bump(a, "title: back\n")])
    watch([a], lambda p: checked.append(p.exists()), sleep=sleep, should_stop=should_stop)
    assert checked == [True, True]


def test_check_watch_rechecks_a_saved_file_until_ctrl_c(tmp_path: Path) -> None:
    path = tmp_path / "short.yaml"
    good = "title: Short\nsections:\n  - name: M\n    kind: mobilisation\n    exercises:\n"
    good += "      - {name: Cat-cow, duration: 40s}\n"
    path.write_text(good, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "player", "check", "--watch", str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Ctrl-C must reach it even when this test runs where SIGINT is ignored (a CI job).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert process.stdout is not None
    try:
        lines = [process.stdout.readline() for _ in range(2)]
        assert lines[0].startswith("Watching 1 file") and lines[1].endswith(": ok\n")
        path.write_text(good.replace("40s", "forty"), encoding="utf-8")
        while "invalid" not in (line := process.stdout.readline()):
            assert line, "the watcher ended"
            lines.append(line)
        assert any("saved" in line for line in lines)
        assert any(":6:" in line and "forty" in line for line in lines), lines
        time.sleep(0.5)  # let that check finish (its lines may arrive before it returns)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)
    assert process.returncode == 1  # the last check found an error
