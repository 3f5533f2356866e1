"""`workout play --no-ui` as a real process: timing in a recording, keys in a terminal,
Ctrl-C, SIGKILL and `--resume`, and the messages for bad options and a broken journal."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import sqlite3
import subprocess
import sys
import termios
import time
import wave
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest

from player.cli import main
from player.history import open_history
from player.history.checkins import Moment, read_checkins
from player.options import PlayOptions
from player.paths import history_db
from player.routine import load_routine
from player.session.prepare import prepare_session
from player.session.steps import steps_of
from player.sound.base import SAMPLE_RATE
from player.sound.mix import Placement, mix
from player.sound.tones import load_tone
from player.speech import SpeechCache, make_synthesizer, real_duration_of, render_all
from player.timeline.compile import Verbosity, compile_timeline, script_texts

# A routine of a few seconds a step, so whole sessions run in well under a minute.
QUICK = """\
title: Q
safety: Stop at once if anything hurts, and sit down for a moment before you go on.
defaults: {prepare: 3s, countdown: 1, rest: 0}
sections:
  - name: S
    kind: stabilisation
    exercises:
      - {name: Brace, duration: 2s}
      - {name: Bridge, duration: 2s}
      - {name: Squat, duration: 2s}
"""
TOLERANCE = 0.020


@pytest.fixture
def quick(tmp_path: Path) -> Path:
    path = tmp_path / "quick.yaml"
    path.write_text(QUICK)
    return path


def _workout(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    process: subprocess.Popen[str] = subprocess.Popen(
        [sys.executable, "-m", "player", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
        **kwargs,  # type: ignore[call-overload]
    )
    return process


def _lines_until(process: subprocess.Popen[str], needle: str, timeout: float = 30.0) -> list[str]:
    """Read the process's stdout line by line until one contains `needle`.

    Reads the pipe itself (`select` on a buffered reader misses lines already sitting in
    its buffer, and a process that then waits for a key, a check-in, is never seen asking);
    what came after the needle is kept for the next call.
    """
    assert process.stdout is not None
    fd = process.stdout.fileno()
    buffer = _PENDING.pop(process.pid, b"")
    seen: list[str] = []
    end = time.monotonic() + timeout
    while True:
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            seen.append(line.decode(errors="replace"))
            if needle in seen[-1]:
                _PENDING[process.pid] = buffer
                return seen
        left = end - time.monotonic()
        if left <= 0:
            break
        ready, _, _ = select.select([fd], [], [], min(left, 0.5))
        if ready:
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            buffer += chunk
    raise AssertionError(f"{needle!r} never came; got {seen}")


_PENDING: dict[int, bytes] = {}  # read past the last needle, per process


def _sessions() -> list[tuple[int, str, int | None]]:
    db = sqlite3.connect(history_db())
    try:
        return db.execute("SELECT id, status, resumed_from FROM sessions ORDER BY id").fetchall()
    finally:
        db.close()


def _recorded() -> bool:
    """Whether the journal has a session yet (a journal being created has no tables yet)."""
    try:
        return history_db().exists() and bool(_sessions())
    except sqlite3.OperationalError:
        return False


def _steps(session_id: int) -> list[tuple[int, str | None]]:
    db = sqlite3.connect(history_db())
    try:
        return db.execute(
            "SELECT idx, exercise FROM steps WHERE session_id = ? ORDER BY idx", (session_id,)
        ).fetchall()
    finally:
        db.close()


def _onsets(samples: array[int], threshold: int = 1000) -> list[float]:
    onsets: list[float] = []
    quiet = 10**9
    for i, sample in enumerate(samples):
        if abs(sample) > threshold:
            if quiet >= 0.020 * SAMPLE_RATE:
                onsets.append(i / SAMPLE_RATE)
            quiet = 0
        else:
            quiet += 1
    return onsets


def test_every_cue_starts_within_20ms_of_its_plan_in_the_recording(
    quick: Path, tmp_path: Path
) -> None:
    routine = load_routine(quick).routine
    # A warm cache, as after a first play: the process and this test fit the same lengths.
    synthesizer = make_synthesizer("fake")
    cache = SpeechCache(synthesizer.engine)
    clips = render_all(
        script_texts(routine, Verbosity.BRIEF), routine.language, routine.voice, synthesizer, cache
    )
    recording = tmp_path / "heard.wav"
    process = _workout(
        "play", str(quick), "--no-ui", "--tts", "fake", "--verbosity", "brief",
        f"--audio=record:{recording}", "--from", "Bridge", stdin=subprocess.DEVNULL,
    )  # fmt: skip
    out, err = process.communicate(timeout=90)
    assert process.returncode == 0, err
    assert "Finished:" in out

    timeline = compile_timeline(
        routine, real_duration_of(routine, engine="fake"), verbosity=Verbosity.BRIEF
    )
    with wave.open(str(recording), "rb") as wav:
        heard = array("h", wav.readframes(wav.getnframes()))
    # The plan from Bridge on, mixed from the same clips at the planned offsets (from the
    # moment playing started): the same onsets, if every cue came on time.
    start = next(s.start for s in steps_of(timeline) if s.exercise == "Bridge")
    placements = [
        Placement(c.at - start, load_tone(c.tone) if c.tone else clips[c.text or ""])
        for c in timeline.cues
        if c.at >= start
    ]
    planned = array("h", mix(placements, round((timeline.total - start) * SAMPLE_RATE)))
    heard_onsets, planned_onsets = _onsets(heard), _onsets(planned)
    assert len(planned_onsets) >= 8
    assert len(heard_onsets) == len(planned_onsets)
    errors = [h - p for h, p in zip(heard_onsets, planned_onsets, strict=True)]
    assert max(abs(e) for e in errors) < TOLERANCE, [round(e * 1000, 1) for e in errors]
    print("onset errors (ms):", [round(e * 1000, 1) for e in errors])


def test_sigkill_loses_nothing_finished_and_resume_goes_on_from_the_next_step(
    quick: Path,
) -> None:
    first = _workout(
        "play", str(quick), "--no-ui", "--tts", "fake", "--audio", "null",
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        seen = _lines_until(first, "3/5  S: Bridge")
        first.send_signal(signal.SIGKILL)
        first.wait(5)
    finally:
        first.kill()
        first.communicate()
    assert any("2/5  S: Brace" in line for line in seen)

    # The journal is intact and has what was finished before the kill.
    db = sqlite3.connect(history_db())
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    db.close()
    [(killed, status, _)] = _sessions()
    assert status == "playing"
    assert _steps(killed) == [(0, None), (1, "Brace")]
    assert main(["history", "--format", "csv"]) == 0

    resumed = _workout(
        "play", str(quick), "--no-ui", "--tts", "fake", "--audio", "null", "--resume",
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    out, err = resumed.communicate(timeout=60)
    assert resumed.returncode == 0, err
    lines = out.splitlines()
    assert "starting at step 3: Bridge" in lines
    steps = [line for line in lines if line.startswith("[")]
    assert [s.split("  ", 1)[1] for s in steps] == ["S: Bridge", "S: Squat", "Finish"]
    assert steps[0].split()[1] == "3/5"

    [(first_id, first_status, _), (second_id, second_status, resumed_from)] = _sessions()
    assert (first_status, second_status, resumed_from) == ("finished", "finished", first_id)
    assert _steps(second_id) == [(2, "Bridge"), (3, "Squat"), (4, None)]
    # Nothing more to resume.
    assert main(["play", str(quick), "--no-ui", "--resume", "--tts", "fake"]) == 2


def test_ctrl_c_stops_cleanly_and_records_what_was_done(quick: Path) -> None:
    process = _workout(
        "play", str(quick), "--no-ui", "--tts", "fake", "--audio", "null",
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    _lines_until(process, "2/5  S: Brace")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 130
    assert "Traceback" not in err
    assert "Stopped after" in out and f"workout play {quick} --resume" in out
    [(session, status, _)] = _sessions()
    assert status == "stopped"
    assert _steps(session) == [(0, None)]


@pytest.fixture
def terminal() -> Iterator[tuple[int, int]]:
    leader, follower = pty.openpty()
    yield leader, follower
    os.close(leader)
    os.close(follower)


def test_single_keys_in_a_terminal_and_the_terminal_restored(
    quick: Path, terminal: tuple[int, int]
) -> None:
    leader, follower = terminal
    before = termios.tcgetattr(follower)
    process = _workout(
        "play", str(quick), "--no-ui", "--tts", "fake", "--audio", "null", stdin=follower,
    )  # fmt: skip
    try:
        # The check-in before: one key answers.
        _lines_until(process, "? How is your back today, 0 to 10? (0 to 9, t for 10, Enter")
        os.write(leader, b"4")
        _lines_until(process, "check-in: pain 4")
        _lines_until(process, "keys: space pause")
        cbreak = termios.tcgetattr(follower)
        assert not cbreak[3] & termios.ICANON and not cbreak[3] & termios.ECHO
        _lines_until(process, "1/5")
        os.write(leader, b" ")
        _lines_until(process, "paused at")
        os.write(leader, b" ")
        _lines_until(process, "going on")
        os.write(leader, b"t")
        assert _lines_until(process, " left")[-1].startswith("      » ")
        os.write(leader, b"n")
        _lines_until(process, "2/5  S: Brace")
        os.write(leader, b"q")
        _lines_until(process, "Stopped after")
        # The check-in after: t is ten, Enter skips.
        _lines_until(process, "? How is your back today")
        os.write(leader, b"t")
        _lines_until(process, "? How hard was that, 0 to 10?")
        os.write(leader, b"\r")
        _lines_until(process, "check-in: pain 10")
        process.wait(10)
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == 0
    assert termios.tcgetattr(follower) == before  # restored
    with open_history() as history:
        checkins = read_checkins(history)
    assert [(c.moment, c.pain, c.effort) for c in checkins] == [
        (Moment.BEFORE, 4, None),
        (Moment.AFTER, 10, None),
    ]


def test_from_an_exercise_with_did_you_mean(
    quick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["play", str(quick), "--no-ui", "--tts", "fake", "--from", "brige"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "workout: no exercise 'brige' in 'Q' (did you mean 'Bridge'?); "
        "it has: Brace, Bridge, Squat\n"
    )


def test_from_and_resume_do_not_go_together(
    quick: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["play", str(quick), "--no-ui", "--from", "Squat", "--resume"])
    assert exit_.value.code == 2


def test_from_starts_at_that_step_any_case(quick: Path) -> None:
    routine = load_routine(quick).routine
    prepared = prepare_session(
        routine, name="quick", options=PlayOptions(audio="null", tts="fake"), from_exercise="SQUAT"
    )
    try:
        assert prepared.start_step is not None and prepared.start_step.exercise == "Squat"
        assert prepared.start_offset == prepared.start_step.start > 0
    finally:
        prepared.close()


def test_a_journal_that_cannot_be_written_is_said_and_the_session_still_plays(
    quick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("WORKOUT_DATA_DIR", str(blocker / "data"))
    routine = load_routine(quick).routine
    prepared = prepare_session(routine, name="quick", options=PlayOptions(audio="null", tts="fake"))
    try:
        assert prepared.journal is None
        assert prepared.notices == [
            f"the history journal could not be written at {blocker / 'data' / 'history.sqlite3'}"
            " (Not a directory); this session plays but is not recorded"
        ]
        assert prepared.session.status == "ready"
    finally:
        prepared.close()


def test_a_damaged_journal_is_said_once_and_a_new_one_records(quick: Path) -> None:
    path = history_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00garbage" * 1000)
    routine = load_routine(quick).routine
    prepared = prepare_session(routine, name="quick", options=PlayOptions(audio="null", tts="fake"))
    try:
        assert len(prepared.notices) == 1 and "was damaged" in prepared.notices[0]
        assert prepared.journal is not None
    finally:
        prepared.close()


def test_no_audio_device_plays_silently_and_says_so(quick: Path) -> None:
    routine = load_routine(quick).routine
    prepared = prepare_session(routine, name="quick", options=PlayOptions(audio="null", tts="fake"))
    try:
        assert prepared.audio == "none (--audio null): silent"
    finally:
        prepared.close()


def test_a_reader_that_leaves_does_not_stop_the_session_or_print_a_traceback(
    quick: Path,
) -> None:
    """`workout play --no-ui | head -1`: the session plays on to its end, silently."""
    process = _workout(
        "play",
        str(quick),
        "--no-ui",
        "--tts",
        "fake",
        "--audio",
        "null",
        stdin=subprocess.DEVNULL,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # the reader leaves
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert "Traceback" not in err and "BrokenPipe" not in err
    ((status,),) = sqlite3.connect(history_db()).execute("SELECT status FROM sessions")
    assert status == "finished"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["break", "--no-ui", "--tts", "bogus"], "invalid choice: 'bogus'"),
        (["play", "x.yaml", "--no-ui", "--tts", "espeak"], "invalid choice: 'espeak'"),
    ],
)
def test_bad_speech_or_audio_options_are_usage_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        code = main(args)
        raise SystemExit(code)
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_the_player_screen_refuses_a_bad_audio_option_before_it_opens() -> None:
    from player.errors import UsageError
    from player.routine import find_routine
    from player.tui.app import check_start

    routine = load_routine(find_routine("desk-break-back")).routine
    with pytest.raises(UsageError, match="unknown audio backend 'speakers'"):
        check_start(routine, None, False, "speakers")
    check_start(routine, None, False, "null")


def test_a_journal_that_fills_up_mid_session_is_reported_exactly(quick: Path) -> None:
    """A full disk 20 s in: the end says what the journal holds, not 'Recorded'."""
    import io

    from player.console import play_in_console
    from player.session.start import start_session

    routine = load_routine(quick).routine
    started = start_session(routine, options=PlayOptions(audio="null", tts="fake"))
    prepared = started.prepared
    assert prepared.journal is not None
    # Real SQLite refuses every step row from the third step (Bridge) on, as SQLITE_FULL does.
    prepared.journal.history.connection.execute(
        "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON steps WHEN NEW.idx >= 2"
        " BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
    )
    out = io.StringIO()
    with open(os.devnull) as keys:
        assert play_in_console(started, title="Q", out=out, keys=keys) == 0
    lines = out.getvalue().splitlines()
    assert not any(line.startswith("Recorded in history") for line in lines)
    assert lines[-1] == (
        "Not fully recorded in history: 1 of 3 exercises done are in the journal; its end was "
        f"not recorded (the history journal could not be written at {history_db()} "
        "(database or disk is full))."
    )
    [(session, status, _)] = _sessions()
    assert status == "playing" and _steps(session) == [(0, None), (1, "Brace")]


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP])
@pytest.mark.parametrize("screen", [False, True])
def test_sigterm_and_sighup_stop_and_record_and_leave_no_log(
    quick: Path, terminal: tuple[int, int], tmp_path: Path, ending: int, screen: bool
) -> None:
    """Before: the player died on the spot, recording no end and leaving workout-*.log."""
    leader, follower = terminal
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    options = [] if screen else ["--no-ui"]
    process = subprocess.Popen(
        [sys.executable, "-m", "player", "play", str(quick), *options, "--tts", "fake",
         "--audio", "null"],
        stdin=follower, stdout=follower, stderr=follower,
        env={**os.environ, "TMPDIR": str(temporary), "TERM": "xterm-256color"},
    )  # fmt: skip
    try:
        seen = b""
        end = time.monotonic() + 60
        while time.monotonic() < end and not (  # the session is playing
            (b"1/5" in seen) if not screen else _recorded()
        ):
            if select.select([leader], [], [], 0.2)[0]:
                seen += os.read(leader, 65536)
        process.send_signal(ending)
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            if select.select([leader], [], [], 0.5)[0]:
                os.read(leader, 65536)
    finally:
        process.kill()
        process.wait()
    assert process.returncode in (0, 130), process.returncode
    [(_, status, _)] = _sessions()
    assert status == "stopped"  # the end is recorded
    assert list(temporary.iterdir()) == []  # no workout-*.log left behind


def test_an_editor_ended_by_sigterm_keeps_the_unsaved_text(
    tmp_path: Path, terminal: tuple[int, int]
) -> None:
    """Before: SIGTERM (or a crash) ended `workout edit` on the spot, the buffer gone."""
    leader, follower = terminal
    routine = tmp_path / "mine.yaml"
    routine.write_text(QUICK, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "player", "edit", str(routine)],
        stdin=follower, stdout=follower, stderr=follower,
        env={**os.environ, "TERM": "xterm-256color"},
    )  # fmt: skip
    try:
        seen = b""
        end = time.monotonic() + 60
        while time.monotonic() < end and b"Edit mine" not in seen:
            if select.select([leader], [], [], 0.2)[0]:
                seen += os.read(leader, 65536)
        os.write(leader, b"# typed, never saved")
        end = time.monotonic() + 30
        while time.monotonic() < end and b"never saved" not in seen:  # the keys are in
            if select.select([leader], [], [], 0.2)[0]:
                seen += os.read(leader, 65536)
        process.send_signal(signal.SIGTERM)
        end = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < end:
            if select.select([leader], [], [], 0.2)[0]:
                seen += os.read(leader, 65536)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == 1
    [rescued] = tmp_path.glob("mine.yaml.rescued-*")
    assert rescued.read_text(encoding="utf-8") == "# typed, never saved" + QUICK
    assert routine.read_text(encoding="utf-8") == QUICK  # the file itself untouched


def test_a_quick_break_plays_without_a_screen(terminal: tuple[int, int]) -> None:
    """`workout break --no-ui`: a break followed in any terminal or over ssh, its length
    the minutes asked for, skipped through with `n` to the summary."""
    leader, follower = terminal
    process = _workout(
        "break", "--no-ui", "--minutes", "2", "--tts", "fake", "--audio", "null",
        stdin=follower,
    )  # fmt: skip
    try:
        # The check-in before comes first: its answer sets today's dose. Enter skips it.
        _lines_until(process, "? How is your back today")
        os.write(leader, b"\r")
        header = _lines_until(process, "Quick break — 2 minutes")[-1]
        length = re.search(r" · (\d+):(\d\d) · (\d+) steps", header)
        assert length, header
        seconds = int(length[1]) * 60 + int(length[2])
        assert abs(seconds - 120) <= 12, header
        _lines_until(process, "keys: space pause")
        steps = int(length[3])
        _lines_until(process, f"1/{steps}")  # keys are read from here on
        for step in range(2, steps + 1):
            os.write(leader, b"n")
            _lines_until(process, f"{step}/{steps}")
        os.write(leader, b"n")
        lines = _lines_until(process, "Finished:")
        _lines_until(process, "? How is your back today")  # the check-in after
        os.write(leader, b"\r")
        _lines_until(process, "? How hard was that")
        os.write(leader, b"\r")
        process.wait(20)
    finally:
        process.kill()
        process.communicate()
    assert process.returncode == 0
    assert "Finished:" in lines[-1]
