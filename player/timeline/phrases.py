"""What the coach says, per language: every spoken line the player makes up itself.

The routine's own text (names, positions, instructions, custom cues) is spoken as written;
everything around it comes from here. English is the fallback for languages without a
table. The session engine uses the on-demand lines (`get_ready`, `time_left`, `next_up`,
`repeat`, `stop`, `done`) through `phrases_for(language)`.
"""

from __future__ import annotations

import math
from typing import ClassVar

from player.routine.model import Dosing, Exercise, Form, Kind, Limb, Sides


def _number(value: float, decimal_mark: str = ".") -> str:
    """`30`, `1.5`: whole numbers without a fraction, others to one decimal."""
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}".replace(".", decimal_mark)


def rest_said(seconds: float) -> float:
    """A rest as it is announced: whole seconds, rounded down (the rest is at least what
    was said; the author's clock still keeps its full length; 1e-9 keeps a sum that came
    out a hair under a whole second whole). A rest under a second is said as it is."""
    return float(math.floor(seconds + 1e-9)) if seconds >= 1 else seconds


_KIND_NAMES = {
    Kind.WARM_UP: "Warm-up",
    Kind.MOBILISATION: "Mobilisation",
    Kind.STABILISATION: "Stabilisation",
    Kind.STRENGTHENING: "Strengthening",
    Kind.STRETCHING: "Stretching",
    Kind.COOL_DOWN: "Cool-down",
}
_GERMAN_KIND_NAMES = {
    Kind.WARM_UP: "Aufwärmen",
    Kind.MOBILISATION: "Mobilisation",
    Kind.STABILISATION: "Stabilisation",
    Kind.STRENGTHENING: "Kräftigung",
    Kind.STRETCHING: "Dehnung",
    Kind.COOL_DOWN: "Ausklang",
}


