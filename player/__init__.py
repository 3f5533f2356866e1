"""workout-player: a voice-guided workout player for the terminal."""

__version__ = "0.1.0"
