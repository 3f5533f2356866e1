"""Fixtures for the session engine: a hand-built timeline of every segment kind, a recording
output, a journal that remembers, and a rig that plays a session on a fake clock."""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from player.routine.model import Dosing, Exercise, Form, Kind, Routine, Section, Sides
from player.session.clock import FakeClock
from player.session.engine import Session
from player.session.events import Event
from player.session.journal import JournalWriter
from player.session.steps import SessionStep
from player.sound.base import SAMPLE_RATE, Clip
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

K = SegmentKind
C = CueKind
STAB = Kind.STABILISATION

# (segment kind, seconds, segment fields, [(offset in segment, cue kind, text or tone)])
Part = tuple[SegmentKind, float, dict[str, Any], list[tuple[float, CueKind, str | Tone]]]


def _ex(name: str, index: int, **more: Any) -> dict[str, Any]:
    return {
        "exercise": name,
        "occurrence": index,
        "section": "Stabilisation",
        "section_kind": STAB,
        **more,
    }


def _countdown(name: str, index: int) -> Part:
    return (
        K.COUNTDOWN,
        3.0,
        _ex(name, index),
        [(0.0, C.COUNT, Tone.TICK), (0.0, C.COUNT, "3"), (1.0, C.COUNT, "2"), (2.0, C.COUNT, "1")],
    )


# Every segment kind there is: intro, section, prepare, countdown, work (two sets with a rest
# between), holds with relax, both sides with a switch, open reps, rests, outro.
PARTS: list[Part] = [
    (
        K.INTRO,
        6.0,
        {},
        [
            (0.0, C.INTRO, "Desk break"),
            (2.0, C.SAFETY, "Stop if it hurts."),
            (4.0, C.ANNOUNCE, "First: Bird dog"),
        ],
    ),
    (K.SECTION, 2.0, {**_ex("Bird dog", 0), "exercise": None}, [(0.0, C.SECTION, "Stabilisation")]),
    (
        K.PREPARE,
        5.0,
        _ex("Bird dog", 0),
        [(0.0, C.ANNOUNCE, "Next: Bird dog"), (2.0, C.POSITION, "On all fours.")],
    ),
    _countdown("Bird dog", 0),
    (
        K.WORK,
        20.0,
        _ex("Bird dog", 0, set=1, sets=2),
        [
            (0.0, C.GO, Tone.GO),
            (0.0, C.GO, "Go"),
            (10.0, C.HALFWAY, "Halfway"),
            (17.0, C.COUNT, "3"),
            (18.0, C.COUNT, "2"),
            (19.0, C.COUNT, "1"),
        ],
    ),
    (
        K.REST_SETS,
        10.0,
        _ex("Bird dog", 0),
        [(0.0, C.STOP, Tone.REST), (0.0, C.STOP, "Stop"), (6.0, C.SET, "Set 2 of 2")],
    ),
    (K.WORK, 10.0, _ex("Bird dog", 0, set=2, sets=2), [(0.0, C.GO, Tone.GO)]),
    (
        K.REST,
        10.0,
        _ex("Bird dog", 0),
        [(0.0, C.STOP, Tone.REST), (1.0, C.REST, "Rest, 10 seconds. Next: Plank")],
    ),
    (K.PREPARE, 5.0, _ex("Plank", 1), [(0.0, C.ANNOUNCE, "Next: Plank")]),
    _countdown("Plank", 1),
    (K.HOLD, 10.0, _ex("Plank", 1, rep=1, reps=2), [(0.0, C.HOLD, "Hold")]),
    (K.RELAX, 3.0, _ex("Plank", 1, rep=1, reps=2), [(0.0, C.RELAX, "Relax, 1 of 2")]),
    (K.HOLD, 10.0, _ex("Plank", 1, rep=2, reps=2), [(0.0, C.HOLD, "Hold")]),
    (K.REST, 5.0, _ex("Plank", 1), [(0.0, C.REST, "Rest")]),
    (K.PREPARE, 5.0, _ex("Side stretch", 2), [(0.0, C.ANNOUNCE, "Next: Side stretch")]),
    _countdown("Side stretch", 2),
    (K.WORK, 15.0, _ex("Side stretch", 2, side=Sides.LEFT), [(0.0, C.GO, "Go")]),
    (
        K.SWITCH,
        5.0,
        _ex("Side stretch", 2),
        [(0.0, C.SWITCH, Tone.SWITCH), (0.0, C.SWITCH, "Switch sides")],
    ),
    (K.WORK, 15.0, _ex("Side stretch", 2, side=Sides.RIGHT), [(0.0, C.GO, "Go")]),
    (K.REST, 5.0, _ex("Side stretch", 2), [(0.0, C.REST, "Rest")]),
    (
        K.PREPARE,
        5.0,
        _ex("Squats", 3),
        [(0.0, C.LAST, "Last exercise"), (2.0, C.ANNOUNCE, "Next: Squats")],
    ),
    _countdown("Squats", 3),
    (
        K.OPEN,
        60.0,
        _ex("Squats", 3, reps=10),
        [(0.0, C.GO, "Go"), (12.0, C.REMINDER, "Say done when you have finished.")],
    ),
    (K.OUTRO, 7.0, {}, [(0.0, C.OUTRO, "Well done"), (3.0, C.OUTRO, Tone.FINISH)]),
]


