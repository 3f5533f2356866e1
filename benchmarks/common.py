"""What every benchmark shares: whole-process timing, alternated rounds, the machine's load,
and one line per target saying whether it is met."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORKOUT = [PYTHON, "-m", "player"]


def load() -> str:
    """The machine's load and cores, printed above every table: timings on a busy machine
    are compared with the baseline measured in the same run, not with other days."""
    one, five, _ = os.getloadavg()
    return f"machine: {os.cpu_count()} cores, load average {one:.2f} (1 min), {five:.2f} (5 min)"


def compiled() -> str:
    """Byte-compile the `player` package the measured processes import, as installing it
    does (pip writes the .pyc files). A checkout run with PYTHONDONTWRITEBYTECODE=1 would
    otherwise compile every module from source in every process: 50-100 ms that no user of
    an installed player pays. Returns a line saying so, to print above the tables."""
    where = subprocess.run(
        [PYTHON, "-c", "import os, player; print(os.path.dirname(player.__file__))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run([PYTHON, "-m", "compileall", "-q", where], check=True, capture_output=True)
    return f"bytecode: {where} compiled first, as an installed package is"


def run(command: Sequence[str], **kwargs: object) -> float:
    """Seconds one whole process takes, from start to exit; fails loudly if it fails."""
    started = time.perf_counter()
    subprocess.run(list(command), check=True, capture_output=True, **kwargs)  # type: ignore[call-overload]
    return time.perf_counter() - started


def _waited(command: Sequence[str]) -> tuple[float, resource.struct_rusage]:
    """(seconds, resource usage) of one whole process, the children it waited for included;
    fails loudly if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(list(command), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {error.strip()}")
    if process.stderr:
        process.stderr.close()
    process.returncode = 0
    return seconds, usage


def run_cpu(command: Sequence[str]) -> tuple[float, float]:
    """(seconds, CPU seconds) of one whole process, the CPU of the children it waited for
    (an encoder it ran) included: on a machine others share, the work a contender does is
    steadier than the time it takes."""
    seconds, usage = _waited(command)
    return seconds, usage.ru_utime + usage.ru_stime


def run_measured(command: Sequence[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole process."""
    seconds, usage = _waited(command)
    return seconds, usage.ru_maxrss / 1024


def alternate(contenders: dict[str, Callable[[], float]], rounds: int = 5) -> dict[str, float]:
    """The median seconds of each contender over `rounds` rounds, taking turns (a, b, c, a,
    b, c, ...) so that a change in the machine's load hits all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, measure in contenders.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print(
            "  ".join(
                str(cell).ljust(w) if i == 0 else str(cell).rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )


class Targets:
    """Targets a benchmark promises; `report` prints each, met or not, and the exit code."""

    def __init__(self) -> None:
        self.results: list[tuple[str, bool]] = []

    def check(self, name: str, met: bool) -> bool:
        self.results.append((name, met))
        return met

    def report(self) -> int:
        for name, met in self.results:
            print(f"target: {name}: {'met ✓' if met else 'NOT met ✗'}")
        return 0 if all(met for _, met in self.results) else 1


def self_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
