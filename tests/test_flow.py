"""End to end: `newsware run` as a user (or cron) runs it, in a subprocess, into a temp warehouse, with
a CPU-bound process beside it (as on a busy CI machine).

Most runs share one Prefect server (`prefect_api_url`); the tests of start-up, signals and kill -9
let each run start its own temporary server, as a user's run does.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SAMPLE, many_pages, newsware
from tests.faulty_site import running_site
from tests.processes import descendants, still_alive
from transforms.settings import DEFAULT_CONFIG
from warehouse.runlock import hold_run_lock
from warehouse.workcopy import working_copy_path

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("busy_machine")]
DUCKDB_BLOCK_BYTES = 256 * 1024


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
    size = warehouse_path.stat().st_size  # published after a checkpoint

    second = newsware("run", "--warehouse", str(warehouse_path), "--format", "json")
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert (summary["articles_new"], summary["articles_changed"], summary["articles_unchanged"]) == (0, 0, articles)
    # No row rewritten: the file may take one new block for the run's row in `runs`, nothing more.
    assert warehouse_path.stat().st_size <= size + DUCKDB_BLOCK_BYTES
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


def test_a_dump_read_in_small_batches_loads_as_one_run_and_leaves_no_staged_files(tmp_path, prefect_api_url):
    """Batches of two: the dump streams through several batch tasks whose results are staged on disk,
    people are still one per person across batches, and the load is still one run."""
    records = [{"url": f"https://example.org/story/{n}", "text": path.read_text(encoding="utf-8")}
               for n, path in enumerate(sorted((SAMPLE / "seeds").glob("*.txt")))]
    assert len(records) >= 2
    dump = tmp_path / "dump.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in [*records, records[0]]), encoding="utf-8")
    warehouse = tmp_path / "w.duckdb"
    small_batches = {"NEWSWARE_CLEAN__BATCH_SIZE": "2"}

    run = newsware("run", str(dump), "--warehouse", str(warehouse), "--format", "json",
                   api_url=prefect_api_url, environ=small_batches)
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["articles_new"] == len(records)
    assert [(r["source"], r["reason"]) for r in summary["rejects"]] == [(f"{dump}:{len(records) + 1}", "duplicate")]
    assert query(warehouse, "select count(*) from people where name like '%Hegseth%'") == [(1,)]
    assert not (tmp_path / "w.duckdb.staging").exists()

    again = newsware("run", str(dump), "--warehouse", str(warehouse), "--format", "json",
                     api_url=prefect_api_url, environ=small_batches)
    assert json.loads(again.stdout)["articles_unchanged"] == len(records)


def test_batches_on_a_local_dask_cluster_load_the_same_rows_as_in_process(tmp_path, prefect_api_url):
    small_batches = {"NEWSWARE_CLEAN__BATCH_SIZE": "2"}
    tables = ("articles", "people", "person_aliases", "article_people", "quotes", "article_equipment")
    counts = {}
    for where in ("in-process", "local"):
        warehouse = tmp_path / f"{where}.duckdb"
        cluster = ["--cluster", where] if where == "local" else []
        run = newsware("run", "--warehouse", str(warehouse), *cluster, api_url=prefect_api_url,
                       environ=small_batches)
        assert run.returncode == 0, run.stderr
        counts[where] = {table: query(warehouse, f"select count(*) from {table}")[0][0] for table in tables}
        counts[where]["who said what"] = query(warehouse, "select article_id, speaker, text from quotes order by all")
    assert counts["local"] == counts["in-process"] and counts["local"]["quotes"] > 0


def test_broken_inputs_are_rejected_and_recorded_while_the_rest_loads(warehouse_path, tmp_path, prefect_api_url):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text("The minister said the frigates would arrive in March. " * 5)
    (inputs / "broken.html.gz").write_bytes(gzip.compress(b"<html><body><p>half")[:-8])
    (inputs / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    result = newsware("run", str(inputs), "--warehouse", str(warehouse_path), api_url=prefect_api_url)
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout and "2 rejected" in result.stdout
    rejects = query(warehouse_path, "select source, stage from rejects order by source")
    assert [(Path(source).name, stage) for source, stage in rejects] == [("broken.html.gz", "ingest"),
                                                                          ("empty.html", "clean")]


def closed_port_url() -> str:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/story"


def write(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    return str(path)


def bad_input(kind: str, folder: Path) -> str:
    """One input of a kind seen to break runs, made under `folder`; returns the SOURCE to give `run`."""
    if kind == "missing path":
        return str(folder / "no-such-file.html")
    if kind == "empty directory":
        (folder / "empty").mkdir()
        return str(folder / "empty")
    if kind == "empty file":
        return write(folder / "blank.txt", b"")
    if kind == "binary .html":
        return write(folder / "photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50)
    if kind == "corrupt .gz":
        return write(folder / "cut.html.gz", gzip.compress(b"<html>" * 500)[:40])
    if kind == "deeply nested JSONL":
        return write(folder / "deep.jsonl", b"[" * 100_000 + b"\n")
    assert kind == "dead URL"
    return closed_port_url()


# Each kind, and the stage and reason of its reject.
BAD_INPUTS = {
    "missing path": ("ingest", "not found"),
    "empty directory": ("ingest", "no inputs"),
    "empty file": ("ingest", "empty"),
    "binary .html": ("ingest", "binary"),
    "corrupt .gz": ("ingest", "broken gzip"),
    "dead URL": ("fetch", "connection error"),
    "deeply nested JSONL": ("ingest", "bad jsonl"),
}


def test_a_run_over_only_bad_inputs_is_a_normal_run_with_the_reject_of_each(tmp_path, prefect_api_url):
    """Zero articles is a normal run: exit 0, each input's reason in `rejects`, a summary that says nothing
    loaded. The config is a copy of the bundled one in another folder: it must read the same files."""
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    sources = {kind: bad_input(kind, inputs) for kind in BAD_INPUTS}
    config = tmp_path / "config" / "copy.toml"
    config.parent.mkdir()
    shutil.copy(DEFAULT_CONFIG, config)
    warehouse = tmp_path / "w.duckdb"
    result = newsware("run", *sources.values(), "--config", str(config), "--warehouse", str(warehouse),
                      api_url=prefect_api_url)
    assert result.returncode == 0, result.stderr
    assert "nothing loaded" in result.stdout
    assert query(warehouse, "select count(*) from articles") == [(0,)]
    rejects = query(warehouse, "select source, stage, reason from rejects")
    assert len(rejects) == len(BAD_INPUTS)
    for kind, source in sources.items():
        [rejected] = [(stage, reason) for rejected_source, stage, reason in rejects
                      if source.split("/")[-1] in rejected_source]
        assert rejected == BAD_INPUTS[kind], kind
    assert query(warehouse, "select status from runs") == [("completed",)]


def test_a_run_over_junk_of_every_kind_gives_one_article_or_reject_per_input(tmp_path, prefect_api_url):
    inputs = tmp_path / "junk"
    inputs.mkdir()
    (inputs / "good.txt").write_text("“We will deliver the frigates in March,” the minister said on Monday.")
    (inputs / "controls.txt").write_text("The\x00 minister\x07 said the\x1b frigates would\x0c arrive.")
    (inputs / "no-spaces.txt").write_text("QUAD.Hegseth" * 85_000)               # 1 MB without a space
    (inputs / "quote-marks.txt").write_text("“a” \"b ‘c’ «d» „e" * 60_000)       # 1 MB of unbalanced marks
    (inputs / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" * 100)
    (inputs / "cut.html.gz").write_bytes(gzip.compress(b"<html>" * 500)[:40])
    (inputs / "records.jsonl").write_bytes(b'{"url": "javascript:alert(1)", "text": "The minister spoke."}\n'
                                           + b"[" * 50_000 + b"\n" + b'{"text": "caf\xe9 latte"}\n')
    (inputs / "deep.html").write_text("<html><body>" + "<div>" * 5000 + "<p>The minister spoke at length "
                                      "about the frigates and the helicopters that the navy will buy.</p>"
                                      + "</div>" * 5000 + "</body></html>")
    warehouse = tmp_path / "w.duckdb"
    result = newsware("run", str(inputs), "--warehouse", str(warehouse), "--format", "json", api_url=prefect_api_url)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    articles = query(warehouse, "select source from articles")
    rejects = query(warehouse, "select source from rejects")
    # 8 files, of which records.jsonl holds 3 records: 10 inputs, each an article or a reject, never lost
    assert len(articles) + len(rejects) == 10
    assert summary["articles_new"] == len(articles) and summary["rejected"] == len(rejects)
    assert not query(warehouse, "select url from articles where url not like 'http%'")
    assert not query(warehouse, r"select source from articles where regexp_matches(text, '[\x00-\x08\x0b-\x1f]')")


def test_a_second_run_while_one_is_going_is_refused_at_once(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with hold_run_lock(warehouse):
        result = newsware("run", "--warehouse", str(warehouse))
    assert result.returncode == 1
    assert result.stderr.startswith("newsware: another newsware run (pid ")
    assert len(result.stderr.splitlines()) == 1


def start_run(sources: Path, warehouse: Path) -> subprocess.Popen:
    """A run in its own process group, as a terminal starts it, with its own temporary Prefect server.

    Ctrl-C is given its default action, as in a terminal's foreground job: the tests themselves may run
    where it is ignored (a background job of a script ignores SIGINT, and its children inherit that)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    return subprocess.Popen([sys.executable, "-m", "flows", "run", str(sources), "--warehouse", str(warehouse)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def wait_until_cleaning(warehouse: Path, run: subprocess.Popen) -> None:
    """Until the run's log says its inputs are being processed (it has started Prefect and its workers)."""
    log = warehouse.parent / "logs"
    while not any("inputs from" in f.read_text() for f in log.glob("*.log")) if log.exists() else True:
        assert run.poll() is None, run.communicate()
        time.sleep(0.5)
    time.sleep(2)


def test_ctrl_c_in_a_terminal_stops_the_run_and_its_helpers_and_leaves_nothing_behind(tmp_path):
    """A terminal sends Ctrl-C to the whole foreground process group, helpers included; each signal at each
    stage, sent to the run alone, is in tests/test_stopping.py."""
    warehouse, words = tmp_path / "w.duckdb", "stopped by Ctrl-C (SIGINT)"
    run = start_run(many_pages(tmp_path / "pages", 150), warehouse)
    wait_until_cleaning(warehouse, run)
    helpers = descendants(run.pid)
    assert helpers  # its Prefect server and cleaning workers
    os.killpg(run.pid, signal.SIGINT)
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 130
    assert stderr.splitlines() == [stderr.strip()] and words in stderr
    assert "the warehouse is as it was before the run" in stderr
    assert query(warehouse, "select status, error from runs") == [("interrupted", words)]
    assert query(warehouse, "select count(*) from articles") == [(0,)]
    assert still_alive(helpers) == set()


def test_a_run_killed_outright_takes_its_helpers_along_and_the_next_run_says_so(tmp_path, prefect_api_url):
    warehouse = tmp_path / "w.duckdb"
    run = start_run(many_pages(tmp_path / "pages", 150), warehouse)
    wait_until_cleaning(warehouse, run)
    helpers = descendants(run.pid)
    run.kill()
    run.communicate()
    assert still_alive(helpers) == set()  # the server, the fork server and the workers
    assert not warehouse.exists()  # nothing was published; the run's record is in its working copy
    assert query(working_copy_path(warehouse), "select status from runs") == [("running",)]

    after = newsware("run", str(SAMPLE / "seeds"), "--warehouse", str(warehouse), api_url=prefect_api_url)
    assert after.returncode == 0, after.stderr
    assert "had ended without finishing; it is now marked abandoned" in after.stdout
    assert [status for status, in query(warehouse, "select status from runs order by started_at")] == [
        "abandoned", "completed"]


def distinct_pages(folder: Path, copies: int) -> Path:
    """Copies of the sample pages that are distinct articles (each its own canonical URL), so that the
    load has many to write."""
    folder.mkdir()
    for page in (SAMPLE / "pages").glob("*.html"):
        html = page.read_bytes()  # one sample page is windows-1252
        canonical = html.split(b'rel="canonical" href="', 1)[1].split(b'"', 1)[0]
        for i in range(copies):
            (folder / f"{page.stem}-{i}.html").write_bytes(html.replace(canonical, canonical + b"-%d" % i))
    return folder


def wait_for_log_line(warehouse: Path, run: subprocess.Popen, words: str) -> None:
    """Until a line of the run's log says `words`, looking as often as the machine lets us."""
    log = warehouse.parent / "logs"
    while not (log.exists() and any(words in f.read_text() for f in log.glob("*.log"))):
        assert run.poll() is None, run.communicate()
        time.sleep(0.01)


def test_a_run_killed_during_its_load_leaves_the_warehouse_as_before_and_the_next_run_completes(
        tmp_path, prefect_api_url):
    warehouse = tmp_path / "w.duckdb"
    first = newsware("run", str(SAMPLE / "seeds"), "--warehouse", str(warehouse), api_url=prefect_api_url)
    assert first.returncode == 0, first.stderr
    tables = ["articles", "people", "person_aliases", "article_people", "quotes", "equipment", "article_equipment",
              "rejects", "fetched_pages"]
    before = {table: query(warehouse, f"select * from {table} order by all") for table in tables}

    run = start_run(distinct_pages(tmp_path / "pages", 60), warehouse)
    wait_for_log_line(warehouse, run, "loading 180 articles")
    run.kill()
    run.communicate()

    # Readers see every table as the first run left it; the killed run's working copy says 'running'.
    assert {table: query(warehouse, f"select * from {table} order by all") for table in tables} == before
    assert [status for status, in query(warehouse, "select status from runs order by started_at")] == ["completed"]
    assert [status for status, in query(working_copy_path(warehouse), "select status from runs order by started_at")
            ] == ["completed", "running"]
    after = newsware("run", str(tmp_path / "pages"), "--warehouse", str(warehouse), api_url=prefect_api_url)
    assert after.returncode == 0, after.stderr
    assert [status for status, in query(warehouse, "select status from runs order by started_at")] == [
        "completed", "abandoned", "completed"]
    assert query(warehouse, "select count(*) from articles") == [(len(before["articles"]) + 180,)]


# Quick limits for a loopback site; politeness off (one host), a page that never answers cut at 5 s.
QUICK_FETCH = {"NEWSWARE_FETCH__TOTAL_TIMEOUT": "5", "NEWSWARE_FETCH__READ_TIMEOUT": "5",
               "NEWSWARE_FETCH__RETRIES": "0", "NEWSWARE_FETCH__PER_HOST_DELAY": "0",
               "NEWSWARE_INGEST__MAX_BYTES": "200000"}
FAULTS = {"/never": "timeout", "/drip": "timeout", "/status/404": "http 404", "/status/500": "http 500",
          "/redirect-file": "bad redirect", "/loop/a": "too many redirects", "/gzip-bomb": "too large",
          "/image.png": "not a document", "/private/secret.html": "disallowed by robots.txt"}


def test_a_nightly_run_over_a_site_loads_each_good_page_once_records_each_fault_and_reruns_for_free(
        tmp_path, prefect_api_url):
    warehouse = tmp_path / "w.duckdb"
    with running_site() as site:
        sources = [site.url("/feed.xml"), site.url("/sitemap.xml"), *(site.url(path) for path in FAULTS)]

        first = newsware("run", *sources, "--warehouse", str(warehouse), "--format", "json",
                         api_url=prefect_api_url, environ=QUICK_FETCH)
        assert first.returncode == 0, first.stderr
        assert json.loads(first.stdout)["articles_new"] == len(site.articles)
        assert {site.url(f"/articles/{slug}.html") for slug in site.articles} == {
            url for url, in query(warehouse, "select url from articles")}
        assert all(site.hits[f"/articles/{slug}.html"] == 1 for slug in site.articles)  # listed twice, fetched once
        assert sorted(query(warehouse, "select source, stage, reason from rejects")) == sorted(
            (site.url(path), "fetch", reason) for path, reason in FAULTS.items())
        titles = query(warehouse, "select title from articles order by title")

        second = newsware("run", *sources, "--warehouse", str(warehouse), "--format", "json",
                          api_url=prefect_api_url, environ=QUICK_FETCH)
        assert second.returncode == 0, second.stderr
        summary = json.loads(second.stdout)
        assert (summary["articles_new"], summary["articles_changed"], summary["articles_unchanged"]) == (
            0, 0, len(site.articles))
        assert all(site.hits[f"/articles/{slug}.html"] <= 2 for slug in site.articles)  # a 304 at most
    assert query(warehouse, "select title from articles order by title") == titles
    assert query(warehouse, "select count(*) from fetched_pages") == [(len(site.articles),)]


READER = """
import sys, time, duckdb
path, out = sys.argv[1], open(sys.argv[2], "w")
while True:
    try:
        with duckdb.connect(path, read_only=True) as con:
            out.write(f"{con.execute('select count(*) from articles').fetchone()[0]}\\n")
    except Exception as err:
        out.write(f"error {type(err).__name__}: {err}\\n")
    out.flush()
    time.sleep(0.05)
"""


def test_readers_of_the_warehouse_never_stop_a_run_nor_see_half_of_one(tmp_path, prefect_api_url):
    warehouse = tmp_path / "w.duckdb"
    assert newsware("run", str(SAMPLE / "seeds"), "--warehouse", str(warehouse), api_url=prefect_api_url).returncode == 0
    notebook = duckdb.connect(str(warehouse), read_only=True)  # left open all night
    poller = subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(tmp_path / "seen.txt")])
    try:
        run = newsware("run", str(distinct_pages(tmp_path / "pages", 20)), "--warehouse", str(warehouse),
                       api_url=prefect_api_url)
        time.sleep(1)
    finally:
        poller.kill()
        poller.wait()
    assert run.returncode == 0, run.stderr
    assert notebook.execute("select count(*) from articles").fetchone() == (2,)  # its snapshot, undisturbed
    notebook.close()
    seen = (tmp_path / "seen.txt").read_text().splitlines()
    assert len(seen) > 10 and set(seen) == {"2", "62"}  # before, then after: no error, nothing in between
    assert seen.index("62") > seen.count("2") - 1


