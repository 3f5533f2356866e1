"""The history database: opening it (WAL), its schema version and migrations, damage control."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from player import paths
from player.errors import UserError

# One entry per schema version: MIGRATIONS[n] takes a database from version n to n + 1.
# Never edit a released entry; append a new one. `PRAGMA user_version` holds the version.
MIGRATIONS: list[str] = [
    # 1 — the first release.
    """
    CREATE TABLE sessions (
        id           INTEGER PRIMARY KEY,
        routine      TEXT NOT NULL,          -- the routine's name (file stem)
        path         TEXT,                   -- the routine file played
        title        TEXT NOT NULL,
        language     TEXT NOT NULL,
        started      TEXT NOT NULL,          -- ISO 8601, local time with its offset
        ended        TEXT,
        status       TEXT NOT NULL DEFAULT 'playing'
                     CHECK (status IN ('playing', 'stopped', 'finished', 'resumed')),
        planned      REAL NOT NULL,          -- seconds the timeline lasts
        elapsed      REAL NOT NULL DEFAULT 0,-- seconds played, pauses excluded
        step_count   INTEGER NOT NULL,
        resumed_from INTEGER REFERENCES sessions (id)
    );
    CREATE INDEX sessions_by_routine ON sessions (routine, id);
    CREATE TABLE steps (
        session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        idx          INTEGER NOT NULL,       -- the step's index in the session's timeline
        exercise     TEXT,                   -- NULL for the intro and the outro
        section_kind TEXT,
        seconds      REAL NOT NULL,
        finished_at  TEXT NOT NULL,
        PRIMARY KEY (session_id, idx)
    );
    CREATE INDEX steps_by_time ON steps (finished_at);
    """,
    # 2 — the step a stopped session was in, where `--resume` goes on.
    """
    ALTER TABLE sessions ADD COLUMN at_step INTEGER;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_MS = 250  # a locked journal must not hold up the cues


class HistoryError(UserError):
    """The journal could not be read or written; the message says where."""


Now = Callable[[], datetime]


def local_now() -> datetime:
    return datetime.now().astimezone()


class History:
    """An open history database. `notice` says what happened on opening (e.g. a damaged
    journal moved aside), for the caller to tell the user once."""

    def __init__(self, connection: sqlite3.Connection, path: Path, now: Now = local_now) -> None:
        self.connection = connection
        self.path = path
        self.now = now
        self.notice: str | None = None

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.connection.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """A transaction, committed at the end; errors become `HistoryError` saying where."""
        try:
            with self.connection:
                yield self.connection
        except sqlite3.Error as error:
            raise _cannot(self.path, error) from error

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for queries; errors become `HistoryError` saying where."""
        try:
            yield self.connection
        except sqlite3.Error as error:
            raise HistoryError(
                f"the history journal at {self.path} could not be read ({error})"
            ) from error

    def timestamp(self) -> str:
        return self.now().isoformat(timespec="seconds")


def open_history(path: Path | None = None, *, now: Now = local_now) -> History:
    """Open (creating or migrating) the journal. A damaged file is moved aside as
    `<name>.corrupt-<timestamp>` and a new one started; `History.notice` says so."""
    path = path or paths.history_db()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot(path, error) from error
    try:
        return _open(path, now)
    except sqlite3.DatabaseError as error:
        if not _damaged(error):
            raise _cannot(path, error) from error
    aside = path.with_name(f"{path.name}.corrupt-{now().strftime('%Y%m%d-%H%M%S')}")
    try:
        path.replace(aside)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
        history = _open(path, now)
    except (OSError, sqlite3.Error) as error:
        raise _cannot(path, error) from error
    history.notice = (
        f"the history journal at {path} was damaged; it was moved to {aside} and a new one started"
    )
    return history


def _open(path: Path, now: Now) -> History:
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"the history journal at {path} was made by a newer workout-player "
                f"(schema {version}, this one knows {SCHEMA_VERSION}); update workout-player"
            )
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")  # WAL: a killed process loses nothing
        for target in range(version + 1, SCHEMA_VERSION + 1):
            _migrate(connection, target)
        if version == SCHEMA_VERSION:
            # A damaged file can still read its header; make SQLite look at the tables.
            connection.execute("SELECT count(*) FROM sessions").fetchone()
    except BaseException:
        connection.close()
        raise
    return History(connection, path, now)


def _migrate(connection: sqlite3.Connection, target: int) -> None:
    """Apply MIGRATIONS[target - 1] and set the version, in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        for statement in MIGRATIONS[target - 1].split(";"):
            if statement.strip():
                connection.execute(statement)
        connection.execute(f"PRAGMA user_version = {target}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _damaged(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT) or (
        code is None and "not a database" in str(error)
    )


def _cannot(path: Path, error: BaseException) -> HistoryError:
    reason = error.strerror if isinstance(error, OSError) else str(error)
    return HistoryError(f"the history journal could not be written at {path} ({reason})")
