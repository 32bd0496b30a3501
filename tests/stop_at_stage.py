"""`newsware run ...` that sends itself a stop signal when it reaches one stage of its work, for the tests
of stopping (tests/test_stopping.py): `python -m tests.stop_at_stage STAGE SIGNAL MARK -- run ARGS...`.

The stage is made slow the way real work is slow there, so that a run which does not stop at once is
caught: a server that drips its page, workers that take seconds a page, a DuckDB query that runs for
minutes on the load's connection. The moment the signal is sent is written to the file MARK (as
`time.monotonic()`, the same clock in every process), so the test can tell how long the stop took.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

# A query that keeps DuckDB busy for minutes, as a big merge or linking would: a stop must interrupt it.
LONG_QUERY = "select count(*) from range(1000000000000000) a"
SIGNAL_DELAY = 1.0


def send_stop(number: int, mark: Path, after: float = 0.0) -> None:
    """The signal to this process (to its whole process group for Ctrl-C, as a terminal sends it), now
    or from a thread after `after` seconds, the moment written to `mark`."""
    def send() -> None:
        mark.write_text(repr(time.monotonic()))
        if number == signal.SIGINT:
            os.killpg(os.getpgid(0), number)
        else:
            os.kill(os.getpid(), number)
    if after:
        threading.Timer(after, send).start()
    else:
        send()


def busy_then(original: Callable[..., Any], con_of: Callable[..., duckdb.DuckDBPyConnection],
              number: int, mark: Path) -> Callable[..., Any]:
    """`original`, after a stop signal arrives during a long query on its DuckDB connection."""
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        send_stop(number, mark, SIGNAL_DELAY)
        con_of(*args, **kwargs).execute(LONG_QUERY).fetchall()
        return original(*args, **kwargs)
    return wrapped


def signal_then(original: Callable[..., Any], number: int, mark: Path, after: float = 0.0) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        send_stop(number, mark, after)
        return original(*args, **kwargs)
    return wrapped


def arm(stage: str, number: int, mark: Path) -> None:
    import flows.cli
    import flows.fetch
    import flows.loading
    import flows.pipeline
    import transforms.extract
    import warehouse.staging
    import warehouse.workcopy

    if stage == "start-up":  # while Prefect's server starts
        flows.cli._prepare_run = signal_then(flows.cli._prepare_run, number, mark)
    elif stage == "fetching":  # the pages come from a server that drips them (tests.faulty_site /drip)
        flows.pipeline.read_batch = signal_then(flows.pipeline.read_batch, number, mark, SIGNAL_DELAY)
    elif stage == "cleaning":  # every page takes its worker seconds (tests.slow_cleaning)
        transforms.extract.WORKER_PRELOAD = (*transforms.extract.WORKER_PRELOAD, "tests.slow_cleaning")
        flows.pipeline.extract_documents = signal_then(flows.pipeline.extract_documents, number, mark, SIGNAL_DELAY)
    elif stage == "staging":
        staged = warehouse.staging.StagedRows
        staged.append = busy_then(staged.append, lambda rows, frames: rows.con, number, mark)
    elif stage == "loading":
        flows.loading.merge_tables = busy_then(flows.loading.merge_tables, lambda con, *_: con, number, mark)
    elif stage == "linking":
        flows.loading.link_stories = busy_then(flows.loading.link_stories, lambda con, *_: con, number, mark)
    elif stage == "publishing":
        warehouse.workcopy.publish = signal_then(warehouse.workcopy.publish, number, mark)
    else:
        raise SystemExit(f"unknown stage {stage}")


if __name__ == "__main__":
    stage, signal_name, mark_path, separator, *arguments = sys.argv[1:]
    assert separator == "--", __doc__
    from flows.runlog import prepare_prefect

    prepare_prefect()  # as `newsware run` does before anything imports Prefect (arm does)
    arm(stage, signal.Signals[signal_name], Path(mark_path))
    from flows.cli import main

    sys.argv = ["newsware", *arguments]
    main()
