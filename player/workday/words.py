"""What the reminder and the calendar say, in the break's language (English, German)."""

from __future__ import annotations

from player.workday.settings import SNOOZE_MINUTES, RemindSettings

WORDS = {
    "en": {
        # the reminder
        "summary": "Time for a short break",
        "body": "{what} to get your back and shoulders moving.",
        "routine": "Your routine: {what}.",
        "workrave": "Workrave's rest break is on: fill it with {what}.",
        "quick": "a {minutes}-minute quick break",
        "start": "Start",
        "snooze": f"In {SNOOZE_MINUTES} minutes",
        "skip": "Skip",
        # the calendar
        "event": "Break: {what}",
        "move": "Time to move: {what}.",
        "which": "Routine: {routine}",
        "rotating": "the quick break (a different one each time)",
        "command": "Start it with: {command}",
    },
    "de": {
        "summary": "Zeit für eine kurze Pause",
        "body": "{what}, die Rücken und Schultern in Bewegung bringt.",
        "routine": "Deine Routine: {what}.",
        "workrave": "Workrave-Pause: Nutz sie für {what}.",
        "quick": "eine {minutes}-minütige Kurzpause",
        "start": "Starten",
        "snooze": f"In {SNOOZE_MINUTES} Minuten",
        "skip": "Überspringen",
        "event": "Pause: {what}",
        "move": "Zeit für Bewegung: {what}.",
        "which": "Routine: {routine}",
        "rotating": "die Kurzpause (jedes Mal eine andere)",
        "command": "Starte sie mit: {command}",
    },
}


def words_for(settings: RemindSettings) -> dict[str, str]:
    return WORDS.get(settings.language, WORDS["en"])


def what(settings: RemindSettings) -> str:
    """The break in words: the routine's name, or `a 3-minute quick break`."""
    quick = words_for(settings)["quick"].format(minutes=f"{settings.minutes:g}")
    return settings.routine or quick


def sentence(text: str) -> str:
    """`a 3-minute ...` at the start of a sentence: `A 3-minute ...`."""
    return text[:1].upper() + text[1:]
