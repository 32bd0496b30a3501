"""Polite, bounded, concurrent HTTP fetching: the network side of reading pages, feeds and sitemaps.

`fetch_pages` downloads a batch of URLs with httpx on an asyncio loop: at most `[fetch] concurrency`
requests in flight, at most `per_host_concurrency` to one host with `per_host_delay` seconds (or the
host's robots.txt Crawl-delay) between the starts of two requests to it, a deadline on every request
and its whole body, bounded retries, and the `[ingest] max_bytes` cap enforced while the body streams
in. Every URL ends as a `Fetched`, a `NotModified` or a `Reject` (stage "fetch"); nothing raises.
A host is a scheme, name and port (robots.txt is per origin, RFC 9309). Parsing is transforms/' job.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import logging
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.robotparser import RobotFileParser

import httpx

from flows.stopping import stop_requested
from transforms.ingest import Fetched
from transforms.model import Reject
from transforms.settings import Settings

LOG = logging.getLogger("newsware.fetch")
STAGE = "fetch"
STOP_CHECK_SECONDS = 0.2
# What a page, a feed or a sitemap is served as; a missing Content-Type is accepted too, and left to
# the pure side to sniff. Sitemaps come as .xml.gz files (gzip or octet-stream).
DOCUMENT_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain",
    "text/xml", "application/xml", "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/gzip", "application/x-gzip", "application/octet-stream",
})
TEXT_TYPES = frozenset(DOCUMENT_TYPES - {"application/gzip", "application/x-gzip", "application/octet-stream"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
# RFC 9309 asks crawlers to parse at least 500 KiB of a robots.txt; the rest is ignored.
ROBOTS_MAX_BYTES = 512_000
GZIP_MAGIC = b"\x1f\x8b"
UNICODE_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
CHARSET_PARAM = re.compile(r""";\s*charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
    # Only what `_Decompressor` undoes: httpx's own decoding cannot be capped mid-chunk.
    "Accept-Encoding": "gzip, deflate",
}


