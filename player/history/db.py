"""The history database: opening it (WAL), its schema version and migrations, damage control."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from player import paths
from player.errors import UserError
from player.files import PRIVATE_FILE

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
    # 2 — check-ins: pain (and effort) before and after a session. Additive only.
    """
    CREATE TABLE checkins (
        session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        moment       TEXT NOT NULL CHECK (moment IN ('before', 'after')),
        pain         INTEGER CHECK (pain BETWEEN 0 AND 10),
        effort       INTEGER CHECK (effort BETWEEN 0 AND 10),
        recorded     TEXT NOT NULL,          -- ISO 8601, local time with its offset
        PRIMARY KEY (session_id, moment)
    );
    """,
    # 3 — `workout history` over years of sessions: minutes per kind from an index alone.
    """
    CREATE INDEX IF NOT EXISTS steps_by_kind ON steps (section_kind, seconds)
        WHERE exercise IS NOT NULL;
    """,
    # 4 — the step a stopped session was in, where `--resume` goes on.
    """
    ALTER TABLE sessions ADD COLUMN at_step INTEGER;
    """,
    # 5 — when a level changed (the report says so), and the optional rating after an
    # exercise's last set. Additive only.
    """
    CREATE TABLE level_changes (
        id           INTEGER PRIMARY KEY,
        library_id   TEXT NOT NULL,          -- the library exercise whose level changed
        exercise     TEXT NOT NULL,          -- its name at the new level, as it was said
        level_from   INTEGER NOT NULL,
        level_to     INTEGER NOT NULL,
        reason       TEXT NOT NULL CHECK (reason IN ('easier', 'harder', 'progression')),
        session_id   INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
        changed      TEXT NOT NULL           -- ISO 8601, local time with its offset
    );
    CREATE INDEX level_changes_by_time ON level_changes (changed);
    CREATE TABLE exercise_ratings (
        session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        idx          INTEGER NOT NULL,       -- the step: an exercise's last set (rounds differ)
        exercise     TEXT NOT NULL,
        effort       INTEGER NOT NULL CHECK (effort BETWEEN 0 AND 10),
        recorded     TEXT NOT NULL,          -- ISO 8601, local time with its offset
        PRIMARY KEY (session_id, idx)
    );
    """,
    # 6 — how often and when last each exercise was done (what the coach says to someone who
    # knows it), read from an index alone: without it, every `workout play` scanned every
    # step ever recorded (0.1 s with 100,000 sessions, before the first word).
    """
    CREATE INDEX IF NOT EXISTS steps_by_exercise ON steps (exercise, finished_at)
        WHERE exercise IS NOT NULL;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_MS = 250  # a locked journal must not hold up the cues


class HistoryError(UserError):
    """The journal could not be read or written; the message says where."""


class JournalDamaged(HistoryError):
    """SQLite found the journal's file damaged ("malformed", "not a database")."""


