"""The commented routine template `workout new` starts from, in English and German."""

from __future__ import annotations

import json
import re

# Every feature of the routine format appears once, with a comment saying what it does.
# `@TITLE@` is replaced by a title made from the routine's name.
_ENGLISH = """\
# A routine for workout-player. Check it with `workout check @NAME@`,
# hear what will be said with `workout show @NAME@`, play it with `workout play @NAME@`.
# Lines starting with # are comments: keep them, change them or delete them.
title: @TITLE@
description: Every feature of a routine file, each with a comment; keep what you need.
language: en                  # en or de: the language the routine is spoken in
voice: {rate: 165}            # optional: name, rate (words per minute), volume (0 to 1)
safety: Stop if you feel sharp or radiating pain.   # said at the start
defaults:                     # used by every exercise that does not say otherwise
  prepare: 5s                 # before the first exercise (and after `rest: 0`): get ready
  countdown: 3                # "3, 2, 1" before work starts, inside prepare or rest
  rest: 15s                   # from "Stop" to the next "Go!": the next one is named in it
  switch: 5s                  # time to change sides
  rest_between_reps: 3s       # relax between holds
  rest_between_sets: 20s
  time_cap: 60s               # the longest "reps alone" waits for you
  rest_between_rounds: 20s
sections:
  - name: Mobilisation
    kind: mobilisation        # warm-up | stabilisation | strengthening |
                              # stretching | mobilisation | cool-down
    exercises:
      - name: Seated cat-cow
        posture: sitting      # standing | sitting | floor
        equipment: [chair]
        position: Sit tall on the front edge of your chair, hands on your knees.
        instructions: Round your back as you breathe out, arch gently as you breathe in.
        duration: 40s         # timed work; durations: 45, 45s, 1m, 1m30s, 1:30
        cues:                 # your own lines during the work
          - {at: 50%, say: Keep it slow and easy.}
          - {at: 10s, say: Let your breath lead the movement.}
          - {at: -5s, say: Last few.}
      - name: Seated thoracic rotation
        posture: sitting
        position: Sit tall, arms crossed over your chest.
        instructions: Turn your upper body to one side, keep your hips still, and come back.
        duration: 30s         # counts per side
        sides: both           # left, "switch sides", right; also: left, right, alternating
        switch: 5s
  - name: Stabilisation
    kind: stabilisation
    exercises:
      - use: abdominal-bracing   # an exercise from the library, in the routine's language
        sets: 2                  # any key overrides the library's value
        rest_between_sets: 15s
      - name: Standing knee lift
        kind: stabilisation
        position: Stand tall, one hand on the back of a chair.
        instructions: Brace your belly, lift one knee to hip height and lower it slowly.
        reps: 8               # paced reps, counted aloud ...
        tempo: 4s             # ... one every four seconds
        sides: alternating
  - name: Strengthening
    kind: strengthening
    rounds: 2                 # play this section twice ...
    rest_between_rounds: 15s  # ... with a rest in between
    exercises:
      - name: Wall push-up
        position: Stand an arm's length from a wall, hands on the wall at shoulder height.
        instructions: Keep your body in one line, bend your elbows, push back.
        reps: 10              # reps alone: it waits until you say done ...
        time_cap: 45s         # ... or at most this long
        rest: 25s             # a longer rest after this one, to set up the next
      - name: Standing hip extension
        position: Stand tall, hands on the back of a chair.
        instructions: Squeeze your buttock and move one straight leg back, without arching.
        hold: 5s              # isometric holds ...
        reps: 5               # ... five of them
        rest_between_reps: 3s
        sides: both
        countdown: 5
  - name: Stretching
    kind: stretching
    exercises:
      - name: Standing hip flexor stretch
        position: Step one foot back, tuck your pelvis under, hands on a chair.
        instructions: Shift your weight forward until the front of the hip feels a gentle stretch.
        duration: 30s
        sides: both
        rest: 0
"""

