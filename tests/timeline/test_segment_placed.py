"""`Segment.placed` (what `fit` moves every block with) keeps every field but the times."""

from __future__ import annotations

from dataclasses import fields, replace

from player.routine.model import Kind, Sides
from player.timeline.model import Segment, SegmentKind


def test_placed_is_replace_of_start_and_end() -> None:
    values = {
        "start": 1.0,
        "end": 2.0,
        "kind": SegmentKind.WORK,
        "section": "Warm-up",
        "section_kind": next(iter(Kind)),
        "exercise": "Bird dog",
        "occurrence": 3,
        "set": 2,
        "sets": 4,
        "side": Sides.LEFT,
        "rep": 5,
        "reps": 6,
        "round": 7,
        "rounds": 8,
    }
    assert set(values) == {f.name for f in fields(Segment)}  # a new field is tested too
    segment = Segment(**values)  # type: ignore[arg-type]
    assert segment.placed(10.0, 12.5) == replace(segment, start=10.0, end=12.5)
