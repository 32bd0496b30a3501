"""Benchmark: a nightly run over a site's sitemap and feed, first into an empty warehouse, then again with
nothing changed, in one process against one Prefect server, on a loopback HTTP server of our own.

Usage:  .venv/bin/python bench/bench_incremental.py [--pages DIR] [--limit N]
        (or `make bench-incremental`; serves ../shared/pages by default)

Runs, each one `run_pipeline` flow run (the Prefect server's start-up is paid once, before any):
  1. first:     the sitemap into an empty warehouse: every page fetched, cleaned, extracted, loaded;
  2. sitemap:   the same sitemap again: every page listed with the same lastmod, so none is fetched;
  3. feed:      a feed of the same pages with no dates: each page asked for with its ETag, a 304 each.
Printed: wall time, requests the server saw, articles new / unchanged, and the ratios first / later.
Politeness is off for the loopback host (no per-host delay, 8 at once): a real site's delays would only
widen the gap.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import http.server
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from flows.runlog import prepare_prefect  # noqa: E402
from flows.prefect_server import prefect_api  # noqa: E402
from transforms.settings import REPO_ROOT  # noqa: E402

LASTMOD = "2026-12-01"


class _Site(http.server.BaseHTTPRequestHandler):
    """The pages, a sitemap with a lastmod for each, a feed without dates; ETags and 304s."""

    pages: dict[str, bytes] = {}
    requests = 0

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).requests += 1
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/sitemap.xml":
            body = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(
                f"<url><loc>{base}/{name}</loc><lastmod>{LASTMOD}</lastmod></url>" for name in self.pages)
                + "</urlset>").encode()
            return self._send(body, "application/xml")
        if self.path == "/feed.xml":
            body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>All</title>' + "".join(
                f"<item><link>{base}/{name}</link></item>" for name in self.pages) + "</channel></rss>").encode()
            return self._send(body, "application/rss+xml")
        body = self.pages.get(self.path.lstrip("/"))
        if body is None:
            return self.send_error(404)
        etag = '"' + hashlib.md5(body).hexdigest() + '"'  # noqa: S324 - an ETag, not security
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        return self._send(body, "text/html; charset=utf-8", etag)

    def _send(self, body: bytes, content_type: str, etag: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=REPO_ROOT.parent / "shared" / "pages")
    parser.add_argument("--limit", type=int, default=10_000)
    args = parser.parse_args()
    _Site.pages = {path.name.removesuffix(".gz"): gzip.decompress(path.read_bytes())
                   for path in sorted(args.pages.glob("*.html.gz"))[:args.limit]}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    os.environ.update({"NEWSWARE_FETCH__PER_HOST_DELAY": "0", "NEWSWARE_FETCH__PER_HOST_CONCURRENCY": "8",
                       "NEWSWARE_INGEST__MAX_LINKS_PER_FEED": str(len(_Site.pages) + 1)})
    prepare_prefect()
    with tempfile.TemporaryDirectory() as scratch, prefect_api(startup_timeout=600) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        from flows.pipeline import run_pipeline

        warehouse = str(Path(scratch) / "bench.duckdb")
        results = []
        for name, source in [("first", "/sitemap.xml"), ("sitemap", "/sitemap.xml"), ("feed", "/feed.xml")]:
            _Site.requests = 0
            start = time.perf_counter()
            summary = run_pipeline([base + source], warehouse=warehouse)
            seconds = time.perf_counter() - start
            results.append((name, seconds))
            print(f"{name:8} {seconds:7.1f} s  {_Site.requests:5d} requests  {summary.articles_new:4d} new  "
                  f"{summary.articles_unchanged:4d} unchanged ({summary.pages_unchanged} not read again)  "
                  f"{len(summary.rejects):3d} rejected", flush=True)
    first = results[0][1]
    print(f"{len(_Site.pages)} pages; first run / unchanged rerun: "
          + ", ".join(f"{first / seconds:.1f}x ({name})" for name, seconds in results[1:]))
    print("command: .venv/bin/python bench/bench_incremental.py" + "".join(f" {a}" for a in sys.argv[1:]))
    server.shutdown()


if __name__ == "__main__":
    main()
