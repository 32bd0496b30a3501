"""Is a path a DuckDB database file? Asked before DuckDB opens it: DuckDB takes a CSV or Parquet file for
something else ("Cannot launch in-memory database in read-only mode!"), and its other refusals name
neither the file nor what to do."""
from __future__ import annotations

from pathlib import Path

from warehouse.connect import WarehouseError

# A DuckDB file starts with its main header: an 8-byte checksum, then these 4 bytes (every storage version).
MAGIC = b"DUCK"
MAGIC_OFFSET = 8


def require_duckdb_file(path: Path) -> None:
    """Raise WarehouseError, saying what to do, unless `path` is a readable DuckDB database file."""
    path = Path(path)
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `newsware run` first, or pass --warehouse PATH")
    if path.is_dir():
        raise WarehouseError(f"warehouse {path} is a directory: pass --warehouse PATH of the DuckDB file "
                             "(e.g. warehouse/newsware.duckdb)")
    try:
        with path.open("rb") as file:
            head = file.read(MAGIC_OFFSET + len(MAGIC))
    except OSError as err:
        raise WarehouseError(f"cannot read warehouse {path}: {err.strerror or err}") from None
    if head[MAGIC_OFFSET:] != MAGIC:
        kind = "a Parquet file" if head.startswith(b"PAR1") else "empty" if not head else "not a DuckDB database"
        raise WarehouseError(f"warehouse {path} is {kind}: pass --warehouse PATH of a DuckDB file that "
                             "`newsware run` wrote")
