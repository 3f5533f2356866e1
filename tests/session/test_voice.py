"""The session's voice on its own, on a fake clock with a recording output: the on-demand queue
and its retries, the lead-in, what a timeline cue cuts, and the tones and silence that stand in
when speech or the device fails."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from player.session import events as ev
from player.session.clock import FakeClock
from player.session.voice import GAP, LEAD_IN_COUNTS, ON_DEMAND_PATIENCE, Voice
from player.sound.base import Clip
from player.timeline.model import TONE_DURATIONS, Cue, CueKind, Priority, Tone
from tests.session.conftest import Lines, RecordingOutput, SpeechClips, make_clip

ClipFor = Callable[[str], Clip | None]


@dataclass
class Bench:
    """A voice, its fake clock and output, the events it emitted, and its speech clips."""

    voice: Voice
    clock: FakeClock
    output: RecordingOutput
    speech: SpeechClips
    events: list[ev.Event] = field(default_factory=list)
    start: float = 0.0

    def run_until(self, seconds: float) -> None:
        """Fire the on-demand lines at each of their deadlines up to `start + seconds`."""
        target = self.start + seconds
        while (due := self.voice.next_due()) is not None and due <= target:
            self.clock.advance(due - self.clock.now())
            self.voice.fire(self.clock.now())
        self.clock.advance(target - self.clock.now())

    def heard(self) -> list[tuple[str, float]]:
        """(what, seconds after the start) of everything played."""
        return [(p.what, round(p.clock - self.start, 6)) for p in self.output.played]

    def warnings(self) -> list[str]:
        return [e.text for e in self.events if isinstance(e, ev.Warning)]


def _bench(
    clips: Callable[[SpeechClips], ClipFor] | None = None, *, tones_only: bool = False
) -> Bench:
    clock = FakeClock()
    tones = {tone: make_clip(TONE_DURATIONS[tone], -(i + 1)) for i, tone in enumerate(Tone)}
    names = {clip.pcm: f"[{tone}]" for tone, clip in tones.items()}
    speech = SpeechClips(names)
    output = RecordingOutput(clock, names)
    events: list[ev.Event] = []
    voice = Voice(
        clock,
        output,
        clips(speech) if clips else speech.get,
        tones,
        Lines(),
        emit=events.append,
        tones_only=tones_only,
    )
    bench = Bench(voice, clock, output, speech, events, start=clock.now())
    voice.start(clock.now())
    return bench


def _spoken(text: str, kind: CueKind, at: float = 0.0) -> Cue:
    return Cue(at, kind, Priority.NORMAL, 0.5, text=text)


def _tone(tone: Tone, kind: CueKind, at: float = 0.0) -> Cue:
    return Cue(at, kind, Priority.TIMING, TONE_DURATIONS[tone], tone=tone)


def test_lines_said_on_demand_follow_one_another_with_a_gap() -> None:
    bench = _bench()
    bench.voice.say(["Next: Plank", "On your forearms."], CueKind.ANNOUNCE)
    first = bench.speech.get("Next: Plank").duration
    assert bench.heard() == [("Next: Plank", 0.0)]  # the first at once
    assert bench.voice.next_due() == pytest.approx(bench.start + first + GAP)
    bench.run_until(5.0)
    assert bench.heard() == [("Next: Plank", 0.0), ("On your forearms.", round(first + GAP, 6))]
    fired = [e for e in bench.events if isinstance(e, ev.CueFired)]
    assert [(e.cue.text, e.played, e.on_demand) for e in fired] == [
        ("Next: Plank", True, True),
        ("On your forearms.", True, True),
    ]
    assert bench.voice.next_due() is None


def test_a_line_still_rendering_is_waited_for_and_holds_back_the_next() -> None:
    ready_at: dict[str, float] = {}

    def clips(speech: SpeechClips) -> ClipFor:
        def clip(text: str) -> Clip | None:
            ready = ready_at.get(text)
            return None if ready is not None and bench.clock.now() < ready else speech.get(text)

        return clip

    bench = _bench(clips)
    ready_at["12 seconds left"] = bench.start + 0.5
    bench.voice.say(["12 seconds left", "Keep going"], CueKind.ANNOUNCE)
    assert bench.heard() == []  # not rendered yet: nothing, and nothing after it either
    bench.run_until(3.0)
    heard = bench.heard()
    assert [what for what, _ in heard] == ["12 seconds left", "Keep going"]
    assert heard[0][1] == pytest.approx(0.5, abs=0.06)  # tried again every 50 ms
    assert heard[1][1] > heard[0][1]  # held back with it, not said in its place
    late = [e.late for e in bench.events if isinstance(e, ev.CueFired)]
    assert late[0] == pytest.approx(0.0, abs=1e-6)  # the retries move the line, it is on time


def test_a_line_never_ready_is_given_up_after_its_patience() -> None:
    bench = _bench(lambda speech: lambda text: None if text == "Lost" else speech.get(text))
    bench.voice.say(["Lost", "Found"], CueKind.ANNOUNCE)
    bench.run_until(ON_DEMAND_PATIENCE + 1.0)
    fired = [(e.cue.text, e.played) for e in bench.events if isinstance(e, ev.CueFired)]
    assert fired == [("Lost", False), ("Found", True)]
    assert [what for what, _ in bench.heard()] == ["Found"]
    assert bench.heard()[0][1] >= ON_DEMAND_PATIENCE


def test_the_lead_in_says_get_ready_then_counts_one_second_apart_then_go() -> None:
    bench = _bench()
    length = bench.voice.lead_in(bench.clock.now(), then_go=True)
    ready = max(bench.speech.get("Get ready").duration + GAP, 1.0)
    assert length == pytest.approx(ready + LEAD_IN_COUNTS)
    bench.run_until(length + 1.0)
    expected = [("Get ready", 0.0)]
    for n in range(LEAD_IN_COUNTS):
        expected += [("[tick]", ready + n), (str(LEAD_IN_COUNTS - n), ready + n)]
    expected.append(("[go]", ready + LEAD_IN_COUNTS))
    heard = bench.heard()
    assert [what for what, _ in heard] == [what for what, _ in expected]
    assert [at for _, at in heard] == pytest.approx([at for _, at in expected])


def test_the_lead_in_leaves_go_to_the_step_when_the_step_has_its_own() -> None:
    bench = _bench()
    length = bench.voice.lead_in(bench.clock.now(), then_go=False)
    bench.run_until(length + 1.0)
    assert "[go]" not in [what for what, _ in bench.heard()]
    assert bench.heard()[-1][0] == "1"


def test_saying_something_cuts_what_is_said_but_keeps_the_lead_in_counting() -> None:
    bench = _bench()
    bench.voice.lead_in(bench.clock.now(), then_go=False)
    bench.run_until(0.1)
    get_ready = bench.output.played[0].playback
    bench.voice.say(["30 seconds left"], CueKind.ANNOUNCE)
    assert get_ready.stopped_at == pytest.approx(bench.start + 0.1)
    bench.run_until(10.0)
    said = [what for what, _ in bench.heard()]
    assert said[:2] == ["Get ready", "30 seconds left"]
    assert said.count("[tick]") == LEAD_IN_COUNTS and "1" in said


def test_a_spoken_timeline_cue_silences_the_lines_said_on_demand() -> None:
    bench = _bench()
    bench.voice.say(["Next: Plank", "On your forearms."], CueKind.ANNOUNCE)
    bench.clock.advance(0.1)
    played = bench.voice.play_cue(_spoken("Halfway", CueKind.HALFWAY), bench.clock.now())
    assert played
    assert bench.output.played[0].playback.stopped_at == pytest.approx(bench.start + 0.1)
    assert bench.voice.next_due() is None  # "On your forearms." is not said any more
    bench.run_until(5.0)
    assert [what for what, _ in bench.heard()] == ["Next: Plank", "Halfway"]


def test_during_the_lead_in_a_timeline_cue_does_not_silence_it() -> None:
    bench = _bench()
    bench.voice.lead_in(bench.clock.now(), then_go=False)
    bench.run_until(0.1)
    bench.voice.play_cue(_spoken("Go", CueKind.GO), bench.clock.now(), leading_in=True)
    assert bench.output.played[0].playback.stopped_at is None
    assert bench.voice.next_due() is not None  # the counts are still to come


def test_a_timing_cue_cuts_timeline_speech_that_began_before_it_only() -> None:
    bench = _bench()
    long_line = make_clip(4.0, 777)
    bench.output.names[long_line.pcm] = "long"
    bench.speech._clips["long"] = long_line
    bench.voice.play_cue(_spoken("long", CueKind.POSITION, at=10.0), bench.clock.now())
    bench.clock.advance(1.0)
    bench.voice.play_cue(_spoken("3", CueKind.COUNT, at=11.0), bench.clock.now())
    bench.voice.play_cue(_tone(Tone.TICK, CueKind.COUNT, at=11.0), bench.clock.now())
    by_name = {p.what: p.playback for p in bench.output.played}
    assert by_name["long"].stopped_at == pytest.approx(bench.start + 1.0)  # began at 10 s
    assert by_name["3"].stopped_at is None  # began with the tick, at 11 s
    assert by_name["[tick]"].stopped_at is None


def test_when_speech_breaks_tones_carry_the_timing_and_it_is_said_once() -> None:
    def clips(speech: SpeechClips) -> ClipFor:
        def clip(text: str) -> Clip | None:
            raise RuntimeError("espeak-ng died")

        return clip

    bench = _bench(clips)
    now = bench.clock.now()
    assert bench.voice.play_cue(_spoken("Halfway", CueKind.HALFWAY), now) is False
    assert bench.voice.play_cue(_spoken("3", CueKind.COUNT), now) is True
    assert bench.voice.play_cue(_spoken("Go", CueKind.GO), now) is True
    assert bench.voice.play_cue(_spoken("Switch sides", CueKind.SWITCH), now) is True
    assert [what for what, _ in bench.heard()] == ["[tick]", "[go]", "[switch]"]
    assert bench.warnings() == ["speech stopped working (espeak-ng died): tones instead"]


def test_tones_only_from_the_start_needs_no_warning() -> None:
    bench = _bench(tones_only=True)
    bench.voice.play_cue(_spoken("Stop", CueKind.STOP), bench.clock.now())
    bench.voice.play_cue(_spoken("Well done", CueKind.OUTRO), bench.clock.now())
    assert [what for what, _ in bench.heard()] == ["[rest]", "[finish]"]
    assert bench.warnings() == []


def test_when_the_device_goes_away_the_session_plays_on_silently_said_once() -> None:
    bench = _bench()
    bench.output.fail = True
    now = bench.clock.now()
    assert bench.voice.play_cue(_spoken("Go", CueKind.GO), now) is False
    bench.output.fail = False  # no retry: it stays silent rather than sound again at random
    assert bench.voice.play_cue(_tone(Tone.GO, CueKind.GO), now) is False
    assert bench.output.played == []
    assert bench.warnings() == ["audio stopped working (device unplugged): playing silently"]


def test_sounds_are_placed_from_the_start_and_cut_stops_them_all() -> None:
    bench = _bench()
    bench.clock.advance(2.5)
    bench.voice.play_cue(_spoken("Hold", CueKind.HOLD, at=2.5), bench.clock.now())
    bench.voice.say(["Next: Plank"], CueKind.ANNOUNCE)
    assert [p.at for p in bench.output.played] == [pytest.approx(2.5), pytest.approx(2.5)]
    assert bench.voice.sounding()
    bench.voice.silence()
    assert not bench.voice.sounding()
    assert all(p.playback.stopped_at == bench.clock.now() for p in bench.output.played)
    assert bench.voice.next_due() is None
