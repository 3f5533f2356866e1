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

from player.i18n import N_, _, ngettext
from player.routine.durations import format_clock
from player.routine.model import Sides
from player.session.events import CueFired, Finished, Jumped, StepStarted, Stopped, Warning
from player.session.state import SessionState, Status
from player.timeline.model import SegmentKind
from player.tui.app_messages import Heard, Problem, SessionEvents, SpeechProgress
from player.tui.controls import SessionControls
from player.tui.summary import SessionSummary
from player.tui.widgets.countdown import Countdown
from player.tui.widgets.kind_badge import KindBadge
from player.tui.widgets.session_bar import SessionBar
from player.tui.words import VERBOSITY, translate_bindings

REPAINT_EVERY = 0.2  # seconds; the countdown shows whole seconds, so 5 Hz is plenty

PHASE_WORDS: dict[SegmentKind, str] = {
    SegmentKind.INTRO: N_("Welcome"),
    SegmentKind.SECTION: N_("Next section"),
    SegmentKind.PREPARE: N_("Get ready"),
    SegmentKind.COUNTDOWN: N_("Starting"),
    SegmentKind.WORK: N_("Work"),
    SegmentKind.HOLD: N_("Hold"),
    SegmentKind.RELAX: N_("Relax"),
    SegmentKind.SWITCH: N_("Switch sides"),
    SegmentKind.REST_REPS: N_("Rest"),
    SegmentKind.REST_SETS: N_("Rest between sets"),
    SegmentKind.REST: N_("Rest"),
    SegmentKind.REST_ROUNDS: N_("Rest between rounds"),
    SegmentKind.OPEN: N_("Press d when you have finished."),  # as the voice says it
    SegmentKind.OUTRO: N_("Well done"),
}


def phase_text(state: SessionState) -> str:
    """The word under the countdown: what is happening now."""
    if state.status is Status.PAUSED:
        return _("⏸  PAUSED — space to go on")
    if state.status is Status.READY:
        return _("Ready")
    if state.over:
        return _("Finished") if state.status is Status.FINISHED else _("Stopped")
    if state.lead_in:
        return _("Get ready")
    if state.segment is None:
        return ""
    return _(PHASE_WORDS.get(state.segment.kind, state.segment.kind.value))


def detail_text(state: SessionState) -> str:
    """`Set 2 of 3 · Left side · Rep 3 of 8`: only the parts that apply."""
    parts: list[str] = []
    if state.sets and state.sets > 1 and state.set:
        parts.append(_("Set {n} of {total}").format(n=state.set, total=state.sets))
    if state.side is Sides.LEFT:
        parts.append(_("Left side"))
    elif state.side is Sides.RIGHT:
        parts.append(_("Right side"))
    if state.reps and state.rep:
        parts.append(_("Rep {n} of {total}").format(n=state.rep, total=state.reps))
    elif state.reps:
        parts.append(ngettext("{n} rep", "{n} reps", state.reps).format(n=state.reps))
    return " · ".join(parts)


def caption_text(said: str, state: SessionState, muted: bool) -> str:
    """The caption: the line said last in this step, or (before one is, or with tones only)
    what the card says to do, so the session can be followed without sound."""
    text = said or state.instructions or state.position
    if muted:
        return _("🔇 Muted · {text}").format(text=text) if text else _("🔇 Muted")
    return f"🔈 {text}" if said else text


