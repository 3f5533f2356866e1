"""The session engine: plays a timeline on a clock and takes commands.

`Session` (engine.py) fires cues at their deadlines and takes commands; `SessionRunner`
(runner.py) drives it in real time on a thread; `state()` gives a `SessionState` and
`poll()` the events of `events.py`. `prepare_session` (prepare.py) is the one way a session
is set up for a routine — the console and the Textual player both use it — with its speech
in `SessionSpeech` (speech.py: clips balanced like export, rate and verbosity);
`play_in_console` (console.py) is `workout play --no-ui`.
"""
