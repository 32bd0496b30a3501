"""`newsware dashboard`: the page read the way a reader sees it, on the bundled sample, on warehouses
shaped like real ones (null speakers, undated articles, empty tables, only non-English articles) and
on the one built from ../shared/pages.

The quick tests run the page in-process (Streamlit's AppTest); the slow ones serve it with the real
command and read it in headless Chromium (Debian's, driven by Playwright: nothing is downloaded).
`NEWSWARE_UPDATE_SCREENSHOT=1` makes the slow test on ../shared/pages also write docs/dashboard.png,
for the README.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner
from lxml.html import fromstring
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

from flows.cli import cli
from tests.conftest import REPO
from tests.processes import descendants, still_alive
from tests.sample_warehouse import build_sample_warehouse, sample_extractions
from transforms.model import Extraction
from warehouse.connect import read_sql
from warehouse.migrate import migrate
from warehouse.publish import publish_views

APP = REPO / "flows" / "dashboard_app.py"
SCREENSHOT = REPO / "docs" / "dashboard.png"
CHARTS = 4   # quotes over time, top speakers, equipment by category, equipment by month
# A shared, busy machine: every wait is generous, and polls rather than sleeps.
STARTUP_WAIT = 300
BROWSER_WAIT_MS = 240_000
STOP_WAIT = 120
BAR_ROW_HEIGHT = 26   # flows/dashboard_app.py's: a bar chart's row (importing that script would run it)


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    return sample_extractions()


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory, extractions) -> Path:
    """The warehouse after one run over sample/, closed so that the dashboard can open it."""
    path = tmp_path_factory.mktemp("dashboard") / "sample.duckdb"
    build_sample_warehouse(path, extractions).close()
    return path


def sample_changed_by(path: Path, extractions: list[Extraction], *statements: str) -> Path:
    """The sample's warehouse at `path` after `statements`, closed: a shape real warehouses take."""
    with build_sample_warehouse(path, extractions) as con:
        for statement in statements:
            con.execute(statement)
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
    """The text of the page's HTML blocks (the quote lists, the story's statements) as a browser shows it."""
    return " ".join(" ".join(fromstring(element.proto.body).text_content().split()) for element in app.get("html"))


def page_notes(app) -> str:
    """What the page says in its notes, captions and HTML blocks, as a browser shows them (no bold marks)."""
    said = [element.value.replace("**", "") for element in [*app.info, *app.caption]]
    return " ".join(" ".join(text.split()) for text in said) + " " + page_html(app)


def charts(app) -> list[tuple[dict, pd.DataFrame]]:
    """Every chart of the page: its Vega-Lite spec and the rows it draws."""
    return [(json.loads(chart.proto.spec), convert_arrow_bytes_to_pandas_df(chart.proto.datasets[0].data.data))
            for chart in app.get("vega_lite_chart")]


def quotes_by_time(app) -> tuple[dict, pd.DataFrame]:
    """The chart of quotes by person over time (the only one with a `period`)."""
    return next(chart for chart in charts(app) if "period" in chart[1].columns)


def month_labels(first: date, last: date) -> list[str]:
    return [month.strftime("%b %Y") for month in pd.date_range(first.replace(day=1), last, freq="MS")]


def passage(warehouse: Path, quote_id: str) -> str:
    """A quote of mart_person_statements with the words around it, white space as a browser shows it."""
    return " ".join(one_value(warehouse, "select context_before || quote || context_after from mart_person_statements "
                                         "where quote_id = ?", quote_id).split())


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


EMPTIED = ["delete from quotes", "delete from article_people", "delete from people", "delete from person_aliases"]


@pytest.mark.parametrize("statements, says", [
    pytest.param(["update quotes set speaker = null, speaker_kind = null, person_id = null "
                  "where speaker = 'S. Jaishankar'"],
                 "unknown speaker", id="null speakers"),
    pytest.param(["update articles set published = null"],
                 "No article is dated, so there is no time to chart.", id="only undated articles"),
    pytest.param(["update articles set language = 'it', skipped = ['people', 'quotes']", *EMPTIED],
                 "5 of the 5 articles (100%) have no people or quotes extracted. 5 are in a language without "
                 "extraction rules (it 5): people and quotes were not looked for in them",
                 id="only articles in a language without rules"),
    pytest.param([*EMPTIED, "delete from article_equipment", "delete from equipment", "delete from runs"],
                 "5 of the 5 articles (100%) have no people or quotes extracted. All 5 were read",
                 id="articles and nothing else"),
])
def test_the_page_renders_on_warehouses_shaped_like_real_ones(statements, says, extractions, tmp_path, monkeypatch):
    warehouse = sample_changed_by(tmp_path / "news.duckdb", extractions, *statements)
    app = page_app(warehouse, monkeypatch).run()
    assert not app.exception
    assert not app.error
    assert says in page_notes(app)


