"""Keystroke to updated problems and preview in the editor, on the 20-minute routine.

Ours: the real editor screen in a Textual `run_test` pilot. Each round types one character
into the routine's title (so the routine really changes and nothing is served from a cache),
then runs the check the debounce timer would run (`check_now`: load the buffer, compile the
timeline, update the problem list, the gutter marks, the summary and the script) and lets
Textual process the refresh. The debounce delay itself (CHECK_DELAY, 0.2 s of quiet typing)
is left out: it is a wait, not work. Two kinds of edit are timed: a letter added to the
title (the routine stays valid, everything said after the title moves), and a letter that
breaks the title key or mends it again (the problem list, the gutter marks and the preview
all change). "check + screen updated" ends when Textual has laid out and painted the screen
(the work its frame timer does, called at once); the "key press" rows are the TextArea's own
handling of the key as `pilot.press` reports it, which includes the pilot's wait-for-idle
sleeps (the CPU row is the work).

Naive ways, side by side in the same run: save the buffer to disk and reload and rebuild
everything from the file (`load_routine` + `compile_timeline`, in process), and a whole
`workout check FILE` process per keystroke.
Run: `.venv/bin/python -m benchmarks.bench_editor [--rounds N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Targets, load

TARGET_MS = 50.0


def _routine_file() -> Path:
    from player import paths

    return paths.bundled_routines_dir() / "full-reconditioning.yaml"


def _row(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"{name:<52} {statistics.median(ms):8.1f} {p95:8.1f} {max(ms):8.1f} {len(ms):5d}"


async def _ours(path: Path, rounds: int) -> dict[str, list[float]]:
    """Wall and CPU seconds for a key press, and for check + refresh, in two kinds of edit."""
    from player.tui.app import make_app
    from player.tui.screens.editor import EditorScreen

    app = make_app(editing=path)
    times: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        times.setdefault(name, []).append(seconds)

    async with app.run_test(size=(140, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        source = screen.source
        title_line = next(i for i, line in enumerate(source.text.splitlines()) if "title:" in line)
        for _ in range(3):  # the first check after start-up imports and caches things
            screen.check_now()
            await pilot.pause()
        for round_ in range(rounds):
            # "valid": a letter added to the title (everything said after it moves);
            # "error": alternately break the title key (an error at its line) and mend it.
            for edit in ("valid", "error"):
                line = source.document.get_line(title_line)
                if edit == "valid":
                    source.cursor_location = (title_line, len(line))
                    key = "z"
                elif round_ % 2 == 0:
                    source.cursor_location = (title_line, 0)
                    key = "x"  # "xtitle:" is an unknown key
                else:
                    source.cursor_location = (title_line, 1)
                    key = "backspace"
                wall, cpu = time.perf_counter(), time.process_time()
                await pilot.press(key)
                wall_pressed, cpu_pressed = time.perf_counter(), time.process_time()
                screen.check_now()  # what the debounce timer calls
                wall_checked = time.perf_counter()
                # Let the widgets process their messages, then lay out and paint the screen
                # now (what Textual's frame timer does), instead of `pilot.pause()`, whose
                # wait-for-idle sleeps would be counted too.
                await pilot._wait_for_screen()
                screen._on_timer_update()
                wall_done, cpu_done = time.perf_counter(), time.process_time()
                if edit == "error":
                    assert bool(screen.source.marks) == (round_ % 2 == 0), screen.source.marks
                note(f"{edit} press wall", wall_pressed - wall)
                note(f"{edit} press cpu", cpu_pressed - cpu)
                note(f"{edit} check wall", wall_checked - wall_pressed)
                note(f"{edit} total wall", wall_done - wall_pressed)
                note(f"{edit} total cpu", cpu_done - cpu_pressed)
    return times


def _reload_from_disk(text: str, path: Path) -> Callable[[], None]:
    from player.routine import RoutineError, load_routine
    from player.timeline.compile import compile_timeline
    from player.timeline.estimate import estimate_duration

    def once() -> None:
        path.write_text(text, encoding="utf-8")
        try:
            routine = load_routine(path).routine
        except RoutineError:
            return
        compile_timeline(
            routine, lambda t: estimate_duration(t, routine.language, routine.voice.rate)
        )

    return once


def _timed(action: Callable[[], object], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args(argv)

    source = _routine_file()
    text = source.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("WORKOUT_DATA_DIR", str(Path(folder) / "data"))
        path = Path(folder) / "full-reconditioning.yaml"
        path.write_text(text, encoding="utf-8")

        ours = asyncio.run(_ours(path, args.rounds))
        reload = _timed(_reload_from_disk(text, Path(folder) / "naive.yaml"), args.rounds)
        subprocess_rounds = max(5, args.rounds // 4)
        check = _timed(
            lambda: subprocess.run(
                [sys.executable, "-m", "player", "check", "-q", str(path)],
                check=False,
                capture_output=True,
            ),
            subprocess_rounds,
        )

    print(load())
    lines = text.count("\n")
    print(f"Keystroke to updated problems and preview: {source.name} ({lines} lines)")
    print("(the 0.2 s debounce delay excluded; wall and CPU time of this process, in ms)\n")
    print(f"{'':<60} {'median':>8} {'p95':>8} {'max':>8} {'n':>5}")
    for edit, what in (("valid", "title typed"), ("error", "error made/mended")):
        print(_row(f"ours, {what}: key press (TextArea), wall", ours[f"{edit} press wall"]))
        print(_row(f"ours, {what}: key press, CPU", ours[f"{edit} press cpu"]))
        print(_row(f"ours, {what}: check alone, wall", ours[f"{edit} check wall"]))
        print(_row(f"ours, {what}: check + screen updated, wall", ours[f"{edit} total wall"]))
        print(_row(f"ours, {what}: check + screen updated, CPU", ours[f"{edit} total cpu"]))
    print(_row("naive: save, reload the file, rebuild (no screen), wall", reload))
    print(_row("naive: a `workout check FILE` process per keystroke, wall", check))
    worst = max(statistics.median(ours[f"{e} total wall"]) for e in ("valid", "error")) * 1000
    print(f"\nworst case, check + screen updated: median wall {worst:.1f} ms")
    targets = Targets()
    targets.check(
        f"check + screen updated < {TARGET_MS:.0f} ms (median, worse edit)", worst < TARGET_MS
    )
    return targets.report()


if __name__ == "__main__":
    raise SystemExit(main())
