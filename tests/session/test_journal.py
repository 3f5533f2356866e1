"""The journal is written by a subscriber to the engine's events: into a real SQLite history, at
the moment each step finishes and at the stop itself; a journal that fails is said once and
the session plays on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from player.history import SessionJournal, find_resumable, open_history
from player.session import events as ev
from player.session.journal import JournalWriter
from player.session.state import Status
from player.timeline.model import Timeline
from tests.session.conftest import MemoryJournal, Rig


def _recorded(rig: Rig, tmp_path: Path, timeline: Timeline) -> SessionJournal:
    history = open_history(tmp_path / "history.db")
    journal = SessionJournal.start(
        history,
        routine="desk-break",
        path=None,
        title="Desk break",
        language="en",
        planned=timeline.total,
        step_count=len(rig.session.steps),
    )
    rig.session.subscribe(JournalWriter(journal))
    return journal


def _rows(journal: SessionJournal, sql: str) -> list[tuple[Any, ...]]:
    with journal.history.reading() as db:
        return list(db.execute(sql, (journal.session_id,)).fetchall())


def test_a_stop_is_in_the_journal_before_any_poll_and_resume_goes_on_there(
    make_rig: Any, timeline: Timeline, tmp_path: Path
) -> None:
    rig = make_rig(timeline)
    journal = _recorded(rig, tmp_path, timeline)
    rig.run_until(90.0)  # in Plank's step (the third)
    rig.session.stop()  # as Ctrl-C or SIGTERM does: no poll follows
    status, elapsed, at_step = _rows(
        journal, "SELECT status, elapsed, at_step FROM sessions WHERE id = ?"
    )[0]
    assert (status, at_step) == ("stopped", 2)
    assert elapsed == pytest.approx(90.0)
    steps = _rows(journal, "SELECT idx, exercise FROM steps WHERE session_id = ? ORDER BY idx")
    assert steps == [(0, None), (1, "Bird dog")]
    resumable = find_resumable(journal.history, "desk-break")
    assert resumable is not None and resumable.next_step == 2
    assert resumable.finished_steps == (0, 1)
    journal.history.close()


def test_a_finished_session_records_every_step_with_its_time(
    make_rig: Any, timeline: Timeline, tmp_path: Path
) -> None:
    rig = make_rig(timeline)
    journal = _recorded(rig, tmp_path, timeline)
    rig.run_until(30.0)
    rig.command("pause")
    rig.clock.advance(100.0)  # a pause is not time spent
    rig.command("resume")
    rig.run_to_end()
    status, elapsed, at_step = _rows(
        journal, "SELECT status, elapsed, at_step FROM sessions WHERE id = ?"
    )[0]
    assert status == "finished" and at_step == len(rig.session.steps) - 1
    lead_in = next(e.lead_in for e in rig.events if isinstance(e, ev.Resumed))
    assert elapsed == pytest.approx(timeline.total + lead_in)
    seconds = dict(_rows(journal, "SELECT idx, seconds FROM steps WHERE session_id = ?"))
    bird_dog = rig.session.steps[1]
    assert seconds[1] == pytest.approx(bird_dog.work_end - bird_dog.start + lead_in)
    assert sorted(seconds) == list(range(len(rig.session.steps)))
    assert find_resumable(journal.history, "desk-break") is None
    journal.history.close()


def test_a_failing_journal_is_said_once_and_dropped_and_the_session_plays_on(
    make_rig: Any, timeline: Timeline
) -> None:
    journal = MemoryJournal(fail=True)
    rig = make_rig(timeline, journal=journal)
    rig.run_to_end()
    warnings = [e for e in rig.events if isinstance(e, ev.Warning)]
    assert [w.text for w in warnings] == ["the history journal could not be written at /nowhere"]
    # Said right after the step it could not record, not at the end.
    at = rig.events.index(warnings[0])
    assert isinstance(rig.events[at - 1], ev.StepFinished)
    assert rig.events[at - 1].step.index == 0
    assert journal.ends == []  # dropped: not asked again, not even for the end
    assert rig.session.status is Status.FINISHED


def test_another_subscriber_hears_every_event_as_it_happens(
    make_rig: Any, timeline: Timeline
) -> None:
    rig = make_rig(timeline, start=None)
    heard: list[ev.Event] = []
    rig.session.subscribe(heard.append)
    rig.session.start()
    rig.run_until(20.0)
    rig.session.pause()
    assert isinstance(heard[-1], ev.Paused)  # before the poll that hands it out
    polled = rig.session.poll()
    assert heard == rig.events + polled
