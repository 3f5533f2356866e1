"""The console player (`workout play --no-ui`, `workout break --no-ui`): hands-free play in any
terminal (or pipe), one line per step, single keys when interactive. A front end beside
`player.tui`, started the one way every front end starts a session (`player.session.start`).
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TextIO

from player.errors import EXIT_INTERRUPTED, ending_signals_interrupt
from player.history.checkins import Moment
from player.i18n import N_, _, ngettext
from player.routine.durations import format_clock
from player.safety import confirmed, red_flags_text
from player.session import events as ev
from player.session.checkin import (
    Answers,
    ExerciseRatings,
    Question,
    ask_all,
    checkins_enabled,
    record_answers,
)
from player.session.clock import Clock, MonotonicClock
from player.session.engine import Session
from player.session.prepare import PreparedSession
from player.session.start import StartedSession, exercise_ratings
from player.session.steps import SessionStep

# Single keys and the session commands they give.
KEYS: dict[str, str] = {
    " ": "toggle_pause",
    "n": "next",
    "p": "previous",
    "r": "repeat",
    "t": "say_time_left",
    "w": "say_next",
    "d": "done",
    "q": "stop",
}
LEVEL_KEYS: dict[str, int] = {"e": -1, "h": 1}  # the exercise under way easier, harder
KEY_HELP = N_(
    "keys: space pause/resume · n next · p previous · r repeat · t time left · "
    "w what's next · d done · e easier · h harder · q quit"
)
SIGNAL_CHECK = 0.5  # seconds: how often the key loop looks for a signal to act on
RATING_CHECK = 0.1  # ... and for the quiet moment to ask a rating in


class ConsoleLines:
    """Turns session events into the console's lines (one per step, and a few more)."""

    def __init__(
        self, session: Session, out: TextIO, *, name: str, title: str, resume: str = ""
    ) -> None:
        self.session = session
        self.out = out
        self.name = name
        self.resume = resume or f"workout play {name} --resume"
        self.title = title
        self.exercises_done = 0
        self.over = threading.Event()
        self._lock = threading.Lock()

    def say(self, text: str) -> None:
        with self._lock:
            try:
                print(text, file=self.out, flush=True)
            except BrokenPipeError:
                # The reader left (`| head -1`): the session is heard, not read, so it
                # plays on; what would have been printed goes nowhere from now on.
                devnull = os.open(os.devnull, os.O_WRONLY)
                with contextlib.suppress(OSError, ValueError):
                    os.dup2(devnull, self.out.fileno())
                os.close(devnull)

    def step_line(self, step: SessionStep) -> str:
        count = len(self.session.steps)
        where = f"[{format_clock(step.start)}] {step.index + 1}/{count}"
        if step.kind == "intro":
            what = self.title
        elif step.kind == "outro":
            what = _("Finish")
        else:
            what = f"{step.section}: {step.exercise}" if step.section else f"{step.exercise}"
        return f"{where}  {what}"

    def __call__(self, events: list[ev.Event]) -> None:
        for event in events:
            line = self._line(event)
            if line is not None:
                self.say(line)
            if isinstance(event, ev.Finished | ev.Stopped):
                self.over.set()

    def _line(self, event: ev.Event) -> str | None:
        if isinstance(event, ev.StepStarted):
            return self.step_line(event.step)
        if isinstance(event, ev.StepFinished):
            if event.step.exercise is not None:
                self.exercises_done += 1
            return None
        if isinstance(event, ev.CueFired) and event.on_demand and event.cue.text:
            return f"      » {event.cue.text}"
        if isinstance(event, ev.Warning):
            return f"  ! {event.text}"
        if isinstance(event, ev.Paused):
            return "  " + _("paused at {time} (space goes on)").format(
                time=format_clock(event.offset)
            )
        if isinstance(event, ev.Resumed):
            return "  " + _("going on")
        if isinstance(event, ev.Jumped) and self.session.state().paused:
            return "  → " + _("{step} (paused)").format(step=self.step_line(event.step))
        if isinstance(event, ev.Finished):
            return _("Finished: {time} played, {exercises}.").format(
                time=format_clock(event.elapsed), exercises=self._exercises()
            )
        if isinstance(event, ev.Stopped):
            return _("Stopped after {time}: {exercises} done. Go on later with: {command}").format(
                time=format_clock(event.elapsed),
                exercises=self._exercises(),
                command=self.resume,
            )
        return None

    def _exercises(self) -> str:
        n = self.exercises_done
        return ngettext("{n} exercise", "{n} exercises", n).format(n=n)


