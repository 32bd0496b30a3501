"""A run's load step: its tables merged, stories and statements linked again around the articles the
merge wrote, and the run recorded as completed, all in one transaction.

Three layers, each testable alone: `warehouse.load` and `warehouse.links` read and write frames with
SQL, `transforms.stories` links records in memory; this module only passes one's output to the next.
Plain functions, no Prefect, so that the flow and the tests load the same way.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import duckdb
import pandas as pd

from transforms.normalise import WarehouseTables
from transforms.stories import (RECENT_DAYS, STORY_WINDOW_DAYS, ArticleRecord, QuoteRecord, compared_by_words,
                                link_across_articles)
from warehouse.connect import limit_memory
from warehouse.links import article_texts, candidate_articles, candidate_quotes, write_links
from warehouse.load import LoadResult, finish_run, merge_tables, one_transaction


def load_and_link(con: duckdb.DuckDBPyConnection, tables: WarehouseTables | Mapping[str, pd.DataFrame | str],
                  rejects: pd.DataFrame | str, loaded_at: datetime, run_id: str | None = None,
                  fetched_pages: pd.DataFrame | str | None = None, pages_unchanged: int = 0,
                  link_memory_limit: str | None = None) -> LoadResult:
    """Load a run's rows, frames or staged relations (see `warehouse.load.merge_tables`); a failure leaves
    the warehouse as it was before the run.

    `loaded_at` is the run's time (the `ingested_at` of its new articles). With `run_id`, the run's
    `runs` row is marked completed in the same transaction, so a loaded run is never recorded as failed
    nor a failed one as completed. With `link_memory_limit`, DuckDB is held to that from the merge on:
    what it cached for the merge then makes room for linking's records (see `[warehouse]` in the config).
    """
    with one_transaction(con):
        frames = tables.frames() if isinstance(tables, WarehouseTables) else tables
        result = merge_tables(con, frames, rejects, fetched_pages, pages_unchanged)
        if link_memory_limit is not None:
            limit_memory(con, link_memory_limit)
        link_stories(con, result.articles_written, loaded_at)
        if run_id is not None:
            finish_run(con, run_id, "completed", result)
    return result


def link_stories(con: duckdb.DuckDBPyConnection, written: list[str], loaded_at: datetime) -> int:
    """Recompute the stories and statements that the `written` articles can touch; returns how many
    articles were considered."""
    if not written:
        return 0
    articles, quotes = candidate_records(con, written, loaded_at)
    with article_texts(con, compared_by_words(articles)) as texts_of:
        links = link_across_articles(articles, quotes, texts_of)
    write_links(con,
                pd.DataFrame({"article_id": list(links.stories), "story_id": list(links.stories.values())}),
                pd.DataFrame({"quote_id": list(links.statements), "statement_id": list(links.statements.values())}))
    return len(articles)


def candidate_records(con: duckdb.DuckDBPyConnection, written: list[str], loaded_at: datetime
                      ) -> tuple[list[ArticleRecord], list[QuoteRecord]]:
    """The records of the articles and quotes linking considers around `written`, made as their rows are
    read; a person id or speaker is one string however many records name it (a backfill names the same
    people thousands of times)."""
    names: dict[str, str] = {}
    articles = [ArticleRecord(article_id, published, tuple(names.setdefault(person, person) for person in people))
                for chunk in candidate_articles(con, written, STORY_WINDOW_DAYS, RECENT_DAYS, loaded_at)
                for article_id, published, people in chunk]
    quotes = [QuoteRecord(quote_id, article_id, names.setdefault(speaker, speaker), text)
              for chunk in candidate_quotes(con, [article.article_id for article in articles])
              for quote_id, article_id, speaker, text in chunk]
    return articles, quotes
