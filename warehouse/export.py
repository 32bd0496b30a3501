"""Every table and view of the published warehouse as Parquet or CSV files, for tools that do not speak
DuckDB (and as the input of a static dashboard). Relations with a `published` date are split by month
(`published_month=YYYY-MM/`, Hive style, which Spark, Polars, pandas and DuckDB read as a column).

The target directory DIR is the export's own: it must be new, empty, or hold an earlier export and
nothing else. An export lists the files it wrote in DIR/.newsware-export, and a file that list does not
name (one a user put there) makes the next export refuse DIR rather than delete or overwrite that file.
The new export is written beside the old one, in DIR/.newsware-export-new-<token>/, and swapped in when
it is whole (a few renames, during which Ctrl-C waits): a failed or interrupted export leaves DIR as it
was, a second one in the other format leaves no file of the first, and readers never see a half-written
relation. An empty relation is still one file of its columns (CSV: its header), in the partition of
undated rows for a dated one, so `read_parquet('DIR/x/**/*.parquet', hive_partitioning = true)` reads
every exported relation. In CSV, list, array, struct and map columns are written as JSON.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import duckdb

from warehouse.connect import WarehouseError, read_sql
from warehouse.dbfile import require_duckdb_file

FORMATS = ("parquet", "csv")
MANIFEST = ".newsware-export"            # DIR/.newsware-export: JSON, the files the export in DIR wrote
WORK_PREFIX = ".newsware-export-"        # DIR/.newsware-export-new-<token>/, -old-<token>/: an export at work
UNDATED_PARTITION = "published_month=__HIVE_DEFAULT_PARTITION__"
NESTED_TYPES = {"list", "array", "struct", "map"}   # written to CSV as JSON, not as DuckDB's text for them


class ExportTargetError(ValueError):
    """DIR cannot take an export: it holds files no export wrote, or another export is writing it."""


@dataclass(frozen=True)
class Exported:
    relation: str
    rows: int
    path: Path          # a file, or a directory of monthly partitions


def export_warehouse(warehouse: Path, target: Path, file_format: str = "parquet") -> list[Exported]:
    """Write every base table and view of `warehouse` under `target`, replacing what an earlier export
    wrote there; returns what was written, in name order. Raises WarehouseError (not a DuckDB file, or
    it cannot be opened) or ExportTargetError (`target` holds files no export wrote, or another export
    is writing it), and leaves `target` as it was on any failure."""
    if file_format not in FORMATS:
        raise ValueError(f"file_format {file_format!r}: one of {', '.join(FORMATS)}")
    require_duckdb_file(warehouse)
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise ExportTargetError(f"{target} is a file: give a directory to export into")
    made = _make_directories(target)
    try:
        with _only_export_in(target):
            _earlier_export(target)               # refuse at once, not after minutes of writing
            work = target / f"{WORK_PREFIX}new-{secrets.token_hex(4)}"
            try:
                exported, files = _write(warehouse, work, file_format)
                manifest = {"written_by": "newsware export", "format": file_format, "warehouse": str(warehouse),
                            "rows": {item.relation: item.rows for item in exported}, "files": files}
                previous, leftovers = _earlier_export(target)   # again: nothing may have come in meanwhile
                with _uninterrupted():
                    _swap(target, work, manifest, previous, [path for path in leftovers if path != work])
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        for directory in made:                      # the directories this call created, deepest first
            try:
                directory.rmdir()
            except OSError:
                break
        raise
    return [Exported(item.relation, item.rows, target / item.path) for item in exported]


def _make_directories(target: Path) -> list[Path]:
    missing = []
    directory = target
    while not directory.exists() and not directory.is_symlink():
        missing.append(directory)
        directory = directory.parent
    target.mkdir(parents=True, exist_ok=True)
    return missing


@contextmanager
def _only_export_in(target: Path) -> Iterator[None]:
    """An exclusive lock on DIR for the length of the export: a second export into it is refused."""
    fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportTargetError(f"another newsware export is writing {target}; wait until it ends") from None
        except OSError as err:  # a file system without locks: export all the same, as before there was one
            if err.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP):
                raise
        yield
    finally:
        os.close(fd)


def _earlier_export(target: Path) -> tuple[list[str], list[Path]]:
    """The files the earlier export in `target` wrote (relative POSIX paths, from its manifest) and the
    work directories of exports killed before they ended. Raises ExportTargetError, naming one, when
    `target` holds anything else: a file, folder or link that no export wrote."""
    files: list[str] = []
    manifest = target / MANIFEST
    if manifest.is_file() and not manifest.is_symlink():
        try:
            files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            if not isinstance(files, list) or not all(_inside(f) for f in files):
                raise ValueError("files is not a list of relative paths inside it")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as err:
            raise ExportTargetError(f"{manifest} is not the list of files of an earlier export ({err}): "
                                    f"export into a new or empty directory") from None
    owned = set(files)
    folders = {str(parent) for name in files for parent in PurePosixPath(name).parents if str(parent) != "."}
    leftovers: list[Path] = []
    foreign: list[str] = []
    for root, dirnames, filenames in os.walk(target):
        here = PurePosixPath(Path(root).relative_to(target).as_posix())
        for name in list(dirnames):
            relative = str(here / name)
            if here == PurePosixPath(".") and name.startswith(WORK_PREFIX) and not (target / name).is_symlink():
                leftovers.append(target / name)
                dirnames.remove(name)
            elif relative not in folders or os.path.islink(os.path.join(root, name)):
                foreign.append(relative)
                dirnames.remove(name)
        for name in filenames:
            relative = str(here / name)
            if relative == MANIFEST and manifest.is_file() and not manifest.is_symlink():
                continue
            if relative not in owned or os.path.islink(os.path.join(root, name)):
                foreign.append(relative)
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise ExportTargetError(
            f"{target} holds what newsware export did not write ({target / sorted(foreign)[0]}{more}), which "
            f"it will not delete or overwrite: export into a new or empty directory, or move that out")
    return files, leftovers


def _write(warehouse: Path, work: Path, file_format: str) -> tuple[list[Exported], list[str]]:
    """Every relation under `work`; what was written (paths relative to `work`) and its files."""
    work.mkdir()
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as err:
        raise WarehouseError(f"cannot open warehouse {warehouse}: {_first_line(err)}") from None
    exported = []
    # Read-only, but allowed to write files: this is the one command whose job is to write them.
    with con:
        con.execute("set enable_progress_bar = false")  # DuckDB draws it on stdout, amid the export's listing
        try:
            for relation, partitioned in con.execute(read_sql("export/relations.sql")).fetchall():
                exported.append(_write_relation(con, relation, partitioned, work, file_format))
        except RuntimeError as err:  # DuckDB's word for Ctrl-C when it sees it between two of its tasks
            if str(err) == "Query interrupted":
                raise KeyboardInterrupt from None
            raise
    files = sorted(str(PurePosixPath((Path(root) / name).relative_to(work).as_posix()))
                   for root, _, names in os.walk(work) for name in names)
    return exported, files


def _write_relation(con: duckdb.DuckDBPyConnection, relation: str, partitioned: bool, work: Path,
                    file_format: str) -> Exported:
    relative = Path(relation if partitioned else f"{relation}.{file_format}")
    values = {"relation": _identifier(relation), "columns": _select_list(con, relation, file_format),
              "format": file_format}
    template = "export/copy_by_month.sql" if partitioned else "export/copy_relation.sql"
    rows = con.execute(read_sql(template).format(path=_sql_string(work / relative), **values)).fetchone()[0]
    if partitioned and rows == 0:   # no month to write: DuckDB leaves an empty folder no reader can read
        shutil.rmtree(work / relative, ignore_errors=True)
        empty = work / relative / UNDATED_PARTITION / f"data_0.{file_format}"
        empty.parent.mkdir(parents=True)
        con.execute(read_sql("export/copy_columns_only.sql").format(path=_sql_string(empty), **values))
    return Exported(relation, rows, relative)


def _select_list(con: duckdb.DuckDBPyConnection, relation: str, file_format: str) -> str:
    """The relation's columns, each one as it is, but in CSV a nested one as JSON text."""
    shape = con.sql(f"select * from {_identifier(relation)} limit 0")
    columns = []
    for name, column_type in zip(shape.columns, shape.types):
        column = _identifier(name)
        nested = file_format == "csv" and column_type.id in NESTED_TYPES
        columns.append(f"to_json({column}) as {column}" if nested else column)
    return ", ".join(columns)


