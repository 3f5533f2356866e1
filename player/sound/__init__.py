"""Sound: playback backends, tones and offline export."""

import os

# numpy (loudness, the mix) multiplies only small matrices: OpenBLAS's thread pool, which it
# starts when numpy is imported, costs more than it saves (60 ms of a busy machine's time).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
