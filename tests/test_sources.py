"""Examples of a run's inputs gathered over real HTTP from a local news site: feeds and sitemap indexes
followed, each fault its own reject, and pages read again only when they may have changed."""
from __future__ import annotations

import gzip
import json
import os
import socket
from pathlib import Path

import pytest

from flows.sources import Inputs, gather_inputs, read_batch, work_units
from tests.faulty_site import LAST_MODIFIED, FaultySite, faulty_site  # noqa: F401 - fixture
from transforms.model import PageVersion
from transforms.settings import Settings, load_settings

pytestmark = pytest.mark.slow
BASE = load_settings(environ={})
QUICK = BASE.model_copy(update={"fetch": BASE.fetch.model_copy(update={
    "connect_timeout": 5.0, "read_timeout": 5.0, "total_timeout": 10.0, "retries": 0, "per_host_delay": 0.0})})


def with_cap(links: int) -> Settings:
    return QUICK.model_copy(update={"ingest": QUICK.ingest.model_copy(update={"max_links_per_feed": links})})


def test_a_feed_and_a_sitemap_index_give_each_page_once_with_what_the_feed_says_of_it(faulty_site: FaultySite
                                                                                       ) -> None:
    inputs = gather_inputs([faulty_site.url("/sitemap.xml"), faulty_site.url("/feed.xml")], QUICK)

    assert inputs.locations == faulty_site.article_urls()
    assert inputs.rejects == []
    strike = inputs.links[faulty_site.url("/articles/strike.html")]
    assert (strike.title, strike.published, strike.listed_at) == ("Navy tests new anti-ship missile", "2026-11-02",
                                                                  LAST_MODIFIED)
    assert faulty_site.hits["/sitemaps/second.xml.gz"] == 1


def test_a_listing_cut_at_max_links_per_feed_says_so(faulty_site: FaultySite) -> None:
    inputs = gather_inputs([faulty_site.url("/feed.xml")], with_cap(3))

    assert inputs.locations == faulty_site.article_urls()[:3]
    assert [(r.source, r.stage, r.reason) for r in inputs.rejects] == [
        (faulty_site.url("/feed.xml"), "ingest", "listing truncated")]
    assert "lists 4 pages; read the first 3" in inputs.rejects[0].detail


def test_a_dead_sitemap_of_an_index_is_its_own_reject_and_its_siblings_are_read(faulty_site: FaultySite,
                                                                                tmp_path: Path) -> None:
    (tmp_path / "index.xml").write_text(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f'<sitemap><loc>{faulty_site.url("/status/404")}</loc></sitemap>'
        f'<sitemap><loc>{faulty_site.url("/articles/strike.html")}</loc></sitemap>'
        f'<sitemap><loc>{faulty_site.url("/sitemaps/first.xml")}</loc></sitemap></sitemapindex>')

    inputs = gather_inputs([str(tmp_path / "index.xml")], QUICK)

    assert inputs.locations == faulty_site.article_urls()[:2]
    assert [(r.source.removeprefix(faulty_site.base_url), r.stage, r.reason) for r in inputs.rejects] == [
        ("/status/404", "fetch", "http 404"), ("/articles/strike.html", "ingest", "bad sitemap")]


def test_a_page_fetched_to_tell_it_from_a_feed_is_not_fetched_again(faulty_site: FaultySite) -> None:
    strike = faulty_site.url("/articles/strike.html")

    inputs = gather_inputs([strike], QUICK)
    batch = read_batch(inputs.locations, inputs, QUICK)

    assert [document.source for document in batch.documents] == [strike]
    assert faulty_site.hits["/articles/strike.html"] == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_every_junk_input_is_exactly_one_reject_with_a_clear_reason(faulty_site: FaultySite, tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "empty.html").write_bytes(b"")
    (tmp_path / "pages" / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00")
    (tmp_path / "pages" / "cut.html.gz").write_bytes(gzip.compress(b"<p>Ministers met in Oslo.</p>" * 50)[:40])
    (tmp_path / "pages" / "dump.jsonl").write_bytes(b"[" * 100_000 + b"\n")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "README.md").write_text("# notes")
    dead = f"http://127.0.0.1:{_closed_port()}/story"
    sources = [str(tmp_path / "pages"), str(tmp_path / "notes"), str(tmp_path / "missing.html"), dead,
               faulty_site.url("/status/404"), "http://[::1/story"]

    inputs = gather_inputs(sources, QUICK)
    batch = read_batch(inputs.locations, inputs, QUICK)

    assert batch.documents == []
    assert [(r.source.replace(str(tmp_path), "TMP"), r.stage, r.reason) for r in inputs.rejects + batch.rejects] == [
        ("TMP/notes", "ingest", "no inputs"),
        ("TMP/missing.html", "ingest", "not found"),
        (dead, "fetch", "connection error"),
        (faulty_site.url("/status/404"), "fetch", "http 404"),
        ("http://[::1/story", "fetch", "bad url"),
        ("TMP/pages/cut.html.gz", "ingest", "broken gzip"),
        ("TMP/pages/dump.jsonl:1", "ingest", "bad jsonl"),
        ("TMP/pages/empty.html", "ingest", "empty"),
        ("TMP/pages/image.html", "ingest", "binary")]
    assert all("\n" not in r.detail for r in inputs.rejects + batch.rejects)


