"""The Textual app: wiring between the library, player, summary and history screens.

`make_app(...)` builds it for the CLI and the tests alike (inject the clock, the output and
the synthesizer); `run_player(...)` and `run_library(...)` are what the commands call.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType

from player.errors import EXIT_INTERRUPTED
from player.history.checkins import Moment
from player.routine.model import Routine
from player.session.clock import Clock, MonotonicClock
from player.sound.base import Output
from player.speech.base import Synthesizer
from player.tui.app_messages import (
    PlayRoutine,
    SessionEvents,
    SettingsChanged,
    ShowHistory,
    StartBreak,
)
from player.tui.catalogue import RoutineEntry
from player.tui.palette import PlayerCommands
from player.tui.player_settings import PlayerSettings
from player.tui.screens.history import HistoryView
from player.tui.summary import SessionSummary

if TYPE_CHECKING:
    from player.desktop.handsfree import Listening
    from player.options import PlayOptions
    from player.session.checkin import Answers, ExerciseRatings
    from player.tui.live import Ahead, LiveSession, SaidAhead
    from player.tui.screens.editor import EditorScreen
    from player.tui.screens.player import PlayerScreen


@dataclass(frozen=True, slots=True)
class Injected:
    """Parts the tests (and the benchmark) put in place of the real ones."""

    clock: Clock = field(default_factory=MonotonicClock)
    output: Output | None = None  # None: chosen from `settings.audio`
    synthesizer: Synthesizer | None = None  # None: made from `settings.tts`
    entries: list[RoutineEntry] | None = None  # None: the bundled and user routines
    history: Callable[[], HistoryView] | None = None  # None: read from the journal
    today: date | None = None
    autostart: bool = True  # False: the session waits in READY (snapshot tests)


class WorkoutApp(App[int]):
    """`workout`: the library, straight into a session, or the editor (`workout edit`).

    Screens ask it to play with a `PlayRoutine` message: `play` is the only place a live
    session starts, with the clock, output and synthesizer it was made with.
    """

    CSS_PATH = "workout.tcss"
    TITLE = "workout"
    COMMANDS = App.COMMANDS | {PlayerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True)
    ]
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        settings: PlayerSettings,
        routine: Routine | None,
        injected: Injected,
        editing: Path | None = None,
        live: LiveSession | None = None,
        said_ahead: SaidAhead | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.routine = routine
        self.injected = injected
        self.live: LiveSession | None = None  # the session playing, if any
        # `routine`'s session, started before the app (`start_before_screen`): shown, not made.
        self.started_before = live
        self.said_ahead = said_ahead  # the check-in's question, said before the app was up
        self.editor: EditorScreen | None = None  # `workout edit`: the editor, all the app is
        if editing is not None:
            from player.tui.screens.editor import EditorScreen

            # Made here, before the app runs: an unreadable file is one message, not a crash.
            self.editor = EditorScreen(editing)
        self._ratings: ExerciseRatings | None = None  # after each exercise, when asked

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        from player.i18n import use

        use(self.settings.language)
        if self.editor is not None:  # `workout edit`: leaving the editor leaves the app
            self.push_screen(self.editor, lambda _: self.exit())
            return

        from player.safety import confirmed

        if confirmed():
            self._begin()
            return
        # First run: the red flags, shown and spoken, confirmed once (never blocking).
        from player.tui.screens.safety import SafetyScreen

        language = self.routine.language if self.routine else self.settings.language
        self.push_screen(SafetyScreen(language, self._say_aloud), lambda _: self._begin())

    def _begin(self) -> None:
        if self.routine is not None:
            self.play(self.routine, self.settings.from_exercise, resume=self.settings.resume)
        else:
            self.show_library()

    def _say_aloud(self, texts: list[str], language: str, stop: threading.Event) -> None:
        from player.session.aloud import say_aloud

        say_aloud(
            texts,
            language,
            synthesizer=self.injected.synthesizer,
            output=self.injected.output,
            tts=self.settings.tts,
            audio=self.settings.audio,
            stop=stop,
        )

    # -- screens -------------------------------------------------------------------------

    def show_library(self) -> None:
        from player.tui.catalogue import load_entries
        from player.tui.screens.library import LibraryScreen

        entries = self.injected.entries
        if entries is None:
            entries = load_entries()
        self.push_screen(LibraryScreen(entries))

    def play(
        self,
        routine: Routine,
        from_exercise: str | None = None,
        *,
        resume: bool = False,
        try_out: bool = False,
    ) -> None:
        """Play `routine` on the player screen (from `from_exercise`, or where `resume` goes
        on): the only way a session starts here. First the check-in before (its answer sets
        today's dose: a back worse than before last time steps it back), then the player.
        `try_out` (the editor's play-from-here): no check-ins, ratings or summary; the screen
        below comes back when it ends."""
        from player.session.checkin import checkins_enabled, questions
        from player.tui.screens.checkin import CheckinScreen

        if try_out or not self.injected.autostart or not checkins_enabled():
            self._open_player(routine, None, from_exercise, resume=resume, try_out=try_out)
            return
        stop = threading.Event()
        ahead, self.said_ahead = self.said_ahead, None
        if ahead is not None and routine is not self.routine:
            ahead.stop.set()
            ahead = None

        def say(text: str) -> None:
            if ahead is not None and ahead.take(text):
                return  # said before the app was up
            self._say_aloud([text], routine.language, stop)

        def answered(answers: Answers | None) -> None:
            stop.set()
            if ahead is not None:
                ahead.stop.set()
            self._open_player(routine, answers, from_exercise, resume=resume)

        asking = questions(routine.language, Moment.BEFORE)
        self.push_screen(CheckinScreen(Moment.BEFORE, asking, self.injected.clock, say), answered)

    def _open_player(
        self,
        routine: Routine,
        before: Answers | None,
        from_exercise: str | None,
        *,
        resume: bool,
        try_out: bool = False,
    ) -> None:
        """The player screen for `routine`; `before`: the check-in asked before it (recorded
        once the session is in the journal)."""
        from player.i18n import use
        from player.session.checkin import record_answers
        from player.settings import with_voice
        from player.tui.live import LiveSession
        from player.tui.screens.player import PlayerScreen

        live, self.started_before = self.started_before, None
        if live is not None and routine is self.routine and not try_out and before is None:
            use(live.routine.language)  # as a LiveSession made now would (the app's was set)
        else:
            if live is not None:  # not the session started before: it never plays
                live.stop()
                live.close()
            live = LiveSession(
                with_voice(routine, self.settings.rate, self.settings.voice),
                settings=replace(self.settings, from_exercise=from_exercise, resume=resume),
                clock=self.injected.clock,
                output=self.injected.output,
                synthesizer=self.injected.synthesizer,
                pain_before=before.pain if before is not None else None,
            )
        self.live = live
        self._ratings = None if try_out else self._exercise_ratings(live)
        screen = PlayerScreen(live, live.section_marks())
        if try_out:
            self.push_screen(screen, self._tried_out)
            self.start_session(live, screen)
            return
        self.push_screen(screen, self._player_closed)
        journal = live.prepared.journal
        if before is not None and journal is not None:
            problem = record_answers(journal.history, journal.session_id, before)
            if problem is not None:
                self.notify(problem, severity="warning")
        if live.started_behind:
            live.show_on(screen)
        elif self.injected.autostart:
            self.start_session(live, screen)

    def _exercise_ratings(self, live: LiveSession) -> ExerciseRatings | None:
        """The ratings after each exercise (`session.ratings`), when they can be kept."""
        from player.session.start import exercise_ratings

        return exercise_ratings(live.prepared)

    @on(SessionEvents)
    def rate_exercise(self, message: SessionEvents) -> None:
        """After an exercise's last set, the rating over the player (the session goes on)."""
        from player.session.events import StepFinished
        from player.tui.screens.checkin import RatingBox
        from player.tui.screens.player import PlayerScreen

        ratings, live = self._ratings, self.live
        if ratings is None or live is None or not self.screen_stack:
            return
        screen = self.screen
        if not isinstance(screen, PlayerScreen):
            return
        for event in message.events:
            if isinstance(event, StepFinished) and ratings.step_finished(event.step):
                for old in screen.query(RatingBox):
                    old.remove()
                screen.mount(
                    RatingBox(
                        ratings,
                        lambda: live.session.state().offset,
                        lambda text: live.session.say([text]),
                        lambda line: self.notify(line, timeout=3),
                    )
                )

    @work(thread=True, exclusive=True, exit_on_error=False, group="start")
    def start_session(self, live: LiveSession, screen: PlayerScreen) -> None:
        """Off the event loop: choose the output, render the first cues, then play."""
        live.start_for(screen)

    def _check_in(self, live: LiveSession, moment: Moment, then: Callable[[], object]) -> None:
        """Ask the check-in of `moment` over the screen, record it, then go on with `then`
        (at once when check-ins are off or the session is not recorded)."""
        from player.session.checkin import checkins_enabled, questions, record_answers
        from player.tui.screens.checkin import CheckinScreen

        journal = live.prepared.journal
        if journal is None or not checkins_enabled():
            then()
            return

        def answered(answers: Answers | None) -> None:
            if answers is not None:
                problem = record_answers(journal.history, journal.session_id, answers)
                if problem is not None:
                    self.notify(problem, severity="warning")
            then()

        asking = questions(live.routine.language, moment)
        screen = CheckinScreen(moment, asking, self.injected.clock, live.prepared.say_now)
        self.push_screen(screen, answered)

    def _tried_out(self, _: SessionSummary | None) -> None:
        """A try-out from the editor ended: back to the editor as it was."""
        live, self.live = self.live, None
        if live is not None:
            live.close()

    def _player_closed(self, summary: SessionSummary | None) -> None:
        """The session ended (finished, or stopped with q): the check-in, then what was done."""
        from player.tui.screens.summary import SummaryScreen

        live, self.live = self.live, None

        def show_summary() -> None:
            if live is not None:
                live.close()
            if summary is None:
                self._summary_closed(None)
                return
            self.push_screen(SummaryScreen(summary), self._summary_closed)

        if live is not None and summary is not None:
            self._check_in(live, Moment.AFTER, show_summary)
        else:
            show_summary()

    def _summary_closed(self, _: None) -> None:
        from player.i18n import use

        if self.settings.exit_after:
            self.exit(0)
        use(self.settings.language)  # back in the library: the screens' own language

    def history_view(self) -> HistoryView:
        if self.injected.history is not None:
            return self.injected.history()
        from player.tui.history_view import read_history

        return read_history(self.injected.today)

    async def action_quit(self) -> None:
        """Quit, unless an open editor has to ask about unsaved changes first."""
        from player.tui.screens.editor import editor_blocks_quit

        if not editor_blocks_quit(self):
            self.exit()

    # -- messages from screens -----------------------------------------------------------

    @on(PlayRoutine)
    def play_routine(self, message: PlayRoutine) -> None:
        self.play(message.routine, message.from_exercise, try_out=message.try_out)

    @on(StartBreak)
    def start_break(self) -> None:
        from player.errors import UserError
        from player.quickbreak import quick_break, save_break

        try:
            routine = save_break(quick_break(minutes=3.0, language=self.settings.language))
        except UserError as error:  # a library problem: say it, keep the library open
            self.notify(str(error), title="No quick break", severity="error")
            return
        self.play(routine)

    @on(SettingsChanged)
    def settings_changed(self, message: SettingsChanged) -> None:
        """Sessions from now on play as the settings say; quick breaks (and the screens, once
        back from a session) speak the screen language they name."""
        from player.i18n import screen_language
        from player.options import PlayOptions

        self.settings = PlayerSettings.of(
            PlayOptions.of_settings(message.settings.play),
            language=screen_language(message.settings.screen.language),
            remember=self.settings.remember,
            listening=self.settings.listening,
        )

    @on(ShowHistory)
    def show_history(self) -> None:
        from player.tui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen(self.history_view()))

    def on_unmount(self) -> None:
        if self.said_ahead is not None:
            self.said_ahead.stop.set()
        for live in (self.live, self.started_before):  # one started before and never shown
            if live is not None:
                live.stop()
                live.close()


def make_app(
    settings: PlayerSettings | None = None,
    routine: Routine | None = None,
    *,
    editing: Path | None = None,
    clock: Clock | None = None,
    output: Output | None = None,
    synthesizer: Synthesizer | None = None,
    entries: list[RoutineEntry] | None = None,
    history: Callable[[], HistoryView] | None = None,
    today: date | None = None,
    autostart: bool = True,
    live: LiveSession | None = None,
    said_ahead: SaidAhead | None = None,
) -> WorkoutApp:
    """The app for the CLI and the tests: `routine` plays at once, `editing` opens that file
    in the editor (`workout edit`), neither opens the library. `live`: `routine`'s session,
    already started (`start_before_screen`), for the player to show; `said_ahead`: the
    check-in's question, being said already (the check-in screen does not say it again).

    The other parameters replace real parts; see `Injected`. Raises `UserError` when the
    file to edit cannot be read.
    """
    injected = Injected(
        clock=clock or MonotonicClock(),
        output=output,
        synthesizer=synthesizer,
        entries=entries,
        history=history,
        today=today,
        autostart=autostart,
    )
    return WorkoutApp(settings or PlayerSettings(), routine, injected, editing, live, said_ahead)


def run_app(app: WorkoutApp) -> int:
    """Run `app` with native error text kept off the screen; print it if the app failed."""
    from player.tui.quiet import screen_only_for_textual

    if not sys.__stderr__ or not sys.__stderr__.isatty():
        with exit_on_ending_signals(app):
            return app.run() or 0
    with screen_only_for_textual() as log, exit_on_ending_signals(app):
        try:
            result = app.run()
            if app.return_code not in (None, 0):
                text = log.read_text(errors="replace").strip()
                if text:
                    print(text, file=sys.stderr)
        finally:
            log.unlink(missing_ok=True)
    return app.return_code or (result or 0)


ENDED_BY_SIGNAL = EXIT_INTERRUPTED  # the app's return code when SIGTERM or SIGHUP ended it


@contextlib.contextmanager
def exit_on_ending_signals(app: App[Any]) -> Iterator[None]:
    """SIGTERM and SIGHUP end the app as `q` does (with return code 130): a session stopped
    and recorded, the terminal restored, the log removed, an editor's text kept (the
    default would end the process on the spot)."""
    import asyncio

    from player.errors import on_ending_signals

    def leave(signum: int, frame: object) -> None:
        try:
            asyncio.get_running_loop().call_soon_threadsafe(
                lambda: app.exit(return_code=ENDED_BY_SIGNAL)
            )
        except RuntimeError:  # not running yet, or over: nothing to close gently
            raise KeyboardInterrupt from None

    with on_ending_signals(leave):
        yield


def run_player(
    routine: Routine,
    options: PlayOptions,
    *,
    from_exercise: str | None = None,
    resume: bool = False,
    listening: Listening | None = None,
    ahead: Ahead | None = None,
) -> int:
    """`workout play ROUTINE` (and `workout break`): the player, then the summary, then exit.

    Options that cannot work (`--from` an exercise that is not there, `--resume` with
    nothing to resume) are usage errors before the screen opens. `ahead`: what was started
    before Textual was imported (`start_before_screen`, which checked the options).
    """
    if ahead is None:
        check_start(routine, from_exercise, resume, options.audio)
    live = ahead.live if ahead is not None else None
    said_ahead = ahead.question if ahead is not None else None
    settings = PlayerSettings.of(
        options,
        from_exercise=from_exercise,
        resume=resume,
        exit_after=True,
        listening=listening,
    )
    if live is None:
        return run_app(make_app(settings, routine, said_ahead=said_ahead))
    try:
        return run_app(make_app(settings, live.routine, clock=live.prepared.clock, live=live))
    finally:
        live.end_unless_shown()  # the app ended before it showed the session


def check_start(
    routine: Routine, from_exercise: str | None, resume: bool, audio: str = "auto"
) -> None:
    """Raise UsageError unless the session can start where the options say."""
    from player.session.prepare import check_start as check

    check(routine, from_exercise, resume, audio)


def run_library() -> int:
    """`workout`: the library screen."""
    from player.i18n import screen_language, use
    from player.options import PlayOptions
    from player.settings import load

    settings = load()
    language = use(screen_language(settings.screen.language))
    options = PlayOptions.of_settings(settings.play)
    return run_app(make_app(PlayerSettings.of(options, language=language)))


def run_editor(path: Path, options: PlayOptions) -> WorkoutApp:
    """`workout edit ROUTINE`: the app on the editor (play-from-here plays as `options` say);
    returned after it ran, so the command can keep unsaved text after a crash or a signal.
    Raises `UserError` when the file cannot be read."""
    from player.i18n import screen_language, use
    from player.settings import load

    language = use(screen_language(load().screen.language))
    app = make_app(PlayerSettings.of(options, language=language), editing=path)
    run_app(app)
    return app
