"""Compile a routine into a timeline of segments and spoken cues (pure, no I/O).

Two stages. `plan` writes the script: a list of planned segments ("blocks"), each with the
cues it wants and where, without knowing how long anything takes to say. `fit` lays the
blocks out on the clock with the clip lengths from `duration_of`:

- Timing cues (counts, "Go", "Stop", "Hold", "Relax", rep counts, "Switch sides") sit at
  their exact moment. When two would overlap, a shorter wording is tried, then the less
  important one is dropped.
- Announcement windows (intro, section name, prepare window, the "Set 2 of 3" before a
  later set, outro) say their lines one after another and grow when the lines need more
  time than the window has. Growing is the only way time is added: work and rest lengths
  are exactly what the routine prescribes.
- Other lines (rest lines, halfway, custom cues, the open-reps reminder) go to the first
  free moment at or after their wish that ends before their deadline, trying shorter
  wordings, and are dropped when none fits.

Layout works run by run: an announcement window and the fixed-length segments after it up
to the next window. Speech never crosses from one run into the next except a timing cue's
tail, which the next window waits for, so each run is fitted on its own.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Protocol

from player.routine.model import Exercise, Form, Routine, Section, Sides
from player.safety import safety_line
from player.timeline.estimate import estimated_duration_of
from player.timeline.model import (
    TONE_DURATIONS,
    Cue,
    CueKind,
    Priority,
    Segment,
    SegmentKind,
    Timeline,
    Tone,
)
from player.timeline.phrases import Phrases, phrases_for

GAP = 0.3  # seconds of silence between two speech clips
MARGIN = 0.5  # silence after an announcement window's last line, before what follows
LAST_SECONDS_FROM = 10.0  # work blocks (and holds) at least this long get the last seconds counted
HALFWAY_FROM = 20.0  # timed work blocks at least this long get "Halfway"
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


class Verbosity(StrEnum):
    """How much is said: full coaching, names and counts only, or tones only."""

    FULL = "full"
    BRIEF = "brief"
    TONES = "tones"


@dataclass(frozen=True, slots=True)
class _Say:
    """A planned cue: speech (`texts`, preferred wording first) or a tone."""

    kind: CueKind
    priority: Priority
    texts: tuple[str, ...] = ()
    tone: Tone | None = None
    offset: float = 0.0  # from the block start: the exact moment (fixed) or the wish
    fixed: bool = False
    deadline: float | None = None  # flexible: must end by this offset (None: block end)


@dataclass(slots=True)
class _Block:
    """A planned segment: its kind, base length and what it wants said."""

    segment: Segment  # start 0, end = base length; `fit` moves it
    says: list[_Say] = field(default_factory=list)
    window: bool = False  # an announcement window: says its lines in order, grows to fit
    lead: float = 0.0  # window: its first line starts no earlier than this
    warn_growth: bool = False  # window: report growing (prepare windows)
    where: str = ""  # who warnings are about

    @property
    def length(self) -> float:
        return self.segment.end


@dataclass(frozen=True, slots=True)
class _Occurrence:
    """One exercise as played: its section, round and position in play order."""

    index: int
    section: Section
    round: int
    exercise: Exercise
    first_in_round: bool
    last_in_round: bool


def _occurrences(routine: Routine) -> list[_Occurrence]:
    result: list[_Occurrence] = []
    for section in routine.sections:
        for round_ in range(1, section.rounds + 1):
            count = len(section.exercises)
            for position, exercise in enumerate(section.exercises):
                result.append(
                    _Occurrence(
                        index=len(result),
                        section=section,
                        round=round_,
                        exercise=exercise,
                        first_in_round=position == 0,
                        last_in_round=position == count - 1,
                    )
                )
    return result


def _fixed(kind: CueKind, text: str, offset: float, *alternates: str) -> _Say:
    return _Say(kind, Priority.TIMING, (text, *alternates), offset=offset, fixed=True)


_TONE_KINDS: dict[Tone, CueKind] = {
    Tone.TICK: CueKind.COUNT,
    Tone.GO: CueKind.GO,
    Tone.REST: CueKind.REST,
    Tone.SWITCH: CueKind.SWITCH,
    Tone.FINISH: CueKind.OUTRO,
}


def _tone(tone: Tone, offset: float, kind: CueKind | None = None) -> _Say:
    kind = _TONE_KINDS[tone] if kind is None else kind
    return _Say(kind, Priority.TIMING, tone=tone, offset=offset, fixed=True)


def _line(kind: CueKind, priority: Priority, offset: float, *texts: str) -> _Say:
    return _Say(kind, priority, texts, offset=offset)


def safety_lines(routine: Routine) -> tuple[str, ...]:
    """What a session opens with: the one safety line, then the routine's own if it says
    something else."""
    line = safety_line(routine.language)
    own = routine.safety.strip()
    return (line, own) if own and own != line else (line,)


def _turn(number: int) -> Sides:
    """Alternating sides: left first, then right, and so on."""
    return Sides.LEFT if number % 2 == 0 else Sides.RIGHT


class _Script:
    """Writes the blocks of one routine at one verbosity."""

    def __init__(self, routine: Routine, verbosity: Verbosity, minutes: int) -> None:
        self.routine = routine
        self.speak = verbosity is not Verbosity.TONES
        self.full = verbosity is Verbosity.FULL
        self.minutes = minutes
        self.phrases: Phrases = phrases_for(routine.language)
        self.occurrences = _occurrences(routine)
        self.blocks: list[_Block] = []

    def write(self) -> list[_Block]:
        p = self.phrases
        if self.occurrences:
            says: list[_Say] = []
            if self.speak:
                title = p.intro(self.routine.title, self.minutes)
                says.append(_line(CueKind.INTRO, Priority.NORMAL, 0, title))
            # Every verbosity, tones too, opens with the safety line (and the routine's own).
            for text in safety_lines(self.routine):
                says.append(_line(CueKind.SAFETY, Priority.NORMAL, 0, text))
            if self.speak:
                for note in self.routine.notes:
                    says.append(_line(CueKind.ANNOUNCE, Priority.NORMAL, 0, note))
                first = p.first(self.occurrences[0].exercise.name)
                says.append(_line(CueKind.ANNOUNCE, Priority.NORMAL, 0, first))
            self._window(Segment(0, 0, SegmentKind.INTRO), says, where=self.routine.title)
        for occurrence in self.occurrences:
            self._exercise(occurrence)
        finish = TONE_DURATIONS[Tone.FINISH]
        says = [_tone(Tone.FINISH, 0)]
        if self.speak:
            says.append(
                _line(
                    CueKind.OUTRO, Priority.NORMAL, 0, p.outro(self.minutes, len(self.occurrences))
                )
            )
        self._window(Segment(0, finish, SegmentKind.OUTRO), says, lead=finish + GAP, where="outro")
        return self.blocks

    # --- blocks ----------------------------------------------------------------------------

    def _window(
        self,
        segment: Segment,
        says: list[_Say],
        *,
        lead: float = 0.0,
        warn: bool = False,
        where: str = "",
    ) -> None:
        self.blocks.append(
            _Block(segment, says, window=True, lead=lead, warn_growth=warn, where=where)
        )

    def _add(self, segment: Segment, says: list[_Say], where: str) -> _Block:
        block = _Block(segment, says, where=where)
        self.blocks.append(block)
        return block

    def _exercise(self, occ: _Occurrence) -> None:
        p = self.phrases
        ex = occ.exercise
        base = Segment(
            0,
            0,
            SegmentKind.PREPARE,
            section=occ.section.name,
            section_kind=occ.section.kind,
            exercise=ex.name,
            exercise_index=occ.index,
            round=occ.round,
            rounds=occ.section.rounds,
        )
        if occ.first_in_round and self.speak:
            text = p.section(occ.section.name, occ.round, occ.section.rounds)
            self._window(
                replace(base, kind=SegmentKind.SECTION),
                [_line(CueKind.SECTION, Priority.NORMAL, 0, text)],
                where=occ.section.name,
            )
        says: list[_Say] = []
        if self.speak:
            if occ.index == len(self.occurrences) - 1 and occ.index > 0:
                says.append(_line(CueKind.LAST, Priority.NORMAL, 0, p.last_exercise()))
            says.append(_line(CueKind.ANNOUNCE, Priority.NORMAL, 0, p.announce(ex)))
            if self.full and ex.position:
                says.append(_line(CueKind.POSITION, Priority.NORMAL, 0, ex.position))
            if self.full and ex.instructions:
                says.append(_line(CueKind.INSTRUCTIONS, Priority.NORMAL, 0, ex.instructions))
        self._window(replace(base, end=ex.prepare), says, warn=True, where=ex.name)
        sets = ex.dosing.sets
        sides: list[Sides | None]
        if ex.sides is Sides.BOTH:
            sides = [Sides.LEFT, Sides.RIGHT]
        elif ex.sides is Sides.NONE:
            sides = [None]
        else:
            sides = [ex.sides]
        for set_ in range(1, sets + 1):
            in_set = replace(base, set=set_, sets=sets)
            if set_ > 1 and self.speak:
                self._window(
                    replace(in_set, kind=SegmentKind.PREPARE),
                    [_line(CueKind.SET, Priority.NORMAL, 0, p.set_of(set_, sets))],
                    where=ex.name,
                )
            self._countdown(in_set, ex)
            for number, side in enumerate(sides):
                last_work = self._work(in_set, ex, side)
                if number < len(sides) - 1:
                    last_work.says.append(_tone(Tone.SWITCH, last_work.length))
                    if self.speak:
                        last_work.says.append(
                            _fixed(CueKind.SWITCH, p.switch_sides(), last_work.length)
                        )
                    if ex.switch > 0:
                        self._add(
                            replace(in_set, kind=SegmentKind.SWITCH, end=ex.switch, side=None),
                            [],
                            ex.name,
                        )
                elif set_ < sets:
                    rest = ex.dosing.rest_between_sets
                    self._rest(
                        last_work,
                        replace(in_set, kind=SegmentKind.REST_SETS, end=rest),
                        None,
                        ex.name,
                    )
                else:
                    self._after(occ, last_work)

    def _countdown(self, in_set: Segment, ex: Exercise) -> None:
        if ex.countdown <= 0:
            return
        says: list[_Say] = []
        for offset in range(ex.countdown):
            says.append(_tone(Tone.TICK, offset))
            if self.speak:
                says.append(
                    _fixed(CueKind.COUNT, self.phrases.count(ex.countdown - offset), offset)
                )
        self._add(
            replace(in_set, kind=SegmentKind.COUNTDOWN, end=float(ex.countdown)), says, ex.name
        )

    def _last_seconds(self, block: _Block, ex: Exercise) -> None:
        length = block.length
        if length < LAST_SECONDS_FROM or ex.countdown <= 0:
            return
        for number in range(min(ex.countdown, 3), 0, -1):
            block.says.append(_tone(Tone.TICK, length - number))
            if self.speak:
                block.says.append(
                    _fixed(CueKind.COUNT, self.phrases.count(number), length - number)
                )

    def _work(self, in_set: Segment, ex: Exercise, side: Sides | None) -> _Block:
        """The work of one side of one set (both sides when alternating); its last block."""
        dosing = ex.dosing
        go = [_tone(Tone.GO, 0)]
        if self.speak:
            go.append(_fixed(CueKind.GO, self.phrases.go(), 0))
        if dosing.form is Form.HOLDS:
            blocks = self._holds(in_set, ex, side, go)
        elif dosing.form is Form.PACED:
            blocks = self._paced(in_set, ex, side, go)
        else:
            length = dosing.work_per_side_per_set() * (2 if side is Sides.ALTERNATING else 1)
            kind = SegmentKind.WORK if dosing.form is Form.TIMED else SegmentKind.OPEN
            shown_side = None if side is Sides.ALTERNATING else side
            block = self._add(replace(in_set, kind=kind, end=length, side=shown_side), go, ex.name)
            blocks = [block]
            if dosing.form is Form.TIMED:
                self._last_seconds(block, ex)
            elif self.speak:
                p = self.phrases
                reminder = _line(
                    CueKind.REMINDER, Priority.NORMAL, 0, p.reminder(), p.reminder_short()
                )
                block.says.append(reminder)
        if self.full:
            length = sum(block.length for block in blocks)
            self._custom(blocks[0], ex, length, halfway=dosing.form is Form.TIMED)
        return blocks[-1]

    def _holds(
        self, in_set: Segment, ex: Exercise, side: Sides | None, go: list[_Say]
    ) -> list[_Block]:
        """Hold, relax, hold ...; alternating sides take turns hold by hold."""
        p = self.phrases
        dosing = ex.dosing
        assert dosing.hold is not None and dosing.reps is not None
        alternating = side is Sides.ALTERNATING
        reps = dosing.reps
        holds = reps * 2 if alternating else reps
        blocks: list[_Block] = []
        for number in range(holds):
            hold_side = _turn(number) if alternating else side
            rep = number // 2 + 1 if alternating else number + 1
            says = list(go) if number == 0 else [_tone(Tone.GO, 0, CueKind.HOLD)]
            if number > 0 and self.speak:
                says.append(_fixed(CueKind.HOLD, p.hold(hold_side if alternating else None), 0))
            hold = replace(
                in_set, kind=SegmentKind.HOLD, end=dosing.hold, side=hold_side, rep=rep, reps=reps
            )
            blocks.append(self._add(hold, says, ex.name))
            self._last_seconds(blocks[-1], ex)
            if number == holds - 1 or dosing.rest_between_reps <= 0:
                continue
            relax_says: list[_Say] = [_tone(Tone.REST, 0, CueKind.RELAX)]
            if self.speak:
                counted = not alternating or hold_side is Sides.RIGHT
                text = p.relax(rep, reps) if counted else p.relax()
                relax_says.append(_fixed(CueKind.RELAX, text, 0, p.relax()))
            relax = replace(
                in_set, kind=SegmentKind.RELAX, end=dosing.rest_between_reps, rep=rep, reps=reps
            )
            blocks.append(self._add(relax, relax_says, ex.name))
        return blocks

    def _paced(
        self, in_set: Segment, ex: Exercise, side: Sides | None, go: list[_Say]
    ) -> list[_Block]:
        """One segment per rep, its count said on the beat ("Go!" starts the first)."""
        dosing = ex.dosing
        assert dosing.tempo is not None and dosing.reps is not None
        alternating = side is Sides.ALTERNATING
        reps = dosing.reps
        blocks: list[_Block] = []
        for number in range(reps * 2 if alternating else reps):
            beat_side = _turn(number) if alternating else side
            rep = number // 2 + 1 if alternating else number + 1
            says = list(go) if number == 0 else []
            if number > 0 and self.speak:
                count = self.phrases.rep(rep, beat_side if alternating else None)
                says.append(_fixed(CueKind.REP, count, 0))
            beat = replace(
                in_set, kind=SegmentKind.WORK, end=dosing.tempo, side=beat_side, rep=rep, reps=reps
            )
            blocks.append(self._add(beat, says, ex.name))
        return blocks

    def _custom(self, first: _Block, ex: Exercise, length: float, *, halfway: bool) -> None:
        """Custom cues (and "Halfway") anywhere in a work block that starts with `first`."""
        wishes = [min(max(cue.at.offset_in(length), 0.0), length) for cue in ex.cues]
        for cue, wish in zip(ex.cues, wishes, strict=True):
            first.says.append(
                _Say(CueKind.CUSTOM, Priority.LOW, (cue.say,), offset=wish, deadline=length)
            )
        if halfway and length >= HALFWAY_FROM and all(abs(w - length / 2) > 3 for w in wishes):
            first.says.append(
                _Say(
                    CueKind.HALFWAY,
                    Priority.LOW,
                    (self.phrases.halfway(),),
                    offset=length / 2,
                    deadline=length,
                )
            )

    def _rest(self, last_work: _Block, rest: Segment, next_: str | None, where: str) -> None:
        """The end of a work block and the rest after it (the rest may be 0 s long)."""
        p = self.phrases
        last_work.says.append(_tone(Tone.REST, last_work.length))
        if rest.end <= 0:
            if self.speak:
                last_work.says.append(_fixed(CueKind.STOP, p.stop(), last_work.length))
            return
        says = (
            [
                _line(
                    CueKind.REST,
                    Priority.NORMAL,
                    0,
                    p.rest(rest.end, next_),
                    p.rest(rest.end),
                    p.rest_short(),
                )
            ]
            if self.speak
            else []
        )
        self._add(rest, says, where)

    def _after(self, occ: _Occurrence, last_work: _Block) -> None:
        """What follows the last work of an exercise: a rest before the next, or the end."""
        if occ.index == len(self.occurrences) - 1:
            return  # the outro's finish tone follows
        ex = occ.exercise
        following = self.occurrences[occ.index + 1]
        section = occ.section
        rest_segment = replace(
            last_work.segment,
            kind=SegmentKind.REST,
            end=ex.rest,
            side=None,
            rep=None,
            reps=None,
            set=None,
            sets=None,
        )
        next_ = following.exercise.name
        if occ.last_in_round and following.section is section and following.round > occ.round:
            if section.rest_between_rounds > 0:
                rest_segment = replace(
                    rest_segment, kind=SegmentKind.REST_ROUNDS, end=section.rest_between_rounds
                )
            next_ = self.phrases.round_label(following.round, section.rounds)
        self._rest(last_work, rest_segment, next_, ex.name)


# --- fitting -----------------------------------------------------------------------------


class Lane:
    """Speech already placed in one run: sorted, non-overlapping (start, end) pairs."""

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.spans: list[tuple[float, float]] = []

    def add(self, start: float, end: float) -> None:
        position = bisect.bisect_left(self.starts, start)
        self.starts.insert(position, start)
        self.spans.insert(position, (start, end))

    def first_free(self, wish: float, length: float) -> float:
        """The earliest start at or after `wish` for a clip of `length`, GAP from others."""
        at = wish
        position = max(0, bisect.bisect_right(self.starts, wish) - 1)
        for start, end in self.spans[position:]:
            if end + GAP <= at:
                continue
            if at + length + GAP <= start:
                break
            at = end + GAP
        return at


class SpeechLane(Protocol):
    """Where speech may go: `Lane` (one run, bisected) or a benchmark's naive stand-in."""

    def add(self, start: float, end: float) -> None: ...
    def first_free(self, wish: float, length: float) -> float: ...


