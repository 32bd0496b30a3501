"""Examples of fetching over real HTTP from a local faulty news site: good pages, every kind of fault,
robots.txt, retries, conditional requests and politeness limits."""
from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest

from flows.fetch import NotModified, Validators, fetch_pages
from tests.faulty_site import (HELENE_CP1252, LAST_MODIFIED, FaultySite, faulty_site,  # noqa: F401 - fixtures
                               other_faulty_site, running_site)
from transforms.ingest import Fetched
from transforms.model import Reject
from transforms.settings import ConfigError, Settings, load_settings

pytestmark = pytest.mark.slow
BASE = load_settings(environ={})
MAX_BYTES = 200_000


def settings(**fetch: object) -> Settings:
    """Small limits, so faults end in seconds; generous ones where a busy machine must not matter."""
    quick = {"connect_timeout": 5.0, "read_timeout": 5.0, "total_timeout": 10.0, "retries": 1, "backoff": 0.1,
             "per_host_delay": 0.0, "max_retry_after": 5.0, **fetch}
    return BASE.model_copy(update={"fetch": BASE.fetch.model_copy(update=quick),
                                   "ingest": BASE.ingest.model_copy(update={"max_bytes": MAX_BYTES})})


def test_good_pages_come_back_once_each_with_charset_and_validators(faulty_site: FaultySite) -> None:
    strike, talks = faulty_site.url("/articles/strike.html"), faulty_site.url("/articles/talks.html")

    outcomes = fetch_pages([strike, talks, strike], settings())

    assert list(outcomes) == [strike, talks]
    page = outcomes[strike]
    assert isinstance(page, Fetched)
    assert (page.url, page.charset, page.content_type) == (strike, "utf-8", "text/html")
    assert (page.etag, page.last_modified) == ('"strike-v1"', LAST_MODIFIED)
    assert b"<p>The navy said on Tuesday" in page.body
    assert faulty_site.hits == {"/robots.txt": 1, "/articles/strike.html": 1, "/articles/talks.html": 1}


def test_feeds_and_sitemaps_come_back_as_sent_a_gzip_file_still_compressed(faulty_site: FaultySite) -> None:
    feed, index, child = (faulty_site.url(path) for path in ("/feed.xml", "/sitemap.xml", "/sitemaps/second.xml.gz"))

    outcomes = fetch_pages([feed, index, child], settings())

    assert outcomes[feed].content_type == "application/rss+xml"
    assert faulty_site.url("/articles/budget.html").encode() in outcomes[feed].body
    assert faulty_site.url("/sitemaps/first.xml").encode() in outcomes[index].body
    assert outcomes[child].content_type == "application/x-gzip"
    assert outcomes[child].body.startswith(b"\x1f\x8b")


