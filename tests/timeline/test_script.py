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
        (1.3, "safety", "Stop if it hurts."),
        (2.6, "announce", "First: Cat-cow."),
        # the intro window ends 0.5 s after its last line; the section's name follows
        (4.1, "section", "Practice."),
        (5.6, "announce", "Cat-cow. 20 seconds."),
        (6.9, "position", "Sit tall."),
        (8.2, "instructions", "Round and arch."),
        # prepare window: 5 s from 5.6, long enough (lines end at 9.2, +0.5)
        (10.6, "count", "3"),
        (11.6, "count", "2"),
        (12.6, "count", "1"),
        (13.6, "go", "Go!"),
        (23.6, "halfway", "Halfway."),
        (30.6, "count", "3"),
        (31.6, "count", "2"),
        (32.6, "count", "1"),
        # the finish tone (1.2 s) at the end of work, then the summary
        (35.1, "outro", "Well done. 1 minute, 1 exercise."),
    ]
    assert tones(timeline) == [
        (10.6, Tone.TICK),
        (11.6, Tone.TICK),
        (12.6, Tone.TICK),
        (13.6, Tone.GO),
        (30.6, Tone.TICK),
        (31.6, Tone.TICK),
        (32.6, Tone.TICK),
        (33.6, Tone.FINISH),
    ]
    assert segments(timeline) == [
        ("intro", 0.0, 4.1),
        ("section", 4.1, 5.6),
        ("prepare", 5.6, 10.6),
        ("countdown", 10.6, 13.6),
        ("work", 13.6, 33.6),
        ("outro", 33.6, 36.6),
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
        (1.3, "announce", "First: Side stretch."),
        (2.8, "section", "Practice."),
        (4.3, "announce", "Side stretch. 10 seconds each side, left first."),
        (9.3, "count", "3"),
        (10.3, "count", "2"),
        (11.3, "count", "1"),
        (12.3, "go", "Go!"),
        (19.3, "count", "3"),
        (20.3, "count", "2"),
        (21.3, "count", "1"),
        (22.3, "switch", "Switch sides."),
        (26.3, "go", "Go!"),  # after the 4 s switch window
        (33.3, "count", "3"),
        (34.3, "count", "2"),
        (35.3, "count", "1"),
        (36.6, "rest", "Rest, 10 seconds. Next: Bracing."),  # 0.3 s after "1" ends
        (46.3, "last", "Last exercise."),
        (47.6, "announce", "Bracing. 3 holds of 5 seconds."),
        (51.3, "count", "3"),
        (52.3, "count", "2"),
        (53.3, "count", "1"),
        (54.3, "go", "Go!"),
        (59.3, "relax", "Relax, 1 of 3."),
        (61.3, "hold", "Hold."),
        (66.3, "relax", "Relax, 2 of 3."),
        (68.3, "hold", "Hold."),
        (74.8, "outro", "Well done. 1 minute, 2 exercises."),
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
    assert (36.3, Tone.REST) in tones(timeline)
    assert (22.3, Tone.SWITCH) in tones(timeline)


def test_sides_rest_and_holds_in_german() -> None:
    timeline = compile_timeline(_two_exercises("de"), one_second)
    lines = [text for _, _, text in spoken(timeline)]
    assert lines == [
        "Test. Etwa eine Minute.",
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
        "Bracing. 3 mal 5 Sekunden halten.",
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
    assert spoken(timeline)[3:] == [
        (4.3, "announce", "Bird dog. 2 reps each side, alternating, 3 seconds each, 2 sets."),
        (9.3, "count", "3"),
        (10.3, "count", "2"),
        (11.3, "count", "1"),
        (12.3, "go", "Go!"),  # left, rep 1
        (15.3, "rep", "Right, 1"),
        (18.3, "rep", "Left, 2"),
        (21.3, "rep", "Right, 2"),
        (24.3, "rest", "Rest, 10 seconds."),
        (34.3, "set", "Final set."),  # said before the set's countdown
        (35.8, "count", "3"),
        (36.8, "count", "2"),
        (37.8, "count", "1"),
        (38.8, "go", "Go!"),
        (41.8, "rep", "Right, 1"),
        (44.8, "rep", "Left, 2"),
        (47.8, "rep", "Right, 2"),
        (52.3, "outro", "Well done. 1 minute, 1 exercise."),
    ]
    work = [s for s in timeline.segments if s.kind is SegmentKind.WORK]
    assert [(s.set, s.side, s.rep) for s in work] == [
        (set_, side, rep) for set_ in (1, 2) for rep in (1, 2) for side in (Sides.LEFT, Sides.RIGHT)
    ]
    assert all(round(s.duration, 9) == 3.0 for s in work)


def test_paced_reps_in_german() -> None:
    lines = [text for _, _, text in spoken(compile_timeline(_bird_dog("de"), one_second))]
    assert "Bird dog. 2 Wiederholungen pro Seite, im Wechsel, je 3 Sekunden, 2 Sätze." in lines
    assert lines[7:11] == ["Los!", "Rechts, 1", "Links, 2", "Rechts, 2"]
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
    assert spoken(timeline)[3:] == [
        (4.3, "announce", "Sit to stand. 10 reps, at your own pace."),
        (9.3, "count", "3"),
        (10.3, "count", "2"),
        (11.3, "count", "1"),
        (12.3, "go", "Go!"),
        # wished for at the start of the block; waits for "Go!" and a 0.3 s gap
        (13.6, "reminder", "Say done or press n when you have finished."),
        (32.3, "custom", "Nearly there."),  # 10 s before the cap
        (43.8, "outro", "Well done. 1 minute, 1 exercise."),
    ]
    (open_,) = [s for s in timeline.segments if s.kind is SegmentKind.OPEN]
    assert (round(open_.start, 6), round(open_.end, 6)) == (12.3, 42.3)
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
    assert kinds == {"intro", "announce", "section", "count", "go", "outro"}


def test_tones_only_says_nothing() -> None:
    cat_cow = exercise("Cat-cow", Dosing(Form.TIMED, duration=20), position="Sit tall.")
    timeline = compile_timeline(routine(cat_cow), one_second, verbosity=Verbosity.TONES)
    assert spoken(timeline) == []
    assert tones(timeline) == [
        (5.0, Tone.TICK),
        (6.0, Tone.TICK),
        (7.0, Tone.TICK),
        (8.0, Tone.GO),
        (25.0, Tone.TICK),
        (26.0, Tone.TICK),
        (27.0, Tone.TICK),
        (28.0, Tone.FINISH),
    ]
    assert segments(timeline) == [
        ("prepare", 0.0, 5.0),
        ("countdown", 5.0, 8.0),
        ("work", 8.0, 28.0),
        ("outro", 28.0, 29.2),
    ]


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
        "First: Side stretch.",
        "Practice.",
        "Side stretch. 10 seconds each side, left first.",
        "3",
        "2",
    ]
    assert len(texts) == len(set(texts))
    heard = {c.text for c in compile_timeline(_two_exercises(), one_second).cues if c.text}
    assert heard <= set(texts)
    # the shorter wordings fitting may fall back to are there too
    assert "Rest, 10 seconds." in texts and "Rest." in texts and "Relax." in texts
    assert script_texts(_two_exercises(), Verbosity.TONES) == []


def test_custom_cue_kinds_are_low_priority() -> None:
    remark = CustomCue(CueTime(CueAnchor.FROM_START, 3), "Breathe.")
    timeline = compile_timeline(
        routine(exercise("Tap", Dosing(Form.TIMED, duration=20), cues=(remark,))), one_second
    )
    (cue,) = [c for c in timeline.cues if c.kind is CueKind.CUSTOM]
    assert cue.priority.name == "LOW" and cue.text == "Breathe."
