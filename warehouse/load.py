"""Loading one run's tables into the warehouse: bulk merges from DataFrames, all in one transaction."""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import duckdb
import pandas as pd

from transforms.model import Reject
from transforms.normalise import WarehouseTables
from warehouse.connect import read_sql


@dataclass
class LoadResult:
    articles_new: int
    articles_changed: int
    articles_unchanged: int


def known_people(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Canonical name -> aliases of everyone already in the warehouse."""
    return {name: list(aliases) for name, aliases in con.execute(read_sql("load/known_people.sql")).fetchall()}


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime, sources: list[str]) -> None:
    """Record the run before any work, so a crash leaves a visible 'running' row behind."""
    con.execute(read_sql("load/start_run.sql"), {"run_id": run_id, "started_at": started_at, "sources": sources})


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, result: LoadResult | None,
               rejected: int, error: str | None = None) -> None:
    counts = result or LoadResult(0, 0, 0)
    con.execute(read_sql("load/finish_run.sql"), {
        "run_id": run_id, "finished_at": datetime.now(), "status": status,
        "articles_new": counts.articles_new, "articles_changed": counts.articles_changed,
        "articles_unchanged": counts.articles_unchanged, "rejected": rejected, "error": error,
    })


def rejects_frame(rejects: list[Reject], run_id: str, rejected_at: datetime) -> pd.DataFrame:
    return pd.DataFrame(
        [{"run_id": run_id, "source": r.source, "stage": r.stage, "reason": r.reason, "detail": r.detail,
          "rejected_at": rejected_at} for r in rejects],
        columns=["run_id", "source", "stage", "reason", "detail", "rejected_at"],
    )


def load_tables(con: duckdb.DuckDBPyConnection, tables: WarehouseTables, rejects: pd.DataFrame) -> LoadResult:
    """Merge a run's rows in one transaction: a failure leaves the warehouse as it was before the run."""
    staged = {f"staged_{f.name}": getattr(tables, f.name) for f in fields(tables)}
    staged["staged_rejects"] = rejects
    for name, frame in staged.items():
        con.register(name, frame)
    con.execute("begin transaction")
    try:
        actions = [row[0] for row in con.execute(read_sql("load/merge_articles.sql")).fetchall()]
        con.execute(read_sql("load/replace_article_rows.sql"))
        con.execute(read_sql("load/merge_people.sql"))
        con.execute(read_sql("load/insert_rejects.sql"))
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        for name in staged:
            con.unregister(name)
    new, changed = actions.count("INSERT"), actions.count("UPDATE")
    return LoadResult(new, changed, len(tables.articles) - new - changed)
