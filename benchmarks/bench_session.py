"""Cue onsets on the real clock under load: the player as a user runs it, against an
absolute-deadline loop.

The fair floor is the three-line loop a skilled engineer would write: sleep until
`origin + at`, play. The contenders play the same timeline (a routine of paced reps, each
counted, one every half second, compiled as the player compiles it), each in its own
process, all at the same time, with two CPU-bound processes beside them: the same machine,
the same load, the same window.

- `player`: the real thing. The Textual app (`make_app`, headless) plays the routine through
  `LiveSession` and its runner thread, the screen repainting on every event and five times a
  second (speech from the fake synthesiser: no render worker competes, as with a warm cache);
- `usual`: the same, with Python's usual GIL switch interval (5 ms) kept while it plays
  (`runner.SWITCH_INTERVAL`): what the runner's shorter one is worth, in the same window;
- `engine`: the same prepared session on its `SessionRunner` alone, no screen;
- `floor`: the absolute-deadline loop, started once the other two play.

Errors are each place's first `play()` minus its deadline (cues at the same place count
once; the output is a recorder that then does 2 ms of a step's work). Several runs; the
table pools their errors (median, p99, max) and shows each run's p99 minus the floor's p99
in that run. Target: the player's p99 within 2 ms of the floor's (the median of the runs).

Also stated: the output latency each playback backend adds (from `play()` until the first
sample is heard), which the engine compensates by starting each clip that much before its
place (`output_latency`; checked in tests/session/test_prepare.py). Timing here is of
`play()`. Run: `.venv/bin/python -m benchmarks.bench_session [--quick] [--runs N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from player.session.clock import MonotonicClock
from player.sound.base import Clip, TimedPlayback

if TYPE_CHECKING:
    from player.routine.model import Routine

WORK_PER_CUE = 0.002  # seconds of work a step does around its cue (a repaint, a log line)
TEMPO = 0.5  # seconds per counted rep: a cue every half second
ROUTINE = """\
title: Onsets
description: Paced reps, each counted, one every half second.
language: en
voice:
  rate: 400
safety: Stop if anything hurts.
sections:
  - name: Counts
    kind: strengthening
    exercises:
      - name: Squat
        position: Stand tall.
        instructions: Down and up.
        reps: {reps}
        tempo: {tempo}s
"""
NAMES = {
    "player": "player (Textual app, ours)",
    "usual": "player, GIL switch interval 5 ms",
    "engine": "session runner alone (ours)",
    "floor": "absolute-deadline loop",
}


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


def _user(home: Path) -> None:
    """A user of our own (no history, no settings of the real one) who has read the red flags
    and turned the pain check-in off: the player plays at once."""
    for folder in ("data", "config", "cache"):
        (home / folder).mkdir(parents=True, exist_ok=True)
    (home / "data" / "red-flags-read").write_text("confirmed\n")
    (home / "config" / "settings.toml").write_text("[session]\ncheckins = false\n")
    os.environ["WORKOUT_DATA_DIR"] = str(home / "data")
    os.environ["WORKOUT_CACHE_DIR"] = str(home / "cache")
    os.environ["WORKOUT_CONFIG_DIR"] = str(home / "config")


def _routine(reps: int, home: Path) -> Routine:
    from player.routine.loader import load_routine_text

    text = ROUTINE.format(reps=reps, tempo=TEMPO)
    return load_routine_text(text, home / "onsets.yaml").routine


def _errors(plays: list[float], deadlines: list[float]) -> list[float]:
    """Each deadline's first play at or after it, minus the deadline."""
    ordered, errors, i = sorted(plays), [], 0
    for deadline in sorted(set(deadlines)):
        while i < len(ordered) and ordered[i] < deadline - 1e-4:
            i += 1
        if i < len(ordered):
            errors.append(ordered[i] - deadline)
    return errors


