"""Benchmark: a nightly run of 500 new articles into an empty warehouse and into warehouses that already
hold 10k, 50k and 100k articles, then the same run again (unchanged input) into the biggest.

Usage:  .venv/bin/python bench/bench_nightly_big.py [--pages DIR] [--sizes 10000,50000,100000] [--new 500]
                                                   [--repeat 2]
        (or `make bench-nightly`; builds from ../shared/pages by default; about 10 minutes on 2 cores)

The big warehouses are made fast, without running the pipeline 200 times: the pages are cleaned and
extracted once, and their rows copied as many times as needed, each copy its own article (id, URL, a
date spread over the three years before today, loaded the day after), its quotes with a speaker
reworded (three in four of their words changed, in the text too, offsets kept) so that copies are not
one statement across the years; then linked into stories and statements (`transforms.stories`) and
loaded 10k at a time with the pipeline's own merge. The nightly input is new HTML files made from the
same pages: a distinct canonical URL, their words reworded the same way, published yesterday or today
(and three of them one to three years ago, whose windows reach into the old warehouse).

Each run is one `run_pipeline` flow run against one Prefect server started before any (its start-up is
not timed), into a fresh copy of the warehouse; each warehouse is run `--repeat` times, in turn, and the
best time of each is compared. The machine is shared, so cleaning the same 500 pages took from 18 to 37 s
from one run to the next: the figures are also given with that step's median time in every run.
Printed per run: wall time; cleaning and extraction (the same work whatever the warehouse); the steps
that read or write the warehouse, together and some alone (copying the published file, the load with
its linking, linking, publishing); the articles linking read; the file's size after the run; the
memory of the run's process at its start and at its peak (pages and builds are made in child processes).
"""
from __future__ import annotations

import argparse
import gzip
import math
import os
import pickle
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from flows.prefect_server import prefect_api  # noqa: E402
from flows.runlog import prepare_prefect  # noqa: E402
from transforms.extract import extract_documents  # noqa: E402
from transforms.ingest import decode_bytes  # noqa: E402
from transforms.model import Extraction, RawDocument  # noqa: E402
from transforms.normalise import WarehouseTables, normalise, rejects_frame, stable_id  # noqa: E402
from transforms.settings import REPO_ROOT, load_settings  # noqa: E402
from transforms.stories import ArticleRecord, QuoteRecord, link_across_articles  # noqa: E402
from warehouse.links import write_links  # noqa: E402
from warehouse.load import merge_tables, one_transaction  # noqa: E402
from warehouse.migrate import migrate  # noqa: E402
from warehouse.publish import publish_views, table_counts  # noqa: E402
from warehouse.workcopy import STORAGE_VERSION  # noqa: E402

YEARS = 3
BUILD_CHUNK = 10_000
OLD_NIGHTLY_DAYS = [400, 800, 1100]   # the nightly articles published long ago
_LONG_WORD = re.compile(r"\b\w{3,}\b")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_SHIFTS = [str.maketrans(_LETTERS, _LETTERS[k:] + _LETTERS[:k]) for k in range(26)]
TEXT_NODE = re.compile(r">([^<]+)<")
_DATED_OR_LINKED = [re.compile(p, re.I | re.S) for p in (
    r"<meta[^>]*(?:date|time|modified|published|url)[^>]*>", r"<script[^>]*ld\+json[^>]*>.*?</script>",
    r"<link[^>]*rel=[\"']?(?:canonical|shortlink|alternate)[^>]*>", r"<base[^>]*>")]


