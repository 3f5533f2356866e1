"""What a safe write costs: `write_atomic` (temporary file, fsync, rename, folder fsync)
beside the naive `Path.write_bytes`, for the sizes the player writes — a routine file, a
speech clip, a three-minute and a twenty-minute export — in the speech cache's folder.

The naive way is faster and can leave half a file behind (a crash, a full disk, Ctrl-C);
ours cannot. Run: `.venv/bin/python -m benchmarks.bench_files`.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from player import paths
from player.files import write_atomic

RUNS = 9
SIZES = (
    ("routine file", 4 * 1024),
    ("speech clip", 150 * 1024),
    ("3-minute export (wav)", 3 * 60 * 22050 * 2),
    ("20-minute export (wav)", 20 * 60 * 22050 * 2),
)


def median_ms(write: Callable[[Path, bytes], None], folder: Path, data: bytes) -> float:
    times = []
    for run in range(RUNS):
        target = folder / f"out-{run}.bin"
        started = time.perf_counter()
        write(target, data)
        times.append(time.perf_counter() - started)
        target.unlink()
    return statistics.median(times) * 1000


def naive(path: Path, data: bytes) -> None:
    path.write_bytes(data)


def atomic(path: Path, data: bytes) -> None:
    write_atomic(path, data)


def main() -> int:
    root = paths.user_cache_dir()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-files-", dir=root) as name:
        folder = Path(name)
        print(f"writing in {folder} (median of {RUNS})")
        print(f"{'what':<24} {'size':>9}  {'ours: atomic':>13}  {'naive: write':>13}  ratio")
        for label, size in SIZES:
            data = os.urandom(size)
            ours = median_ms(atomic, folder, data)
            plain = median_ms(naive, folder, data)
            print(
                f"{label:<24} {size / 1024:>7.0f}kB  {ours:>10.2f} ms  {plain:>10.2f} ms"
                f"  {ours / plain:>4.1f}x"
            )
        left = sorted(p.name for p in folder.iterdir())
    print("files left behind:", ", ".join(left) or "none")
    return 0 if not left else 1


if __name__ == "__main__":
    raise SystemExit(main())