def run_engine(reps: int, home: Path) -> tuple[list[float], float]:
    """The prepared session on its runner, no screen."""
    from player.options import PlayOptions
    from player.session.start import start_session
    from player.speech.fake import FakeSynthesizer

    output = TimingOutput()
    started = start_session(
        _routine(reps, home),
        options=PlayOptions(tts="fake", audio="null"),
        output=output,
        synthesizer=FakeSynthesizer(),
    )
    cpu = time.process_time()
    started.play(lambda events: None, lambda text: None)
    print("playing", flush=True)
    started.runner.join()
    cpu = time.process_time() - cpu
    origin = started.session.started_at
    assert origin is not None
    deadlines = [origin + cue.at for cue in started.prepared.timeline.cues]
    started.close()
    return _errors(output.started, deadlines), cpu


def run_player(reps: int, home: Path) -> tuple[list[float], float]:
    """The Textual app playing the routine, as `workout play` does (headless)."""
    import asyncio

    from player.session.state import Status
    from player.speech.fake import FakeSynthesizer
    from player.tui.app import make_app
    from player.tui.player_settings import PlayerSettings

    output = TimingOutput()
    app = make_app(
        PlayerSettings(tts="fake", audio="null", remember=False),
        _routine(reps, home),
        output=output,
        synthesizer=FakeSynthesizer(),
    )
    deadlines: list[float] = []
    cpu = 0.0

    async def play() -> None:
        async with app.run_test(size=(100, 32)):
            while app.live is None or app.live.session.started_at is None:
                await asyncio.sleep(0.01)
            nonlocal cpu
            live, cpu = app.live, time.process_time()
            print("playing", flush=True)
            while live.session.status not in (Status.FINISHED, Status.STOPPED):
                await asyncio.sleep(0.05)
            cpu = time.process_time() - cpu
            origin = live.session.started_at
            assert origin is not None
            deadlines.extend(origin + cue.at for cue in live.timeline.cues)
            app.exit()

    asyncio.run(play())
    return _errors(output.started, deadlines), cpu


def run_floor(reps: int, home: Path) -> tuple[list[float], float]:
    """Sleep until each absolute deadline, then play: the floor for onset error."""
    from player.options import PlayOptions
    from player.session.prepare import prepare_session
    from player.speech.fake import FakeSynthesizer

    prepared = prepare_session(
        _routine(reps, home),
        name="onsets",
        options=PlayOptions(tts="fake", audio="null"),
        output=TimingOutput(),
        synthesizer=FakeSynthesizer(),
        record_history=False,
    )
    places = sorted({cue.at for cue in prepared.timeline.cues})
    prepared.close()
    output = TimingOutput()
    clip = Clip(bytes(4410))
    sys.stdin.readline()  # the others are playing: go (the same window, not their start-up)
    cpu = time.process_time()
    origin = time.monotonic()
    for at in places:
        time.sleep(max(0.0, origin + at - time.monotonic()))
        output.play(clip)
    cpu = time.process_time() - cpu
    return _errors(output.started, [origin + at for at in places]), cpu


def _abs(values: list[float]) -> list[float]:
    return [abs(v) for v in values]


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


HOG = "while True: pass"


def _latencies() -> None:
    """The output latency each backend states, and so the engine's lead for it."""
    from benchmarks.common import table
    from player.sound.command import LATENCIES, PLAYERS
    from player.sound.simpleaudio_output import SimpleaudioOutput

    rows: list[tuple[str, float | None]] = [
        ("simpleaudio (its 100 ms ALSA buffer is behind the first sample)",
         SimpleaudioOutput.latency),
        *[(f"command: {' '.join(argv)} (process start)", LATENCIES.get(argv[0]))
          for argv in PLAYERS],
        ("null, record (no device)", 0.0),
    ]  # fmt: skip
    table(
        ["backend (docs/audio.md)", "latency before the first sample = the engine's lead"],
        [
            [name, "not known: 0 assumed" if value is None else f"{value * 1000:.0f} ms"]
            for name, value in rows
        ],
    )


