"""The planned time and minutes per kind, estimated from the dosing."""

from __future__ import annotations

from pathlib import Path

from player.routine import estimate_totals, load_routine_text
from player.routine.model import Kind
from player.routine.totals import estimate_seconds

ROUTINE = """\
title: Sum
defaults: {prepare: 5s, countdown: 3, rest: 10s, switch: 4s}
sections:
  - name: Stretch
    kind: stretching
    rounds: 2
    rest_between_rounds: 30s
    exercises:
      - {name: A, duration: 30s, sides: both}
      - {name: B, hold: 10s, reps: 3, rest_between_reps: 2s, sets: 2, rest_between_sets: 15s}
  - name: Core
    kind: stabilisation
    exercises:
      - {name: C, reps: 5, tempo: 4s, sides: alternating}
"""


def test_estimate_adds_up_every_part(tmp_path: Path) -> None:
    routine = load_routine_text(ROUTINE, tmp_path / "sum.yaml").routine
    a = 5 + 3 + (30 + 4 + 30)  # prepare, countdown, left, switch, right
    b = 5 + 3 + 2 * (3 * 10 + 2 * 2) + 15  # two sets of three holds
    c = 5 + 3 + 2 * 5 * 4  # five paced reps each side
    # round 1: A rest B, rest between rounds, round 2: A rest B, rest, C (no rest after)
    expected = (a + 10 + b) + 30 + (a + 10 + b) + 10 + c
    assert estimate_seconds(routine) == expected
    totals = estimate_totals(routine)
    assert totals.total == expected
    assert totals.exercises == 3
    assert totals.seconds_per_kind == {Kind.STABILISATION: c, Kind.STRETCHING: 2 * (a + b)}
    assert totals.kinds == (Kind.STABILISATION, Kind.STRETCHING)


def test_a_known_total_replaces_the_estimate(tmp_path: Path) -> None:
    routine = load_routine_text(ROUTINE, tmp_path / "sum.yaml").routine
    totals = estimate_totals(routine, 600.0, {Kind.STRETCHING: 400.0, Kind.COOL_DOWN: 0.0})
    assert (totals.total, totals.minutes) == (600.0, 10.0)
    assert totals.seconds_per_kind == {Kind.STRETCHING: 400.0}
