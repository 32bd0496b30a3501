"""Run one function per input in worker processes that can be killed, under a per-input CPU limit.

trafilatura has no timeout and is not thread-safe (PITFALLS), and our own rules could meet a text
they are slow on: so every input is cleaned and extracted in a worker process. The limit is CPU
time (RLIMIT_CPU, enforced by the kernel), not wall time, so the same input gets the same outcome on
a quiet machine and on a busy one. A generous wall-clock limit remains for a worker that is starved
or stuck without using CPU; an input that meets it is tried once more on its own before it is given up.
"""
from __future__ import annotations

import math
import multiprocessing
import multiprocessing.forkserver
import resource
import signal
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from transforms.model import StageError

Item = TypeVar("Item")
Result = TypeVar("Result")

# forkserver: workers fork from a clean server process that already imported the preloaded modules,
# so a pool starts fast and never forks a parent that runs Prefect's threads. Measured (2 workers,
# until both ran one page): spawn 0.62-0.66 s for every pool; forkserver 0.88 s for the first, 0.32 s after.
START_METHOD = "forkserver"
# A worker is replaced after this many inputs, so that nothing a library keeps can grow without bound
# (trafilatura's caches are emptied more often by the cleaning itself: `transforms.clean`). Replacing one
# costs ~0.3 s of CPU and a worker's wait; every 100 inputs that was 4 s of a 923-page run's 60 s. With
# the caches emptied every 100 pages a worker held 230-263 MB over 1,800 pages, without a trend.
TASKS_PER_WORKER = 1000


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float        # CPU time one input may use (whole seconds, rounded up, are enforced)
    wall_seconds: float       # wall time after which a worker is presumed stuck
    workers: int


class _WallTimeout:
    """The outcome of an input whose worker gave no answer in wall time: try again, alone."""


WALL_TIMEOUT = _WallTimeout()
# How often a wait for an input's result looks whether the pool can still give one.
POOL_CHECK_SECONDS = 1.0
_STOPPED = ("stopped", "the run was stopped before this input was cleaned")
_BROKEN = ("worker pool broken", "every cleaning worker process ended; no worker was left for this input")
# In a worker: why its initializer failed, if it did (`_start_worker`).
_start_failure: StageError | None = None


class IsolatedPool:
    """Worker processes kept for as long as the block that opened them, shared by every batch in flight.

    A run opens one for all its batches: starting workers costs a few tenths of a second, and batches
    mapped from several threads at once queue their inputs together, so the workers never wait for one
    batch's last input while the next batch is ready. `map` is safe to call from several threads.
    """

    def __init__(self, limits: Limits, preload: Sequence[str] = (),
                 initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> None:
        self.limits = limits
        self._start = (preload, initializer, initargs)
        self._pool: ProcessPool | None = None
        self._pending: set[Future] = set()
        self._stopped = False

    def __enter__(self) -> IsolatedPool:
        self._pool = _new_pool(self.limits.workers, *self._start)
        return self

    def __exit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        assert self._pool is not None
        if error_type is not None:
            self._stopped = True  # inputs mapped from now on are not started (`_submit`)
            self._pool.stop()  # an interrupted run must not wait for the batches in flight to finish
            for future in list(self._pending):
                future.cancel()  # and the threads mapping them get their answer (cancelled) at once
        else:
            self._pool.close()
        self._pool.join()

    def map(self, function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result | StageError]:
        """`function(item)` for each item, in input order, each in a worker process; an item whose call
        raised, used more than `limits.cpu_seconds` of CPU, or killed its worker gets a StageError instead.
        `function` must be module-level (workers import it)."""
        limits = self.limits
        outcomes = [self._outcome(future) for future in [self._submit(function, item) for item in items]]
        starved = [i for i, outcome in enumerate(outcomes) if outcome is WALL_TIMEOUT]
        if starved and not self._stopped:
            with IsolatedPool(Limits(limits.cpu_seconds, limits.wall_seconds, 1), *self._start) as alone:
                for i in starved:
                    outcome = alone._outcome(alone._submit(function, items[i]))
                    outcomes[i] = outcome if outcome is not WALL_TIMEOUT else StageError(
                        "timeout", f"no result within {limits.wall_seconds:g} s of wall time, twice")
        return outcomes

    def _submit(self, function: Callable[[Item], Result], item: Item) -> Future:
        assert self._pool is not None, "map runs inside `with IsolatedPool(...)`"
        if self._stopped or not self._pool.active:
            return _settled(StageError(*_STOPPED if self._stopped else _BROKEN))
        future = self._pool.schedule(_call_within_cpu_limit, args=(function, item, self.limits.cpu_seconds),
                                     timeout=self.limits.wall_seconds)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)
        return future

    def _outcome(self, future: Future) -> Any:
        """The input's result, or the StageError that takes its place. Never a wait without an end: a pool
        stopped, or whose workers all died, is noticed within a second (pebble then leaves the inputs it had
        unanswered), and the batch's other inputs then get their answer at once."""
        assert self._pool is not None
        while not future.done():
            if self._stopped or not self._pool.active:  # its worker was stopped, or is gone
                future.cancel()
                return StageError(*_STOPPED if self._stopped else _BROKEN)
            wait([future], timeout=POOL_CHECK_SECONDS)
        try:
            return future.result()
        except BaseException as err:  # noqa: BLE001 - sorted out by _failure (which re-raises a stop)
            return _failure(err, self.limits)


