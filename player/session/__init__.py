"""The session engine: plays a timeline on a clock and takes commands.

`Session` (engine.py) fires cues at their deadlines and takes commands; `SessionRunner`
(runner.py) drives it in real time on a thread; `state()` gives a `SessionState` and
`poll()` the events of `events.py`. `prepare_session` (prepare.py) sets one up for a
routine, `play_in_console` (console.py) is `workout play --no-ui`.
"""
