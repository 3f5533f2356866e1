"""`check --watch`: every path checked once, then again after each save, and only then."""

from __future__ import annotations

import os
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
