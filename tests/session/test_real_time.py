"""The runner on the real clock: cues start when planned, and commands from another thread work."""

from __future__ import annotations

import statistics
import sys
import threading
import time
import wave
from array import array
from pathlib import Path
from typing import Any

from player.session import events as ev
from player.session.clock import FakeClock, MonotonicClock
from player.session.engine import Session
from player.session.runner import SWITCH_INTERVAL, SessionRunner
from player.session.state import Status
from player.sound.base import SAMPLE_RATE, Clip
from player.sound.null import NullOutput
from player.sound.record import RecordOutput
from player.timeline.model import (
    Cue,
    CueKind,
    Priority,
    Segment,
    SegmentKind,
    Timeline,
)

# Seconds every cue must start within of its planned offset. A test may not depend on the
# machine's speed (a busy CI machine stalls a thread for tens of ms): this checks that the
# runner keeps to the real clock at all, with no drift; how close it comes is measured,
# against an absolute-deadline loop under load, by `benchmarks/bench_session.py`.
TOLERANCE = 0.250


def _burst(seconds: float) -> Clip:
    """A loud square wave from its very first sample, so its onset is exact in a recording."""
    frames = int(seconds * SAMPLE_RATE)
    samples = array("h", [12000 if (i // 25) % 2 else -12000 for i in range(frames)])
    return Clip(samples.tobytes())


def _timeline(cues: int, spacing: float) -> Timeline:
    """`cues` short speech lines, `spacing` apart, over one work segment per cue."""
    segments = tuple(
        Segment(i * spacing, (i + 1) * spacing, SegmentKind.WORK, exercise=f"E{i}", occurrence=i)
        for i in range(cues)
    )
    lines = tuple(
        Cue(i * spacing + 0.01, CueKind.COUNT, Priority.TIMING, 0.03, text=f"line {i}")
        for i in range(cues)
    )
    return Timeline(segments=segments, cues=lines, language="en")


class Lines:
    def get_ready(self) -> str:
        return "get ready"

    def count(self, number: int) -> str:
        return str(number)

    def next_up(self, name: str) -> str:
        return f"next {name}"

    def last_exercise(self) -> str:
        return "last"

    def time_left(self, seconds: float, of: str = "session") -> str:
        return f"{round(seconds)} left"


def _onsets(path: Path) -> list[float]:
    """Seconds where sound starts after at least 20 ms of silence, read from the WAV."""
    with wave.open(str(path), "rb") as wav:
        samples = array("h", wav.readframes(wav.getnframes()))
    onsets: list[float] = []
    quiet = 10**9
    for i, sample in enumerate(samples):
        if abs(sample) > 1000:
            if quiet >= 0.020 * SAMPLE_RATE:
                onsets.append(i / SAMPLE_RATE)
            quiet = 0
        else:
            quiet += 1
    return onsets


def test_cues_start_on_time_on_the_real_clock(tmp_path: Path) -> None:
    timeline = _timeline(cues=40, spacing=0.05)  # two seconds, a cue every 50 ms
    recording = tmp_path / "heard.wav"
    output = RecordOutput(recording)
    clips = {c.text: _burst(0.02) for c in timeline.cues if c.text}
    session = Session(
        timeline, clock=MonotonicClock(), output=output, clips=clips, tones={}, phrases=Lines()
    )
    seen: list[ev.Event] = []
    runner = SessionRunner(session, seen.extend)
    runner.start()
    assert runner.join(10.0)
    output.close()
    assert session.state().status is Status.FINISHED

    # What really happened, read back from the recording the output wrote.
    heard = _onsets(recording)
    planned = [c.at for c in timeline.cues]
    assert len(heard) == len(planned)
    errors = [abs(h - p) for h, p in zip(heard, planned, strict=True)]
    assert max(errors) < TOLERANCE, f"max {max(errors) * 1000:.1f} ms"
    assert statistics.median(errors) < TOLERANCE / 2
    fired = [e for e in seen if isinstance(e, ev.CueFired)]
    assert all(e.played for e in fired) and len(fired) == len(planned)


def test_commands_from_another_thread_wake_the_runner_at_once(tmp_path: Path) -> None:
    timeline = _timeline(cues=3, spacing=5.0)
    output = RecordOutput(tmp_path / "heard.wav")
    clips = {t: _burst(0.02) for t in ["line 0", "line 1", "line 2", "next E1", "get ready"]}
    session = Session(
        timeline, clock=MonotonicClock(), output=output, clips=clips, tones={}, phrases=Lines()
    )
    seen: list[ev.Event] = []
    arrived = threading.Event()

    def on_events(events: list[ev.Event]) -> None:
        seen.extend(events)
        if any(isinstance(e, ev.Jumped) for e in events):
            arrived.set()

    runner = SessionRunner(session, on_events)
    runner.start()
    time.sleep(0.1)
    session.next()  # from this (the test's) thread, while the runner waits 4.9 s for a cue
    assert arrived.wait(1.0)  # at once: within a second of a wait of 4.9 s (and no more is
    # asked of a busy CI machine's scheduler)
    # "line 1" is due right at the new step's start (+10 ms), not after the old wait.
    deadline = time.monotonic() + 1.0
    while time.monotonic() < deadline and not any(
        isinstance(e, ev.CueFired) and e.cue.text == "line 1" for e in seen
    ):
        time.sleep(0.005)
    assert any(isinstance(e, ev.CueFired) and e.cue.text == "line 1" for e in seen)
    session.stop()
    assert runner.join(1.0)
    assert isinstance(seen[-1], ev.Stopped)
    output.close()


def test_a_paused_runner_sleeps_without_ticking(tmp_path: Path) -> None:
    timeline = _timeline(cues=2, spacing=5.0)
    polls = 0
    session = Session(
        timeline,
        clock=MonotonicClock(),
        output=RecordOutput(tmp_path / "heard.wav"),
        clips={},
        tones={},
        phrases=Lines(),
    )
    original = session.poll

    def counting_poll() -> list[Any]:
        nonlocal polls
        polls += 1
        return original()

    session.poll = counting_poll  # type: ignore[method-assign]
    runner = SessionRunner(session, lambda events: None)
    runner.start()
    session.pause()
    time.sleep(0.5)
    before = polls
    time.sleep(0.5)
    assert polls == before  # nothing due while paused: the thread sleeps
    session.stop()
    assert runner.join(1.0)


def test_while_sessions_play_the_gil_changes_hands_promptly_and_as_before_after() -> None:
    """A cue due while the screen's thread holds the GIL waits until that thread lets go:
    after Python's switch interval (5 ms) unless a session is playing. Two runners at once
    (a quick break beside a session): the usual interval is back after the last one."""
    usual = sys.getswitchinterval()
    assert usual > SWITCH_INTERVAL  # else this test would show nothing
    clock = FakeClock()
    sessions = [
        Session(
            _timeline(cues=2, spacing=5.0),
            clock=clock,
            output=NullOutput(clock),
            clips={},
            tones={},
            phrases=Lines(),
        )
        for _ in range(2)
    ]
    runners = [SessionRunner(s, lambda events: None) for s in sessions]
    runners[0].start()  # returns once the session plays
    assert sys.getswitchinterval() == SWITCH_INTERVAL
    runners[1].start()
    sessions[0].stop()
    assert runners[0].join(5.0)
    assert sys.getswitchinterval() == SWITCH_INTERVAL  # the other one still plays
    sessions[1].stop()
    assert runners[1].join(5.0)
    assert sys.getswitchinterval() == usual
