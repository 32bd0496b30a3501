"""Opening the DuckDB warehouse, with DuckDB's single-writer file lock turned into a clear error."""
from __future__ import annotations

import errno
import time
import weakref
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent.parent / "sql"


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or written; the message says what to do."""


def read_sql(name: str) -> str:
    """The text of `sql/<name>` (e.g. 'load/merge_articles.sql')."""
    return (SQL_DIR / name).read_text(encoding="utf-8")


def limit_memory(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    """Hold DuckDB to `limit` ("200MB") for this connection's work from now on; lowered, it gives back
    what it holds over it (its cache of blocks it no longer needs)."""
    con.execute(read_sql("load/limit_memory.sql").replace("$memory_limit", limit))


# The writing connections open in this process, for `interrupt_writers`.
_writers: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def interrupt_writers() -> None:
    """Stop the query each writing connection of this process is running (safe from any thread): a run
    asked to stop must not wait for a merge, and DuckDB does not always notice a signal by itself while
    it works (a stop then waited minutes for the query to end). The load's transaction rolls back."""
    for con in list(_writers):
        try:
            con.interrupt()
        except duckdb.ConnectionException:  # closed meanwhile
            pass


def disk_full(error: BaseException) -> bool:
    """Whether `error`, or an error it arose from, is a full disk (Python's ENOSPC or DuckDB's words)."""
    while error is not None:
        if getattr(error, "errno", None) == errno.ENOSPC or "No space left on device" in str(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _is_lock_error(err: Exception) -> bool:
    return "lock" in str(err).lower()


def connect(path: Path, read_only: bool = False, lock_wait: float = 30.0) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file, waiting up to `lock_wait` s for another process to release it.

    DuckDB lets one process hold a file for writing and refuses every other, readers included; a
    dashboard left open must not make the nightly run fail at once.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `newsware run` first, or pass --warehouse PATH")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_wait
    while True:
        try:
            # A reader may not write files or attach others either: `newsware sql` stays read-only.
            config = {"enable_external_access": False} if read_only else {}
            con = duckdb.connect(str(path), read_only=read_only, config=config)
            if not read_only:
                _writers.add(con)
            return con
        except duckdb.IOException as err:
            if not _is_lock_error(err):
                raise WarehouseError(f"cannot open warehouse {path}: {err}") from None
            if time.monotonic() >= deadline:
                raise WarehouseError(
                    f"warehouse {path} is in use by another process (a duckdb shell, notebook or "
                    f"dashboard?); close it and try again"
                ) from None
            time.sleep(0.5)
