"""The `runs` ledger: a run is recorded before any work and its end recorded however it ends; and, before
that, whether a run can write the warehouse at all."""
from __future__ import annotations

import signal
import tempfile
from datetime import datetime
from pathlib import Path

from warehouse.connect import connect
from warehouse.load import finish_run, start_run
from warehouse.migrate import migrate
from warehouse.publish import publish_views


def unwritable_warehouse(warehouse: Path) -> str | None:
    """Why a run could not write the warehouse at `warehouse`, in one line, or None: a path that is a
    folder, a folder that does not exist (not made for it: a mistyped path would start a new, empty
    warehouse), one this user cannot write in. Checked before a run starts, it is the user's to fix."""
    folder = warehouse.parent
    if warehouse.is_dir():
        return f"the warehouse {warehouse} is a folder; give a file in it, such as {warehouse / 'newsware.duckdb'}"
    if folder.exists() and not folder.is_dir():
        return f"the warehouse's folder {folder} is a file; give a path in a folder"
    if not folder.is_dir():
        return (f"no folder {folder} for the warehouse {warehouse.name}; create it (mkdir -p {folder}) or give "
                "another warehouse path")
    try:  # trying is the only sure test: root writes in a read-only folder, nobody on a read-only disk
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        return f"cannot write in {folder}, the warehouse's folder: {err.strerror or err}"
    return None


def begin_run(warehouse: Path, run_id: str, sources: list[str], lock_wait: float) -> list[str]:
    """Bring the schema up to date and record the run as 'running'; returns the ids of earlier runs
    found dead and now marked 'abandoned'. Hold the warehouse's run lock while calling it."""
    with connect(warehouse, lock_wait=lock_wait) as con:
        migrate(con)
        publish_views(con)
        return start_run(con, run_id, datetime.now(), sources)


def end_run_early(warehouse: Path, run_id: str, error: BaseException, lock_wait: float) -> str | None:
    """Record a run that ended before its load committed, as 'interrupted' (SIGTERM, Ctrl-C) or 'failed',
    with the reason in one line; returns the status the run has now ('completed' if its load had
    committed already). None when even that cannot be recorded: the next run marks it abandoned."""
    status = "failed" if isinstance(error, Exception) else "interrupted"
    reason = describe(error)
    try:
        with connect(warehouse, lock_wait=lock_wait) as con:
            return finish_run(con, run_id, status, None, reason)
    except Exception:  # noqa: BLE001 - never mask the error that ended the run
        return None


def describe(error: BaseException) -> str:
    """One line for `runs.error` and the terminal: the exception's own words, never a traceback."""
    number = signal.SIGINT if isinstance(error, KeyboardInterrupt) else getattr(error, "signal", None)
    if isinstance(number, int):  # Prefect's TerminationSignal, ours
        return "stopped by " + ("Ctrl-C (SIGINT)" if number == signal.SIGINT else signal.Signals(number).name)
    words = " ".join(str(error).split())
    return (f"{type(error).__name__}: {words}" if words else type(error).__name__)[:1000]
