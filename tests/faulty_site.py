"""A small news site on 127.0.0.1, good and faulty, for tests of fetching and ingest over real HTTP.

    with running_site() as site:                  # or the `faulty_site` / `other_faulty_site` fixtures
        fetch_pages([site.url("/articles/strike.html"), site.url("/status/404")], settings)
        assert site.hits["/articles/strike.html"] == 1

Good content (every link absolute, built from `articles`, by default `ARTICLES`):
    /articles/<slug>.html     an article (HTML, a few paragraphs, charset=utf-8) with an ETag and a
                              Last-Modified; answers 304 to a matching If-None-Match or If-Modified-Since
    /feed.xml                 RSS 2.0 linking to every article
    /sitemap.xml              a sitemap index of /sitemaps/first.xml and /sitemaps/second.xml.gz (gzip
                              file, application/x-gzip), which share the articles between them
    /gzipped.html             an article sent with Content-Encoding: gzip
    /no-type.html             an article without a Content-Type header
    /redirect/<path>          301 to /<path>
    /slow/<n>                 an article after `slow_seconds` (for concurrency: `max_concurrent`)
    /meet/<n>                 an article saying "met" once a /meet/ request has reached every site
                              sharing this one's `rendezvous` barrier, "alone" after `meet_seconds`
    /private/<name>.html      an article that robots.txt disallows
    /robots.txt               `robots` (Disallow: /private/), or an empty answer `robots_status`
Faults:
    /status/<code>            that status, always (404, 500...)
    /flaky                    503 the first time, then an article
    /rate-limited             429 with Retry-After: 1 the first time, then an article
    /rate-limited-date        the same, with Retry-After as an HTTP-date 2 s ahead
    /rate-limited-long        429 with Retry-After: 3600, always
    /never                    reads the request and never answers (until the site stops)
    /drip                     headers, then one byte every 0.5 s (until 1000 bytes or the site stops)
    /loop/a, /loop/b          302 to each other, forever
    /redirect-file            302 to file:///etc/passwd
    /huge-declared            Content-Length 1,000,000,000 (then a few bytes)
    /huge-streamed            no Content-Length, 64 KiB chunks until `huge_bytes` or the client leaves
    /gzip-bomb                Content-Encoding: gzip, ~10 KB that inflate to `bomb_bytes` of zeros
    /binary.html              PNG-like bytes with NULs, served as text/html
    /mislabelled.html         windows-1252 bytes ("Hélène") served as charset=utf-8
    /image.png                image/png
Anything else is a 404. `hits` counts requests per path (query dropped), `starts` lists (path,
time.monotonic()) of each request as it arrived, `max_concurrent` is the most requests being answered at
once (a slow page until its bytes go out; a handler that never answers or drips until it ends, whether or
not the client is still there).
"""
from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email.utils import formatdate
from functools import cache
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLES: dict[str, tuple[str, list[str]]] = {
    "strike": ("Navy tests new anti-ship missile", [
        "The navy said on Tuesday it had test-fired a new anti-ship missile from a frigate in the Arabian Sea.",
        "\u201cThe missile hit its target with precision,\u201d the navy spokesman told reporters in New Delhi.",
        "Officials said the weapon would enter service with the fleet next year.",
    ]),
    "talks": ("Ministers meet in Oslo on arms control", [
        "Foreign ministers from six countries met in Oslo on Monday to discuss arms control.",
        "\u201cWe made progress, but there is much left to do,\u201d the Norwegian foreign minister said.",
        "A second round of talks is planned for the spring.",
    ]),
    "drones": ("Army orders reconnaissance drones", [
        "The army has ordered 40 reconnaissance drones from a domestic maker, the defence ministry said.",
        "Deliveries are due to begin within eighteen months.",
        "\u201cThese drones give our units eyes beyond the next hill,\u201d a senior officer said.",
    ]),
    "budget": ("Parliament passes defence budget", [
        "Parliament passed the annual defence budget on Thursday after a long debate.",
        "The budget raises spending on air defence and on training.",
        "Opposition members said the increase was too small.",
    ]),
}
ROBOTS_TXT = "User-agent: *\nDisallow: /private/\n"
LAST_MODIFIED = "Mon, 02 Nov 2026 08:00:00 GMT"
HELENE_CP1252 = "<html><body><p>H\u00e9l\u00e8ne Dupont a parl\u00e9.</p></body></html>".encode("cp1252")
PNG_LIKE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" * 20


