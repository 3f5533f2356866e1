"""The session engine: plays a timeline on a clock and takes commands.

`Session` (engine.py) fires cues at their deadlines and takes commands; `SessionRunner`
(runner.py) drives it in real time on a thread; `state()` gives a `SessionState` and
`poll()` the events of `events.py`. `start_session` (start.py) is the one way a front end
(the Textual player, the console player `player.console`) starts a session: it sets it up
with `prepare_session` (prepare.py), its speech in `SessionSpeech` (speech.py: clips
balanced like export, rate and verbosity), and makes the runner that plays it.
"""