def _contender(name: str, reps: int) -> int:
    """One contender, in its own process: its errors, CPU time and threads as JSON."""
    with tempfile.TemporaryDirectory(prefix="bench-session-") as folder:
        _user(Path(folder))
        if name == "usual":
            from player.session import runner

            runner.SWITCH_INTERVAL = sys.getswitchinterval()
        runs = {"engine": run_engine, "player": run_player, "usual": run_player, "floor": run_floor}
        errors, cpu = runs[name](reps, Path(folder))
    print(json.dumps({"errors": errors, "cpu": cpu}), flush=True)
    sys.stdout.flush()
    os._exit(0)  # the app's executor threads need not be waited for


class Result(TypedDict):
    errors: list[float]
    cpu: float


def _one_run(reps: int) -> dict[str, Result]:
    from benchmarks.common import PYTHON

    running = {
        name: subprocess.Popen(
            [PYTHON, "-m", "benchmarks.bench_session", "--reps", str(reps), "--contender", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in NAMES
    }
    for name in ("player", "usual", "engine"):  # the floor starts once these play
        stdout = running[name].stdout
        assert stdout is not None
        if stdout.readline().strip() != "playing":
            raise SystemExit(f"the {name} contender did not start")
    stdin = running["floor"].stdin
    assert stdin is not None
    stdin.write("go\n")
    stdin.flush()
    results: dict[str, Result] = {}
    for name, process in running.items():
        results[name] = json.loads(process.communicate()[0].splitlines()[-1])
    return results


def main(argv: list[str] | None = None) -> int:
    from benchmarks.common import PYTHON, Targets, load, table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=120, help="counted reps (120: a minute)")
    parser.add_argument("--runs", type=int, default=3, help="runs (default 3)")
    parser.add_argument("--quick", action="store_true", help="one run of 30 reps")
    parser.add_argument("--contender", choices=tuple(NAMES), help=argparse.SUPPRESS)
    parser.add_argument("--latencies", action="store_true", help="only the backends' latency")
    args = parser.parse_args(argv)
    if args.latencies:
        _latencies()
        return 0
    reps, runs = (30, 1) if args.quick else (args.reps, args.runs)
    if args.contender:
        return _contender(args.contender, reps)

    print(load())
    hogs = [subprocess.Popen([PYTHON, "-c", HOG]) for _ in range(2)]
    results: list[dict[str, Result]] = []
    loads: list[str] = []
    try:
        time.sleep(0.5)  # the hogs are running
        for _ in range(runs):
            results.append(_one_run(reps))
            loads.append(load())
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    print("under load: two CPU-bound processes beside the contenders; after each run:")
    for line in loads:
        print(f"  {line}")
    print(f"{reps} reps, one counted every {TEMPO * 1000:.0f} ms; {runs} run(s), the "
          f"{len(NAMES)} contenders at the same time in each")  # fmt: skip
    rows: list[list[str]] = []
    gaps: dict[str, list[float]] = {}
    for name, label in NAMES.items():
        pooled = sorted(abs(e) for r in results for e in r[name]["errors"])
        gaps[name] = [_p99(_abs(r[name]["errors"])) - _p99(_abs(r["floor"]["errors"]))
                      for r in results]  # fmt: skip
        cpu = statistics.median(r[name]["cpu"] for r in results)
        rows.append([label, str(len(pooled)), f"{statistics.median(pooled) * 1000:.2f}",
                     f"{_p99(pooled) * 1000:.2f}", f"{pooled[-1] * 1000:.2f}",
                     " ".join(f"{g * 1000:+.2f}" for g in gaps[name]),
                     f"{cpu * 1000:.0f}"])  # fmt: skip
    table(["onset error (ms)", "places", "median", "p99", "max", "p99 - floor p99, each run",
           "cpu ms"], rows)  # fmt: skip
    gap = statistics.median(gaps["player"])
    print(f"player p99 - floor p99, median of the runs = {gap * 1000:+.2f} ms")
    _latencies()
    targets = Targets()
    targets.check("player p99 within 2 ms of the absolute-deadline floor", gap <= 0.002)
    return targets.report()


if __name__ == "__main__":
    raise SystemExit(main())
