"""The `newsware` command line as a user meets it: extract, sql, eval, and one-line errors."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import cli
from tests.conftest import REPO, SAMPLE, SHARED, newsware
from tests.sample_warehouse import build_sample_warehouse, sample_extractions
from transforms.settings import load_settings

SEED = SAMPLE / "seeds" / "000_a85791ee8d2e1584.txt"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_extract_prints_one_contract_object_per_article_in_input_order():
    result = invoke("extract", str(SAMPLE / "seeds"), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"].rsplit("/", 1)[-1] for r in records] == ["000_a85791ee8d2e1584.txt",
                                                                 "003_ce7b7f8e0b79a875.txt"]
    for record in records:
        assert {"article_id", "url", "title", "site", "author", "published", "language", "text", "people",
                "quotes", "equipment"} <= record.keys()
        for quote in record["quotes"]:
            assert record["text"][quote["start"]:quote["end"]] == quote["text"]
    assert records[1]["published"] == "2025-07-02"


def test_extract_gives_the_same_ids_on_every_run():
    first = [json.loads(line)["article_id"] for line in invoke("extract", str(SEED), "--format", "jsonl").stdout.splitlines()]
    again = [json.loads(line)["article_id"] for line in invoke("extract", str(SEED), "--format", "jsonl").stdout.splitlines()]
    assert first == again and len(first[0]) == 16


def test_extract_reports_a_missing_file_in_one_line_and_goes_on(tmp_path):
    result = invoke("extract", str(SEED), str(tmp_path / "gone.txt"), "--format", "jsonl")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert [line for line in result.stderr.splitlines() if "gone.txt" in line][0].startswith("newsware: rejected")
    assert "Traceback" not in result.stderr


@pytest.fixture
def small_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table quotes as select 'Pete Hegseth' as speaker, 'We are ready' as text")
    return path


@pytest.mark.parametrize("output_format, expected", [
    ("csv", "speaker,text\nPete Hegseth,We are ready\n"),
    ("json", '[{"speaker":"Pete Hegseth","text":"We are ready"}]\n'),
])
def test_sql_prints_csv_and_json_for_scripts(small_warehouse, output_format, expected):
    result = invoke("sql", "select speaker, text from quotes", "--warehouse", str(small_warehouse),
                    "--format", output_format)
    assert result.stdout == expected


def test_sql_refuses_to_write(small_warehouse, tmp_path):
    result = CliRunner().invoke(cli, ["sql", "delete from quotes", "--warehouse", str(small_warehouse)])
    assert result.exit_code == 2
    assert result.stderr.startswith("newsware: error: query failed:") and "read-only" in result.stderr
    copy = CliRunner().invoke(cli, ["sql", f"copy quotes to '{tmp_path / 'out.csv'}'", "--warehouse",
                                    str(small_warehouse)])
    assert copy.exit_code == 2 and not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("statement", ["attach '{tmp}/other.duckdb' as other", "install fts",
                                       "select * from read_csv('/etc/passwd')", "create table notes (a int)"])
def test_sql_attaches_installs_reads_files_and_creates_nothing(small_warehouse, tmp_path, statement):
    result = CliRunner().invoke(cli, ["sql", statement.format(tmp=tmp_path), "--warehouse", str(small_warehouse)])

    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("newsware: error: query failed:")
    assert not (tmp_path / "other.duckdb").exists()


def test_extract_prints_one_json_array_by_default():
    records = json.loads(invoke("extract", str(SEED)).stdout)
    assert isinstance(records, list) and [r["source"] for r in records] == [str(SEED)]


def test_sql_on_a_missing_warehouse_says_what_to_do(tmp_path):
    result = CliRunner().invoke(cli, ["sql", "select 1", "--warehouse", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert result.stderr == f"newsware: error: no warehouse at {tmp_path / 'none.duckdb'}: run `newsware run` first, or pass --warehouse PATH\n"


def test_a_bad_config_file_is_one_line(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[clean\n")
    result = CliRunner().invoke(cli, ["extract", str(SEED), "--config", str(config)])
    assert result.exit_code == 2
    assert result.stderr.startswith("newsware: error: config file") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("gazetteer, content, problem", [
    ("people", None, "file not found"),
    ("equipment", "systems: [designation: F-35\n", "not valid YAML"),
    ("equipment", "systems:\n  - name: Seahawk\n", "an entry of the wrong shape: KeyError: 'designation'"),
    ("organisations", "- NATO\n", "expected a mapping of sections at the top, found a list"),
])
def test_a_missing_or_broken_gazetteer_stops_a_run_before_it_starts_in_one_line(gazetteer, content, problem,
                                                                                tmp_path):
    """Read in the command's own process, not first in the cleaning workers, where a typo in the config
    rejected every input and let a nightly run report success."""
    path = tmp_path / f"{gazetteer}.yaml"
    if content is not None:
        path.write_text(content)
    config = tmp_path / "newsware.toml"
    config.write_text(f'[gazetteers]\n{gazetteer} = "{path}"\n')
    warehouse = tmp_path / "w.duckdb"
    run = newsware("run", str(SEED), "--config", str(config), "--warehouse", str(warehouse))
    assert run.returncode == 2
    assert run.stderr.splitlines() == [run.stderr.strip()]
    assert f"gazetteer {path}" in run.stderr and problem in run.stderr
    assert not warehouse.exists() and not (tmp_path / "logs").exists()   # stopped before it began
    extract = invoke("extract", str(SEED), "--config", str(config))
    assert extract.exit_code == 2 and f"gazetteer {path}" in extract.stderr


@pytest.mark.parametrize("command", ["run", "extract", "sql", "eval"])
def test_every_command_has_help_with_an_example(command):
    result = invoke(command, "--help")
    assert result.exit_code == 0 and "Example" in result.stdout and f"newsware {command}" in result.stdout


@pytest.mark.needs_shared
def test_eval_agrees_with_the_reference_scorer(tmp_path):
    """Both scorers read the same predictions; every figure must agree within 0.01."""
    import subprocess
    import sys

    gold = SHARED / "eval" / "polnear-dev.jsonl"
    predictions = tmp_path / "pred.jsonl"
    ours = json.loads(invoke("eval", str(gold), "--format", "json", "--predictions", str(predictions)).stdout)
    reference = json.loads(subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold),
                                           str(predictions)], capture_output=True, text=True, check=True).stdout)
    pairs = {"quote_precision": "quote_p", "quote_recall": "quote_r", "quote_f1": "quote_f1",
             "speaker_accuracy": "speaker_acc", "quote_speaker_recall": "quote_speaker_recall"}
    for ours_key, reference_key in pairs.items():
        assert abs(ours[ours_key] - reference[reference_key]) <= 0.01, ours_key
    assert ours["speaker_n"] == reference["speaker_n"]


@pytest.fixture
def dated_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table articles as select * from (values ('a1', date '2025-07-02', 'Talks'), "
                    "('a2', date '2025-08-14', 'Frigates'), ('a3', null, 'Undated')) t(article_id, published, title)")
        con.execute("create table quotes as select 'a1' as article_id, 'We are ready' as text")
        con.execute("create view quote_titles as select title, text from quotes join articles using (article_id)")
    return path


def test_export_writes_every_table_and_view_with_dated_ones_split_by_month(dated_warehouse, tmp_path):
    result = invoke("export", str(tmp_path / "out"), "--warehouse", str(dated_warehouse))

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".newsware-export", "articles", "quote_titles.parquet", "quotes.parquet"]
    assert sorted(p.name for p in (tmp_path / "out" / "articles").iterdir()) == [
        "published_month=2025-07", "published_month=2025-08", "published_month=__HIVE_DEFAULT_PARTITION__"]
    with duckdb.connect() as con:
        assert con.execute(f"select article_id, published_month from read_parquet('{tmp_path}/out/articles/*/*.parquet', "
                           "hive_partitioning = true) order by 1").fetchall() == [
            ("a1", "2025-07"), ("a2", "2025-08"), ("a3", None)]
        assert con.execute(f"select * from '{tmp_path}/out/quote_titles.parquet'").fetchall() == [("Talks", "We are ready")]
    assert result.stdout.splitlines()[-1] == f"3 tables and views from {dated_warehouse} in {tmp_path / 'out'}"


def test_export_as_csv_and_again_replaces_the_first_export(dated_warehouse, tmp_path):
    assert invoke("export", str(tmp_path / "out"), "--format", "csv", "--warehouse", str(dated_warehouse)).exit_code == 0
    assert invoke("export", str(tmp_path / "out"), "--format", "csv", "--warehouse", str(dated_warehouse)).exit_code == 0

    assert (tmp_path / "out" / "quotes.csv").read_text() == "article_id,text\na1,We are ready\n"
    assert len(list((tmp_path / "out" / "articles").glob("*/*.csv"))) == 3


def test_export_without_a_warehouse_says_what_to_do_in_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "out"), "--warehouse", str(tmp_path / "none.duckdb")])

    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"newsware: error: no warehouse at {tmp_path / 'none.duckdb'}: run `newsware run` first, or pass --warehouse PATH"]


# ----------------------------------------------------------------------- sql: stopping a long query
# Runs for hours unless stopped: DuckDB streams the count through a triple cross join of ranges.
SLOW_QUERY = ("select count(*) from range(100000) a, range(100000) b, range(100000) c "
              "where (a.range + b.range * c.range) % 7 = 3")


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sql") / "sample.duckdb"
    build_sample_warehouse(path, sample_extractions()).close()
    return path


def test_the_bundled_config_gives_sql_a_timeout_of_60_seconds():
    assert load_settings(environ={}).sql.timeout == 60
    assert "[sql]\n" in (REPO / "config" / "newsware.toml").read_text()


def test_sql_stops_a_query_at_its_timeout_in_one_line(sample_warehouse):
    started = time.monotonic()
    result = newsware("sql", SLOW_QUERY, "--warehouse", str(sample_warehouse), "--timeout", "2", timeout=300)

    assert result.returncode == 1
    assert result.stderr == ("newsware: query stopped after 2 s, its timeout (--timeout SECONDS for longer, "
                             "0 for no limit)\n")
    assert result.stdout == ""
    assert time.monotonic() - started < 120   # generous: 2 s of query and a start of Python on a busy machine


def test_sql_takes_its_timeout_from_the_config(sample_warehouse):
    result = newsware("sql", SLOW_QUERY, "--warehouse", str(sample_warehouse), timeout=300,
                      environ={"NEWSWARE_SQL__TIMEOUT": "1.5"})

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "newsware: query stopped after 1.5 s, its timeout (--timeout SECONDS for longer, 0 for no limit)"]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_ctrl_c_stops_a_running_query_at_once_with_exit_130(sample_warehouse):
    """SIGINT, as Ctrl-C sends it, while DuckDB is busy with the query (its CPU time shows it): the
    process ends with one line. "At once" is measured with a bound of 10 s, not 1, so that a busy
    machine passes; here it takes well under a second."""
    starter = "import sys; import flows.cli; print('ready', flush=True); sys.argv[0] = 'newsware'; flows.cli.main()"
    # Ctrl-C at its default, as in a terminal's foreground job: the tests may run in a background job,
    # where SIGINT is ignored and its children inherit that.
    process = subprocess.Popen([sys.executable, "-c", starter, "sql", SLOW_QUERY, "--warehouse", str(sample_warehouse)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert process.stdout.readline() == "ready\n"
        at_ready = _cpu_seconds(process.pid)
        deadline = time.monotonic() + 50   # the query's own timeout is 60 s
        while _cpu_seconds(process.pid) < at_ready + 1 and time.monotonic() < deadline:  # the query is running
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()
        process.send_signal(signal.SIGINT)
        sent = time.monotonic()
        stdout, stderr = process.communicate(timeout=60)
        stopped_after = time.monotonic() - sent
    finally:
        process.kill()
        process.wait()

    assert process.returncode == 130
    assert stderr == "newsware: query stopped by Ctrl-C\n"
    assert stdout == ""
    assert stopped_after < 10


@pytest.mark.parametrize("query", ["", "   ", ";", "/* nothing */"])
def test_an_empty_query_is_one_line_and_exit_2(sample_warehouse, query):
    result = CliRunner().invoke(cli, ["sql", query, "--warehouse", str(sample_warehouse)])

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        'newsware: error: the query is empty: give one SQL statement, e.g. newsware sql "select count(*) from articles"']


def _not_a_warehouse(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / {"csv": "quotes.csv", "parquet": "quotes.parquet", "garbage": "noise.duckdb",
                       "empty": "empty.duckdb", "directory": "warehouse"}[kind]
    if kind == "csv":
        path.write_text("speaker,text\nPete Hegseth,We are ready\n")
    elif kind == "parquet":
        with duckdb.connect() as con:
            con.execute(f"copy (select 'Pete Hegseth' as speaker) to '{path}' (format parquet)")
    elif kind == "garbage":
        path.write_bytes(os.urandom(4096))
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        path.mkdir()
    return path


NOT_WAREHOUSES = ["csv", "parquet", "garbage", "empty", "directory"]


@pytest.mark.parametrize("kind", NOT_WAREHOUSES)
def test_sql_on_a_file_that_is_not_a_duckdb_warehouse_says_so_in_one_line(tmp_path, kind):
    path = _not_a_warehouse(tmp_path, kind)

    result = CliRunner().invoke(cli, ["sql", "select 1", "--warehouse", str(path)])

    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"newsware: error: warehouse {path} is ")
    assert "--warehouse PATH" in result.stderr and "in-memory" not in result.stderr
