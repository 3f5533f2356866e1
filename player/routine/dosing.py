"""Dosing rules: which keys make which form, which keys do not go together, and defaults."""

from __future__ import annotations

from player.routine.model import Dosing, Form
from player.routine.parts import DefaultsFile, DosingFile
from player.routine.problems import Problem
from player.routine.source import Document, Loc

FORMS = "the dosing forms are: duration | hold + reps | reps + tempo | reps (+ time_cap)"

# The key that decides the form (first one present wins) and the keys that go with it.
_FORM_KEYS: tuple[tuple[str, Form, frozenset[str]], ...] = (
    ("duration", Form.TIMED, frozenset({"duration"})),
    ("hold", Form.HOLDS, frozenset({"hold", "reps", "rest_between_reps"})),
    ("tempo", Form.PACED, frozenset({"tempo", "reps"})),
    ("reps", Form.OPEN, frozenset({"reps", "time_cap"})),
)
_WRITTEN = ("duration", "hold", "reps", "tempo", "time_cap", "rest_between_reps")


def written_form(
    written: DosingFile, doc: Document, loc: Loc, problems: list[Problem]
) -> tuple[Form | None, bool]:
    """The form `written` asks for (None if it has no form keys) and whether it is sound.

    Adds a problem for each key that does not go with the form, and for `hold` or `tempo`
    without `reps`.
    """
    present = [k for k in _WRITTEN if getattr(written, k) is not None]
    for main, form, allowed in _FORM_KEYS:
        if main not in present:
            continue
        sound = True
        for key in present:
            if key not in allowed:
                problems.append(doc.problem((*loc, key), _mismatch(key, main), key=True))
                sound = False
        if form in (Form.HOLDS, Form.PACED) and "reps" not in present:
            what = "holds" if form is Form.HOLDS else "paced reps"
            problems.append(
                doc.problem(
                    (*loc, main), f"'{main}' needs 'reps' (how many {what}); {FORMS}", key=True
                )
            )
            sound = False
        return form, sound
    if "time_cap" in present:
        problems.append(
            doc.problem(
                (*loc, "time_cap"),
                "'time_cap' goes with 'reps' alone (the step waits until you press d); add 'reps'",
                key=True,
            )
        )
        return None, False
    return None, True


def _mismatch(key: str, main: str) -> str:
    if key == "rest_between_reps":
        return f"'rest_between_reps' goes with 'hold' (the relax between holds), not '{main}'"
    if key == "time_cap":
        return f"'time_cap' goes with 'reps' alone, not '{main}'; {FORMS}"
    return f"'{key}' does not go with '{main}'; {FORMS}"


def build_dosing(
    form: Form, source: DosingFile, own: DosingFile, base: DosingFile | None, defaults: DefaultsFile
) -> Dosing:
    """A resolved Dosing: the form's numbers from `source`, the rest from `own`, then `base`
    (the library's dosing), then `defaults`."""

    def pick(key: str) -> float | int | None:
        for layer in (own, base):
            value: float | int | None = getattr(layer, key) if layer is not None else None
            if value is not None:
                return value
        return None

    sets = int(pick("sets") or 1)
    rest_between_sets = pick("rest_between_sets")
    rest_between_reps = pick("rest_between_reps")
    return Dosing(
        form=form,
        duration=source.duration if form is Form.TIMED else None,
        hold=source.hold if form is Form.HOLDS else None,
        reps=source.reps if form is not Form.TIMED else None,
        tempo=source.tempo if form is Form.PACED else None,
        time_cap=(source.time_cap or defaults.time_cap) if form is Form.OPEN else None,
        rest_between_reps=float(
            defaults.rest_between_reps if rest_between_reps is None else rest_between_reps
        )
        if form is Form.HOLDS
        else 0.0,
        sets=sets,
        rest_between_sets=float(
            defaults.rest_between_sets if rest_between_sets is None else rest_between_sets
        )
        if sets > 1
        else 0.0,
    )