def article_html(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)
    return (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{escape(title)}</title></head>"
            f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>")


@cache
def gzip_bomb(decompressed_bytes: int) -> bytes:
    """Zeros, gzip-compressed in memory piece by piece (about 1000:1)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    parts = [compressor.compress(zeros[:min(len(zeros), decompressed_bytes - done)])
             for done in range(0, decompressed_bytes, len(zeros))]
    return b"".join(parts) + compressor.flush()


class FaultySite:
    """The site's content and what it saw; `url(path)` is the absolute URL of a path on it."""

    def __init__(self, articles: Mapping[str, tuple[str, list[str]]] = ARTICLES, robots: str = ROBOTS_TXT,
                 robots_status: int = 200, slow_seconds: float = 0.3, huge_bytes: int = 50_000_000,
                 bomb_bytes: int = 10_000_000, rendezvous: threading.Barrier | None = None,
                 meet_seconds: float = 5.0) -> None:
        self.articles = dict(articles)
        self.robots = robots
        self.robots_status = robots_status
        self.slow_seconds = slow_seconds
        self.huge_bytes = huge_bytes
        self.bomb_bytes = bomb_bytes
        self.rendezvous = rendezvous
        self.meet_seconds = meet_seconds
        self.hits: Counter[str] = Counter()
        self.starts: list[tuple[str, float]] = []
        self.max_concurrent = 0
        self.stopping = threading.Event()
        self._active = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.site = self  # type: ignore[attr-defined]
        self._server.handle_error = lambda request, address: None  # clients that leave mid-answer are normal
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def article_urls(self) -> list[str]:
        return [self.url(f"/articles/{slug}.html") for slug in self.articles]

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         name=f"faulty-site-{self._server.server_port}", daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()  # wakes the handlers that never answer or drip
        self._server.shutdown()
        self._server.server_close()

    def _arrived(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1
            self.starts.append((path, time.monotonic()))
            self._active += 1
            self.max_concurrent = max(self.max_concurrent, self._active)

    def _left(self) -> None:
        with self._lock:
            self._active -= 1


@contextmanager
def running_site(**options: object) -> Iterator[FaultySite]:
    """A `FaultySite` (options as its constructor's) serving in a daemon thread until the block ends."""
    site = FaultySite(**options)  # type: ignore[arg-type]
    site.start()
    try:
        yield site
    finally:
        site.stop()


@pytest.fixture
def faulty_site() -> Iterator[FaultySite]:
    with running_site() as site:
        yield site


@pytest.fixture
def other_faulty_site() -> Iterator[FaultySite]:
    """A second host (another port) with the same content."""
    with running_site() as site:
        yield site


class _Handler(BaseHTTPRequestHandler):
    server_version = "FaultySite/1.0"

    @property
    def site(self) -> FaultySite:
        return self.server.site  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]
        self.site._arrived(path)
        self._counted = True
        try:
            self._answer(path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a deadline, a size cap): what these pages are for
        finally:
            self._answered()

    def _answered(self) -> None:
        """No longer counted as being answered. A slow page says so before its bytes go out: once they
        arrive the client may send its next request, which this thread may not yet have seen out."""
        if self._counted:
            self._counted = False
            self.site._left()

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, path: str) -> None:
        site = self.site
        if path.startswith("/articles/") and path.endswith(".html") and path[10:-5] in site.articles:
            return self._article(path[10:-5])
        if path.startswith("/private/"):
            return self._send(200, "text/html; charset=utf-8", article_html("Private", ["Not for robots."]).encode())
        if path.startswith("/status/") and path[8:].isdigit():
            return self._send(int(path[8:]), "text/html; charset=utf-8", b"<html><p>Status page.</p></html>")
        if path.startswith("/redirect/"):
            return self._redirect(301, path[len("/redirect"):])
        if path.startswith("/slow/"):
            time.sleep(site.slow_seconds)
            self._answered()
            return self._send(200, "text/html; charset=utf-8", article_html("Slow", ["A slow page."]).encode())
        if path.startswith("/meet/"):
            return self._meet()
        handler = getattr(self, "page_" + path.strip("/").replace("-", "_").replace(".", "_").replace("/", "_"), None)
        if handler is None:
            return self._send(404, "text/html; charset=utf-8", b"<html><p>Not found.</p></html>")
        return handler()

    def _send(self, status: int, content_type: str | None, body: bytes, **headers: str) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _article(self, slug: str) -> None:
        etag = f'"{slug}-v1"'
        if self.headers.get("If-None-Match") == etag or self.headers.get("If-Modified-Since") == LAST_MODIFIED:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        title, paragraphs = self.site.articles[slug]
        self._send(200, "text/html; charset=utf-8", article_html(title, paragraphs).encode(),
                   ETag=etag, Last_Modified=LAST_MODIFIED)

    def _meet(self) -> None:
        try:
            if self.site.rendezvous is None:
                raise threading.BrokenBarrierError
            self.site.rendezvous.wait(timeout=self.site.meet_seconds)
            said = "met"
        except threading.BrokenBarrierError:
            said = "alone"
        self._send(200, "text/html; charset=utf-8", article_html("Meeting", [said]).encode())

    # Pages named after their path: /feed.xml -> page_feed_xml, /loop/a -> page_loop_a.

    def page_robots_txt(self) -> None:
        status = self.site.robots_status
        self._send(status, "text/plain", self.site.robots.encode() if status == 200 else b"")

    def page_feed_xml(self) -> None:
        items = "".join(f"<item><title>{escape(title)}</title><link>{self.site.url(f'/articles/{slug}.html')}</link>"
                        f"<pubDate>{LAST_MODIFIED}</pubDate></item>" for slug, (title, _) in self.site.articles.items())
        self._send(200, "application/rss+xml; charset=utf-8",
                   (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Faulty News</title>'
                    f"<link>{self.site.base_url}/</link>{items}</channel></rss>").encode())

    def page_sitemap_xml(self) -> None:
        children = "".join(f"<sitemap><loc>{self.site.url(path)}</loc></sitemap>"
                           for path in ("/sitemaps/first.xml", "/sitemaps/second.xml.gz"))
        self._send(200, "application/xml", (f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns='
                                            f'"http://www.sitemaps.org/schemas/sitemap/0.9">{children}</sitemapindex>'
                                            ).encode())

    def _child_sitemap(self, half: int) -> bytes:
        urls = self.site.article_urls()
        mine = urls[: (len(urls) + 1) // 2] if half == 0 else urls[(len(urls) + 1) // 2:]
        entries = "".join(f"<url><loc>{url}</loc></url>" for url in mine)
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>').encode()

    def page_sitemaps_first_xml(self) -> None:
        self._send(200, "application/xml", self._child_sitemap(0))

    def page_sitemaps_second_xml_gz(self) -> None:
        self._send(200, "application/x-gzip", gzip.compress(self._child_sitemap(1), mtime=0))

    def page_gzipped_html(self) -> None:
        title, paragraphs = next(iter(self.site.articles.values()))
        self._send(200, "text/html; charset=utf-8", gzip.compress(article_html(title, paragraphs).encode()),
                   Content_Encoding="gzip")

    def page_no_type_html(self) -> None:
        title, paragraphs = next(iter(self.site.articles.values()))
        self._send(200, None, article_html(title, paragraphs).encode())

    def page_flaky(self) -> None:
        if self.site.hits["/flaky"] == 1:
            return self._send(503, "text/html", b"<html><p>Try again.</p></html>")
        self._send(200, "text/html; charset=utf-8", article_html("Flaky", ["Second time lucky."]).encode())

    def page_rate_limited(self) -> None:
        if self.site.hits["/rate-limited"] == 1:
            return self._send(429, "text/plain", b"slow down", Retry_After="1")
        self._send(200, "text/html; charset=utf-8", article_html("Patience", ["Worth the wait."]).encode())

    def page_rate_limited_date(self) -> None:
        if self.site.hits["/rate-limited-date"] == 1:
            return self._send(429, "text/plain", b"slow down", Retry_After=formatdate(time.time() + 2, usegmt=True))
        self._send(200, "text/html; charset=utf-8", article_html("Patience", ["Worth the wait."]).encode())

    def page_rate_limited_long(self) -> None:
        self._send(429, "text/plain", b"come back tomorrow", Retry_After="3600")

    def page_never(self) -> None:
        self.site.stopping.wait(timeout=120)

    def page_drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        for _ in range(1000):
            if self.site.stopping.wait(timeout=0.5):
                return
            self.wfile.write(b"x")
            self.wfile.flush()

    def page_loop_a(self) -> None:
        self._redirect(302, "/loop/b")

    def page_loop_b(self) -> None:
        self._redirect(302, "/loop/a")

    def page_redirect_file(self) -> None:
        self._redirect(302, "file:///etc/passwd")

    def page_huge_declared(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", "1000000000")
        self.end_headers()
        self.wfile.write(b"<html>" + b"x" * 1000)

    def page_huge_streamed(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: HTTP/1.0, the body ends when the connection closes
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        for _ in range(0, self.site.huge_bytes, len(chunk)):
            if self.site.stopping.is_set():
                return
            self.wfile.write(chunk)

    def page_gzip_bomb(self) -> None:
        self._send(200, "text/html", gzip_bomb(self.site.bomb_bytes), Content_Encoding="gzip")

    def page_binary_html(self) -> None:
        self._send(200, "text/html", PNG_LIKE)

    def page_mislabelled_html(self) -> None:
        self._send(200, "text/html; charset=utf-8", HELENE_CP1252)

    def page_image_png(self) -> None:
        self._send(200, "image/png", PNG_LIKE)
