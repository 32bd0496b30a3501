"""Versioned schema migrations: `sql/migrations/NNN_name.sql`, applied once each, in order."""
from __future__ import annotations

import duckdb

from warehouse.connect import SQL_DIR, read_sql

MIGRATIONS_DIR = SQL_DIR / "migrations"


def pending_migrations(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    """(version, file name) of the migrations this warehouse has not had yet."""
    con.execute(read_sql("ledger/create_schema_migrations.sql"))
    applied = {row[0] for row in con.execute(read_sql("ledger/applied_versions.sql")).fetchall()}
    found = sorted((int(p.name.split("_", 1)[0]), p.name) for p in MIGRATIONS_DIR.glob("[0-9]*_*.sql"))
    return [(version, name) for version, name in found if version not in applied]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring the schema up to date, each migration in its own transaction; returns what was applied."""
    applied = []
    for version, name in pending_migrations(con):
        con.execute("begin transaction")
        try:
            con.execute((MIGRATIONS_DIR / name).read_text(encoding="utf-8"))
            con.execute(read_sql("ledger/record_migration.sql"), [version, name])
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
        applied.append(name)
    return applied
