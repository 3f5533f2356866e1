"""Starting a session: the one way every front end (the Textual player, the editor's
play-from-here, the console player, `workout break`) sets up a routine and plays it.

`start_session(...)` prepares the session (cheap: the timeline is compiled with the clip
lengths already in the cache; speech renders behind) and makes the runner thread that will
play it. `StartedSession.play(on_events, show)` is the slow part, for a thread the front
end chooses: wait for the first cues, start the runner where the options say (the events go
to the front end, then to the hands-free companion), then the companion.
"""

from __future__ import annotations

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


def _nowhere(events: list[Event]) -> object:
    return None


class StartedSession:
    """A prepared session, the runner that plays it and its companion (see the module)."""

    def __init__(self, prepared: PreparedSession, name: str, companion: Companion | None) -> None:
        self.prepared = prepared
        self.name = name  # the routine's name (its file stem), as the journal knows it
        self.companion = companion
        self.runner = SessionRunner(prepared.session, self._deliver)
        self._on_events: Callable[[list[Event]], object] = _nowhere
        self._closed = False

    @property
    def session(self) -> Session:
        return self.prepared.session

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
        if self.companion is not None:
            self.companion.start(show)
        return True

    def _deliver(self, events: list[Event]) -> None:
        self._on_events(events)
        if self.companion is not None:
            self.companion.on_events(events)

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
    return StartedSession(prepared, name, companion(prepared) if companion else None)


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
