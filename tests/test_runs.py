"""runs and the run lock: a run is on record before it works, ends recorded however it ends, and a run
that died unrecorded is marked abandoned by the next one."""
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SAMPLE, newsware
from warehouse.runlock import RunInProgress, hold_run_lock
from warehouse.runs import begin_run, end_run_early


def runs(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select run_id, status, error from runs order by started_at").fetchall()


def test_a_run_is_recorded_once_whoever_records_it_first(warehouse_path):
    assert begin_run(warehouse_path, "r1", ["sample"], lock_wait=5) == []
    assert begin_run(warehouse_path, "r1", ["sample"], lock_wait=5) == []  # the flow, after the command line
    assert runs(warehouse_path) == [("r1", "running", None)]


def test_the_next_run_marks_a_run_that_died_unrecorded_as_abandoned(warehouse_path):
    begin_run(warehouse_path, "killed", ["sample"], lock_wait=5)
    assert begin_run(warehouse_path, "next", ["sample"], lock_wait=5) == ["killed"]
    [(_, status, error), next_run] = runs(warehouse_path)
    assert status == "abandoned" and error.startswith("the run ended without finishing")
    assert next_run == ("next", "running", None)


@pytest.mark.parametrize("error, status, reason", [
    (KeyboardInterrupt(), "interrupted", "stopped by Ctrl-C (SIGINT)"),
    (ValueError("no such\n  column"), "failed", "ValueError: no such column"),
])
def test_a_run_that_ends_early_says_how_in_one_line(warehouse_path, error, status, reason):
    begin_run(warehouse_path, "r1", [], lock_wait=5)
    assert end_run_early(warehouse_path, "r1", error, lock_wait=5) == status
    assert runs(warehouse_path) == [("r1", status, reason)]


def test_a_completed_run_stays_completed_whatever_interrupts_it_afterwards(warehouse_path):
    begin_run(warehouse_path, "r1", [], lock_wait=5)
    with duckdb.connect(str(warehouse_path)) as con:
        con.execute("update runs set status = 'completed'")
    assert end_run_early(warehouse_path, "r1", KeyboardInterrupt(), lock_wait=5) == "completed"
    assert runs(warehouse_path) == [("r1", "completed", None)]


def test_one_run_at_a_time_per_warehouse_but_the_holder_may_take_the_lock_again(warehouse_path, tmp_path):
    with hold_run_lock(warehouse_path):
        with hold_run_lock(warehouse_path):  # the flow inside the command line's run
            pass
        with hold_run_lock(tmp_path / "other.duckdb"):
            pass
    with hold_run_lock(warehouse_path):
        pass  # released when the holder let go


def test_a_second_holder_is_refused_with_who_holds_it(warehouse_path):
    holder = subprocess.Popen([sys.executable, "-c", f"""
import sys
from warehouse.runlock import hold_run_lock
from pathlib import Path
with hold_run_lock(Path({str(warehouse_path)!r})):
    print("held", flush=True)
    sys.stdin.read()
"""], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(RunInProgress, match=rf"another newsware run \(pid {holder.pid}\) is writing"):
            with hold_run_lock(warehouse_path):
                pass
    finally:
        holder.stdin.close()
        holder.wait()
    with hold_run_lock(warehouse_path):
        pass


# What each count of a run's row in `runs` means, as a query of the tables right after that run: new
# articles were first loaded by it, changed ones loaded before and rewritten by it, unchanged ones are
# the rest (each run below reads every input the runs before it read).
LEDGER_FROM_TABLES = """
    select
        count(*) filter (where run_id = $run_id and ingested_at = updated_at) as articles_new,
        count(*) filter (where run_id = $run_id and ingested_at < updated_at) as articles_changed,
        count(*) filter (where run_id <> $run_id) as articles_unchanged,
        (select count(*) from rejects where run_id = $run_id) as rejected
    from articles
"""
LEDGER = "select articles_new, articles_changed, articles_unchanged, rejected from runs where run_id = $run_id"


def ledger_and_tables(warehouse: Path, run_id: str) -> tuple[tuple, tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return (con.execute(LEDGER, {"run_id": run_id}).fetchone(),
                con.execute(LEDGER_FROM_TABLES, {"run_id": run_id}).fetchone())


def article(subject: str) -> str:
    return f"The minister said the {subject} would arrive in March, ahead of the exercise. " * 5


@pytest.mark.slow
def test_every_count_in_runs_is_what_the_tables_hold_after_a_first_run_and_a_rerun(warehouse_path, tmp_path,
                                                                                   prefect_api_url):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "frigates.txt").write_text(article("frigates"))
    (inputs / "tanks.txt").write_text(article("tanks"))
    (inputs / "empty.txt").write_text("  \n")
    counts = []
    for change in ("first run", "rerun"):
        if change == "rerun":
            (inputs / "tanks.txt").write_text(article("tanks and howitzers"))
            (inputs / "drones.txt").write_text(article("drones"))
            (inputs / "broken.txt.gz").write_bytes(b"\x1f\x8b not gzip after all")
        result = newsware("run", str(inputs), "--warehouse", str(warehouse_path), "--format", "json",
                          api_url=prefect_api_url)
        assert result.returncode == 0, result.stderr
        run_id = json.loads(result.stdout)["run_id"]
        ledger, tables = ledger_and_tables(warehouse_path, run_id)
        assert ledger == tables
        counts.append(ledger)
    # new, changed, unchanged, rejected: what the inputs say, so the comparison above compared something.
    assert counts == [(2, 0, 0, 1), (1, 1, 1, 2)]


@pytest.mark.slow
@pytest.mark.needs_shared
def test_the_ledger_of_a_run_over_the_real_pages_counts_its_rejects_and_articles(pages_warehouse):
    with duckdb.connect(str(pages_warehouse), read_only=True) as con:
        [(run_id, new, rejected)] = con.execute("select run_id, articles_new, rejected from runs").fetchall()
        assert rejected == con.execute("select count(*) from rejects where run_id = ?", [run_id]).fetchone()[0]
        assert new == con.execute("select count(*) from articles").fetchone()[0]


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder this user cannot create a file in: a read-only one, or, for root (who writes in those
    anyway), sysfs, where nobody creates files."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    return folder


@pytest.mark.parametrize("command, where, says", [
    ("run", "missing/folder/w.duckdb", "no folder TMP/missing/folder for the warehouse w.duckdb; create it"),
    ("run", "a-folder",
     "the warehouse TMP/a-folder is a folder; give a file in it, such as TMP/a-folder/newsware.duckdb"),
    ("run", "a-file/w.duckdb", "the warehouse's folder TMP/a-file is a file; give a path in a folder"),
    ("run", "unwritable", "cannot write in UNWRITABLE, the warehouse's folder: "),
    ("serve", "missing/folder/w.duckdb", "no folder TMP/missing/folder for the warehouse w.duckdb; create it"),
])
def test_a_warehouse_path_a_run_cannot_write_is_one_line_and_exit_2_before_anything_starts(tmp_path, command, where,
                                                                                           says):
    """`serve` says it at its start too, not in the log of every night's failed run."""
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-file").write_text("not a folder")
    folder = unwritable_folder(tmp_path)
    warehouse = folder / "w.duckdb" if where == "unwritable" else tmp_path / where

    result = newsware(command, str(SAMPLE / "seeds"), "--warehouse", str(warehouse), timeout=120)

    assert (result.returncode, result.stdout) == (2, "")
    [line] = result.stderr.splitlines()
    assert line.startswith("newsware: error: " + says.replace("TMP", str(tmp_path)).replace("UNWRITABLE", str(folder)))
    assert not (tmp_path / "missing").exists() and not (folder / "logs").exists()  # no folder made, no run log
