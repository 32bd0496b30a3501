"""The analysts' views (`sql/views/*.sql`), recreated on every run so they follow the schema."""
from __future__ import annotations

import duckdb

from warehouse.connect import SQL_DIR

VIEWS_DIR = SQL_DIR / "views"
BASE_TABLES = ["articles", "people", "person_aliases", "article_people", "quotes", "equipment",
               "article_equipment", "runs", "rejects", "fetched_pages"]


def publish_views(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Create or replace every view, in file-name order (a view may build on an earlier one)."""
    names = []
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        names.append(path.stem)
    return names


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per base table, for the run summary."""
    return {table: con.execute(f"select count(*) from {table}").fetchall()[0][0] for table in BASE_TABLES}
