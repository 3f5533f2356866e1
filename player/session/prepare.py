"""Everything a session needs before it plays: timeline, speech, sound, journal, where to start.

`prepare_session` is the one way a session is set up — `workout play --no-ui`, the Textual
player and the editor's play-from-here all call it. It loads nothing itself (it takes a
resolved `Routine`), compiles the timeline with the clip lengths the cache knows, starts
rendering speech in the background (first cues first), chooses the output (or takes one
given), opens the journal, and says what it had to give up on as `notices` — one line
each, for the caller to show once. Any part can be injected: `clock`, `output`,
`synthesizer` (tests, benchmarks, the UI's mute).
"""

from __future__ import annotations

import contextlib
import difflib
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
from player.levels import user_levels_of
from player.options import PlayOptions
from player.routine.model import Routine
from player.session.adjust import level_texts
from player.session.checkin import question_texts
from player.session.clock import Clock, MonotonicClock
from player.session.engine import Session
from player.session.journal import JournalWriter
from player.session.speech import BalancedTones, SessionSpeech
from player.session.state import Status
from player.session.steps import SessionStep, steps_of
from player.sound.base import Clip, Output, Playback, SoundError, output_latency
from player.speech import clip_durations
from player.speech.base import SpeechError, Synthesizer
from player.speech.cache import SpeechCache
from player.speech.render import Progress, Renderer
from player.timeline.compile import Verbosity, compile_timeline, script_texts
from player.timeline.model import Timeline, Tone
from player.timeline.phrases import Phrases, phrases_for

FIRST_CUES = 12.0  # seconds of the session whose speech must be ready before it starts
FIRST_CUES_WAIT = 20.0  # the longest to wait for them (a cold cache, a slow machine)
DEFAULT_OPTIONS = PlayOptions()


def _familiar(
    routine: Routine, level: Verbosity, history: History | None, notices: list[str]
) -> frozenset[str]:
    """Under `auto`, the exercises the journal says the user knows well (none without it)."""
    if level is not Verbosity.AUTO or history is None:
        return frozenset()
    from player import paths
    from player.session.familiar import familiar_for

    try:
        return familiar_for(routine, history, paths.user_data_dir())
    except HistoryError as error:
        notices.append(f"every exercise explained in full: {error}")
        return frozenset()


def routine_name(path: Path) -> str:
    """The name a routine is known by in the journal: its file's stem."""
    return path.stem


def resume_command(routine: Routine) -> str:
    """The command that goes on with a stopped session of `routine`, as the user can type it:
    its name when `workout play NAME` finds this very file, else its path."""
    import shlex

    from player.paths import quick_breaks_dir
    from player.routine.find import find_routine

    name = name_of(routine)
    if routine.path is not None and routine.path.parent == quick_breaks_dir():
        return "workout break --resume"
    if routine.path is not None:
        try:
            by_name = find_routine(name).resolve() == routine.path.resolve()
        except (UsageError, OSError):
            by_name = False
        if not by_name:
            return f"workout play {shlex.quote(str(routine.path))} --resume"
    return f"workout play {shlex.quote(name)} --resume"


def name_of(routine: Routine) -> str:
    """The journal's name for `routine`: its file's stem, or the name it was made with."""
    return routine_name(routine.path) if routine.path else routine.name


class _Silence:
    """A playback that has already ended (muted, or no output chosen yet)."""

    def stop(self) -> None:
        pass

    def wait_done(self) -> None:
        pass

    def is_playing(self) -> bool:
        return False


class SessionOutput:
    """The session's output: can be muted, and can be chosen after the session exists
    (probing the sound devices takes a moment a UI spends drawing its first frame)."""

    def __init__(self, inner: Output | None) -> None:
        self.inner = inner
        self.muted = False
        self.name = "session"
        self._sounding: list[Playback] = []

    @property
    def latency(self) -> float:
        return output_latency(self.inner)

    def play(self, clip: Clip, at: float | None = None) -> Playback:
        if self.muted or self.inner is None:
            return _Silence()
        playback = self.inner.play(clip, at)
        self._sounding = [p for p in self._sounding if _playing(p)] + [playback]
        return playback

    def sounding(self) -> bool:
        """Whether anything played here is still sounding (spoken commands wait for quiet)."""
        self._sounding = [p for p in list(self._sounding) if _playing(p)]
        return bool(self._sounding)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()


def _playing(playback: Playback) -> bool:
    try:
        return playback.is_playing()
    except Exception:  # one that cannot say has stopped
        return False


