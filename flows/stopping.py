"""How a run stops when asked to (SIGTERM, SIGHUP, Ctrl-C): at once, at any stage, and saying so.

A signal is handled in the main thread only, but a run also works in other threads (its batch tasks,
fetching) and in worker processes. So the signal is first *noted* here: the batch threads, the fetcher and
the load's retry rule look at that note and give up rather than finish or try again. Then the handler
that was in place runs: Prefect's within a flow run (it raises its TerminationSignal for SIGTERM and
signals again once the flow has ended), ours elsewhere (RunInterrupted, or KeyboardInterrupt for Ctrl-C).
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from warehouse.connect import interrupt_writers

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


class RunInterrupted(BaseException):
    """A stop signal arrived: the run stops where it is (a BaseException, as KeyboardInterrupt is, so that
    no `except Exception` on the way turns a stop into a reject or a retry)."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal = signal_number

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal (143 for SIGTERM, 129 for SIGHUP, 130 for Ctrl-C)."""
        return 128 + self.signal

    def __str__(self) -> str:
        return f"stopped by {describe_signal(self.signal)}"


def describe_signal(number: int) -> str:
    return "Ctrl-C (SIGINT)" if number == signal.SIGINT else signal.Signals(number).name


# The signal that asked this process's run to stop; and an event its threads poll, set by a stop signal or
# by the run ending early for any reason (a failure in the main thread ends the batches too).
_noted: int | None = None
stop_requested = threading.Event()
# Within `stops_held`: the stop to raise when the block ends.
_holding = False
_pending: BaseException | None = None


def note_stop(signal_number: int) -> None:
    global _noted
    _noted = _noted or signal_number
    stop_requested.set()


def forget_stop() -> None:
    """A run starts unstopped, also when an earlier run in the same process (a benchmark's) ended early."""
    global _noted, _pending
    _noted = _pending = None
    stop_requested.clear()


def interruption() -> RunInterrupted | None:
    """The stop that was asked for, if any: whatever error a run ends with after it (DuckDB's 'Query
    interrupted', Prefect's TerminationSignal, a batch's cancelled futures) is reported as this."""
    return RunInterrupted(_noted) if _noted is not None else None


def as_stop(error: BaseException) -> BaseException:
    """`error` as the run should report it: a stop if one was asked for, else the error itself."""
    if isinstance(error, KeyboardInterrupt):
        return RunInterrupted(signal.SIGINT)
    return interruption() or error


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """Within the block, a stop signal is noted, then handled by the handler that was in place, or raises
    RunInterrupted (SIGTERM, SIGHUP) or KeyboardInterrupt (SIGINT) where that was the default. A signal
    ignored when the block starts stays ignored (SIGINT in a background job, SIGHUP under nohup). Only the
    main thread may set handlers: elsewhere the block changes nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}

    def handler_for(number: int) -> object:
        before = previous[number]

        def handle(signal_number: int, frame: FrameType | None) -> None:
            global _pending
            note_stop(signal_number)
            if _holding:
                _pending = RunInterrupted(signal_number)
                return
            if callable(before):
                before(signal_number, frame)
            raise RunInterrupted(signal_number)  # SIG_DFL: stop here, as the default would, but cleanly
        return handle

    installed = {number: signal.signal(number, handler_for(number)) for number, before in previous.items()
                 if before is not signal.SIG_IGN}
    signals_read, signals_written = os.pipe()
    os.set_blocking(signals_written, False)
    wakeup_before = signal.set_wakeup_fd(signals_written, warn_on_full_buffer=False)
    threading.Thread(target=_watch_signals, args=(signals_read,), name="newsware-stop-watcher", daemon=True).start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(wakeup_before)
        os.close(signals_written)  # the watcher reads the end and closes its side
        for number, before in installed.items():
            signal.signal(number, before)


def _watch_signals(signals_read: int) -> None:
    """Python runs a signal's handler in the main thread, between two steps of its own: never while the
    main thread waits in DuckDB. Python's C-level handler also writes the signal's number to the wakeup
    fd, at once; this thread reads it there, notes the stop and interrupts the warehouse's queries, so the
    main thread comes back to Python and its handler."""
    try:
        while numbers := os.read(signals_read, 64):
            if stops := [number for number in numbers if number in STOP_SIGNALS]:
                note_stop(stops[0])
                interrupt_writers()
    finally:
        os.close(signals_read)


@contextmanager
def stops_held() -> Iterator[None]:
    """Within the block, a stop signal handled by `stopping_on_signals` is noted and takes effect only when
    the block ends: for a step that must finish once begun (publishing the working copy: a checkpoint and
    a rename, a second or so), so that a stop never leaves it half done."""
    global _holding
    _holding = True
    try:
        yield
    finally:
        _holding = False
    if _pending is not None:
        raise _pending
