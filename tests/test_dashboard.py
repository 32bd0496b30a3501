"""`newsware dashboard`: the page on the bundled sample, read the way a reader sees it.

The quick tests run the page in-process (Streamlit's AppTest); the slow one serves it with the real
command and reads it in headless Chromium (Debian's, driven by Playwright: nothing is downloaded).
`NEWSWARE_UPDATE_SCREENSHOT=1` makes the slow test also write docs/dashboard.png, for the README.
"""
from __future__ import annotations

import html
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import cli
from tests.conftest import REPO
from tests.processes import descendants, still_alive
from tests.sample_warehouse import build_sample_warehouse, sample_extractions

APP = REPO / "flows" / "dashboard_app.py"
SCREENSHOT = REPO / "docs" / "dashboard.png"
CHARTS = 4   # quotes over time, top speakers, equipment by category, equipment by month
# A shared, busy machine: every wait is generous, and polls rather than sleeps.
STARTUP_WAIT = 300
BROWSER_WAIT_MS = 240_000
STOP_WAIT = 120


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory) -> Path:
    """The warehouse after one run over sample/, closed so that the dashboard can open it."""
    path = tmp_path_factory.mktemp("dashboard") / "sample.duckdb"
    build_sample_warehouse(path, sample_extractions()).close()
    return path


def one_value(warehouse: Path, query: str, *params: object) -> object:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(query, params).fetchone()[0]


def one_quote(warehouse: Path, speaker: str) -> str:
    """The longest quote of `speaker` in the warehouse, white space as a browser shows it."""
    quote = one_value(warehouse, "select quote from quote_details where speaker = ? order by length(quote) desc, "
                                 "quote limit 1", speaker)
    return " ".join(quote.split())


def quotes_naming(warehouse: Path, words: str) -> int:
    """How many quotes have `words` in their speaker or their text, in any case."""
    return one_value(warehouse, "select count(*) from quotes where speaker ilike '%' || ? || '%' "
                                "or text ilike '%' || ? || '%'", words, words)


def page_app(warehouse: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NEWSWARE_WAREHOUSE", str(warehouse))   # the page's warehouse without --warehouse
    return AppTest.from_file(str(APP), default_timeout=STARTUP_WAIT)


def page_html(app) -> str:
    """The text of the page's HTML blocks (the quote list, the story's statements), entities decoded."""
    return " ".join(" ".join(html.unescape(element.proto.body).split()) for element in app.get("html"))


# ------------------------------------------------------------------------------------- quick tests
def test_help_shows_a_real_example():
    result = CliRunner().invoke(cli, ["dashboard", "--help"])
    assert result.exit_code == 0
    assert "newsware dashboard --port 8600 --warehouse /data/news.duckdb" in result.output
    assert "[default: 8501" in result.output


def test_a_missing_warehouse_is_a_one_line_error(tmp_path):
    missing = tmp_path / "nowhere.duckdb"
    result = CliRunner().invoke(cli, ["dashboard", "--warehouse", str(missing), "--port", "1"])
    assert result.exit_code == 2
    assert result.stderr == (f"newsware: error: no warehouse at {missing}: run `newsware run` first, "
                             "or pass --warehouse PATH\n")


def test_the_page_says_so_when_the_warehouse_is_gone(tmp_path, monkeypatch):
    app = page_app(tmp_path / "nowhere.duckdb", monkeypatch).run()
    assert not app.exception
    assert [error.value for error in app.error] == [
        f"No warehouse at {tmp_path / 'nowhere.duckdb'}. Run `newsware run` to build it, or start the dashboard "
        "with `newsware dashboard --warehouse PATH`."]


def test_the_page_counts_the_sample_and_searches_its_quotes(sample_warehouse, monkeypatch):
    app = page_app(sample_warehouse, monkeypatch).run()
    assert not app.exception
    assert {metric.label: metric.value for metric in app.metric} == {
        "Articles": "5", "Outlets": "4",   # two reports of one meeting: Live Mint's and one of no known outlet
        "Quotes": str(one_value(sample_warehouse, "select count(*) from quotes")),
        "People quoted": str(one_value(sample_warehouse, "select count(distinct person_id) from quotes")),
        "Weapons systems named": str(one_value(sample_warehouse, "select count(distinct equipment_id) "
                                                                 "from article_equipment"))}
    jaishankar, aydin = one_quote(sample_warehouse, "S. Jaishankar"), one_quote(sample_warehouse, "Selim Aydın")
    assert jaishankar in page_html(app) and aydin in page_html(app)

    app.text_input[0].input("jaiSHANKAR").run()   # speaker or words, any case
    matches = quotes_naming(sample_warehouse, "jaishankar")
    assert f"{matches} quotes match; showing all, newest first." in [caption.value for caption in app.caption]
    assert jaishankar in page_html(app) and aydin not in page_html(app)


# -------------------------------------------------------------------------------------- in a browser
def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_WAIT
    while time.monotonic() < deadline:
        assert server.poll() is None, f"newsware dashboard ended early:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"the dashboard did not answer within {STARTUP_WAIT} s:\n{log.read_text()}")


def charts_drawn(page) -> None:
    """Wait until every Vega-Lite chart has drawn its canvas or SVG."""
    page.wait_for_function(
        """count => document.querySelectorAll(
               '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks').length >= count""",
        arg=CHARTS)


def save_full_page(page, path: Path) -> None:
    """Streamlit scrolls inside its main section, not the window: grow the window to the page's height."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1440, "height": max(height, 900)})
    charts_drawn(page)
    page.wait_for_timeout(1500)   # the charts redraw at the new size
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_the_dashboard_shows_the_sample_in_a_browser(sample_warehouse, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium on PATH: apt-get install chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    jaishankar, aydin = one_quote(sample_warehouse, "S. Jaishankar"), one_quote(sample_warehouse, "Selim Aydın")
    port, log = free_port(), tmp_path / "dashboard.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "flows", "dashboard", "--port", str(port), "--warehouse", str(sample_warehouse)],
            cwd=REPO, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    started: set[int] = set()
    try:
        wait_until_healthy(server, url, log)
        started = descendants(server.pid)
        assert started, "the dashboard command started no server process"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium)
            try:
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.set_default_timeout(BROWSER_WAIT_MS)
                page.goto(url)
                charts_drawn(page)
                page.get_by_text("The same statements, as each outlet quoted them").wait_for()
                shown = " ".join(page.inner_text("body").split())
                assert jaishankar in shown and aydin in shown
                assert "newsware: who said what, about which weapons" in shown
                if os.environ.get("NEWSWARE_UPDATE_SCREENSHOT") == "1":
                    save_full_page(page, SCREENSHOT)

                search = page.get_by_label("Search speakers and quotes")
                search.fill("Jaishankar")
                search.press("Enter")
                page.get_by_text(f"{quotes_naming(sample_warehouse, 'Jaishankar')} quotes match").wait_for()
                page.wait_for_function("quote => !document.body.innerText.includes(quote)", arg=aydin)
                assert jaishankar in " ".join(page.inner_text("body").split())
            finally:
                browser.close()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)   # as a terminal's Ctrl-C or systemd's stop would
        try:
            returncode = server.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            returncode = server.wait()
        left = still_alive(started, wait=STOP_WAIT)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
    assert returncode == 0, log.read_text()
    assert log.read_text().splitlines()[-1] == "newsware dashboard: stopped by SIGTERM"
    assert not left, f"still running after the dashboard stopped: {left}"
