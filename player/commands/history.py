"""`workout history`: sessions done, the current streak, minutes per kind this week and in total."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from player.errors import UsageError, printable

if TYPE_CHECKING:
    from player.history import History, SessionRecord
    from player.history.checkins import Checkin, ExerciseRating

FORMATS = ("table", "csv", "json")
ROW_FIELDS = (
    "id",
    "started",
    "ended",
    "routine",
    "title",
    "language",
    "status",
    "planned_seconds",
    "elapsed_seconds",
    "exercises",
    "resumed_from",
    "pain_before",
    "pain_after",
    "effort",
    "exercise_ratings",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "action",
        nargs="?",
        choices=("show", "delete"),
        default="show",
        help="show the history (default), or delete ID (asks first, keeps a backup)",
    )
    parser.add_argument("id", nargs="?", type=int, metavar="ID", help="a session's id (--all)")
    parser.add_argument(
        "--all",
        action="store_true",
        help="also list runs shorter than a minute (previews, try-outs), and every id",
    )
    parser.add_argument("--yes", action="store_true", help="delete without asking")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table for reading (default); csv for spreadsheets (sessions); json for scripts",
    )
    parser.add_argument(
        "-n",
        "--limit",
        type=int,
        default=20,
        metavar="N",
        help="how many recent sessions to list (default 20)",
    )
    parser.add_argument(
        "--today",
        action="store_true",
        help='only today: its sessions and breaks against the plan ("4 of 8 breaks")',
    )


def run(args: argparse.Namespace) -> int:
    from player.history import (
        minutes_per_kind,
        open_history,
        recent_sessions,
        streak,
        week_start,
    )
    from player.history.checkins import read_checkins, read_ratings

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.action == "delete":
        return _delete(args)
    if args.id is not None:
        raise UsageError("an ID goes with `workout history delete ID`")
    with open_history(to_read=True) as history:
        if args.today:
            shown = _today(history, args.format)
            if history.notice:
                print(f"workout: {history.notice}", file=sys.stderr)
            return shown
        sessions = recent_sessions(args.limit, history=history, include_short=args.all)
        every = recent_sessions(args.limit, history=history, include_short=True)
        hidden = 0 if args.all else len({s.id for s in every} - {s.id for s in sessions})
        today = history.now().date()
        days = streak(today, history=history)
        week = minutes_per_kind(week_start(today), history=history)
        total = minutes_per_kind(history=history)
        checkins = read_checkins(history)
        ratings = read_ratings(history)
        if history.notice:  # damage found on opening or by a query: said once
            print(f"workout: {history.notice}", file=sys.stderr)

    rows = [_row(s, checkins, ratings) for s in sessions]
    if args.format != "json":  # JSON escapes control characters itself
        for row in rows:  # a journal from before they were refused may hold some
            row["title"], row["routine"] = printable(row["title"]), printable(row["routine"])
    document = {
        "sessions": rows,
        "streak": days,
        "minutes_per_kind": {"week": _rounded(week), "total": _rounded(total)},
    }

    def table() -> str:
        text = _table(rows, days, week, total, ids=args.all)
        if hidden:
            runs = "run" if hidden == 1 else "runs"
            text += f"\n\n({hidden} {runs} under a minute not shown: `workout history --all`)"
        return text

    _show(args.format, rows, document, table)
    return 0


def _show(
    form: str, rows: list[dict[str, Any]], document: dict[str, Any], table: Callable[[], str]
) -> None:
    """The sessions as JSON (the whole document), CSV (the rows) or a table for reading."""
    if form == "json":
        import json

        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif form == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(ROW_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(_flat(row) for row in rows)
    else:
        print(table())


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row for CSV: the exercise ratings as `Bird dog=7; Bridge=5`."""
    rated = "; ".join(f"{r['exercise']}={r['effort']}" for r in row["exercise_ratings"])
    return row | {"exercise_ratings": rated}


def _today(history: History, form: str) -> int:
    """`--today`: today's sessions and the breaks done against the reminder's plan."""
    from player.history import recent_sessions
    from player.history.checkins import read_checkins, read_ratings
    from player.workday.today import breaks_today

    today = history.now().date()
    breaks = breaks_today(history, today)
    sessions = [s for s in recent_sessions(1000, history=history) if s.started.date() == today]
    checkins, ratings = read_checkins(history, today), read_ratings(history, today)
    rows = [_row(s, checkins, ratings) for s in sessions]
    document = {
        "date": today.isoformat(),
        "breaks": {"done": breaks.done, "planned": breaks.planned},
        "sessions": rows,
    }

    def table() -> str:
        lines = [f"Today, {today:%a %d %b}: {breaks.text()}"]
        lines += _session_lines(rows) if rows else ["  Nothing yet. A break: workout break"]
        return "\n".join(lines)

    _show(form, rows, document, table)
    return 0


