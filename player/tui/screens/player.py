"""The player screen: the exercise and a countdown as big as the screen allows, the starting
position and instructions beside them, what is next, and the session's progress.

It only shows `session.state()` and sends the session commands. A timer repaints a few times
a second from the engine's clock; the engine's events (from its own thread) arrive as
messages.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, ProgressBar, Static

from player.routine.model import Sides
from player.session.events import CueFired, Finished, Stopped, Warning
from player.session.state import SessionState, Status
from player.timeline.model import SegmentKind
from player.timeline.phrases import phrases_for
from player.tui.controls import SessionControls
from player.tui.messages import Problem, SessionEvents, SpeechProgress
from player.tui.summary import SessionSummary
from player.tui.widgets.countdown import Countdown, clock_text, position_text
from player.tui.widgets.kind_badge import KindBadge
from player.tui.widgets.session_bar import SessionBar

REPAINT_EVERY = 0.2  # seconds; the countdown shows whole seconds, so 5 Hz is plenty

PHASE_WORDS: dict[SegmentKind, str] = {
    SegmentKind.INTRO: "Welcome",
    SegmentKind.SECTION: "Next section",
    SegmentKind.PREPARE: "Get ready",
    SegmentKind.COUNTDOWN: "Starting",
    SegmentKind.WORK: "Work",
    SegmentKind.HOLD: "Hold",
    SegmentKind.RELAX: "Relax",
    SegmentKind.SWITCH: "Switch sides",
    SegmentKind.REST_REPS: "Rest",
    SegmentKind.REST_SETS: "Rest between sets",
    SegmentKind.REST: "Rest",
    SegmentKind.REST_ROUNDS: "Rest between rounds",
    SegmentKind.OPEN: phrases_for("en").open_prompt(),  # what the reminder says
    SegmentKind.OUTRO: "Well done",
}


def phase_text(state: SessionState) -> str:
    """The word under the countdown: what is happening now."""
    if state.status is Status.PAUSED:
        return "⏸  PAUSED — space to go on"
    if state.status is Status.READY:
        return "Ready"
    if state.over:
        return "Finished" if state.status is Status.FINISHED else "Stopped"
    if state.lead_in:
        return "Get ready"
    if state.segment is None:
        return ""
    return PHASE_WORDS.get(state.segment.kind, state.segment.kind.value)


def detail_text(state: SessionState) -> str:
    """`Set 2 of 3 · Left side · Rep 3 of 8`: only the parts that apply."""
    parts: list[str] = []
    if state.sets and state.sets > 1 and state.set:
        parts.append(f"Set {state.set} of {state.sets}")
    if state.side in (Sides.LEFT, Sides.RIGHT):
        parts.append(f"{state.side.value.capitalize()} side")
    if state.reps and state.rep:
        parts.append(f"Rep {state.rep} of {state.reps}")
    elif state.reps:
        parts.append(f"{state.reps} reps")
    return " · ".join(parts)


class PlayerScreen(Screen[SessionSummary | None]):
    """The live session. Keys: space, n, p, r, t, d, e (easier), h (harder), +, -, m, q."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause/Go"),
        Binding("n", "next", "Next"),
        Binding("p", "previous", "Previous"),
        Binding("r", "repeat", "Repeat"),
        Binding("t", "time_left", "Time left"),
        Binding("d", "done", "Done"),
        Binding("e", "level(-1)", "Easier"),
        Binding("h", "level(1)", "Harder"),
        Binding("plus,equals_sign", "rate(10)", "Faster", key_display="+"),
        Binding("minus", "rate(-10)", "Slower", key_display="-"),
        Binding("m", "mute", "Mute"),
        Binding("q", "quit_session", "Quit"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (84, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]  # noqa: RUF012

    def __init__(self, controls: SessionControls, marks: tuple[float, ...] = ()) -> None:
        super().__init__()
        self.controls = controls
        self.marks = marks
        self.shown: SessionState | None = None
        self.problems: list[str] = []
        self.finished = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield KindBadge(id="kind")
            yield Static(id="section")
            yield Static(self.controls.title, id="routine-title")
        yield Static(id="problems")
        with Horizontal(id="body"):
            with Vertical(id="clock-pane"):
                yield Static(id="exercise")
                yield Countdown("--:--", id="countdown")
                yield Static(id="phase")
                yield Static(id="detail")
                yield ProgressBar(total=1.0, show_eta=False, show_percentage=False, id="step-bar")
            with Vertical(id="card"):
                yield Static(id="position")
                yield Static(id="instructions")
        yield Static(id="caption")
        yield Static(id="next-up")
        with Horizontal(id="session-pane"):
            yield SessionBar(id="session-bar")
            yield Static(id="session-time")
        with Horizontal(id="speech-pane"):
            yield Static("Preparing speech", id="speech-label")
            yield ProgressBar(show_eta=False, id="speech-bar")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SessionBar).marks = self.marks
        self.repaint()
        self.set_interval(REPAINT_EVERY, self.repaint)

    # -- painting ------------------------------------------------------------------------

    def repaint(self) -> None:
        """Show the engine's state now; only widgets whose text changed are touched."""
        state = self.controls.state()
        before = self.shown
        self.shown = state
        self.set_class(state.paused, "-paused")
        self.query_one(Countdown).show(
            state.segment_left if state.segment is not None else None, state.paused
        )
        self._text("#phase", phase_text(state))
        step_total = state.step_elapsed + state.step_left
        bar = self.query_one("#step-bar", ProgressBar)
        bar.update(total=max(step_total, 0.001), progress=state.step_elapsed)
        session_bar = self.query_one(SessionBar)
        session_bar.done = state.offset / state.total if state.total > 0 else 0.0
        self._text("#session-time", f"{position_text(state.offset)} / {position_text(state.total)}")
        if before is not None and _same_card(before, state):
            return
        self.query_one(KindBadge).show(state.section_kind)
        self._text("#section", state.section or "")
        self._text("#exercise", state.exercise or self.controls.title)
        self._text("#detail", detail_text(state))
        self._text("#position", state.position)
        self._text("#instructions", state.instructions)
        self._text("#next-up", f"Next up: {state.next_up}" if state.next_up else "Last one")

    def _text(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        if str(widget.content) != text:
            widget.update(text)

    # -- engine events -------------------------------------------------------------------

    @on(SessionEvents)
    def session_events(self, message: SessionEvents) -> None:
        over = False
        for event in message.events:
            if isinstance(event, CueFired) and event.cue.text and event.played:
                self._text("#caption", f"🔈 {event.cue.text}")
            elif isinstance(event, Warning):
                self.show_problem(event.text)
            elif isinstance(event, Finished | Stopped):
                over = True
        self.repaint()
        if over:
            self.finish()

    def finish(self) -> None:
        """The session is over: hand its summary to whoever opened this screen."""
        if not self.finished:
            self.finished = True
            self.dismiss(self.controls.summary())

    @on(Problem)
    def problem(self, message: Problem) -> None:
        self.show_problem(message.text)

    def show_problem(self, text: str) -> None:
        if text not in self.problems:
            self.problems.append(text)
            self._text("#problems", "\n".join(f"⚠ {p}" for p in self.problems))
            self.add_class("-problems")

    @on(SpeechProgress)
    def speech_progress(self, message: SpeechProgress) -> None:
        bar = self.query_one("#speech-bar", ProgressBar)
        bar.update(total=message.total, progress=message.done)
        self.set_class(message.done < message.total, "-rendering")

    # -- commands ------------------------------------------------------------------------

    def action_toggle_pause(self) -> None:
        state = self.controls.state()
        if state.paused:
            self.controls.resume()
        elif state.playing:
            self.controls.pause()
        self.repaint()

    def action_next(self) -> None:
        self.controls.next()
        self.repaint()

    def action_previous(self) -> None:
        self.controls.previous()
        self.repaint()

    def action_repeat(self) -> None:
        self.controls.repeat()

    def action_time_left(self) -> None:
        self.controls.say_time_left()
        self.notify(f"{clock_text(self.controls.state().session_left)} left", timeout=3)

    def action_done(self) -> None:
        self.controls.done()
        self.repaint()

    def action_level(self, step: int) -> None:
        line = self.controls.change_level(step)
        if line is not None:
            self.notify(line, timeout=4)

    def action_rate(self, change: int) -> None:
        rate = self.controls.change_rate(change)
        self.notify(f"Speech rate {rate} words a minute", timeout=2)

    def action_mute(self) -> None:
        muted = self.controls.toggle_mute()
        self.notify("Muted" if muted else "Sound on", timeout=2)
        self.set_class(muted, "-muted")

    def jump_to(self, exercise_index: int) -> None:
        """From the command palette: start that exercise now."""
        self.controls.jump_to_exercise(exercise_index)
        self.repaint()

    def set_verbosity(self, level: str) -> None:
        """From the command palette: full coaching, names only, or tones only."""
        self.controls.set_verbosity(level)
        self.notify(f"Verbosity: {level}", timeout=2)

    def action_quit_session(self) -> None:
        from player.tui.screens.confirm import ConfirmScreen

        state = self.controls.state()
        if state.over or state.status is Status.READY:
            self.controls.stop()
            self.finish()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.controls.stop()
                self.finish()

        self.app.push_screen(ConfirmScreen("Stop this session? What you did is kept."), answered)


def _same_card(a: SessionState, b: SessionState) -> bool:
    """Whether the exercise card and the header would show the same text."""
    return (
        a.exercise == b.exercise
        and a.section == b.section
        and a.section_kind == b.section_kind
        and a.set == b.set
        and a.side == b.side
        and a.rep == b.rep
        and a.reps == b.reps
        and a.next_up == b.next_up
        and a.position == b.position
        and a.instructions == b.instructions
    )
