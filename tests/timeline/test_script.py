"""The default script of every dosing form, in English and German: the lines and their times."""

from __future__ import annotations

from player.routine.model import (
    CueAnchor,
    CueTime,
    CustomCue,
    Dosing,
    Exercise,
    Form,
    Kind,
    Routine,
    Section,
    Sides,
)
from player.safety import safety_line
from player.timeline.compile import Verbosity, compile_timeline, script_texts
from player.timeline.model import CueKind, SegmentKind, Timeline, Tone


def one_second(text: str) -> float:
    """Every clip takes exactly one second: times below can be worked out by hand."""
    return 1.0


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
        instructions="Round and arch.",
    )
    timeline = compile_timeline(routine(cat_cow, safety="Stop if it hurts."), one_second)
    assert spoken(timeline) == [
        (0.0, "intro", "Test. About 1 minute."),
        (1.3, "safety", safety_line("en")),
        (2.6, "safety", "Stop if it hurts."),
        (3.9, "announce", "First: Cat-cow."),
        # the intro window ends 0.5 s after its last line; the section's name follows
        (5.4, "section", "Practice."),
        (6.9, "announce", "Cat-cow. 20 seconds."),
        (8.2, "position", "Sit tall."),
        (9.5, "instructions", "Round and arch."),
        # prepare window: 5 s from 5.6, long enough (lines end at 9.2, +0.5)
        (11.9, "count", "3"),
        (12.9, "count", "2"),
        (13.9, "count", "1"),
        (14.9, "go", "Go!"),
        (24.9, "halfway", "Halfway."),
        (31.9, "count", "3"),
        (32.9, "count", "2"),
        (33.9, "count", "1"),
        # the finish tone (1.2 s) at the end of work, then the summary
        (36.4, "outro", "Well done. 1 minute, 1 exercise."),
    ]
    assert tones(timeline) == [
        (11.9, Tone.TICK),
        (12.9, Tone.TICK),
        (13.9, Tone.TICK),
        (14.9, Tone.GO),
        (31.9, Tone.TICK),
        (32.9, Tone.TICK),
        (33.9, Tone.TICK),
        (34.9, Tone.FINISH),
    ]
    assert segments(timeline) == [
        ("intro", 0.0, 5.4),
        ("section", 5.4, 6.9),
        ("prepare", 6.9, 11.9),
        ("countdown", 11.9, 14.9),
        ("work", 14.9, 34.9),
        ("outro", 34.9, 37.9),
    ]
    assert timeline.warnings == ()


def _two_exercises(language: str = "en") -> Routine:
    side_stretch = exercise(
        "Side stretch", Dosing(Form.TIMED, duration=10), sides=Sides.BOTH, switch=4.0, rest=10.0
    )
    bracing = exercise("Bracing", Dosing(Form.HOLDS, hold=5, reps=3, rest_between_reps=2))
    return routine(side_stretch, bracing, language=language)


def test_sides_rest_and_holds_in_english() -> None:
    timeline = compile_timeline(_two_exercises(), one_second)
    assert spoken(timeline) == [
        (0.0, "intro", "Test. About 1 minute."),
        (1.3, "safety", safety_line("en")),
        (2.6, "announce", "First: Side stretch."),
        (4.1, "section", "Practice."),
        (5.6, "announce", "Side stretch. 10 seconds each side, left first."),
        (10.6, "count", "3"),
        (11.6, "count", "2"),
        (12.6, "count", "1"),
        (13.6, "go", "Go!"),
        (20.6, "count", "3"),
        (21.6, "count", "2"),
        (22.6, "count", "1"),
        (23.6, "switch", "Switch sides."),
        (27.6, "go", "Go!"),  # after the 4 s switch window
        (34.6, "count", "3"),
        (35.6, "count", "2"),
        (36.6, "count", "1"),
        (37.9, "rest", "Rest, 10 seconds. Next: Bracing."),  # 0.3 s after "1" ends
        (47.6, "last", "Last exercise."),
        (48.9, "announce", "Bracing. 3 holds of 5 seconds."),
        (52.6, "count", "3"),
        (53.6, "count", "2"),
        (54.6, "count", "1"),
        (55.6, "go", "Go!"),
        (60.6, "relax", "Relax, 1 of 3."),
        (62.6, "hold", "Hold."),
        (67.6, "relax", "Relax, 2 of 3."),
        (69.6, "hold", "Hold."),
        (76.1, "outro", "Well done. 1 minute, 2 exercises."),
    ]
    kinds = [(s.kind, s.side, s.rep) for s in timeline.segments if s.exercise_index is not None]
    assert kinds == [
        (SegmentKind.SECTION, None, None),
        (SegmentKind.PREPARE, None, None),
        (SegmentKind.COUNTDOWN, None, None),
        (SegmentKind.WORK, Sides.LEFT, None),
        (SegmentKind.SWITCH, None, None),
        (SegmentKind.WORK, Sides.RIGHT, None),
        (SegmentKind.REST, None, None),
        (SegmentKind.PREPARE, None, None),
        (SegmentKind.COUNTDOWN, None, None),
        (SegmentKind.HOLD, None, 1),
        (SegmentKind.RELAX, None, 1),
        (SegmentKind.HOLD, None, 2),
        (SegmentKind.RELAX, None, 2),
        (SegmentKind.HOLD, None, 3),
    ]
    assert (37.6, Tone.REST) in tones(timeline)
    assert (23.6, Tone.SWITCH) in tones(timeline)


