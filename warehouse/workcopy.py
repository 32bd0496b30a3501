"""The nightly writer and the analysts' readers never lock each other out: a run writes a private working
copy of the warehouse and publishes it over the warehouse path with an atomic rename when it ends.

DuckDB lets no other process open a file a writer holds, and a writer cannot open a file any reader
holds. So readers (`newsware sql`, notebooks, dashboards) open the published file and the run never
does: it copies the published file to `<name>.writing`, writes only there, checkpoints it and renames it
over the published path (POSIX rename: a reader that has the old file open keeps reading it; one that
opens the path gets the state before the run or after it, never a half-loaded one). A run killed before
it publishes leaves its working copy, whose committed transactions (its `runs` row; its load, if that
committed) the next run takes up rather than copying the published file again.

Cost: the copy takes the time of one sequential read and write of the file, and twice its disk space
while a run goes on. The file is created readable by DuckDB 1.4 and later (`STORAGE_VERSION`), the
engine inside most analyst tools; a warehouse made by an older newsware is converted once.
"""
from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

import duckdb

from warehouse.connect import disk_full, read_sql

# DuckDB 1.4 (and every later release) opens the files; DuckDB 2.0's own format is refused by 1.x.
STORAGE_VERSION = "v1.4.0"
log = logging.getLogger("newsware.warehouse")

# Published path -> (its working copy, how many `writing` blocks of this process are open on it): the
# command line opens the block before Prefect starts, and the flow, which also runs alone as a
# deployment, opens it again inside the same process.
_open: dict[Path, list] = {}


def working_copy_path(published: Path) -> Path:
    return published.with_name(published.name + ".writing")


@contextmanager
def writing(published: Path, while_publishing: Callable[[], AbstractContextManager] = nullcontext
            ) -> Iterator[Path]:
    """The working copy to write a run into; published over `published` when the outermost block ends,
    however it ends (what a run wrote is committed or rolled back by then), inside `while_publishing()`
    (the command line holds stop signals there). A working copy that cannot be published for a full disk
    is removed, committed load and all: the warehouse stays as it was, and a rerun loads the same again.
    Hold the run lock."""
    published = Path(published).absolute()
    if published in _open:
        _open[published][1] += 1
        try:
            yield _open[published][0]
        finally:
            _open[published][1] -= 1
        return
    work = prepare_working_copy(published)
    _open[published] = [work, 1]
    try:
        yield work
    finally:
        del _open[published]
        try:
            with while_publishing():
                publish(work, published)
        except Exception as err:
            if disk_full(err):  # a working copy that cannot be published must not keep the disk full
                _remove_with_wal(work)
            raise


def prepare_working_copy(published: Path) -> Path:
    """The working copy: the one a killed run left (the newest state), else a copy of the published
    file (converted to `STORAGE_VERSION` if it is in another format), else a new warehouse."""
    work = working_copy_path(published)
    if work.exists():
        log.warning("taking up %s, which a run that ended without publishing left", work)
        return work
    partial = work.with_name(work.name + ".partial")  # a copy cut short by a kill is never taken up
    _remove_with_wal(partial)
    published.parent.mkdir(parents=True, exist_ok=True)
    try:
        if not published.exists():
            duckdb.connect(str(partial), config={"storage_compatibility_version": STORAGE_VERSION}).close()
        elif _storage_version(published) == f"{STORAGE_VERSION}+":
            shutil.copyfile(published, partial)
        else:
            _convert(published, partial)
        _sync(partial)
    except BaseException:
        _remove_with_wal(partial)  # a copy cut short by a full disk must not keep it full
        raise
    os.replace(partial, work)
    return work


def _remove_with_wal(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def publish(work: Path, published: Path) -> None:
    """Fold the working copy's WAL into it, then rename it over the published path."""
    with duckdb.connect(str(work)) as con:
        con.execute("checkpoint")
    _sync(work)
    os.replace(work, published)
    _sync(published.parent)


def _storage_version(path: Path) -> str | None:
    with duckdb.connect(":memory:") as con:
        con.execute(f"attach '{_quoted(path)}' as published (read_only)")
        return con.execute(read_sql("publish/storage_version.sql")).fetchone()[0]


def _convert(published: Path, target: Path) -> None:
    log.warning("converting %s to storage version %s, which DuckDB 1.x opens", published, STORAGE_VERSION)
    with duckdb.connect(":memory:") as con:
        con.execute(f"attach '{_quoted(published)}' as published (read_only)")
        con.execute(f"attach '{_quoted(target)}' as converted (storage_version '{STORAGE_VERSION}')")
        con.execute("copy from database published to converted")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _sync(path: Path) -> None:
    """Make a file's (or directory's) content durable before a rename depends on it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