class Phrases:
    """English lines; other languages override what they say differently."""

    language = "en"

    # --- numbers and times -------------------------------------------------------------

    def seconds(self, value: float) -> str:
        return "1 second" if value == 1 else f"{_number(value)} seconds"

    def minutes(self, value: int) -> str:
        return "1 minute" if value == 1 else f"{value} minutes"

    def duration(self, seconds: float) -> str:
        """A length of time as said aloud: `1 minute 30 seconds`, `45 seconds`."""
        seconds = round(seconds, 1)
        whole_minutes = int(seconds // 60)
        rest = round(seconds - 60 * whole_minutes, 1)
        if whole_minutes == 0:
            return self.seconds(rest)
        if rest == 0:
            return self.minutes(whole_minutes)
        return f"{self.minutes(whole_minutes)} {self.seconds(rest)}"

    def count(self, number: int) -> str:
        return str(number)

    def side(self, side: Sides) -> str:
        return {Sides.LEFT: "Left", Sides.RIGHT: "Right"}.get(side, "")

    def kind_name(self, kind: Kind) -> str:
        """A kind of exercise as a section is called: `Stabilisation`."""
        return _KIND_NAMES[kind]

    # --- the quick break ---------------------------------------------------------------

    def break_title(self, minutes: float) -> str:
        """A quick break's title: `Quick break — 3 minutes`."""
        return "Quick break — 1 minute" if minutes == 1 else f"Quick break — {minutes:g} minutes"

    def break_description(self) -> str:
        return "A short break at your desk, no mat needed."

    # --- the session -------------------------------------------------------------------

    def intro(self, title: str, minutes: int) -> str:
        return f"{title}. About {self.minutes(minutes)}."

    def first(self, announcement: str) -> str:
        """The first exercise's announcement: `First: Bird dog. 8 reps each side.`"""
        return f"First: {announcement}"

    def name(self, name: str) -> str:
        """An exercise by name alone (later rounds, or when the dosing does not fit)."""
        return f"{name}."

    def outro(self, minutes: int, exercises: int) -> str:
        done = "1 exercise" if exercises == 1 else f"{exercises} exercises"
        return f"Well done. {self.minutes(minutes)}, {done}."

    def section(self, name: str, round_: int, rounds: int) -> str:
        if rounds > 1:
            return f"{name}, round {round_} of {rounds}."
        return f"{name}."

    def last_exercise(self) -> str:
        return "Last exercise."

    # --- an exercise -------------------------------------------------------------------

    def announce(self, exercise: Exercise) -> str:
        """The name and how much: `Bird dog. 8 reps each side, alternating, 4 seconds each.`"""
        dosing = self.dosing(exercise.dosing, exercise.sides)
        return f"{exercise.name}. {dosing[0].upper()}{dosing[1:]}."

    def _reps(self, reps: int) -> str:
        return "1 rep" if reps == 1 else f"{reps} reps"

    PER_SIDE: ClassVar[dict[Sides, str]] = {
        Sides.NONE: "",
        Sides.BOTH: " each side, left first",
        Sides.LEFT: ", left side",
        Sides.RIGHT: ", right side",
        Sides.ALTERNATING: " each side, alternating",
    }

    def _holds(self, reps: int, hold: str) -> str:
        holds = "1 hold" if reps == 1 else f"{reps} holds"
        return f"{holds} of {hold}"

    def _each(self, tempo: str) -> str:
        return f"{tempo} each"

    def _own_pace(self) -> str:
        return "at your own pace"

    def _sets(self, sets: int) -> str:
        return f"{sets} sets"

    def dosing(self, dosing: Dosing, sides: Sides) -> str:
        """How much: `8 reps each side, alternating, 4 seconds each` (the same rule for every
        language; the words come from `PER_SIDE`, `_reps`, `_holds`, `_each`, `_own_pace`
        and `_sets`)."""
        per_side = self.PER_SIDE[sides]
        if dosing.form is Form.TIMED:
            assert dosing.duration is not None
            text = self.duration(dosing.duration) + per_side
        elif dosing.form is Form.HOLDS:
            assert dosing.hold is not None and dosing.reps is not None
            text = self._holds(dosing.reps, self.duration(dosing.hold)) + per_side
        elif dosing.form is Form.PACED:
            assert dosing.tempo is not None and dosing.reps is not None
            text = f"{self._reps(dosing.reps)}{per_side}, {self._each(self.duration(dosing.tempo))}"
        else:
            assert dosing.reps is not None
            text = f"{self._reps(dosing.reps)}{per_side}, {self._own_pace()}"
        if dosing.sets > 1:
            text += f", {self._sets(dosing.sets)}"
        return text

    def go(self) -> str:
        return "Go!"

    def stop(self) -> str:
        return "Stop."

    def halfway(self) -> str:
        return "Halfway."

    def set_of(self, set_: int, sets: int) -> str:
        return "Final set." if set_ == sets else f"Set {set_} of {sets}."

    def hold(self, side: Sides | None = None) -> str:
        if side in (Sides.LEFT, Sides.RIGHT):
            return f"{self.side(side)}, hold."
        return "Hold."

    def relax(self, rep: int | None = None, reps: int | None = None) -> str:
        if rep is None or reps is None:
            return "Relax."
        return f"Relax, {rep} of {reps}."

    def of(self, rep: int, reps: int) -> str:
        """The count alone, when "Relax, 3 of 6." does not fit: `3 of 6.`"""
        return f"{rep} of {reps}."

    def rep(self, number: int, side: Sides | None = None) -> str:
        if side in (Sides.LEFT, Sides.RIGHT):
            return f"{self.side(side)}, {number}"
        return self.count(number)

    def switch_sides(self) -> str:
        return "Switch sides."

    LIMBS: ClassVar[dict[Limb, str]] = {
        Limb.SIDE: "Left side first.",
        Limb.ARM: "Left arm first.",
        Limb.LEG: "Left leg first.",
        Limb.HAND: "Left hand first.",
        Limb.FOOT: "Left foot first.",
        Limb.ARM_AND_LEG: "Right arm and left leg first.",
    }

    def first_side(self, limb: Limb) -> str:
        """Which side starts (always the left, or the right arm with the left leg)."""
        return self.LIMBS[limb]

    def rest(self, seconds: float, next_: str | None = None) -> str:
        """`Rest, 20 seconds. Next: Bird dog.`; `next_` is what comes next. A rest is said
        in whole seconds (`rest_said`): nobody on a mat is told to rest 16.5 seconds."""
        text = f"Rest, {self.duration(rest_said(seconds))}."
        return f"{text} Next: {next_}." if next_ else text

    def rest_short(self) -> str:
        return "Rest."

    def reminder(self) -> str:
        return "Press d when you have finished."

    def reminder_short(self) -> str:
        return "Press d when done."

    def reminder_listening(self) -> str:
        """Open reps while spoken commands are on (`--listen`)."""
        return "Say done or press d."

    # --- on demand (the session engine) ------------------------------------------------

    def get_ready(self) -> str:
        return "Get ready."

    def next_up(self, name: str) -> str:
        return f"Next: {name}."

    def time_left(self, seconds: float, of: str = "session") -> str:
        """`3 minutes 20 left in this session`, `45 seconds of rest left` (whole seconds),
        `of` what: `session`, `work`, `hold` or `rest`."""
        seconds = max(0, round(seconds))
        whole_minutes, rest = divmod(seconds, 60)
        if whole_minutes and rest:
            return self._left(f"{self.minutes(whole_minutes)} {rest}", of)
        return self._left(self.duration(seconds), of)

    def _left(self, amount: str, of: str) -> str:
        return {
            "work": f"{amount} of this exercise left",
            "hold": f"{amount} of this hold left",
            "rest": f"{amount} of rest left",
        }.get(of, f"{amount} left in this session")

    def repeat(self, exercise: Exercise) -> tuple[str, ...]:
        """The starting position and instructions again (the same lines as announced)."""
        return tuple(t for t in (exercise.position, exercise.instructions) if t)

    def done(self) -> str:
        return "Done."


class GermanPhrases(Phrases):
    """Deutsch, in der Du-Form wie in Trainings-Apps üblich."""

    language = "de"

    def seconds(self, value: float) -> str:
        return "eine Sekunde" if value == 1 else f"{_number(value, ',')} Sekunden"

    def minutes(self, value: int) -> str:
        return "eine Minute" if value == 1 else f"{value} Minuten"

    def side(self, side: Sides) -> str:
        return {Sides.LEFT: "Links", Sides.RIGHT: "Rechts"}.get(side, "")

    def kind_name(self, kind: Kind) -> str:
        return _GERMAN_KIND_NAMES[kind]

    def break_title(self, minutes: float) -> str:
        return "Kurze Pause — 1 Minute" if minutes == 1 else f"Kurze Pause — {minutes:g} Minuten"

    def break_description(self) -> str:
        return "Eine kurze Pause am Schreibtisch, ohne Matte."

    def intro(self, title: str, minutes: int) -> str:
        return f"{title}. Etwa {self.minutes(minutes)}."

    def first(self, announcement: str) -> str:
        return f"Zuerst: {announcement}"

    def outro(self, minutes: int, exercises: int) -> str:
        done = "eine Übung" if exercises == 1 else f"{exercises} Übungen"
        length = self.minutes(minutes)
        return f"Geschafft! {length[0].upper()}{length[1:]}, {done}."

    def section(self, name: str, round_: int, rounds: int) -> str:
        if rounds > 1:
            return f"{name}, Runde {round_} von {rounds}."
        return f"{name}."

    def last_exercise(self) -> str:
        return "Letzte Übung."

    def _reps(self, reps: int) -> str:
        return "eine Wiederholung" if reps == 1 else f"{reps} Wiederholungen"

    PER_SIDE: ClassVar[dict[Sides, str]] = {
        Sides.NONE: "",
        Sides.BOTH: " pro Seite, zuerst links",
        Sides.LEFT: ", linke Seite",
        Sides.RIGHT: ", rechte Seite",
        Sides.ALTERNATING: " pro Seite, im Wechsel",
    }

    def _holds(self, reps: int, hold: str) -> str:
        times = "einmal" if reps == 1 else f"{reps}-mal"
        return f"{times} {hold} halten"

    def _each(self, tempo: str) -> str:
        return f"je {tempo}"

    def _own_pace(self) -> str:
        return "in deinem Tempo"

    def _sets(self, sets: int) -> str:
        return f"{sets} Sätze"

    def go(self) -> str:
        return "Los!"

    def stop(self) -> str:
        return "Stopp."

    def halfway(self) -> str:
        return "Halbzeit."

    def set_of(self, set_: int, sets: int) -> str:
        return "Letzter Satz." if set_ == sets else f"Satz {set_} von {sets}."

    def hold(self, side: Sides | None = None) -> str:
        if side in (Sides.LEFT, Sides.RIGHT):
            return f"{self.side(side)}, halten."
        return "Und halten."

    def relax(self, rep: int | None = None, reps: int | None = None) -> str:
        if rep is None or reps is None:
            return "Locker lassen."
        return f"Locker lassen, {rep} von {reps}."

    def of(self, rep: int, reps: int) -> str:
        return f"{rep} von {reps}."

    def switch_sides(self) -> str:
        return "Seite wechseln."

    LIMBS: ClassVar[dict[Limb, str]] = {
        Limb.SIDE: "Links zuerst.",
        Limb.ARM: "Zuerst der linke Arm.",
        Limb.LEG: "Zuerst das linke Bein.",
        Limb.HAND: "Zuerst die linke Hand.",
        Limb.FOOT: "Zuerst der linke Fuß.",
        Limb.ARM_AND_LEG: "Zuerst rechter Arm und linkes Bein.",
    }

    def rest(self, seconds: float, next_: str | None = None) -> str:
        text = f"Pause, {self.duration(rest_said(seconds))}."
        return f"{text} Als Nächstes: {next_}." if next_ else text

    def rest_short(self) -> str:
        return "Pause."

    def reminder(self) -> str:
        return "Drück d, wenn du fertig bist."

    def reminder_short(self) -> str:
        return "Fertig? Drück d."

    def reminder_listening(self) -> str:
        return "Sag fertig oder drück d."

    def get_ready(self) -> str:
        return "Mach dich bereit."

    def next_up(self, name: str) -> str:
        return f"Als Nächstes: {name}."

    def _left(self, amount: str, of: str) -> str:
        return {
            "work": f"Noch {amount} bei dieser Übung.",
            "hold": f"Noch {amount} halten.",
            "rest": f"Noch {amount} Pause.",
        }.get(of, f"Noch {amount} in dieser Einheit.")

    def done(self) -> str:
        return "Fertig."


_TABLES: dict[str, Phrases] = {"en": Phrases(), "de": GermanPhrases()}


def phrases_for(language: str) -> Phrases:
    """The phrase table for `language` (`de`, `de-AT`, `en` ...); English when there is none."""
    return _TABLES.get(language.split("-")[0].lower(), _TABLES["en"])
