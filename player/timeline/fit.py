"""Lay planned blocks out on the clock with the clip lengths from `duration_of`.

- Every block keeps its written length; only the intro, the outro and `fit: grow` windows
  grow to hold their lines.
- Timing cues (counts, "Go", "Stop", "Hold", "Relax", rep counts, "Switch sides") sit at
  their exact moment. When two would overlap, a shorter wording is tried, then the less
  important one is dropped.
- A window (a rest, a prepare window, the rest between sets) says its lines one after
  another. A line that does not fit tries its shorter wording; a line that teaches the
  movement (instructions) moves into the work after "Go!", into the first free moment
  between the timing cues; otherwise the line is dropped.
- Other lines (halfway, custom cues, the open-reps reminder) go to the first free moment at
  or after their wish that ends before their deadline, or are dropped.

Layout works run by run: a window and the blocks after it up to the next window. Speech
placed in one run may run on into the next; the next run starts with it in its lane.

What moved is a note, what was shortened or dropped or made a window grow is a warning;
both are worded for the person who wrote the routine.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from player.timeline.model import (
    MOVEMENT_KINDS,
    TONE_DURATIONS,
    Cue,
    CueKind,
    Segment,
    SegmentKind,
    Timeline,
)
from player.timeline.plan import GAP, Block, Say

MARGIN = 0.5  # silence after a growing window's last line, before what follows
_EPSILON = 1e-9

# Among timing cues that would overlap, the higher rank stays.
_TIMING_RANK: dict[CueKind, int] = {
    CueKind.GO: 4,
    CueKind.STOP: 3,
    CueKind.SWITCH: 3,
    CueKind.HOLD: 3,
    CueKind.RELAX: 3,
    CueKind.REP: 2,
    CueKind.COUNT: 1,
}

# How a line is named in a note or warning ("Bird dog: instructions said during the work").
_LINE_NAMES: dict[CueKind, str] = {
    CueKind.INTRO: "title",
    CueKind.SAFETY: "safety line",
    CueKind.SECTION: "section name",
    CueKind.ANNOUNCE: "name and dosing",
    CueKind.POSITION: "starting position",
    CueKind.INSTRUCTIONS: "instructions",
    CueKind.SIDE: "which side first",
    CueKind.COUNT: "a count",
    CueKind.GO: "'Go'",
    CueKind.HALFWAY: "'Halfway'",
    CueKind.CUSTOM: "custom cue",
    CueKind.SET: "set line",
    CueKind.HOLD: "'Hold'",
    CueKind.RELAX: "relax count",
    CueKind.REP: "a rep count",
    CueKind.SWITCH: "'Switch sides'",
    CueKind.REST: "rest line",
    CueKind.STOP: "'Stop'",
    CueKind.REMINDER: "reminder",
    CueKind.LAST: "'Last exercise'",
    CueKind.OUTRO: "summary",
}


class Lane:
    """Sound already placed in one run: sorted, non-overlapping (start, end) pairs.

    A count and its tick start together; overlapping spans are merged into one.
    """

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.spans: list[tuple[float, float]] = []

    def add(self, start: float, end: float) -> None:
        position = bisect.bisect_left(self.starts, start)
        while position > 0 and self.spans[position - 1][1] >= start:
            position -= 1
            start = min(start, self.spans[position][0])
            end = max(end, self.spans[position][1])
            del self.starts[position], self.spans[position]
        while position < len(self.spans) and self.spans[position][0] <= end:
            end = max(end, self.spans[position][1])
            del self.starts[position], self.spans[position]
        self.starts.insert(position, start)
        self.spans.insert(position, (start, end))

    def first_free(self, wish: float, length: float) -> float:
        """The earliest start at or after `wish` for a clip of `length`, GAP from others."""
        at = wish
        position = max(0, bisect.bisect_right(self.starts, wish) - 1)
        for start, end in self.spans[position:]:
            if end + GAP <= at + _EPSILON:
                continue
            if at + length + GAP <= start + _EPSILON:
                break
            at = end + GAP
        return at


@dataclass(slots=True)
class _Placed:
    """A cue placed during fitting, before it becomes a `Cue`."""

    at: float
    say: Say
    text: str | None
    duration: float
    where: str

    @property
    def end(self) -> float:
        return self.at + self.duration


def _runs(blocks: list[Block]) -> Iterator[list[Block]]:
    """A window and the blocks after it, up to the next window."""
    run: list[Block] = []
    for block in blocks:
        if block.window and run:
            yield run
            run = []
        run.append(block)
    if run:
        yield run


class _Report:
    """Notes (what moved, was shortened, or grew where the author allowed it with `fit:
    grow`) and warnings (what had to be left out), in order."""

    def __init__(self) -> None:
        self.notes: dict[str, None] = {}
        self.warnings: dict[str, None] = {}

    def moved(self, where: str, say: Say) -> None:
        self.notes[f"{where}: {_LINE_NAMES[say.kind]} said during the first set"] = None

    def shortened(self, where: str, say: Say, text: str) -> None:
        self.notes[f"{where}: '{text}' said instead of '{say.texts[0]}'"] = None

    def dropped(self, where: str, say: Say, why: str = "no room to say it") -> None:
        name = _LINE_NAMES[say.kind]
        said = self.notes if say.optional else self.warnings
        said[f"{where}: {name} left out ({why}): '{say.texts[0]}'"] = None

    def grew(self, where: str, written: float, length: float) -> None:
        # Asked for (`fit: grow`), so nothing to fix: said, as what moved is, not warned of.
        self.notes[
            f"{where}: the window before it lasts {length:.1f} s instead of {written:.1f} s "
            "(fit: grow)"
        ] = None


def fit(
    blocks: list[Block],
    duration_of: Callable[[str], float],
    language: str,
    *,
    planned_of: Callable[[str], float] | None = None,
) -> Timeline:
    """Lay planned blocks out on the clock with clip lengths from `duration_of`.

    `planned_of` gives the lengths the intro and the outro (the windows with no written
    length) are timed with at least: the estimate, so that the session lasts what
    `routine_length` says whether or not its clips were rendered yet (a clip longer than
    its estimate still gets its time).
    """
    segments: list[Segment] = []
    placed: list[_Placed] = []
    report = _Report()
    clock = 0.0
    tail: list[_Placed] = []  # speech of earlier runs that may go on past this run's start
    lengths: dict[str, float] = {}

    def length_of(text: str) -> float:
        if text not in lengths:
            lengths[text] = max(float(duration_of(text)), 0.0)
        return lengths[text]

    def room_of(text: str) -> float:
        return max(length_of(text), 0.0 if planned_of is None else planned_of(text))

    def emit(block: Block, start: float, end: float) -> None:
        if end - start > _EPSILON:
            segments.append(block.segment.placed(start, end))

    runs = list(_runs(blocks))
    for position, run in enumerate(runs):
        lane = Lane()
        tail = [p for p in tail if p.end + GAP > clock]
        for p in tail:
            lane.add(p.at, p.end)
        spoken_until = max((p.end for p in tail), default=float("-inf"))
        if run[0].early:  # its lines start where the intro's stopped
            spoken_until = max((p.end for p in placed if p.text is not None), default=spoken_until)
        window = run[0] if run[0].window else None
        window_start = clock
        window_lines: list[tuple[float, Say, str]] = []  # where a growing window said what
        if window is not None:
            end = clock + window.length
            if window.grow:
                cursor = max(clock + window.lead, spoken_until + GAP)
                for say in window.lines:
                    text = say.texts[0]
                    window_lines.append((cursor, say, text))
                    cursor += room_of(text) + GAP
                if window_lines:
                    last = window.segment.kind is SegmentKind.OUTRO  # nothing follows it
                    end = max(end, cursor - GAP + (0.0 if last else MARGIN))
                    following = runs[position + 1][0] if position + 1 < len(runs) else None
                    if following is not None and following.early:
                        # The first exercise is announced from the end of the intro on: the
                        # intro (no written length) gives what its prepare window lacks.
                        needed = _needed(following.lines, room_of)
                        end = max(end, cursor + needed - following.length)
                announces = window.segment.kind not in (SegmentKind.INTRO, SegmentKind.OUTRO)
                if announces and end - clock > window.length + 0.05:
                    report.grew(window.where, window.length, end - clock)
            emit(window, clock, end)
            clock = end
        starts: list[float] = []
        for block in run:
            if block is window:
                starts.append(window_start)
                continue
            starts.append(clock)
            emit(block, clock, clock + block.length)
            clock += block.length
        # Timing cues and tones first: they are never moved.
        run_placed: list[_Placed] = []
        timing: list[_Placed] = []
        flexible: list[tuple[_Placed, float, int]] = []
        for block, start in zip(run, starts, strict=True):
            for say in block.says:
                at = start + say.offset
                if say.tone is not None:
                    tone = _Placed(at, say, None, TONE_DURATIONS[say.tone], block.where)
                    run_placed.append(tone)
                    lane.add(tone.at, tone.end)  # nothing is said over a tone either
                elif say.fixed:
                    text = say.texts[0]
                    timing.append(_Placed(at, say, text, length_of(text), block.where))
                else:
                    deadline = start + (block.length if say.deadline is None else say.deadline)
                    flexible.append(
                        (_Placed(at, say, None, 0.0, block.where), deadline, len(flexible))
                    )
        # Rep counts of paced reps give way to instructions moved into the work (a coach
        # explains the first reps instead of counting them); every other timing cue stays.
        counts: list[_Placed] = []
        for cue in _resolve_timing(timing, tail, length_of, report, placed):
            if cue.say.kind is CueKind.REP:
                counts.append(cue)
                continue
            lane.add(cue.at, cue.end)
            run_placed.append(cue)
        # The window's lines, in order; what teaches the movement may move into the work.
        if window is not None and window_lines:
            for at, say, text in window_lines:
                lane.add(at, at + length_of(text))
                run_placed.append(_Placed(at, say, text, length_of(text), window.where))
        elif window is not None and window.lines:
            moving = [
                b for b, s in zip(run, starts, strict=True) if b.segment.kind in MOVEMENT_KINDS
            ]
            work_from = starts[run.index(moving[0])] if moving else clock
            work_until = starts[run.index(moving[-1])] + moving[-1].length if moving else clock
            run_placed.extend(
                _say_window(
                    window,
                    (window_start, window_start + window.length),
                    (work_from, work_until),
                    lane,
                    length_of,
                    report,
                    spoken_until,
                )
            )
        moved = [
            p
            for p in run_placed
            if p.say.movable
            and p.at >= window_start + (window.length if window is not None else 0.0)
        ]
        for cue in counts:
            if all(m.end + GAP <= cue.at or cue.end + GAP <= m.at for m in moved):
                lane.add(cue.at, cue.end)
                run_placed.append(cue)
        flexible.sort(key=lambda item: (-item[0].say.priority, item[0].at, item[2]))
        for wish, deadline, _ in flexible:
            for text in wish.say.texts:
                length = length_of(text)
                at = lane.first_free(wish.at, length)
                if at + length <= deadline + _EPSILON:
                    lane.add(at, at + length)
                    run_placed.append(_Placed(at, wish.say, text, length, wish.where))
                    if text != wish.say.texts[0]:
                        report.shortened(wish.where, wish.say, text)
                    break
            else:
                report.dropped(wish.where, wish.say)
        placed.extend(run_placed)
        tail += run_placed
    cues = sorted(
        (
            Cue(
                at=p.at,
                kind=p.say.kind,
                priority=p.say.priority,
                duration=p.duration,
                text=p.text,
                tone=p.say.tone,
            )
            for p in placed
        ),
        key=lambda cue: (cue.at, cue.text is not None),
    )
    return Timeline(
        tuple(segments), tuple(cues), language, tuple(report.warnings), tuple(report.notes)
    )


def _say_window(
    window: Block,
    span: tuple[float, float],
    work: tuple[float, float],
    lane: Lane,
    length_of: Callable[[str], float],
    report: _Report,
    spoken_until: float,
) -> list[_Placed]:
    """A written window's lines: in order inside it, teaching lines moved into the work.

    Each line takes the longest wording that leaves room for the shortest wordings of the
    lines after it that must be said before "Go!"; a teaching line that does not fit moves.
    """
    start, end = span
    result: list[_Placed] = []
    cursor = max(start + window.lead, spoken_until + GAP)
    if window.early and spoken_until > float("-inf"):
        cursor = spoken_until + GAP
    moving_from = work[0]
    lines = list(window.lines)
    # When even the shortest wordings do not all fit, the least important lines go first.
    while _needed(lines, length_of) > end - cursor + _EPSILON:
        required = [say for say in lines if not (say.movable or say.optional)]
        if not required:
            break
        least = min(required, key=lambda say: _IMPORTANCE.get(say.kind, 0))
        lines.remove(least)
        report.dropped(window.where, least)
    for index, say in enumerate(lines):
        needed_after = sum(
            length_of(later.texts[-1]) + GAP
            for later in lines[index + 1 :]
            if not (later.movable or later.optional)
        )
        limit = end - needed_after  # leave room for the lines that must follow
        chosen: tuple[float, str] | None = None
        for text in say.texts:
            length = length_of(text)
            at = lane.first_free(cursor, length)
            if at + length + GAP <= limit + _EPSILON:
                chosen = (at, text)
                break
            if say.movable:
                break  # teaching lines are not shortened: they move
        if chosen is not None:
            at, text = chosen
            if text != say.texts[0]:
                report.shortened(window.where, say, text)
            length = length_of(text)
            lane.add(at, at + length)
            result.append(_Placed(at, say, text, length, window.where))
            cursor = at + length + GAP
            continue
        if say.movable:
            # Whole, or else clause by clause in the gaps between the counts; all or nothing.
            for texts in ((say.texts[0],), say.parts):
                planned: list[_Placed] = []
                at = moving_from
                for text in texts:
                    length = length_of(text)
                    at = lane.first_free(at, length)
                    if at + length > work[1] + _EPSILON:
                        break
                    planned.append(_Placed(at, say, text, length, window.where))
                    at += length + GAP
                else:
                    if planned:
                        for part in planned:
                            lane.add(part.at, part.end)
                        result.extend(planned)
                        report.moved(window.where, say)
                        moving_from = planned[-1].end + GAP
                        break
            else:
                report.dropped(window.where, say)
            continue
        report.dropped(window.where, say)
    return result


# Which window line stays when not all of them fit: the name before the side, the side
# before the starting position.
_IMPORTANCE: dict[CueKind, int] = {
    CueKind.ANNOUNCE: 4,
    CueKind.SET: 4,
    CueKind.SIDE: 3,
    CueKind.POSITION: 2,
}


def _needed(lines: list[Say], length_of: Callable[[str], float], *, fullest: bool = False) -> float:
    """Seconds the lines that must be said take in their shortest wordings, gaps included.

    `fullest`: in the wording with the dosing instead (the first announcement, made from
    the intro on, says how much; only the section's name may go).
    """
    return sum(
        length_of(say.texts[min(1, len(say.texts) - 1)] if fullest else say.texts[-1]) + GAP
        for say in lines
        if not (say.movable or say.optional)
    )


def _resolve_timing(
    timing: list[_Placed],
    tail: list[_Placed],
    length_of: Callable[[str], float],
    report: _Report,
    placed: list[_Placed],
) -> list[_Placed]:
    """Timing cues that may all be said: shorter wordings first, then drop the lesser one.

    `tail` is speech of earlier runs still sounding; a timing cue that would overlap it
    gives way (it is not placed) unless it outranks a timing cue there, which is then taken
    back out of `placed`.
    """
    timing.sort(key=lambda cue: (cue.at, -_TIMING_RANK.get(cue.say.kind, 0)))
    earlier = sorted((p for p in tail if p.say.fixed and p.text is not None), key=lambda p: p.at)
    kept: list[_Placed] = earlier[-1:]
    for cue in timing:
        current: _Placed | None = cue
        while current is not None and kept and current.at < kept[-1].end:
            previous = kept[-1]
            shorter = next(
                (t for t in previous.say.texts[1:] if previous.at + length_of(t) <= current.at),
                None,
            )
            if shorter is not None and previous not in earlier:
                kept[-1] = replace(previous, text=shorter, duration=length_of(shorter))
                report.shortened(previous.where, previous.say, shorter)
                break
            if _TIMING_RANK.get(current.say.kind, 0) > _TIMING_RANK.get(previous.say.kind, 0):
                report.dropped(previous.where, previous.say, "it would cover the next cue")
                kept.pop()
                if previous in earlier and previous in placed:
                    placed.remove(previous)
            else:
                report.dropped(current.where, current.say, "it would cover an earlier cue")
                current = None
        if current is not None:
            kept.append(current)
    return [cue for cue in kept if cue not in earlier]
