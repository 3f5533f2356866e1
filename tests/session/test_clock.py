"""The engine's clock parts: the stopwatch of time played and the doorbell that wakes the runner."""

from __future__ import annotations

import threading

import pytest

from player.session.clock import Doorbell, FakeClock, Stopwatch


def test_the_stopwatch_adds_up_running_stretches_and_leaves_pauses_out() -> None:
    clock = FakeClock()
    watch = Stopwatch()
    assert watch.read(clock.now()) == 0.0 and not watch.running
    watch.start(clock.now())
    clock.advance(10.0)
    assert watch.read(clock.now()) == pytest.approx(10.0)
    assert watch.stop(clock.now()) == pytest.approx(10.0)
    clock.advance(100.0)  # paused
    assert watch.read(clock.now()) == pytest.approx(10.0)
    watch.start(clock.now())
    watch.start(clock.now() + 5.0)  # started twice: the first start counts
    clock.advance(2.5)
    assert watch.running
    assert watch.read(clock.now()) == pytest.approx(12.5)
    watch.stop(clock.now())
    watch.stop(clock.now() + 50.0)  # stopped twice: nothing more is added
    assert watch.read(clock.now() + 50.0) == pytest.approx(12.5)


def test_a_ring_wakes_a_waiter_at_once_and_counts_a_generation() -> None:
    lock = threading.RLock()
    bell = Doorbell(lock)
    woke = threading.Event()

    def waiter() -> None:
        with lock:
            bell.wait(None)  # no deadline: until rung
        woke.set()

    thread = threading.Thread(target=waiter, daemon=True)
    with lock:
        thread.start()
        generation = bell.generation
    # The waiter holds the lock only until it waits; ringing needs the lock too.
    for _ in range(3000):  # at most 30 s: a bell that does not wake anyone fails here
        with lock:
            bell.ring()
        if woke.wait(0.01):
            break
    assert woke.is_set()
    assert bell.generation > generation


def test_a_deadline_already_passed_is_not_waited_for() -> None:
    lock = threading.RLock()
    bell = Doorbell(lock)

    def waits() -> None:
        with lock:
            bell.wait(0.0)
            bell.wait(-1.0, timeout=60.0)
            bell.wait(60.0, timeout=0.0)

    thread = threading.Thread(target=waits, daemon=True)
    thread.start()
    thread.join(30.0)  # nobody rings: only returning at once gets it done
    assert not thread.is_alive()