def test_a_gzip_encoded_page_is_decoded(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/gzipped.html")

    page = fetch_pages([url], settings())[url]

    assert b"<p>The navy said on Tuesday" in page.body


def test_a_page_without_content_type_is_accepted(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/no-type.html")

    page = fetch_pages([url], settings())[url]

    assert (page.content_type, page.charset) == ("", None)


def test_bytes_are_returned_as_sent_even_when_the_declared_charset_is_wrong(faulty_site: FaultySite) -> None:
    """Decoding (and ignoring a charset that lies) is the pure side's job."""
    url = faulty_site.url("/mislabelled.html")

    page = fetch_pages([url], settings())[url]

    assert (page.body, page.charset) == (HELENE_CP1252, "utf-8")


def test_a_redirect_is_followed_and_the_final_url_given(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/redirect/articles/talks.html")

    page = fetch_pages([url], settings())[url]

    assert page.url == faulty_site.url("/articles/talks.html")


@pytest.mark.parametrize("validators", [Validators(etag='"strike-v1"'), Validators(last_modified=LAST_MODIFIED)])
def test_a_page_unchanged_since_the_last_load_is_not_modified(faulty_site: FaultySite, validators: Validators) -> None:
    url = faulty_site.url("/articles/strike.html")

    outcomes = fetch_pages([url], settings(), {url: validators})

    assert outcomes == {url: NotModified(url)}


def test_a_page_changed_since_the_last_load_is_fetched(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/articles/strike.html")

    page = fetch_pages([url], settings(), {url: Validators(etag='"strike-v0"')})[url]

    assert isinstance(page, Fetched) and page.etag == '"strike-v1"'


@pytest.mark.parametrize(("path", "reason"), [
    ("/status/404", "http 404"),
    ("/status/500", "http 500"),
    ("/rate-limited-long", "rate limited"),
    ("/image.png", "not a document"),
    ("/binary.html", "not a document"),
    ("/loop/a", "too many redirects"),
    ("/redirect-file", "bad redirect"),
    ("/huge-declared", "too large"),
    ("/huge-streamed", "too large"),
    ("/gzip-bomb", "too large"),
    ("/private/report.html", "disallowed by robots.txt"),
])
def test_each_fault_is_a_reject_with_its_reason(faulty_site: FaultySite, path: str, reason: str) -> None:
    url = faulty_site.url(path)

    reject = fetch_pages([url], settings())[url]

    assert isinstance(reject, Reject)
    assert (reject.source, reject.stage, reject.reason) == (url, "fetch", reason)
    assert reject.detail.startswith(url) and "\n" not in reject.detail


def test_a_404_is_not_retried_and_a_500_is(faulty_site: FaultySite) -> None:
    fetch_pages([faulty_site.url("/status/404"), faulty_site.url("/status/500")], settings(retries=2))

    assert (faulty_site.hits["/status/404"], faulty_site.hits["/status/500"]) == (1, 3)


def test_a_503_is_retried_then_fetched(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/flaky")

    page = fetch_pages([url], settings())[url]

    assert isinstance(page, Fetched)
    assert faulty_site.hits["/flaky"] == 2


def test_a_429_waits_for_retry_after_then_fetches(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/rate-limited")

    page = fetch_pages([url], settings(backoff=0.0))[url]

    assert isinstance(page, Fetched)
    first, second = (at for path, at in faulty_site.starts if path == "/rate-limited")
    assert second - first >= 0.9  # Retry-After: 1, not the backoff of 0 s


def test_a_retry_after_given_as_a_date_is_honoured(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/rate-limited-date")

    page = fetch_pages([url], settings(backoff=0.0))[url]

    assert isinstance(page, Fetched) and faulty_site.hits["/rate-limited-date"] == 2


def test_a_retry_after_beyond_max_retry_after_is_rejected_without_waiting(faulty_site: FaultySite) -> None:
    started = time.monotonic()

    fetch_pages([faulty_site.url("/rate-limited-long")], settings(max_retry_after=60))

    assert faulty_site.hits["/rate-limited-long"] == 1
    assert time.monotonic() - started < 30


def test_robots_txt_is_read_once_per_host_and_a_disallowed_page_never_requested(faulty_site: FaultySite) -> None:
    urls = [faulty_site.url("/private/a.html"), faulty_site.url("/private/b.html"), *faulty_site.article_urls()]

    outcomes = fetch_pages(urls, settings())

    assert [type(outcomes[url]).__name__ for url in urls] == ["Reject", "Reject"] + ["Fetched"] * 4
    assert faulty_site.hits["/robots.txt"] == 1
    assert faulty_site.hits["/private/a.html"] == faulty_site.hits["/private/b.html"] == 0


def test_obey_robots_false_fetches_a_disallowed_page_without_reading_robots_txt(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/private/a.html")

    page = fetch_pages([url], settings(obey_robots=False))[url]

    assert isinstance(page, Fetched)
    assert faulty_site.hits["/robots.txt"] == 0


def test_a_missing_robots_txt_allows_everything() -> None:
    with running_site(robots_status=404) as site:
        url = site.url("/private/a.html")
        page = fetch_pages([url], settings())[url]

    assert isinstance(page, Fetched)


def test_a_robots_txt_answering_5xx_stops_the_whole_host() -> None:
    """RFC 9309: while robots.txt is unreachable through a server error, assume everything disallowed."""
    with running_site(robots_status=503) as site:
        url = site.url("/articles/strike.html")
        reject = fetch_pages([url], settings())[url]

    assert reject.reason == "robots.txt unreachable"
    assert (site.hits["/robots.txt"], site.hits["/articles/strike.html"]) == (2, 0)


def test_an_unreachable_host_is_a_connection_error() -> None:
    url = "http://127.0.0.1:9/story"  # the discard port: nothing listens there

    for obey_robots in (True, False):
        reject = fetch_pages([url], settings(obey_robots=obey_robots))[url]
        assert reject.reason == "connection error"


def test_a_url_that_is_not_http_is_rejected() -> None:
    outcomes = fetch_pages(["ftp://example.org/feed.xml", "sample/pages"], settings())

    assert {url: reject.reason for url, reject in outcomes.items()} == {"ftp://example.org/feed.xml": "bad url",
                                                                        "sample/pages": "bad url"}


def test_requests_to_one_host_start_per_host_delay_apart(faulty_site: FaultySite) -> None:
    fetch_pages(faulty_site.article_urls()[:3], settings(per_host_delay=0.6))

    starts = [at for _, at in faulty_site.starts]
    assert len(starts) == 4  # robots.txt and three pages
    # Measured where the requests arrive, so a busy machine may bring two a little closer.
    assert all(later - earlier >= 0.4 for earlier, later in zip(starts, starts[1:]))


def test_a_longer_crawl_delay_in_robots_txt_wins() -> None:
    with running_site(robots="User-agent: *\nCrawl-delay: 1\n") as site:
        fetch_pages(site.article_urls()[:2], settings(per_host_delay=0.1))

    first, second = (at for path, at in site.starts if path.startswith("/articles/"))
    assert second - first >= 0.7


def test_a_crawl_delay_beyond_max_crawl_delay_is_capped() -> None:
    started = time.monotonic()
    with running_site(robots="User-agent: *\nCrawl-delay: 3600\n") as site:
        outcomes = fetch_pages(site.article_urls()[:2], settings(max_crawl_delay=0.2))

    assert all(isinstance(page, Fetched) for page in outcomes.values())
    assert time.monotonic() - started < 30


def test_per_host_concurrency_is_never_exceeded(faulty_site: FaultySite) -> None:
    urls = [faulty_site.url(f"/slow/{n}") for n in range(6)]

    outcomes = fetch_pages(urls, settings(concurrency=8, per_host_concurrency=2))

    assert all(isinstance(page, Fetched) for page in outcomes.values())
    assert faulty_site.max_concurrent <= 2


def test_two_hosts_are_fetched_at_the_same_time() -> None:
    """Each /meet/ page answers "met" only when the other host's has been requested meanwhile."""
    both = threading.Barrier(2)
    with (running_site(rendezvous=both, meet_seconds=15) as first,
          running_site(rendezvous=both, meet_seconds=15) as second):
        urls = [first.url("/meet/1"), second.url("/meet/1")]
        outcomes = fetch_pages(urls, settings(concurrency=2, per_host_concurrency=1, total_timeout=20))

    assert [b">met<" in outcomes[url].body for url in urls] == [True, True]


def test_the_global_concurrency_limit_holds_across_hosts() -> None:
    both = threading.Barrier(2)
    with (running_site(rendezvous=both, meet_seconds=1) as first,
          running_site(rendezvous=both, meet_seconds=1) as second):
        urls = [first.url("/meet/1"), second.url("/meet/1")]
        outcomes = fetch_pages(urls, settings(concurrency=1))

    assert [b">alone<" in outcomes[url].body for url in urls] == [True, True]


def test_pages_that_never_end_hit_the_deadline_while_good_pages_succeed(faulty_site: FaultySite,
                                                                        other_faulty_site: FaultySite) -> None:
    stuck = [faulty_site.url("/never"), faulty_site.url("/drip")]
    good = faulty_site.article_urls()[:2] + other_faulty_site.article_urls()
    started = time.monotonic()

    outcomes = fetch_pages(stuck + good, settings(total_timeout=3.0, retries=0))

    assert time.monotonic() - started < 30
    assert [outcomes[url].reason for url in stuck] == ["timeout", "timeout"]
    assert all(isinstance(outcomes[url], Fetched) for url in good)


def test_works_when_called_from_a_running_event_loop(faulty_site: FaultySite) -> None:
    url = faulty_site.url("/articles/strike.html")

    async def caller() -> dict:
        return fetch_pages([url], settings())

    assert isinstance(asyncio.run(caller())[url], Fetched)


def test_each_failed_url_is_one_log_line_and_nothing_is_printed(faulty_site: FaultySite, caplog, capsys) -> None:
    caplog.set_level(logging.INFO, logger="newsware.fetch")

    fetch_pages([faulty_site.url("/status/404"), faulty_site.url("/image.png"), faulty_site.url("/feed.xml")],
                settings())

    assert sorted(record.getMessage().split(":")[0] for record in caplog.records
                  if record.name == "newsware.fetch") == ["not fetched (http 404)", "not fetched (not a document)"]
    assert capsys.readouterr().out == ""


def test_no_urls_fetch_nothing() -> None:
    assert fetch_pages([], settings()) == {}


def test_fetch_settings_come_from_the_environment_and_are_checked() -> None:
    assert load_settings(environ={"NEWSWARE_FETCH__TOTAL_TIMEOUT": "2"}).fetch.total_timeout == 2.0
    with pytest.raises(ConfigError, match="fetch.per_host_concurrency"):
        load_settings(environ={"NEWSWARE_FETCH__PER_HOST_CONCURRENCY": "0"})
