"""The desktop around a session: the media player on D-Bus, spoken commands."""
