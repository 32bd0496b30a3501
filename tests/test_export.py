"""`newsware export` as a user meets it: every relation reads back, and no file it did not write is lost."""
import csv
import fcntl
import json
import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import cli
from tests.test_cli import NOT_WAREHOUSES, _not_a_warehouse, sample_warehouse  # noqa: F401 - a fixture
from warehouse.migrate import migrate
from warehouse.publish import publish_views

FORMATS = ["parquet", "csv"]


def export(directory: Path, warehouse: Path, *options: str):
    return CliRunner().invoke(cli, ["export", str(directory), "--warehouse", str(warehouse), *options])


def relation_rows(warehouse: Path) -> dict[str, int]:
    """Rows of every table and view an analyst sees in the warehouse."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = [name for (name,) in con.execute(
            "select table_name from duckdb_tables() where not internal union all "
            "select view_name from duckdb_views() where not internal").fetchall() if name != "schema_migrations"]
        return {name: con.execute(f'select count(*) from "{name}"').fetchone()[0] for name in names}


def read_back(con: duckdb.DuckDBPyConnection, directory: Path, relation: str, file_format: str):
    """The exported relation as a reader opens it: one file, or a folder of monthly partitions."""
    folder = directory / relation
    if folder.is_dir():
        return con.sql(f"select * from read_{file_format}('{folder}/**/*.{file_format}', hive_partitioning = true)")
    return con.sql(f"select * from read_{file_format}('{folder}.{file_format}')")


def contents(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*"))
            if path.is_file()}


@pytest.mark.parametrize("user_file, after_an_export", [("articles/notes.txt", True), ("report.xlsx", False)])
def test_export_refuses_a_directory_holding_a_file_it_did_not_write_and_changes_nothing(
        sample_warehouse, tmp_path, user_file, after_an_export):
    out = tmp_path / "out"
    if after_an_export:
        assert export(out, sample_warehouse).exit_code == 0
    (out / user_file).parent.mkdir(parents=True, exist_ok=True)
    (out / user_file).write_text("my notes\n")
    before = contents(out)

    result = export(out, sample_warehouse, "--format", "csv")

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"newsware: error: {out} holds what newsware export did not write ({out / user_file}), which it will not "
        "delete or overwrite: export into a new or empty directory, or move that out"]
    assert contents(out) == before


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_empty_relation_is_a_file_of_its_columns_that_reads_back(tmp_path, file_format):
    warehouse = tmp_path / "empty.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        migrate(con)
        publish_views(con)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        columns = {name: con.sql(f'select * from "{name}"').columns for name in relation_rows(warehouse)}

    result = export(tmp_path / "out", warehouse, "--format", file_format)

    assert result.exit_code == 0, result.output
    with duckdb.connect() as con:
        for relation, names in columns.items():
            back = read_back(con, tmp_path / "out", relation, file_format)
            assert back.fetchall() == [], relation
            dated = (tmp_path / "out" / relation).is_dir()
            assert back.columns == names + (["published_month"] if dated else []), relation


def test_csv_writes_list_columns_as_json_arrays(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("""create table article_people as select * from (values
            ('a1', ['Lloyd Austin', 'Austin']), ('a2', ['"the minister", he said', null]), ('a3', []), ('a4', null)
            ) t(article_id, mention_texts)""")

    assert export(tmp_path / "out", warehouse, "--format", "csv").exit_code == 0

    with (tmp_path / "out" / "article_people.csv").open(newline="") as file:
        rows = {row["article_id"]: row["mention_texts"] for row in csv.DictReader(file)}
    assert {key: json.loads(value) if value else None for key, value in rows.items()} == {
        "a1": ["Lloyd Austin", "Austin"], "a2": ['"the minister", he said', None], "a3": [], "a4": None}


@pytest.mark.parametrize("first, second", [("parquet", "csv"), ("csv", "parquet")])
def test_a_second_export_in_the_other_format_replaces_the_first(sample_warehouse, tmp_path, first, second):
    out = tmp_path / "out"
    assert export(out, sample_warehouse, "--format", first).exit_code == 0

    result = export(out, sample_warehouse, "--format", second)

    assert result.exit_code == 0, result.output
    assert [path for path in out.rglob(f"*.{first}")] == []
    with duckdb.connect() as con:
        for relation, rows in relation_rows(sample_warehouse).items():
            assert len(read_back(con, out, relation, second).fetchall()) == rows, relation


@pytest.mark.parametrize("kind", NOT_WAREHOUSES)
def test_export_of_a_file_that_is_not_a_duckdb_warehouse_is_one_line_and_leaves_nothing(tmp_path, kind):
    path = _not_a_warehouse(tmp_path, kind)

    result = export(tmp_path / "exports" / "today", path)

    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(f"newsware: error: warehouse {path} is ")
    assert not (tmp_path / "exports").exists()


def test_a_failed_export_leaves_the_earlier_one_as_it_was(sample_warehouse, tmp_path):
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_bytes(sample_warehouse.read_bytes())
    out = tmp_path / "out"
    assert export(out, warehouse).exit_code == 0
    before = contents(out)
    with duckdb.connect(str(warehouse)) as con:   # a view that fails when it is read, after all the others
        con.execute("create view unreadable as select error('no such thing') as nothing")

    result = export(out, warehouse, "--format", "csv")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"newsware: export failed: Invalid Input Error: no such thing; {out} is as it was"]
    assert contents(out) == before


def test_an_export_killed_half_way_is_cleared_by_the_next(sample_warehouse, tmp_path):
    out = tmp_path / "out"
    assert export(out, sample_warehouse).exit_code == 0
    before = contents(out).keys()
    killed = out / ".newsware-export-new-0badf00d" / "articles" / "published_month=2025-07"
    killed.mkdir(parents=True)
    (killed / "data_0.parquet").write_bytes(b"PAR1 cut short")

    result = export(out, sample_warehouse)

    assert result.exit_code == 0, result.output
    assert contents(out).keys() == before


def test_a_second_export_into_the_same_directory_at_once_is_refused(sample_warehouse, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)   # as the first export holds it
        result = export(out, sample_warehouse)
    finally:
        os.close(fd)

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"newsware: error: another newsware export is writing {out}; wait until it ends"]
    assert list(out.iterdir()) == []


@pytest.mark.needs_shared
@pytest.mark.parametrize("file_format", FORMATS)
def test_every_relation_of_a_real_warehouse_reads_back_with_all_its_rows(pages_warehouse, tmp_path, file_format):
    out = tmp_path / "out"

    result = export(out, pages_warehouse, "--format", file_format)

    assert result.exit_code == 0, result.output
    with duckdb.connect() as con:
        for relation, rows in relation_rows(pages_warehouse).items():
            assert len(read_back(con, out, relation, file_format).fetchall()) == rows, relation
