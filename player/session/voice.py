"""What a session sounds: the cues it plays, lines said on demand, the lead-in, and cutting.

`Voice` is the engine's one collaborator for sound. The engine decides *when* (its clock and
cursors); the voice decides *how*: a timeline cue quiets the on-demand lines and cuts
timeline speech that ran long before a timing cue; on-demand lines ("Next: Bird dog", the
time left, "Get ready" and the counts after a pause) are queued one after the other and
waited for a moment when their clip is still rendering; when speech stops working the lines
that carry timing play as tones, and when the device goes away the session plays on silently.
Each failure is said once, as a `Warning` event. Not thread-safe: the engine calls it under
its lock.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from player.session import events as ev
from player.session.clock import EPSILON, Clock
from player.sound.base import Clip, Output, Playback, output_latency
from player.timeline.model import TONE_DURATIONS, Cue, CueKind, Priority, Tone

# After a pause: "Get ready", then this many counts one second apart, then the step goes on.
LEAD_IN_COUNTS = 3
GAP = 0.3  # silence after an on-demand line before the next one
# An on-demand line whose clip is still rendering ("12 seconds left") is tried again until
# it is ready, for at most this long; timeline cues are never waited for.
ON_DEMAND_PATIENCE = 2.0
RETRY = 0.05

# When speech stops working, these tones stand in for the lines that carry timing.
SPEECH_STAND_IN: dict[CueKind, Tone] = {
    CueKind.COUNT: Tone.TICK,
    CueKind.GO: Tone.GO,
    CueKind.REST: Tone.REST,
    CueKind.STOP: Tone.REST,
    CueKind.SWITCH: Tone.SWITCH,
    CueKind.OUTRO: Tone.FINISH,
}


class SessionPhrases(Protocol):
    """The on-demand lines a session says (`player.timeline.phrases` provides them)."""

    def get_ready(self) -> str: ...
    def count(self, number: int) -> str: ...
    def next_up(self, name: str) -> str: ...
    def last_exercise(self) -> str: ...
    def time_left(self, seconds: float, of: str = "session") -> str: ...


ClipSource = Mapping[str, Clip] | Callable[[str], Clip | None]


@dataclass(frozen=True, slots=True)
class _Line:
    """An on-demand sound due at a clock time (not part of the timeline)."""

    due: float
    cue: Cue
    patience: float = 0.0  # clock time until which a missing clip is waited for


class Voice:
    """The sound of one session (see the module docstring).

    `emit` receives the voice's events: `CueFired` for each on-demand line and a `Warning`
    when speech or audio stops working. `tones_only`: there is no speech from the start
    (the caller has said why), so timing lines play as tones without a warning.
    """

    def __init__(
        self,
        clock: Clock,
        output: Output,
        clips: ClipSource,
        tones: Mapping[Tone, Clip],
        phrases: SessionPhrases,
        *,
        emit: Callable[[ev.Event], None],
        tones_only: bool = False,
    ) -> None:
        self._clock = clock
        self._output = output
        self._clips = clips
        self._tones = tones
        self.phrases = phrases
        self._emit = emit
        self.started_at: float | None = None  # clock time of `start`, for recorders
        self._lines: list[_Line] = []
        self._playing: list[Playback] = []
        self._on_demand: list[Playback] = []  # what on-demand lines are sounding
        self._speaking: list[tuple[float, Playback]] = []  # timeline speech: (cue offset, it)
        self._speech_failed = tones_only
        self._audio_failed = False

    def start(self, now: float) -> float:
        """The session starts at clock time `now`; returns the output's latency (a cue is
        played this much before its place, so that it is heard there)."""
        self.started_at = now
        return output_latency(self._output)

    # ------------------------------------------------------------------ timeline cues

    def play_cue(self, cue: Cue, now: float, *, leading_in: bool = False) -> bool:
        """Play a timeline cue now; False when nothing could be played (no clip, no audio).

        The timeline's lines are never talked over: a spoken cue stops the on-demand lines
        (except the lead-in's, while `leading_in`). Nothing talks over a count or "Go": a
        timing cue cuts timeline speech that began before it and is still going (on a cold
        cache the timeline is timed by estimates, so a clip can be longer than planned).
        """
        if cue.text is not None and not leading_in:
            self._quiet_on_demand()
        if cue.priority is Priority.TIMING:
            self._hush_before(cue.at)
        return self._play(cue, now)

    # ------------------------------------------------------------------ on demand

    def say(self, texts: list[str], kind: CueKind) -> None:
        """Say `texts` one after the other, starting now (cutting whatever is speaking; the
        lead-in's counts stay)."""
        if not texts:
            return
        self.cut()
        self._lines = [line for line in self._lines if line.cue.kind is CueKind.COUNT]
        now = t = self._clock.now()
        for text in texts:
            clip = self._speech(text)
            self._lines.append(_Line(t, _speech_cue(text, kind, clip), now + ON_DEMAND_PATIENCE))
            t += (clip.duration if clip else 0.0) + GAP
        self.fire(self._clock.now())

    def lead_in(self, now: float, *, then_go: bool) -> float:
        """Queue "Get ready" and a short countdown from `now` (and the go tone after it when
        `then_go`); return how long it lasts."""
        ready = self.phrases.get_ready()
        clip = self._speech(ready)
        t = now
        self._lines.append(_Line(t, _speech_cue(ready, CueKind.ANNOUNCE, clip)))
        t += max((clip.duration if clip else 0.0) + GAP, 1.0)
        for n in range(LEAD_IN_COUNTS, 0, -1):
            self._lines.append(_Line(t, _tone_cue(Tone.TICK, CueKind.COUNT)))
            text = self.phrases.count(n)
            self._lines.append(_Line(t, _speech_cue(text, CueKind.COUNT, self._speech(text))))
            t += 1.0
        if then_go:
            self._lines.append(_Line(t, _tone_cue(Tone.GO, CueKind.GO)))
        return t - now

    def fire(self, now: float) -> None:
        """Play the on-demand lines due by `now`, in order. A line whose clip is not rendered
        yet is tried again shortly (while its patience lasts), holding back every line after
        it; past its patience it is skipped."""
        due = sorted((line for line in self._lines if line.due <= now), key=lambda x: x.due)
        self._lines = [line for line in self._lines if line.due > now]
        for n, line in enumerate(due):
            text = line.cue.text
            if text is not None and now < line.patience and self._speech(text) is None:
                delay = now + RETRY - line.due
                later = due[n:] + self._lines
                self._lines = [_Line(x.due + delay, x.cue, x.patience) for x in later]
                return
            played = self._play(line.cue, now, on_demand=True)
            self._emit(ev.CueFired(line.cue, played, late=now - line.due, on_demand=True))

    def next_due(self) -> float | None:
        """The clock time the next on-demand line is due, None when none is queued."""
        return min((line.due for line in self._lines), default=None)

    def forget(self) -> None:
        """Drop the on-demand lines not said yet."""
        self._lines.clear()

    # ------------------------------------------------------------------ what is sounding

    def cut(self) -> None:
        """Stop whatever is sounding, at once."""
        for playback in self._playing:
            with contextlib.suppress(Exception):  # one that cannot stop has stopped
                playback.stop()
        self._playing.clear()
        self._on_demand.clear()
        self._speaking.clear()

    def silence(self) -> None:
        """Cut what is sounding and forget what was still to be said."""
        self.forget()
        self.cut()

    def drain(self, lock: AbstractContextManager[object], timeout: float) -> None:
        """Wait (real time, at most `timeout`) until what is sounding has finished; `lock` is
        the engine's, taken for each look and let go of in between."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with lock:
                if not self.sounding():
                    return
            time.sleep(0.02)

    def sounding(self) -> bool:
        """Whether anything is still playing (and let go of what has finished)."""
        self._playing = [p for p in self._playing if _still_playing(p)]
        self._on_demand = [p for p in self._on_demand if p in self._playing]
        self._speaking = [(at, p) for at, p in self._speaking if p in self._playing]
        return bool(self._playing)

    # ------------------------------------------------------------------ inside

    def _speech(self, text: str) -> Clip | None:
        if self._speech_failed:
            return None
        try:
            if callable(self._clips):
                return self._clips(text)
            return self._clips.get(text)
        except Exception as error:  # speech broke mid-session: tones from now on
            self._speech_failed = True
            self._emit(ev.Warning(f"speech stopped working ({error}): tones instead"))
            return None

    def _quiet_on_demand(self) -> None:
        self._lines.clear()
        for playback in self._on_demand:
            with contextlib.suppress(Exception):
                playback.stop()
        self._on_demand.clear()

    def _hush_before(self, at: float) -> None:
        keep: list[tuple[float, Playback]] = []
        for started, playback in self._speaking:
            if not _still_playing(playback):
                continue
            if started < at - EPSILON:
                with contextlib.suppress(Exception):
                    playback.stop()
            else:
                keep.append((started, playback))
        self._speaking = keep

    def _play(self, cue: Cue, now: float, *, on_demand: bool = False) -> bool:
        clip: Clip | None
        if cue.tone is not None:
            clip = self._tones.get(cue.tone)
        else:
            clip = self._speech(cue.text or "")
            if clip is None and self._speech_failed and cue.kind in SPEECH_STAND_IN:
                clip = self._tones.get(SPEECH_STAND_IN[cue.kind])
        if clip is None or self._audio_failed:
            return False
        at = now - (self.started_at if self.started_at is not None else now)
        try:
            playback = self._output.play(clip, at)
        except Exception as error:  # the device went away: play on silently
            self._audio_failed = True
            self._emit(ev.Warning(f"audio stopped working ({error}): playing silently"))
            return False
        self._playing.append(playback)
        if on_demand:
            self._on_demand.append(playback)
        elif cue.tone is None and not self._speech_failed:
            self._speaking.append((cue.at, playback))
        return True


def _still_playing(playback: Playback) -> bool:
    try:
        return playback.is_playing()
    except Exception:
        return False


def _speech_cue(text: str, kind: CueKind, clip: Clip | None) -> Cue:
    duration = clip.duration if clip else 0.0
    return Cue(at=0.0, kind=kind, priority=Priority.NORMAL, duration=duration, text=text)


def _tone_cue(tone: Tone, kind: CueKind) -> Cue:
    return Cue(
        at=0.0, kind=kind, priority=Priority.TIMING, duration=TONE_DURATIONS[tone], tone=tone
    )