@contextlib.contextmanager
def single_keys(stream: TextIO) -> Iterator[bool]:
    """Cbreak mode on a terminal (keys arrive one by one, not echoed), restored on every way
    out. Yields whether keys can be read at all."""
    if not stream.isatty():
        yield False
        return
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield True
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def play_in_console(
    started: StartedSession,
    *,
    title: str,
    out: TextIO | None = None,
    keys: TextIO | None = None,
    resume: str = "",
    before: Answers | None = None,
) -> int:
    """Play `started` (`start_session`) to the end (or until quit); return the exit code.
    `resume` is the command that goes on after a stop (`workout play NAME --resume` by
    default); its companion (media keys, spoken commands) gives commands beside the keys.
    `before`: the check-in before, already asked (`ask_before_session`), recorded here;
    without it, it is asked here."""
    out = out or sys.stdout
    keys = keys or sys.stdin
    prepared = started.prepared
    session = started.session
    lines = ConsoleLines(session, out, name=started.name, title=title, resume=resume)
    total = prepared.timeline.total
    steps = ngettext("{n} step", "{n} steps", len(session.steps)).format(n=len(session.steps))
    lines.say(f"{title} · {format_clock(total)} · {steps}")
    lines.say(_("sound: {what}").format(what=_(prepared.audio)))
    if not confirmed():  # first run: the red flags, once the screen would have shown them
        lines.say(red_flags_text(prepared.language))
        lines.say(_("(`workout safety --confirm` says you have read this; it is not shown again)"))
    for notice in prepared.notices:
        lines.say(f"  ! {notice}")
    if prepared.start_step is not None and prepared.start_offset > 0:
        step = prepared.start_step
        lines.say(
            _("starting at step {n}: {what}").format(
                n=step.index + 1, what=step.exercise or step.kind
            )
        )

    wake_read, wake_write = os.pipe()
    ratings = _ratings(prepared, keys)

    def on_events(events: list[ev.Event]) -> None:
        lines(events)
        if ratings is not None:
            for event in events:
                if isinstance(event, ev.StepFinished) and ratings.step_finished(event.step):
                    question = ratings.question
                    lines.say(f"  ? {question.text} ({question.hint})")
        if lines.over.is_set():
            with contextlib.suppress(OSError):
                os.write(wake_write, b".")

    runner = started.runner
    interrupted = playing = False
    try:
        with ending_signals_interrupt(), single_keys(keys) as interactive:
            checkin = _checkins(prepared, lines, keys) if interactive else None
            if before is not None:
                _record_checkin(prepared, lines, before)
            elif checkin is not None:
                checkin(Moment.BEFORE)
            if interactive:
                lines.say(_(KEY_HELP))
            try:  # from before the start: a signal right after it must still stop the session
                playing = started.play(on_events, lines.say)
                if playing:
                    _read_keys(
                        session,
                        keys if interactive else None,
                        wake_read,
                        prepared.language,
                        ratings if interactive else None,
                        lines.say,
                    )
            except KeyboardInterrupt:
                interrupted = True
                session.stop()
            if playing:
                runner.join(5.0)
            if checkin is not None and not interrupted and lines.over.is_set():
                checkin(Moment.AFTER)
    finally:
        started.close(drain=not interrupted)
        os.close(wake_read)
        os.close(wake_write)
    if runner.error is not None:
        raise runner.error
    if prepared.journal is not None and lines.over.is_set():
        lines.say(prepared.journal.outcome(lines.exercises_done))
    return EXIT_INTERRUPTED if interrupted else 0


def _checkins(
    prepared: PreparedSession, lines: ConsoleLines, keys: TextIO
) -> Callable[[Moment], None] | None:
    """The check-in of a moment, asked in the console and stored in the journal; None when
    check-ins are off or the session is not recorded."""
    journal = prepared.journal
    if journal is None or not checkins_enabled():
        return None
    language = prepared.language
    read_key = _key_reader(keys)

    def say(question: Question) -> None:
        lines.say(f"  ? {question.text} ({question.hint})")
        prepared.say_now(question.text)

    def checkin(moment: Moment) -> None:
        _record_checkin(prepared, lines, ask_all(language, moment, read_key, prepared.clock, say))

    return checkin