def test_sides_rest_and_holds_in_german() -> None:
    timeline = compile_timeline(_two_exercises("de"), one_second)
    lines = [text for _, _, text in spoken(timeline)]
    assert lines == [
        "Test. Etwa eine Minute.",
        safety_line("de"),
        "Zuerst: Side stretch.",
        "Practice.",
        "Side stretch. 10 Sekunden pro Seite, zuerst links.",
        "3",
        "2",
        "1",
        "Los!",
        "3",
        "2",
        "1",
        "Seite wechseln.",
        "Los!",
        "3",
        "2",
        "1",
        "Pause, 10 Sekunden. Als Nächstes: Bracing.",
        "Letzte Übung.",
        "Bracing. 3-mal 5 Sekunden halten.",
        "3",
        "2",
        "1",
        "Los!",
        "Locker lassen, 1 von 3.",
        "Und halten.",
        "Locker lassen, 2 von 3.",
        "Und halten.",
        "Geschafft! Eine Minute, 2 Übungen.",
    ]
    # the same moments as in English: the wording changes, the timing does not
    english = compile_timeline(_two_exercises(), one_second)
    assert [c.at for c in timeline.cues] == [c.at for c in english.cues]


def _bird_dog(language: str = "en") -> Routine:
    dosing = Dosing(Form.PACED, reps=2, tempo=3, sets=2, rest_between_sets=10)
    return routine(exercise("Bird dog", dosing, sides=Sides.ALTERNATING), language=language)


def test_paced_alternating_reps_in_two_sets() -> None:
    timeline = compile_timeline(_bird_dog(), one_second)
    assert spoken(timeline)[4:] == [
        (5.6, "announce", "Bird dog. 2 reps each side, alternating, 3 seconds each, 2 sets."),
        (10.6, "count", "3"),
        (11.6, "count", "2"),
        (12.6, "count", "1"),
        (13.6, "go", "Go!"),  # left, rep 1
        (16.6, "rep", "Right, 1"),
        (19.6, "rep", "Left, 2"),
        (22.6, "rep", "Right, 2"),
        (25.6, "rest", "Rest, 10 seconds."),
        (35.6, "set", "Final set."),  # said before the set's countdown
        (37.1, "count", "3"),
        (38.1, "count", "2"),
        (39.1, "count", "1"),
        (40.1, "go", "Go!"),
        (43.1, "rep", "Right, 1"),
        (46.1, "rep", "Left, 2"),
        (49.1, "rep", "Right, 2"),
        (53.6, "outro", "Well done. 1 minute, 1 exercise."),
    ]
    work = [s for s in timeline.segments if s.kind is SegmentKind.WORK]
    assert [(s.set, s.side, s.rep) for s in work] == [
        (set_, side, rep) for set_ in (1, 2) for rep in (1, 2) for side in (Sides.LEFT, Sides.RIGHT)
    ]
    assert all(round(s.duration, 9) == 3.0 for s in work)


