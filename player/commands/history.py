"""`workout history`: sessions done, the current streak, minutes per kind this week and in total."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from player.history import SessionRecord

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


def run(args: argparse.Namespace) -> int:
    from player.errors import UsageError
    from player.history import (
        minutes_per_kind,
        open_history,
        recent_sessions,
        streak,
        week_start,
    )

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    if args.action == "delete":
        return _delete(args)
    if args.id is not None:
        raise UsageError("an ID goes with `workout history delete ID`")
    with open_history() as history:
        if history.notice:
            print(f"workout: {history.notice}", file=sys.stderr)
        sessions = recent_sessions(args.limit, history=history, include_short=args.all)
        every = recent_sessions(args.limit, history=history, include_short=True)
        hidden = 0 if args.all else len({s.id for s in every} - {s.id for s in sessions})
        today = history.now().date()
        days = streak(today, history=history)
        week = minutes_per_kind(week_start(today), history=history)
        total = minutes_per_kind(history=history)

    rows = [_row(s) for s in sessions]
    if args.format == "json":
        document = {
            "sessions": rows,
            "streak": days,
            "minutes_per_kind": {"week": _rounded(week), "total": _rounded(total)},
        }
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(ROW_FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        print(_table(rows, days, week, total, ids=args.all))
        if hidden:
            runs = "run" if hidden == 1 else "runs"
            print(f"\n({hidden} {runs} under a minute not shown: `workout history --all`)")
    return 0


def _delete(args: argparse.Namespace) -> int:
    from player.commands.confirm import confirmed
    from player.errors import UsageError
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


def _row(session: SessionRecord) -> dict[str, Any]:
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
    }


def _rounded(minutes: dict[str, float]) -> dict[str, float]:
    return {kind: round(value, 1) for kind, value in minutes.items()}


def _table(
    rows: list[dict[str, Any]],
    days: int,
    week: dict[str, float],
    total: dict[str, float],
    ids: bool = False,
) -> str:
    from player.routine.durations import format_clock

    if not rows:
        return "No sessions yet. Play one: workout play desk-break-back"
    lines = ["Sessions (newest first)"]
    width = max(len(r["title"]) for r in rows)
    for r in rows:
        started = r["started"][:16].replace("T", " ")
        played = f"{format_clock(r['elapsed_seconds'])} of {format_clock(r['planned_seconds'])}"
        exercises = f"{r['exercises']} exercise" + ("" if r["exercises"] == 1 else "s")
        number = f"{r['id']:>4}  " if ids else ""
        lines.append(
            f"  {number}{started}  {r['title']:<{width}}  {played:>13}  {r['status']:<11}  "
            f"{exercises}"
        )
    lines.append("")
    lines.append(f"Streak: {days} day" + ("" if days == 1 else "s") + " in a row")
    lines.append("")
    kinds = sorted(set(week) | set(total), key=lambda k: -total.get(k, 0.0))
    if kinds:
        lines.append(f"  {'Minutes per kind':<16}  {'this week':>9}  {'total':>7}")
        for kind in kinds:
            lines.append(f"  {kind:<16}  {week.get(kind, 0.0):>9.1f}  {total.get(kind, 0.0):>7.1f}")
        lines.append(f"  {'all':<16}  {sum(week.values()):>9.1f}  {sum(total.values()):>7.1f}")
    return "\n".join(lines)
