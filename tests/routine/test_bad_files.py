"""Every kind of mistake in `tests/data/bad/` gets its exact `file:line:col: message`."""

from __future__ import annotations

from pathlib import Path

import pytest

from player.routine import RoutineError, load_routine

FORMS = "the dosing forms are: duration | hold + reps | reps + tempo | reps (+ time_cap)"
KINDS = "warm-up, stabilisation, strengthening, stretching, mobilisation, cool-down"
ADD_DOSING = "add 'duration', 'hold' + 'reps', 'reps' + 'tempo', or 'reps'"

# file -> every problem reported for it, as `line:col: message` (line 0: the whole file)
EXPECTED: dict[str, list[str]] = {
    "syntax-error.yaml": [
        "8:17: YAML syntax: the '[' on line 7 is not closed with ']' (or a ',' is missing)"
    ],
    "tab-indent.yaml": [
        "6:1: tab in the indentation; YAML indents with spaces only",
        "7:1: tab in the indentation; YAML indents with spaces only",
    ],
    "duplicate-key.yaml": ["8:9: duplicate key 'duration' (first given on line 7)"],
    "unknown-key.yaml": ["7:9: unknown key 'duratoin' (did you mean 'duration'?)"],
    "key-in-wrong-place.yaml": [
        "8:9: unknown key 'rounds': 'rounds' belongs in a section, not an exercise"
    ],
    "wrong-type-reps.yaml": ["7:15: 'reps' must be a whole number, not 'eight'"],
    "wrong-type-sections.yaml": [
        "3:3: 'sections' must be a list (lines starting with '- '), not a mapping"
    ],
    "unparseable-duration.yaml": [
        "7:19: 'duration': cannot read 'half a minute' as a duration; write e.g. 45s, 1m30s or 1:30"
    ],
    "zero-duration.yaml": ["7:19: 'duration': must be longer than zero"],
    "negative-duration.yaml": ["7:15: 'hold': a duration cannot be negative, got '-10s'"],
    "absurd-duration.yaml": [
        "7:19: 'duration': 300m is longer than two hours; "
        "is a unit wrong (s for seconds, m for minutes)?"
    ],
    "mixed-duration-reps.yaml": [f"8:9: 'reps' does not go with 'duration'; {FORMS}"],
    "mixed-hold-tempo.yaml": [f"9:9: 'tempo' does not go with 'hold'; {FORMS}"],
    "hold-without-reps.yaml": [f"7:9: 'hold' needs 'reps' (how many holds); {FORMS}"],
    "nothing-ends-the-step.yaml": [
        f"6:9: 'Bird dog' has 'sets' but nothing that says how long a step lasts; {ADD_DOSING}"
    ],
    "time-cap-zero.yaml": ["8:19: 'time_cap': must be longer than zero"],
    "time-cap-without-reps.yaml": [
        "7:9: 'time_cap' goes with 'reps' alone (the step waits until you press d); add 'reps'"
    ],
    "unknown-use.yaml": ["6:14: no exercise 'bird-dgo' in the library (did you mean 'bird-dog'?)"],
    "use-without-language.yaml": [
        "7:14: the library has no text for 'bird-dog' in language 'fr' (it has: en, de)"
    ],
    "unknown-kind.yaml": [
        f"4:11: 'kind' cannot be 'stretch' (did you mean 'stretching'?); use one of: {KINDS}"
    ],
    "unknown-sides.yaml": [
        "8:16: 'sides' cannot be 'bothe' (did you mean 'both'?); "
        "use one of: both, left, right, alternating"
    ],
    "cue-after-end.yaml": [
        "9:17: at 50 s is after the work ends: one work block of 'Chest stretch' lasts 30 s"
    ],
    "cue-over-100-percent.yaml": [
        "9:17: 'at': 150% is outside the exercise; use 0% to 100% of the work"
    ],
    "cue-before-start.yaml": [
        "9:17: at -40 s is before the work starts: one work block of 'Chest stretch' lasts 30 s"
    ],
    "empty-sections.yaml": ["2:11: the routine has no sections; it needs at least one"],
    "empty-section.yaml": ["5:16: this section has no exercises; it needs at least one"],
    "missing-title.yaml": ["1:1: the routine needs 'title'"],
    "not-utf8.yaml": ["1:8: the file is not UTF-8 text (byte 0xC4); save it with UTF-8 encoding"],
    "empty.yaml": ["1:1: the file is empty; a routine needs a 'title' and 'sections'"],
    "only-comments.yaml": ["1:1: the file is empty; a routine needs a 'title' and 'sections'"],
    "a-directory.yaml": ["0:0: is a directory, not a routine file"],
    "not-a-mapping.yaml": [
        "1:1: the file must be a mapping of keys "
        "(title:, description:, language:, voice:, safety:, defaults:, progression:, "
        "sections:), not a list"
    ],
    "no-value.yaml": ["7:9: 'duration' has no value"],
    "no-name.yaml": ["6:9: an exercise needs a 'name' (or 'use: ID' to take one from the library)"],
    "bad-language.yaml": [
        "2:11: 'language': 'English' is not a language code such as en, de or en-gb"
    ],
    "countdown-fraction.yaml": ["3:14: 'countdown' must be a whole number, not 2.5"],
    "python-tag.yaml": ["1:8: unsupported tag !!python/object:os.system"],
    "two-documents.yaml": [
        "2:1: YAML syntax: a routine file holds one document; remove the extra '---'"
    ],
    # Limits: stated in docs/routines.md, checked before the work they guard.
    "deeply-nested.yaml": ["1:71: nested too deeply: at most 64 levels of lists and mappings"],
    "deeply-nested-list-items.yaml": [
        "3:129: nested too deeply: at most 64 levels of lists and mappings"
    ],
    "alias-bomb.yaml": [
        "6:47: this alias makes the file expand to over 100,000 values; "
        "repeat less through anchors and aliases"
    ],
    "merge-expansion.yaml": [  # 400 keys merged 80 times: quadratic, minutes, before
        "2:1: unknown key 'x-templates'; the routine takes: title, description, language, "
        "voice, safety, defaults, progression, sections",
        "564:11: the routine has no sections; it needs at least one",
    ],
    "self-merge.yaml": ["6:9: an alias refers to the value it is part of"],
    "too-long-text.yaml": [
        "8:23: this text has 26,999 characters; one text is at most 1,000 "
        "(say less, or split it into cues)"
    ],
    "too-many-exercises.yaml": [
        "3:5: the routine has 201 exercises; a routine has at most 200 "
        "(split it into several routines)"
    ],
    "too-long-session.yaml": [
        "3:5: the session lasts about 20,056 hours; a session lasts at most 4:00:00 "
        "(is a unit, 'sets' or 'rounds' too big?)",
        "7:9: warning: 'Chest stretch' lasts 200:33:00 (20 minutes or more); is a unit wrong?",
    ],
    "huge-number.yaml": [
        "7:19: 'duration': 99999999999999999999… (402 characters) is longer than two hours; "
        "is a unit wrong (s for seconds, m for minutes)?",
        "8:21: 'at': 99999999999999999999… (402 characters) is longer than two hours; "
        "is a unit wrong (s for seconds, m for minutes)?",
    ],
    "arabic-indic-digits.yaml": [
        "7:19: 'duration': cannot read '٤٥s' as a duration; write e.g. 45s, 1m30s or 1:30"
    ],
    "control-characters.yaml": [
        "1:8: a control character (U+001B) in the text; remove it",
        "6:15: a control character (U+000D) in the text; remove it",
    ],
    "unclosed-quote.yaml": [
        "1:8: YAML syntax: the quoted text that starts here is not closed "
        "— a closing quote is missing"
    ],
    "many-problems.yaml": [
        "2:1: unknown key 'langauge' (did you mean 'language'?)",
        f"5:11: 'kind' cannot be 'warmup' (did you mean 'warm-up'?); use one of: {KINDS}",
        f"9:9: 'reps' does not go with 'duration'; {FORMS}",
        "15:16: 'tempo': cannot read 'fast' as a duration; write e.g. 45s, 1m30s or 1:30",
        "16:14: no exercise 'bird-dgo' in the library (did you mean 'bird-dog'?)",
        f"18:9: 'hold' needs 'reps' (how many holds); {FORMS}",
        "20:17: 'at': 150% is outside the exercise; use 0% to 100% of the work",
    ],
}


def _shown(path: Path, expected: str) -> str:
    line_col, message = expected.split(": ", 1)
    return f"{path}: {message}" if line_col == "0:0" else f"{path}:{line_col}: {message}"


def test_every_bad_file_has_an_expectation(data_dir: Path) -> None:
    on_disk = {p.name for p in (data_dir / "bad").iterdir()}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 25


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_reports_every_problem_where_it_is(
    name: str, data_dir: Path, library_file: Path
) -> None:
    path = data_dir / "bad" / name
    with pytest.raises(RoutineError) as caught:
        load_routine(path, library=library_file)
    error = caught.value
    assert error.exit_code == 1
    assert str(error).splitlines() == [_shown(path, e) for e in EXPECTED[name]]
    assert [str(p) for p in error.problems] == str(error).splitlines()
