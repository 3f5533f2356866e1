"""Phrase tables: numbers and lines said naturally in English and German."""

from __future__ import annotations

import pytest

from player.routine.model import Dosing, Exercise, Form, Kind, Sides
from player.timeline.phrases import phrases_for

EN = phrases_for("en")
DE = phrases_for("de")


@pytest.mark.parametrize(
    ("seconds", "english", "german"),
    [
        (1, "1 second", "eine Sekunde"),
        (45, "45 seconds", "45 Sekunden"),
        (1.5, "1.5 seconds", "1,5 Sekunden"),
        (60, "1 minute", "eine Minute"),
        (90, "1 minute 30 seconds", "eine Minute 30 Sekunden"),
        (120, "2 minutes", "2 Minuten"),
        (125, "2 minutes 5 seconds", "2 Minuten 5 Sekunden"),
    ],
)
def test_durations_are_said_in_words(seconds: float, english: str, german: str) -> None:
    assert EN.duration(seconds) == english
    assert DE.duration(seconds) == german


@pytest.mark.parametrize(
    ("seconds", "english", "german"),
    [
        (16.5, "Rest, 16 seconds.", "Pause, 16 Sekunden."),
        (20, "Rest, 20 seconds.", "Pause, 20 Sekunden."),
        (1.5, "Rest, 1 second.", "Pause, eine Sekunde."),
        (90.5, "Rest, 1 minute 30 seconds.", "Pause, eine Minute 30 Sekunden."),
    ],
)
def test_a_rest_is_said_in_whole_seconds(seconds: float, english: str, german: str) -> None:
    assert EN.rest(seconds) == english
    assert DE.rest(seconds) == german


@pytest.mark.parametrize(
    ("seconds", "english", "german"),
    [
        (200, "3 minutes 20 left in this session", "Noch 3 Minuten 20 in dieser Einheit."),
        (60, "1 minute left in this session", "Noch eine Minute in dieser Einheit."),
        (44.6, "45 seconds left in this session", "Noch 45 Sekunden in dieser Einheit."),
    ],
)
def test_time_left_says_of_what(seconds: float, english: str, german: str) -> None:
    assert EN.time_left(seconds) == english
    assert DE.time_left(seconds) == german
    assert EN.time_left(9, "rest") == "9 seconds of rest left"
    assert DE.time_left(9, "rest") == "Noch 9 Sekunden Pause."
    assert EN.time_left(20, "work") == "20 seconds of this exercise left"
    assert DE.time_left(5, "hold") == "Noch 5 Sekunden halten."


def test_sets_rounds_and_holds() -> None:
    assert (EN.set_of(2, 3), EN.set_of(3, 3)) == ("Set 2 of 3.", "Final set.")
    assert (DE.set_of(2, 3), DE.set_of(3, 3)) == ("Satz 2 von 3.", "Letzter Satz.")
    assert (EN.relax(3, 5), DE.relax(3, 5)) == ("Relax, 3 of 5.", "Locker lassen, 3 von 5.")
    assert (EN.section("Core", 2, 3), DE.section("Rumpf", 2, 3)) == (
        "Core, round 2 of 3.",
        "Rumpf, Runde 2 von 3.",
    )
    assert (EN.switch_sides(), DE.switch_sides()) == ("Switch sides.", "Seite wechseln.")
    assert (EN.go(), DE.go()) == ("Go!", "Los!")
    assert EN.rest(20, "Bird dog") == "Rest, 20 seconds. Next: Bird dog."
    assert DE.rest(20, "Vierfüßlerstand") == "Pause, 20 Sekunden. Als Nächstes: Vierfüßlerstand."
    assert EN.outro(20, 12) == "Well done. 20 minutes, 12 exercises."
    assert DE.outro(1, 1) == "Geschafft! Eine Minute, eine Übung."


def _exercise(dosing: Dosing, sides: Sides = Sides.NONE) -> Exercise:
    return Exercise("X", Kind.STABILISATION, dosing, sides=sides)


@pytest.mark.parametrize(
    ("dosing", "sides", "english", "german"),
    [
        (Dosing(Form.TIMED, duration=40), Sides.NONE, "X. 40 seconds.", "X. 40 Sekunden."),
        (
            Dosing(Form.TIMED, duration=30),
            Sides.BOTH,
            "X. 30 seconds each side, left first.",
            "X. 30 Sekunden pro Seite, zuerst links.",
        ),
        (
            Dosing(Form.HOLDS, hold=10, reps=5, rest_between_reps=3, sets=2),
            Sides.NONE,
            "X. 5 holds of 10 seconds, 2 sets.",
            "X. 5-mal 10 Sekunden halten, 2 Sätze.",
        ),
        (
            Dosing(Form.PACED, reps=8, tempo=4),
            Sides.ALTERNATING,
            "X. 8 reps each side, alternating, 4 seconds each.",
            "X. 8 Wiederholungen pro Seite, im Wechsel, je 4 Sekunden.",
        ),
        (
            Dosing(Form.HOLDS, hold=90, reps=1),
            Sides.RIGHT,
            "X. 1 hold of 1 minute 30 seconds, right side.",
            "X. Einmal eine Minute 30 Sekunden halten, rechte Seite.",
        ),
        (
            Dosing(Form.PACED, reps=1, tempo=2.5, sets=3, rest_between_sets=10),
            Sides.NONE,
            "X. 1 rep, 2.5 seconds each, 3 sets.",
            "X. Eine Wiederholung, je 2,5 Sekunden, 3 Sätze.",
        ),
        (
            Dosing(Form.OPEN, reps=1, time_cap=60),
            Sides.LEFT,
            "X. 1 rep, left side, at your own pace.",
            "X. Eine Wiederholung, linke Seite, in deinem Tempo.",
        ),
    ],
)
def test_announcements_name_the_dosing(
    dosing: Dosing, sides: Sides, english: str, german: str
) -> None:
    assert EN.announce(_exercise(dosing, sides)) == english
    assert DE.announce(_exercise(dosing, sides)) == german


def test_languages_without_a_table_fall_back_to_english() -> None:
    assert phrases_for("fr").go() == "Go!"
    assert phrases_for("de-AT").go() == "Los!"
    assert phrases_for("DE").language == "de"


def test_repeat_gives_the_lines_announced() -> None:
    exercise = Exercise(
        "X", Kind.STRETCHING, Dosing(Form.TIMED, duration=5), position="Stand.", instructions=""
    )
    assert EN.repeat(exercise) == ("Stand.",)
