"""The first-run screen: the red flags, shown and spoken, confirmed once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from player.safety import red_flags, red_flags_text, spoken_red_flags

Speak = Callable[[list[str], str, threading.Event], None]


class SafetyScreen(ModalScreen[bool]):
    """Enter (or `y`) confirms and is remembered; Escape goes on without confirming (the
    screen then comes again next time). Either way nothing is blocked."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,y", "close(True)", "I have read this"),
        Binding("escape", "close(False)", "Later"),
    ]

    def __init__(self, language: str, speak: Speak | None = None) -> None:
        super().__init__()
        self.language = language
        self.speak = speak
        self.stop_speaking = threading.Event()

    def compose(self) -> ComposeResult:
        flags = red_flags(self.language)
        with Vertical(id="safety"):
            with VerticalScroll(id="red-flags"):
                yield Static(red_flags_text(self.language), id="red-flags-text")
            keys = f"[b]Enter[/b] {flags.confirm}   [b]Esc[/b] {flags.later}"
            yield Static(keys, id="safety-keys")

    def on_mount(self) -> None:
        if self.speak is not None:
            self._speak(self.speak)

    @work(thread=True, exclusive=True, exit_on_error=False, group="red-flags")
    def _speak(self, speak: Speak) -> None:
        speak(spoken_red_flags(self.language), self.language, self.stop_speaking)

    def action_close(self, confirmed: bool) -> None:
        self.stop_speaking.set()
        if confirmed:
            from player.safety import confirm

            confirm()
        self.dismiss(confirmed)
