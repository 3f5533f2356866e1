"""History: the SQLite journal of sessions and finished steps."""
