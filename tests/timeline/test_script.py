"""The default script of every dosing form, in English and German: the lines and their times."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from player.routine.model import (
    CueAnchor,
    CueTime,
    CustomCue,
    Dosing,
    Exercise,
    Form,
    Kind,
    Limb,
    Routine,
    Section,
    Sides,
)
from player.safety import safety_line
from player.timeline.compile import Verbosity, script_texts
from player.timeline.compile import compile_timeline as _compile_timeline
from player.timeline.model import CueKind, SegmentKind, Timeline, Tone


def one_second(text: str) -> float:
    """Every clip takes exactly one second: times below can be worked out by hand."""
    return 1.0


# The intro and outro timed by the clip lengths alone, not by the espeak-ng estimate too.
compile_timeline = partial(_compile_timeline, planned_of=lambda text: 0.0)


def routine(*exercises: Exercise, language: str = "en", safety: str = "") -> Routine:
    section = Section("Practice", Kind.STABILISATION, exercises)
    return Routine("Test", (section,), language=language, safety=safety)


def exercise(name: str, dosing: Dosing, **fields: object) -> Exercise:
    return Exercise(name, Kind.STABILISATION, dosing, **fields)  # type: ignore[arg-type]


def spoken(timeline: Timeline) -> list[tuple[float, str, str]]:
    return [(round(c.at, 1), str(c.kind), c.text) for c in timeline.cues if c.text is not None]


def tones(timeline: Timeline) -> list[tuple[float, Tone]]:
    return [(round(c.at, 1), c.tone) for c in timeline.cues if c.tone is not None]


def segments(timeline: Timeline) -> list[tuple[str, float, float]]:
    return [(str(s.kind), round(s.start, 1), round(s.end, 1)) for s in timeline.segments]


def test_timed_exercise_in_english() -> None:
    cat_cow = exercise(
        "Cat-cow",
        Dosing(Form.TIMED, duration=20),
        position="Sit tall.",
        instructions="Round and arch. Breathe out as you round.",
    )
    timeline = compile_timeline(routine(cat_cow, safety="Stop if it hurts."), one_second)
    assert spoken(timeline) == [
        (0.0, "intro", "Test. About 1 minute."),
        (1.3, "safety", safety_line("en")),
        (2.6, "safety", "Stop if it hurts."),
        # The first exercise is announced from the end of the intro on: the intro (it has
        # no written length) grows by what the written 5 s prepare window lacks ...
        (3.9, "announce", "Practice. First: Cat-cow. 20 seconds."),
        (5.2, "position", "Sit tall."),
        # ... so that the last line ends a gap before the countdown, the prepare window's
        # last 3 s, and "Go!" comes exactly 5 s after the intro.
        (6.5, "count", "3"),
        (7.5, "count", "2"),
        (8.5, "count", "1"),
        (9.5, "go", "Go!"),
        # the instructions did not fit before the countdown: said while moving, after
        # "Go!" and a 0.3 s gap, one sentence after the other
        (10.8, "instructions", "Round and arch."),
        (12.1, "instructions", "Breathe out as you round."),
        (19.5, "halfway", "Halfway."),
        (26.5, "count", "3"),
        (27.5, "count", "2"),
        (28.5, "count", "1"),
        # the finish tone (1.2 s) at the end of work, then the summary
        (31.0, "outro", "Well done. 1 minute, 1 exercise."),
    ]
    assert tones(timeline) == [
        (6.5, Tone.TICK),
        (7.5, Tone.TICK),
        (8.5, Tone.TICK),
        (9.5, Tone.GO),
        (26.5, Tone.TICK),
        (27.5, Tone.TICK),
        (28.5, Tone.TICK),
        (29.5, Tone.FINISH),
    ]
    assert segments(timeline) == [
        ("intro", 0.0, 4.5),
        ("prepare", 4.5, 6.5),
        ("countdown", 6.5, 9.5),
        ("work", 9.5, 29.5),
        ("outro", 29.5, 32.0),  # it ends with its last word
    ]
    assert timeline.warnings == ()
    assert timeline.notes == ("Cat-cow: instructions said during the first set",)


def _two_exercises(language: str = "en") -> Routine:
    side_stretch = exercise(
        "Side stretch",
        Dosing(Form.TIMED, duration=10),
        sides=Sides.BOTH,
        switch=4.0,
        rest=10.0,
        limb=Limb.LEG,
    )
    bracing = exercise("Bracing", Dosing(Form.HOLDS, hold=5, reps=3, rest_between_reps=2))
    return routine(side_stretch, bracing, language=language)


def test_sides_rest_and_holds_in_english() -> None:
    timeline = compile_timeline(_two_exercises(), one_second)
    assert spoken(timeline) == [
        (0.0, "intro", "Test. About 1 minute."),
        (1.3, "safety", safety_line("en")),
        (2.6, "announce", "Practice. First: Side stretch. 10 seconds each side, left first."),
        (3.9, "side", "Left leg first."),
        (5.2, "count", "3"),
        (6.2, "count", "2"),
        (7.2, "count", "1"),
        (8.2, "go", "Go!"),  # 5 s (the written prepare) after the intro
        (15.2, "count", "3"),
        (16.2, "count", "2"),
        (17.2, "count", "1"),
        (18.2, "switch", "Switch sides."),
        (22.2, "go", "Go!"),  # after the 4 s switch window
        (29.2, "count", "3"),
        (30.2, "count", "2"),
        (31.2, "count", "1"),
        # the rest: 10 s from the rest tone at 30.9 to "Go!" at 40.9, everything said
        # inside it, after the tone (0.5 s) and a gap
        (33.0, "rest", "Rest, 10 seconds."),
        (34.3, "announce", "Last exercise. Bracing. 3 holds of 5 seconds."),
        (39.2, "count", "3"),
        (40.2, "count", "2"),
        (41.2, "count", "1"),
        (42.2, "go", "Go!"),
        (47.2, "relax", "Relax, 1 of 3."),
        (49.2, "hold", "Hold."),
        (54.2, "relax", "Relax, 2 of 3."),
        (56.2, "hold", "Hold."),
        (62.7, "outro", "Well done. 1 minute, 2 exercises."),
    ]
    assert segments(timeline) == [
        ("intro", 0.0, 3.2),
        ("prepare", 3.2, 5.2),
        ("countdown", 5.2, 8.2),
        ("work", 8.2, 18.2),
        ("switch", 18.2, 22.2),
        ("work", 22.2, 32.2),
        ("rest", 32.2, 39.2),
        ("countdown", 39.2, 42.2),
        ("hold", 42.2, 47.2),
        ("relax", 47.2, 49.2),
        ("hold", 49.2, 54.2),
        ("relax", 54.2, 56.2),
        ("hold", 56.2, 61.2),
        ("outro", 61.2, 63.7),
    ]
    assert timeline.warnings == ()


def test_sides_rest_and_holds_in_german() -> None:
    lines = [t for _, _, t in spoken(compile_timeline(_two_exercises("de"), one_second))]
    assert lines[:3] == [
        "Test. Etwa eine Minute.",
        safety_line("de"),
        "Practice. Zuerst: Side stretch. 10 Sekunden pro Seite, zuerst links.",
    ]
    assert "Pause, 10 Sekunden." in lines
    assert "Letzte Übung. Bracing. 3-mal 5 Sekunden halten." in lines
    assert "Locker lassen, 1 von 3." in lines and "Und halten." in lines
    assert lines[-1] == "Geschafft! Eine Minute, 2 Übungen."


def test_paced_alternating_reps_name_the_first_side() -> None:
    bird_dog = exercise(
        "Bird dog",
        Dosing(Form.PACED, reps=2, tempo=4, sets=2, rest_between_sets=10),
        sides=Sides.ALTERNATING,
        limb=Limb.ARM_AND_LEG,
    )
    timeline = compile_timeline(routine(bird_dog), one_second)
    lines = [(k, t) for _, k, t in spoken(timeline)]
    assert ("side", "Right arm and left leg first.") in lines
    assert [t for k, t in lines if k == "rep"] == ["Right, 1", "Left, 2", "Right, 2"] * 2
    assert [t for k, t in lines if k == "set"] == ["Final set."]


def test_three_sets_say_which_set() -> None:
    dosing = Dosing(Form.TIMED, duration=5, sets=3, rest_between_sets=8)
    timeline = compile_timeline(routine(exercise("Plank", dosing)), one_second)
    assert [t for _, k, t in spoken(timeline) if k == "set"] == ["Set 2 of 3.", "Final set."]
    german = compile_timeline(routine(exercise("Plank", dosing), language="de"), one_second)
    assert [t for _, k, t in spoken(german) if k == "set"] == ["Satz 2 von 3.", "Letzter Satz."]


def test_open_reps_say_the_real_key_and_end_at_the_time_cap() -> None:
    nearly = CustomCue(CueTime(CueAnchor.FROM_END, 10), "Nearly there.")
    sit_to_stand = exercise("Sit to stand", Dosing(Form.OPEN, reps=10, time_cap=30), cues=(nearly,))
    timeline = compile_timeline(routine(sit_to_stand), one_second)
    (go,) = [c for c in timeline.cues if c.kind is CueKind.GO and c.text]
    (reminder,) = [c for c in timeline.cues if c.kind is CueKind.REMINDER]
    assert reminder.text == "Press d when you have finished."
    assert round(reminder.at - go.at, 6) == 1.3  # after "Go!" and a 0.3 s gap
    (open_,) = [s for s in timeline.segments if s.kind is SegmentKind.OPEN]
    assert round(open_.duration, 6) == 30.0
    german = compile_timeline(routine(sit_to_stand, language="de"), one_second)
    assert "Drück d, wenn du fertig bist." in [t for _, _, t in spoken(german)]


def test_later_rounds_say_the_name_only() -> None:
    plank = exercise(
        "Plank", Dosing(Form.TIMED, duration=5), rest=8.0, position="On your forearms."
    )
    section = Section("Core", Kind.STABILISATION, (plank,), rounds=2, rest_between_rounds=15)
    timeline = compile_timeline(Routine("Test", (section,)), one_second)
    lines = [(k, t) for _, k, t in spoken(timeline)]
    assert ("announce", "Core, round 1 of 2. First: Plank. 5 seconds.") in lines
    assert ("announce", "Last exercise. Core, round 2 of 2. Plank.") in lines
    assert [t for k, t in lines if k == "position"] == ["On your forearms."]
    (rest,) = [s for s in timeline.segments if s.kind is SegmentKind.REST_ROUNDS]
    (countdown,) = [s for s in timeline.segments if s.start == rest.end]
    assert round(rest.duration + countdown.duration, 9) == 15.0


def test_brief_says_names_and_counts_only() -> None:
    cat_cow = exercise(
        "Cat-cow",
        Dosing(Form.TIMED, duration=20),
        position="Sit tall.",
        instructions="Round and arch.",
        cues=(CustomCue(CueTime(CueAnchor.FROM_START, 5), "Slowly."),),
    )
    timeline = compile_timeline(
        routine(cat_cow, safety="Stop if it hurts."), one_second, verbosity=Verbosity.BRIEF
    )
    kinds = {kind for _, kind, _ in spoken(timeline)}
    assert kinds == {"intro", "safety", "announce", "count", "go", "outro"}


def test_tones_only_says_the_safety_line_and_nothing_else() -> None:
    cat_cow = exercise("Cat-cow", Dosing(Form.TIMED, duration=20), position="Sit tall.")
    timeline = compile_timeline(routine(cat_cow), one_second, verbosity=Verbosity.TONES)
    assert spoken(timeline) == [(0.0, "safety", safety_line("en"))]
    assert tones(timeline) == [
        (3.5, Tone.TICK),
        (4.5, Tone.TICK),
        (5.5, Tone.TICK),
        (6.5, Tone.GO),
        (23.5, Tone.TICK),
        (24.5, Tone.TICK),
        (25.5, Tone.TICK),
        (26.5, Tone.FINISH),
    ]
    assert segments(timeline) == [
        ("intro", 0.0, 1.5),
        ("prepare", 1.5, 3.5),
        ("countdown", 3.5, 6.5),
        ("work", 6.5, 26.5),
        ("outro", 26.5, 27.7),
    ]


def test_every_verbosity_opens_with_the_safety_line_then_the_routines_own() -> None:
    cat_cow = exercise("Cat-cow", Dosing(Form.TIMED, duration=20))
    for language in ("en", "de"):
        own = "Breathe out on the effort."
        for verbosity in Verbosity:
            timeline = compile_timeline(
                routine(cat_cow, language=language, safety=own), one_second, verbosity=verbosity
            )
            said = [text for _, kind, text in spoken(timeline) if kind == "safety"]
            assert said == [safety_line(language), own], (language, verbosity)
    same = routine(cat_cow, safety=safety_line("en"))
    timeline = compile_timeline(same, one_second, verbosity=Verbosity.BRIEF)
    assert [k for _, k, _ in spoken(timeline)].count("safety") == 1


def test_a_window_that_may_grow_grows_and_says_so() -> None:
    first = exercise("Tap", Dosing(Form.TIMED, duration=5), rest=8.0)
    long_ = exercise("Step", Dosing(Form.TIMED, duration=5), position="Long.")
    lengths = lambda t: 9.0 if t == "Long." else 1.0  # noqa: E731
    kept = compile_timeline(routine(first, long_), lengths)
    assert "Long." not in [t for _, _, t in spoken(kept)]
    assert kept.warnings == ("Step: starting position left out (no room to say it): 'Long.'",)
    grown = compile_timeline(routine(first, replace(long_, grow=True)), lengths)
    assert "Long." in [t for _, _, t in spoken(grown)]
    (rest,) = [s for s in grown.segments if s.kind is SegmentKind.REST]
    assert rest.duration > 5.0
    assert any("instead of 5.0 s (fit: grow)" in n for n in grown.notes)
    assert grown.warnings == ()  # asked for: nothing to fix


def test_a_custom_cue_without_room_is_dropped_and_warned_about() -> None:
    remark = CustomCue(CueTime(CueAnchor.FRACTION, 0.5), "A long remark.")
    short = exercise("Tap", Dosing(Form.TIMED, duration=4), cues=(remark,))
    timeline = compile_timeline(routine(short), lambda t: 5.0 if t == "A long remark." else 1.0)
    assert "A long remark." not in [t for _, _, t in spoken(timeline)]
    assert timeline.warnings == ("Tap: custom cue left out (no room to say it): 'A long remark.'",)


def test_a_rest_line_too_long_for_its_rest_is_shortened() -> None:
    first = exercise("Tap", Dosing(Form.TIMED, duration=5), rest=6.0)
    second = exercise("Step", Dosing(Form.TIMED, duration=5))
    long_line = "Rest, 6 seconds."
    timeline = compile_timeline(routine(first, second), lambda t: 3.0 if t == long_line else 0.5)
    assert ("rest", "Rest.") in [(k, t) for _, k, t in spoken(timeline)]
    assert timeline.notes == ("Step: 'Rest.' said instead of 'Rest, 6 seconds.'",)
    assert timeline.warnings == ()


def test_a_switch_too_short_for_its_line_keeps_go() -> None:
    both = exercise("Lunge", Dosing(Form.TIMED, duration=5), sides=Sides.BOTH, switch=0.5)
    timeline = compile_timeline(routine(both), one_second)
    lines = [(at, t) for at, _, t in spoken(timeline)]
    assert "Switch sides." not in [t for _, t in lines]
    assert [t for _, t in lines].count("Go!") == 2
    assert timeline.warnings == (
        "Lunge: 'Switch sides' left out (it would cover the next cue): 'Switch sides.'",
    )


def test_a_short_relax_keeps_its_count() -> None:
    """2 s relaxes: "Relax, 3 of 6." when it fits, "3 of 6." when only that fits."""
    bracing = exercise("Brace", Dosing(Form.HOLDS, hold=5, reps=6, rest_between_reps=2))
    roomy = compile_timeline(routine(bracing), lambda t: 1.5 if t.startswith("Relax") else 0.6)
    assert [t for _, k, t in spoken(roomy) if k == "relax"] == [
        f"Relax, {n} of 6." for n in range(1, 6)
    ]
    tight = compile_timeline(routine(bracing), lambda t: 2.1 if t.startswith("Relax") else 0.6)
    assert [t for _, k, t in spoken(tight) if k == "relax"] == [f"{n} of 6." for n in range(1, 6)]
    assert tight.warnings == ()
    assert "Brace: '1 of 6.' said instead of 'Relax, 1 of 6.'" in tight.notes


def test_script_texts_lists_every_phrase_once_in_order_first_heard() -> None:
    texts = script_texts(_two_exercises())
    assert texts[:6] == [
        "Test. About 1 minute.",
        safety_line("en"),
        "Practice. First: Side stretch. 10 seconds each side, left first.",
        "First: Side stretch. 10 seconds each side, left first.",
        "First: Side stretch.",
        "Side stretch.",
    ]
    assert len(texts) == len(set(texts))
    heard = {c.text for c in compile_timeline(_two_exercises(), one_second).cues if c.text}
    assert heard <= set(texts)
    # the shorter wordings fitting may fall back to are there too
    assert "Rest, 10 seconds." in texts and "Rest." in texts and "1 of 3." in texts
    assert script_texts(_two_exercises(), Verbosity.TONES) == [safety_line("en")]


def test_custom_cue_kinds_are_low_priority() -> None:
    remark = CustomCue(CueTime(CueAnchor.FROM_START, 3), "Breathe.")
    timeline = compile_timeline(
        routine(exercise("Tap", Dosing(Form.TIMED, duration=20), cues=(remark,))), one_second
    )
    (cue,) = [c for c in timeline.cues if c.kind is CueKind.CUSTOM]
    assert cue.priority.name == "LOW" and cue.text == "Breathe."
