"""The timeline model's derived numbers."""

from __future__ import annotations

from player.routine.model import Kind
from player.timeline.model import Segment, SegmentKind, Timeline


def test_seconds_per_kind_adds_up_sections_in_kind_order() -> None:
    def seg(start: float, end: float, kind: Kind | None) -> Segment:
        return Segment(start, end, SegmentKind.WORK, section_kind=kind)

    timeline = Timeline(
        segments=(
            seg(0, 4, None),  # the intro belongs to no section
            seg(4, 14, Kind.MOBILISATION),
            seg(14, 44, Kind.STRETCHING),
            seg(44, 59, Kind.STRETCHING),
            seg(59, 61, None),
        ),
        cues=(),
        language="en",
    )
    per_kind = timeline.seconds_per_kind()
    assert per_kind == {Kind.STRETCHING: 45.0, Kind.MOBILISATION: 10.0}
    assert list(per_kind) == [Kind.STRETCHING, Kind.MOBILISATION]  # Kind order, not play order
    assert Timeline((), (), "en").seconds_per_kind() == {}
