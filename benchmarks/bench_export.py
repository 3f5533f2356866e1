"""Exporting a 30-minute session: one preallocated buffer (ours) against repeated pydub
`overlay` (the naive way), in the same run, on the same timeline and clips.

Run: `.venv/bin/python -m benchmarks.bench_export`. Exit code 1 if ours is not at least
50x faster and under one second.
"""

from __future__ import annotations

import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from player.routine.model import Voice
from player.sound.base import SAMPLE_RATE, Clip
from player.sound.mix import Placement, mix, mix_timeline, placements
from player.sound.tones import load_tone
from player.speech import SpeechCache, make_synthesizer, render_all
from player.timeline.model import (
    TONE_DURATIONS,
    Cue,
    CueKind,
    Priority,
    Segment,
    SegmentKind,
    Timeline,
    Tone,
)

MINUTES = 30
EXERCISES = 12  # 150 s each: prepare, countdown, work with cues, rest
NAIVE_BUDGET = 60.0  # seconds: beyond this, time the naive way on a slice and extrapolate
SLICE_MINUTES = 10
GRID = 0.02  # seconds: 441 frames


def session_timeline(speech: dict[str, Clip], minutes: float = MINUTES) -> Timeline:
    """A realistic session: per exercise about 30 cues (announcements, countdowns, ticks,
    tones, halfway, last seconds, rest line) at non-overlapping offsets."""
    cycle = minutes * 60 / EXERCISES
    cues: list[Cue] = []
    segments: list[Segment] = []

    def on_grid(at: float) -> float:
        # Offsets on a 20 ms grid fall on whole frames both for us and for pydub (which
        # positions in milliseconds), so the two ways can be compared byte for byte.
        return round(at / GRID) * GRID

    def say(at: float, text: str, kind: CueKind = CueKind.ANNOUNCE) -> float:
        at = on_grid(at)
        cues.append(Cue(at, kind, Priority.NORMAL, speech[text].duration, text=text))
        return at + speech[text].duration + 0.3

    def tone(at: float, which: Tone) -> None:
        at = on_grid(at)
        cues.append(Cue(at, CueKind.GO, Priority.TIMING, TONE_DURATIONS[which], tone=which))

    for n in range(EXERCISES):
        start = n * cycle
        at = say(start + 0.5, f"Next: exercise {n + 1}")
        at = say(at, f"Position for exercise {n + 1}: lie on your back, knees bent.")
        say(at, f"Instructions for exercise {n + 1}: breathe out and brace gently.")
        work = start + 25.0
        for i, count in enumerate(("3", "2", "1")):
            tone(work - 3 + i, Tone.TICK)
            say(work - 3 + i + 0.15, count, CueKind.COUNT)
        tone(work, Tone.GO)
        say(work + 0.45, "Go", CueKind.GO)
        end = start + cycle - 25.0
        say((work + end) / 2, "Halfway", CueKind.HALFWAY)
        say(work + 20, "Keep breathing.", CueKind.CUSTOM)
        say(work + 40, "Set 2 of 3", CueKind.SET)
        say(work + 60, "Set 3 of 3", CueKind.SET)
        say(work + 70, "Keep your back flat.", CueKind.CUSTOM)
        say(end - 15, "Ten seconds left.", CueKind.CUSTOM)
        say(end - 30, "Almost there.", CueKind.CUSTOM)
        for i, count in enumerate(("5", "4", "3", "2", "1")):
            tone(end - 5 + i, Tone.TICK)
            say(end - 5 + i + 0.15, count, CueKind.COUNT)
        tone(end, Tone.REST)
        say(end + 0.6, f"Rest, 20 seconds. Next: exercise {n + 2}", CueKind.REST)
        segments += [
            Segment(start, work, SegmentKind.PREPARE),
            Segment(work, end, SegmentKind.WORK),
            Segment(end, start + cycle, SegmentKind.REST),
        ]
    cues.sort(key=lambda cue: cue.at)
    return Timeline(tuple(segments), tuple(cues), "en")


