"""`workout list` with 1,000 routines of the user's, as a whole process: the first listing
(every file loaded and its timeline compiled: what every listing cost before the cache),
then the next ones (only changed files loaded), then one after a single file changed.

Targets: a listing with the cache warm, and one after a single file changed, each under half
a second. Run: `.venv/bin/python -m benchmarks.bench_list` (exit code 1 if one is not met).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Targets, load
from player import paths

ROUTINES = 1_000
RUNS = 5
BUDGET = 0.5  # seconds, the whole process, cache warm


def timed(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "player", "list"], check=True, capture_output=True, env=env
    )
    return time.perf_counter() - started


def main() -> int:
    print(load())
    bundled = sorted(paths.bundled_routines_dir().glob("*.yaml"))
    with tempfile.TemporaryDirectory() as root:
        routines = Path(root, "data", "routines")
        routines.mkdir(parents=True)
        for i in range(ROUTINES):
            source = bundled[i % len(bundled)]
            text = source.read_text(encoding="utf-8").replace("title: ", f"title: {i} ", 1)
            (routines / f"r{i:04d}-{source.name}").write_text(text, encoding="utf-8")
        env = {
            **os.environ,
            "WORKOUT_DATA_DIR": str(Path(root, "data")),
            "WORKOUT_CACHE_DIR": str(Path(root, "cache")),
        }
        cold = timed(env)  # every file loaded, as every listing was before the cache
        warm = statistics.median(timed(env) for _ in range(RUNS))
        changed = routines / f"r0000-{bundled[0].name}"
        changed.write_text(changed.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        one_changed = timed(env)
    rows = [
        ("every file loaded (the first listing; each listing before)", cold),
        ("cache warm, nothing changed (ours)", warm),
        ("cache warm, one file changed (ours)", one_changed),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"workout list, {ROUTINES} user routines + {len(bundled)} bundled, whole process")
    for name, seconds in rows:
        print(f"  {name:<{width}}  {seconds:>6.2f} s")
    targets = Targets()
    targets.check(f"a listing with the cache warm < {BUDGET} s", warm <= BUDGET)
    targets.check(f"one file changed < {BUDGET} s", one_changed <= BUDGET)
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
