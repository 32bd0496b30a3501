"""The `newsware` command line as a user meets it: extract, sql, eval, and one-line errors."""
import json

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import cli
from tests.conftest import SAMPLE, SHARED, newsware

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
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["articles", "quote_titles.parquet", "quotes.parquet"]
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
