"""Compiling timelines: the 20-minute bundled routine and a generated 2-hour one.

Side by side in the same run: our fitting (each run of segments fitted on its own, placed
speech kept sorted and bisected) against the naive way (one list of every clip placed so
far in the session, re-scanned from the start after every move, O(n²)). Both must produce
the same timeline; the benchmark checks that before timing.

Targets: the 20-minute routine compiled cold under 25 ms, the 2-hour one under 150 ms; our
fitting faster than the naive one. Run: `.venv/bin/python -m benchmarks.bench_timeline`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from unittest.mock import patch

from benchmarks.common import Targets, load
from player import paths
from player.routine import load_routine
from player.routine.model import Dosing, Exercise, Form, Kind, Routine, Section, Sides
from player.timeline import fit as fit_module
from player.timeline.compile import (
    GAP,
    Verbosity,
    clear_caches,
    compile_timeline,
    fit,
    plan,
)
from player.timeline.estimate import estimate_duration

RUNS = 15
# The 20-minute routine: half the editor's 50 ms from keystroke to updated screen. Two hours:
# a long routine checked or listed without a noticeable pause.
BUDGETS_MS = (25.0, 150.0)
EPSILON = 1e-9  # as `Lane`: touching at a gap's end is not overlapping


class NaiveLane:
    """Every clip of the session in one list, scanned from the start after each move."""

    def __init__(self) -> None:
        self.spans: list[tuple[float, float]] = []

    def add(self, start: float, end: float) -> None:
        self.spans.append((start, end))

    def first_free(self, wish: float, length: float) -> float:
        at = wish
        moved = True
        while moved:
            moved = False
            for start, end in self.spans:
                if at + EPSILON < end + GAP and at + length + GAP > start + EPSILON:
                    at = end + GAP
                    moved = True
        return at


def twenty_minutes() -> Routine:
    """The bundled full routine, or a generated one of the same shape without it."""
    path = paths.bundled_routines_dir() / "full-reconditioning.yaml"
    if path.is_file():
        return load_routine(path).routine
    forms = [
        Dosing(Form.TIMED, duration=45),
        Dosing(Form.HOLDS, hold=10, reps=5, rest_between_reps=3, sets=2, rest_between_sets=20),
        Dosing(Form.PACED, reps=8, tempo=4),
        Dosing(Form.OPEN, reps=10, time_cap=60),
    ]
    sections = tuple(
        Section(
            f"Section {s}",
            kind,
            tuple(
                Exercise(
                    f"Exercise {s}.{e}",
                    kind,
                    forms[(s + e) % 4],
                    sides=(Sides.NONE, Sides.BOTH, Sides.ALTERNATING)[e % 3],
                    position="Stand tall with your feet hip-width apart.",
                    instructions="Move slowly and keep breathing; stop if it hurts.",
                )
                for e in range(3)
            ),
        )
        for s, kind in enumerate(Kind)
    )
    return Routine("Generated 20 minutes", sections)


def two_hours(base: Routine) -> Routine:
    """`base` with every section played in rounds, to about two hours."""
    rounds = 6
    sections = tuple(
        replace(section, rounds=section.rounds * rounds, rest_between_rounds=20.0)
        for section in base.sections
    )
    return replace(base, title=f"{base.title} (2 hours)", sections=sections)


def interleaved(calls: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Milliseconds per call, one warm-up each, the calls taking turns run by run."""
    for call in calls.values():
        call()
    result: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            started = time.perf_counter()
            call()
            result[name].append((time.perf_counter() - started) * 1000)
    return result


def main() -> int:
    base = twenty_minutes()
    table: list[tuple[str, dict[str, list[float]]]] = []
    for label, routine, runs in (("20 min", base, RUNS), ("2 hours", two_hours(base), 7)):

        def duration_of(text: str, routine: Routine = routine) -> float:
            return estimate_duration(text, routine.language, routine.voice.rate)

        blocks = plan(routine)
        ours = fit(blocks, duration_of, routine.language)

        def naive(blocks: list = blocks, routine: Routine = routine) -> object:  # type: ignore[type-arg]
            shared = NaiveLane()  # one lane for every run: the whole session rescanned
            with patch.object(fit_module, "Lane", lambda: shared):
                return fit(blocks, duration_of, routine.language)

        def ours_fit(blocks: list = blocks, routine: Routine = routine) -> object:  # type: ignore[type-arg]
            return fit(blocks, duration_of, routine.language)

        def cold(routine: Routine = routine) -> object:
            clear_caches()
            return compile_timeline(routine, duration_of, verbosity=Verbosity.FULL)

        assert naive() == ours, "the naive fitting must give the same timeline"
        assert cold() == ours
        speech = sum(1 for cue in ours.cues if cue.text)
        label = (
            f"{label}: {routine.title[:28]} ({ours.total / 60:.0f} min, "
            f"{len(ours.segments)} segments, {speech} lines)"
        )
        table.append(
            (
                label,
                interleaved(
                    {
                        "compile_timeline (cold: plan + estimate + fit)": cold,
                        "fit, ours (per run, bisect)": ours_fit,
                        "fit, naive (whole session, rescan)": naive,
                    },
                    runs,
                ),
            )
        )

    print(load())
    print(f"{'what':<48} {'mean ms':>9} {'median ms':>10}")
    targets = Targets()
    for (label, rows), budget in zip(table, BUDGETS_MS, strict=True):
        print(label)
        for what, times in rows.items():
            mean, median = statistics.mean(times), statistics.median(times)
            print(f"  {what:<46} {mean:>9.2f} {median:>10.2f}")
        compiled, fitted, rescanned = (statistics.median(values) for values in rows.values())
        print(f"  naive fitting / ours: {rescanned / fitted:.1f}x")
        name = label.split(":")[0]
        targets.check(f"{name}: compile_timeline cold < {budget:.0f} ms", compiled < budget)
        targets.check(f"{name}: our fitting faster than the naive one", fitted < rescanned)
    return targets.report()


if __name__ == "__main__":
    raise SystemExit(main())
