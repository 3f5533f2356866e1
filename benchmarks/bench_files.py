"""What a safe write costs: `write_atomic` (temporary file, fsync, rename, folder fsync)
beside the fairest baseline — the same bytes written in place and fsynced, the least any
write that must survive a power cut does — and the naive `Path.write_bytes` (no fsync: fast,
and a crash, a full disk or Ctrl-C can leave half a file behind; ours cannot). The sizes
are those the player writes: a routine file, a speech clip, a three-minute and a
twenty-minute export, in the speech cache's folder. Rounds alternate, medians.

Target: ours within 2x of write + fsync at every size (two fsyncs, the file's and its
folder's, where the baseline does one: the price of atomicity), and no file left behind.
Run: `.venv/bin/python -m benchmarks.bench_files`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import Targets, load, table
from player import paths
from player.files import write_atomic

RUNS = 9
RATIO_TARGET = 2.0
SIZES = (
    ("routine file", 4 * 1024),
    ("speech clip", 150 * 1024),
    ("3-minute export (wav)", 3 * 60 * 22050 * 2),
    ("20-minute export (wav)", 20 * 60 * 22050 * 2),
)
Write = Callable[[Path, bytes], None]


def naive(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def fsynced(path: Path, data: bytes) -> None:
    with path.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def atomic(path: Path, data: bytes) -> None:
    write_atomic(path, data)


def medians_ms(writers: dict[str, Write], folder: Path, data: bytes) -> dict[str, float]:
    """Each writer's median, the writers taking turns so a change in load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in writers}
    for run in range(RUNS):
        for name, write in writers.items():
            target = folder / f"out-{name}-{run}.bin"
            started = time.perf_counter()
            write(target, data)
            times[name].append(time.perf_counter() - started)
            target.unlink()
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def main() -> int:
    print(load())
    root = paths.user_cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    targets = Targets()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-files-", dir=root) as name:
        folder = Path(name)
        print(f"writing in {folder} (median of {RUNS}, alternated)")
        for label, size in SIZES:
            data = os.urandom(size)
            ms = medians_ms({"ours": atomic, "fsync": fsynced, "naive": naive}, folder, data)
            ratio = ms["ours"] / ms["fsync"]
            rows.append(
                [
                    label,
                    f"{size / 1024:.0f} kB",
                    f"{ms['ours']:.2f} ms",
                    f"{ms['fsync']:.2f} ms",
                    f"{ms['naive']:.2f} ms",
                    f"{ratio:.2f}x",
                ]
            )
            targets.check(
                f"{label}: within {RATIO_TARGET}x of write + fsync", ratio <= RATIO_TARGET
            )
        left = sorted(p.name for p in folder.iterdir())
    table(
        ["what", "size", "ours: atomic", "write + fsync", "naive: no fsync", "ours / fsync"],
        rows,
    )
    print("files left behind:", ", ".join(left) or "none")
    targets.check("no file left behind", not left)
    return targets.report()


if __name__ == "__main__":
    sys.exit(main())
