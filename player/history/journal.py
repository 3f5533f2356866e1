"""Recording a session as it plays: a row for it and one per finished step, each committed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from player.history.db import History, HistoryError


class FinishedStep(Protocol):
    """What the journal needs of a step (`player.session.steps.Step` has it)."""

    @property
    def index(self) -> int: ...
    @property
    def exercise(self) -> str | None: ...
    @property
    def section_kind(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Resumable:
    """An interrupted session of a routine, and where to go on."""

    session_id: int
    routine: str
    started: str
    next_step: int  # the step it stopped in (killed: the one after the last finished)
    finished_steps: tuple[int, ...]
    elapsed: float  # played so far, over the session and those it resumed
    step_count: int


class SessionJournal:
    """The journal of one session; `player.session.journal.JournalWriter` calls it from the
    engine's events (see `Journal` there).

    Every call commits, so a killed process loses at most the step in progress. Failures
    raise `HistoryError` saying where the journal could not be written; the journal keeps
    count of what did get written, so the end of a session can say exactly that.
    """

    def __init__(self, history: History, session_id: int) -> None:
        self.history = history
        self.session_id = session_id
        self.exercises_recorded: set[int] = set()  # step indexes of exercises committed
        self.ended_as: str | None = None  # the status committed at the end
        self.failure: HistoryError | None = None  # the first write that failed

    def _write(self, statements: Callable[[sqlite3.Connection], object]) -> None:
        """One committed write (retried in a new journal if the file is damaged), noting
        the first that failed."""
        try:
            self.history.write(statements)
        except HistoryError as error:
            self.failure = self.failure or error
            raise

    @classmethod
    def start(
        cls,
        history: History,
        *,
        routine: str,
        path: str | None,
        title: str,
        language: str,
        planned: float,
        step_count: int,
        resumes: Resumable | None = None,
    ) -> SessionJournal:

        def insert(db: sqlite3.Connection) -> int | None:
            cursor = db.execute(
                "INSERT INTO sessions (routine, path, title, language, started, planned,"
                " step_count, resumed_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    routine,
                    path,
                    title,
                    language,
                    history.timestamp(),
                    planned,
                    step_count,
                    resumes.session_id if resumes else None,
                ),
            )
            if resumes is not None:
                db.execute(
                    "UPDATE sessions SET status = 'resumed' WHERE id = ?", (resumes.session_id,)
                )
            return cursor.lastrowid

        session_id = history.write(insert)
        assert session_id is not None
        return cls(history, session_id)

    def step_finished(self, step: FinishedStep, seconds: float, elapsed: float) -> None:
        def insert(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT OR REPLACE INTO steps (session_id, idx, exercise, section_kind, seconds,"
                " finished_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    self.session_id,
                    step.index,
                    step.exercise,
                    str(step.section_kind) if step.section_kind else None,
                    seconds,
                    self.history.timestamp(),
                ),
            )
            db.execute("UPDATE sessions SET elapsed = ? WHERE id = ?", (elapsed, self.session_id))

        self._write(insert)
        if step.exercise is not None:
            self.exercises_recorded.add(step.index)

    def ended(self, status: str, elapsed: float, at_step: int | None = None) -> None:
        """`finished` or `stopped` (in step `at_step`, where `--resume` goes on). Finishing
        also finishes the sessions this one resumed."""

        def update(db: sqlite3.Connection) -> None:
            db.execute(
                "UPDATE sessions SET status = ?, ended = ?, elapsed = ?, at_step = ? WHERE id = ?",
                (status, self.history.timestamp(), elapsed, at_step, self.session_id),
            )
            if status == "finished":
                for earlier in _chain(db, self.session_id)[1:]:
                    db.execute("UPDATE sessions SET status = 'finished' WHERE id = ?", (earlier,))

        self._write(update)
        self.ended_as = status

    def outcome(self, exercises_done: int) -> str:
        """What the journal holds of this session, in one line for its end (in the language
        of the console's lines, `player.i18n`)."""
        from player.i18n import _

        if self.failure is None and self.ended_as is not None:
            return _("Recorded in history ({path}).").format(path=self.history.path)
        kept = len(self.exercises_recorded)
        reason = f" ({self.failure})" if self.failure is not None else ""
        end = "" if self.ended_as is not None else _("; its end was not recorded")
        return _(
            "Not fully recorded in history: {kept} of {done} exercises done are in the "
            "journal{end}{reason}."
        ).format(kept=kept, done=exercises_done, end=end, reason=reason)


def find_resumable(history: History, routine: str) -> Resumable | None:
    """The last session of `routine` if it was interrupted (stopped or killed), else None."""
    with history.reading() as db:
        row = db.execute(
            "SELECT id, status, started, step_count, at_step FROM sessions WHERE routine = ?"
            " ORDER BY id DESC LIMIT 1",
            (routine,),
        ).fetchone()
        if row is None or row[1] not in ("playing", "stopped"):
            return None
        chain = _chain(db, row[0])
        marks = ",".join("?" * len(chain))
        finished = tuple(
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT idx FROM steps WHERE session_id IN ({marks}) ORDER BY idx",
                chain,
            )
        )
        elapsed = db.execute(
            f"SELECT coalesce(sum(elapsed), 0) FROM sessions WHERE id IN ({marks})", chain
        ).fetchone()[0]
    return Resumable(
        session_id=row[0],
        routine=routine,
        started=row[2],
        # The step the user was in when it stopped; a killed one: the step after the last
        # one finished.
        next_step=row[4] if row[4] is not None else (max(finished) + 1 if finished else 0),
        finished_steps=finished,
        elapsed=float(elapsed),
        step_count=row[3],
    )


def _chain(db: sqlite3.Connection, session_id: int) -> list[int]:
    """`session_id` and the sessions it resumed, newest first."""
    chain: list[int] = []
    current: int | None = session_id
    while current is not None and current not in chain:
        chain.append(current)
        row = db.execute("SELECT resumed_from FROM sessions WHERE id = ?", (current,)).fetchone()
        current = row[0] if row else None
    return chain
