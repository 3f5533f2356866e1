"""The check-in over the player: one question at a time, one key answers, never blocking;
and the rating after an exercise, asked over the player while the session goes on."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Static

from player.history.checkins import Moment
from player.session.checkin import (
    ANSWER_SECONDS,
    SKIP_KEYS,
    Answers,
    ExerciseRatings,
    Question,
    Scale,
    value_of,
)
from player.session.clock import Clock


class CheckinScreen(ModalScreen[Answers]):
    """Asks `questions` in turn: 0-9 or t answers, Enter skips, `ANSWER_SECONDS` on `clock`
    without an answer skips. Dismissed with the answers."""

    def __init__(
        self,
        moment: Moment,
        questions: Sequence[Question],
        clock: Clock,
        say: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__()
        self.moment = moment
        self.questions = list(questions)
        self.clock = clock
        self.say = say
        self.answers: dict[Scale, int | None] = {}
        self.index = 0
        self.deadline = 0.0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin"):
            yield Static("", id="checkin-question")
            yield Static("", id="checkin-hint")

    def on_mount(self) -> None:
        self._timer = self.set_interval(0.2, self.tick)  # repaints; time is the clock's
        self._show()

    def _show(self) -> None:
        question = self.questions[self.index]
        self.deadline = self.clock.now() + ANSWER_SECONDS
        self.query_one("#checkin-question", Static).update(question.text)
        self.tick()
        if self.say is not None:
            self._speak(self.say, question.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="checkin-speech")
    def _speak(self, say: Callable[[str], object], text: str) -> None:
        say(text)

    def tick(self) -> None:
        """Repaint the seconds left; skip the question when they are up."""
        left = self.deadline - self.clock.now()
        if left <= 0:
            self.answer(None)
            return
        hint = self.questions[self.index].hint
        self.query_one("#checkin-hint", Static).update(f"{hint} · {left:.0f} s")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        if event.key in SKIP_KEYS:
            self.answer(None)
            return
        value = value_of(event.character or "")
        if value is not None:
            self.answer(value)

    def answer(self, value: int | None) -> None:
        if self.index >= len(self.questions):
            return
        self.answers[self.questions[self.index].scale] = value
        self.index += 1
        if self.index < len(self.questions):
            self._show()
            return
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(
            Answers(self.moment, self.answers.get(Scale.PAIN), self.answers.get(Scale.EFFORT))
        )


class RatingBox(Static):
    """ "How hard was that, 0 to 10?" after an exercise's last set, over the player while the
    session goes on (`session.ratings`). Focused while it asks: a number answers, Enter skips,
    any other key goes on to the player as always (`t` is ten here, not the time left); gone
    after `ANSWER_SECONDS` on the session's clock. It says the question in the rest's first
    quiet moment (`ExerciseRatings.due`), through `say`."""

    can_focus = True

    def __init__(
        self,
        ratings: ExerciseRatings,
        offset: Callable[[], float],
        say: Callable[[str], object],
        shown: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(id="rating")
        self.ratings = ratings
        self.position = offset
        self.say = say
        self.shown = shown

    def on_mount(self) -> None:
        self.set_interval(0.1, self.tick)  # repaints; time is the clock's
        self.tick()
        self.focus()

    def tick(self) -> None:
        if self.ratings.pending() is None:
            self.remove()
            return
        if self.ratings.due(self.position()):
            self.say(self.ratings.question.text)
        question = self.ratings.question
        left = self.ratings.seconds_left()
        self.update(f"[b]{question.text}[/b]\n{question.hint} · {left:.0f} s")

    def on_key(self, event: events.Key) -> None:
        taken, line = self.ratings.key(event.character or event.key)
        if not taken:
            return  # the player's key: it goes on to the screen's bindings
        event.stop()
        event.prevent_default()
        if line and self.shown is not None:
            self.shown(line)
        self.remove()
