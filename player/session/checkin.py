"""Check-ins: "How is your back today, 0 to 10?" before a session; the same and "How hard
was that?" after it. One key answers (0-9, `t` for ten), Enter skips, and no answer within
`ANSWER_SECONDS` on the session's clock skips too: nothing ever holds up a session.

`ask` is the one loop both the console and the Textual player use; the questions are data;
`record_answers` stores them through the history's check-in API; `checkins_enabled` reads
the `session.checkins` setting (`player.settings`; on by default).

The check-in before is asked before the session is prepared: its answer sets today's dose
(`player.progression`: a back worse than before last time steps today's dose back).

Optionally (`session.ratings`) "How hard was that?" after each exercise's last set:
`ExerciseRatings` follows the session's `StepFinished` events and asks while the session
goes on — said in the first quiet moment of the rest (`rating_offset`), shown for
`ANSWER_SECONDS`, answered by the same keys. The session never waits for it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from player.history import History, HistoryError
from player.history.checkins import Moment, record_checkin, record_rating
from player.session.clock import Clock
from player.session.steps import SessionStep
from player.timeline.model import Timeline

ANSWER_SECONDS = 10.0
TEN = "t"  # the key for 10
SKIP_KEYS = frozenset({"\n", "\r", "enter"})


class Scale(StrEnum):
    PAIN = "pain"
    EFFORT = "effort"


@dataclass(frozen=True, slots=True)
class Question:
    """One check-in question."""

    moment: Moment
    scale: Scale
    text: str  # said and shown
    hint: str  # the keys, shown


_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "pain": "How is your back today, 0 to 10?",
        "effort": "How hard was that, 0 to 10?",
        "hint": "0 to 9, t for 10, Enter to skip",
        "thanks": "Thank you.",
        "rated": "{name}: {value} of 10",
    },
    "de": {
        "pain": "Wie geht es deinem Rücken heute, von 0 bis 10?",
        "effort": "Wie anstrengend war das, von 0 bis 10?",
        "hint": "0 bis 9, t für 10, Enter überspringt",
        "thanks": "Danke.",
        "rated": "{name}: {value} von 10",
    },
}


def _text(language: str) -> dict[str, str]:
    return _TEXT.get(language.split("-")[0].lower(), _TEXT["en"])


def questions(language: str, moment: Moment) -> tuple[Question, ...]:
    """Before: pain. After: pain, then effort."""
    text = _text(language)
    pain = Question(moment, Scale.PAIN, text["pain"], text["hint"])
    if moment is Moment.BEFORE:
        return (pain,)
    return (pain, Question(moment, Scale.EFFORT, text["effort"], text["hint"]))


def question_texts(language: str) -> list[str]:
    """Every line the check-ins say (rendered ahead with the session's speech)."""
    text = _text(language)
    return [text["pain"], text["effort"]]


def value_of(key: str) -> int | None:
    """The answer a key gives: 0-9, or 10 for `t`; None for any other key."""
    if len(key) == 1 and key.isdigit():
        return int(key)
    return 10 if key.lower() == TEN else None


ReadKey = Callable[[float], str | None]  # wait up to n seconds for a key; None if none came
Say = Callable[[Question], object]  # show and speak a question


def ask(
    question: Question,
    read_key: ReadKey,
    clock: Clock,
    say: Say | None = None,
    seconds: float = ANSWER_SECONDS,
) -> int | None:
    """Say `question` and wait for one key: its value, or None when skipped (Enter) or
    unanswered for `seconds` on `clock`. Other keys are ignored."""
    if say is not None:
        say(question)
    deadline = clock.now() + seconds
    while (left := deadline - clock.now()) > 0:
        key = read_key(left)
        if key is None:
            continue
        if key.lower() in SKIP_KEYS:
            return None
        value = value_of(key)
        if value is not None:
            return value
    return None


@dataclass(frozen=True, slots=True)
class Answers:
    """The answers of one moment (None: skipped)."""

    moment: Moment
    pain: int | None = None
    effort: int | None = None

    @property
    def empty(self) -> bool:
        return self.pain is None and self.effort is None


def ask_all(
    language: str,
    moment: Moment,
    read_key: ReadKey,
    clock: Clock,
    say: Say | None = None,
) -> Answers:
    """Every question of `moment`, one after the other."""
    values: dict[Scale, int | None] = {}
    for question in questions(language, moment):
        values[question.scale] = ask(question, read_key, clock, say)
    return Answers(moment, values.get(Scale.PAIN), values.get(Scale.EFFORT))


def record_answers(history: History, session_id: int, answers: Answers) -> str | None:
    """Store the answers (nothing when all were skipped); a journal that cannot be
    written is said in the returned line, never raised."""
    if answers.empty:
        return None
    try:
        record_checkin(
            history, session_id, answers.moment, pain=answers.pain, effort=answers.effort
        )
    except HistoryError as error:
        return f"the check-in was not recorded: {error}"
    return None


def thanks(language: str) -> str:
    return _text(language)["thanks"]


def checkins_enabled() -> bool:
    """`session.checkins` in the settings (`player.settings`); on when the settings file
    cannot be read or has a mistake (a broken file must not hide them)."""
    from player.settings import SettingsError, load

    try:
        return load().session.checkins
    except SettingsError:
        return True


def ratings_enabled() -> bool:
    """`session.ratings` in the settings: off by default, and off when the settings file
    cannot be read (a question nobody asked for is not asked)."""
    from player.settings import SettingsError, load

    try:
        settings = load().session
    except SettingsError:
        return False
    return settings.ratings and settings.checkins


def rating_question(language: str) -> Question:
    """ "How hard was that, 0 to 10?", after an exercise's last set."""
    text = _text(language)
    return Question(Moment.AFTER, Scale.EFFORT, text["effort"], text["hint"])


GAP = 0.3  # seconds of quiet kept around the question


def rating_offset(timeline: Timeline, work_end: float, length: float) -> float:
    """Where in the timeline the rating question after work ending at `work_end` is said: in
    the first quiet stretch of the rest that holds `length` seconds (between the lines and
    tones of the timeline, within `ANSWER_SECONDS` of the end of the work); when there is
    none, right after the first line said as the work ends ("Rest", "Stop") — the timeline's
    next line then cuts it short, as it does any line said on demand."""
    window_end = work_end + ANSWER_SECONDS
    quiet = work_end  # from here on nothing sounds, as far as the cues looked at say
    first_end: float | None = None
    for cue in sorted((c for c in timeline.cues if c.end > work_end), key=lambda c: c.at):
        if quiet + GAP >= window_end:
            break
        if cue.at - quiet >= length + 2 * GAP:
            return quiet + GAP
        quiet = max(quiet, cue.end)
        if first_end is None and cue.text is not None:
            first_end = cue.end
    else:
        if quiet + GAP < window_end:  # quiet from here to the end of the session
            return quiet + GAP
    return (first_end if first_end is not None else work_end) + GAP


@dataclass(slots=True)
class _Pending:
    step: SessionStep
    say_at: float  # timeline offset
    deadline: float  # clock time
    said: bool = False


RecordRating = Callable[[SessionStep, int], str | None]  # store it; a problem line, or None


class ExerciseRatings:
    """The rating after each exercise's last set, for one session (see the module docstring).

    The front end calls `step_finished` on a `StepFinished` (from the session's thread),
    `due(offset)` now and then to learn when to say the question, and `key(key)` with each
    key while `pending()`: a number or Enter is taken (True), any other key is the player's.
    Thread-safe. The last exercise is not rated: the session's own "How hard was that?"
    follows a moment later.
    """

    def __init__(
        self,
        language: str,
        timeline: Timeline,
        steps: tuple[SessionStep, ...],
        clock: Clock,
        record: RecordRating,
        duration_of: Callable[[str], float] | None = None,
    ) -> None:
        self.question = rating_question(language)
        self.language = language
        self.timeline = timeline
        self.clock = clock
        self.record = record
        self._length = (duration_of or (lambda text: 0.08 * len(text)))(self.question.text)
        exercises = [s.index for s in steps if s.exercise is not None]
        self._last_exercise = exercises[-1] if exercises else None
        self._pending: _Pending | None = None
        self._lock = threading.Lock()

    def step_finished(self, step: SessionStep) -> bool:
        """An exercise's last set is done: start asking (True), unless it is not an exercise
        or the last one."""
        if step.exercise is None or step.index == self._last_exercise:
            return False
        with self._lock:
            self._pending = _Pending(
                step,
                rating_offset(self.timeline, step.work_end, self._length),
                self.clock.now() + ANSWER_SECONDS,
            )
        return True

    def pending(self) -> SessionStep | None:
        """The step being rated, None when nothing is asked (answered, skipped, timed out)."""
        with self._lock:
            if self._pending is not None and self.clock.now() >= self._pending.deadline:
                self._pending = None
            return self._pending.step if self._pending else None

    def seconds_left(self) -> float:
        with self._lock:
            if self._pending is None:
                return 0.0
            return max(0.0, self._pending.deadline - self.clock.now())

    def due(self, offset: float) -> bool:
        """Whether the question is to be said now (once), the session being at `offset`."""
        if self.pending() is None:
            return False
        with self._lock:
            pending = self._pending
            if pending is None or pending.said or offset < pending.say_at:
                return False
            pending.said = True
            return True

    def key(self, key: str) -> tuple[bool, str | None]:
        """Give `key` to the question if one is asked: (taken, the line to show). A number
        records the rating; Enter skips; other keys are not taken."""
        step = self.pending()
        if step is None:
            return False, None
        if key.lower() in SKIP_KEYS:
            self.skip()
            return True, None
        value = value_of(key)
        if value is None:
            return False, None
        return True, self.answer(value)

    def answer(self, value: int) -> str:
        """Record `value` for the exercise asked about; the line that says so (or why not)."""
        with self._lock:
            pending, self._pending = self._pending, None
        if pending is None:
            return ""
        problem = self.record(pending.step, value)
        if problem is not None:
            return problem
        return _text(self.language)["rated"].format(name=pending.step.exercise, value=value)

    def skip(self) -> None:
        with self._lock:
            self._pending = None


def rating_recorder(history: History, session_id: int) -> RecordRating:
    """Store a rating of a step of `session_id`; a journal that cannot be written is said
    in the returned line, never raised."""

    def record(step: SessionStep, value: int) -> str | None:
        try:
            record_rating(history, session_id, step.index, step.exercise or "", value)
        except HistoryError as error:
            return f"the rating was not recorded: {error}"
        return None

    return record