LaneFactory = Callable[[], SpeechLane]


@dataclass(slots=True)
class _Placed:
    """A cue placed during fitting, before it becomes a `Cue`."""

    at: float
    say: _Say
    text: str | None
    duration: float
    where: str

    @property
    def end(self) -> float:
        return self.at + self.duration


def _runs(blocks: list[_Block]) -> Iterator[list[_Block]]:
    """An optional announcement window and the fixed-length blocks after it."""
    run: list[_Block] = []
    for block in blocks:
        if block.window and run:
            yield run
            run = []
        run.append(block)
    if run:
        yield run


def fit(
    blocks: list[_Block],
    duration_of: Callable[[str], float],
    language: str,
    lane_factory: LaneFactory = Lane,
) -> Timeline:
    """Lay planned blocks out on the clock with clip lengths from `duration_of`.

    `lane_factory` makes the record of placed speech for each run (a fresh `Lane`).
    """
    segments: list[Segment] = []
    placed: list[_Placed] = []
    warnings: dict[str, None] = {}
    grown: list[str] = []  # prepare windows that grew: one warning for all of them
    clock = 0.0
    lane_free = float("-inf")  # when the last speech placed so far ends
    lengths: dict[str, float] = {}

    def length_of(text: str) -> float:
        if text not in lengths:
            lengths[text] = max(float(duration_of(text)), 0.0)
        return lengths[text]

    def emit(block: _Block, start: float, end: float) -> None:
        if end - start > _EPSILON:
            segments.append(replace(block.segment, start=start, end=end))

    for run in _runs(blocks):
        rest_of_run = run
        if run[0].window:
            window = run[0]
            rest_of_run = run[1:]
            cursor = max(clock + window.lead, lane_free + GAP)
            spoke = False
            for say in window.says:
                if say.tone is not None:
                    placed.append(
                        _Placed(
                            clock + say.offset, say, None, TONE_DURATIONS[say.tone], window.where
                        )
                    )
                    continue
                text = say.texts[0]
                placed.append(_Placed(cursor, say, text, length_of(text), window.where))
                lane_free = cursor + length_of(text)
                cursor = lane_free + GAP
                spoke = True
            end = clock + window.length
            if spoke or lane_free > clock:
                end = max(end, lane_free + MARGIN)
            if window.warn_growth and window.length > 0 and end - clock > window.length + 0.05:
                grown.append(f"{window.where} {window.length:.1f} → {end - clock:.1f} s")
            emit(window, clock, end)
            clock = end
        # Fixed-length blocks: lay them out, then timing cues, then the other lines.
        starts: list[float] = []
        for block in rest_of_run:
            starts.append(clock)
            emit(block, clock, clock + block.length)
            clock += block.length
        timing: list[_Placed] = []
        flexible: list[tuple[_Placed, float, int]] = []
        for block, start in zip(rest_of_run, starts, strict=True):
            for say in block.says:
                at = start + say.offset
                if say.tone is not None:
                    placed.append(_Placed(at, say, None, TONE_DURATIONS[say.tone], block.where))
                elif say.fixed:
                    timing.append(
                        _Placed(at, say, say.texts[0], length_of(say.texts[0]), block.where)
                    )
                else:
                    deadline = start + (block.length if say.deadline is None else say.deadline)
                    flexible.append(
                        (_Placed(at, say, None, 0.0, block.where), deadline, len(flexible))
                    )
        lane = lane_factory()
        for cue in _resolve_timing(timing, length_of, warnings):
            lane.add(cue.at, cue.end)
            placed.append(cue)
            lane_free = max(lane_free, cue.end)
        flexible.sort(key=lambda item: (-item[0].say.priority, item[0].at, item[2]))
        for wish, deadline, _ in flexible:
            for text in wish.say.texts:
                length = length_of(text)
                at = lane.first_free(wish.at, length)
                if at + length <= deadline + _EPSILON:
                    lane.add(at, at + length)
                    placed.append(_Placed(at, wish.say, text, length, wish.where))
                    lane_free = max(lane_free, at + length)
                    if text != wish.say.texts[0]:
                        warnings[
                            f"{wish.where}: shortened '{wish.say.texts[0]}' to '{text}' to fit"
                        ] = None
                    break
            else:
                warnings[f"{wish.where}: dropped '{wish.say.texts[0]}' (no room to say it)"] = None
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
    if grown:
        warnings = {
            f"prepare windows grew to fit the announcements: {', '.join(grown)}": None,
            **warnings,
        }
    return Timeline(tuple(segments), tuple(cues), language, tuple(warnings))


