"""Loading one run's tables into the warehouse: bulk merges from DataFrames, all in one transaction."""
from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime

import duckdb
import pandas as pd

from transforms.model import PageVersion, Reject
from transforms.normalise import WarehouseTables, stable_id
from transforms.stories import STORY_WINDOW_DAYS, ArticleRecord, QuoteRecord, assign_stories, link_statements
from warehouse.connect import read_sql


@dataclass
class LoadResult:
    articles_new: int
    articles_changed: int
    articles_unchanged: int


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
               rejected: int, error: str | None = None) -> str | None:
    """Record how a run ended, unless that is recorded already (a run marked completed by its load stays
    completed, whatever interrupts it afterwards). Returns the status the run has now."""
    counts = result or LoadResult(0, 0, 0)
    con.execute(read_sql("load/finish_run.sql"), {
        "run_id": run_id, "finished_at": datetime.now(), "status": status,
        "articles_new": counts.articles_new, "articles_changed": counts.articles_changed,
        "articles_unchanged": counts.articles_unchanged, "rejected": rejected, "error": error,
    })
    row = con.execute(read_sql("load/run_status.sql"), {"run_id": run_id}).fetchone()
    return row[0] if row else None


def loaded_pages(con: duckdb.DuckDBPyConnection) -> dict[str, PageVersion]:
    """Page URL -> what tells whether it changed, for every page the warehouse has loaded."""
    return {url: PageVersion(*version) for url, *version in con.execute(read_sql("load/loaded_pages.sql")).fetchall()}


def fetched_pages_frame(versions: dict[str, PageVersion], article_ids: dict[str, str], fetched_at: datetime
                        ) -> pd.DataFrame:
    """The rows of `fetched_pages` to merge: `article_ids` names the article each newly loaded page became
    (pages found unchanged have none: the stored one stays)."""
    return pd.DataFrame(
        [{"url": url, "article_id": article_ids.get(url), "etag": v.etag, "last_modified": v.last_modified,
          "body_hash": v.body_hash, "listed_at": v.listed_at, "fetched_at": fetched_at} for url, v in versions.items()],
        columns=["url", "article_id", "etag", "last_modified", "body_hash", "listed_at", "fetched_at"],
    ).astype({"article_id": "string", "etag": "string", "last_modified": "string", "listed_at": "string"})


def rejects_frame(rejects: list[Reject], run_id: str, rejected_at: datetime) -> pd.DataFrame:
    return pd.DataFrame(
        [{"run_id": run_id, "source": r.source, "stage": r.stage, "reason": r.reason, "detail": r.detail,
          "rejected_at": rejected_at} for r in rejects],
        columns=["run_id", "source", "stage", "reason", "detail", "rejected_at"],
    )


@contextmanager
def staged_frames(con: duckdb.DuckDBPyConnection, frames: dict[str, pd.DataFrame]) -> Iterator[None]:
    """The frames readable by name in SQL (`staged_articles`, ...) for the length of the block."""
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        yield
    finally:
        for name in frames:
            con.unregister(name)


def load_tables(con: duckdb.DuckDBPyConnection, tables: WarehouseTables, rejects: pd.DataFrame,
                run_id: str | None = None, fetched_pages: pd.DataFrame | None = None,
                pages_unchanged: int = 0) -> LoadResult:
    """Merge a run's rows in one transaction: a failure leaves the warehouse as it was before the run.

    With `run_id`, the run's `runs` row is marked completed in the same transaction, so a loaded run
    is never recorded as failed nor a failed one as completed. `fetched_pages` (`fetched_pages_frame`)
    is what the run learnt of the pages it fetched; `pages_unchanged` counts the pages it did not read
    again, which are unchanged articles too.
    """
    staged = {f"staged_{f.name}": getattr(tables, f.name) for f in fields(tables)}
    staged["staged_rejects"] = rejects
    staged["staged_fetched_pages"] = fetched_pages_frame({}, {}, datetime.now()) if fetched_pages is None \
        else fetched_pages
    with staged_frames(con, staged):
        con.execute("begin transaction")
        try:
            actions = [row[0] for row in con.execute(read_sql("load/merge_articles.sql")).fetchall()]
            con.execute(read_sql("load/replace_article_rows.sql"))
            con.execute(read_sql("load/absorb_people.sql"))
            con.execute(read_sql("load/merge_people.sql"))
            con.execute(read_sql("load/insert_rejects.sql"))
            con.execute(read_sql("load/merge_fetched_pages.sql"))
            if len(tables.articles):
                link_across_articles(con)
            new, changed = actions.count("INSERT"), actions.count("UPDATE")
            result = LoadResult(new, changed, len(tables.articles) - new - changed + pages_unchanged)
            if run_id is not None:
                finish_run(con, run_id, "completed", result, len(rejects))
            con.execute("commit")
        except BaseException:  # an interrupt (SIGTERM, Ctrl-C) too: nothing of a run is half-loaded
            con.execute("rollback")
            raise
    return result


# Undated articles are compared with articles loaded this recently that name the same people.
RECENT_DAYS = 7


def link_across_articles(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute story and statement ids of the articles near this run's (`staged_articles`) dates."""
    candidates = con.execute(read_sql("load/story_candidates.sql"),
                             {"window_days": STORY_WINDOW_DAYS, "recent_days": RECENT_DAYS}).df()
    if candidates.empty:
        return
    with staged_frames(con, {"staged_candidates": candidates[["article_id"]]}):
        quotes = con.execute(read_sql("load/candidate_quotes.sql")).fetchall()
    statements = link_statements([QuoteRecord(*row) for row in quotes])
    article_of = {quote_id: article_id for quote_id, article_id, _, _ in quotes}
    shared = {(article_of[quote], article_of[first]) for quote, first in statements.items() if quote != first}
    stories = assign_stories(
        [ArticleRecord(row.article_id, row.published.date() if pd.notna(row.published) else None,
                       frozenset(row.people), row.text) for row in candidates.itertuples()],
        shared)
    staged = {
        "staged_stories": pd.DataFrame({"article_id": list(stories),
                                        "story_id": [stable_id("story", first) for first in stories.values()]}),
        "staged_statements": pd.DataFrame({"quote_id": list(statements),
                                           "statement_id": [stable_id("statement", first) for first in statements.values()]}),
    }
    with staged_frames(con, staged):
        con.execute(read_sql("load/update_stories.sql"))
