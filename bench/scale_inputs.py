"""Inputs of any size for the scale benchmarks: N distinct articles made from the real pages of
../shared/pages, as a JSONL file of {"url", "html"} records (or a folder of HTML files), written one
article at a time, so that N can be far more than fits in memory.

Usage:  .venv/bin/python bench/scale_inputs.py N OUT [--pages DIR] [--text]
        OUT ending in .jsonl or .jsonl.gz: one JSONL file (gzip-compressed for .gz); else a folder of N files.
        --text: {"url", "text", "published"} records of the pages' cleaned text instead of their HTML.

Article i is page i mod P (the P pages in name order), with:
- its own URL, https://<page's host>/bench/<i><page's path without digits>, as the record's url and the
  page's canonical link (its own canonical link, og:url and JSON-LD would give every copy one article id);
- a sentence of its own, "bench copy <i>: <a word made from i>.", put into the HTML where the words of the
  first paragraph of the page's cleaned text stand and the cleaning keeps it, so that its text and content
  hash are its own;
- its own publication date, the pages spread over three years and the copies of one page ten days apart
  (copies on one day, naming the same people, would all be one story);
- from its second copy on, the words between quotation marks reworded (names kept), so that copies of a
  quote are not one statement quoted by a hundred outlets.
The same N and pages give the same output, byte for byte.
"""
from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_nightly_big import TEXT_NODE, restamped, reworded  # noqa: E402
from transforms.clean import clean_html_document  # noqa: E402
from transforms.ingest import decode_bytes  # noqa: E402
from transforms.model import RawDocument, StageError  # noqa: E402
from transforms.settings import REPO_ROOT  # noqa: E402

DEFAULT_PAGES = REPO_ROOT.parent / "shared" / "pages"
LAST_DAY = date(2026, 11, 30)   # fixed, so that the same N gives the same file on any day
SPREAD_DAYS = 3 * 365
COPY_GAP_DAYS = 10
_SYLLABLES = "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu".split()
_QUOTED = re.compile(r'“[^”]+”|„[^“”]+[“”]|«[^»]+»|»[^«]+«|"[^"]+"')
_ENTITY = re.compile(r"(&#?\w+;)")
_BODY = re.compile(r"<body\b[^>]*>", re.I)
_UNREADABLE = re.compile(r"<(/?)(script|style|title|textarea|noscript)\b|<!--|-->", re.I)
WINDOW_WORDS = 4
PLACES_TRIED = 5


@dataclass(frozen=True)
class BasePage:
    path: Path
    url: str
    sentence_at: int | None   # offset in the decoded HTML where an article's own sentence goes