def _resolve_timing(
    timing: list[_Placed], length_of: Callable[[str], float], warnings: dict[str, None]
) -> list[_Placed]:
    """Timing cues that may all be said: shorter wordings first, then drop the lesser one."""
    timing.sort(key=lambda cue: (cue.at, -_TIMING_RANK.get(cue.say.kind, 0)))
    kept: list[_Placed] = []
    for cue in timing:
        current: _Placed | None = cue
        while current is not None and kept and current.at < kept[-1].end:
            previous = kept[-1]
            shorter = next(
                (t for t in previous.say.texts[1:] if previous.at + length_of(t) <= current.at),
                None,
            )
            if shorter is not None:
                warnings[f"{previous.where}: shortened '{previous.text}' to '{shorter}' to fit"] = (
                    None
                )
                kept[-1] = replace(previous, text=shorter, duration=length_of(shorter))
                break
            if _TIMING_RANK.get(current.say.kind, 0) > _TIMING_RANK.get(previous.say.kind, 0):
                warnings[f"{previous.where}: dropped '{previous.text}' (it overlaps)"] = None
                kept.pop()
            else:
                warnings[f"{current.where}: dropped '{current.text}' (it overlaps)"] = None
                current = None
        if current is not None:
            kept.append(current)
    return kept


# --- the public functions ----------------------------------------------------------------