def test_the_warehouse_opens_in_duckdb_1_4_as_analyst_tools_have_it(warehouse_path, prefect_api_url):
    duckdb_1 = REPO / ".venv-duckdb1" / "bin" / "python"
    assert duckdb_1.exists(), "`make test` installs DuckDB 1.4 in .venv-duckdb1"
    assert newsware("run", str(SAMPLE / "seeds"), "--warehouse", str(warehouse_path),
                    api_url=prefect_api_url).returncode == 0
    opened = subprocess.run([str(duckdb_1), "-c", (
        "import sys, duckdb; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print(duckdb.__version__, con.execute('select count(*) from articles').fetchone()[0], "
        "con.execute('select count(*) from quote_details').fetchone()[0] > 0)"), str(warehouse_path)],
        capture_output=True, text=True)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.split() == ["1.4.4", "2", "True"]



@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A file system of 8 MB of its own (tmpfs, mounted as root), to be filled up."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)]).returncode:
        pytest.skip("mounting a small file system needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True)


def fill_up(disk: Path, leave_bytes: int) -> None:
    free = shutil.disk_usage(disk).free
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave_bytes))


@pytest.mark.parametrize("room, step", [
    (lambda size: size // 3, "copying the warehouse to its working copy"),   # the copy itself does not fit
    (lambda size: size + 200_000, "publishing the warehouse"),                # the copy fits, its load's checkpoint not
])
def test_a_full_disk_is_one_line_and_leaves_the_warehouse_and_the_disk_as_they_were(room, step, small_disk,
                                                                                    prefect_api_url):
    warehouse = small_disk / "w.duckdb"
    assert newsware("run", str(SAMPLE / "seeds"), "--warehouse", str(warehouse), api_url=prefect_api_url).returncode == 0
    before = warehouse.read_bytes()
    fill_up(small_disk, room(len(before)))
    free = shutil.disk_usage(small_disk).free

    result = newsware("run", str(SAMPLE / "pages"), "--warehouse", str(warehouse), api_url=prefect_api_url)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"newsware: run {result.stderr.split()[2]} failed: no space left on {small_disk} while {step}; the warehouse "
        "is as it was before the run (free some space and run again)"]
    assert warehouse.read_bytes() == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "logs", "w.duckdb", "w.duckdb.run.lock"]
    assert shutil.disk_usage(small_disk).free >= free - 64 * 1024   # what the run wrote is gone (its log aside)