@dataclass
class PreparedSession:
    """A session ready to start at `start_offset`, and what was set up for it."""

    session: Session
    timeline: Timeline
    output: SessionOutput
    audio: str  # which output was chosen and why, said once
    start_offset: float = 0.0
    start_step: SessionStep | None = None
    notices: list[str] = field(default_factory=list)
    speech: SessionSpeech | None = None  # None: tones only
    journal: SessionJournal | None = None  # None: not recorded
    history: History | None = None  # closed by `close`
    silent: bool = False  # nothing will be heard (null, or only a recording)
    synthesizer: Synthesizer | None = None  # closed by `close` when `own_synthesizer`
    own_synthesizer: bool = True
    routine: Routine | None = None
    _audio_spec: str = "auto"
    _clock: Clock | None = None

    @property
    def clock(self) -> Clock:
        return self._clock or MonotonicClock()

    @property
    def language(self) -> str:
        return self.routine.language if self.routine is not None else "en"

    @property
    def renderer(self) -> Renderer | None:
        """The speech renderer of the voice speaking now (None: tones only)."""
        return self.speech.renderer if self.speech is not None else None

    def choose_output(self) -> str | None:
        """Choose the output now if `prepare_session` left it for later (`probe_later`).

        Returns a line to show when nothing will be heard, else None.
        """
        if self.output.inner is None:
            try:
                chosen = _choose(self.output, self._audio_spec, self._clock, self.notices)
            except UsageError as error:  # the screen is open: say it there, play silently
                chosen = _silence(self.output, str(error), self._clock, self.notices)
            self.audio, self.silent = chosen.reason, chosen.silent
        spec = self._audio_spec.strip()
        if self.silent and spec != "null" and not spec.startswith("record:"):
            return self.audio
        return None

    def first_texts(self, window: float = FIRST_CUES) -> list[str]:
        """The lines said in the first `window` seconds from where the session starts."""
        start = self.start_offset
        return [c.text for c in self.timeline.cues if c.text and start <= c.at <= start + window]

    def wait_for_first_cues(self, timeout: float = FIRST_CUES_WAIT) -> None:
        """Block until the lines of the first seconds are rendered (a warm cache: at once),
        so the session starts on time and whole. A failure is said when it gets there."""
        if self.speech is not None:
            self.speech.wait_for(self.first_texts(), timeout)
            self.speech.balance()  # settled here, not in the way of the first cue

    def say_now(self, text: str, wait: float = 3.0) -> None:
        """Say one line outside the timeline (a check-in question), waiting up to `wait`
        seconds for it to render; silence when there is no speech."""
        if self.speech is None:
            return
        try:
            self.speech.renderer.wait_for(text, wait)
            clip = self.speech.clip(text)
            if clip is not None:
                self.output.play(clip)
        except (SpeechError, SoundError, OSError):
            pass  # a check-in is shown as well as said

    def close(self) -> None:
        """Stop rendering, write the output (a recording), close the journal."""
        if self.speech is not None:
            self.speech.close()
        if self.synthesizer is not None and self.own_synthesizer:
            with contextlib.suppress(Exception):
                self.synthesizer.close()
        try:
            _record_whole(self)
            self.output.close()
        finally:
            if self.history is not None:
                self.history.close()


def _record_whole(prepared: PreparedSession) -> None:
    """A recording of a session played to its end is as long as the session was."""
    from player.sound.record import RecordOutput

    recorder = prepared.output.inner
    session = prepared.session
    if isinstance(recorder, RecordOutput) and session.status is Status.FINISHED:
        started, ended = session.started_at, session.ended_at
        if started is not None and ended is not None:
            recorder.length = max(recorder.length, ended - started)


