"""staging: a run's batches wait on disk, whole or not at all, and nothing of a run outlives it."""
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.migrate import migrate
from warehouse.staging import RunStaging, remove_stale_staging, staged_rows


def test_a_batch_staged_is_read_back_as_it_was_and_the_run_leaves_nothing(tmp_path: Path) -> None:
    staging = RunStaging(tmp_path / "w.duckdb.staging", "run-1").create()
    staging.write_batch(7, {"extractions": ["a", "b"], "rejects": []})
    assert staging.read_batch(7) == {"extractions": ["a", "b"], "rejects": []}
    assert [p.name for p in staging.directory.iterdir()] == ["batch-000007.pickle"]  # no partial file left
    staging.remove()
    assert not (tmp_path / "w.duckdb.staging").exists()


def test_the_staging_a_killed_run_left_is_removed_by_the_next(tmp_path: Path) -> None:
    root = tmp_path / "w.duckdb.staging"
    RunStaging(root, "killed-run").create().write_batch(1, ["half a run"])
    assert remove_stale_staging(root) == ["killed-run"]
    assert list(root.iterdir()) == []
    assert remove_stale_staging(tmp_path / "never-made") == []


def test_rows_staged_batch_by_batch_keep_the_warehouse_types_even_when_a_batch_has_none(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con)
    with staged_rows(con, tmp_path / "rows.duckdb") as staged:
        staged.append({"article_equipment": pd.DataFrame({"article_id": ["a1"], "equipment_id": ["e1"],
                                                          "mentions": [1], "quantity": [None],
                                                          "mention_texts": [["F-35"]]})})
        staged.append({"article_equipment": pd.DataFrame({"article_id": ["a2"], "equipment_id": ["e2"],
                                                          "mentions": [2], "quantity": [24],
                                                          "mention_texts": [["MH-60R", "MH 60R"]]})})
        assert staged.count("article_equipment") == 2
        assert con.execute("select quantity from run_staging.article_equipment order by article_id").fetchall() == [
            (None,), (24,)]
    con.close()
