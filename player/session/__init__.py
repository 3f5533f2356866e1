"""The session engine: plays a timeline on a clock and takes commands.

`Session` (engine.py) keeps the clock, the cursors and the commands: it fires cues at their
deadlines; `SessionRunner` (runner.py) drives it in real time on a thread; `state()` gives a
`SessionState` and `poll()` the events of `events.py`, which subscribers (`subscribe`) get
as they happen — `JournalWriter` (journal.py) writes the history journal that way. What is
sounding is the engine's `Voice` (voice.py: the on-demand queue, the lead-in, cutting, tones
when speech fails); where things are in the timeline its `Course` and `Playhead`
(course.py); `SessionStep` (steps.py) is a timeline step with the end of its work.
`prepare_session` (prepare.py) is the one way a session is set up for a routine — the
console and the Textual player both use it — with its speech in `SessionSpeech` (speech.py:
clips balanced like export, rate and verbosity); `play_in_console` (console.py) is
`workout play --no-ui`.
"""
