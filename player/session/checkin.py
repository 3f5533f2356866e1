"""Check-ins: "How is your back today, 0 to 10?" before a session; the same and "How hard
was that?" after it. One key answers (0-9, `t` for ten), Enter skips, and no answer within
`ANSWER_SECONDS` on the session's clock skips too: nothing ever holds up a session.

`ask` is the one loop both the console and the Textual player use; the questions are data;
`record_answers` stores them through the history's check-in API; `checkins_enabled` reads
the `session.checkins` setting (`player.settings`; on by default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from player.history import History, HistoryError
from player.history.checkins import Moment, record_checkin
from player.session.clock import Clock

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
    },
    "de": {
        "pain": "Wie geht es deinem Rücken heute, von 0 bis 10?",
        "effort": "Wie anstrengend war das, von 0 bis 10?",
        "hint": "0 bis 9, t für 10, Enter überspringt",
        "thanks": "Danke.",
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