def test_paced_reps_in_german() -> None:
    lines = [text for _, _, text in spoken(compile_timeline(_bird_dog("de"), one_second))]
    assert "Bird dog. 2 Wiederholungen pro Seite, im Wechsel, je 3 Sekunden, 2 Sätze." in lines
    assert lines[8:12] == ["Los!", "Rechts, 1", "Links, 2", "Rechts, 2"]
    assert "Pause, 10 Sekunden." in lines
    assert "Letzter Satz." in lines


def test_three_sets_say_which_set() -> None:
    dosing = Dosing(Form.TIMED, duration=5, sets=3, rest_between_sets=5)
    timeline = compile_timeline(routine(exercise("Plank", dosing)), one_second)
    assert [t for _, k, t in spoken(timeline) if k == "set"] == ["Set 2 of 3.", "Final set."]
    german = compile_timeline(routine(exercise("Plank", dosing), language="de"), one_second)
    assert [t for _, k, t in spoken(german) if k == "set"] == ["Satz 2 von 3.", "Letzter Satz."]


def test_open_reps_remind_and_end_at_the_time_cap() -> None:
    nearly = CustomCue(CueTime(CueAnchor.FROM_END, 10), "Nearly there.")
    sit_to_stand = exercise("Sit to stand", Dosing(Form.OPEN, reps=10, time_cap=30), cues=(nearly,))
    timeline = compile_timeline(routine(sit_to_stand), one_second)
    assert spoken(timeline)[4:] == [
        (5.6, "announce", "Sit to stand. 10 reps, at your own pace."),
        (10.6, "count", "3"),
        (11.6, "count", "2"),
        (12.6, "count", "1"),
        (13.6, "go", "Go!"),
        # wished for at the start of the block; waits for "Go!" and a 0.3 s gap
        (14.9, "reminder", "Say done or press n when you have finished."),
        (33.6, "custom", "Nearly there."),  # 10 s before the cap
        (45.1, "outro", "Well done. 1 minute, 1 exercise."),
    ]
    (open_,) = [s for s in timeline.segments if s.kind is SegmentKind.OPEN]
    assert (round(open_.start, 6), round(open_.end, 6)) == (13.6, 43.6)
    german = compile_timeline(routine(sit_to_stand, language="de"), one_second)
    assert "Sag fertig oder drück n, wenn du fertig bist." in [t for _, _, t in spoken(german)]


def test_rounds_name_the_round_and_rest_between_them() -> None:
    plank = exercise("Plank", Dosing(Form.TIMED, duration=5), rest=3.0)
    section = Section("Core", Kind.STABILISATION, (plank,), rounds=2, rest_between_rounds=15)
    timeline = compile_timeline(Routine("Test", (section,)), one_second)
    lines = [(k, t) for _, k, t in spoken(timeline)]
    assert ("section", "Core, round 1 of 2.") in lines
    assert ("rest", "Rest, 15 seconds. Next: round 2 of 2.") in lines
    assert ("section", "Core, round 2 of 2.") in lines
    assert ("last", "Last exercise.") in lines
    (rest,) = [s for s in timeline.segments if s.kind is SegmentKind.REST_ROUNDS]
    assert round(rest.duration, 9) == 15.0


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
    assert kinds == {"intro", "safety", "announce", "section", "count", "go", "outro"}


def test_tones_only_says_the_safety_line_and_nothing_else() -> None:
    cat_cow = exercise("Cat-cow", Dosing(Form.TIMED, duration=20), position="Sit tall.")
    timeline = compile_timeline(routine(cat_cow), one_second, verbosity=Verbosity.TONES)
    assert spoken(timeline) == [(0.0, "safety", safety_line("en"))]
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
        ("intro", 0.0, 1.5),
        ("prepare", 1.5, 6.5),
        ("countdown", 6.5, 9.5),
        ("work", 9.5, 29.5),
        ("outro", 29.5, 30.7),
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
    # the routine's own line is not said twice when it is the same
    same = routine(cat_cow, safety=safety_line("en"))
    timeline = compile_timeline(same, one_second, verbosity=Verbosity.BRIEF)
    assert [k for _, k, _ in spoken(timeline)].count("safety") == 1


