"""The therapist's report: what the patient did over a period, from the history journal.

Sessions against the plan, minutes per kind, pain and effort over time (an inline SVG
chart), how hard each exercise felt, exercises skipped and made easier or harder (with their
dates), the levels now. In English or German (`report_html(data, language)`); parts with no
data say so instead of showing nothing.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from player.documents.page import e, page
from player.history.checkins import (
    Checkin,
    ExerciseRating,
    Moment,
    read_checkins,
    read_ratings,
)
from player.history.db import History
from player.history.levels import LevelChange, Reason, read_level_changes
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
    level_changes: tuple[LevelChange, ...] = ()  # in the period, oldest first
    skipped_on: dict[str, tuple[date, ...]] = dataclasses.field(
        default_factory=dict
    )  # exercise -> the days of the finished sessions it was missing from
    ratings: tuple[ExerciseRating, ...] = ()  # how hard each exercise felt, in the period


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
    skipped_on, unreadable = _skipped(history, [s for s in sessions if s.status == "finished"])
    skipped = {name: len(days) for name, days in skipped_on.items()}
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
        level_changes=tuple(
            sorted(
                [
                    *read_level_changes(history, since, today),
                    *_progression_changes(history, sessions),
                ],
                key=lambda c: c.changed,
            )
        ),
        skipped_on=skipped_on,
        ratings=tuple(r for r in read_ratings(history, since) if r.recorded.date() <= today),
    )


def _progression_changes(
    history: History, sessions: tuple[SessionRecord, ...]
) -> list[LevelChange]:
    """The levels the routines' progression moved after the finished sessions of the period
    (a red session: a level easier; green ones in a row: harder), replayed from the journal
    by the same rule that set them (`player.progression`), dated by that session."""
    from player.history.checkins import past_sessions
    from player.progression import State, applied, states
    from player.routine.library import load_library
    from player.routine.loader import load_routine
    from player.routine.problems import RoutineError

    in_period = {s.id: s for s in sessions if s.status == "finished"}
    changes: list[LevelChange] = []
    library = None
    for name, path in sorted({(s.routine, s.path) for s in in_period.values() if s.path}):
        try:
            routine = load_routine(Path(path)).routine
        except RoutineError:
            continue
        if routine.progression is None:
            continue
        library = library if library is not None else load_library()
        past = past_sessions(history, name)
        before = applied(routine, State(), library)
        for session, (state, _) in zip(past, states(routine, past, library), strict=True):
            after = applied(routine, state, library)
            record = in_period.get(session.session_id)
            if record is not None:
                for old, new in zip(before.exercises(), after.exercises(), strict=True):
                    if new.level != old.level and new.library_id is not None:
                        changes.append(
                            LevelChange(
                                new.library_id,
                                new.name,
                                old.level,
                                new.level,
                                Reason.PROGRESSION,
                                record.ended or record.started,
                                record.id,
                            )
                        )
            before = after
    return changes


def _skipped(
    history: History, finished: list[SessionRecord]
) -> tuple[dict[str, tuple[date, ...]], int]:
    """Exercises of each finished session's routine that it has no finished step for, with
    the days of those sessions (most often skipped first)."""
    from player.routine.loader import load_routine
    from player.routine.problems import RoutineError

    counts: Counter[str] = Counter()
    days: dict[str, list[date]] = {}
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
        missing = [name for name in dict.fromkeys(names) if name not in done]
        counts.update(missing)
        for name in missing:
            days.setdefault(name, []).append(session.started.date())
    return {name: tuple(days[name]) for name, _ in counts.most_common()}, unreadable


def _steps(db: sqlite3.Connection, session_id: int) -> list[tuple[str]]:
    rows: list[tuple[str]] = db.execute(
        "SELECT exercise FROM steps WHERE session_id = ? AND exercise IS NOT NULL", (session_id,)
    ).fetchall()
    return rows


# --- the document ----------------------------------------------------------------------

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Progress report",
        "meta": "{period} · made with workout-player from its history journal",
        "sessions": "Sessions",
        "finished": "<strong>{n}</strong> sessions finished{against}, {stopped} stopped early.",
        "against": " of {planned} planned ({per_week} a week)",
        "no_plan": "No weekly plan was given (workout report --per-week N):"
        " the weeks show what was done.",
        "week_of": "week of {day}",
        "col_finished": "finished",
        "col_stopped": "stopped",
        "col_planned": "planned",
        "each": "Each session",
        "col_when": "when",
        "col_routine": "routine",
        "col_ended": "how it ended",
        "col_time": "time",
        "of_min": "{elapsed:.0f} of {planned:.0f} min",
        "no_sessions": "No sessions in this period.",
        "kinds": "Minutes per kind",
        "no_kinds": "No exercise done in this period.",
        "pain": "Pain and effort",
        "no_checkins": "No check-ins in this period: check-ins are off (`[session] checkins`),"
        " or every question was skipped.",
        "rated": "How hard each exercise felt",
        "rated_lead": "Rated 0 to 10 after the exercise's last set (`[session] ratings`).",
        "col_exercise": "exercise",
        "col_ratings": "ratings",
        "col_last": "last",
        "col_mean": "mean",
        "skipped": "Exercises skipped",
        "none_skipped": "None: every finished session did every exercise.",
        "skipped_lead": "Exercises missing from finished sessions (skipped with <em>next</em>):",
        "col_sessions": "sessions",
        "col_days": "on",
        "unreadable": "{n} finished sessions are left out: their routine file could not be read"
        " any more.",
        "changes": "Exercises made easier or harder",
        "no_changes": "No level changed in this period.",
        "col_date": "date",
        "col_change": "change",
        "col_why": "why",
        "easier": "made easier",
        "harder": "made harder",
        "why_easier": "the easier key, in a session",
        "why_harder": "the harder key, in a session",
        "why_red": "after this session: a red light (pain 6 or more, or worse the next"
        " day), the routine's progression",
        "why_greens": "after this session: green sessions in a row, the routine's progression",
        "levels": "Levels now",
        "all_written": "Every exercise at the level the routine writes.",
        "col_library": "exercise (library id)",
        "col_level": "level now",
        "step": "{n} step easier",
        "steps": "{n} steps easier",
        "step_up": "{n} step harder",
        "steps_up": "{n} steps harder",
        "note_levels": "A red session's step back is applied to the next session of its routine"
        " and is not kept as a level here.",
        "pain_before": "pain before",
        "pain_after": "pain after",
        "effort": "effort",
    },
    "de": {
        "title": "Verlaufsbericht",
        "meta": "{period} · erstellt mit workout-player aus seinem Trainingsprotokoll",
        "sessions": "Einheiten",
        "finished": "<strong>{n}</strong> Einheiten beendet{against}, {stopped} vorzeitig"
        " abgebrochen.",
        "against": " von {planned} geplanten ({per_week} pro Woche)",
        "no_plan": "Kein Wochenplan angegeben (workout report --per-week N):"
        " die Wochen zeigen, was gemacht wurde.",
        "week_of": "Woche ab {day}",
        "col_finished": "beendet",
        "col_stopped": "abgebrochen",
        "col_planned": "geplant",
        "each": "Jede Einheit",
        "col_when": "wann",
        "col_routine": "Programm",
        "col_ended": "wie sie endete",
        "col_time": "Zeit",
        "of_min": "{elapsed:.0f} von {planned:.0f} min",
        "no_sessions": "Keine Einheiten in diesem Zeitraum.",
        "kinds": "Minuten je Übungsart",
        "no_kinds": "In diesem Zeitraum wurde keine Übung gemacht.",
        "pain": "Schmerz und Anstrengung",
        "no_checkins": "Keine Abfragen in diesem Zeitraum: sie sind ausgeschaltet"
        " (`[session] checkins`), oder jede Frage wurde übersprungen.",
        "rated": "Wie anstrengend jede Übung war",
        "rated_lead": "Bewertet von 0 bis 10 nach dem letzten Satz der Übung"
        " (`[session] ratings`).",
        "col_exercise": "Übung",
        "col_ratings": "Bewertungen",
        "col_last": "zuletzt",
        "col_mean": "Mittel",
        "skipped": "Ausgelassene Übungen",
        "none_skipped": "Keine: jede beendete Einheit hat jede Übung gemacht.",
        "skipped_lead": "Übungen, die in beendeten Einheiten fehlen (mit <em>weiter</em>"
        " übersprungen):",
        "col_sessions": "Einheiten",
        "col_days": "am",
        "unreadable": "{n} beendete Einheiten fehlen hier: ihre Programmdatei ließ sich nicht"
        " mehr lesen.",
        "changes": "Leichter oder schwerer gemachte Übungen",
        "no_changes": "In diesem Zeitraum wurde keine Stufe geändert.",
        "col_date": "Datum",
        "col_change": "Änderung",
        "col_why": "warum",
        "easier": "leichter gemacht",
        "harder": "schwerer gemacht",
        "why_easier": "die Taste für leichter, in einer Einheit",
        "why_harder": "die Taste für schwerer, in einer Einheit",
        "why_red": "nach dieser Einheit: Ampel rot (Schmerz 6 oder mehr, oder am nächsten"
        " Tag schlechter), Steigerung des Programms",
        "why_greens": "nach dieser Einheit: mehrmals grün in Folge, Steigerung des Programms",
        "levels": "Stufen jetzt",
        "all_written": "Jede Übung auf der Stufe, die das Programm vorgibt.",
        "col_library": "Übung (Bibliotheks-ID)",
        "col_level": "Stufe jetzt",
        "step": "{n} Stufe leichter",
        "steps": "{n} Stufen leichter",
        "step_up": "{n} Stufe schwerer",
        "steps_up": "{n} Stufen schwerer",
        "note_levels": "Der Schritt zurück nach einer roten Einheit gilt für die nächste Einheit"
        " ihres Programms und wird hier nicht als Stufe geführt.",
        "pain_before": "Schmerz vorher",
        "pain_after": "Schmerz nachher",
        "effort": "Anstrengung",
    },
}
LANGUAGES = tuple(_WORDS)
_WEEKDAYS_DE = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def _words(language: str) -> dict[str, str]:
    return _WORDS.get(language.split("-")[0].lower(), _WORDS["en"])


def _day(day: date, language: str, *, weekday: bool = False, year: bool = False) -> str:
    """`Thu 12 Nov` / `Do 12.11.` (with the year: `12 Nov 2026` / `12.11.2026`)."""
    if language.startswith("de"):
        text = f"{day:%d.%m.}" + (f"{day:%Y}" if year else "")
        return f"{_WEEKDAYS_DE[day.weekday()]} {text}" if weekday else text
    text = f"{day:%d %b}" + (f" {day:%Y}" if year else "")
    return f"{day:%a} {text}" if weekday else text


def report_html(data: ReportData, language: str = "en") -> str:
    """The report as one HTML page, in `language` (en or de; others get English)."""
    language = "de" if language.split("-")[0].lower() == "de" else "en"
    words = _words(language)
    period = f"{_day(data.since, language, year=True)} – {_day(data.today, language, year=True)}"
    parts = [
        f"<h1>{e(words['title'])}</h1>",
        f'<p class="meta">{e(words["meta"].format(period=period))}</p>',
        _sessions(data, language),
        _kinds(data, words),
        _pain_and_effort(data, language),
        _ratings_html(data, words),
        _skipped_html(data, language),
        _changes_html(data, language),
        _levels_html(data, words),
    ]
    return page(words["title"], language, "\n".join(parts), REPORT_CSS)


def _changes_html(data: ReportData, language: str) -> str:
    """Each level change of the period, with its date and why."""
    words = _words(language)
    head = f"<h2>{e(words['changes'])}</h2>"
    if not data.level_changes:
        return f"{head}<p>{e(words['no_changes'])}</p>"
    rows = "".join(
        f"<tr><td>{_day(c.changed.date(), language, weekday=True)}</td><td>{e(c.exercise)}</td>"
        f"<td>{e(words['easier' if c.easier else 'harder'])}</td>"
        f"<td>{e(_why(c, words))}</td></tr>"
        for c in data.level_changes
    )
    return (
        f"{head}<table><tr><th>{e(words['col_date'])}</th><th>{e(words['col_exercise'])}</th>"
        f"<th>{e(words['col_change'])}</th><th>{e(words['col_why'])}</th></tr>{rows}</table>"
    )


def _why(change: LevelChange, words: dict[str, str]) -> str:
    if change.reason is Reason.PROGRESSION:
        return words["why_red" if change.easier else "why_greens"]
    return words[f"why_{change.reason.value}"]


def _levels_html(data: ReportData, words: dict[str, str]) -> str:
    """The levels kept now (`e`/`h` in the player)."""
    changed = {name: level for name, level in sorted(data.levels.items()) if level != 0}
    head = f"<h2>{e(words['levels'])}</h2>"
    missing = f'<p class="missing">{e(words["note_levels"])}</p>'
    if not changed:
        return f"{head}<p>{e(words['all_written'])}</p>{missing}"

    def said(level: int) -> str:
        key = ("step" if abs(level) == 1 else "steps") + ("" if level < 0 else "_up")
        return words[key].format(n=abs(level))

    rows = "".join(
        f"<tr><td>{e(name)}</td><td>{e(said(level))}</td></tr>" for name, level in changed.items()
    )
    table = (
        f"<table><tr><th>{e(words['col_library'])}</th><th>{e(words['col_level'])}</th></tr>"
        f"{rows}</table>"
    )
    return head + table + missing


def _sessions(data: ReportData, language: str) -> str:
    words = _words(language)
    finished = sum(w.finished for w in data.weeks)
    planned = data.per_week * len(data.weeks) if data.per_week else None
    against = words["against"].format(planned=planned, per_week=data.per_week) if planned else ""
    rows = "".join(
        f"<tr><td>{e(words['week_of'].format(day=_day(w.start, language)))}</td>"
        f"<td class='num'>{w.finished}</td><td class='num'>{w.stopped}</td>"
        + (f"<td class='num'>{data.per_week}</td>" if data.per_week else "")
        + "</tr>"
        for w in data.weeks
    )
    plan_head = f"<th class='num'>{e(words['col_planned'])}</th>" if data.per_week else ""
    no_plan = "" if data.per_week else f'<p class="missing">{e(words["no_plan"])}</p>'
    listed = "".join(
        f"<tr><td>{_day(s.started.date(), language, weekday=True)} {s.started:%H:%M}</td>"
        f"<td>{e(s.title)}</td><td>{e(s.status)}</td><td class='num'>"
        f"{e(words['of_min'].format(elapsed=s.elapsed / 60, planned=s.planned / 60))}</td></tr>"
        for s in data.sessions
    )
    table = (
        f"<table><tr><th>{e(words['col_when'])}</th><th>{e(words['col_routine'])}</th>"
        f"<th>{e(words['col_ended'])}</th><th class='num'>{e(words['col_time'])}</th></tr>"
        f"{listed}</table>"
        if data.sessions
        else f'<p class="missing">{e(words["no_sessions"])}</p>'
    )
    summary = words["finished"].format(
        n=finished, against=e(against), stopped=sum(w.stopped for w in data.weeks)
    )
    return (
        f"<h2>{e(words['sessions'])}</h2><p>{summary}</p>{no_plan}"
        f"<table><tr><th></th><th class='num'>{e(words['col_finished'])}</th>"
        f"<th class='num'>{e(words['col_stopped'])}</th>{plan_head}</tr>{rows}</table>"
        f"<h3 style='margin-top:10pt'>{e(words['each'])}</h3>{table}"
    )


def _kinds(data: ReportData, words: dict[str, str]) -> str:
    head = f"<h2>{e(words['kinds'])}</h2>"
    if not data.minutes_per_kind:
        return f'{head}<p class="missing">{e(words["no_kinds"])}</p>'
    rows = "".join(
        f"<tr><td>{e(kind)}</td><td class='num'>{minutes:.0f} min</td></tr>"
        for kind, minutes in data.minutes_per_kind.items()
    )
    return f"{head}<table>{rows}</table>"


def _pain_and_effort(data: ReportData, language: str) -> str:
    words = _words(language)
    heading = f"<h2>{e(words['pain'])}</h2>"
    if not data.checkins:
        return f'{heading}<p class="missing">{e(words["no_checkins"])}</p>'
    return heading + chart_svg(data.checkins, data.since, data.today, language)


def _ratings_html(data: ReportData, words: dict[str, str]) -> str:
    """Per exercise: how many ratings, the last one and the mean (none: no section)."""
    if not data.ratings:
        return ""
    by_name: dict[str, list[int]] = {}
    for rating in data.ratings:
        by_name.setdefault(rating.exercise, []).append(rating.effort)
    rows = "".join(
        f"<tr><td>{e(name)}</td><td class='num'>{len(values)}</td>"
        f"<td class='num'>{values[-1]}</td>"
        f"<td class='num'>{sum(values) / len(values):.1f}</td></tr>"
        for name, values in by_name.items()
    )
    return (
        f"<h2>{e(words['rated'])}</h2><p>{e(words['rated_lead'])}</p>"
        f"<table><tr><th>{e(words['col_exercise'])}</th>"
        f"<th class='num'>{e(words['col_ratings'])}</th>"
        f"<th class='num'>{e(words['col_last'])}</th>"
        f"<th class='num'>{e(words['col_mean'])}</th></tr>{rows}</table>"
    )


SERIES = (
    ("pain_before", Moment.BEFORE, "pain", "#1f4e9c", "6,4"),
    ("pain_after", Moment.AFTER, "pain", "#c0392b", ""),
    ("effort", Moment.AFTER, "effort", "#555555", "2,3"),
)


def chart_svg(checkins: tuple[Checkin, ...], since: date, today: date, language: str = "en") -> str:
    """Pain before and after, and effort, 0-10 over the days of the period: inline SVG."""
    words = _words(language)
    width, height, left, right, top, bottom = 640, 260, 40, 130, 10, 30
    days = max((today - since).days, 1)

    def x(day: date) -> float:
        return left + (width - left - right) * (day - since).days / days

    def y(value: int) -> float:
        return top + (height - top - bottom) * (10 - value) / 10

    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'font-family="DejaVu Sans, sans-serif" font-size="11" role="img" '
        f'aria-label="{e(words["pain"])}">'
    ]
    for value in range(0, 11, 2):
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            f'stroke="#ccc" stroke-width="0.5"/><text x="{left - 6}" y="{y(value) + 4:.1f}" '
            f'text-anchor="end">{value}</text>'
        )
    for day in (since, since + (today - since) / 2, today):
        parts.append(
            f'<text x="{x(day):.1f}" y="{height - 10}" text-anchor="middle">'
            f"{_day(day, language)}</text>"
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
            f'<text x="{width - right + 42}" y="{legend_y}">{e(words[label])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _skipped_html(data: ReportData, language: str) -> str:
    words = _words(language)
    heading = f"<h2>{e(words['skipped'])}</h2>"
    note = (
        f'<p class="missing">{e(words["unreadable"].format(n=data.unreadable))}</p>'
        if data.unreadable
        else ""
    )
    if not data.skipped:
        return f"{heading}<p>{e(words['none_skipped'])}</p>{note}"

    def days(name: str) -> str:
        return ", ".join(_day(d, language, weekday=True) for d in data.skipped_on.get(name, ()))

    rows = "".join(
        f"<tr><td>{e(name)}</td><td class='num'>{count}</td><td>{e(days(name))}</td></tr>"
        for name, count in data.skipped.items()
    )
    return (
        f"{heading}<p>{words['skipped_lead']}</p>"
        f"<table><tr><th>{e(words['col_exercise'])}</th>"
        f"<th class='num'>{e(words['col_sessions'])}</th><th>{e(words['col_days'])}</th></tr>"
        f"{rows}</table>{note}"
    )
