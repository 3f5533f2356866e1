"""The player screen, driven by its keys over the real engine on a fake clock."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import ProgressBar, Static

from player.history import recent_sessions
from player.routine.durations import format_clock
from player.routine.model import Routine
from player.session.clock import FakeClock
from player.speech.fake import FakeSynthesizer
from player.timeline.model import SegmentKind
from player.tui.app import WorkoutApp, make_app
from player.tui.player_settings import PlayerSettings
from player.tui.screens.confirm import ConfirmScreen
from player.tui.screens.history import HistoryScreen
from player.tui.screens.player import PlayerScreen
from player.tui.screens.summary import SummaryScreen
from player.tui.widgets.countdown import Countdown


def _app(routine: Routine, clock: FakeClock, output: Any, **settings: Any) -> WorkoutApp:
    return make_app(
        PlayerSettings(tts="fake", audio="null", **settings),
        routine,
        clock=clock,
        output=output,
        synthesizer=FakeSynthesizer(),
    )


async def _until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the condition never came true")


async def _started(pilot: Pilot[Any], app: WorkoutApp) -> None:
    await _until(pilot, lambda: app.live is not None and app.live.state().playing)


async def _advance(pilot: Pilot[Any], app: WorkoutApp, clock: FakeClock, seconds: float) -> None:
    """Move the fake clock on, let the runner fire what is due, let the screen repaint."""
    assert app.live is not None
    clock.advance(seconds)
    app.live.session.wake()
    await pilot.pause(0.05)
    screen = app.screen
    if isinstance(screen, PlayerScreen):
        screen.repaint()
        await pilot.pause()


async def _go_to(
    pilot: Pilot[Any], app: WorkoutApp, clock: FakeClock, kind: SegmentKind, exercise: str
) -> None:
    """Advance the clock into the first segment of `kind` of `exercise`."""
    assert app.live is not None
    segment = next(
        s for s in app.live.timeline.segments if s.kind is kind and s.exercise == exercise
    )
    await _advance(pilot, app, clock, segment.start + 0.5 - app.live.state().offset)


def _text(app: WorkoutApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_the_screen_shows_the_exercise_its_kind_and_the_countdown(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        assert app.live is not None
        state = app.live.state()
        assert _text(app, "#exercise") == "Seated cat-cow"
        assert _text(app, "#phase") == "Work"
        assert _text(app, "#position") == "Sit tall on the front edge of your chair."
        assert _text(app, "#next-up") == "Next up: Thoracic rotation"
        assert app.screen.query_one(Countdown).value == format_clock(state.segment_left, "up")
        badge = app.screen.query_one("#kind", Static)
        assert "MOBILISATION" in str(badge.content)
        assert badge.has_class("-kind-mobilisation")
        # The countdown follows the engine's clock, not ticks.
        await _advance(pilot, app, clock, 5.0)
        assert app.screen.query_one(Countdown).value == format_clock(state.segment_left - 5.0, "up")
        # Cues were heard through the output, and the last line is shown as a caption.
        assert output.played
        assert _text(app, "#caption").startswith("🔈")


async def test_sides_sets_and_reps_are_shown(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Thoracic rotation")
        assert _text(app, "#detail") == "Left side"
        await _go_to(pilot, app, clock, SegmentKind.HOLD, "Abdominal bracing")
        assert _text(app, "#detail") == "Set 1 of 2 · Rep 1 of 2"
        assert _text(app, "#phase") == "Hold"
        badge = app.screen.query_one("#kind", Static)
        assert badge.has_class("-kind-stabilisation")
        assert not badge.has_class("-kind-mobilisation")


async def test_space_pauses_unmistakably_and_resumes_with_a_lead_in(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        assert app.live is not None
        await pilot.press("space")
        state = app.live.state()
        assert state.paused
        assert app.screen.has_class("-paused")
        assert "PAUSED" in _text(app, "#phase")
        shown = app.screen.query_one(Countdown).value
        await _advance(pilot, app, clock, 30.0)
        assert app.live.state().offset == state.offset  # time stands still
        assert app.screen.query_one(Countdown).value == shown
        await pilot.press("space")
        assert app.live.state().playing
        assert app.live.state().lead_in
        assert not app.screen.has_class("-paused")
        assert _text(app, "#phase") == "Get ready"


async def test_next_and_previous_move_between_exercises(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        assert app.live is not None
        before = app.live.state().step_index
        assert before is not None
        await pilot.press("n")
        assert app.live.state().step_index == before + 1
        await _advance(pilot, app, clock, 0.1)
        assert _text(app, "#exercise") == "Thoracic rotation"
        await pilot.press("p")  # just after its start: back to the one before
        assert app.live.state().step_index == before
        assert _text(app, "#exercise") == "Seated cat-cow"


async def test_repeat_and_time_left_are_said_on_demand(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        await pilot.press("r")
        await _until(
            pilot, lambda: "Sit tall on the front edge" in _text(app, "#caption"), timeout=3
        )
        await pilot.press("t")
        # "N seconds left" is rendered when asked for; the engine tries it again as time
        # passes (it never blocks the screen waiting for speech).
        for _ in range(40):
            if "left" in _text(app, "#caption").lower():
                break
            await _advance(pilot, app, clock, 0.05)
        assert "left" in _text(app, "#caption").lower()
        notices = [str(n.message) for n in app._notifications]
        assert any(n.endswith("left in this session") for n in notices)


async def test_done_ends_open_reps(short_routine: Routine, clock: FakeClock, output: Any) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.OPEN, "Sit to stand")
        assert app.live is not None
        assert _text(app, "#phase") == "Press d when you have finished."
        await pilot.press("d")
        state = app.live.state()
        assert state.segment is not None and state.segment.kind is SegmentKind.OUTRO


async def test_speech_rate_and_mute(short_routine: Routine, clock: FakeClock, output: Any) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        assert app.live is not None
        rate = app.live.voice.rate
        await pilot.press("plus")
        assert app.live.voice.rate == rate + 10
        await pilot.press("minus", "minus")
        assert app.live.voice.rate == rate - 10
        await pilot.press("m")
        assert app.screen.has_class("-muted")
        heard = len(output.played)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        assert len(output.played) == heard  # cues fired, nothing was played
        await pilot.press("m")
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Thoracic rotation")
        assert len(output.played) > heard


async def test_quit_asks_first_then_shows_the_summary_and_records_the_session(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Thoracic rotation")
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert app.live is not None and app.live.state().paused  # it waits for the answer
        offset = app.live.state().offset
        await _advance(pilot, app, clock, 30.0)
        assert app.live.state().offset == offset
        await pilot.press("n")
        assert isinstance(app.screen, PlayerScreen)
        assert app.live is not None and app.live.state().playing
        await pilot.press("q", "y")
        await _until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        text = _text(app, "#summary-text")
        assert "Stopped early" in text
        assert "✓ Seated cat-cow" in text
        assert "Mobilisation" in text
        path = str(short_routine.path)
        assert f"Go on later with: workout play {path} --resume" in text
    sessions = recent_sessions(include_short=True)
    assert [(s.title, s.status, s.steps_done) for s in sessions] == [("Player test", "stopped", 1)]


async def test_a_finished_session_shows_well_done_and_exits_when_asked(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output, exit_after=True)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        assert app.live is not None
        await _go_to(pilot, app, clock, SegmentKind.OPEN, "Sit to stand")
        await pilot.press("d")
        await _advance(pilot, app, clock, 60.0)
        await _until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        text = _text(app, "#summary-text")
        assert text.startswith("Well done!")
        assert "Exercises: 4" in text
        await pilot.press("h")  # the history, read from the journal just written
        assert isinstance(app.screen, HistoryScreen)
        head = _text(app, "#history-head")
        assert head.startswith("Streak: 1 day · 1 session ·")
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await _until(pilot, lambda: app.return_code == 0)
    assert recent_sessions(include_short=True)[0].status == "finished"


async def test_the_command_palette_jumps_to_an_exercise_and_sets_verbosity(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        assert app.live is not None
        await pilot.press("ctrl+p")
        await pilot.press(*"jump abdominal")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _until(pilot, lambda: app.live is not None and app.live.state().exercise is not None)
        assert app.live.state().exercise == "Abdominal bracing"
        await pilot.press("ctrl+p")
        await pilot.press(*"verbosity tones")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await _until(pilot, lambda: app.live is not None and app.live.verbosity == "tones")
        heard = len(output.played)
        await _go_to(pilot, app, clock, SegmentKind.OPEN, "Sit to stand")
        # Only tones now: every clip played is a tone (far shorter than any phrase).
        assert all(frames < 22050 * 1.3 for _, frames in output.played[heard:])


async def test_a_broken_device_and_no_speech_are_said_in_one_line_and_play_goes_on(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    output.broken = True
    app = make_app(
        PlayerSettings(tts="no-such-engine", audio="null"),
        short_routine,
        clock=clock,
        output=output,
    )
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        await _until(pilot, lambda: "audio stopped working" in _text(app, "#problems"))
        problems = _text(app, "#problems").splitlines()
        assert any(p.startswith("⚠ No speech") for p in problems)
        assert app.live is not None and app.live.state().playing
        assert _text(app, "#exercise") == "Seated cat-cow"


async def test_a_tiny_terminal_and_resizes_keep_the_countdown_visible(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        heights = {}
        for size in ((60, 20), (80, 24), (60, 20), (120, 40), (160, 48)):
            await pilot.resize_terminal(*size)
            await pilot.pause(0.1)
            countdown = app.screen.query_one(Countdown)
            region = countdown.region
            assert countdown.big, size  # block digits, not the three-row fallback
            assert region.right <= size[0] and region.bottom <= size[1] - 1, size
            assert app.screen.query_one("#phase").region.height == 1, size
            assert app.screen.query_one("#exercise").region.height >= 1, size
            heights[size] = region.height
        # The clock grows with the terminal and is the biggest thing on the screen.
        assert heights[(60, 20)] < heights[(120, 40)] < heights[(160, 48)]
        card = app.screen.query_one("#card").region
        assert heights[(160, 48)] > card.height / 2 and region.width > card.width
        await pilot.press("space")
        await pilot.pause(0.1)
        assert app.screen.query_one(Countdown).region.height == heights[(160, 48)]
        # Below five rows for it, three-row digits still show the time.
        await pilot.resize_terminal(60, 14)
        await pilot.pause(0.1)
        countdown = app.screen.query_one(Countdown)
        assert not countdown.big and countdown.region.height >= 3
        assert countdown.region.bottom <= 13


async def test_speech_renders_behind_a_progress_bar_on_a_cold_cache(
    short_routine: Routine,
    clock: FakeClock,
    output: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORKOUT_CACHE_DIR", str(tmp_path / "cold"))
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        assert app.live is not None
        renderer = app.live.prepared.renderer
        assert renderer is not None
        await _until(pilot, lambda: renderer.done, timeout=20)
        bar = app.screen.query_one("#speech-bar", ProgressBar)
        await _until(pilot, lambda: bar.progress == renderer.total)
        assert bar.total == renderer.total > 20
        assert not app.screen.has_class("-rendering")


async def test_resume_goes_on_after_the_last_finished_exercise(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    first = _app(short_routine, clock, output)
    async with first.run_test(size=(100, 32)) as pilot:
        await _started(pilot, first)
        await _go_to(pilot, first, clock, SegmentKind.WORK, "Thoracic rotation")
        await pilot.press("q", "y")
        await _until(pilot, lambda: isinstance(first.screen, SummaryScreen))
    again = _app(short_routine, FakeClock(), output, resume=True)
    async with again.run_test(size=(100, 32)) as pilot:
        await _started(pilot, again)
        assert again.live is not None
        assert again.live.state().exercise == "Thoracic rotation"
    sessions = recent_sessions(include_short=True)
    assert [s.status for s in sessions] == ["stopped", "resumed"]


@pytest.mark.parametrize("size", [(80, 24), (100, 24), (60, 20), (200, 60)])
async def test_the_caption_and_quit_are_on_screen_at_every_size(
    short_routine: Routine, clock: FakeClock, output: Any, size: tuple[int, int]
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=size) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        screen = app.screen
        caption = screen.query_one("#caption", Static)
        width, height = size
        assert caption.display and caption.region.height >= 1
        assert caption.region.bottom <= height and caption.region.right <= width
        assert _text(app, "#caption").strip(), "a caption with something to follow"
        quit_key = next(k for k in screen.query("FooterKey") if k.key == "q")  # type: ignore[attr-defined]
        assert quit_key.region.width > 0 and quit_key.region.right <= width


async def test_before_anything_is_said_the_caption_shows_what_to_do(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output, verbosity="tones")
    async with app.run_test(size=(80, 24)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        screen.said = ""
        screen.repaint()
        assert _text(app, "#caption") in (
            "Sit tall on the front edge of your chair.",
            str(app.live.state().instructions if app.live else ""),
        )
        await pilot.press("m")
        assert _text(app, "#caption").startswith("🔇 Muted")


async def test_resume_goes_on_in_the_step_the_session_was_stopped_in(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        await pilot.press("n", "n")  # skipped ahead: the steps between were not finished
        assert app.live is not None
        stopped_in = app.live.state().step_index
        assert stopped_in is not None and stopped_in >= 3
        await pilot.press("q", "y")
        await _until(pilot, lambda: isinstance(app.screen, SummaryScreen))
    resumed = _app(short_routine, FakeClock(), output, resume=True)
    async with resumed.run_test(size=(100, 32)) as pilot:
        await _started(pilot, resumed)
        assert resumed.live is not None
        assert resumed.live.state().step_index == stopped_in


async def test_the_time_left_notice_does_not_cover_the_progress_bars(
    short_routine: Routine, clock: FakeClock, output: Any
) -> None:
    app = _app(short_routine, clock, output)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.WORK, "Seated cat-cow")
        await pilot.press("t")
        await pilot.pause(0.3)
        toasts = list(app.screen.query("Toast"))
        assert toasts
        covered = [
            app.screen.query_one(selector).region
            for selector in ("#step-bar", "#session-pane", "#caption")
        ]
        for toast in toasts:
            assert all(not toast.region.overlaps(region) for region in covered), toast.region


async def test_h_makes_the_exercise_under_way_harder_and_keeps_it(
    clock: FakeClock, output: Any
) -> None:
    from player.levels import read_levels
    from player.routine import find_routine, load_routine

    routine = load_routine(find_routine("desk-break-back")).routine
    app = _app(routine, clock, output)
    async with app.run_test(size=(100, 32)) as pilot:
        await _started(pilot, app)
        await _go_to(pilot, app, clock, SegmentKind.HOLD, "Abdominal bracing")
        await pilot.press("h")
        await pilot.pause()
        assert read_levels() == {"abdominal-bracing": 1}
        notes = [n.message for n in app._notifications]
        assert any("One step harder: Standing bracing with slow breathing" in n for n in notes)