def _swap(target: Path, work: Path, manifest: dict, previous: list[str], leftovers: list[Path]) -> None:
    """Put the export written in `work` in the place of the earlier one in `target` (whose files are
    `previous`); delete the earlier export's files, the `leftovers` of killed exports, and nothing else.
    At every step the manifest in `target` names every file there that an export wrote, so an export
    killed half-way leaves a directory the next one takes over."""
    files = manifest["files"]
    _write_manifest(target, work, {**manifest, "files": sorted({*previous, *files})})
    old = target / f"{WORK_PREFIX}old-{secrets.token_hex(4)}"
    old.mkdir()
    for name in sorted({PurePosixPath(f).parts[0] for f in previous}):
        if os.path.lexists(target / name):
            os.rename(target / name, old / name)
    for name in sorted({PurePosixPath(f).parts[0] for f in files}):
        os.rename(work / name, target / name)
    _write_manifest(target, work, manifest)
    for name in previous:
        try:
            (old / name).unlink()
        except FileNotFoundError:
            pass
    for root, _, _ in os.walk(old, topdown=False):
        try:
            os.rmdir(root)
        except OSError:    # a file that came in after the last check: it stays, where the user sees it
            pass
    if old.exists():
        os.rename(old, target / f"kept-by-newsware-export-{old.name.rsplit('-', 1)[-1]}")
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def _write_manifest(target: Path, work: Path, manifest: dict) -> None:
    """Replace DIR/.newsware-export at once (written in `work`, then renamed over it)."""
    draft = work / (MANIFEST + ".draft")
    draft.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(draft, target / MANIFEST)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """The swap's few renames are not cut in half: a Ctrl-C then is too late, and the export ends as if
    it had not come; SIGTERM and SIGHUP wait until the swap is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    held = [number for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP) if signal.getsignal(number) is not None]
    previous = {number: signal.signal(number, lambda number, frame: arrived.append(number)) for number in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in arrived:
            if number != signal.SIGINT:
                signal.raise_signal(number)


def _inside(name: object) -> bool:
    """A manifest's entry names a file inside DIR: it never makes an export delete anything elsewhere."""
    if not isinstance(name, str) or not name:
        return False
    parts = PurePosixPath(name).parts
    return (bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts
            and parts[0] != MANIFEST and not parts[0].startswith(WORK_PREFIX))


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0]
