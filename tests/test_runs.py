"""runs and the run lock: a run is on record before it works, ends recorded however it ends, and a run
that died unrecorded is marked abandoned by the next one."""
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import REPO
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