def prepare_session(
    routine: Routine,
    *,
    name: str,
    options: PlayOptions = DEFAULT_OPTIONS,
    from_exercise: str | None = None,
    resume: bool = False,
    clock: Clock | None = None,
    record_history: bool = True,
    output: Output | None = None,
    synthesizer: Synthesizer | None = None,
    probe_later: bool = False,
    progress: Progress | None = None,
    listening: bool = False,
    pain_before: int | None = None,
) -> PreparedSession:
    """Set up a session of `routine` (whose name, the file stem, is `name`).

    `options` say how it sounds (parsed once, `player.options`); `output` and `synthesizer`
    replace the ones `options.audio` and `options.tts` name (the caller closes
    an injected synthesizer). With `probe_later`, the output is chosen (and `auto` probed)
    by `PreparedSession.choose_output()`, so a UI can do it off its event loop; a bad
    `--audio` then becomes a notice, and the session is silent until then.
    `progress(done, total)` follows speech rendering. `listening`: spoken commands are on,
    and the prompts say so. `pain_before`: the check-in before this session (0-10), asked
    before preparing it, so that a back worse than usual steps back today's dose.

    Raises `UsageError` for options that cannot work (`--from` an exercise that is not
    there, `--resume` with nothing to resume, an unknown `--audio`); everything else that
    fails (speech, sound device, journal) becomes a notice and the session plays anyway.
    """
    if from_exercise and resume:
        raise UsageError("--from and --resume do not go together: choose one")
    routine = user_levels_of(routine)  # each library exercise at the user's level
    start_name = exercise_named(routine, from_exercise) if from_exercise else None
    level, audio = options.verbosity, options.audio
    clock = clock or MonotonicClock()
    notices: list[str] = []
    phrases = phrases_for(routine.language)
    slot = SessionOutput(output)
    chosen = _Chosen(f"{output.name}: given" if output is not None else "not chosen yet")
    history: History | None = None
    speech: SessionSpeech | None = None
    own_synthesizer = synthesizer is None
    probing: _Probing | None = None
    try:
        if output is None and not probe_later:
            # Probed beside the rest (it plays 20 ms of silence and waits for the device).
            probing = _Probing(slot, audio, clock, notices)
        history, resumable = _open_history(name, resume, record_history, notices)
        if routine.progression is not None and history is not None and resumable is None:
            routine = _progressed(routine, name, history, notices, pain_before)
        if synthesizer is None:
            synthesizer = _synthesizer(options.tts, notices)
        cache = _speech_cache(synthesizer, notices)
        familiar = _familiar(routine, level, history, notices)
        timeline = compile_timeline(
            routine,
            clip_durations(routine, cache),
            verbosity=level,
            familiar=familiar,
            listening=listening,
        )
        steps = steps_of(timeline)
        start = _start_step(steps, start_name, resumable, notices)
        journal = None
        if history is not None:
            journal = _start_journal(history, routine, name, timeline, steps, resumable, notices)
        if cache is not None and synthesizer is not None:
            # After compiling: the timeline is timed by what the cache held before.
            texts = script_texts(routine, level, familiar, listening=listening)
            texts += _on_demand_texts(routine, phrases)
            speech = SessionSpeech(
                routine,
                timeline,
                level,
                synthesizer,
                cache,
                texts,
                progress=progress,
                listening=listening,
            )
        session = Session(
            timeline,
            clock=clock,
            output=slot,
            clips=speech.clip if speech else _no_speech,
            tones=BalancedTones(_tones(notices), speech),
            phrases=phrases,
            routine=routine,
            tones_only=speech is None,
        )
        if journal is not None:
            session.subscribe(JournalWriter(journal))
        if probing is not None:
            chosen = probing.chosen()
    except BaseException:
        if probing is not None:
            probing.join()  # the slot is closed once the probe let go of it
        if speech is not None:
            speech.close()
        if synthesizer is not None and own_synthesizer:
            synthesizer.close()
        if history is not None:
            history.close()
        slot.close()
        raise
    return PreparedSession(
        session=session,
        timeline=timeline,
        output=slot,
        audio=chosen.reason,
        start_offset=start.start if start else 0.0,
        start_step=start,
        notices=notices,
        speech=speech,
        journal=journal,
        history=history,
        silent=chosen.silent,
        synthesizer=synthesizer,
        own_synthesizer=own_synthesizer,
        routine=routine,
        _audio_spec=audio,
        _clock=clock,
    )


def check_start(
    routine: Routine, from_exercise: str | None, resume: bool, audio: str = "auto"
) -> None:
    """Raise `UsageError` unless a session can start where the options say (for a UI that
    wants to say so before its screen opens)."""
    from player.sound import parse_spec

    parse_spec(audio)
    if from_exercise and resume:
        raise UsageError("--from and --resume do not go together: choose one")
    if from_exercise:
        exercise_named(routine, from_exercise)
    if resume:
        history, _ = _open_history(name_of(routine), resume=True, record=False, notices=[])
        if history is not None:
            history.close()


def _no_speech(text: str) -> Clip | None:
    return None


@dataclass(frozen=True, slots=True)
class _Chosen:
    reason: str
    silent: bool = False


def _choose(slot: SessionOutput, audio: str, clock: Clock | None, notices: list[str]) -> _Chosen:
    """Put the output `audio` names into `slot`; a device that does not work means silence."""
    from player.sound import select_output

    try:
        choice = select_output(audio, clock)  # a bad spec is a UsageError: it goes up
    except SoundError as error:
        return _silence(slot, str(error), clock, notices)
    slot.inner = choice.output
    return _Chosen(choice.reason, choice.silent)