def build_timeline(parts: list[Part]) -> Timeline:
    segments: list[Segment] = []
    cues: list[Cue] = []
    t = 0.0
    for kind, seconds, fields, part_cues in parts:
        segments.append(Segment(start=t, end=t + seconds, kind=kind, **fields))
        for at, cue_kind, what in part_cues:
            if isinstance(what, Tone):
                cues.append(Cue(t + at, cue_kind, Priority.TIMING, TONE_DURATIONS[what], tone=what))
            else:
                cues.append(Cue(t + at, cue_kind, Priority.NORMAL, speech_length(what), text=what))
        t += seconds
    cues.sort(key=lambda c: c.at)
    return Timeline(segments=tuple(segments), cues=tuple(cues), language="en")


def speech_length(text: str) -> float:
    return min(0.05 * len(text), 0.9)


def make_clip(seconds: float, mark: int) -> Clip:
    """A clip whose first sample says which one it is (`mark`), so a recording tells them apart."""
    frames = max(int(seconds * SAMPLE_RATE), 1)
    return Clip(struct.pack("<h", mark) + bytes(2 * (frames - 1)))


ROUTINE = Routine(
    title="Desk break",
    sections=(
        Section(
            name="Stabilisation",
            kind=STAB,
            exercises=(
                Exercise(
                    name="Bird dog",
                    kind=STAB,
                    dosing=Dosing(Form.TIMED, duration=20.0, sets=2, rest_between_sets=10.0),
                    position="On all fours.",
                    instructions="Stretch one arm and the other leg.",
                ),
                Exercise(
                    name="Plank",
                    kind=STAB,
                    dosing=Dosing(Form.HOLDS, hold=10.0, reps=2, rest_between_reps=3.0),
                    position="On your forearms.",
                    instructions="Keep your back flat.",
                ),
                Exercise(
                    name="Side stretch",
                    kind=STAB,
                    dosing=Dosing(Form.TIMED, duration=15.0),
                    sides=Sides.BOTH,
                ),
                Exercise(
                    name="Squats",
                    kind=STAB,
                    dosing=Dosing(Form.OPEN, reps=10, time_cap=60.0),
                    instructions="Sit back as if onto a chair.",
                ),
            ),
        ),
    ),
)


class Lines:
    """The on-demand lines, in English, as the engine asks for them."""

    def get_ready(self) -> str:
        return "Get ready"

    def count(self, number: int) -> str:
        return str(number)

    def next_up(self, name: str) -> str:
        return f"Next: {name}"

    def last_exercise(self) -> str:
        return "This is the last exercise"

    def time_left(self, seconds: float, of: str = "session") -> str:
        return f"{round(seconds)} seconds left ({of})"


@dataclass
class FakePlayback:
    clock: FakeClock
    ends: float
    stopped_at: float | None = None

    def stop(self) -> None:
        if self.is_playing():
            self.stopped_at = self.clock.now()
        self.ends = min(self.ends, self.clock.now())

    def wait_done(self) -> None:
        self.clock.advance(self.ends - self.clock.now())

    def is_playing(self) -> bool:
        return self.clock.now() < self.ends


@dataclass(frozen=True)
class Played:
    what: str  # text, or "[tone]"
    at: float  # the offset the engine gave the output
    clock: float  # when play() was called
    playback: FakePlayback


