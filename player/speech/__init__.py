"""Speech: render phrases to clips with pyttsx3 (or a fake), cached on disk."""
