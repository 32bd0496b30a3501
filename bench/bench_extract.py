"""Benchmark: newsware's clean + extract against bare `trafilatura.extract` on the same pages, one run.

Usage:  .venv/bin/python bench/bench_extract.py [--pages DIR] [--limit N]
        (or `make bench`; reads ../shared/pages by default)

Each page is decoded once, then, page by page and alternately, (1) bare trafilatura.extract on the
str, (2) our cleaning stage (trafilatura with metadata, plus our post-cleaning), (3) our extraction
stage (people, quotes, equipment) on the cleaned text; the language identification inside (2) is timed
again on its own, on the same text. Times are CPU-bound and single-process; the
worker pool used by real runs is timed separately on the same pages. Peak memory: tracemalloc peak
of each stage in a second, shorter pass (tracemalloc slows code, so it never overlaps the timings).
"""
from __future__ import annotations

import argparse
import gzip
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from transforms.clean import clean_html_document, page_language  # noqa: E402
from transforms.extract import extract_article, extract_documents, load_extractors  # noqa: E402
from transforms.ingest import decode_bytes  # noqa: E402
from transforms.language import identify_language  # noqa: E402
from transforms.model import RawDocument  # noqa: E402
from transforms.settings import REPO_ROOT, load_settings  # noqa: E402


def read_pages(folder: Path, limit: int) -> list[RawDocument]:
    pages = []
    for path in sorted(folder.glob("*.gz"))[:limit]:
        html = decode_bytes(gzip.decompress(path.read_bytes()), None)
        pages.append(RawDocument(source=path.name, content=html, kind="html"))
    return pages


def timed(function, *args):
    start = time.perf_counter()
    try:
        result = function(*args)
    except Exception:  # a page our cleaner rejects still cost its time
        result = None
    return time.perf_counter() - start, result


def peak_kib(function, items) -> float:
    tracemalloc.start()
    for item in items:
        try:
            function(item)
        except Exception:
            pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=REPO_ROOT.parent / "shared" / "pages")
    parser.add_argument("--limit", type=int, default=1000, help="at most this many pages")
    args = parser.parse_args()
    if not args.pages.is_dir():
        sys.exit(f"bench: no page folder at {args.pages}; pass --pages DIR")

    settings = load_settings()
    extractors = load_extractors(settings)
    pages = read_pages(args.pages, args.limit)
    bare, ours_clean, ours_extract, ours_language, extracted_chars = [], [], [], [], 0
    for page in pages:
        seconds, _ = timed(trafilatura.extract, page.content)
        bare.append(seconds)
        seconds, article = timed(clean_html_document, page)
        ours_clean.append(seconds)
        if article is not None:
            seconds, _ = timed(extract_article, article, extractors)
            ours_extract.append(seconds)
            seconds, _ = timed(identify_language, article.text, page_language(page.content))
            ours_language.append(seconds)
            extracted_chars += len(article.text)

    start = time.perf_counter()
    articles, rejects = extract_documents(pages, settings)
    pool_seconds = time.perf_counter() - start

    sample = pages[:100]
    cleaned = [a for a in (timed(clean_html_document, p)[1] for p in sample) if a is not None]
    memory = {
        "bare trafilatura.extract": peak_kib(lambda p: trafilatura.extract(p.content), sample),
        "our clean stage": peak_kib(clean_html_document, sample),
        "our extract stage": peak_kib(lambda a: extract_article(a, extractors), cleaned),
    }

    n, total_bare = len(pages), sum(bare)
    total_ours = sum(ours_clean) + sum(ours_extract)
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"pages: {n} from {args.pages} ({len(ours_extract)} cleaned to an article, "
          f"{extracted_chars / max(1, len(ours_extract)):.0f} chars on average)")
    print(f"{'stage':<40}{'pages/s':>10}{'ms/page mean':>14}{'median':>9}")
    rows = [("bare trafilatura.extract", bare), ("our clean stage (trafilatura + metadata)", ours_clean),
            ("our extract stage (people/quotes/equip.)", ours_extract),
            ("  language identification (in clean)", ours_language)]
    for label, seconds in rows:
        print(f"{label:<40}{len(seconds) / sum(seconds):>10.1f}{1000 * statistics.mean(seconds):>14.2f}"
              f"{1000 * statistics.median(seconds):>9.2f}")
    print(f"{'our clean + extract, in-process':<40}{n / total_ours:>10.1f}{1000 * total_ours / n:>14.2f}")
    print(f"{'our clean + extract, worker pool':<40}{n / pool_seconds:>10.1f}{1000 * pool_seconds / n:>14.2f}"
          f"   ({settings.clean.workers} workers, {len(articles)} articles, {len(rejects)} rejects)")
    print(f"ratio ours (clean + extract) / bare trafilatura: {total_ours / total_bare:.2f}x the time")
    print(f"ratio extract stage / bare trafilatura per article: "
          f"{statistics.mean(ours_extract) / statistics.mean(bare):.3f}")
    print(f"ratio language identification / bare trafilatura per article: "
          f"{statistics.mean(ours_language) / statistics.mean(bare):.3f}")
    print("peak memory (tracemalloc, first 100 pages): " +
          ", ".join(f"{label} {kib / 1024:.1f} MiB" for label, kib in memory.items()))
    print(f"peak RSS of this process (all stages in-process): "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
