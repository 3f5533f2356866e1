"""Everything a session needs before it plays: timeline, speech, sound, journal, where to start.

`prepare_session` is what `workout play` (console or Textual) calls: it loads nothing
itself (it takes a resolved `Routine`), starts rendering speech in the background (first
cues first), chooses the output, opens the journal, and says what it had to give up on
as `notices` — one line each, for the caller to show once.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from player.errors import UsageError, UserError
from player.history import (
    History,
    HistoryError,
    Resumable,
    SessionJournal,
    find_resumable,
    open_history,
)
from player.routine.model import Routine
from player.session.clock import Clock, MonotonicClock
from player.session.engine import Session
from player.session.steps import Step, steps_of
from player.sound import select_output
from player.sound.base import Clip, Output
from player.sound.tones import load_tone
from player.speech import (
    Renderer,
    SpeechCache,
    SpeechError,
    make_synthesizer,
    real_duration_of,
)
from player.timeline.compile import Verbosity, compile_timeline, script_texts
from player.timeline.estimate import estimate_duration
from player.timeline.model import Timeline, Tone
from player.timeline.phrases import Phrases, phrases_for

FIRST_CUE_PATIENCE = 10.0  # seconds to wait for the first spoken line before starting anyway


@dataclass
class PreparedSession:
    """A session ready to start at `start_offset`, and what was set up for it."""

    session: Session
    timeline: Timeline
    output: Output
    audio: str  # which output was chosen and why, said once
    start_offset: float = 0.0
    start_step: Step | None = None
    notices: list[str] = field(default_factory=list)
    renderer: Renderer | None = None  # None: tones only
    journal: SessionJournal | None = None  # None: not recorded
    history: History | None = None  # closed by `close`
    _first_text: str | None = None

    def wait_for_first_cue(self, timeout: float = FIRST_CUE_PATIENCE) -> None:
        """Block until the first line to be said is rendered (a warm cache: at once)."""
        if self.renderer is not None and self._first_text is not None:
            # A failure is said by the session when it gets there, and it plays tones.
            with contextlib.suppress(SpeechError):
                self.renderer.wait_for(self._first_text, timeout)

    def close(self) -> None:
        """Stop rendering, write the output (a recording), close the journal."""
        if self.renderer is not None:
            self.renderer.close()
            self.renderer.synthesizer.close()
        try:
            self.output.close()
        finally:
            if self.history is not None:
                self.history.close()


def prepare_session(
    routine: Routine,
    *,
    name: str,
    audio: str = "auto",
    tts: str = "pyttsx3",
    verbosity: str = "full",
    from_exercise: str | None = None,
    resume: bool = False,
    clock: Clock | None = None,
    record_history: bool = True,
) -> PreparedSession:
    """Set up a session of `routine` (whose name, the file stem, is `name`).

    Raises `UsageError` for options that cannot work (`--from` an exercise that is not
    there, `--resume` with nothing to resume, an unknown `--audio`); everything else that
    fails (speech, sound device, journal) becomes a notice and the session plays anyway.
    """
    if from_exercise and resume:
        raise UsageError("--from and --resume do not go together: choose one")
    if from_exercise:
        _check_exercise(routine, from_exercise)
    clock = clock or MonotonicClock()
    notices: list[str] = []
    level = Verbosity(verbosity)
    phrases = phrases_for(routine.language)
    choice = select_output(audio, clock)
    history, resumable = _open_history(name, resume, record_history, notices)
    renderer: Renderer | None = None
    try:
        renderer, duration_of, first_text = _start_speech(routine, level, tts, phrases, notices)
        timeline = compile_timeline(routine, duration_of, verbosity=level)
        tones = _tones(notices)
        journal = None
        steps = steps_of(timeline)
        start = _start_step(steps, from_exercise, resumable, notices)
        if history is not None:
            journal = _start_journal(history, routine, name, timeline, steps, resumable, notices)
    except BaseException:
        if renderer is not None:
            renderer.close()
            renderer.synthesizer.close()
        if history is not None:
            history.close()
        choice.output.close()
        raise

    session = Session(
        timeline,
        clock=clock,
        output=choice.output,
        clips=_clip_source(renderer),
        tones=tones,
        phrases=phrases,
        journal=journal,
        routine=routine,
    )
    return PreparedSession(
        session=session,
        timeline=timeline,
        output=choice.output,
        audio=choice.reason,
        start_offset=start.start if start else 0.0,
        start_step=start,
        notices=notices,
        renderer=renderer,
        journal=journal,
        history=history,
        _first_text=first_text,
    )


def _open_history(
    name: str, resume: bool, record: bool, notices: list[str]
) -> tuple[History | None, Resumable | None]:
    if not record and not resume:
        return None, None
    try:
        history = open_history()
    except HistoryError as error:
        if resume:
            raise UserError(f"cannot resume: {error}") from error
        notices.append(f"{error}; this session plays but is not recorded")
        return None, None
    if history.notice:
        notices.append(history.notice)
    resumable = None
    if resume:
        try:
            resumable = find_resumable(history, name)
        except HistoryError as error:
            history.close()
            raise UserError(f"cannot resume: {error}") from error
        if resumable is None:
            history.close()
            raise UsageError(
                f"nothing to resume: the last session of {name} was not interrupted "
                f"(play it from the start: workout play {name})"
            )
    return history, resumable


def _start_speech(
    routine: Routine,
    level: Verbosity,
    tts: str,
    phrases: Phrases,
    notices: list[str],
) -> tuple[Renderer | None, Callable[[str], float], str | None]:
    """The background renderer (None for tones only), the clip lengths, the first line."""

    def estimate(text: str) -> float:
        return estimate_duration(text, routine.language, routine.voice.rate)

    if level is Verbosity.TONES:
        return None, estimate, None
    try:
        synthesizer = make_synthesizer(tts)
        cache = SpeechCache(synthesizer.engine)
    except SpeechError as error:
        notices.append(f"no speech ({error}): tones instead")
        return None, estimate, None
    texts = script_texts(routine, level) + _on_demand_texts(routine, phrases)
    renderer = Renderer(texts, routine.language, routine.voice, synthesizer, cache).start()
    duration_of = real_duration_of(routine, engine=tts, fallback=estimate)
    return renderer, duration_of, texts[0] if texts else None


def _on_demand_texts(routine: Routine, phrases: Phrases) -> list[str]:
    """Lines the engine may say at any time, rendered after the script."""
    texts = [phrases.get_ready(), *(phrases.count(n) for n in (3, 2, 1))]
    texts += [phrases.last_exercise()]
    for exercise in routine.exercises():
        texts += [phrases.next_up(exercise.name), exercise.position, exercise.instructions]
    return [t for t in texts if t]


def _clip_source(renderer: Renderer | None) -> Callable[[str], Clip | None]:
    """Clips as they get ready; one not ready is asked for first and skipped this time.

    Raises the renderer's `SpeechError` once rendering has failed (the engine then plays
    tones instead, and says so once).
    """
    if renderer is None:
        return lambda text: None
    ready = renderer

    def clip(text: str) -> Clip | None:
        if ready.error is not None:
            raise ready.error
        found = ready.clip(text)
        if found is None:
            ready.wait_for(text, 0)  # moves it to the front of the queue
        return found

    return clip


def _tones(notices: list[str]) -> dict[Tone, Clip]:
    try:
        return {tone: load_tone(tone) for tone in Tone}
    except UserError as error:
        notices.append(f"no tones ({error})")
        return {}


def _start_step(
    steps: tuple[Step, ...],
    from_exercise: str | None,
    resumable: Resumable | None,
    notices: list[str],
) -> Step | None:
    if from_exercise:
        wanted = from_exercise.strip().casefold()
        for step in steps:
            if step.exercise is not None and step.exercise.casefold() == wanted:
                return step
        raise UsageError(f"no exercise {from_exercise!r} in this routine")
    if resumable is not None:
        if resumable.step_count != len(steps):
            notices.append(
                "the routine has changed since the interrupted session; "
                f"going on at step {resumable.next_step + 1} of {len(steps)}"
            )
        index = min(resumable.next_step, len(steps) - 1)
        return steps[index]
    return None


def _check_exercise(routine: Routine, wanted: str) -> None:
    """`--from` names an exercise of the routine (any case), or gets a did-you-mean."""
    names = list(dict.fromkeys(e.name for e in routine.exercises()))
    folded = {n.casefold(): n for n in names}
    if wanted.strip().casefold() in folded:
        return
    close = difflib.get_close_matches(wanted.strip().casefold(), list(folded), n=1, cutoff=0.5)
    hint = f" (did you mean {folded[close[0]]!r}?)" if close else ""
    raise UsageError(
        f"no exercise {wanted!r} in {routine.title!r}{hint}; it has: {', '.join(names)}"
    )


def _start_journal(
    history: History,
    routine: Routine,
    name: str,
    timeline: Timeline,
    steps: tuple[Step, ...],
    resumable: Resumable | None,
    notices: list[str],
) -> SessionJournal | None:
    try:
        return SessionJournal.start(
            history,
            routine=name,
            path=str(routine.path) if routine.path else None,
            title=routine.title,
            language=routine.language,
            planned=timeline.total,
            step_count=len(steps),
            resumes=resumable,
        )
    except HistoryError as error:
        notices.append(f"{error}; this session plays but is not recorded")
        return None


def routine_name(path: Path) -> str:
    """The name a routine is known by in the journal: its file's stem."""
    return path.stem