def _delete(args: argparse.Namespace) -> int:
    from player.commands.confirm import confirmed
    from player.history import HistoryError, delete_session, open_history, recent_sessions
    from player.routine.durations import format_clock

    if args.id is None:
        raise UsageError("which session? `workout history --all` lists them with their ids")
    with open_history() as history:
        every = recent_sessions(10**9, history=history, include_short=True)
        record = next((s for s in every if s.id == args.id), None)
        if record is None:
            raise HistoryError(f"no session {args.id} in the history (`workout history --all`)")
        when = record.started.strftime("%Y-%m-%d %H:%M")
        what = f"session {record.id}: {record.title}, {when}, {format_clock(record.elapsed)}"
        if not confirmed(f"Delete {what}?", args.yes):
            print("Nothing deleted.")
            return 0
        delete_session(record.id, history=history)
        print(f"Deleted {what} (a copy of the history before: {history.path}.bak)")
    return 0


def _row(
    session: SessionRecord, checkins: list[Checkin], ratings: list[ExerciseRating] | None = None
) -> dict[str, Any]:
    mine = {c.moment.value: c for c in checkins if c.session_id == session.id}
    rated = [r for r in ratings or () if r.session_id == session.id]
    before, after = mine.get("before"), mine.get("after")
    return {
        "id": session.id,
        "started": session.started.isoformat(timespec="seconds"),
        "ended": session.ended.isoformat(timespec="seconds") if session.ended else None,
        "routine": session.routine,
        "title": session.title,
        "language": session.language,
        "status": session.status,
        "planned_seconds": round(session.planned, 1),
        "elapsed_seconds": round(session.elapsed, 1),
        "exercises": session.steps_done,
        "resumed_from": session.resumed_from,
        "pain_before": before.pain if before else None,
        "pain_after": after.pain if after else None,
        "effort": after.effort if after else None,
        # How hard each exercise was, after its last set (`[session] ratings`), in order.
        "exercise_ratings": [{"exercise": r.exercise, "effort": r.effort} for r in rated],
    }


def _checkin_text(row: dict[str, Any]) -> str:
    """`pain 4 → 2, effort 6`; what was not answered is left out."""

    def known(value: int | None) -> str:
        return "–" if value is None else str(value)

    parts = []
    if row["pain_before"] is not None or row["pain_after"] is not None:
        parts.append(f"pain {known(row['pain_before'])} → {known(row['pain_after'])}")
    if row["effort"] is not None:
        parts.append(f"effort {row['effort']}")
    if row["exercise_ratings"]:
        rated = " · ".join(f"{r['exercise']} {r['effort']}" for r in row["exercise_ratings"])
        parts.append(f"rated {rated}")
    return ", ".join(parts)


def _session_lines(rows: list[dict[str, Any]], ids: bool = False) -> list[str]:
    from player.routine.durations import format_clock

    lines = []
    width = max(len(r["title"]) for r in rows)
    for r in rows:
        started = r["started"][:16].replace("T", " ")
        played = f"{format_clock(r['elapsed_seconds'])} of {format_clock(r['planned_seconds'])}"
        exercises = f"{r['exercises']} exercise" + ("" if r["exercises"] == 1 else "s")
        number = f"{r['id']:>4}  " if ids else ""
        lines.append(
            f"  {number}{started}  {r['title']:<{width}}  {played:>13}  {r['status']:<11}  "
            f"{exercises:<12}  {_checkin_text(r)}".rstrip()
        )
    return lines


def _rounded(minutes: dict[str, float]) -> dict[str, float]:
    return {kind: round(value, 1) for kind, value in minutes.items()}


def _table(
    rows: list[dict[str, Any]],
    days: int,
    week: dict[str, float],
    total: dict[str, float],
    ids: bool = False,
) -> str:
    if not rows:
        return "No sessions yet. Play one: workout play desk-break-back"
    lines = ["Sessions (newest first)", *_session_lines(rows, ids), ""]
    lines.append(f"Streak: {days} day" + ("" if days == 1 else "s") + " in a row")
    lines.append("")
    kinds = sorted(set(week) | set(total), key=lambda k: -total.get(k, 0.0))
    if kinds:
        lines.append(f"  {'Minutes per kind':<16}  {'this week':>9}  {'total':>7}")
        for kind in kinds:
            lines.append(f"  {kind:<16}  {week.get(kind, 0.0):>9.1f}  {total.get(kind, 0.0):>7.1f}")
        lines.append(f"  {'all':<16}  {sum(week.values()):>9.1f}  {sum(total.values()):>7.1f}")
    return "\n".join(lines)
