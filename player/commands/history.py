"""`workout history`: sessions done, the current streak, minutes per kind this week and in total."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from player.history import SessionRecord
    from player.history.checkins import Checkin

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
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
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
    from player.history import (
        minutes_per_kind,
        open_history,
        recent_sessions,
        streak,
        week_start,
    )
    from player.history.checkins import read_checkins

    if args.limit < 1:
        from player.errors import UsageError

        raise UsageError("--limit must be at least 1")
    with open_history() as history:
        if history.notice:
            print(f"workout: {history.notice}", file=sys.stderr)
        sessions = recent_sessions(args.limit, history=history)
        today = history.now().date()
        days = streak(today, history=history)
        week = minutes_per_kind(week_start(today), history=history)
        total = minutes_per_kind(history=history)
        checkins = read_checkins(history)

    rows = [_row(s, checkins) for s in sessions]
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
        print(_table(rows, days, week, total))
    return 0


def _row(session: SessionRecord, checkins: list[Checkin]) -> dict[str, Any]:
    mine = {c.moment.value: c for c in checkins if c.session_id == session.id}
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
    return ", ".join(parts)


def _rounded(minutes: dict[str, float]) -> dict[str, float]:
    return {kind: round(value, 1) for kind, value in minutes.items()}


def _table(
    rows: list[dict[str, Any]], days: int, week: dict[str, float], total: dict[str, float]
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
        lines.append(
            f"  {started}  {r['title']:<{width}}  {played:>13}  {r['status']:<11}  "
            f"{exercises:<12}  {_checkin_text(r)}".rstrip()
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
