"""Words the screens show in the language in use (see `player.i18n`): key bindings, kinds of
exercise, verbosity levels."""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from player.i18n import N_, _
from player.routine.model import Kind


def translate_bindings(node: DOMNode) -> None:
    """Describe `node`'s key bindings in the language in use: its `BINDINGS` say
    `N_("Quit")`, and each instance gets its own translated copy."""
    bindings = node._bindings.key_to_bindings
    for key, items in bindings.items():
        bindings[key] = [
            replace(b, description=_(b.description)) if b.description else b for b in items
        ]


KIND_NAMES: dict[Kind, str] = {
    Kind.WARM_UP: N_("Warm-up"),
    Kind.STABILISATION: N_("Stabilisation"),
    Kind.STRENGTHENING: N_("Strengthening"),
    Kind.STRETCHING: N_("Stretching"),
    Kind.MOBILISATION: N_("Mobilisation"),
    Kind.COOL_DOWN: N_("Cool-down"),
}


def kind_name(kind: Kind) -> str:
    """What a section trains, as a word in the language in use: `Stretching`, `Dehnung`."""
    return _(KIND_NAMES[kind])


VERBOSITY: dict[str, str] = {
    "full": N_("full coaching"),
    "brief": N_("exercise names only"),
    "tones": N_("tones only"),
}  # what each verbosity says (the command palette, the player's notice)
