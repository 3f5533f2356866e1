"""Start-up: `workout check` of every bundled routine and `workout --help`, whole processes,
against the fairest baselines, rounds alternated, medians.

- `workout check` (ours), as run again (the exercise library's parse kept in the cache
  dir) and as run first (nothing kept: the library is parsed and its parse written), beside
  a Python process that loads the same files with ruamel's C loader
  (`YAML(typ="safe", pure=False)`) and nothing else — parsing with no validation, no
  positions, no planning: the floor for reading them at all;
- `workout --help` beside a bare `python -c pass`;
- in memory, per routine: our load (parse, validate, resolve) beside the C loader alone.

Targets: `workout check` of all routines under 200 ms, run again and run first; `workout
--help` under 60 ms.
Run: `.venv/bin/python -m benchmarks.bench_check`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

from benchmarks.common import (
    PYTHON,
    WORKOUT,
    Targets,
    alternate,
    compiled,
    load,
    run,
    seconds,
    table,
)
from player import paths

ROUNDS = 7
CHECK_TARGET = 0.200
HELP_TARGET = 0.060

C_LOADER = """
import sys
from ruamel.yaml import YAML
yaml = YAML(typ="safe", pure=False)
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as file:
        yaml.load(file)
"""


CPU: dict[str, list[float]] = {}


def _timed(name: str, command: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds the whole process `command` takes; its CPU seconds (its children's included)
    are noted under `name`: on a machine others share, the work is steadier than the time."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode() if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {error.strip()}")
    CPU.setdefault(name, []).append(usage.ru_utime + usage.ru_stime)
    return elapsed


def main() -> int:
    print(load())
    print(compiled())
    files = [str(p) for p in sorted(paths.bundled_routines_dir().glob("*.yaml"))]
    check = [*WORKOUT, "check", "--quiet", *files]
    kept = tempfile.TemporaryDirectory()
    warm = {**os.environ, "WORKOUT_CACHE_DIR": kept.name}
    run(check, env=warm)  # keeps the library's parse (library-parsed.json), as any run does
    ours_name = f"workout check, {len(files)} routines (ours)"
    first_name = f"workout check, {len(files)} routines, first run: nothing kept (ours)"
    c_name = f"ruamel C loader, {len(files)} files, nothing else"

    def first_run() -> float:
        with tempfile.TemporaryDirectory() as empty:
            return _timed(first_name, check, {**os.environ, "WORKOUT_CACHE_DIR": empty})

    times = alternate(
        {
            ours_name: lambda: _timed(ours_name, check, warm),
            first_name: first_run,
            c_name: lambda: _timed(c_name, [PYTHON, "-c", C_LOADER, *files]),
            "workout --help (ours)": lambda: _timed("workout --help (ours)", [*WORKOUT, "--help"]),
            "python -c pass": lambda: _timed("python -c pass", [PYTHON, "-c", "pass"]),
        },
        ROUNDS,
    )
    table(
        ["whole process", "median", "CPU median"],
        [[n, seconds(v), seconds(statistics.median(CPU[n]))] for n, v in times.items()],
    )

    from ruamel.yaml import YAML

    from player.routine.loader import load_routine_text

    texts = [
        (p, p.read_text(encoding="utf-8"))
        for p in sorted(paths.bundled_routines_dir().glob("*.yaml"))
    ]
    load_routine_text(texts[0][1], texts[0][0])  # imports, library cache
    c_loader = YAML(typ="safe", pure=False)

    def each(call: object) -> float:
        rounds = []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            for path, text in texts:
                call(path, text)  # type: ignore[operator]
            rounds.append((time.perf_counter() - started) / len(texts))
        return statistics.median(rounds)

    ours = each(lambda path, text: load_routine_text(text, path))
    floor = each(lambda path, text: c_loader.load(text))
    table(
        ["in memory, per routine", "median"],
        [
            ["load_routine_text: parse, validate, resolve (ours)", seconds(ours)],
            ["ruamel C loader alone", seconds(floor)],
        ],
    )
    kept.cleanup()
    check_time = times[ours_name]
    first_time = times[first_name]
    print(f"check: {check_time / times[c_name]:.2f}x "
          f"the C loader's process; in memory {ours / floor:.1f}x")  # fmt: skip
    targets = Targets()
    targets.check(f"workout check of {len(files)} routines < 200 ms", check_time < CHECK_TARGET)
    targets.check(
        f"workout check of {len(files)} routines, first run, < 200 ms", first_time < CHECK_TARGET
    )
    targets.check("workout --help < 60 ms", times["workout --help (ours)"] < HELP_TARGET)
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