def test_the_page_of_an_empty_warehouse_says_how_to_fill_it(tmp_path, monkeypatch):
    path = tmp_path / "news.duckdb"
    with duckdb.connect(str(path)) as con:
        migrate(con)
        publish_views(con)
    app = page_app(path, monkeypatch).run()
    assert not app.exception
    assert [info.value for info in app.info] == [
        f"The warehouse at {path} holds no articles yet: `newsware run` loads some."]


def test_the_filters_choose_dates_outlets_and_languages(extractions, tmp_path, monkeypatch):
    # one article in Polish, with no quotes, as a run leaves it
    warehouse = sample_changed_by(tmp_path / "news.duckdb", extractions,
                                  "update articles set language = 'pl' where site = 'Vistula Defence Review'",
                                  "delete from quotes where article_id in "
                                  "(select article_id from articles where language = 'pl')")
    jaishankar = one_quote(warehouse, "S. Jaishankar")
    app = page_app(warehouse, monkeypatch).run()
    autumn = (date(2025, 9, 1), one_value(warehouse, "select max(published) from articles"))
    app.date_input(key="dates").set_value(autumn).run()
    app.checkbox(key="undated").uncheck().run()
    assert not app.exception
    spec, _ = quotes_by_time(app)
    assert spec["encoding"]["x"]["scale"]["domain"] == month_labels(*autumn)   # the axis is the chosen range
    in_autumn = one_value(warehouse, "select count(*) from quote_details where published between ? and ?", *autumn)
    assert f"{in_autumn} quotes; showing all, newest first." in page_notes(app)
    assert jaishankar not in page_html(app)   # he spoke in July, and in an undated report

    app.multiselect(key="outlets").set_value(["Danube Wire"]).run()
    on_danube = one_value(warehouse, "select count(*) from quote_details where site = 'Danube Wire'")
    assert f"{on_danube} quotes; showing all, newest first." in page_notes(app)
    assert "North Atlantic Security Journal" not in page_html(app)

    app.multiselect(key="outlets").set_value([])
    app.multiselect(key="languages").set_value(["pl"]).run()
    assert not app.exception
    assert "The chosen articles have no quotes." in page_notes(app)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        named_in_polish = {category for (category,) in con.execute(
            "select distinct category from equipment_mentions join articles using (article_id) "
            "where language = 'pl'").fetchall()}
    assert named_in_polish
    # its weapons systems are still drawn, by category and month
    assert [set(rows["category"]) for _, rows in charts(app)] == [named_in_polish, named_in_polish]


def weekly_leaders_of_an_outlet_writing_twice(extractions, tmp_path, languages: list[str]):
    """The weekly leaders chosen in `languages`, and each named speaker's quotes in Danube Wire's week, of a
    warehouse where Danube Wire's article is also written in Polish (the same speakers, the same week)."""
    danube = next(e for e in extractions if e.article.site == "Danube Wire")
    twin = copy.deepcopy(danube)
    twin.article.article_id, twin.article.language = "danube-pl", "pl"
    path = tmp_path / "news.duckdb"
    build_sample_warehouse(path, [*extractions, twin]).close()
    with duckdb.connect(str(path), read_only=True) as con:
        con.execute(read_sql("dashboard/chosen_articles.sql"))
        leaders = con.execute(read_sql("dashboard/weekly_leaders.sql"), {
            "first_day": date(2025, 1, 1), "last_day": date(2025, 12, 31), "undated": True, "sites": [],
            "languages": languages}).df()
        said = dict(con.execute("select speaker, count(*) from quotes join articles using (article_id) "
                                "where site = 'Danube Wire' and articles.language in ? and speaker_kind is not null "
                                "group by all", [languages]).fetchall())
    return leaders[leaders.site == "Danube Wire"], said


def test_the_weekly_leaders_of_an_outlet_writing_in_two_languages_count_the_chosen_language_only(extractions, tmp_path):
    """An outlet's week with an article in each of two languages: choosing one counts its quotes alone."""
    leaders, said = weekly_leaders_of_an_outlet_writing_twice(extractions, tmp_path, ["pl"])
    assert not leaders.empty and leaders.speaker.is_unique
    assert dict(zip(leaders.speaker, leaders.quotes)) == {speaker: said[speaker] for speaker in leaders.speaker}


def test_a_speaker_quoted_in_both_chosen_languages_leads_once_with_the_quotes_of_both(extractions, tmp_path):
    leaders, said = weekly_leaders_of_an_outlet_writing_twice(extractions, tmp_path, ["en", "pl"])
    assert not leaders.empty and leaders.speaker.is_unique
    assert dict(zip(leaders.speaker, leaders.quotes)) == {speaker: said[speaker] for speaker in leaders.speaker}
    assert set(leaders.articles) == {2}


def test_a_person_s_quotes_show_with_their_context_outlet_and_article(sample_warehouse, monkeypatch):
    person_id = one_value(sample_warehouse, "select person_id from people where name = 'S. Jaishankar'")
    app = page_app(sample_warehouse, monkeypatch).run()
    app.selectbox(key="person").select(person_id).run()
    assert not app.exception
    with duckdb.connect(str(sample_warehouse), read_only=True) as con:
        said = con.execute("select quote_id, site, url from mart_person_statements where person_id = ?",
                           [person_id]).fetchall()
    assert said
    shown = page_html(app)
    for quote_id, site, url in said:
        assert passage(sample_warehouse, quote_id) in shown
        assert (site or "no known outlet") in shown
    assert shown.count("article ↗") >= len([url for _, _, url in said if url])


