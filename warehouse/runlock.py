"""One run at a time per warehouse: a lock file held for the whole run.

The kernel drops the lock when the holder dies, however it dies (kill -9 included), so whoever gets
the lock knows that every run still marked 'running' in `runs` is dead and can say so.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Paths this process holds, how many `hold_run_lock` blocks hold each, and the open lock file: the CLI
# takes the lock before Prefect starts, and the flow, which also runs alone as a deployment, takes it
# again inside the same process.
_held: dict[Path, int] = {}
_files: dict[Path, int] = {}


class RunInProgress(RuntimeError):
    """Another process is running newsware into the same warehouse."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".run.lock")


@contextmanager
def hold_run_lock(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's run lock for the block, or raise RunInProgress at once."""
    path = lock_path(warehouse).resolve()
    if path not in _held:
        _take(path, warehouse)
    _held[path] += 1
    try:
        yield
    finally:
        _held[path] -= 1
        if not _held[path]:
            _let_go(path)


def claim_run_lock(warehouse: Path) -> None:
    """Take the run lock now, or raise RunInProgress, for the `hold_run_lock` block that follows in this
    process, which lets it go at its end: a flow learns at its first line whether it may run, while
    the lock is never free in between for another run to take."""
    path = lock_path(warehouse).resolve()
    if path not in _held:
        _take(path, warehouse)


def _take(path: Path, warehouse: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
        os.close(fd)
        raise RunInProgress(f"another newsware run ({holder}) is writing {warehouse}; "
                            "wait for it to finish (newsware runs one at a time)") from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    _held[path], _files[path] = 0, fd


def _let_go(path: Path) -> None:
    del _held[path]
    fd = _files.pop(path)
    try:
        os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing the file releases the lock
