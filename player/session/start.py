"""Starting a session: the one way every front end (the Textual player, the editor's
play-from-here, the console player, `workout break`) sets up a routine and plays it.

`start_session(...)` prepares the session (cheap: the timeline is compiled with the clip
lengths already in the cache; speech renders behind) and makes the runner thread that will
play it. `StartedSession.play(on_events, show)` is the slow part, for a thread the front
end chooses: wait for the first cues, start the runner where the options say (the events go
to the front end, then to the hands-free companion), then make and start the companion —
once the first cue is under way, so that its imports (D-Bus) do not delay the first word.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from player.options import PlayOptions
from player.routine.model import Routine
from player.session.checkin import ExerciseRatings, rating_recorder, ratings_enabled
from player.session.clock import Clock
from player.session.engine import Session
from player.session.events import Event
from player.session.prepare import PreparedSession, name_of, prepare_session
from player.session.runner import Companion, SessionRunner
from player.session.state import Status
from player.sound.base import Output
from player.speech.base import Synthesizer
from player.speech.render import Progress

# Makes the hands-free companion (media keys, spoken commands) of a prepared session; the
# front ends pass `player.desktop.HandsFree` (the session layer does not import the desktop).
CompanionMaker = Callable[[PreparedSession], Companion]
COMPANION_AFTER = 0.5  # seconds `play` waits for the first events before making the companion


def _nowhere(events: list[Event]) -> object:
    return None


class StartedSession:
    """A prepared session, the runner that plays it and its companion (see the module)."""

    def __init__(
        self, prepared: PreparedSession, name: str, companion: CompanionMaker | None
    ) -> None:
        self.prepared = prepared
        self.name = name  # the routine's name (its file stem), as the journal knows it
        self._make_companion = companion
        self.companion: Companion | None = None  # made by `play`, once the runner plays
        self._delivered = threading.Event()
        self.runner = SessionRunner(prepared.session, self._deliver)
        self._on_events: Callable[[list[Event]], object] = _nowhere
        self._closed = False

    @property
    def session(self) -> Session:
        return self.prepared.session

    @property
    def closed(self) -> bool:
        return self._closed

    def play(
        self, on_events: Callable[[list[Event]], object], show: Callable[[str], object]
    ) -> bool:
        """Block until the first cues are rendered, then play from the start offset (every
        batch of events to `on_events` in the runner's thread, then to the companion) and
        start the companion, whose lines go to `show`. False (nothing started) when the
        session was stopped while it got ready."""
        self._on_events = on_events
        self.prepared.wait_for_first_cues()
        if self.session.status is not Status.READY:
            return False
        self.runner.start(self.prepared.start_offset)
        if self._make_companion is not None and not self._closed:
            # Not beside the first cue: its imports would take turns with it.
            self._delivered.wait(COMPANION_AFTER)
            companion = self._make_companion(self.prepared)
            self.companion = companion  # events from now on go to it as well
            companion.start(show)
            if self._closed:  # closed while it was made: `close` did not see it
                companion.close()
        return True

    def _deliver(self, events: list[Event]) -> None:
        self._on_events(events)
        if self.companion is not None:
            self.companion.on_events(events)
        self._delivered.set()  # the first poll's events (the first cue) are out

    def close(self, *, drain: bool = False) -> None:
        """Let go of the companion, the runner thread, (with `drain`, after the sounds still
        playing) the speech engine, the output and the journal. Stop the session first to
        record that it was stopped."""
        if self._closed:
            return
        self._closed = True
        if self.companion is not None:
            self.companion.close()
        self.runner.close()
        if drain:
            self.session.drain()
        self.prepared.close()


def start_session(
    routine: Routine,
    *,
    options: PlayOptions,
    from_exercise: str | None = None,
    resume: bool = False,
    companion: CompanionMaker | None = None,
    listening: bool = False,
    clock: Clock | None = None,
    output: Output | None = None,
    synthesizer: Synthesizer | None = None,
    probe_later: bool = False,
    progress: Progress | None = None,
    pain_before: int | None = None,
) -> StartedSession:
    """Prepare `routine` to play and make the runner that will play it (not started yet:
    `StartedSession.play`); `companion` makes the hands-free companion.

    `options`, `from_exercise`, `resume`, `clock`, `output`,
    `synthesizer`, `probe_later`, `progress`, `listening` and `pain_before` are
    `prepare_session`'s;
    raises `UsageError` as it does.
    """
    name = name_of(routine)
    prepared = prepare_session(
        routine,
        name=name,
        options=options,
        from_exercise=from_exercise,
        resume=resume,
        clock=clock,
        output=output,
        synthesizer=synthesizer,
        probe_later=probe_later,
        progress=progress,
        listening=listening,
        pain_before=pain_before,
    )
    return StartedSession(prepared, name, companion)


def exercise_ratings(prepared: PreparedSession) -> ExerciseRatings | None:
    """The ratings after each exercise's last set (`[session] ratings`), asked on the
    session's clock and timed by the question's own clip; None when they are off or the
    session is not recorded. Both front ends ask them from here."""
    journal = prepared.journal
    if journal is None or not ratings_enabled():
        return None
    speech = prepared.speech

    def duration_of(text: str) -> float:
        clip = speech.clip(text) if speech is not None else None
        return clip.duration if clip is not None else 0.08 * len(text)

    return ExerciseRatings(
        prepared.language,
        prepared.timeline,
        prepared.session.steps,
        prepared.clock,
        rating_recorder(journal.history, journal.session_id),
        duration_of,
    )
