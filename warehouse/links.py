"""What story and statement linking reads from the warehouse, and where its result goes.

Linking itself is `transforms.stories` (pure); the flow reads the candidates here, links them, and
writes the ids back, inside the run's transaction. The candidates are the articles a run's written
articles can touch, so what is read grows with the run, not with the warehouse.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

import duckdb
import pandas as pd

from warehouse.connect import read_sql
from warehouse.load import staged_article_ids, staged_frames


# Rows fetched at a time: the caller makes each chunk into its own records before the next is read, so
# a backfill's candidates never sit in memory twice (as rows and as records). Linking 99,241 candidates
# alone peaked at 567 MB with a frame of them all read first, 471 MB a chunk at a time.
CANDIDATE_CHUNK_ROWS = 10_000
CandidateArticle = tuple[str, date | None, list[str]]       # article_id, published, person ids
CandidateQuote = tuple[str, str, str, str]                  # quote_id, article_id, speaker, text


def candidate_articles(con: duckdb.DuckDBPyConnection, seeds: list[str], window_days: int, recent_days: int,
                       loaded_at: datetime) -> Iterator[list[CandidateArticle]]:
    """The articles whose story or statements may change because `seeds` were written (see
    `sql/link/candidate_articles.sql` for which), a chunk of rows at a time; read each chunk before the
    connection runs anything else."""
    with staged_article_ids(con, "staged_link_seeds", seeds):
        yield from _chunks(con.execute(read_sql("link/candidate_articles.sql"), {
            "window_days": window_days, "recent_days": recent_days, "loaded_at": loaded_at}))


def candidate_quotes(con: duckdb.DuckDBPyConnection, article_ids: list[str]) -> Iterator[list[CandidateQuote]]:
    """The quotes with a known speaker (person id, else lower-case name) of `article_ids`, a chunk at a time."""
    with staged_article_ids(con, "staged_candidates", article_ids):
        yield from _chunks(con.execute(read_sql("link/candidate_quotes.sql")))


def _chunks(result: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    while rows := result.fetchmany(CANDIDATE_CHUNK_ROWS):
        yield rows


@contextmanager
def article_texts(con: duckdb.DuckDBPyConnection, article_ids: list[str]
                  ) -> Iterator[Callable[[list[str]], dict[str, str]]]:
    """A reader of the texts of `article_ids` (ids -> texts) for the length of the block. The texts are
    copied first, in one scan, to a table of the connection (DuckDB keeps it within its memory limit),
    since each read of the articles table would scan every article's text."""
    with staged_article_ids(con, "staged_text_ids", article_ids):
        con.execute(read_sql("link/copy_texts.sql"))

    def texts_of(ids: list[str]) -> dict[str, str]:
        with staged_article_ids(con, "staged_text_request", ids):
            return dict(con.execute(read_sql("link/read_texts.sql")).fetchall())

    try:
        yield texts_of
    finally:
        try:
            con.execute(read_sql("link/drop_texts.sql"))
        except duckdb.TransactionException:
            pass  # a failed transaction's table goes with its rollback (`one_transaction`)


def write_links(con: duckdb.DuckDBPyConnection, stories: pd.DataFrame, statements: pd.DataFrame) -> None:
    """Store story ids (`article_id`, `story_id`) and statement ids (`quote_id`, `statement_id`); only
    rows whose id changes are written."""
    with staged_frames(con, {"staged_stories": stories, "staged_statements": statements}):
        con.execute(read_sql("link/update_links.sql"))