@dataclass
class RecordingOutput:
    """Remembers every clip played, when, and its playback (to see what was cut)."""

    clock: FakeClock
    names: dict[bytes, str]
    played: list[Played] = field(default_factory=list)
    name: str = "test"
    fail: bool = False

    def play(self, clip: Clip, at: float | None = None) -> FakePlayback:
        if self.fail:
            raise OSError("device unplugged")
        playback = FakePlayback(self.clock, self.clock.now() + clip.duration)
        self.played.append(Played(self.names[clip.pcm], at or 0.0, self.clock.now(), playback))
        return playback

    def close(self) -> None:
        pass

    def texts(self) -> list[str]:
        return [p.what for p in self.played]


@dataclass
class MemoryJournal:
    steps: list[tuple[int, str | None, float]] = field(default_factory=list)
    ends: list[tuple[str, float]] = field(default_factory=list)
    fail: bool = False
    at_step: int | None = None

    def step_finished(self, step: SessionStep, seconds: float, elapsed: float) -> None:
        if self.fail:
            raise OSError("the history journal could not be written at /nowhere")
        self.steps.append((step.index, step.exercise, seconds))

    def ended(self, status: str, elapsed: float, at_step: int | None = None) -> None:
        self.ends.append((status, elapsed))
        self.at_step = at_step


@dataclass
class Rig:
    """A session on a fake clock, its output and journal, and what it said so far."""

    session: Session
    clock: FakeClock
    output: RecordingOutput
    journal: MemoryJournal
    origin: float
    events: list[Event] = field(default_factory=list)

    def run_until(self, offset_clock: float) -> list[Event]:
        """Advance the clock to `origin + offset_clock`, polling at every deadline on the way."""
        target = self.origin + offset_clock
        new: list[Event] = []
        while True:
            deadline = self.session.next_deadline()
            if deadline is None or deadline > target:
                break
            self.clock.advance(deadline - self.clock.now())
            new += self.session.poll()
        self.clock.advance(target - self.clock.now())
        new += self.session.poll()
        self.events += new
        return new

    def run_to_end(self, limit: float = 10_000.0) -> list[Event]:
        new: list[Event] = []
        while (deadline := self.session.next_deadline()) is not None:
            assert deadline - self.origin < limit, "the session does not end"
            self.clock.advance(deadline - self.clock.now())
            new += self.session.poll()
        new += self.session.poll()
        self.events += new
        return new

    def now(self) -> float:
        return self.clock.now() - self.origin

    def command(self, name: str) -> list[Event]:
        getattr(self.session, name)()
        new = self.session.poll()
        self.events += new
        return new


RigFactory = Callable[..., Rig]


@pytest.fixture
def timeline() -> Timeline:
    return build_timeline(PARTS)


@pytest.fixture
def routine() -> Routine:
    return ROUTINE


@pytest.fixture
def make_rig() -> Iterator[RigFactory]:
    def make(
        timeline: Timeline,
        *,
        routine: Routine | None = ROUTINE,
        clips: Any = None,
        start: float | None = 0.0,
        journal: MemoryJournal | None = None,
    ) -> Rig:
        clock = FakeClock()
        tones = {tone: make_clip(TONE_DURATIONS[tone], -(i + 1)) for i, tone in enumerate(Tone)}
        names = {clip.pcm: f"[{tone}]" for tone, clip in tones.items()}
        speech = SpeechClips(names)
        output = RecordingOutput(clock, names)
        journal = journal if journal is not None else MemoryJournal()
        session = Session(
            timeline,
            clock=clock,
            output=output,
            clips=clips(speech) if clips else speech.get,
            tones=tones,
            phrases=Lines(),
            routine=routine,
        )
        session.subscribe(JournalWriter(journal))
        rig = Rig(session, clock, output, journal, origin=clock.now())
        if start is not None:
            session.start(start)
        return rig

    yield make


class SpeechClips:
    """A clip for any text, made when first asked for; each one tells which text it is."""

    def __init__(self, names: dict[bytes, str]) -> None:
        self._names = names
        self._clips: dict[str, Clip] = {}

    def get(self, text: str) -> Clip:
        if text not in self._clips:
            clip = make_clip(speech_length(text), len(self._clips) + 1)
            self._clips[text] = clip
            self._names[clip.pcm] = text
        return self._clips[text]
