"""Plan a routine's script: the blocks of the session and what each wants said, before any
clip length is known (`player.timeline.fit` lays them out on the clock).

The author's clock is the session's clock. Every block has the length the routine writes,
except the intro and the outro (no written length) and windows of an exercise with
`fit: grow`. Between two exercises everything is said inside the written rest (or, after
`rest: 0` and before the first exercise, the written `prepare`): the rest line, a section
or round line, the next name and dosing, its position, which side first; the countdown is
the last seconds of that window. The lines that teach the movement (instructions) follow
in the window when there is room and move into the work otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from player.routine.model import Exercise, Form, Routine, Section, Sides
from player.safety import safety_line
from player.timeline.model import TONE_DURATIONS, CueKind, Priority, Segment, SegmentKind, Tone
from player.timeline.phrases import Phrases, phrases_for

GAP = 0.3  # seconds of silence between two speech clips
LAST_SECONDS_FROM = 10.0  # work blocks (and holds) at least this long get the last seconds counted
HALFWAY_FROM = 20.0  # timed work blocks at least this long get "Halfway"

_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_CLAUSE = re.compile(r"(?<=[,;:])\s+")
MIN_CLAUSE_WORDS = 3


class Verbosity(StrEnum):
    """How much is said: full coaching, names and counts only, or tones only.

    `auto` is full coaching for exercises new to the user and the familiar script (name,
    dosing, one key cue) for those finished often; the caller says which are familiar.
    """

    AUTO = "auto"
    FULL = "full"
    BRIEF = "brief"
    TONES = "tones"


VERBOSITY_NAMES = tuple(v.value for v in Verbosity)  # as the command line and settings say them
_VERBOSITY_ALIASES = {"names": Verbosity.BRIEF, "names-only": Verbosity.BRIEF}


def verbosity_of(name: str) -> Verbosity:
    """`auto`, `full`, `brief` (also `names`) or `tones`: the one place a name is parsed."""
    from player.errors import UsageError

    try:
        return _VERBOSITY_ALIASES.get(name) or Verbosity(name)
    except ValueError:
        raise UsageError(f"unknown verbosity {name!r}: choose auto, full, brief or tones") from None


@dataclass(frozen=True, slots=True)
class Say:
    """A planned cue: speech (`texts`, preferred wording first) or a tone."""

    kind: CueKind
    priority: Priority
    texts: tuple[str, ...] = ()
    tone: Tone | None = None
    offset: float = 0.0  # from the block start: the exact moment (fixed) or the wish
    fixed: bool = False
    deadline: float | None = None  # flexible: must end by this offset (None: block end)
    movable: bool = False  # a window line that may move into the work (it teaches the movement)
    optional: bool = False  # a window line the rest tone already says ("Rest."): may go unsaid
    parts: tuple[str, ...] = ()  # a movable line in clauses, for the short gaps of the work


@dataclass(slots=True)
class Block:
    """A planned segment: its kind, written length and what it wants said.

    A window (`window=True`) says its `lines` one after another from its start; it keeps its
    length unless `grow` (intro, outro, `fit: grow`), and then ends `MARGIN` after its last
    line at the earliest.
    """

    segment: Segment  # start 0, end = written length; `fit` moves it
    says: list[Say] = field(default_factory=list)
    lines: list[Say] = field(default_factory=list)
    window: bool = False
    grow: bool = False
    lead: float = 0.0  # window: its first line starts no earlier than this
    early: bool = False  # window: its lines may start in the intro before it (the first one)
    where: str = ""  # whom notes and warnings are about

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


def occurrences(routine: Routine) -> list[_Occurrence]:
    """Every exercise in play order, rounds repeated."""
    result: list[_Occurrence] = []
    for section in routine.sections:
        for round_ in range(1, section.rounds + 1):
            for position, exercise in enumerate(section.exercises):
                result.append(_Occurrence(len(result), section, round_, exercise, position == 0))
    return result


def _fixed(kind: CueKind, text: str, offset: float, *alternates: str) -> Say:
    return Say(kind, Priority.TIMING, (text, *alternates), offset=offset, fixed=True)


_TONE_KINDS: dict[Tone, CueKind] = {
    Tone.TICK: CueKind.COUNT,
    Tone.GO: CueKind.GO,
    Tone.REST: CueKind.REST,
    Tone.SWITCH: CueKind.SWITCH,
    Tone.FINISH: CueKind.OUTRO,
}


def _tone(tone: Tone, offset: float, kind: CueKind | None = None) -> Say:
    kind = _TONE_KINDS[tone] if kind is None else kind
    return Say(kind, Priority.TIMING, tone=tone, offset=offset, fixed=True)


def _line(kind: CueKind, *texts: str, movable: bool = False, optional: bool = False) -> Say:
    return Say(kind, Priority.NORMAL, texts, movable=movable, optional=optional)


def _turn(number: int) -> Sides:
    """Alternating sides: left first, then right, and so on."""
    return Sides.LEFT if number % 2 == 0 else Sides.RIGHT


def sentences(text: str) -> list[str]:
    """A text as the sentences a coach would say one at a time."""
    return [part for part in _SENTENCE.split(text.strip()) if part]


def clauses(sentence: str) -> tuple[str, ...]:
    """A sentence in the parts a coach says between two counts: split after a comma (or
    `;`, `:`) where both sides have at least three words; () when it does not split."""
    parts: list[str] = []
    for piece in _CLAUSE.split(sentence):
        if parts and (
            len(parts[-1].split()) < MIN_CLAUSE_WORDS or len(piece.split()) < MIN_CLAUSE_WORDS
        ):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    if parts and len(parts[-1].split()) < MIN_CLAUSE_WORDS and len(parts) > 1:
        parts[-2:] = [f"{parts[-2]} {parts[-1]}"]
    return tuple(parts) if len(parts) > 1 else ()


def safety_lines(routine: Routine) -> tuple[str, ...]:
    """What a session opens with: the one safety line, then the routine's own if it says
    something else."""
    line = safety_line(routine.language)
    own = routine.safety.strip()
    return (line, own) if own and own != line else (line,)


class Script:
    """Writes the blocks of one routine at one verbosity.

    `familiar` names the exercises that get the familiar script under `Verbosity.AUTO`;
    `listening`: spoken commands are on (open reps say "Say done or press d").
    """

    def __init__(
        self,
        routine: Routine,
        verbosity: Verbosity,
        minutes: int,
        familiar: frozenset[str] = frozenset(),
        *,
        listening: bool = False,
    ) -> None:
        self.routine = routine
        self.listening = listening  # spoken commands are on: open reps say the word too
        self.speak = verbosity is not Verbosity.TONES
        self.full = verbosity in (Verbosity.FULL, Verbosity.AUTO)
        self.familiar = familiar if verbosity is Verbosity.AUTO else frozenset()
        self.minutes = minutes
        self.phrases: Phrases = phrases_for(routine.language)
        self.occurrences = occurrences(routine)
        self.blocks: list[Block] = []
        self._last_work: Block | None = None

    def write(self) -> list[Block]:
        p = self.phrases
        if self.occurrences:
            lines = []
            if self.speak:
                lines.append(_line(CueKind.INTRO, p.intro(self.routine.title, self.minutes)))
            # Every verbosity, tones too, opens with the safety line (and the routine's own).
            lines += [_line(CueKind.SAFETY, text) for text in safety_lines(self.routine)]
            if self.speak:  # today's progression ("Bird dog: 9 reps today, ...")
                lines += [_line(CueKind.ANNOUNCE, note) for note in self.routine.notes]
            self.blocks.append(
                Block(
                    Segment(0, 0, SegmentKind.INTRO),
                    lines=lines,
                    window=True,
                    grow=True,
                    where=self.routine.title,
                )
            )
        for occurrence in self.occurrences:
            self._exercise(occurrence)
        finish = TONE_DURATIONS[Tone.FINISH]
        lines = []
        if self.speak:
            count = len(self.routine.exercises())
            lines.append(_line(CueKind.OUTRO, p.outro(self.minutes, count)))
        self.blocks.append(
            Block(
                Segment(0, finish, SegmentKind.OUTRO),
                says=[_tone(Tone.FINISH, 0)],
                lines=lines,
                window=True,
                grow=True,
                lead=finish + GAP,
                where="outro",
            )
        )
        return self.blocks

    # --- what is said ----------------------------------------------------------------------

    def _is_familiar(self, ex: Exercise) -> bool:
        return (ex.library_id or ex.name) in self.familiar

    def _announcement(self, occ: _Occurrence) -> list[Say]:
        """The lines before an exercise: section, name and dosing, position, first side,
        instructions (movable). Later rounds say the name only."""
        if not self.speak:
            return []
        p = self.phrases
        ex = occ.exercise
        lines: list[Say] = []
        name = p.name(ex.name)
        if occ.round > 1:
            texts = [name]  # later rounds never repeat the whole announcement
        elif occ.index == 0:
            texts = [p.first(p.announce(ex)), p.first(name), name]
        else:
            texts = [p.announce(ex), name]
        if occ.first_in_round:
            # The section (or round) opens the announcement; when time is short, it goes.
            section = p.section(occ.section.name, occ.round, occ.section.rounds)
            texts.insert(0, f"{section} {texts[0]}")
        if occ.index == len(self.occurrences) - 1 and occ.index > 0:
            last = p.last_exercise()
            texts = [f"{last} {text}" for text in texts] + texts[-1:]
        lines.append(_line(CueKind.ANNOUNCE, *dict.fromkeys(texts)))
        familiar = self._is_familiar(ex)
        if self.full and occ.round == 1 and ex.position and not familiar:
            lines.append(_line(CueKind.POSITION, ex.position))
        if ex.sides in (Sides.BOTH, Sides.ALTERNATING):
            lines.append(_line(CueKind.SIDE, p.first_side(ex.limb)))
        if self.full and occ.round == 1 and ex.instructions:
            said = sentences(ex.instructions)
            if familiar:
                said = said[-1:]  # the key cue: how the movement ends up
            lines += [
                Say(CueKind.INSTRUCTIONS, Priority.NORMAL, (s,), movable=True, parts=clauses(s))
                for s in said
            ]
        return lines

    # --- blocks ----------------------------------------------------------------------------

    def _add(self, segment: Segment, says: list[Say], where: str) -> Block:
        block = Block(segment, says, where=where)
        self.blocks.append(block)
        return block

    def _end_work(self, rest: float) -> None:
        """The rest tone at the end of the last work (and "Stop." when no rest follows)."""
        last = self._last_work
        if last is None:
            return
        last.says.append(_tone(Tone.REST, last.length))
        if rest <= 0 and self.speak:
            last.says.append(_fixed(CueKind.STOP, self.phrases.stop(), last.length))

    def _window(
        self, base: Segment, kind: SegmentKind, length: float, lines: list[Say], ex: Exercise
    ) -> None:
        """A written window (rest or prepare) whose last seconds are the countdown."""
        grow = ex.grow
        countdown = ex.countdown if grow else min(ex.countdown, int(length + 1e-9))
        first = base.occurrence == 0 and base.set == 1
        self.blocks.append(
            Block(
                replace(base, kind=kind, end=max(length - countdown, 0.0)),
                lines=lines,
                window=True,
                grow=grow,
                early=first and self.speak,
                where=ex.name,
            )
        )
        if countdown <= 0:
            return
        says: list[Say] = []
        for offset in range(countdown):
            says.append(_tone(Tone.TICK, offset))
            if self.speak:
                says.append(_fixed(CueKind.COUNT, self.phrases.count(countdown - offset), offset))
        self._add(replace(base, kind=SegmentKind.COUNTDOWN, end=float(countdown)), says, ex.name)

    def _before(self, occ: _Occurrence) -> tuple[SegmentKind, float, list[Say]]:
        """The window before an occurrence: its kind, written length and the rest line."""
        ex = occ.exercise
        if occ.index == 0:
            return SegmentKind.PREPARE, ex.prepare, []
        previous = self.occurrences[occ.index - 1]
        kind, rest = SegmentKind.REST, previous.exercise.rest
        new_round = previous.section is occ.section and occ.round > previous.round
        if new_round and occ.section.rest_between_rounds > 0:
            kind, rest = SegmentKind.REST_ROUNDS, occ.section.rest_between_rounds
        self._end_work(rest)
        if rest <= 0:
            return SegmentKind.PREPARE, ex.prepare, []
        lines = []
        if self.speak:
            p = self.phrases
            lines.append(_line(CueKind.REST, p.rest(rest), p.rest_short(), optional=True))
        return kind, rest, lines

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
            occurrence=occ.index,
            round=occ.round,
            rounds=occ.section.rounds,
        )
        kind, length, lines = self._before(occ)
        announcement = self._announcement(occ)
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
            if set_ == 1:
                self._window(in_set, kind, length, lines + announcement, ex)
            else:
                rest = ex.dosing.rest_between_sets
                self._end_work(rest)
                set_lines = []
                if self.speak:
                    if rest > 0:
                        set_lines.append(
                            _line(CueKind.REST, p.rest(rest), p.rest_short(), optional=True)
                        )
                    set_lines.append(_line(CueKind.SET, p.set_of(set_, sets)))
                kind_ = SegmentKind.REST_SETS if rest > 0 else SegmentKind.PREPARE
                self._window(in_set, kind_, rest, set_lines, ex)
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
                self._last_work = last_work

    def _last_seconds(self, block: Block, ex: Exercise) -> None:
        length = block.length
        if length < LAST_SECONDS_FROM or ex.countdown <= 0:
            return
        for number in range(min(ex.countdown, 3), 0, -1):
            block.says.append(_tone(Tone.TICK, length - number))
            if self.speak:
                block.says.append(
                    _fixed(CueKind.COUNT, self.phrases.count(number), length - number)
                )

    def _work(self, in_set: Segment, ex: Exercise, side: Sides | None) -> Block:
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
                texts = (
                    (p.reminder_listening(),)
                    if self.listening
                    else (p.reminder(), p.reminder_short())
                )
                block.says.append(Say(CueKind.REMINDER, Priority.NORMAL, texts))
        if self.full:
            length = sum(block.length for block in blocks)
            self._custom(blocks[0], ex, length, halfway=dosing.form is Form.TIMED)
        return blocks[-1]

    def _holds(
        self, in_set: Segment, ex: Exercise, side: Sides | None, go: list[Say]
    ) -> list[Block]:
        """Hold, relax, hold ...; alternating sides take turns hold by hold."""
        p = self.phrases
        dosing = ex.dosing
        assert dosing.hold is not None and dosing.reps is not None
        alternating = side is Sides.ALTERNATING
        reps = dosing.reps
        holds = reps * 2 if alternating else reps
        blocks: list[Block] = []
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
            relax_says: list[Say] = [_tone(Tone.REST, 0, CueKind.RELAX)]
            if self.speak:
                if not alternating or hold_side is Sides.RIGHT:
                    relax_says.append(_fixed(CueKind.RELAX, p.relax(rep, reps), 0, p.of(rep, reps)))
                else:
                    relax_says.append(_fixed(CueKind.RELAX, p.relax(), 0))
            relax = replace(
                in_set, kind=SegmentKind.RELAX, end=dosing.rest_between_reps, rep=rep, reps=reps
            )
            blocks.append(self._add(relax, relax_says, ex.name))
        return blocks

    def _paced(
        self, in_set: Segment, ex: Exercise, side: Sides | None, go: list[Say]
    ) -> list[Block]:
        """One segment per rep, its count said on the beat ("Go!" starts the first)."""
        dosing = ex.dosing
        assert dosing.tempo is not None and dosing.reps is not None
        alternating = side is Sides.ALTERNATING
        reps = dosing.reps
        blocks: list[Block] = []
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

    def _custom(self, first: Block, ex: Exercise, length: float, *, halfway: bool) -> None:
        """Custom cues (and "Halfway") anywhere in a work block that starts with `first`."""
        wishes = [min(max(cue.at.offset_in(length), 0.0), length) for cue in ex.cues]
        for cue, wish in zip(ex.cues, wishes, strict=True):
            first.says.append(
                Say(CueKind.CUSTOM, Priority.LOW, (cue.say,), offset=wish, deadline=length)
            )
        if halfway and length >= HALFWAY_FROM and all(abs(w - length / 2) > 3 for w in wishes):
            first.says.append(
                Say(
                    CueKind.HALFWAY,
                    Priority.LOW,
                    (self.phrases.halfway(),),
                    offset=length / 2,
                    deadline=length,
                )
            )
