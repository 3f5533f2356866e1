"""History hygiene: try-outs under a minute are not sessions, quick breaks have their own
place, and a history entry or a routine of the user's can be removed (asked first, kept)."""

from __future__ import annotations

from pathlib import Path

import pytest

from player import paths
from player.cli import main
from player.history import SessionJournal, open_history, recent_sessions, streak
from player.quickbreak import quick_break, save_break
from player.session.prepare import resume_command


def _session(title: str, elapsed: float, status: str = "finished") -> int:
    with open_history() as history:
        journal = SessionJournal.start(
            history,
            routine=title.lower(),
            path=None,
            title=title,
            language="en",
            planned=elapsed,
            step_count=3,
        )
        journal.ended(status, elapsed)
        return journal.session_id


def test_runs_under_a_minute_are_not_listed_or_counted_unless_asked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _session("Preview", 3.0)
    _session("Desk break", 190.0)
    assert [s.title for s in recent_sessions()] == ["Desk break"]
    assert [s.title for s in recent_sessions(include_short=True)] == ["Desk break", "Preview"]
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Desk break" in out and "Preview" not in out
    assert "(1 run under a minute not shown: `workout history --all`)" in out
    assert main(["history", "--all"]) == 0
    assert "Preview" in capsys.readouterr().out


def test_a_short_try_out_alone_makes_no_streak() -> None:
    _session("Try-out", 5.0)
    assert streak() == 0


def test_history_delete_asks_first_and_keeps_a_copy(capsys: pytest.CaptureFixture[str]) -> None:
    keep = _session("Desk break", 190.0)
    gone = _session("Focus", 600.0)
    assert main(["history", "delete", str(gone)]) == 2  # no terminal to ask on
    assert "add --yes" in capsys.readouterr().err
    assert len(recent_sessions()) == 2
    assert main(["history", "delete", str(gone), "--yes"]) == 0
    assert f"Deleted session {gone}: Focus" in capsys.readouterr().out
    assert [s.id for s in recent_sessions()] == [keep]
    backup = Path(f"{paths.history_db()}.bak")
    with open_history(backup) as old:
        assert {s.id for s in recent_sessions(history=old)} == {keep, gone}
    assert main(["history", "delete", "999", "--yes"]) == 1
    assert "no session 999" in capsys.readouterr().err


def test_rm_removes_a_user_routine_into_a_kept_copy(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = paths.user_routines_dir() / "my-back.yaml"
    mine.parent.mkdir(parents=True)
    text = (data_dir / "good" / "desk-break.yaml").read_text(encoding="utf-8")
    mine.write_text(text, encoding="utf-8")
    assert main(["rm", "my-back"]) == 2  # asks first: no terminal, so nothing happens
    assert mine.exists()
    assert main(["rm", "my-back", "--yes"]) == 0
    assert not mine.exists()
    [kept] = paths.removed_dir().iterdir()
    assert kept.read_text(encoding="utf-8") == text
    assert str(kept) in capsys.readouterr().out


def test_rm_leaves_bundled_routines_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rm", "desk-break-back", "--yes"]) == 2
    assert "bundled" in capsys.readouterr().err
    assert (paths.bundled_routines_dir() / "desk-break-back.yaml").exists()


def test_a_quick_break_is_kept_in_its_own_place_not_among_the_users_routines(
    capsys: pytest.CaptureFixture[str],
) -> None:
    routine = save_break(quick_break(minutes=3, seed=1))
    assert routine.path is not None and routine.path.parent == paths.quick_breaks_dir()
    assert resume_command(routine) == "workout break --resume"
    assert main(["list"]) == 0
    assert "quick-break" not in capsys.readouterr().out


def test_break_resume_without_a_break_says_how_to_start_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["break", "--resume", "--no-ui", "--tts", "fake", "--audio", "null"]) == 2
    assert "start one with `workout break`" in capsys.readouterr().err


def test_the_resume_command_names_a_routine_it_finds_by_name_else_its_path(
    data_dir: Path,
) -> None:
    from player.routine import find_routine, load_routine

    bundled = load_routine(find_routine("desk-break-back")).routine
    assert resume_command(bundled) == "workout play desk-break-back --resume"
    file = load_routine(data_dir / "good" / "desk-break.yaml").routine
    assert resume_command(file) == f"workout play {data_dir / 'good' / 'desk-break.yaml'} --resume"
