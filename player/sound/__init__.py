"""Sound: playback backends, tones and offline export."""
