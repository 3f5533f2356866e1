"""The session engine: plays a timeline on a clock and takes commands.

`Session` (engine.py) keeps the clock, the cursors and the commands: it fires cues at their
deadlines; `SessionRunner` (runner.py) drives it in real time on a thread; `state()` gives a
`SessionState` and `poll()` the events of `events.py`, which subscribers (`subscribe`) get
as they happen — `JournalWriter` (journal.py) writes the history journal that way. What is
sounding is the engine's `Voice` (voice.py: the on-demand queue, the lead-in, cutting, tones
when speech fails); where things are in the timeline its `Course` and `Playhead`
(course.py); `SessionStep` (steps.py) is a timeline step with the end of its work.
`start_session` (start.py) is the one way a front end (the Textual player, the console
player `player.console`) starts a session: it sets it up with `prepare_session`
(prepare.py), its speech in `SessionSpeech` (speech.py: clips balanced like export, rate and
verbosity), and makes the runner that plays it.
"""
