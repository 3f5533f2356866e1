"""Sound: playback backends, tones and offline export."""

from player.sound.base import Clip, Output, Playback, SoundError
from player.sound.choose import (
    OutputChoice,
    Probe,
    choose_output,
    parse_spec,
    probe_outputs,
    select_output,
)

__all__ = [
    "Clip",
    "Output",
    "OutputChoice",
    "Playback",
    "Probe",
    "SoundError",
    "choose_output",
    "parse_spec",
    "probe_outputs",
    "select_output",
]
