"""Every table and view of the published warehouse as Parquet or CSV files, for tools that do not speak
DuckDB (and as the input of a static dashboard). Relations with a `published` date are split by month
(`published_month=YYYY-MM/`, Hive style, which Spark, Polars, pandas and DuckDB read as a column)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.connect import WarehouseError, read_sql

FORMATS = ("parquet", "csv")


@dataclass(frozen=True)
class Exported:
    relation: str
    rows: int
    path: Path          # a file, or a directory of monthly partitions


def export_warehouse(warehouse: Path, target: Path, file_format: str = "parquet") -> list[Exported]:
    """Write every base table and view of `warehouse` under `target` (replacing what an earlier export
    wrote there); returns what was written, in name order."""
    if not warehouse.exists():
        raise WarehouseError(f"no warehouse at {warehouse}: run `newsware run` first, or pass --warehouse PATH")
    target.mkdir(parents=True, exist_ok=True)
    exported = []
    # Read-only, but allowed to write files: this is the one command whose job is to write them.
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for relation, partitioned in con.execute(read_sql("export/relations.sql")).fetchall():
            rows = con.execute(f'select count(*) from "{relation}"').fetchone()[0]
            path = target / (relation if partitioned else f"{relation}.{file_format}")
            template = "export/copy_by_month.sql" if partitioned else "export/copy_relation.sql"
            con.execute(read_sql(template).format(relation=relation, path=str(path).replace("'", "''"),
                                                  format=file_format))
            exported.append(Exported(relation, rows, path))
    return exported
