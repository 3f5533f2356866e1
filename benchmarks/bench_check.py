"""`workout check` over every bundled routine as a whole process, beside a bare Python start,
beside `import textual` (which check must not pay for), and beside the naive way of
checking: one process per routine. Then loading in-process, the editor's path on every
keystroke: ours (parse, validate, resolve) against a naive ruamel round-trip load alone.

Run: `.venv/bin/python -m benchmarks.bench_check`. Exit code 1 if one `workout check` of
all routines takes longer than one second, or one routine loads in more than 50 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from player import paths

RUNS = 7
CHECK_BUDGET = 1.0  # seconds for the whole process
LOAD_BUDGET = 0.050  # seconds per routine in memory


def median_seconds(command: list[str], runs: int = RUNS) -> float:
    """The median wall time of `command` as a fresh process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def median_call(call: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    routines = sorted(paths.bundled_routines_dir().glob("*.yaml"))
    if not routines:
        print("no bundled routines to check")
        return 1
    python = sys.executable
    files = [str(p) for p in routines]
    check = [python, "-m", "player", "check", "--quiet", *files]

    def one_process_per_routine() -> None:
        for file in files:
            subprocess.run(
                [python, "-m", "player", "check", "--quiet", file], check=True, capture_output=True
            )

    rows = [
        ("python -c pass", median_seconds([python, "-c", "pass"])),
        ('python -c "import textual"', median_seconds([python, "-c", "import textual"])),
        (f"workout check, {len(files)} routines, one process (ours)", median_seconds(check)),
        (
            f"workout check, {len(files)} routines, one process each (naive)",
            median_call(one_process_per_routine, runs=3),
        ),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"{'whole process':<{width}}  {'median':>9}")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds * 1000:>6.0f} ms")

    from ruamel.yaml import YAML

    from player.routine.loader import load_routine_text

    texts = [(p, p.read_text(encoding="utf-8")) for p in routines]
    load_routine_text(texts[0][1], texts[0][0], check_voice=False)  # imports, library cache

    def ours() -> None:
        for path, text in texts:
            load_routine_text(text, path, check_voice=False)

    def naive() -> None:
        for _, text in texts:
            YAML(typ="rt").load(text)

    ours_each = median_call(ours) / len(texts)
    naive_each = median_call(naive) / len(texts)
    largest = max(texts, key=lambda item: len(item[1]))
    largest_each = median_call(lambda: load_routine_text(largest[1], largest[0], check_voice=False))
    print()
    memory_rows = [
        ("ruamel round-trip load only (naive, no checks)", naive_each),
        ("load_routine_text: parse, validate, resolve (ours)", ours_each),
        (f"load_routine_text, largest ({largest[0].stem})", largest_each),
    ]
    print(f"{'in memory, per routine':<{width}}  {'median':>9}")
    for name, seconds in memory_rows:
        print(f"{name:<{width}}  {seconds * 1000:>6.1f} ms")

    check_seconds = rows[2][1]
    ok = check_seconds <= CHECK_BUDGET and largest_each <= LOAD_BUDGET
    print()
    print(
        f"textual costs {rows[1][1] - rows[0][1]:.2f} s to import; workout check needs "
        f"{check_seconds - rows[0][1]:.2f} s beyond a bare start for {len(files)} routines "
        f"({'ok' if ok else 'OVER BUDGET'})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