@dataclass(frozen=True)
class Validators:
    """What the warehouse remembers of a URL from the last time it was loaded."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class NotModified:
    """The server answered 304 to our conditional request; `url` is after redirects, as in `Fetched`."""

    url: str


Outcome = Fetched | NotModified | Reject


def fetch_pages(urls: Sequence[str], settings: Settings,
                validators: Mapping[str, Validators] | None = None) -> dict[str, Fetched | NotModified | Reject]:
    """Fetch every URL (duplicates once), concurrently across hosts and politely per host; one outcome per
    URL keyed by the URL as given; never raises for one URL (its failure is a Reject with stage "fetch")."""
    unique = list(dict.fromkeys(urls))
    if not unique:
        return {}

    def run() -> dict[str, Outcome]:
        return asyncio.run(_fetch_all(unique, settings, dict(validators or {})))

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return run()
    # asyncio.run cannot nest in a loop already running in this thread (an async caller, a notebook).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsware-fetch") as pool:
        return pool.submit(run).result()


async def _fetch_all(urls: list[str], settings: Settings, validators: dict[str, Validators]) -> dict[str, Outcome]:
    """Every URL's outcome; once the run is stopping (`stop_requested`, looked at every
    STOP_CHECK_SECONDS: a batch thread gets no signal of its own), the requests still going are cancelled
    and their URLs rejected as `stopped`, so that the run does not wait for slow servers."""
    async with _Crawler(settings) as crawler:
        fetches = [asyncio.ensure_future(crawler.fetch(url, validators.get(url))) for url in urls]
        going = set(fetches)
        while going and not stop_requested.is_set():
            _, going = await asyncio.wait(going, timeout=STOP_CHECK_SECONDS)
        for fetch in going:
            fetch.cancel()
        await asyncio.gather(*going, return_exceptions=True)
    return {url: Reject(url, STAGE, "stopped", "the run was stopped before this page was fetched")
            if fetch.cancelled() else fetch.result() for url, fetch in zip(urls, fetches)}


class FetchFailure(Exception):
    """Why one request failed; `retryable` failures are tried again, after `retry_after` s if the server said."""

    def __init__(self, reason: str, detail: str, *, status: int | None = None, retryable: bool = False,
                 retry_after: float | None = None) -> None:
        super().__init__(reason, detail)
        self.reason = reason
        self.detail = _one_line(detail)
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass
class _Answer:
    """One HTTP response: a 2xx with its body, or a 304 or redirect without one."""

    url: httpx.URL
    status: int
    headers: httpx.Headers
    body: bytes = b""


@dataclass
class _Host:
    """Politeness state of one origin for the length of one `fetch_pages` call."""

    slots: asyncio.Semaphore
    delay: float
    gate: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_start: float = 0.0                      # loop time before which no request to it may start
    robots_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    robots: RobotFileParser | FetchFailure | None = None


class _Crawler:
    """One httpx client and the per-host state shared by every URL of one call."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings.fetch
        self.max_bytes = settings.ingest.max_bytes
        self.slots = asyncio.Semaphore(self.settings.concurrency)
        self.hosts: dict[tuple[str, str, int | None], _Host] = {}
        self.client = httpx.AsyncClient(
            headers={"User-Agent": self.settings.user_agent, **HEADERS},
            timeout=httpx.Timeout(connect=self.settings.connect_timeout, read=self.settings.read_timeout,
                                  write=self.settings.read_timeout, pool=self.settings.connect_timeout),
            limits=httpx.Limits(max_connections=self.settings.concurrency,
                                max_keepalive_connections=self.settings.concurrency),
            follow_redirects=False,
        )

    async def __aenter__(self) -> _Crawler:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.client.aclose()

    async def fetch(self, url: str, validators: Validators | None) -> Outcome:
        """One URL's outcome; whatever goes wrong becomes its Reject and one log line."""
        try:
            outcome: Outcome = await self._follow(url, validators)
        except FetchFailure as failure:
            outcome = Reject(url, STAGE, failure.reason, failure.detail)
        except Exception as err:  # noqa: BLE001 - one URL's surprise must not sink the batch
            outcome = Reject(url, STAGE, "error", _one_line(f"{url}: {type(err).__name__}: {err}"))
        if isinstance(outcome, Reject):
            LOG.info("not fetched (%s): %s", outcome.reason, outcome.detail)
        return outcome

    async def _follow(self, url: str, validators: Validators | None) -> Fetched | NotModified:
        """GET the URL, following at most `max_redirects` redirects to http(s) URLs, robots.txt checked at each."""
        headers = _conditional_headers(validators)
        current = _parse_url(url)
        for _ in range(self.settings.max_redirects + 1):
            await self._check_robots(current)
            answer = await self._get(current, headers, robots=False)
            if answer.status == 304:
                if not headers:
                    raise FetchFailure("http 304", f"{current}: answered 304 Not Modified to an unconditional request")
                return NotModified(str(current))
            if answer.status not in REDIRECTS:
                content_type, charset = _content_type(answer.headers)
                return Fetched(url=str(current), body=answer.body, charset=charset, content_type=content_type,
                               etag=answer.headers.get("etag"), last_modified=answer.headers.get("last-modified"))
            current = _redirect_target(answer)
        raise FetchFailure("too many redirects", f"{url}: more than max_redirects {self.settings.max_redirects} "
                           f"redirects (the last to {current})")

    async def _get(self, url: httpx.URL, headers: dict[str, str], *, robots: bool) -> _Answer:
        """One request, tried again after transient failures (timeouts, connection errors, 5xx, 429)."""
        host = self._host(url)
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                return await self._attempt(host, url, headers, robots=robots)
            except FetchFailure as failure:
                if not failure.retryable or attempt + 1 == attempts:
                    if attempt:
                        failure.detail += f" (gave up after {attempt + 1} tries)"
                    raise
                wait = failure.retry_after if failure.retry_after is not None else self.settings.backoff * 2 ** attempt
                if failure.status == 429:
                    # Rate limiting is host-wide: every request to this host waits, not only this one.
                    host.next_start = max(host.next_start, asyncio.get_running_loop().time() + wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(self, host: _Host, url: httpx.URL, headers: dict[str, str], *, robots: bool) -> _Answer:
        total = self.settings.total_timeout
        async with host.slots:
            await self._start(host)
            try:
                async with asyncio.timeout(total):
                    return await self._request(url, headers, robots=robots)
            except TimeoutError:
                raise FetchFailure("timeout", f"{url}: no complete response within total_timeout {total:g} s",
                                   retryable=True) from None
            except httpx.TimeoutException as err:
                raise FetchFailure("timeout", f"{url}: {_timeout_kind(err)} timed out", retryable=True) from None
            except (httpx.UnsupportedProtocol, httpx.InvalidURL, httpx.LocalProtocolError) as err:
                raise FetchFailure("bad url", f"{url}: {err}") from None
            except httpx.TransportError as err:
                raise FetchFailure("connection error", f"{url}: {type(err).__name__}: {err}", retryable=True) from None
            finally:
                self.slots.release()

    async def _start(self, host: _Host) -> None:
        """Wait for this host's turn (its delay since the last start), then take a global slot."""
        loop = asyncio.get_running_loop()
        async with host.gate:
            while True:
                wait = host.next_start - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                    continue
                await self.slots.acquire()
                if host.next_start <= loop.time():
                    break
                self.slots.release()  # a 429 paused the host while we waited for the slot
            host.next_start = loop.time() + host.delay

    async def _request(self, url: httpx.URL, headers: dict[str, str], *, robots: bool) -> _Answer:
        async with self.client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status == 304 or status in REDIRECTS:
                return _Answer(url, status, response.headers)
            if status == 429 or status >= 500:
                raise self._transient(response)
            if not 200 <= status < 300:
                raise FetchFailure(f"http {status}", f"{url}: answered {status} {response.reason_phrase}".rstrip(),
                                   status=status)
            if robots:
                body = await _read_body(response, ROBOTS_MAX_BYTES, truncate=True)
                return _Answer(url, status, response.headers, body)
            content_type, _ = _content_type(response.headers)
            if content_type and content_type not in DOCUMENT_TYPES:
                raise FetchFailure("not a document", f"{url}: served as {content_type}", status=status)
            body = await _read_body(response, self.max_bytes, truncate=False)
            if content_type in TEXT_TYPES and _looks_binary(body):
                raise FetchFailure("not a document", f"{url}: binary content (NUL bytes) served as {content_type}",
                                   status=status)
            return _Answer(url, status, response.headers, body)

    def _transient(self, response: httpx.Response) -> FetchFailure:
        """A 429 or 5xx as a failure worth retrying, unless the server asks for a longer wait than we give."""
        status = response.status_code
        reason = "rate limited" if status == 429 else f"http {status}"
        wait = _retry_after(response.headers.get("retry-after"))
        if wait is not None and wait > self.settings.max_retry_after:
            return FetchFailure(reason, f"{response.url}: answered {status} asking to wait {wait:.0f} s, more than "
                                f"max_retry_after {self.settings.max_retry_after:g} s", status=status)
        return FetchFailure(reason, f"{response.url}: answered {status} {response.reason_phrase}".rstrip(),
                            status=status, retryable=True, retry_after=wait)

    def _host(self, url: httpx.URL) -> _Host:
        key = (url.scheme, url.host, url.port)
        if key not in self.hosts:
            self.hosts[key] = _Host(slots=asyncio.Semaphore(self.settings.per_host_concurrency),
                                    delay=self.settings.per_host_delay)
        return self.hosts[key]

    async def _check_robots(self, url: httpx.URL) -> None:
        """Raise unless the host's robots.txt (read once per call) lets our user agent fetch the URL."""
        if not self.settings.obey_robots:
            return
        host = self._host(url)
        async with host.robots_lock:
            if host.robots is None:
                host.robots = await self._read_robots(url)
                if isinstance(host.robots, RobotFileParser):
                    crawl_delay = host.robots.crawl_delay(self.settings.user_agent)
                    if crawl_delay:
                        host.delay = max(host.delay, min(float(crawl_delay), self.settings.max_crawl_delay))
        robots = host.robots
        if isinstance(robots, FetchFailure):
            # A host that is down is reported as down; one whose robots.txt errs, as such (RFC 9309: then
            # nothing may be fetched).
            reason = robots.reason if robots.reason in ("timeout", "connection error") else "robots.txt unreachable"
            raise FetchFailure(reason, f"{url}: not fetched, robots.txt failed ({robots.reason}: {robots.detail})")
        if not robots.can_fetch(self.settings.user_agent, str(url)):
            raise FetchFailure("disallowed by robots.txt", f"{url}: disallowed for our user agent by "
                               f"{url.copy_with(path='/robots.txt', query=None, fragment=None)}")

    async def _read_robots(self, url: httpx.URL) -> RobotFileParser | FetchFailure:
        """The host's robots.txt; a 4xx, a bad redirect or too many redirects mean no rules (RFC 9309);
        a 5xx, 429, timeout or connection error, after retries, is kept as the failure (nothing fetched)."""
        robots = RobotFileParser()
        current = url.copy_with(path="/robots.txt", query=None, fragment=None)
        for _ in range(self.settings.max_redirects + 1):
            try:
                answer = await self._get(current, {}, robots=True)
            except FetchFailure as failure:
                if failure.status and 400 <= failure.status < 500 and failure.status != 429:
                    break
                return failure
            if answer.status not in REDIRECTS:
                robots.parse(answer.body.decode("utf-8", errors="replace").splitlines())
                return robots
            try:
                current = _redirect_target(answer)
            except FetchFailure:
                break
        robots.parse([])
        return robots


async def _read_body(response: httpx.Response, limit: int, *, truncate: bool) -> bytes:
    """The body, decompressed, refused ("too large") or cut at `limit` bytes as it streams in, compressed or not."""
    declared = response.headers.get("content-length", "")
    if not truncate and declared.isdigit() and int(declared) > limit:
        raise FetchFailure("too large", f"{response.url}: Content-Length {declared} > max_bytes {limit}")
    decompressor = _Decompressor.for_encoding(response)
    body = bytearray()
    async for raw in response.aiter_raw():
        if response.num_bytes_downloaded > limit and not truncate:
            raise FetchFailure("too large", f"{response.url}: more than max_bytes {limit} bytes sent")
        body += decompressor.feed(raw, limit + 1 - len(body)) if decompressor else raw
        if len(body) > limit:
            if truncate:
                return bytes(body[:limit])
            raise FetchFailure("too large", f"{response.url}: more than max_bytes {limit} bytes"
                               f"{' once decompressed' if decompressor else ''}")
    return bytes(body)


class _Decompressor:
    """Content-Encoding gzip or deflate undone a bounded piece at a time, so a bomb never expands in memory."""

    def __init__(self, url: httpx.URL, encoding: str) -> None:
        self.url = url
        self.encoding = encoding
        self.started = False
        # 32 + MAX_WBITS reads a gzip or zlib header, whichever comes; bare deflate is tried on failure.
        self.inflater = zlib.decompressobj(32 + zlib.MAX_WBITS)

    @classmethod
    def for_encoding(cls, response: httpx.Response) -> _Decompressor | None:
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding in ("", "identity"):
            return None
        if encoding in ("gzip", "x-gzip", "deflate"):
            return cls(response.url, encoding)
        raise FetchFailure("bad encoding", f"{response.url}: unsupported Content-Encoding {encoding}")

    def feed(self, data: bytes, room: int) -> bytes:
        """At most `room` bytes of output; the caller stops once it has more than it can keep."""
        try:
            out = self.inflater.decompress(data, room)
        except zlib.error as err:
            if self.started or self.encoding != "deflate":
                raise FetchFailure("bad encoding", f"{self.url}: broken {self.encoding} body ({err})") from None
            self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            self.started = True
            return self.feed(data, room)
        self.started = True
        return out


def _parse_url(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as err:
        raise FetchFailure("bad url", f"{url}: {err}") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise FetchFailure("bad url", f"{url}: not an http(s) URL")
    return parsed


def _redirect_target(answer: _Answer) -> httpx.URL:
    location = answer.headers.get("location")
    if not location:
        raise FetchFailure("bad redirect", f"{answer.url}: answered {answer.status} without a Location")
    try:
        target = answer.url.join(location)
    except (httpx.InvalidURL, ValueError) as err:
        raise FetchFailure("bad redirect", f"{answer.url}: redirect to {location!r} ({err})") from None
    if target.scheme not in ("http", "https") or not target.host:
        raise FetchFailure("bad redirect", f"{answer.url}: redirect to {location!r}, not an http(s) URL")
    return target


def _conditional_headers(validators: Validators | None) -> dict[str, str]:
    headers = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _content_type(headers: httpx.Headers) -> tuple[str, str | None]:
    """(media type in lower case or "", charset in lower case or None) from the Content-Type header."""
    value = headers.get("content-type", "")
    media_type = value.split(";", 1)[0].strip().lower()
    charset = CHARSET_PARAM.search(value)
    return media_type, charset.group(1).lower() if charset else None


def _looks_binary(body: bytes) -> bool:
    """NUL bytes near the start of something served as text, and no gzip or UTF-16/32 mark to explain them."""
    return b"\x00" in body[:4096] and not body.startswith((GZIP_MAGIC, *UNICODE_BOMS))


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP-date), None when absent or unreadable."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _timeout_kind(err: httpx.TimeoutException) -> str:
    return {httpx.ConnectTimeout: "connecting", httpx.ReadTimeout: "reading", httpx.WriteTimeout: "sending",
            httpx.PoolTimeout: "waiting for a connection"}.get(type(err), "the request")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
