"""The session engine: plays a timeline on a clock and takes commands."""