def _record_checkin(prepared: PreparedSession, lines: ConsoleLines, answers: Answers) -> None:
    """Record the answers of a check-in in the session's journal and say what was kept."""
    journal = prepared.journal
    if journal is None:
        return
    problem = record_answers(journal.history, journal.session_id, answers)
    if problem is not None:
        lines.say(f"  ! {problem}")
    elif not answers.empty:
        given = (("pain", answers.pain), ("effort", answers.effort))
        lines.say("  check-in: " + ", ".join(f"{k} {v}" for k, v in given if v is not None))


def _key_reader(keys: TextIO) -> Callable[[float], str | None]:
    """Wait up to n seconds for one key of `keys` (None: none came; Enter when it closed)."""

    def read_key(seconds: float) -> str | None:
        ready, _, _ = select.select([keys.fileno()], [], [], seconds)
        if not ready:
            return None
        return os.read(keys.fileno(), 1).decode(errors="replace") or "\n"

    return read_key


def ask_before_session(
    language: str,
    *,
    tts: str = "pyttsx3",
    audio: str = "auto",
    keys: TextIO | None = None,
    out: TextIO | None = None,
    clock: Clock | None = None,
) -> Answers | None:
    """The check-in before a session, asked before it is prepared (its answer sets today's
    dose): shown, spoken (rendered on its own, cut short by the answer), one key. None when
    check-ins are off or keys cannot be read (a pipe)."""
    from player.session.aloud import say_aloud

    keys = keys or sys.stdin
    out = out or sys.stdout
    if not checkins_enabled():
        return None
    with single_keys(keys) as interactive:
        if not interactive:
            return None
        speaking: list[threading.Event] = []

        def say(question: Question) -> None:
            for earlier in speaking:
                earlier.set()
            stop = threading.Event()
            speaking.append(stop)
            print(f"  ? {question.text} ({question.hint})", file=out, flush=True)
            threading.Thread(
                target=say_aloud,
                args=([question.text], language),
                kwargs={"tts": tts, "audio": audio, "stop": stop},
                daemon=True,
                name="check-in speech",
            ).start()

        try:
            return ask_all(
                language, Moment.BEFORE, _key_reader(keys), clock or MonotonicClock(), say
            )
        finally:
            for stop in speaking:
                stop.set()


def _ratings(prepared: PreparedSession, keys: TextIO) -> ExerciseRatings | None:
    """The ratings after each exercise (`session.ratings`), when they can be kept and asked
    (a key can answer)."""
    return exercise_ratings(prepared) if keys.isatty() else None


def _read_keys(
    session: Session,
    keys: TextIO | None,
    wake: int,
    language: str,
    ratings: ExerciseRatings | None = None,
    say: Callable[[str], None] | None = None,
) -> None:
    """Until the session is over: wait for a key (or just for the end) and give its command.
    While a rating after an exercise is asked, numbers and Enter answer it (`t` is ten)."""
    sources: list[int] = [wake]
    if keys is not None:
        sources.append(keys.fileno())
    while True:
        # A timeout only so that Ctrl-C is noticed even when the signal reached another
        # thread (the main thread is then not woken by it), and the rating question said in
        # its quiet moment; nothing is counted here.
        wait = RATING_CHECK if ratings is not None and ratings.pending() else SIGNAL_CHECK
        ready, _, _ = select.select(sources, [], [], wait)
        if wake in ready:
            return
        if ratings is not None and ratings.due(session.state().offset):
            session.say([ratings.question.text])
        if keys is None or not ready:
            continue
        key = os.read(keys.fileno(), 1).decode(errors="replace").lower()
        if not key:  # the terminal went away
            session.stop()
            return
        if ratings is not None:
            taken, line = ratings.key(key)
            if taken:
                if line and say is not None:
                    say(f"  {line}")
                continue
        command = KEYS.get(key)
        if command is not None:
            getattr(session, command)()
        elif key in LEVEL_KEYS:
            from player.session.adjust import change_current_level

            change_current_level(session, LEVEL_KEYS[key], language)