class PlayerScreen(Screen[SessionSummary | None]):
    """The live session. Keys: space, n, p, r, t, d, e (easier), h (harder), +, -, m, q."""

    # In the order the footer shows them: what a narrow footer cuts off comes last.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", N_("Pause")),
        Binding("q", "quit_session", N_("Quit")),
        Binding("d", "done", N_("Done")),
        Binding("n", "next", N_("Next")),
        Binding("p", "previous", N_("Back")),
        Binding("r", "repeat", N_("Repeat")),
        Binding("t", "time_left", N_("Time left")),
        Binding("m", "mute", N_("Mute")),
        Binding("plus,equals_sign", "rate(10)", N_("Faster"), key_display="+"),
        Binding("minus", "rate(-10)", N_("Slower"), key_display="-"),
        Binding("e", "level(-1)", N_("Easier")),
        Binding("h", "level(1)", N_("Harder")),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (84, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (26, "-tall")]  # noqa: RUF012

    def __init__(self, controls: SessionControls, marks: tuple[float, ...] = ()) -> None:
        super().__init__()
        translate_bindings(self)
        self.controls = controls
        self.marks = marks
        self.shown: SessionState | None = None
        self.problems: list[str] = []
        self.finished = False
        self.said = ""  # the last line spoken in this step ("" until one is)
        self.muted = controls.muted

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
            yield Static(_("Preparing speech"), id="speech-label")
            yield ProgressBar(show_eta=False, id="speech-bar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(SessionBar).marks = self.marks
        self.set_class(self.muted, "-muted")
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
        self._text(
            "#session-time",
            f"{format_clock(state.offset, 'down')} / {format_clock(state.total, 'down')}",
        )
        self._text("#caption", caption_text(self.said, state, self.muted))
        if before is not None and _same_card(before, state):
            return
        self.query_one(KindBadge).show(state.section_kind)
        self._text("#section", state.section or "")
        self._text("#exercise", state.exercise or self.controls.title)
        self._text("#detail", detail_text(state))
        self._text("#position", state.position)
        self._text("#instructions", state.instructions)
        next_up = _("Next up: {name}").format(name=state.next_up) if state.next_up else ""
        self._text("#next-up", next_up or _("Last one"))

    def _text(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        if str(widget.content) != text:
            widget.update(text)

    # -- engine events -------------------------------------------------------------------

    @on(SessionEvents)
    def session_events(self, message: SessionEvents) -> None:
        over = False
        for event in message.events:
            if isinstance(event, CueFired) and event.cue.text:
                self.said = event.cue.text
            elif isinstance(event, StepStarted | Jumped):
                self.said = ""
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

    @on(Heard)
    def heard(self, message: Heard) -> None:
        """What the microphone heard (or why it does not listen), for a few seconds."""
        self.notify(f"🎙 {message.text}", timeout=4)
        self.repaint()

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
        left = format_clock(self.controls.state().session_left, "up")
        self.notify(_("{time} left in this session").format(time=left), timeout=3)

    def action_done(self) -> None:
        self.controls.done()
        self.repaint()

    def action_level(self, step: int) -> None:
        line = self.controls.change_level(step)
        if line is not None:
            self.notify(line, timeout=4)

    def action_rate(self, change: int) -> None:
        rate = self.controls.change_rate(change)
        self.notify(_("Speech rate: {rate} words a minute").format(rate=rate), timeout=2)

    def action_mute(self) -> None:
        muted = self.controls.toggle_mute()
        self.notify(_("Muted") if muted else _("Sound on"), timeout=2)
        self.set_class(muted, "-muted")
        self.muted = muted
        self.repaint()

    def jump_to(self, step_index: int) -> None:
        """From the command palette: start that exercise now."""
        self.controls.jump_to_step(step_index)
        self.repaint()

    def set_verbosity(self, level: str) -> None:
        """From the command palette: full coaching, names only, or tones only."""
        self.controls.set_verbosity(level)
        meaning = _(VERBOSITY.get(level, level))
        self.notify(_("Verbosity: {level}").format(level=meaning), timeout=2)

    def action_quit_session(self) -> None:
        from player.tui.screens.confirm import ConfirmScreen

        state = self.controls.state()
        if state.over or state.status is Status.READY:
            self.controls.stop()
            self.finish()
            return

        # The session waits while the question is asked; "no" goes on where it was.
        asked_while_playing = state.playing
        if asked_while_playing:
            self.controls.pause()
            self.repaint()

        def answered(yes: bool | None) -> None:
            if yes:
                self.controls.stop()
                self.finish()
            elif asked_while_playing:
                self.controls.resume()
                self.repaint()

        self.app.push_screen(ConfirmScreen(_("Stop this session? What you did is kept.")), answered)


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