class _Probing:
    """`_choose` in a thread of its own, so probing the device overlaps the preparing; a bad
    spec is still a `UsageError` at once (checked before the thread starts)."""

    def __init__(
        self, slot: SessionOutput, audio: str, clock: Clock | None, notices: list[str]
    ) -> None:
        import threading

        from player.sound import parse_spec

        parse_spec(audio)
        self._result: _Chosen | BaseException | None = None

        def probe() -> None:
            try:
                self._result = _choose(slot, audio, clock, notices)
            except BaseException as error:  # said where `chosen` is asked for
                self._result = error

        self._thread = threading.Thread(target=probe, name="probe-output", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._thread.join()

    def chosen(self) -> _Chosen:
        self._thread.join()
        if isinstance(self._result, BaseException):
            raise self._result
        assert self._result is not None
        return self._result


def _silence(slot: SessionOutput, why: str, clock: Clock | None, notices: list[str]) -> _Chosen:
    from player.sound.null import NullOutput

    slot.inner = NullOutput(clock)
    return _Chosen(
        f"no sound ({why}), so the session plays silently; `workout doctor` says more",
        silent=True,
    )


def _synthesizer(tts: str, notices: list[str]) -> Synthesizer | None:
    from player.speech import make_synthesizer

    try:
        return make_synthesizer(tts)
    except SpeechError as error:
        notices.append(f"no speech ({error}): tones instead")
        return None


def _speech_cache(synthesizer: Synthesizer | None, notices: list[str]) -> SpeechCache | None:
    if synthesizer is None:
        return None
    try:
        return SpeechCache(synthesizer.engine)
    except (SpeechError, OSError) as error:
        notices.append(f"no speech ({error}): tones instead")
        return None


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


def _progressed(
    routine: Routine,
    name: str,
    history: History,
    notices: list[str],
    pain_before: int | None = None,
) -> Routine:
    """Today's dose from the past sessions, their traffic lights and today's pain before
    (`player.progression`), with what changed said in the intro; as written when the journal
    cannot say."""
    from player.history.checkins import past_sessions
    from player.progression import plan
    from player.routine.library import load_library

    try:
        past = past_sessions(history, name)
        return plan(routine, past, load_library(), pain_today=pain_before).routine
    except UserError as error:
        notices.append(f"{error}; today's dose is as written")
        return routine


def _on_demand_texts(routine: Routine, phrases: Phrases) -> list[str]:
    """Lines the engine may say at any time, rendered after the script."""
    texts = [phrases.get_ready(), *(phrases.count(n) for n in (3, 2, 1))]
    texts += [phrases.last_exercise(), *level_texts(routine.language)]
    texts += question_texts(routine.language)
    for exercise in routine.exercises():
        texts += [phrases.next_up(exercise.name), exercise.position, exercise.instructions]
    return [t for t in texts if t]


def _tones(notices: list[str]) -> dict[Tone, Clip]:
    from player.sound.tones import load_tone

    try:
        return {tone: load_tone(tone) for tone in Tone}
    except UserError as error:
        notices.append(f"no tones ({error})")
        return {}


def _start_step(
    steps: tuple[SessionStep, ...],
    exercise: str | None,
    resumable: Resumable | None,
    notices: list[str],
) -> SessionStep | None:
    if exercise:
        return next(s for s in steps if s.exercise == exercise)
    if resumable is not None:
        if resumable.step_count != len(steps):
            notices.append(
                "the routine has changed since the interrupted session; "
                f"going on at step {resumable.next_step + 1} of {len(steps)}"
            )
        index = min(resumable.next_step, len(steps) - 1)
        return steps[index]
    return None


def exercise_named(routine: Routine, wanted: str) -> str:
    """The exercise `--from` names: its name in any case, or the start of exactly one name;
    a `UsageError` with a did-you-mean otherwise."""
    names = list(dict.fromkeys(e.name for e in routine.exercises()))
    folded = {n.casefold(): n for n in names}
    key = wanted.strip().casefold()
    if key in folded:
        return folded[key]
    starting = [n for n in names if n.casefold().startswith(key)] if key else []
    if len(starting) == 1:
        return starting[0]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.5)
    hint = f" (did you mean {folded[close[0]]!r}?)" if close else ""
    raise UsageError(
        f"no exercise {wanted!r} in {routine.title!r}{hint}; it has: {', '.join(names)}"
    )


def _start_journal(
    history: History,
    routine: Routine,
    name: str,
    timeline: Timeline,
    steps: tuple[SessionStep, ...],
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
