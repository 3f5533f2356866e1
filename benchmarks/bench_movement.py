"""Movement share of every bundled routine, and compile time, before and after issue #11.

Before: the compiler and the routines of commit b1fb0d3 (windows grew to fit the words),
extracted from git into a temporary folder and run there in a child process, in this same
run. After: this checkout (the author's times kept, instructions said while moving).
Movement share = (work + hold + relax + switch + open reps) ÷ total, with the estimated
clip lengths `workout check` uses. Where git or the commit is not at hand, the "before"
column is the one measured at b1fb0d3 (marked "recorded").

Target: movement at least 70 % of every desk break, 60 % of every other routine.
Run: `.venv/bin/python -m benchmarks.bench_movement`.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from benchmarks.common import Targets, load
from player import paths
from player.routine import load_routine
from player.timeline.compile import clear_caches, compile_timeline, routine_length
from player.timeline.estimate import estimated_duration_of

BEFORE = "b1fb0d3"
RUNS = 15
TIMED = "full-reconditioning"

# Measured with this benchmark at b1fb0d3 (movement share, total seconds; git archive of
# that commit, estimated clip lengths): the fallback when git is not at hand.
RECORDED: dict[str, tuple[float, float]] = {
    "desk-break-back": (0.493, 192.6),
    "desk-break-hips": (0.509, 196.5),
    "desk-break-neck-shoulders": (0.519, 198.3),
    "desk-break-seated": (0.466, 193.0),
    "desk-break-standing": (0.478, 194.5),
    "focus-mobilisation": (0.569, 540.9),
    "focus-stabilisation": (0.538, 659.9),
    "focus-strengthening": (0.526, 650.6),
    "focus-stretching": (0.667, 619.3),
    "fokus-dehnung": (0.653, 632.7),
    "fokus-kraeftigung": (0.513, 666.9),
    "fokus-mobilisation": (0.556, 554.0),
    "fokus-stabilisation": (0.526, 675.2),
    "full-reconditioning": (0.587, 1247.1),
    "rekonditionierung-komplett": (0.576, 1269.8),
    "schreibtisch-pause-huefte": (0.504, 198.6),
    "schreibtisch-pause-im-sitzen": (0.456, 197.2),
    "schreibtisch-pause-im-stehen": (0.462, 201.1),
    "schreibtisch-pause-nacken-schultern": (0.504, 204.2),
    "schreibtisch-pause-ruecken": (0.477, 199.0),
}

# Run inside the old tree: movement share and total of every routine, compile times.
_OLD = """
import json, statistics, sys, time
from pathlib import Path
from player.routine import load_routine
from player.timeline.compile import compile_timeline, planned_minutes
from player.timeline.estimate import estimated_duration_of
MOVING = {"work", "hold", "relax", "switch", "open"}
result = {"share": {}, "ms": []}
for path in sorted(Path("routines").glob("*.yaml")):
    routine = load_routine(path).routine
    timeline = compile_timeline(routine, estimated_duration_of(routine))
    moving = sum(s.duration for s in timeline.segments if str(s.kind) in MOVING)
    result["share"][path.stem] = (moving / timeline.total, timeline.total)
routine = load_routine(Path("routines") / (sys.argv[1] + ".yaml")).routine
for _ in range(int(sys.argv[2])):
    planned_minutes.cache_clear()
    started = time.perf_counter()
    compile_timeline(routine, estimated_duration_of(routine))
    result["ms"].append((time.perf_counter() - started) * 1000)
print(json.dumps(result))
"""


def _before() -> tuple[dict[str, tuple[float, float]], list[float], str]:
    """(routine -> (share, total)), compile times in ms, and where they come from."""
    root = Path(__file__).resolve().parent.parent
    try:
        archive = subprocess.run(
            ["git", "-C", str(root), "archive", BEFORE, "player", "routines", "pyproject.toml"],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return RECORDED, [], "recorded"
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        done = subprocess.run(
            [sys.executable, "-c", _OLD, TIMED, str(RUNS)],
            cwd=folder,
            env={"PYTHONPATH": folder, "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return RECORDED, [], "recorded"
    data = json.loads(done.stdout)
    shares = {name: (share, total) for name, (share, total) in data["share"].items()}
    return shares, data["ms"], BEFORE


def _ours_ms(name: str) -> list[float]:
    routine = load_routine(paths.bundled_routines_dir() / f"{name}.yaml")
    times = []
    for _ in range(RUNS):
        clear_caches()
        started = time.perf_counter()
        compile_timeline(routine.routine, estimated_duration_of(routine.routine))
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    print(load())
    before, before_ms, source = _before()
    print(f"{'routine':<38} {'before':>14} {'after':>14}   (before: {source})")
    print(f"{'':<38} {'share  total':>14} {'share  total':>14}")
    failed = []
    for path in sorted(paths.bundled_routines_dir().glob("*.yaml")):
        routine = load_routine(path).routine
        length = routine_length(routine)
        old = before.get(path.stem)
        old_text = f"{old[0]:>5.0%} {old[1]:>6.1f}s" if old else f"{'–':>14}"
        print(f"{path.stem:<38} {old_text:>14} {length.movement:>5.0%} {length.seconds:>6.1f}s")
        floor = 0.70 if "desk-break" in path.stem or "schreibtisch" in path.stem else 0.60
        if length.movement < floor:
            failed.append(path.stem)
    ours = _ours_ms(TIMED)
    print(f"\ncompile_timeline of {TIMED} (cold, estimated clip lengths), ms:")
    if before_ms:
        print(f"  before ({source}): median {statistics.median(before_ms):6.2f}")
    print(f"  after:            median {statistics.median(ours):6.2f}")
    targets = Targets()
    targets.check(
        "movement ≥ 70 % in every desk break, ≥ 60 % in every other routine",
        not failed,
    )
    if failed:
        print(f"below the movement floor: {', '.join(failed)}")
    return targets.report()


if __name__ == "__main__":
    raise SystemExit(main())
