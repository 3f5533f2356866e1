"""The editor screen: a routine's YAML with live problems, a preview, and safe saving."""

from __future__ import annotations

import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Log, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from player.editing.preview import Analysis, analyse
from player.editing.routines import is_bundled, save_user_copy, user_routine_path
from player.editing.save import (
    ChangedOnDisk,
    DiskState,
    changed_since,
    disk_state,
    read_text,
    reformat,
    save_text,
)
from player.errors import UserError
from player.routine.durations import format_script_time
from player.tui.app_messages import PlayRoutine
from player.tui.screens.choice import Answer, ChoiceScreen
from player.tui.widgets.routine_text_area import RoutineTextArea

if TYPE_CHECKING:
    from player.routine.model import LibraryExercise

CHECK_DELAY = 0.2  # seconds of quiet typing before the buffer is checked again
DISK_POLL = 1.0  # seconds between looks at the file on disk

Analyse = Callable[[str, Path], Analysis]


class EditorScreen(Screen["Path | None"]):
    """Edit a routine file; dismissed with the path saved to (None if nothing was saved)."""

    CSS_PATH = "editor.tcss"

    # TextArea keeps F6, F7 and Ctrl-W for itself; Tab indents.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+r,f5", "play", "Play from here", priority=True),
        Binding("ctrl+n,f8", "next_problem", "Next problem", priority=True),
        Binding("ctrl+g", "focus_problems", "Problems", priority=True),
        Binding("ctrl+t", "format", "Format", priority=True),
        Binding("f2", "exercises", "Exercises", priority=True),
        Binding("escape", "leave", "Close", priority=True),
    ]

    def __init__(self, path: Path, *, analyse_text: Analyse = analyse) -> None:
        super().__init__()
        self.path = path  # the file opened
        self.saved_to: Path | None = None  # set by the first save
        self.bundled = is_bundled(path)
        # Where Ctrl-S writes: the file itself, or a user copy for a bundled routine.
        self.save_path = user_routine_path(path.stem) if self.bundled else path
        text, state = read_text(path)
        self.saved_text = text  # what the file on disk holds, as far as we know
        self.seen: DiskState | None = state if not self.bundled else disk_state(self.save_path)
        self.analyse_text = analyse_text
        self.analysis: Analysis | None = None
        self.valid: Analysis | None = None  # the last check without errors: its preview stays
        self.checked_at = 0.0  # perf_counter when the last check was shown
        self._check_timer: Timer | None = None
        self._warned_disk_change = False
        self._shown_problems: list[tuple[str, str | None]] | None = None
        self._initial_text = text

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="editor-panes"):
            # Kept, not queried: its text outlives the screen (a crash or a signal ends the
            # app, and `workout edit` then keeps what was not saved).
            source = RoutineTextArea.code_editor(
                self._initial_text, language=_yaml_if_available(), id="editor-source"
            )
            assert isinstance(source, RoutineTextArea)
            self._source = source
            yield source
            with Vertical(id="editor-side"):
                yield Static(id="editor-summary")
                yield OptionList(id="editor-problems")
                yield Log(id="editor-script", highlight=False)
        yield Footer()

    @property
    def source(self) -> RoutineTextArea:
        return self._source

    @property
    def modified(self) -> bool:
        return self.source.text != self.saved_text

    def on_mount(self) -> None:
        self.title = f"Edit {self.path.stem}"
        self.query_one("#editor-problems", OptionList).border_title = "Problems"
        self.query_one("#editor-script", Log).border_title = "Spoken script"
        self.query_one("#editor-summary").border_title = "Preview"
        self.show_status()
        self.check_now()
        self.set_interval(DISK_POLL, self.look_at_disk)
        self.source.completion_ids = tuple(sorted(_library().keys()))
        self.source.focus()

    def action_exercises(self) -> None:
        """The exercise library; the id chosen goes in at the cursor (as `use: ID` unless
        the line already says `use:`)."""
        from player.tui.screens.exercises import ExercisesScreen

        language = self.valid.routine.language if self.valid and self.valid.routine else "en"

        def chosen(exercise_id: str | None) -> None:
            if not exercise_id:
                return
            row, column = self.source.cursor_location
            before = self.source.document.lines[row][:column]
            if before.rstrip().endswith("use:"):
                text = exercise_id if before.endswith(" ") else f" {exercise_id}"
            else:
                text = f"use: {exercise_id}"
            self.source.insert(text)
            self.source.focus()

        self.app.push_screen(ExercisesScreen(list(_library().values()), language), chosen)

    # -- checking as you type ------------------------------------------------------------

    @on(TextArea.Changed, "#editor-source")
    def text_changed(self) -> None:
        self.show_status()
        if self._check_timer is not None:
            self._check_timer.stop()
        self._check_timer = self.set_timer(CHECK_DELAY, self.check_now)

    @on(TextArea.SelectionChanged, "#editor-source")
    def cursor_moved(self) -> None:
        self.show_script()

    def check_now(self) -> None:
        """Check the buffer and show the result (called after the typing pause)."""
        self._check_timer = None
        analysis = self.analyse_text(self.source.text, self.path)
        self.analysis = analysis
        if analysis.routine is not None:
            self.valid = analysis
        self.source.set_marks(analysis.marks())
        self.show_problems()
        self.show_summary()
        self.show_script()
        self.show_status()
        self.checked_at = time.perf_counter()

    def show_problems(self) -> None:
        assert self.analysis is not None
        prompts: list[tuple[str, str | None]] = []
        for number, problem in enumerate(self.analysis.problems):
            where = f"{problem.line}:{problem.column}"
            if problem.path != self.path:
                where = f"{problem.path.name}:{where}"
            prefix = "error" if problem.is_error else "warning"
            prompts.append((f"{where} {prefix}: {problem.message}", f"p{number}"))
        prompts += [(f"timing: {note}", None) for note in self.analysis.notes]
        if prompts == self._shown_problems:
            return  # typing inside a valid routine: nothing to redraw
        self._shown_problems = prompts
        problems = self.query_one("#editor-problems", OptionList)
        highlighted = problems.highlighted
        problems.clear_options()
        if prompts:
            problems.add_options([Option(text, id=key) for text, key in prompts])
        else:
            problems.add_option(Option("No problems.", disabled=True))
        if highlighted is not None and highlighted < len(prompts):
            problems.highlighted = highlighted
        # Timing notes are listed as warnings, so they are counted as warnings.
        errors = len(self.analysis.errors)
        warnings = len(self.analysis.warnings) + len(self.analysis.notes)
        problems.border_title = (
            f"Problems: {_count(errors, 'error')}, {_count(warnings, 'warning')}"
        )

    def _preview(self) -> tuple[Analysis | None, bool]:
        """The analysis to preview, and whether it is the current buffer's (else the last
        valid one's, shown while the buffer has errors)."""
        current = self.analysis is not None and self.analysis.routine is not None
        return (self.analysis if current else self.valid), current

    def show_summary(self) -> None:
        analysis, current = self._preview()
        if analysis is None or analysis.routine is None or analysis.total is None:
            text = "The routine has errors: fix them to see its length and script."
        else:
            lines = [analysis.routine.title, f"Total {format_script_time(analysis.total)}"]
            for kind, minutes in analysis.minutes_by_kind:
                lines.append(f"  {kind.value:<14} {minutes:5.1f} min")
            if not current:
                lines.append("(the last valid version: fix the errors to update)")
            text = "\n".join(lines)
        summary = self.query_one("#editor-summary", Static)
        summary.set_class(not current, "-stale")
        if str(summary.content) != text:
            summary.update(text, layout=False)  # its height is fixed: no layout needed

    def show_script(self) -> None:
        analysis, current = self._preview()
        title, lines = "Spoken script", ["(the routine has errors)"]
        if analysis is not None and analysis.routine is not None:
            index = analysis.exercise_at(self.source.cursor_location[0] + 1)
            if index is None:
                lines = ["Move the cursor into an exercise to see what is said."]
            else:
                exercise = analysis.scripts[index]
                title = f"Spoken script: {exercise.name}"
                lines = list(exercise.lines) or ["(nothing is said)"]
            if not current:
                title += " (last valid version)"
        script = self.query_one("#editor-script", Log)
        script.set_class(not current, "-stale")
        if script.border_title != title:
            script.border_title = title
        width = script.scrollable_content_region.width
        if not script.show_vertical_scrollbar:  # leave room for the one long scripts bring
            width -= script.styles.scrollbar_size_vertical
        lines = wrap_script(lines, width)
        if list(script.lines) != lines:
            script.clear()
            script.write_lines(lines, scroll_end=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_script)  # wrapped to the pane's new width

    def show_status(self) -> None:
        where = str(self.save_path)
        if self.bundled and self.save_path != self.path:
            where = f"{self.path.name} (bundled; Ctrl-S saves a copy to {self.save_path})"
        status = f"{where}{'  ● modified' if self.modified else ''}"
        if self.sub_title != status:
            self.sub_title = status

    @on(OptionList.OptionSelected, "#editor-problems")
    def jump_to_problem(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id
        if self.analysis is None or option_id is None:
            return
        problem = self.analysis.problems[int(option_id.removeprefix("p"))]
        if problem.path == self.path:
            self.source.cursor_location = (max(problem.line - 1, 0), max(problem.column - 1, 0))
            self.source.scroll_cursor_visible(center=True)
        self.source.focus()

    def action_focus_problems(self) -> None:
        problems = self.query_one("#editor-problems", OptionList)
        problems.focus()
        if problems.highlighted is None and problems.option_count:
            problems.highlighted = 0

    def action_next_problem(self) -> None:
        """Move the cursor to the next marked line below it (or the first one)."""
        marks = sorted(self.source.marks)
        if not marks:
            self.notify("No problems.")
            return
        here = self.source.cursor_location[0] + 1
        line = next((m for m in marks if m > here), marks[0])
        self.source.cursor_location = (line - 1, 0)
        self.source.scroll_cursor_visible(center=True)
        self.source.focus()

    # -- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    def save(self, *, force: bool = False, then: Callable[[], None] | None = None) -> None:
        """Write the buffer exactly as it is (a bundled routine's copy with its schema line
        pointed at the user's schema); ask first if the file changed on disk."""
        text = self.source.text
        save = save_user_copy if self.bundled else save_text
        try:
            self.seen = save(self.save_path, text, self.seen, force=force)
        except ChangedOnDisk:
            self.ask_about_disk_change(then)
            return
        except UserError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.saved_text = text
        self.saved_to = self.save_path
        self._warned_disk_change = False
        self.show_status()
        if self.bundled:
            self.notify(
                f"Bundled routines are not changed: saved your copy to {self.save_path}",
                timeout=8,
            )
        else:
            if self._check_timer is not None:  # typed since the last check: check what was saved
                self._check_timer.stop()
                self.check_now()
            errors = len(self.analysis.errors) if self.analysis is not None else 0
            if errors:
                self.notify(
                    f"Saved {self.save_path} with {_count(errors, 'error')}: "
                    "it does not play until fixed",
                    severity="warning",
                    timeout=8,
                )
            else:
                self.notify(f"Saved {self.save_path}")
        if then is not None:
            then()

    def ask_about_disk_change(self, then: Callable[[], None] | None = None) -> None:
        def answered(answer: str | None) -> None:
            if answer == "keep":
                self.save(force=True, then=then)
            elif answer == "reload":
                self.reload()

        self.app.push_screen(
            ChoiceScreen(
                f"{self.save_path.name} was changed on disk since you opened it.\n"
                "Reload it (your changes here are dropped), or keep yours and overwrite it?",
                [
                    Answer("reload", "r", "Reload"),
                    Answer("keep", "k", "Keep mine"),
                    Answer("cancel", "c", "Cancel"),
                ],
            ),
            answered,
        )

    def reload(self) -> None:
        """Replace the buffer with the file on disk."""
        try:
            text, state = read_text(self.save_path)
        except UserError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.saved_text, self.seen = text, state
        self._warned_disk_change = False
        self.source.load_text(text)
        self.show_status()
        self.check_now()

    def look_at_disk(self) -> None:
        """Say once when the file changes on disk behind the editor's back."""
        if self._warned_disk_change or not changed_since(self.save_path, self.seen):
            return
        self._warned_disk_change = True
        self.notify(
            f"{self.save_path.name} changed on disk; Ctrl-S will ask whether to reload it "
            "or keep yours",
            severity="warning",
            timeout=10,
        )

    def action_format(self) -> None:
        """Lay the YAML out evenly (comments and key order kept); undo restores it."""
        try:
            formatted = reformat(self.source.text)
        except ValueError:
            self.notify("Fix the YAML errors first, then format.", severity="warning")
            return
        if formatted != self.source.text:
            self.source.replace(formatted, (0, 0), self.source.document.end)

    # -- leaving -------------------------------------------------------------------------

    def action_leave(self) -> None:
        """Close the editor, asking first when there are unsaved changes."""
        if not self.modified:
            self.close()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.save(then=self.close)
            elif answer == "discard":
                self.close()

        self.app.push_screen(
            ChoiceScreen(
                f"Save your changes to {self.save_path.name}?",
                [
                    Answer("save", "s", "Save"),
                    Answer("discard", "d", "Discard"),
                    Answer("cancel", "c", "Cancel"),
                ],
            ),
            answered,
        )

    def close(self) -> None:
        """Leave the editor (the app decides what comes next)."""
        self.dismiss(self.saved_to)

    # -- playing -----------------------------------------------------------------------

    def action_play(self) -> None:
        """Play the routine as it is in the buffer, from the exercise under the cursor."""
        if self._check_timer is not None:  # typed in the last moment: check that too
            self._check_timer.stop()
            self.check_now()
        analysis = self.analysis
        if analysis is None or analysis.routine is None:
            self.notify("Fix the errors first, then play.", severity="warning")
            return
        routine = analysis.routine
        index = analysis.exercise_at(self.source.cursor_location[0] + 1)
        name = routine.exercises()[index].name if index is not None else None
        # The app plays it, as it plays everything; this screen comes back when it ends.
        self.post_message(PlayRoutine(routine, name, try_out=True))


def editor_blocks_quit(app: App[Any]) -> bool:
    """For an app's quit action: whether an open editor stops it (it asks, or waits).

    With the editor on top, quitting closes the editor the way Escape does (asking about
    unsaved changes); with an editor below another screen (a question, the player), the app
    does not quit until that screen is closed.
    """
    editors = [s for s in app.screen_stack if isinstance(s, EditorScreen)]
    if not editors:
        return False
    if app.screen is editors[-1]:
        editors[-1].action_leave()
        return True
    if any(editor.modified for editor in editors):
        app.bell()
        app.notify("Close this screen first: the editor has unsaved changes.")
        return True
    return False


def _library() -> dict[str, LibraryExercise]:
    """The exercise library, or none when it cannot be read (the check says why)."""
    from player.routine.library import load_library
    from player.routine.problems import RoutineError

    try:
        return load_library()
    except RoutineError:
        return {}


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def wrap_script(lines: list[str], width: int) -> list[str]:
    """Script lines wrapped to `width`, continuations indented under the text (not the time)."""
    if width < 20:
        return lines
    wrapped: list[str] = []
    for line in lines:
        time_, gap, _ = line.partition("  ")
        indent = " " * (len(time_) + len(gap)) if gap else ""
        wrapped += textwrap.wrap(line, width, subsequent_indent=indent) or [""]
    return wrapped


def _yaml_if_available() -> str | None:
    """`yaml` when tree-sitter's YAML grammar is installed (syntax colours), else plain."""
    try:
        import tree_sitter_yaml  # noqa: F401
    except ImportError:
        return None
    return "yaml"
