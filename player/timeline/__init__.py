"""Compile a routine into a timeline of segments and spoken cues (pure, no I/O)."""
