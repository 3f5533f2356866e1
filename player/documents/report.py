"""The therapist's report: what the patient did over a period, from the history journal.

Sessions against the plan, minutes per kind, pain and effort over time (an inline SVG
chart), exercises skipped. Parts with no data source yet say so instead of showing nothing.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from player.documents.page import e, page
from player.history.checkins import Checkin, Moment, read_checkins
from player.history.db import History
from player.history.queries import SessionRecord, minutes_per_kind, recent_sessions, week_start

REPORT_CSS = """
.chart { width: 100%; height: auto; }
td.num, th.num { text-align: right; }
.missing { color: #444; font-style: italic; }
"""
ALL = 1_000_000  # sessions: every one the journal has


@dataclass(frozen=True, slots=True)
class Week:
    start: date  # a Monday
    finished: int
    stopped: int


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything the report shows, read from the journal at one moment."""

    since: date
    today: date
    sessions: tuple[SessionRecord, ...]  # in the period, oldest first
    weeks: tuple[Week, ...]
    per_week: int | None  # the plan: sessions a week, when the therapist gives it
    minutes_per_kind: dict[str, float]
    checkins: tuple[Checkin, ...]
    skipped: dict[str, int]  # exercise -> finished sessions it was missing from
    unreadable: int  # finished sessions whose routine file could not be read any more
    levels: dict[str, int] = dataclasses.field(
        default_factory=dict
    )  # library id -> the level kept now


def gather(
    history: History,
    since: date,
    today: date,
    per_week: int | None = None,
    levels: dict[str, int] | None = None,
) -> ReportData:
    """Read the report's data for `since` .. `today` from `history`, and the levels kept
    now (`levels`, by default the user's `levels.json`)."""
    from player.levels import read_levels

    sessions = tuple(
        s
        for s in reversed(recent_sessions(ALL, history=history))
        if since <= s.started.date() <= today and s.status != "resumed"
    )
    weeks = []
    monday = week_start(since)
    while monday <= today:
        in_week = [s for s in sessions if monday <= s.started.date() < monday + timedelta(7)]
        weeks.append(
            Week(
                monday,
                sum(1 for s in in_week if s.status == "finished"),
                sum(1 for s in in_week if s.status != "finished"),
            )
        )
        monday += timedelta(days=7)
    skipped, unreadable = _skipped(history, [s for s in sessions if s.status == "finished"])
    return ReportData(
        since=since,
        today=today,
        sessions=sessions,
        weeks=tuple(weeks),
        per_week=per_week,
        minutes_per_kind=minutes_per_kind(since, history=history),
        checkins=tuple(c for c in read_checkins(history, since) if c.recorded.date() <= today),
        skipped=skipped,
        unreadable=unreadable,
        levels=read_levels() if levels is None else dict(levels),
    )


def _skipped(history: History, finished: list[SessionRecord]) -> tuple[dict[str, int], int]:
    """Exercises of each finished session's routine that it has no finished step for."""
    from player.routine.loader import load_routine
    from player.routine.problems import RoutineError

    counts: Counter[str] = Counter()
    unreadable = 0
    routines: dict[str, list[str] | None] = {}
    for session in finished:
        names = routines.get(session.path or "")
        if session.path and session.path not in routines:
            try:
                routine = load_routine(Path(session.path)).routine
                names = routines[session.path] = [x.name for x in routine.exercises()]
            except RoutineError:
                names = routines[session.path] = None
        if not names:
            unreadable += 1
            continue
        with history.reading() as db:
            done = {r[0] for r in _steps(db, session.id)}
        counts.update(name for name in dict.fromkeys(names) if name not in done)
    return dict(counts.most_common()), unreadable


def _steps(db: sqlite3.Connection, session_id: int) -> list[tuple[str]]:
    rows: list[tuple[str]] = db.execute(
        "SELECT exercise FROM steps WHERE session_id = ? AND exercise IS NOT NULL", (session_id,)
    ).fetchall()
    return rows


# --- the document ----------------------------------------------------------------------


def report_html(data: ReportData) -> str:
    """The report as one HTML page (English)."""
    period = f"{data.since:%d %b %Y} – {data.today:%d %b %Y}"
    parts = [
        "<h1>Progress report</h1>",
        f'<p class="meta">{e(period)} · made with workout-player from its history journal</p>',
        _sessions(data),
        _kinds(data),
        _pain_and_effort(data),
        _skipped_html(data),
        _levels_html(data),
    ]
    return page("Progress report", "en", "\n".join(parts), REPORT_CSS)


def _levels_html(data: ReportData) -> str:
    """The levels kept now (`e`/`h` in the player)."""
    changed = {name: level for name, level in sorted(data.levels.items()) if level != 0}
    head = "<h2>Made easier or harder: levels now</h2>"
    missing = (
        '<p class="missing">When a level changed is not kept, only the level now (a red '
        "session's step back is applied to the next session, not kept here).</p>"
    )
    if not changed:
        return f"{head}<p>Every exercise at the level the routine writes.</p>{missing}"

    def said(level: int) -> str:
        steps = "step" if abs(level) == 1 else "steps"
        return f"{abs(level)} {steps} " + ("easier" if level < 0 else "harder")

    rows = "".join(
        f"<tr><td>{e(name)}</td><td>{said(level)}</td></tr>" for name, level in changed.items()
    )
    table = f"<table><tr><th>exercise (library id)</th><th>level now</th></tr>{rows}</table>"
    return head + table + missing


def _sessions(data: ReportData) -> str:
    finished = sum(w.finished for w in data.weeks)
    planned = data.per_week * len(data.weeks) if data.per_week else None
    against = f" of {planned} planned ({data.per_week} a week)" if planned else ""
    rows = "".join(
        f"<tr><td>week of {w.start:%d %b}</td><td class='num'>{w.finished}</td>"
        f"<td class='num'>{w.stopped}</td>"
        + (f"<td class='num'>{data.per_week}</td>" if data.per_week else "")
        + "</tr>"
        for w in data.weeks
    )
    plan_head = "<th class='num'>planned</th>" if data.per_week else ""
    no_plan = (
        ""
        if data.per_week
        else '<p class="missing">No plan was given (`--per-week N`): the weeks show what '
        "was done.</p>"
    )
    listed = "".join(
        f"<tr><td>{s.started:%a %d %b %H:%M}</td><td>{e(s.title)}</td><td>{e(s.status)}</td>"
        f"<td class='num'>{s.elapsed / 60:.0f} of {s.planned / 60:.0f} min</td></tr>"
        for s in data.sessions
    )
    table = (
        f"<table><tr><th>when</th><th>routine</th><th>how it ended</th>"
        f"<th class='num'>time</th></tr>{listed}</table>"
        if data.sessions
        else '<p class="missing">No sessions in this period.</p>'
    )
    return (
        f"<h2>Sessions</h2><p><strong>{finished}</strong> sessions finished{e(against)}, "
        f"{sum(w.stopped for w in data.weeks)} stopped early.</p>{no_plan}"
        f"<table><tr><th></th><th class='num'>finished</th><th class='num'>stopped</th>"
        f"{plan_head}</tr>{rows}</table><h3 style='margin-top:10pt'>Each session</h3>{table}"
    )


def _kinds(data: ReportData) -> str:
    if not data.minutes_per_kind:
        return '<h2>Minutes per kind</h2><p class="missing">No exercise done in this period.</p>'
    rows = "".join(
        f"<tr><td>{e(kind)}</td><td class='num'>{minutes:.0f} min</td></tr>"
        for kind, minutes in data.minutes_per_kind.items()
    )
    return f"<h2>Minutes per kind</h2><table>{rows}</table>"


def _pain_and_effort(data: ReportData) -> str:
    heading = "<h2>Pain and effort</h2>"
    if not data.checkins:
        return (
            f'{heading}<p class="missing">No check-ins in this period: the player does not '
            "ask for pain and effort yet (the history can hold them since schema 2).</p>"
        )
    return heading + chart_svg(data.checkins, data.since, data.today)


SERIES = (
    ("pain before", Moment.BEFORE, "pain", "#1f4e9c", "6,4"),
    ("pain after", Moment.AFTER, "pain", "#c0392b", ""),
    ("effort", Moment.AFTER, "effort", "#555555", "2,3"),
)


def chart_svg(checkins: tuple[Checkin, ...], since: date, today: date) -> str:
    """Pain before and after, and effort, 0-10 over the days of the period: inline SVG."""
    width, height, left, right, top, bottom = 640, 260, 40, 130, 10, 30
    days = max((today - since).days, 1)

    def x(day: date) -> float:
        return left + (width - left - right) * (day - since).days / days

    def y(value: int) -> float:
        return top + (height - top - bottom) * (10 - value) / 10

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="DejaVu Sans, sans-serif" font-size="11" role="img" '
        'aria-label="pain and effort over time">'
    ]
    for value in range(0, 11, 2):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#ccc" stroke-width="0.5"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{value}</text>'
        )
    for day in (since, since + (today - since) / 2, today):
        parts.append(
            f'<text x="{x(day):.1f}" y="{height - 10}" text-anchor="middle">{day:%d %b}</text>'
        )
    for index, (label, moment, field, colour, dash) in enumerate(SERIES):
        points = [
            (x(c.recorded.date()), y(value))
            for c in checkins
            if c.moment is moment and (value := getattr(c, field)) is not None
        ]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) > 1:
            line = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{colour}" '
                f'stroke-width="2"{dashes}/>'
            )
        parts += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in points
        ]
        legend_y = top + 14 + 18 * index
        parts.append(
            f'<line x1="{width - right + 12}" x2="{width - right + 36}" y1="{legend_y - 4}" '
            f'y2="{legend_y - 4}" stroke="{colour}" stroke-width="2"{dashes}/>'
            f'<text x="{width - right + 42}" y="{legend_y}">{label}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _skipped_html(data: ReportData) -> str:
    heading = "<h2>Exercises skipped</h2>"
    note = (
        f'<p class="missing">{data.unreadable} finished sessions are left out: their routine '
        "file could not be read any more.</p>"
        if data.unreadable
        else ""
    )
    if not data.skipped:
        return f"{heading}<p>None: every finished session did every exercise.</p>{note}"
    rows = "".join(
        f"<tr><td>{e(name)}</td><td class='num'>{count}</td></tr>"
        for name, count in data.skipped.items()
    )
    return (
        f"{heading}<p>Exercises missing from finished sessions (skipped with <em>next</em>):</p>"
        f"<table><tr><th>exercise</th><th class='num'>sessions</th></tr>{rows}</table>{note}"
    )