def map_isolated(function: Callable[[Item], Result], items: Sequence[Item], limits: Limits, *,
                 preload: Sequence[str] = (), initializer: Callable[..., None] | None = None,
                 initargs: tuple = ()) -> list[Result | StageError]:
    """`IsolatedPool.map` on a pool of its own, for one batch: `function` and `initializer` must be
    module-level; `preload` names modules the fork server imports once. Interrupted (Ctrl-C, SIGTERM),
    every worker is stopped at once."""
    if not items:
        return []
    sized = Limits(limits.cpu_seconds, limits.wall_seconds, min(limits.workers, len(items)))
    with IsolatedPool(sized, preload, initializer, initargs) as pool:
        return pool.map(function, items)


def _new_pool(workers: int, preload: Sequence[str], initializer: Callable[..., None] | None,
              initargs: tuple) -> ProcessPool:
    start_fork_server(preload)
    return ProcessPool(max_workers=max(1, workers), max_tasks=TASKS_PER_WORKER,
                       context=multiprocessing.get_context(START_METHOD),
                       initializer=_start_worker, initargs=(initializer, initargs))


def start_fork_server(preload: Sequence[str] = ()) -> None:
    """Start the server that pools fork their workers from, unless it runs. It imports `preload` in the
    background, so a process with other work first (a run importing Prefect) can start it early and find
    it ready when its first pool needs it."""
    if START_METHOD == "forkserver":
        multiprocessing.get_context(START_METHOD).set_forkserver_preload([__name__, *preload])
        _start_fork_server_deaf_to_ctrl_c()


def stop_fork_server() -> None:
    """Give back the fork server's memory (its preloaded modules, 130 MB on the pages) once no pool will
    start workers for a while, as during a run's load; the next pool starts a new server. CPython has
    no public call for this: ForkServer._stop (there since 3.8) is what its own tests use."""
    if START_METHOD == "forkserver":
        multiprocessing.forkserver._forkserver._stop()  # noqa: SLF001


def _start_fork_server_deaf_to_ctrl_c() -> None:
    """Ctrl-C reaches the whole process group; the fork server ignores it only once its preloads are
    imported, and one pressed before that printed their traceback. An ignored signal stays ignored
    across exec, so start the server with SIGINT ignored (the parent stops it, as it stops the workers).
    Only the main thread may change signal handlers; elsewhere (a Dask worker's task thread) the
    server is started as it comes."""
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    """A worker whose initializer fails stays up and answers every input with that failure: had it
    exited, pebble would start another, and another, and leave the inputs queued without an answer."""
    global _start_failure
    # Ctrl-C reaches the whole process group; the parent stops the workers, who must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a worker killed for CPU leaves no core file
    if initializer is not None:
        try:
            initializer(*initargs)
        except Exception as err:  # noqa: BLE001 - reported with every input this worker is given
            _start_failure = StageError("worker could not start", f"{type(err).__name__}: {err}"[:1000])


def _call_within_cpu_limit(function: Callable[[Item], Result], item: Item, cpu_seconds: float) -> Result:
    """Runs in the worker: the kernel kills it (SIGXCPU) once this call has used `cpu_seconds`."""
    if _start_failure is not None:
        raise _start_failure
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + cpu_seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    try:
        return function(item)
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def _failure(outcome: BaseException, limits: Limits) -> StageError | _WallTimeout:
    """An input's failure as the batch keeps it."""
    if isinstance(outcome, FutureTimeout):  # pebble's: the input ran past `limits.wall_seconds`
        return WALL_TIMEOUT
    if isinstance(outcome, ProcessExpired):
        if outcome.exitcode == -signal.SIGXCPU:
            return StageError("timeout", f"used more than {limits.cpu_seconds:g} s of CPU")
        return StageError("worker died", f"the worker process ended with code {outcome.exitcode} "
                                         "(a crash in a library, or out of memory)")
    if isinstance(outcome, StageError):
        return outcome
    if isinstance(outcome, CancelledError):
        return StageError(*_STOPPED)
    if isinstance(outcome, Exception):  # one input's failure is that input's reject
        return StageError("error", f"{type(outcome).__name__}: {outcome}"[:1000])
    raise outcome


def _settled(error: BaseException) -> Future:
    future: Future = Future()
    future.set_exception(error)
    return future
