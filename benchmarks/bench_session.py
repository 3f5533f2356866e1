"""Cue-onset accuracy on the real clock: the session engine beside a naive sleep(1) loop.

A routine of 120 one-second steps, a cue at the start of each. The engine fires cues at
deadlines measured from the session origin (its runner thread sleeps until exactly the next
one); the naive loop plays a cue, then `time.sleep(1)`, so every step's own work and every
oversleep add up. Both play through the same output, which notes the real time of each
`play()`; errors are measured from each one's start (for the engine: `session.started_at`).
Run: `.venv/bin/python -m benchmarks.bench_session [--quick] [--steps N]`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import dataclass, field

from player.session.clock import MonotonicClock
from player.session.engine import Session
from player.session.runner import SessionRunner
from player.sound.base import SAMPLE_RATE, Clip, TimedPlayback
from player.timeline.model import Cue, CueKind, Priority, Segment, SegmentKind, Timeline
from player.timeline.phrases import phrases_for

WORK_PER_CUE = 0.002  # seconds of work a step does around its cue (a repaint, a log line)


@dataclass
class TimingOutput:
    """Plays nothing; remembers when each clip was started, then does a step's work."""

    name: str = "timing"
    started: list[float] = field(default_factory=list)

    def play(self, clip: Clip, at: float | None = None) -> TimedPlayback:
        self.started.append(time.monotonic())
        _busy(WORK_PER_CUE)
        return TimedPlayback(clip, MonotonicClock())

    def close(self) -> None:
        pass


def _busy(seconds: float) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


def one_second_steps(steps: int) -> Timeline:
    segments = tuple(
        Segment(float(i), float(i + 1), SegmentKind.WORK, exercise=f"Step {i + 1}",
                exercise_index=i)
        for i in range(steps)
    )  # fmt: skip
    cues = tuple(
        Cue(float(i), CueKind.COUNT, Priority.TIMING, 0.1, text=str(i + 1)) for i in range(steps)
    )
    return Timeline(segments=segments, cues=cues, language="en")


def run_engine(timeline: Timeline) -> tuple[list[float], float]:
    output = TimingOutput()
    clips = {c.text: Clip(bytes(2 * SAMPLE_RATE // 10)) for c in timeline.cues if c.text}
    session = Session(
        timeline,
        clock=MonotonicClock(),
        output=output,
        clips=clips,
        tones={},
        phrases=phrases_for("en"),
    )
    runner = SessionRunner(session, lambda events: None)
    cpu = time.process_time()
    runner.start()
    runner.join()
    cpu = time.process_time() - cpu
    origin = session.started_at
    assert origin is not None
    return [t - origin - c.at for t, c in zip(output.started, timeline.cues, strict=True)], cpu


def run_naive(timeline: Timeline) -> tuple[list[float], float]:
    output = TimingOutput()
    clip = Clip(bytes(2 * SAMPLE_RATE // 10))
    cpu = time.process_time()
    origin = time.monotonic()
    for _cue in timeline.cues:
        output.play(clip)
        time.sleep(1.0)
    cpu = time.process_time() - cpu
    return [t - origin - c.at for t, c in zip(output.started, timeline.cues, strict=True)], cpu


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _drift_per_minute(errors: list[float], offsets: list[float]) -> float:
    """The slope of error over time (least squares), in seconds per minute."""
    mean_t, mean_e = statistics.fmean(offsets), statistics.fmean(errors)
    num = sum((t - mean_t) * (e - mean_e) for t, e in zip(offsets, errors, strict=True))
    den = sum((t - mean_t) ** 2 for t in offsets) or 1.0
    return num / den * 60


def row(name: str, errors: list[float], cpu: float, offsets: list[float]) -> str:
    magnitude = [abs(e) for e in errors]
    ms = [
        statistics.median(magnitude),
        _p99(magnitude),
        max(magnitude),
        errors[-1],
        _drift_per_minute(errors, offsets),
    ]
    cells = "".join(f"{v * 1000:>11.2f}" for v in ms)
    return f"{name:<22}{cells}{cpu * 1000:>11.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=120, help="one-second steps (default 120)")
    parser.add_argument("--quick", action="store_true", help="20 steps instead of 120")
    args = parser.parse_args(argv)
    steps = 20 if args.quick else args.steps
    timeline = one_second_steps(steps)
    offsets = [c.at for c in timeline.cues]

    print(f"Cue-onset error, {steps} one-second steps on the real clock "
          f"({WORK_PER_CUE * 1000:.0f} ms of work per cue); ms unless noted")  # fmt: skip
    engine_errors, engine_cpu = run_engine(timeline)
    naive_errors, naive_cpu = run_naive(timeline)
    header = ["median", "p99", "max", "last cue", "drift/min", "cpu ms"]
    print(f"{'':<22}" + "".join(f"{h:>11}" for h in header))
    print(row("session engine", engine_errors, engine_cpu, offsets))
    print(row("naive sleep(1) loop", naive_errors, naive_cpu, offsets))
    p99 = _p99([abs(e) for e in engine_errors])
    verdict = "met" if p99 < 0.005 else "MISSED"
    print(f"target: engine p99 under 5 ms and no drift — {verdict} (p99 {p99 * 1000:.2f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
