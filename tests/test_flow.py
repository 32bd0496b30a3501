"""End to end: `newsware run` as a user (or cron) runs it, in a subprocess, into a temp warehouse.

Each run is one Prefect flow run with a temporary local server, so these few tests take ~10 s each.
"""
import gzip
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def newsware(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=300)


def query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_the_sample_twice_gives_one_hegseth_one_jaishankar_and_nothing_new(warehouse_path):
    first = newsware("run", "--warehouse", str(warehouse_path))
    assert first.returncode == 0, first.stderr
    assert first.stderr == ""  # no Prefect server chatter, no shutdown tracebacks
    articles = query(warehouse_path, "select count(*) from articles")[0][0]
    counts = {table: query(warehouse_path, f"select count(*) from {table}")[0][0]
              for table in ("articles", "people", "quotes", "equipment", "article_equipment")}

    second = newsware("run", "--warehouse", str(warehouse_path), "--format", "json")
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert (summary["articles_new"], summary["articles_changed"], summary["articles_unchanged"]) == (0, 0, articles)
    assert {table: summary["rows"][table] for table in counts} == counts
    assert query(warehouse_path, "select count(*) from people where name like '%Hegseth%'") == [(1,)]
    assert query(warehouse_path, "select count(*) from people where name like '%Jaishankar%'") == [(1,)]
    assert query(warehouse_path, "select count(*) from articles where url like 'http%' or source like '%seeds%'")[0][0] >= 2
    assert query(warehouse_path, "select status, articles_new from runs order by started_at") == [
        ("completed", articles), ("completed", 0)]

    # The two seed articles report one meeting: one story, and four statements quoted by both outlets.
    assert query(warehouse_path, "select count(distinct story_id) from articles where source like '%seeds%'") == [(1,)]
    shared = query(warehouse_path, """
        select speaker, count(distinct article_id) from statement_versions
        where article_id in (select article_id from articles where source like '%seeds%')
        group by statement_id, speaker order by speaker""")
    assert shared == [("Pete Hegseth", 2)] * 2 + [("S. Jaishankar", 2)] * 2


def test_broken_inputs_are_rejected_and_recorded_while_the_rest_loads(warehouse_path, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text("The minister said the frigates would arrive in March. " * 5)
    (inputs / "broken.html.gz").write_bytes(gzip.compress(b"<html><body><p>half")[:-8])
    (inputs / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    result = newsware("run", str(inputs), "--warehouse", str(warehouse_path))
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout and "2 rejected" in result.stdout
    rejects = query(warehouse_path, "select source, stage from rejects order by source")
    assert [(Path(source).name, stage) for source, stage in rejects] == [("broken.html.gz", "ingest"),
                                                                          ("empty.html", "clean")]