Now = Callable[[], datetime]
T = TypeVar("T")


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
        """A transaction, committed at the end; errors become `HistoryError` saying where
        (`JournalDamaged` when the file is damaged: `recover()` then starts a new one)."""
        try:
            with self.connection:
                yield self.connection
        except sqlite3.Error as error:
            if isinstance(error, sqlite3.DatabaseError) and _damaged(error):
                raise JournalDamaged(str(_cannot(self.path, error))) from error
            raise _cannot(self.path, error) from error

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for queries; errors become `HistoryError` saying where."""
        try:
            yield self.connection
        except sqlite3.Error as error:
            kind = (
                JournalDamaged
                if isinstance(error, sqlite3.DatabaseError) and _damaged(error)
                else HistoryError
            )
            raise kind(f"the history journal at {self.path} could not be read ({error})") from error

    def write(self, statements: Callable[[sqlite3.Connection], T]) -> T:
        """Run `statements` in one transaction. On a damaged file, `recover()` and run them
        once more in the new journal (which has every readable row of the old one)."""
        try:
            with self.writing() as db:
                return statements(db)
        except JournalDamaged:
            self.recover()
        with self.writing() as db:
            return statements(db)

    def recover(self) -> None:
        """Move a damaged journal aside and go on in a new one holding every row SQLite can
        still read from it; `notice` says so."""
        self.close()
        self.connection, self.notice = _start_again(self.path, self.now)

    def timestamp(self) -> str:
        return self.now().isoformat(timespec="seconds")


def open_history(
    path: Path | None = None, *, now: Now = local_now, to_read: bool = False
) -> History:
    """Open (creating or migrating) the journal. A damaged file is moved aside as
    `<name>.corrupt-<timestamp>` and a new one started; `History.notice` says so.
    `to_read`: the caller only reads, so a failure says "read", not "written"."""
    path = path or paths.history_db()
    try:
        paths.private_dir(path.parent)
    except OSError as error:
        raise _cannot(path, error, to_read) from error
    try:
        return _open(path, now)
    except sqlite3.DatabaseError as error:
        if not _damaged(error):
            raise _cannot(path, error, to_read) from error
    connection, notice = _start_again(path, now)
    history = History(connection, path, now)
    history.notice = notice
    return history


def _start_again(path: Path, now: Now) -> tuple[sqlite3.Connection, str]:
    """Move the damaged journal at `path` aside, start a new one there and copy into it the
    rows SQLite can still read; the new connection and the notice for the user."""
    aside = path.with_name(f"{path.name}.corrupt-{now().strftime('%Y%m%d-%H%M%S')}")
    try:
        path.replace(aside)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
        history = _open(path, now)
        saved = _salvage(aside, history.connection)
    except (OSError, sqlite3.Error) as error:
        raise _cannot(path, error) from error
    kept = (
        f"with the {saved} session{'s' if saved != 1 else ''} that could still be read"
        if saved
        else "(nothing in it could be read)"
    )
    return history.connection, (
        f"the history journal at {path} was damaged; it was moved to {aside} "
        f"and a new one started {kept}"
    )


_BATCH = 500
# Every table of the schema, parents first: what a damaged journal's rows are copied from.
SALVAGED = ("sessions", "steps", "checkins", "level_changes", "exercise_ratings")


def _salvage(damaged: Path, fresh: sqlite3.Connection) -> int:
    """Copy every row SQLite can read from the `damaged` file into `fresh`, table by table,
    stepping over the damaged pages; the number of sessions copied."""
    try:
        old = sqlite3.connect(f"file:{damaged}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    fresh.execute("PRAGMA foreign_keys = OFF")  # outside a transaction, or it does nothing
    try:
        with contextlib.closing(old), fresh:
            for table in SALVAGED:
                wanted = [r[1] for r in fresh.execute(f"PRAGMA table_info({table})")]
                try:
                    had = {r[1] for r in old.execute(f"PRAGMA table_info({table})")}
                except sqlite3.Error:
                    continue
                common = [c for c in wanted if c in had]
                if not common:
                    continue
                columns = ", ".join(common)
                fresh.executemany(
                    f"INSERT OR IGNORE INTO {table} ({columns})"
                    f" VALUES ({', '.join('?' * len(common))})",
                    (row[1:] for row in _readable_rows(old, table, columns)),
                )
            # What the copy cannot point to any more (its session was on a damaged page).
            for table in ("steps", "checkins", "exercise_ratings"):
                fresh.execute(
                    f"DELETE FROM {table} WHERE session_id NOT IN (SELECT id FROM sessions)"
                )
            fresh.execute(
                "UPDATE level_changes SET session_id = NULL"
                " WHERE session_id NOT IN (SELECT id FROM sessions)"
            )
            fresh.execute(
                "UPDATE sessions SET resumed_from = NULL"
                " WHERE resumed_from NOT IN (SELECT id FROM sessions)"
            )
    finally:
        fresh.execute("PRAGMA foreign_keys = ON")
    return int(fresh.execute("SELECT count(*) FROM sessions").fetchone()[0])


def _readable_rows(db: sqlite3.Connection, table: str, columns: str) -> list[tuple[Any, ...]]:
    """The rows of `table` that can be read, in rowid order: read in batches; where a batch
    fails, one row at a time; where a row fails, skip ahead 1, 2, 4 ... rowids."""
    rows: list[tuple[Any, ...]] = []
    after, skip, batch = -(2**63), 1, _BATCH
    while after < 2**62:
        try:
            got = db.execute(
                f"SELECT rowid, {columns} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (after, batch),
            ).fetchall()
        except sqlite3.DatabaseError:
            if batch > 1:
                batch = 1
            else:
                after, skip = after + skip, skip * 2
            continue
        if not got:
            return rows
        rows.extend(got)
        after, skip, batch = int(got[-1][0]), 1, _BATCH
    return rows


def _private_files(path: Path) -> None:
    """The journal and its WAL files for the user alone (0600): a new file is made so before
    SQLite opens it (SQLite gives its WAL files the journal's permissions); an older one
    that others could read is closed."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            info = file.stat()
            if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) & 0o077:
                file.chmod(PRIVATE_FILE)


def _open(path: Path, now: Now) -> History:
    with contextlib.suppress(OSError):  # a folder that cannot be written: SQLite says why
        _private_files(path)
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


def _cannot(path: Path, error: BaseException, to_read: bool = False) -> HistoryError:
    reason = error.strerror if isinstance(error, OSError) else str(error)
    if to_read:
        return HistoryError(f"the history journal at {path} could not be read ({reason})")
    return HistoryError(f"the history journal could not be written at {path} ({reason})")