def test_pages_loaded_before_are_read_again_only_when_they_may_have_changed(faulty_site: FaultySite) -> None:
    strike, talks, drones, budget = faulty_site.article_urls()
    first = read_batch([strike, talks, drones, budget], gather_inputs([faulty_site.url("/feed.xml")], QUICK), QUICK)
    loaded = {
        strike: first.versions[strike],                                       # same feed date: not requested
        talks: PageVersion('"talks-v1"', None, "old bytes", "an older date"),  # the server says 304
        drones: PageVersion(None, None, first.versions[drones].body_hash, None),  # same bytes: not cleaned
        budget: PageVersion(None, None, "old bytes", None),                  # changed: read again
    }
    hits_before = dict(faulty_site.hits)

    again = read_batch([strike, talks, drones, budget], gather_inputs([faulty_site.url("/feed.xml")], QUICK),
                       QUICK, loaded)

    assert [document.source for document in again.documents] == [budget]
    assert sorted(again.unchanged) == sorted([strike, talks, drones])
    requested = {path: count - hits_before.get(path, 0) for path, count in faulty_site.hits.items()}
    assert {path: n for path, n in requested.items() if path.startswith("/articles/") and n} == {
        "/articles/talks.html": 1, "/articles/drones.html": 1, "/articles/budget.html": 1}
    assert again.versions[talks].listed_at == LAST_MODIFIED  # remembered, so next time it is not requested


def test_a_fifo_or_device_in_a_source_directory_is_rejected_unopened_as_when_given_alone(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "good.txt").write_text("Ministers met in Oslo.")
    os.mkfifo(pages / "pipe.html")   # opened, either would block the run for good
    os.mkfifo(pages / "pipe.jsonl")
    (pages / "zero.txt").symlink_to("/dev/zero")
    (pages / "gone.html").symlink_to(tmp_path / "nowhere.html")
    os.mkfifo(pages / "notes")       # not named like an article: skipped, as any side file is

    inputs = gather_inputs([str(pages / "zero.txt"), str(pages)], QUICK)
    units = list(work_units(inputs, QUICK))
    batches = [read_batch(unit.locations, inputs.for_batch(unit.locations), QUICK) for unit in units]

    assert [document.content for batch in batches for document in batch.documents] == ["Ministers met in Oslo."]
    rejects = [*inputs.rejects, *(r for unit in units for r in unit.rejects), *(r for b in batches for r in b.rejects)]
    assert sorted((r.source.replace(str(tmp_path), "TMP"), r.stage, r.reason, r.detail.replace(str(tmp_path), "TMP"))
                  for r in rejects) == [
        ("TMP/pages/gone.html", "ingest", "not found", "no such file: TMP/pages/gone.html"),
        *[(f"TMP/pages/{name}", "ingest", "unreadable", f"TMP/pages/{name}: not a regular file or directory")
          for name in ("pipe.html", "pipe.jsonl", "zero.txt", "zero.txt")]]  # zero.txt walked and given alone


def test_a_jsonl_dump_is_read_batch_by_batch_and_a_repeated_record_is_dropped_before_cleaning(tmp_path: Path) -> None:
    records = [{"url": f"https://news.example/{n}", "text": f"Story number {n}."} for n in range(5)]
    records += [{"url": "https://news.example/1/?utm_source=feed", "text": "The same page, shared again."},
                {"url": "https://news.example/other", "text": "Story number 3."}]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(record) for record in records) + "\n{broken\n", encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>One page of its own.</p></body></html>", encoding="utf-8")
    settings = BASE.model_copy(update={"clean": BASE.clean.model_copy(update={"batch_size": 3})})

    units = list(work_units(Inputs(locations=[str(dump), str(page)]), settings))

    assert [unit.number for unit in units] == [1, 2, 3]
    assert [len(unit) for unit in units] == [3, 3, 3]
    read = [doc.url for unit in units for doc in unit.documents]
    assert read == [f"https://news.example/{n}" for n in range(5)]
    assert [(r.source, r.reason) for unit in units for r in unit.rejects] == [
        (f"{dump}:6", "duplicate"), (f"{dump}:7", "duplicate"), (f"{dump}:8", "bad jsonl")]
    assert "URL as" in units[1].rejects[0].detail and "content as" in units[2].rejects[0].detail
    assert units[-1].locations == [str(page)]


def test_a_batch_of_records_ends_early_once_their_contents_fill_its_share_of_memory(tmp_path: Path) -> None:
    long_text = "word " * 60_000   # 300 KB of text a record
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps({"url": f"https://news.example/{n}", "text": f"{n} {long_text}"})
                              for n in range(5)) + "\n", encoding="utf-8")
    settings = BASE.model_copy(update={"clean": BASE.clean.model_copy(update={"batch_megabytes": 0.5})})

    units = list(work_units(Inputs(locations=[str(dump)]), settings))

    assert settings.clean.batch_size == 200
    assert [len(unit.documents) for unit in units] == [2, 2, 1]
