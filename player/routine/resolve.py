"""From a validated routine file to the resolved `Routine`: defaults, `use:`, checks of sense."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from player.i18n import LANGUAGES
from player.routine.dosing import build_dosing, written_form
from player.routine.durations import format_seconds
from player.routine.library import Library
from player.routine.model import (
    CueAnchor,
    CustomCue,
    Exercise,
    Form,
    Kind,
    Limb,
    Posture,
    Progression,
    Routine,
    Section,
    Sides,
    SourcePos,
    Voice,
)
from player.routine.parts import (
    CueFile,
    DefaultsFile,
    DosingFile,
    ExerciseFile,
    FormatError,
    ProgressionFile,
    RoutineFile,
    SectionFile,
    VoiceFile,
    key_names,
    validate,
)
from player.routine.problems import Problem, RoutineError, Severity
from player.routine.source import Document, Loc
from player.routine.validation import did_you_mean

LONG_EXERCISE = 20 * 60.0  # an exercise this long is probably a typo
SHAPES: dict[tuple[str, ...], type] = {
    (): RoutineFile,
    ("voice",): VoiceFile,
    ("defaults",): DefaultsFile,
    ("progression",): ProgressionFile,
    ("sections", "*"): SectionFile,
    ("sections", "*", "exercises", "*"): ExerciseFile,
    ("sections", "*", "exercises", "*", "cues", "*"): CueFile,
}

LibraryLoader = Callable[[], Library]


class Resolver:
    """Resolves one routine file, collecting every problem instead of stopping at the first."""

    def __init__(
        self,
        doc: Document,
        library: LibraryLoader,
        language: str,
        nulls: frozenset[Loc] = frozenset(),
    ) -> None:
        self.doc = doc
        self.nulls = nulls  # keys written without a value: already reported
        self.problems: list[Problem] = []
        self.language = language
        self._library_loader = library
        self._library: Library | None = None
        self._library_failed = False

    def error(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(loc, message, key=key))

    def warn(self, loc: Loc, message: str, *, key: bool = False) -> None:
        self.problems.append(self.doc.problem(loc, message, key=key, severity=Severity.WARNING))

    def library(self, loc: Loc) -> Library | None:
        """The exercise library, loaded when the first `use:` needs it."""
        if self._library is None and not self._library_failed:
            try:
                self._library = self._library_loader()
            except RoutineError as error:
                self._library_failed = True
                self.error(loc, "the exercise library is invalid, so 'use:' cannot be resolved")
                self.problems.extend(error.problems)
        return self._library

    # The whole routine -------------------------------------------------------------------

    def routine(self, file: RoutineFile) -> Routine:
        defaults = file.defaults or DefaultsFile()
        sections = []
        for index, section in enumerate(file.sections):
            sections.append(self.section(section, ("sections", index), defaults))
        voice = file.voice or VoiceFile()
        return Routine(
            title=file.title,
            sections=tuple(sections),
            description=file.description or "",
            language=file.language,
            voice=Voice(
                name=voice.name,
                rate=165 if voice.rate is None else voice.rate,
                volume=1.0 if voice.volume is None else voice.volume,
            ),
            safety=file.safety or "",
            progression=_progression(file.progression),
            path=self.doc.path,
            name=self.doc.path.stem,
        )

    def section(self, section: SectionFile, loc: Loc, defaults: DefaultsFile) -> Section:
        exercises = []
        for index, written in enumerate(section.exercises):
            exercise = self.exercise(written, (*loc, "exercises", index), section.kind, defaults)
            if exercise is not None:
                exercises.append(exercise)
        rest = defaults.rest_between_rounds
        if section.rest_between_rounds is not None:
            rest = section.rest_between_rounds
        return Section(
            name=section.name,
            kind=section.kind,
            exercises=tuple(exercises),
            rounds=section.rounds,
            rest_between_rounds=rest if section.rounds > 1 else 0.0,
            source=self.source(loc),
        )

    def source(self, loc: Loc) -> SourcePos:
        line, column = self.doc.where(loc)
        return SourcePos(self.doc.path, line, column)

    # One exercise ------------------------------------------------------------------------

    def exercise(
        self, own: ExerciseFile, loc: Loc, section_kind: Kind | None, defaults: DefaultsFile
    ) -> Exercise | None:
        """The resolved exercise, or None (with problems added) if it cannot be resolved."""
        if any(null[: len(loc)] == loc for null in self.nulls):
            return None  # "'duration' has no value" says it; the rest would follow from it
        entry = None
        text = None
        if own.use is not None:
            library = self.library((*loc, "use"))
            if library is None:
                return None
            entry = library.entries.get(own.use)
            if entry is None:
                hint = did_you_mean(own.use, library.entries)
                self.error((*loc, "use"), f"no exercise '{own.use}' in the library{hint}")
                return None
            if own.level:
                low, high = entry.level_range()
                if not low <= own.level <= high:
                    self.error(
                        (*loc, "level"),
                        f"'{own.use}' has levels {low} to {high} "
                        f"({-low} easier, {high} harder); level {own.level} is not one of them",
                    )
                    return None
                entry = entry.at_level(own.level)
            text = entry.text(self.language)
            if text is None:
                have = ", ".join(lang for lang in LANGUAGES if entry.text(lang))
                self.error(
                    (*loc, "use"),
                    f"the library has no text for '{own.use}' in language '{self.language}' "
                    f"(it has: {have})",
                )
                return None
        if own.level and own.use is None:
            self.error((*loc, "level"), "'level' goes with 'use:' (a library exercise's variant)")
            return None
        name = own.name or (text.name if text else None)
        if name is None:
            self.error(
                loc, "an exercise needs a 'name' (or 'use: ID' to take one from the library)"
            )
            return None

        form, sound = written_form(own, self.doc, loc, self.problems)
        if not sound:
            return None
        source: DosingFile = own
        base = entry.dosing if entry else None
        if form is None:
            if entry is None:
                self._no_dosing(own, loc, name)
                return None
            form, _ = written_form(entry.dosing, self.doc, loc, [])
            assert form is not None  # the library was checked when it was read
            source = entry.dosing
        elif entry is not None and form is Form.OPEN:
            library_form, _ = written_form(entry.dosing, self.doc, loc, [])
            if library_form in (Form.HOLDS, Form.PACED):
                self.warn(
                    (*loc, "reps"),
                    f"'reps' alone replaces the library's {_FORM_NAMES[library_form]} dosing "
                    f"of '{own.use}' with open reps (the step waits until you press d); "
                    f"to keep {_FORM_NAMES[library_form]}, write "
                    f"'{'hold' if library_form is Form.HOLDS else 'tempo'}' too",
                    key=True,
                )
        dosing = build_dosing(form, source, own, base, defaults)

        sides = Sides(own.sides or (entry.sides if entry else None) or "none")
        switch = own.switch
        if switch is None:
            switch = entry.switch if entry and entry.switch is not None else defaults.switch
        if own.switch is not None and sides is not Sides.BOTH:
            self.warn((*loc, "switch"), "'switch' has no effect unless 'sides: both'", key=True)
        exercise = Exercise(
            name=name,
            kind=own.kind or (entry.kind if entry else None) or section_kind or Kind.WARM_UP,
            dosing=dosing,
            sides=sides,
            switch=switch,
            position=own.position if own.position is not None else (text.position if text else ""),
            instructions=(
                own.instructions
                if own.instructions is not None
                else (text.instructions if text else "")
            ),
            posture=own.posture or (entry.posture if entry else None) or Posture.STANDING,
            equipment=tuple(
                own.equipment if own.equipment is not None else (entry.equipment if entry else ())
            ),
            cues=(),
            prepare=defaults.prepare if own.prepare is None else own.prepare,
            countdown=defaults.countdown if own.countdown is None else own.countdown,
            rest=defaults.rest if own.rest is None else own.rest,
            library_id=own.use,
            source=self.source(loc),
            level=own.level or 0,
            limb=Limb(own.limb or (entry.limb if entry else None) or "side"),
            grow=(own.fit or defaults.fit) == "grow",
        )
        cues = tuple(self._cues(own, loc, exercise))
        total = exercise_seconds(exercise)
        if total >= LONG_EXERCISE:
            self.warn(
                loc,
                f"'{name}' lasts {format_seconds(total)} (20 minutes or more); is a unit wrong?",
            )
        return replace(exercise, cues=cues)

    def _no_dosing(self, own: ExerciseFile, loc: Loc, name: str) -> None:
        given = [k for k in ("sets", "rest_between_sets", "sides") if getattr(own, k) is not None]
        forms = "add 'duration', 'hold' + 'reps', 'reps' + 'tempo', or 'reps'"
        if given:
            self.error(
                loc,
                f"'{name}' has '{given[0]}' but nothing that says how long a step lasts; {forms}",
            )
        else:
            self.error(loc, f"'{name}' has no dosing; {forms}")

    def _cues(self, own: ExerciseFile, loc: Loc, exercise: Exercise) -> Iterator[CustomCue]:
        block = work_block(exercise)
        for index, cue in enumerate(own.cues or ()):
            at_loc = (*loc, "cues", index, "at")
            at = cue.at
            if at.anchor is not CueAnchor.FRACTION and at.value > block:
                where = (
                    "after the work ends"
                    if at.anchor is CueAnchor.FROM_START
                    else "before the work starts"
                )
                sign = "-" if at.anchor is CueAnchor.FROM_END else ""
                self.error(
                    at_loc,
                    f"at {sign}{format_seconds(at.value)} is {where}: one work block of "
                    f"'{exercise.name}' lasts {format_seconds(block)}",
                )
                continue
            if at.offset_in(block) > block - 1.0 and block > 1.0:
                self.warn(
                    at_loc,
                    "this cue lands in the last second of the work, over the final count; "
                    "it may be dropped",
                )
            yield CustomCue(at, cue.say)


def _progression(written: ProgressionFile | None) -> Progression | None:
    if written is None:
        return None
    given = {k: v for k in key_names(ProgressionFile) if (v := getattr(written, k)) is not None}
    return Progression(**given)


_FORM_NAMES = {
    Form.TIMED: "timed",
    Form.HOLDS: "hold + reps",
    Form.PACED: "reps + tempo",
    Form.OPEN: "reps alone",
}


def sides_count(sides: Sides) -> int:
    """How many times the per-side work is done: twice for both and alternating."""
    return 2 if sides in (Sides.BOTH, Sides.ALTERNATING) else 1


def work_block(exercise: Exercise) -> float:
    """Seconds of one work block, the span a custom cue's `at` is measured in.

    One side of one set; with `sides: alternating` both sides are worked in one block.
    """
    per_side = exercise.dosing.work_per_side_per_set()
    return per_side * 2 if exercise.sides is Sides.ALTERNATING else per_side


def exercise_seconds(exercise: Exercise) -> float:
    """Seconds from "Go" to the last "Stop": work, switches and rests between sets."""
    dosing = exercise.dosing
    per_set = dosing.work_per_side_per_set() * sides_count(exercise.sides)
    if exercise.sides is Sides.BOTH:
        per_set += exercise.switch
    return dosing.sets * per_set + (dosing.sets - 1) * dosing.rest_between_sets


# Keys an exercise cannot be checked without: if one of them is invalid, checking the rest
# would only report its consequences.
_KINDS = frozenset(kind.value for kind in Kind)
_ESSENTIAL = frozenset({"use", "name", "duration", "hold", "reps", "tempo", "time_cap"})


def exercise_files(doc: Document) -> Iterator[tuple[Loc, Kind | None, ExerciseFile]]:
    """Every exercise of a file that can be checked on its own (when the whole file is not
    valid): as written, or without its invalid keys if none of them is essential."""
    data = doc.data
    sections = data.get("sections") if isinstance(data, dict) else None
    if not isinstance(sections, list):
        return
    for i, section in enumerate(sections):
        if not isinstance(section, dict) or not isinstance(section.get("exercises"), list):
            continue
        kind_value = section.get("kind")
        kind = Kind(kind_value) if isinstance(kind_value, str) and kind_value in _KINDS else None
        for j, raw in enumerate(section["exercises"]):
            exercise = _checkable(raw)
            if exercise is not None:
                yield ("sections", i, "exercises", j), kind, exercise


def _checkable(raw: object) -> ExerciseFile | None:
    try:
        return validate(ExerciseFile, raw)
    except FormatError as error:
        if not isinstance(raw, dict):
            return None
        bad = {detail.loc[0] for detail in error.errors if detail.loc}
        if not bad <= set(key_names(ExerciseFile)) - _ESSENTIAL:
            return None  # an unknown key may be a misspelt essential one
        try:
            return validate(ExerciseFile, {k: v for k, v in raw.items() if k not in bad})
        except FormatError:
            return None


def partial_defaults(doc: Document) -> DefaultsFile:
    """The file's defaults if they are valid, else the built-in ones."""
    data = doc.data
    raw = data.get("defaults") if isinstance(data, dict) else None
    try:
        return validate(DefaultsFile, raw or {})
    except FormatError:
        return DefaultsFile()