@lru_cache(maxsize=64)
def planned_minutes(routine: Routine, verbosity: Verbosity = Verbosity.FULL) -> int:
    """The session length said in the intro and the summary, in whole minutes.

    It comes from the estimated clip lengths, not the real ones, so that the words said do
    not depend on how they are rendered (and `script_texts` knows them before rendering).
    """
    blocks = _Script(routine, verbosity, minutes=10).write()
    total = fit(blocks, estimated_duration_of(routine), routine.language).total
    return max(1, round(total / 60))


def plan(routine: Routine, verbosity: Verbosity = Verbosity.FULL) -> list[_Block]:
    """The script of `routine` as planned blocks (what `compile_timeline` fits)."""
    return _Script(routine, verbosity, planned_minutes(routine, verbosity)).write()


def compile_timeline(
    routine: Routine,
    duration_of: Callable[[str], float],
    *,
    verbosity: Verbosity = Verbosity.FULL,
) -> Timeline:
    """The whole session: segments and cues, with speech fitted to the clip lengths."""
    return fit(plan(routine, verbosity), duration_of, routine.language)


def script_texts(routine: Routine, verbosity: Verbosity = Verbosity.FULL) -> list[str]:
    """Every distinct phrase the timeline can contain, in the order first heard.

    Shorter wordings that fitting may fall back to follow the line they stand in for.
    """
    seen: dict[str, None] = {}
    for block in plan(routine, verbosity):
        says = block.says if block.window else sorted(block.says, key=lambda say: say.offset)
        for say in says:
            for text in say.texts:
                seen.setdefault(text, None)
    return list(seen)
