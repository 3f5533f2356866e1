"""Start-up: `workout check` of every bundled routine and `workout --help`, whole processes,
against the fairest baselines, rounds alternated, medians.

- `workout check` (ours) beside a Python process that loads the same files with ruamel's C
  loader (`YAML(typ="safe", pure=False)`) and nothing else — parsing with no validation, no
  positions, no planning: the floor for reading them at all;
- `workout --help` beside a bare `python -c pass`;
- in memory, per routine: our load (parse, validate, resolve) beside the C loader alone.

Targets: `workout check` of all routines under 200 ms; `workout --help` under 60 ms.
Run: `.venv/bin/python -m benchmarks.bench_check`.
"""

from __future__ import annotations

import statistics
import sys
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


def main() -> int:
    print(load())
    print(compiled())
    files = [str(p) for p in sorted(paths.bundled_routines_dir().glob("*.yaml"))]
    times = alternate(
        {
            f"workout check, {len(files)} routines (ours)": lambda: run(
                [*WORKOUT, "check", "--quiet", *files]
            ),
            f"ruamel C loader, {len(files)} files, nothing else": lambda: run(
                [PYTHON, "-c", C_LOADER, *files]
            ),
            "workout --help (ours)": lambda: run([*WORKOUT, "--help"]),
            "python -c pass": lambda: run([PYTHON, "-c", "pass"]),
        },
        ROUNDS,
    )
    table(["whole process", "median"], [[n, seconds(v)] for n, v in times.items()])

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
    check = times[f"workout check, {len(files)} routines (ours)"]
    print(f"check: {check / times[f'ruamel C loader, {len(files)} files, nothing else']:.2f}x "
          f"the C loader's process; in memory {ours / floor:.1f}x")  # fmt: skip
    targets = Targets()
    targets.check(f"workout check of {len(files)} routines < 200 ms", check < CHECK_TARGET)
    targets.check("workout --help < 60 ms", times["workout --help (ours)"] < HELP_TARGET)
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