def test_descriptions_are_ranked_apart_from_named_speakers(sample_warehouse, monkeypatch):
    description = one_value(sample_warehouse, "select speaker from quotes where speaker_kind is null "
                                              "and speaker is not null order by speaker limit 1")
    quotes = one_value(sample_warehouse, "select count(*) from quotes where speaker = ?", description)
    app = page_app(sample_warehouse, monkeypatch).run()
    ranking = next(rows for _, rows in charts(app) if "kind" in rows.columns)
    assert set(ranking["kind"]) <= {"person", "organization"}
    assert description not in set(ranking["speaker"])
    assert f"“{description}” {quotes}" in page_notes(app)


@pytest.mark.needs_shared
def test_the_page_reads_the_shared_pages(pages_warehouse, monkeypatch):
    app = page_app(pages_warehouse, monkeypatch).run()
    assert not app.exception
    assert not app.error
    unread = one_value(pages_warehouse, "select count(*) from articles where list_contains(skipped, 'quotes')")
    assert f"{unread:,} are in a language without extraction rules" in page_notes(app)
    assert "unknown speaker" in page_html(app)   # quotes of no known speaker are listed as such

    # the page opens on the newest 90% of dated quotes, not on every stray date, and draws just those months
    first, last = app.date_input(key="dates").value
    assert first > one_value(pages_warehouse, "select min(published) from articles")
    assert last == one_value(pages_warehouse, "select max(published) from articles")
    in_range = one_value(pages_warehouse, "select count(*) from quote_details where published between ? and ?",
                         first, last)
    assert in_range >= 0.9 * one_value(pages_warehouse, "select count(published) from quote_details")
    spec, _ = quotes_by_time(app)
    assert spec["encoding"]["x"]["scale"]["domain"] == month_labels(first, last)


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


@contextmanager
def dashboard_page(warehouse: Path, tmp_path: Path) -> Iterator:
    """The page as `newsware dashboard --warehouse WAREHOUSE` serves it, open in headless Chromium; the
    command must then stop cleanly on SIGTERM and leave no process behind."""
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium on PATH: apt-get install chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    port, log = free_port(), tmp_path / "dashboard.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "flows", "dashboard", "--port", str(port), "--warehouse", str(warehouse)],
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
                yield page
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


def shown_text(page) -> str:
    return " ".join(page.inner_text("body").split())


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_the_dashboard_shows_the_sample_in_a_browser(sample_warehouse, tmp_path):
    jaishankar, aydin = one_quote(sample_warehouse, "S. Jaishankar"), one_quote(sample_warehouse, "Selim Aydın")
    with dashboard_page(sample_warehouse, tmp_path) as page:
        charts_drawn(page)
        page.get_by_text("The same statements, as each outlet quoted them").wait_for()
        shown = shown_text(page)
        assert jaishankar in shown and aydin in shown
        assert "newsware: who said what, about which weapons" in shown

        search = page.get_by_label("Search speakers and quotes")
        search.fill("Jaishankar")
        search.press("Enter")
        page.get_by_text(f"{quotes_naming(sample_warehouse, 'Jaishankar')} quotes match").wait_for()
        page.wait_for_function("quote => !document.body.innerText.includes(quote)", arg=aydin)
        assert jaishankar in shown_text(page)

        # a click on the second bar of the ranking (the first person is chosen already) opens their quotes
        second = one_value(sample_warehouse, "select speaker from quotes where speaker_kind = 'person' "
                                             "group by speaker order by count(*) desc, speaker limit 1 offset 1")
        ranking = page.locator('[data-testid="stVegaLiteChart"]').nth(1)
        ranking.scroll_into_view_if_needed()
        box = ranking.bounding_box()
        page.mouse.click(box["x"] + 0.4 * box["width"], box["y"] + 1.5 * BAR_ROW_HEIGHT)
        page.wait_for_function("name => document.querySelector('input[aria-label=\"Person\"]').value"
                               ".startsWith(name + ' · ')", arg=second)


@pytest.mark.slow
@pytest.mark.needs_shared
@pytest.mark.timeout(1800)
def test_the_dashboard_shows_the_shared_pages_in_a_browser(pages_warehouse, tmp_path):
    unread = one_value(pages_warehouse, "select count(*) from articles where list_contains(skipped, 'quotes')")
    with dashboard_page(pages_warehouse, tmp_path) as page:
        charts_drawn(page)
        page.get_by_text("The same statements, as each outlet quoted them").wait_for()   # the last section
        assert page.locator('[data-testid="stException"]').count() == 0
        shown = shown_text(page)
        assert f"{unread:,} are in a language without extraction rules" in shown
        assert "unknown speaker" in shown
        if os.environ.get("NEWSWARE_UPDATE_SCREENSHOT") == "1":
            save_full_page(page, SCREENSHOT)
