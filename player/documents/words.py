"""The words of the printed documents, in English and German (du-form)."""

from __future__ import annotations

from player.routine.model import Kind
from player.timeline.phrases import phrases_for

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "length": "About {minutes} minutes, {count} exercises",
        "safety": "Your safety",
        "position": "Starting position",
        "instructions": "How to do it",
        "dose": "How much",
        "easier": "Easier",
        "harder": "Harder",
        "rounds": "{rounds} rounds",
        "library_id": "exercise {id}",
        "log": "Your four-week log",
        "log_hint": (
            "Tick a box each day you did the programme. Note your pain (0 = none, 10 = the "
            "worst you can imagine) before and after, and bring this sheet to your next "
            "appointment."
        ),
        "week": "Week {n}",
        "days": "Mon Tue Wed Thu Fri Sat Sun",
        "pain": "Pain before / after",
        "qr": "This programme as a file",
        "qr_hint": (
            "The code holds the whole routine file. Scan it with your phone's camera or a QR "
            "app and save the text as {file}. On a computer with workout-player, "
            "play it with: workout play {file}"
        ),
        "qr_too_large": (
            "The routine file is {size} bytes, too large for one QR code (at most {limit}); "
            "ask your therapist for the file itself: {file}"
        ),
        "made_by": "Made with workout-player",
    },
    "de": {
        "length": "Etwa {minutes} Minuten, {count} Übungen",
        "safety": "Deine Sicherheit",
        "position": "Ausgangsstellung",
        "instructions": "So geht's",
        "dose": "Wie viel",
        "easier": "Leichter",
        "harder": "Schwerer",
        "rounds": "{rounds} Runden",
        "library_id": "Übung {id}",
        "log": "Dein Vier-Wochen-Protokoll",
        "log_hint": (
            "Kreuz jeden Tag an, an dem du das Programm gemacht hast. Notier deinen Schmerz "
            "(0 = keiner, 10 = der schlimmste vorstellbare) vorher und nachher, und bring "
            "das Blatt zum nächsten Termin mit."
        ),
        "week": "Woche {n}",
        "days": "Mo Di Mi Do Fr Sa So",
        "pain": "Schmerz vorher / nachher",
        "qr": "Dieses Programm als Datei",
        "qr_hint": (
            "Der Code enthält die ganze Routine-Datei. Scann ihn mit der Kamera deines "
            "Handys oder einer QR-App und speichere den Text als {file}. Auf einem Computer "
            "mit workout-player spielst du sie so ab: workout play {file}"
        ),
        "qr_too_large": (
            "Die Routine-Datei hat {size} Byte, zu viel für einen QR-Code (höchstens "
            "{limit}); frag deine Therapeutin oder deinen Therapeuten nach der Datei "
            "selbst: {file}"
        ),
        "made_by": "Erstellt mit workout-player",
    },
}


def words_for(language: str) -> dict[str, str]:
    """The document words for `language` (`de`, `de-AT`, `en` ...); English when none."""
    return WORDS.get(language.split("-")[0].lower(), WORDS["en"])


def kind_name(kind: Kind, language: str) -> str:
    """A kind as a heading says it: `Kräftigung`, `Strengthening`."""
    return phrases_for(language).kind_name(kind)
