"""`workout history` over 100,000 sessions, and the time from `workout play` to its first
step with that history beside an empty one. Both as whole processes, the way a user runs
them. The baseline for `history` is the naive way: every session and step read into
Python, every time parsed there (what the command did before; 5.5 s and 271 MB).

Targets: `history` under 0.3 s; the first step no more than 0.2 s later with the long
history. Run: `.venv/bin/python -m benchmarks.bench_history` (exit code 1 if one is not met).
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from benchmarks.common import Targets, load

SESSIONS = 100_000
STEPS = 6  # intro, four exercises, outro
RUNS = 5
HISTORY_BUDGET = 0.3
FIRST_STEP_SLACK = 0.2
QUICK = """\
title: Q
defaults: {prepare: 1s, countdown: 1, rest: 0}
sections:
  - name: S
    kind: stabilisation
    exercises:
      - {name: Brace, duration: 2s}
"""


def fill(path: Path) -> None:
    """A journal of SESSIONS finished sessions, one every two hours up to now."""
    from player.history import open_history

    open_history(path).close()
    zone = timezone(timedelta(hours=1))
    start = datetime.now(zone) - timedelta(hours=2 * SESSIONS)
    kinds = ["stretching", "stabilisation", "mobilisation", "strengthening"]
    sessions, steps = [], []
    for i in range(1, SESSIONS + 1):
        at = start + timedelta(hours=2 * i)
        end = (at + timedelta(minutes=3)).isoformat(timespec="seconds")
        sessions.append(
            (i, "desk-break-back", f"Desk break {i % 7}", "en", at.isoformat(timespec="seconds"),
             end, "finished", 180.0, 180.0, STEPS)
        )  # fmt: skip
        for k in range(STEPS):
            exercise = None if k in (0, STEPS - 1) else f"Exercise {k}"
            finished = (at + timedelta(seconds=30 * k)).isoformat(timespec="seconds")
            steps.append((i, k, exercise, kinds[k % 4] if exercise else None, 30.0, finished))
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO sessions (id, routine, title, language, started, ended, status,"
            " planned, elapsed, step_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            sessions,
        )
        db.executemany("INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?)", steps)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def naive_history(path: Path) -> None:
    """Every row into Python, every time parsed there: the default view the naive way."""
    db = sqlite3.connect(path)
    rows = db.execute("SELECT id, title, started, status FROM sessions").fetchall()
    recent = sorted(rows, key=lambda r: r[2], reverse=True)[:20]
    days = {datetime.fromisoformat(r[2]).astimezone().date() for r in rows}
    today = date.today()
    streak = 0
    while today - timedelta(days=streak) in days:
        streak += 1
    totals: dict[str, float] = {}
    for finished, kind, seconds in db.execute(
        "SELECT finished_at, section_kind, seconds FROM steps WHERE exercise IS NOT NULL"
    ):
        datetime.fromisoformat(finished).astimezone()
        totals[kind] = totals.get(kind, 0.0) + seconds / 60
    db.close()
    assert recent and totals


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def first_step(data: Path, routine: Path, cache: Path) -> float:
    """Seconds from starting `workout play --no-ui` to its line for the first step."""
    env = {**os.environ, "WORKOUT_DATA_DIR": str(data), "WORKOUT_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "player", "play", str(routine), "--no-ui", "--tts", "fake",
         "--audio", "null"],
        stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env,
    )  # fmt: skip
    assert process.stdout is not None
    seconds = float("nan")
    for line in process.stdout:
        if line.startswith("[") and " 1/" in line:
            seconds = time.perf_counter() - started
            break
    process.kill()
    process.communicate()
    return seconds


def main() -> int:
    print(load())
    python = sys.executable
    with tempfile.TemporaryDirectory() as root:
        big, empty, cache = Path(root, "big"), Path(root, "empty"), Path(root, "cache")
        for folder in (big, empty):
            folder.mkdir()
        journal = big / "history.sqlite3"
        fill(journal)
        env = {**os.environ, "WORKOUT_DATA_DIR": str(big), "WORKOUT_CACHE_DIR": str(cache)}
        history = [python, "-m", "player", "history"]
        timed(history, env)  # the first opening adds the journal's new index (migration 2)
        ours = statistics.median(timed(history, env) for _ in range(RUNS))
        started = time.perf_counter()
        naive_history(journal)
        naive = time.perf_counter() - started + timed([python, "-c", "pass"], env)
        routine = Path(root, "quick.yaml")
        routine.write_text(QUICK, encoding="utf-8")
        first_step(empty, routine, cache)  # the speech cache warm for both
        with_empty = statistics.median(first_step(empty, routine, cache) for _ in range(RUNS))
        with_big = statistics.median(first_step(big, routine, cache) for _ in range(RUNS))
    print(f"workout history, default view, {SESSIONS:,} sessions ({STEPS} steps each)")
    print(f"  {'every row into Python (naive)':<34}  {naive:>6.2f} s")
    print(f"  {'aggregated in SQLite (ours)':<34}  {ours:>6.2f} s")
    print(f"\nworkout play --no-ui, start to the first step's line (median of {RUNS})")
    print(f"  {'empty history':<34}  {with_empty:>6.2f} s")
    print(f"  {f'{SESSIONS:,} sessions':<34}  {with_big:>6.2f} s")
    later = with_big - with_empty
    print(f"  first step later with the long history: {later:+.2f} s")
    targets = Targets()
    targets.check(
        f"workout history over {SESSIONS:,} sessions < {HISTORY_BUDGET} s", ours <= HISTORY_BUDGET
    )
    targets.check(
        f"first step at most {FIRST_STEP_SLACK} s later with the long history",
        later <= FIRST_STEP_SLACK,
    )
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
