"""Loading one run's tables into the warehouse: bulk merges from DataFrames, inside one transaction.

This module takes frames and runs SQL; it knows nothing of how the rows were extracted. The flow opens
the transaction (`one_transaction`), merges the run's frames (`merge_tables`), links stories around the
articles the merge wrote (`warehouse.links`) and records the run, then commits.
"""
from __future__ import annotations

import os
import socket
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd

from warehouse.connect import read_sql


@dataclass
class LoadResult:
    articles_new: int
    articles_changed: int
    articles_unchanged: int
    # Articles whose own rows (the article, its people, quotes or equipment) the load wrote: linking starts
    # from them. Not those whose person a full name absorbed: their statements stay valid, and a surname
    # quoted for years would bring in the whole warehouse; they are linked again when a run comes near.
    articles_written: list[str] = field(default_factory=list)


def known_people(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Canonical name -> aliases of everyone already in the warehouse."""
    return {name: list(aliases) for name, aliases in con.execute(read_sql("load/known_people.sql")).fetchall()}


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime, sources: list[str]) -> list[str]:
    """Record the run before any work (once), and mark the runs that died unrecorded as abandoned.

    Call it holding the warehouse's run lock (`warehouse.runlock`): then no other run is alive, and a
    'running' row other than this one is a run that ended without saying how. Returns their ids.
    """
    abandoned = [row[0] for row in con.execute(read_sql("load/abandon_dead_runs.sql"),
                                               {"run_id": run_id, "now": started_at}).fetchall()]
    con.execute(read_sql("load/start_run.sql"), {"run_id": run_id, "started_at": started_at, "sources": sources,
                                                 "host": socket.gethostname(), "pid": os.getpid()})
    return abandoned


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, result: LoadResult | None,
               error: str | None = None) -> str | None:
    """Record how a run ended, unless that is recorded already (a run marked completed by its load stays
    completed, whatever interrupts it afterwards); its rejects are counted from `rejects`, so call it
    inside the load's transaction. Returns the status the run has now."""
    counts = result or LoadResult(0, 0, 0)
    con.execute(read_sql("load/finish_run.sql"), {
        "run_id": run_id, "finished_at": datetime.now(), "status": status,
        "articles_new": counts.articles_new, "articles_changed": counts.articles_changed,
        "articles_unchanged": counts.articles_unchanged, "error": error,
    })
    row = con.execute(read_sql("load/run_status.sql"), {"run_id": run_id}).fetchone()
    return row[0] if row else None


def loaded_pages(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str | None, str | None, str, str | None]]:
    """Page URL -> (etag, last_modified, body_hash, listed_at), what tells whether it changed, for every
    page the warehouse has loaded."""
    return {url: tuple(version) for url, *version in con.execute(read_sql("load/loaded_pages.sql")).fetchall()}


@contextmanager
def staged_frames(con: duckdb.DuckDBPyConnection, frames: Mapping[str, pd.DataFrame | str]) -> Iterator[None]:
    """The frames readable by name in SQL (`staged_articles`, ...) for the length of the block; a string
    names a relation instead (`run_staging.articles`, see `warehouse.staging`), read where it lies."""
    for name, frame in frames.items():
        if isinstance(frame, str):
            con.execute(f"create or replace temp view {name} as select * from {frame}")
        else:
            con.register(name, frame)
    try:
        yield
    finally:
        for name, frame in frames.items():
            try:
                if isinstance(frame, str):
                    con.execute(f"drop view if exists {name}")
                else:
                    con.unregister(name)
            except duckdb.TransactionException:
                pass  # a failed transaction's views go with its rollback (`one_transaction`)


def staged_article_ids(con: duckdb.DuckDBPyConnection, name: str, article_ids: list[str]
                       ) -> AbstractContextManager[None]:
    """`article_ids` readable in SQL as `name` (one column, `article_id`) for the length of the block."""
    return staged_frames(con, {name: pd.DataFrame({"article_id": article_ids}, dtype="string")})


@contextmanager
def one_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Everything written in the block commits together, or, on any failure or interrupt (SIGTERM,
    Ctrl-C), nothing does: a run is never half-loaded."""
    con.execute("begin transaction")
    try:
        yield
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def merge_tables(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pd.DataFrame | str],
                 rejects: pd.DataFrame | str, fetched_pages: pd.DataFrame | str | None = None,
                 pages_unchanged: int = 0) -> LoadResult:
    """Merge a run's rows, table name -> frame or staged relation (`articles`, `people`, `quotes`, ...,
    `person_merges`); call it inside `one_transaction`.

    Only what changed is written: new and changed articles, the per-article rows that differ from the
    stored ones, people and equipment that are new or better known. `fetched_pages` is what the run
    learnt of the pages it fetched; `pages_unchanged` counts the pages it did not read again, which are
    unchanged articles too.
    """
    staged = {f"staged_{name}": frame for name, frame in tables.items() if name not in ("rejects", "fetched_pages")}
    staged["staged_rejects"] = rejects
    if fetched_pages is not None:
        staged["staged_fetched_pages"] = fetched_pages
    with staged_frames(con, staged):
        actions = con.execute(read_sql("load/merge_articles.sql")).fetchall()
        rewritten = [row[0] for row in con.execute(read_sql("load/rewritten_articles.sql")).fetchall()]
        with staged_article_ids(con, "staged_rewritten", rewritten):
            con.execute(read_sql("load/replace_article_rows.sql"))
        con.execute(read_sql("load/absorb_people.sql"))
        con.execute(read_sql("load/merge_people.sql"))
        con.execute(read_sql("load/insert_rejects.sql"))
        if fetched_pages is not None:
            con.execute(read_sql("load/merge_fetched_pages.sql"))
        [(staged_articles,)] = con.execute(read_sql("load/staged_article_count.sql")).fetchall()
    new = sum(1 for action, _ in actions if action == "INSERT")
    changed = sum(1 for action, _ in actions if action == "UPDATE")
    written = sorted({article_id for _, article_id in actions} | set(rewritten))
    return LoadResult(new, changed, staged_articles - new - changed + pages_unchanged, written)