def reworded(text: str, copy: int, names_too: bool = True) -> str:
    """Three in four words of three letters or more changed (their a-z letters shifted), each the same way
    wherever it stands in this copy and to a word of the same length, so that offsets into the text stay
    right; without `names_too`, words that begin with a capital (names a run must still find) are kept."""
    def change(match: re.Match) -> str:
        word = match.group(0)
        seed = zlib.crc32(f"{copy}:{word}".encode())
        if seed % 4 == 0 or (not names_too and word[0].isupper()):
            return word
        return word.translate(_SHIFTS[1 + seed // 4 % 25])
    return _LONG_WORD.sub(change, text)


def read_pages(folder: Path) -> list[tuple[str, str]]:
    return [(path.name.removesuffix(".html.gz"), decode_bytes(gzip.decompress(path.read_bytes()), None))
            for path in sorted(folder.glob("*.html.gz"))]


def base_extractions(pages: list[tuple[str, str]]) -> list[Extraction]:
    """The pages cleaned and extracted as a run would, once."""
    docs = [RawDocument(source=f"{name}.html", content=html, kind="html") for name, html in pages]
    extractions, _ = extract_documents(docs, load_settings(environ={}))
    return extractions


# --- the big warehouse ------------------------------------------------------------------------------

def copied_tables(base: WarehouseTables, first: int, count: int, end: date, rng: random.Random) -> WarehouseTables:
    """Articles `first` .. `first + count - 1` of the big warehouse: copies of the base rows."""
    n = len(base.articles)
    numbers = range(first, first + count)
    articles = base.articles.iloc[[k % n for k in numbers]].reset_index(drop=True)
    copies = [k // n for k in numbers]
    old_ids = articles.article_id.tolist()
    new_ids = [stable_id("bench", copy, old) for copy, old in zip(copies, old_ids)]
    days = [end - timedelta(days=rng.randrange(1, YEARS * 365)) for _ in numbers]
    articles = articles.assign(
        article_id=new_ids,
        url=[f"https://bench.example/archive/{copy}/{old}" for copy, old in zip(copies, old_ids)],
        source=[f"bench/{copy}/{old}.html" for copy, old in zip(copies, old_ids)],
        published=days,
        ingested_at=[datetime.combine(day + timedelta(days=1), datetime.min.time()) + timedelta(hours=2)
                     for day in days],
        run_id="bench-build")
    mapping = pd.DataFrame({"article_id": old_ids, "new_id": new_ids, "copy": copies})

    def moved(frame: pd.DataFrame) -> pd.DataFrame:
        joined = frame.merge(mapping, on="article_id")
        return joined.assign(article_id=joined.new_id)

    quotes = moved(base.quotes)
    spoken = quotes.speaker.notna()
    quotes.loc[spoken, "text"] = [reworded(text, copy)
                                  for text, copy in zip(quotes.text[spoken], quotes["copy"][spoken])]
    quotes["quote_id"] = [stable_id("quote", a, s, e) for a, s, e in
                          zip(quotes.article_id, quotes.start_offset, quotes.end_offset)]
    spans = defaultdict(list)
    for article_id, start, end_, text in zip(quotes.article_id[spoken], quotes.start_offset[spoken],
                                             quotes.end_offset[spoken], quotes.text[spoken]):
        spans[article_id].append((start, end_, text))
    texts = []
    for article_id, text in zip(articles.article_id, articles.text):
        for start, end_, quote in sorted(spans.get(article_id, ())):
            text = text[:start] + quote + text[end_:]
        texts.append(f"{text}\n[{article_id}]")   # every copy's text its own, quotes or not
    articles["text"] = texts
    articles["content_hash"] = [stable_id("text", text) for text in texts]
    return WarehouseTables(
        articles=articles, people=base.people, person_aliases=base.person_aliases,
        article_people=moved(base.article_people)[base.article_people.columns],
        quotes=quotes[base.quotes.columns], equipment=base.equipment,
        article_equipment=moved(base.article_equipment)[base.article_equipment.columns],
        person_merges=base.person_merges)


def build_warehouse(path: Path, base: list[Extraction], articles: int, end: date) -> None:
    """A warehouse of `articles` copies of the base rows, linked, in the format a run writes."""
    tables = normalise(base, {}, "bench-build", datetime.combine(end, datetime.min.time()))
    rng = random.Random(articles)
    chunks = [copied_tables(tables, first, min(BUILD_CHUNK, articles - first), end, rng)
              for first in range(0, articles, BUILD_CHUNK)]
    records, quotes, texts = [], [], {}
    for chunk in chunks:
        people = chunk.article_people.groupby("article_id").person_id.apply(tuple).to_dict()
        records += [ArticleRecord(a, p, people.get(a, ()))
                    for a, p in zip(chunk.articles.article_id, chunk.articles.published)]
        texts.update(zip(chunk.articles.article_id, chunk.articles.text))
        spoken = chunk.quotes[chunk.quotes.speaker.notna()]
        quotes += [QuoteRecord(q, a, person if isinstance(person, str) else speaker.lower(), text)
                   for q, a, person, speaker, text in
                   zip(spoken.quote_id, spoken.article_id, spoken.person_id, spoken.speaker, spoken.text)]
    links = link_across_articles(records, quotes, lambda ids: {a: texts[a] for a in ids})
    duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION}).close()
    with duckdb.connect(str(path)) as con:
        migrate(con)
        publish_views(con)
        for chunk in chunks:
            with one_transaction(con):
                merge_tables(con, chunk.frames(), rejects_frame([], "bench-build", datetime.now()))
                ids = chunk.articles.article_id
                quote_ids = chunk.quotes.quote_id[chunk.quotes.quote_id.isin(links.statements.keys())]
                write_links(con, pd.DataFrame({"article_id": ids, "story_id": [links.stories[a] for a in ids]}),
                            pd.DataFrame({"quote_id": quote_ids,
                                          "statement_id": [links.statements[q] for q in quote_ids]}))
        con.execute("checkpoint")


# --- the nightly input -------------------------------------------------------------------------------

def nightly_pages(pages: list[tuple[str, str]], count: int, end: date, folder: Path) -> None:
    """`count` new HTML files: each a page with its own canonical URL, reworded, published yesterday or
    today (and a few long ago)."""
    folder.mkdir(parents=True)
    for number in range(count):
        name, html = pages[number % len(pages)]
        day = end - timedelta(days=OLD_NIGHTLY_DAYS[number] if number < len(OLD_NIGHTLY_DAYS) else number % 2)
        html = restamped(html, f"https://bench.example/nightly/{number}/{name}", day)
        html = TEXT_NODE.sub(lambda m: ">" + reworded(m.group(1), 10_000 + number, names_too=False) + "<", html)
        (folder / f"{number:04d}-{name}.html").write_text(html, encoding="utf-8")


def restamped(html: str, url: str, day: date) -> str:
    """The page as one published at `url` on `day`: its own dates, URLs and JSON-LD removed (trafilatura
    would take them over the record's or file's), a canonical link and a publication time put in."""
    for pattern in _DATED_OR_LINKED:
        html = pattern.sub("", html)
    head = (f'<meta property="article:published_time" content="{day.isoformat()}T06:00:00Z">'
            f'<link rel="canonical" href="{url}">')
    html, found = re.subn(r"<head(\s[^>]*)?>", lambda m: m.group(0) + head, html, count=1, flags=re.I)
    return html if found else f"<html><head>{head}</head>{html}</html>"


# --- timing a run -------------------------------------------------------------------------------------

class Phases:
    """Seconds spent cleaning and extracting, and in each step that reads or writes the warehouse, by
    wrapping the functions that do them; and the process's peak memory, sampled while a run goes on."""

    WAREHOUSE_STEPS = ("copy", "begin_run", "_loaded_pages", "known_people", "load", "table_counts", "publish")

    def __init__(self) -> None:
        import flows.loading
        import flows.pipeline
        import warehouse.workcopy
        self.seconds: dict[str, float] = defaultdict(float)
        self.linked = 0
        self.start_mb = self.peak_mb = 0.0
        self._sampling = False

        def timed(name, function):
            def wrapper(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self.seconds[name] += time.perf_counter() - start
            return wrapper

        link = flows.loading.link_stories

        def counted_link(*args, **kwargs):
            self.linked = link(*args, **kwargs)
            return self.linked

        flows.loading.link_stories = timed("link", counted_link)
        flows.pipeline.load_and_link = timed("load", flows.pipeline.load_and_link)
        # All the batches, from the first submitted to the last staged: they run a few at a time, so the
        # sum of their own times would count the same seconds more than once.
        flows.pipeline._extract_and_stage = timed("extract", flows.pipeline._extract_and_stage)
        for name in ("begin_run", "_loaded_pages", "known_people", "table_counts"):
            setattr(flows.pipeline, name, timed(name, getattr(flows.pipeline, name)))
        warehouse.workcopy.prepare_working_copy = timed("copy", warehouse.workcopy.prepare_working_copy)
        warehouse.workcopy.publish = timed("publish", warehouse.workcopy.publish)

    def __enter__(self) -> Phases:
        self.seconds.clear()
        self.linked = 0
        self.start_mb = self.peak_mb = rss_mb()
        self._sampling = True
        self._sampler = threading.Thread(target=self._sample, daemon=True)
        self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._sampling = False
        self._sampler.join()

    def _sample(self) -> None:
        while self._sampling:
            self.peak_mb = max(self.peak_mb, rss_mb())
            time.sleep(0.02)

    def warehouse_seconds(self) -> float:
        return sum(self.seconds[step] for step in self.WAREHOUSE_STEPS)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def prepare(scratch: Path, pages_folder: Path, new: int, end: date) -> None:
    """In a child process, so that the runs' process holds none of it: the pages extracted once (pickled
    for the builds) and the nightly input written."""
    pages = read_pages(pages_folder)
    start = time.perf_counter()
    base = base_extractions(pages)
    print(f"{len(base)} of {len(pages)} pages extracted once in {time.perf_counter() - start:.0f} s", flush=True)
    (scratch / "base.pickle").write_bytes(pickle.dumps(base))
    nightly_pages(pages, new, end, scratch / "nightly")


def fresh(path: Path, source: Path | None) -> Path:
    """`path` as `source` was built (or absent, for an empty warehouse), whatever earlier runs did to it."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    if source is not None:
        shutil.copyfile(source, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=REPO_ROOT.parent / "shared" / "pages")
    parser.add_argument("--sizes", default="10000,50000,100000", help="articles already in the big warehouses")
    parser.add_argument("--new", type=int, default=500, help="new articles in the nightly run")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best is compared")
    parser.add_argument("--prepare-in", type=Path, help=argparse.SUPPRESS)   # the children's work
    parser.add_argument("--build-into", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    end = date.today()
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if args.prepare_in:
        return prepare(args.prepare_in, args.pages, args.new, end)
    if args.build_into:
        base = pickle.loads((args.build_into.parent / "base.pickle").read_bytes())
        return build_warehouse(args.build_into, base, sizes[0], end)
    if not args.pages.is_dir():
        sys.exit(f"bench: no page folder at {args.pages}; pass --pages DIR")

    prepare_prefect()
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        subprocess.run([sys.executable, __file__, "--prepare-in", str(scratch), "--pages", str(args.pages),
                        "--new", str(args.new)], check=True)
        built = {}
        for size in sizes:
            start = time.perf_counter()
            built[size] = scratch / f"built-{size}.duckdb"
            subprocess.run([sys.executable, __file__, "--build-into", str(built[size]), "--sizes", str(size)],
                           check=True)
            print(f"warehouse of {size} articles built in {time.perf_counter() - start:.0f} s "
                  f"({built[size].stat().st_size / 1e6:.0f} MB)", flush=True)

        with prefect_api(startup_timeout=600) as api_url:
            os.environ["PREFECT_API_URL"] = api_url
            from flows.pipeline import run_pipeline
            phases = Phases()
            warm_up = scratch / "warm-up"
            warm_up.mkdir()
            for page in sorted((scratch / "nightly").iterdir())[3:8]:
                (warm_up / page.name).write_bytes(page.read_bytes())
            run_pipeline([str(warm_up)], warehouse=str(scratch / "warm-up.duckdb"))

            plan = [("empty", None), *((f"{size // 1000}k", built[size]) for size in sizes)]
            print(f"\n{'warehouse':16} {'articles':>8} {'run s':>6} {'extract s':>9} {'warehouse s':>11} "
                  f"{'(copy':>6} {'load':>5} {'link':>5} {'publish)':>8} {'linked':>6} {'new':>4} {'file MB':>8} "
                  f"{'RSS MB':>13}", flush=True)
            best: dict[str, float] = {}
            besides: dict[str, float] = {}   # the run but its cleaning and extraction
            in_warehouse: dict[str, float] = {}
            extracting: list[float] = []
            for _ in range(args.repeat):
                for name, source in plan:
                    seconds = timed_run(run_pipeline, phases, name, fresh(scratch / f"{name}.duckdb", source),
                                        scratch / "nightly")
                    best[name] = min(best.get(name, math.inf), seconds)
                    besides[name] = min(besides.get(name, math.inf), seconds - phases.seconds["extract"])
                    in_warehouse[name] = min(in_warehouse.get(name, math.inf), phases.warehouse_seconds())
                    extracting.append(phases.seconds["extract"])
            biggest = plan[-1][0]
            if sizes:  # the same input again into the biggest: nothing new, nothing written
                rerun = timed_run(run_pipeline, phases, f"{biggest} unchanged", scratch / f"{biggest}.duckdb",
                                  scratch / "nightly")

    print(f"\nbest of {args.repeat} runs, wall time: empty warehouse {best['empty']:.1f} s; "
          + ", ".join(f"{name} {best[name]:.1f} s ({best[name] / best['empty']:.2f}x)" for name, _ in plan[1:])
          + (f"; the unchanged rerun into {biggest}: {rerun:.1f} s" if sizes else ""))
    # Cleaning and extraction are the same work in every run (the same pages, the same code); only the
    # machine's load makes them differ. Taking their median for every run leaves what the warehouse changes.
    typical = statistics.median(extracting)
    print(f"cleaning and extraction took {min(extracting):.1f} to {max(extracting):.1f} s for the same pages "
          f"(median {typical:.1f} s); with the median in every run: "
          f"empty warehouse {typical + besides['empty']:.1f} s; "
          + ", ".join(f"{name} {typical + besides[name]:.1f} s "
                      f"({(typical + besides[name]) / (typical + besides['empty']):.2f}x)" for name, _ in plan[1:]))
    print("steps that read or write the warehouse (best): "
          + ", ".join(f"{name} {in_warehouse[name]:.1f} s" for name, _ in plan))
    print("command: .venv/bin/python bench/bench_nightly_big.py" + "".join(f" {a}" for a in sys.argv[1:]))


def timed_run(run_pipeline, phases: Phases, name: str, warehouse: Path, nightly: Path) -> float:
    """One nightly run, its line printed; returns its wall time."""
    articles = stored_articles(warehouse)
    size_before = warehouse.stat().st_size if warehouse.exists() else 0
    with phases:
        start = time.perf_counter()
        summary = run_pipeline([str(nightly)], warehouse=str(warehouse))
        seconds = time.perf_counter() - start
    step = phases.seconds
    print(f"{name:16} {articles:8d} {seconds:6.1f} {step['extract']:9.1f} {phases.warehouse_seconds():11.1f} "
          f"{step['copy']:6.1f} {step['load']:5.1f} {step['link']:5.1f} {step['publish']:8.1f} {phases.linked:6d} "
          f"{summary.articles_new:4d} {warehouse.stat().st_size / 1e6:8.1f} "
          f"{phases.start_mb:6.0f}->{phases.peak_mb:<6.0f}"
          + (f" (file before: {size_before / 1e6:.1f} MB)" if name.endswith("unchanged") else ""), flush=True)
    return seconds


def stored_articles(path: Path) -> int:
    if not path.exists():
        return 0
    with duckdb.connect(str(path), read_only=True) as con:
        return table_counts(con)["articles"]


if __name__ == "__main__":
    main()