def test_a_long_announcement_grows_the_prepare_window_and_warns() -> None:
    cat_cow = exercise("Cat-cow", Dosing(Form.TIMED, duration=20), instructions="Long.")
    timeline = compile_timeline(routine(cat_cow), lambda t: 9.0 if t == "Long." else 1.0)
    (prepare,) = [s for s in timeline.segments if s.kind is SegmentKind.PREPARE]
    # announcement 1 s, gap 0.3 s, instructions 9 s, then 0.5 s before the countdown
    assert round(prepare.duration, 6) == 10.8
    assert timeline.warnings == (
        "prepare windows grew to fit the announcements: Cat-cow 5.0 → 10.8 s",
    )
    (work,) = [s for s in timeline.segments if s.kind is SegmentKind.WORK]
    assert round(work.duration, 9) == 20.0


def test_a_custom_cue_without_room_is_dropped_and_warned_about() -> None:
    remark = CustomCue(CueTime(CueAnchor.FRACTION, 0.5), "A long remark.")
    short = exercise("Tap", Dosing(Form.TIMED, duration=4), cues=(remark,))
    timeline = compile_timeline(routine(short), lambda t: 5.0 if t == "A long remark." else 1.0)
    assert "A long remark." not in [t for _, _, t in spoken(timeline)]
    assert timeline.warnings == ("Tap: dropped 'A long remark.' (no room to say it)",)


def test_a_rest_line_too_long_for_its_rest_is_shortened() -> None:
    first = exercise("Tap", Dosing(Form.TIMED, duration=5), rest=2.0)
    second = exercise("Step", Dosing(Form.TIMED, duration=5))
    long_line = "Rest, 2 seconds. Next: Step."
    timeline = compile_timeline(routine(first, second), lambda t: 3.0 if t == long_line else 1.0)
    assert ("rest", "Rest, 2 seconds.") in [(k, t) for _, k, t in spoken(timeline)]
    assert timeline.warnings == (f"Tap: shortened '{long_line}' to 'Rest, 2 seconds.' to fit",)


def test_a_switch_too_short_for_its_line_keeps_go() -> None:
    both = exercise("Lunge", Dosing(Form.TIMED, duration=5), sides=Sides.BOTH, switch=0.5)
    timeline = compile_timeline(routine(both), one_second)
    lines = [(at, t) for at, _, t in spoken(timeline)]
    assert "Switch sides." not in [t for _, t in lines]
    assert [t for _, t in lines].count("Go!") == 2
    assert timeline.warnings == ("Lunge: dropped 'Switch sides.' (it overlaps)",)


def test_a_short_relax_says_relax_without_the_count() -> None:
    bracing = exercise("Brace", Dosing(Form.HOLDS, hold=5, reps=2, rest_between_reps=1))
    timeline = compile_timeline(routine(bracing), lambda t: 1.5 if t == "Relax, 1 of 2." else 0.6)
    assert [t for _, k, t in spoken(timeline) if k == "relax"] == ["Relax."]
    assert timeline.warnings == ("Brace: shortened 'Relax, 1 of 2.' to 'Relax.' to fit",)


def test_script_texts_lists_every_phrase_once_in_order_first_heard() -> None:
    texts = script_texts(_two_exercises())
    assert texts[:6] == [
        "Test. About 1 minute.",
        safety_line("en"),
        "First: Side stretch.",
        "Practice.",
        "Side stretch. 10 seconds each side, left first.",
        "3",
    ]
    assert len(texts) == len(set(texts))
    heard = {c.text for c in compile_timeline(_two_exercises(), one_second).cues if c.text}
    assert heard <= set(texts)
    # the shorter wordings fitting may fall back to are there too
    assert "Rest, 10 seconds." in texts and "Rest." in texts and "Relax." in texts
    assert script_texts(_two_exercises(), Verbosity.TONES) == [safety_line("en")]


def test_custom_cue_kinds_are_low_priority() -> None:
    remark = CustomCue(CueTime(CueAnchor.FROM_START, 3), "Breathe.")
    timeline = compile_timeline(
        routine(exercise("Tap", Dosing(Form.TIMED, duration=20), cues=(remark,))), one_second
    )
    (cue,) = [c for c in timeline.cues if c.kind is CueKind.CUSTOM]
    assert cue.priority.name == "LOW" and cue.text == "Breathe."