def base_pages(folder: Path) -> list[BasePage]:
    """The pages, each with a place in its HTML where the pipeline's cleaning keeps a sentence put there
    (found on two processes: a page is cleaned once, and again for each place tried)."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    paths = sorted(folder.glob("*.gz"))
    urls = [_page_url(index.get(path.name.removesuffix(".gz"), {}).get("url"), path) for path in paths]
    with multiprocessing.Pool(2) as pool:
        offsets = pool.starmap(kept_sentence_offset, zip(paths, urls), chunksize=4)
    pages = [BasePage(*page) for page in zip(paths, urls, offsets)]
    print(f"{len(pages)} pages, {sum(o is not None for o in offsets)} with a place for a sentence of their own",
          file=sys.stderr, flush=True)
    return pages


def _page_url(indexed: str | None, path: Path) -> str:
    parts = urlsplit((indexed or "").strip())
    if parts.scheme in ("http", "https") and parts.hostname:
        return parts.geturl()
    return f"https://bench.example/{path.name.removesuffix('.gz')}"   # none, or "hard::name.html"


def page_html(path: Path) -> str:
    return decode_bytes(gzip.decompress(path.read_bytes()), None)


def kept_sentence_offset(path: Path, url: str) -> int | None:
    """The first place tried where a sentence put into the page is in its cleaned text; None for a page
    the pipeline rejects, or where none of the first few places is kept."""
    html = page_html(path)

    def cleaned(html: str) -> str:
        return clean_html_document(RawDocument(source=path.name, content=restamped(html, url, LAST_DAY),
                                               kind="html")).text
    try:
        text = cleaned(html)
    except StageError:
        return None
    sentence = own_sentence(0)
    for offset in islice(paragraph_offsets(html, text), PLACES_TRIED):
        with suppress(StageError):
            if sentence.strip() in cleaned(f"{html[:offset]}{sentence}{html[offset:]}"):
                return offset
    return None


def paragraph_offsets(html: str, text: str) -> Iterator[int]:
    """Where four words in a row of the paragraphs of `text` stand in `html`, paragraph by paragraph,
    in text nodes of the body outside scripts, styles and comments (JSON-LD often holds the text too)."""
    body = _BODY.search(html)
    start = body.end() if body else 0
    seen = set()
    for paragraph in text.split("\n\n"):
        words = paragraph.split()
        for first in range(len(words) - WINDOW_WORDS + 1):
            window = words[first:first + WINDOW_WORDS]
            if any(mark in word for word in window for mark in "&<>"):
                continue  # written as entities in the HTML
            for match in re.finditer(r"\s+".join(map(re.escape, window)), html[start:]):
                offset = start + match.start()
                if offset not in seen and _readable_text(html, offset):
                    seen.add(offset)
                    yield offset


def _readable_text(html: str, offset: int) -> bool:
    """True when `offset` is in a text node outside scripts, styles, titles and comments."""
    if html.rfind("<", 0, offset) > html.rfind(">", 0, offset):
        return False   # inside a tag
    last = None
    for last in _UNREADABLE.finditer(html, 0, offset):
        pass
    return last is None or last.group(0) == "-->" or last.group(1) == "/"


def article_html(page: BasePage, number: int, copy: int, day: date) -> tuple[str, str]:
    """Article `number` (copy `copy` of `page`, published on `day`): its URL and HTML."""
    html = page_html(page.path)
    if copy:  # before the sentence goes in: rewording keeps every word's length, so the offset holds
        html = TEXT_NODE.sub(lambda node: ">" + _QUOTED.sub(lambda quote: _reworded_quote(quote.group(0), copy),
                                                             node.group(1)) + "<", html)
    if page.sentence_at is not None:
        html = f"{html[:page.sentence_at]}{own_sentence(number)}{html[page.sentence_at:]}"
    url = copy_url(page, number)
    return url, restamped(html, url, day)


def copy_url(page: BasePage, number: int) -> str:
    # The page's path without its digits: htmldate prefers a date in the URL to the one the page is given.
    path = re.sub(r"/+", "/", re.sub(r"\d+", "", urlsplit(page.url).path))
    return f"https://{urlsplit(page.url).hostname}/bench/{number}{path or '/'}"


def own_sentence(number: int) -> str:
    return f"bench copy {number}: {made_word(number)}. "


def made_word(number: int) -> str:
    syllables = [_SYLLABLES[number % len(_SYLLABLES)]]
    while number := number // len(_SYLLABLES):
        syllables.append(_SYLLABLES[number % len(_SYLLABLES)])
    return "".join(syllables)


def _reworded_quote(quote: str, copy: int) -> str:
    """The quote reworded, its entities (&amp;, &#8217;) kept whole."""
    return "".join(piece if _ENTITY.fullmatch(piece) else reworded(piece, copy, names_too=False)
                   for piece in _ENTITY.split(quote))


def copy_day(page: int, copy: int, pages: int) -> date:
    return LAST_DAY - timedelta(days=(page * SPREAD_DAYS // pages + copy * COPY_GAP_DAYS) % SPREAD_DAYS)


def articles(pages: list[BasePage], count: int) -> Iterator[tuple[str, str]]:
    """(url, html) of articles 0 .. count - 1, one page read from disk at a time."""
    for number in range(count):
        copy, page = divmod(number, len(pages))
        yield article_html(pages[page], number, copy, copy_day(page, copy, len(pages)))


def page_text(path: Path, url: str) -> str:
    """The page's text as newsware cleans it ("" for a page it rejects, which its copies are too)."""
    try:
        return clean_html_document(RawDocument(source=path.name, content=restamped(page_html(path), url, LAST_DAY),
                                               kind="html")).text
    except StageError:
        return ""


def text_records(pages: list[BasePage], count: int) -> Iterator[dict[str, str]]:
    """Articles 0 .. count - 1 as plain-text records: each page's cleaned text (cleaned once, on two
    processes), its quotes reworded from the second copy on, a sentence of its own, its own URL and date.
    Text skips trafilatura, so a 100k run takes minutes, not hours, and shows what the rest costs."""
    with multiprocessing.Pool(2) as pool:
        texts = pool.starmap(page_text, [(page.path, page.url) for page in pages], chunksize=4)
    for number in range(count):
        copy, page = divmod(number, len(pages))
        text = texts[page]
        if copy and text:
            text = _QUOTED.sub(lambda quote: reworded(quote.group(0), copy, names_too=False), text)
        yield {"url": copy_url(pages[page], number), "text": f"{text}\n\n{own_sentence(number)}" if text else "",
               "published": copy_day(page, copy, len(pages)).isoformat()}


def write_jsonl(pages: list[BasePage], count: int, path: Path, text: bool = False) -> None:
    """The articles as JSONL records (of HTML, or with `text` of plain text), gzip-compressed when `path`
    ends in .gz (100k HTML articles are 15 GB uncompressed); under a temporary name until complete, so
    that a cached file is always whole."""
    records = text_records(pages, count) if text else ({"url": url, "html": html} for url, html in articles(pages, count))
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as raw:
        out = gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=1, mtime=0) \
            if path.suffix == ".gz" else raw
        with out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    partial.replace(path)


def write_folder(pages: list[BasePage], count: int, folder: Path) -> None:
    """The articles as HTML files; with a UTF-8 byte order mark, which outranks the charset the page
    declares (it is no longer in that charset)."""
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    for number, (_, html) in enumerate(articles(pages, count)):
        (partial / f"{number:07d}.html").write_text(html, encoding="utf-8-sig")
    partial.replace(folder)


def cached_inputs(counts: list[int], folder: Path, pages_folder: Path, text: bool = False) -> dict[int, Path]:
    """A JSONL input of each size in `folder` (of HTML, or with `text` of plain text), made only if not
    there yet (delete it after changing how articles are made)."""
    kind = "text" if text else "articles"
    paths = {count: folder / f"{kind}-{count}.jsonl.gz" for count in counts}
    if missing := [count for count, path in paths.items() if not path.exists()]:
        folder.mkdir(parents=True, exist_ok=True)
        pages = base_pages(pages_folder)
        for count in missing:
            write_jsonl(pages, count, paths[count], text)
    return paths


def pages_or_articles_arguments(description: str) -> argparse.ArgumentParser:
    """The options of a benchmark run on the pages as they are or on N generated articles."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--articles", type=int, help="N generated articles instead of the pages as they are")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "newsware-bench",
                        help="generated inputs (kept) and warehouses (replaced) [default: %(default)s]")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    return parser


def pages_or_articles(args: argparse.Namespace) -> Path:
    """The input those options name: the page folder, or the generated articles (made if not cached)."""
    if not args.pages.is_dir():
        sys.exit(f"bench: no page folder at {args.pages}; pass --pages DIR")
    return cached_inputs([args.articles], args.workdir / "inputs", args.pages)[args.articles] \
        if args.articles else args.pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="articles to make")
    parser.add_argument("out", type=Path, help="a .jsonl or .jsonl.gz file, else a folder")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--text", action="store_true", help="plain-text records (JSONL only), not HTML")
    args = parser.parse_args()
    if args.out.exists():
        sys.exit(f"scale_inputs: {args.out} exists; remove it first")
    pages = base_pages(args.pages)
    if args.out.name.endswith((".jsonl", ".jsonl.gz")):
        write_jsonl(pages, args.count, args.out, args.text)
    else:
        write_folder(pages, args.count, args.out)


if __name__ == "__main__":
    main()
