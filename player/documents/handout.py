"""The patient's handout: the whole programme on paper, with its file as a QR code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from player.documents.page import e, page
from player.documents.qr import QR_LIMIT_BYTES, RoutineCode, routine_code
from player.documents.words import kind_name, words_for
from player.routine.model import Exercise, Routine, Section
from player.timeline.phrases import phrases_for

HANDOUT_CSS = """
.qr-box { display: flex; gap: 12pt; align-items: flex-start; }
svg.qr { width: 75mm; height: 75mm; flex: none; }
.log td { height: 14mm; width: 9%; }
.log td.pain { width: 28%; }
.log th { font-size: 12pt; text-align: center; white-space: nowrap; }
"""


class Level(StrEnum):
    """Which way a variant goes from the exercise as written."""

    EASIER = "easier"
    HARDER = "harder"


@dataclass(frozen=True, slots=True)
class Variant:
    """An easier or harder form of an exercise, as the handout shows it."""

    level: Level
    name: str
    how: str = ""  # what changes, in a sentence


VariantsOf = Callable[[Exercise, str], tuple[Variant, ...]]


def library_variants(exercise: Exercise, language: str = "en") -> tuple[Variant, ...]:
    """The library's next easier and next harder form of `exercise` (at its level), each
    with its dosing and starting position; none for an exercise not from the library."""
    from player.routine.library import load_library

    if exercise.library_id is None:
        return ()
    item = load_library().get(exercise.library_id)
    if item is None:
        return ()
    base = language.split("-")[0]
    found: list[Variant] = []
    for level, step in ((Level.EASIER, -1), (Level.HARDER, 1)):
        low, high = item.level_range()
        if not low <= exercise.level + step <= high:
            continue
        variant = item.at_level(exercise.level + step)
        if base not in variant.names:
            continue
        dose = phrases_for(language).dosing(variant.dosing, variant.sides)
        how = f"{dose[:1].upper()}{dose[1:]}. {variant.positions.get(base, '')}".strip()
        found.append(Variant(level, variant.names[base], how))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class Handout:
    """A finished handout: the HTML, and what the reader should be told about it."""

    html: str
    code: RoutineCode  # the QR code of the file; `svg` is None when it did not fit


def make_handout(
    routine: Routine,
    file_text: str,
    file_name: str,
    seconds: float,
    variants_of: VariantsOf = library_variants,
) -> Handout:
    """The handout of `routine`, whose file reads `file_text` (carried by the QR code);
    `seconds` is its planned length (from the timeline)."""
    words = words_for(routine.language)
    minutes = max(1, round(seconds / 60))
    length = words["length"].format(minutes=minutes, count=len(routine.exercises()))
    parts = [
        f"<h1>{e(routine.title)}</h1>",
        f'<p class="lead">{e(routine.description)}</p>' if routine.description else "",
        f'<p class="meta">{e(length)}</p>',
        _safety(routine, words),
    ]
    number = 0
    for section in routine.sections:
        parts.append(_section_heading(section, routine.language, words))
        for exercise in section.exercises:
            number += 1
            parts.append(_exercise(number, exercise, routine.language, words, variants_of))
    code = routine_code(file_text)
    parts += [
        _log(words),
        _code(code, file_name, words),
        f'<p class="small meta">{e(words["made_by"])}</p>',
    ]
    html = page(routine.title, routine.language, "\n".join(p for p in parts if p), HANDOUT_CSS)
    return Handout(html, code)


def _safety(routine: Routine, words: dict[str, str]) -> str:
    """The routine's own safety line, then the red flags and the pain rule in the one
    wording the player shows and says (`player.safety`)."""
    from player.safety import red_flags

    flags = red_flags(routine.language)
    own = f"<p><strong>{e(routine.safety)}</strong></p>" if routine.safety else ""

    def listed(heading: str, items: tuple[str, ...]) -> str:
        return f"<p>{e(heading)}</p><ul>{''.join(f'<li>{e(i)}</li>' for i in items)}</ul>"

    return (
        f'<div class="box safety"><h3>{e(words["safety"])}</h3>{own}'
        f"{listed(flags.urgent_heading, flags.urgent)}"
        f"{listed(flags.doctor_heading, flags.doctor)}"
        f"<p>{e(flags.pain_rule)}</p></div>"
    )


def _section_heading(section: Section, language: str, words: dict[str, str]) -> str:
    rounds = f" · {words['rounds'].format(rounds=section.rounds)}" if section.rounds > 1 else ""
    return f"<h2>{e(section.name)}{e(rounds)}</h2>"


def dosing_words(exercise: Exercise, language: str) -> str:
    """How much, as a sentence: `8 reps each side, alternating, 4 seconds each, 2 sets`."""
    text = phrases_for(language).dosing(exercise.dosing, exercise.sides)
    return text[:1].upper() + text[1:]


def _exercise(
    number: int,
    exercise: Exercise,
    language: str,
    words: dict[str, str],
    variants_of: VariantsOf,
) -> str:
    kind = f'<span class="kind">{e(kind_name(exercise.kind, language))}</span>'
    if exercise.library_id:
        kind += " · " + e(words["library_id"].format(id=exercise.library_id))
    rows = [
        f'<div class="exercise"><p class="small meta">{kind}</p>',
        f"<h3>{number}. {e(exercise.name)}</h3>",
        f'<p><span class="label">{e(words["dose"])}:</span> '
        f"{e(dosing_words(exercise, language))}</p>",
    ]
    if exercise.position:
        rows.append(
            f'<p><span class="label">{e(words["position"])}:</span> {e(exercise.position)}</p>'
        )
    if exercise.instructions:
        rows.append(
            f'<p><span class="label">{e(words["instructions"])}:</span> '
            f"{e(exercise.instructions)}</p>"
        )
    for variant in variants_of(exercise, language):
        how = f" {e(variant.how)}" if variant.how else ""
        rows.append(
            f'<p class="variant {variant.level}"><span class="label">'
            f"{e(words[variant.level.value])}:</span> {e(variant.name)}.{how}</p>"
        )
    rows.append("</div>")
    return "\n".join(rows)


def _log(words: dict[str, str]) -> str:
    days = words["days"].split()
    head = "".join(f"<th>{e(day)}</th>" for day in days)
    rows = "".join(
        f"<tr><th>{e(words['week'].format(n=week))}</th>"
        + "<td></td>" * len(days)
        + '<td class="pain"></td></tr>'
        for week in range(1, 5)
    )
    return (
        f'<section class="new-page"><h2>{e(words["log"])}</h2><p>{e(words["log_hint"])}</p>'
        f'<table class="log"><tr><th></th>{head}<th>{e(words["pain"])}</th></tr>{rows}'
        "</table></section>"
    )


def _code(code: RoutineCode, file_name: str, words: dict[str, str]) -> str:
    heading = f"<h2>{e(words['qr'])}</h2>"
    if code.svg is None:
        note = words["qr_too_large"].format(size=code.size, limit=QR_LIMIT_BYTES, file=file_name)
        return f'{heading}<div class="box"><p>{e(note)}</p></div>'
    hint = words["qr_hint"].format(file=file_name)
    return f'{heading}<div class="qr-box">{code.svg}<p>{e(hint)}</p></div>'
