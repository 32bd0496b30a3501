"""Where a run's work waits for the load: each batch's result in a file as soon as it is made, then the
run's rows in a DuckDB file of its own, so that no process holds a whole run in memory.

A run's staging directory holds `batch-NNNNNN.pickle` files (written by the batch tasks, wherever
they run: on a cluster it is a path every worker sees) and `rows.duckdb` (written by the load's
normalising pass and merged into the warehouse in one transaction). It is removed once the run ends,
loaded or not: a run is never resumed from it, and a rerun makes the same rows again.
"""
from __future__ import annotations

import contextlib
import pickle
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from warehouse.connect import read_sql

STAGED_SCHEMA = "run_staging"
# Tables staged for the load, as `sql/stage/create_tables.sql` makes them.
STAGED_TABLES = ("articles", "people", "person_aliases", "article_people", "quotes", "equipment",
                 "article_equipment", "person_merges", "rejects", "fetched_pages")


class RunStaging:
    """One run's staging directory: batch files in, a staged-rows database out."""

    def __init__(self, root: Path, run_id: str) -> None:
        self.directory = Path(root) / run_id

    def create(self) -> RunStaging:
        self.directory.mkdir(parents=True, exist_ok=True)
        return self

    def batch_path(self, number: int) -> Path:
        return self.directory / f"batch-{number:06d}.pickle"

    def write_batch(self, number: int, result: Any) -> Path:
        """Store one batch's result; written under a temporary name and renamed, so a batch file that
        exists is whole."""
        path = self.batch_path(number)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as out:
            pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
        return path

    def read_batch(self, number: int) -> Any:
        with self.batch_path(number).open("rb") as staged:
            return pickle.load(staged)  # noqa: S301 - our own run's file, written by `write_batch`

    @property
    def rows_path(self) -> Path:
        return self.directory / "rows.duckdb"

    def remove(self) -> None:
        """The run's directory, and the staging root too once no run uses it."""
        shutil.rmtree(self.directory, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.directory.parent.rmdir()


def remove_stale_staging(root: Path) -> list[str]:
    """Staging directories left by runs that ended without cleaning up (killed): nothing reads them."""
    root = Path(root)
    stale = sorted(path.name for path in root.iterdir() if path.is_dir()) if root.is_dir() else []
    for name in stale:
        shutil.rmtree(root / name, ignore_errors=True)
    return stale


class StagedRows:
    """The run's rows, appended batch by batch to `rows.duckdb`, attached to the warehouse connection as
    `run_staging`; `relations()` names them for `warehouse.load.merge_tables`."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def append(self, frames: dict[str, pd.DataFrame]) -> None:
        for table, frame in frames.items():
            if len(frame):
                self.con.register("staged_frame", frame)
                try:
                    self.con.execute(f"insert into {STAGED_SCHEMA}.{table} by name select * from staged_frame")
                finally:
                    self.con.unregister("staged_frame")

    def count(self, table: str) -> int:
        [(rows,)] = self.con.execute(f"select count(*) from {STAGED_SCHEMA}.{table}").fetchall()
        return rows

    @staticmethod
    def relations() -> dict[str, str]:
        """Table name -> the staged relation to merge from."""
        return {table: f"{STAGED_SCHEMA}.{table}" for table in STAGED_TABLES}


@contextmanager
def staged_rows(con: duckdb.DuckDBPyConnection, path: Path) -> Iterator[StagedRows]:
    """A fresh staged-rows database at `path`, attached to the warehouse connection for the block."""
    Path(path).unlink(missing_ok=True)
    con.execute(f"attach '{_quoted(path)}' as {STAGED_SCHEMA}")
    try:
        con.execute(read_sql("stage/create_tables.sql"))
        yield StagedRows(con)
    finally:
        con.execute(f"detach {STAGED_SCHEMA}")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