_GERMAN = """\
# Eine Routine für workout-player. Prüfen mit `workout check @NAME@`,
# anhören, was gesagt wird, mit `workout show @NAME@`, abspielen mit `workout play @NAME@`.
# Zeilen mit # sind Kommentare: behalten, ändern oder löschen.
title: @TITLE@
description: Alles, was eine Routine-Datei kann, jeweils mit Kommentar; behalte, was du brauchst.
language: de                  # de oder en: die Sprache, in der die Routine gesprochen wird
voice: {rate: 160}            # optional: name, rate (Wörter pro Minute), volume (0 bis 1)
safety: Hör auf, wenn du stechende oder ausstrahlende Schmerzen spürst.   # zu Beginn gesagt
defaults:                     # gilt für jede Übung, die nichts anderes sagt
  prepare: 5s                 # vor der ersten Übung (und nach `rest: 0`): bereit machen
  countdown: 3                # "3, 2, 1" vor dem Start, in prepare oder der Pause
  rest: 15s                   # von "Stopp" bis "Los!": die nächste Übung wird darin angesagt
  switch: 5s                  # Zeit für den Seitenwechsel
  rest_between_reps: 3s       # Lockern zwischen Halteübungen
  rest_between_sets: 20s
  time_cap: 60s               # so lange wartet "nur Wiederholungen" höchstens
  rest_between_rounds: 20s
sections:
  - name: Mobilisation
    kind: mobilisation        # warm-up | stabilisation | strengthening |
                              # stretching | mobilisation | cool-down
    exercises:
      - name: Katzenbuckel im Sitzen
        posture: sitting      # standing | sitting | floor
        equipment: [chair]
        position: Setz dich aufrecht auf die vordere Stuhlkante, Hände auf den Knien.
        instructions: Beim Ausatmen den Rücken rund machen, beim Einatmen sanft ins Hohlkreuz.
        duration: 40s         # Zeit; Angaben: 45, 45s, 1m, 1m30s, 1:30
        cues:                 # eigene Sätze während der Übung
          - {at: 50%, say: Ganz langsam und locker.}
          - {at: 10s, say: Lass den Atem die Bewegung führen.}
          - {at: -5s, say: Noch ein paar Mal.}
      - name: Drehung der Brustwirbelsäule im Sitzen
        posture: sitting
        position: Setz dich aufrecht hin, die Arme vor der Brust verschränkt.
        instructions: Dreh den Oberkörper zur Seite, das Becken bleibt ruhig, und zurück.
        duration: 30s         # gilt pro Seite
        sides: both           # links, "Seitenwechsel", rechts; auch: left, right, alternating
        switch: 5s
  - name: Stabilisation
    kind: stabilisation
    exercises:
      - use: abdominal-bracing   # eine Übung aus der Bibliothek, in der Sprache der Routine
        sets: 2                  # jeder Schlüssel überschreibt den Wert der Bibliothek
        rest_between_sets: 15s
      - name: Knieheben im Stehen
        kind: stabilisation
        position: Steh aufrecht, eine Hand auf der Stuhllehne.
        instructions: Bauch anspannen, ein Knie bis Hüfthöhe heben und langsam senken.
        reps: 8               # Wiederholungen im Takt, laut gezählt ...
        tempo: 4s             # ... alle vier Sekunden eine
        sides: alternating
  - name: Kräftigung
    kind: strengthening
    rounds: 2                 # diesen Abschnitt zweimal ...
    rest_between_rounds: 15s  # ... mit einer Pause dazwischen
    exercises:
      - name: Liegestütz an der Wand
        position: Steh eine Armlänge vor der Wand, Hände in Schulterhöhe an der Wand.
        instructions: Der Körper bleibt eine Linie, Ellbogen beugen, wieder wegdrücken.
        reps: 10              # nur Wiederholungen: wartet, bis du fertig sagst ...
        time_cap: 45s         # ... oder höchstens so lange
        rest: 25s             # eine längere Pause danach, um die nächste vorzubereiten
      - name: Hüftstreckung im Stehen
        position: Steh aufrecht, Hände auf der Stuhllehne.
        instructions: Gesäß anspannen und ein gestrecktes Bein nach hinten führen, ohne Hohlkreuz.
        hold: 5s              # Halteübungen ...
        reps: 5               # ... fünf davon
        rest_between_reps: 3s
        sides: both
        countdown: 5
  - name: Dehnung
    kind: stretching
    exercises:
      - name: Hüftbeuger-Dehnung im Stehen
        position: Einen Fuß nach hinten setzen, Becken aufrichten, Hände auf den Stuhl.
        instructions: Gewicht nach vorn, bis du vorn an der Hüfte eine sanfte Dehnung spürst.
        duration: 30s
        sides: both
        rest: 0
"""

TEMPLATES: dict[str, str] = {"en": _ENGLISH, "de": _GERMAN}


# German words a title keeps in lower case (every other word is capitalised, as German
# nouns are): "mein-abend-mit-dehnung" -> "Mein Abend mit Dehnung".
_SMALL_WORDS = (
    "am an auf aus bei bis das dem den der des die durch für gegen im "
    "in ins mit nach ohne oder um und vom von vor zum zur"
)
_GERMAN_SMALL = frozenset(_SMALL_WORDS.split())
# ae, oe, ue written for ä, ö, ü in a file name (`ruecken`): not after a vowel or q
# (`neue`, `quelle`, `poet`), and ae not at the start of a word (`aerobic`).
_UMLAUTS = re.compile(r"(?<![aeiouq])(?:(?<=\w)ae|oe|ue)")


def title_from_name(name: str, language: str = "en") -> str:
    """A title made from a routine's name: `lower-back_evening` -> `Lower back evening`;
    in German `mein-ruecken` -> `Mein Rücken`."""
    words = re.sub(r"[-_.]+", " ", name).split()
    if not words:
        return name
    if language == "de":
        umlaut = {"ae": "ä", "oe": "ö", "ue": "ü"}
        words = [_UMLAUTS.sub(lambda m: umlaut[m[0]], w) for w in words]
        words = [
            w if i and w in _GERMAN_SMALL else w[:1].upper() + w[1:] for i, w in enumerate(words)
        ]
        return " ".join(words)
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def template_text(name: str, language: str = "en") -> str:
    """The commented template for a new routine called `name`, in `language` (en or de)."""
    title = title_from_name(name, language)
    if not title[:1].isalpha():
        title = json.dumps(title, ensure_ascii=False)  # `2024` would be read as a number
    return TEMPLATES[language].replace("@TITLE@", title).replace("@NAME@", name)