def phrases() -> list[str]:
    texts = ["3", "2", "1", "5", "4", "Go", "Halfway", "Keep breathing."]
    texts += ["Set 2 of 3", "Set 3 of 3", "Keep your back flat.", "Ten seconds left."]
    texts += ["Almost there."]
    for n in range(EXERCISES):
        texts += [
            f"Next: exercise {n + 1}",
            f"Position for exercise {n + 1}: lie on your back, knees bent.",
            f"Instructions for exercise {n + 1}: breathe out and brace gently.",
            f"Rest, 20 seconds. Next: exercise {n + 2}",
        ]
    return texts


def naive(placed: list[Placement], seconds: float) -> bytes:
    """What pydub invites: a silent track, then `overlay` once per cue."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from pydub import AudioSegment

    track = AudioSegment.silent(duration=round(seconds * 1000), frame_rate=SAMPLE_RATE)
    for placement in placed:
        clip = AudioSegment(
            data=placement.clip.pcm, sample_width=2, frame_rate=SAMPLE_RATE, channels=1
        )
        track = track.overlay(clip, position=round(placement.at * 1000))
    return bytes(track.raw_data)


def timed(work: Callable[[], bytes], repeat: int = 1) -> tuple[float, bytes]:
    best, result = float("inf"), b""
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        speech = render_all(
            phrases(), "en", Voice(), make_synthesizer("fake"), SpeechCache("fake-1", Path(folder))
        )
    tones = {tone: load_tone(tone) for tone in Tone}
    timeline = session_timeline(speech)
    placed = placements(timeline, speech, tones)

    ours, pcm = timed(lambda: mix_timeline(timeline, speech, tones), repeat=3)
    assert len(pcm) == 2 * round(timeline.total * SAMPLE_RATE)

    # The naive way on a slice first; the whole session only if the slice says it fits.
    cut = SLICE_MINUTES * 60
    slice_placed = [p for p in placed if p.end <= cut]
    slice_naive, naive_pcm = timed(lambda: naive(slice_placed, cut))
    slice_ours, our_pcm = timed(lambda: mix(slice_placed, round(cut * SAMPLE_RATE)), repeat=3)
    same = naive_pcm == our_pcm
    # Each overlay copies the whole track: cost ~ cues x track length, so 3x the cues on a
    # 3x longer track is ~9x the time.
    factor = (len(placed) / len(slice_placed)) * (timeline.total / cut)
    if slice_naive * factor <= NAIVE_BUDGET:
        whole_naive, _ = timed(lambda: naive(placed, timeline.total))
        how = "measured"
    else:
        whole_naive = slice_naive * factor
        how = f"extrapolated from {SLICE_MINUTES} min x {factor:.1f}"

    rows = [
        ("session", f"{timeline.total / 60:.0f} min", f"{SLICE_MINUTES} min slice"),
        ("cues", f"{len(placed)}", f"{len(slice_placed)}"),
        ("ours: one preallocated buffer", f"{ours * 1000:.1f} ms", f"{slice_ours * 1000:.1f} ms"),
        (
            "naive: repeated pydub overlay",
            f"{whole_naive:.1f} s ({how})",
            f"{slice_naive:.2f} s (measured)",
        ),
        ("speed-up", f"{whole_naive / ours:.0f}x", f"{slice_naive / slice_ours:.0f}x"),
        ("same PCM as naive", "-", "yes" if same else "NO"),
    ]
    width = max(len(r[0]) for r in rows)
    mid = max(len(r[1]) for r in rows)
    print(f"{'export (mix to PCM)':<{width}}  {'whole':<{mid}}  slice")
    for name, whole, part in rows:
        print(f"{name:<{width}}  {whole:<{mid}}  {part}")
    ok = ours < 1.0 and whole_naive / ours >= 50 and same
    print(f"target: ours under 1 s and at least 50x faster: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
