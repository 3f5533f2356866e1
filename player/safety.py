"""Red flags: when to stop and get help, in each language, and whether the user has read them.

The one place for this wording. `safety_line` is the short line every session opens with
(every verbosity, `tones` too); `red_flags` is the whole text `workout safety` prints and the
first-run screen shows and speaks; `pain_rule` is the current-practice guidance on pain
during exercise (some discomfort is acceptable; an absolute "no pain" rule feeds fear of
moving). The texts are pure data; only `confirmed` / `confirm` touch the data dir.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from player import paths
from player.files import write_atomic


@dataclass(frozen=True, slots=True)
class RedFlags:
    """The red-flag guidance in one language."""

    title: str
    urgent_heading: str  # stop and get urgent medical help
    urgent: tuple[str, ...]
    doctor_heading: str  # see your doctor or physiotherapist
    doctor: tuple[str, ...]
    pain_rule: str  # how much pain is acceptable while exercising
    line: str  # the short spoken line every session opens with
    pain_line: str  # the pain rule in one spoken sentence (the quick break's own line)
    confirm: str  # the first-run screen's question
    later: str  # ... and its key for "show it again next time"


_RED_FLAGS: dict[str, RedFlags] = {
    "en": RedFlags(
        title="Before you start: when to stop and get help",
        urgent_heading="Stop and get urgent medical help today (emergency department or 999/112)"
        " if you notice:",
        urgent=(
            "numbness or tingling in the groin, buttocks or inner thighs (the saddle area)",
            "new problems passing or holding urine or stools",
            "weakness in one or both legs that is getting worse",
        ),
        doctor_heading="See your doctor or physiotherapist soon if:",
        doctor=(
            "the pain spreads below the knee",
            "the pain wakes you at night or does not ease at rest, whatever position you try",
            "you have a fever, feel unwell or lose weight without trying, as well as back pain",
            "the pain started after a fall or an accident",
        ),
        pain_rule="While you exercise, discomfort up to about 3 out of 10 is acceptable if it"
        " settles within 24 hours. If the pain turns sharp, runs down a leg, or is worse the"
        " next morning, make the exercise easier or leave it out for now.",
        line="Stop for sharp pain, pain down a leg, numbness or weakness.",
        pain_line="Discomfort up to about 3 out of 10 is fine if it settles within 24 hours.",
        confirm="I have read this",
        later="later",
    ),
    "de": RedFlags(
        title="Bevor du anfängst: wann du aufhören und dir Hilfe holen solltest",
        urgent_heading="Hör auf und hol dir noch heute ärztliche Hilfe (Notaufnahme oder 112),"
        " wenn du Folgendes bemerkst:",
        urgent=(
            "Taubheit oder Kribbeln im Schritt, am Gesäß oder an den Innenseiten der"
            " Oberschenkel (Reithosenbereich)",
            "neue Probleme beim Wasserlassen oder beim Stuhlgang, etwa dass du ihn nicht mehr"
            " halten kannst",
            "eine Schwäche in einem oder beiden Beinen, die zunimmt",
        ),
        doctor_heading="Geh bald zu deiner Ärztin, deinem Arzt oder in die Physiotherapie, wenn:",
        doctor=(
            "der Schmerz bis unter das Knie ausstrahlt",
            "der Schmerz dich nachts weckt oder in Ruhe nicht nachlässt, egal wie du liegst",
            "zu den Rückenschmerzen Fieber, ein Krankheitsgefühl oder ungewollter"
            " Gewichtsverlust kommen",
            "die Schmerzen nach einem Sturz oder Unfall begonnen haben",
        ),
        pain_rule="Beim Üben sind Beschwerden bis etwa 3 von 10 in Ordnung, wenn sie innerhalb"
        " von 24 Stunden abklingen. Wird der Schmerz stechend, zieht er ins Bein oder ist er am"
        " nächsten Morgen stärker, mach die Übung leichter oder lass sie vorerst weg.",
        line="Hör auf bei stechendem Schmerz, Schmerz im Bein, Taubheit oder Schwäche.",
        pain_line="Beschwerden bis etwa 3 von 10 sind in Ordnung, wenn sie innerhalb von"
        " 24 Stunden abklingen.",
        confirm="Ich habe das gelesen",
        later="später",
    ),
}
LANGUAGES = tuple(_RED_FLAGS)


def red_flags(language: str) -> RedFlags:
    """The guidance in `language` (`de-AT` is `de`); English when there is none."""
    return _RED_FLAGS.get(language.split("-")[0].lower(), _RED_FLAGS["en"])


def safety_line(language: str) -> str:
    """The one short line every session opens with."""
    return red_flags(language).line


def pain_rule(language: str) -> str:
    """How much pain is acceptable while exercising (current practice)."""
    return red_flags(language).pain_rule


def pain_line(language: str) -> str:
    """The pain rule in one spoken sentence."""
    return red_flags(language).pain_line


def red_flags_text(language: str) -> str:
    """The whole guidance as plain text (for the terminal and the first-run screen)."""
    flags = red_flags(language)
    lines = [flags.title, "", flags.urgent_heading]
    lines += [f"  • {item}" for item in flags.urgent]
    lines += ["", flags.doctor_heading]
    lines += [f"  • {item}" for item in flags.doctor]
    lines += ["", flags.pain_rule]
    return "\n".join(lines)


def spoken_red_flags(language: str) -> list[str]:
    """The guidance as lines to speak, one sentence each."""
    flags = red_flags(language)
    return [
        flags.urgent_heading,
        *(f"{item}." for item in flags.urgent),
        flags.doctor_heading,
        *(f"{item}." for item in flags.doctor),
        flags.pain_rule,
    ]


CONFIRMED_FILE = "red-flags-read"  # in the user data dir


def _confirmed_path() -> Path:
    return paths.user_data_dir() / CONFIRMED_FILE


def confirmed() -> bool:
    """Whether the user has confirmed reading the red flags (the first-run screen)."""
    return _confirmed_path().is_file()


def confirm() -> None:
    """Remember that the user has read the red flags; a data dir that cannot be written
    only means the screen shows again next time."""
    path = _confirmed_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, b"confirmed\n")
    except OSError:
        pass
