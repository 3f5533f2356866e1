"""A question with a few answers, each on its own key (save / discard / cancel)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Button, Static


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer: what is returned, the key that picks it, and its label."""

    value: str
    key: str
    label: str


class ChoiceScreen(ModalScreen[str]):
    """Ask `question`; dismissed with the chosen answer's value, or `cancel` on Escape."""

    DEFAULT_CSS = """
    ChoiceScreen { align: center middle; }
    ChoiceScreen > #choice {
        width: auto; max-width: 80%; height: auto;
        border: thick $warning; background: $surface; padding: 1 2;
    }
    ChoiceScreen #answers { height: auto; margin-top: 1; }
    ChoiceScreen Button { margin-right: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "choose('cancel')", "Cancel")]

    def __init__(self, question: str, answers: Sequence[Answer]) -> None:
        super().__init__()
        self.question = question
        self.answers = tuple(answers)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice"):
            yield Static(self.question, id="question")
            with Horizontal(id="answers"):
                for answer in self.answers:
                    yield Button(f"{answer.label} ({answer.key})", id=f"answer-{answer.value}")

    def on_key(self, event: Key) -> None:
        for answer in self.answers:
            if event.key == answer.key:
                event.stop()
                self.dismiss(answer.value)
                return

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("answer-"))

    def action_choose(self, value: str) -> None:
        self.dismiss(value)
