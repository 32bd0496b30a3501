"""Where a run's inputs come from: SOURCE paths and URLs expanded into files and pages (feeds and sitemap
indexes followed), and pages fetched only when they may have changed since the warehouse loaded them.

The network side of ingest: `flows/fetch.py` does the HTTP, `transforms/ingest.py` parses what comes
back. A page the warehouse has loaded is skipped without a request when its feed or sitemap gives it the
same date as last time, asked for conditionally (ETag, Last-Modified) otherwise, and not cleaned again
when its bytes are the same.
"""
from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from dataclasses import dataclass, field, replace

from flows.fetch import NotModified, Validators, fetch_pages
from transforms.clean import article_url, canonical_url
from transforms.ingest import (Fetched, Link, Listing, document_from_response, expand_local, is_jsonl, is_url,
                               iter_jsonl, listing_of_response, read_documents, reject_for)
from transforms.model import PageVersion, RawDocument, Reject
from transforms.settings import Settings

# A sitemap index points at more sitemaps; follow that many levels at most.
MAX_SITEMAP_DEPTH = 2


@dataclass
class Inputs:
    """A run's concrete inputs, each once, in a stable order."""

    locations: list[str] = field(default_factory=list)       # files and page URLs
    links: dict[str, Link] = field(default_factory=dict)     # what a feed or sitemap says of a page URL
    pages: dict[str, Fetched] = field(default_factory=dict)  # page URLs given as SOURCE, fetched already
    unchanged: list[str] = field(default_factory=list)       # page URLs given as SOURCE that answered 304
    rejects: list[Reject] = field(default_factory=list)

    def for_batch(self, locations: list[str]) -> Inputs:
        """What `read_batch` needs of these locations only: Prefect walks a task's parameters, so a batch's
        task should not be handed every link and page body of the run."""
        unchanged = set(self.unchanged)
        return Inputs(locations, {url: self.links[url] for url in locations if url in self.links},
                      {url: self.pages[url] for url in locations if url in self.pages},
                      [url for url in locations if url in unchanged])


@dataclass
class ReadBatch:
    """One batch of inputs read: the documents to clean, and the pages that need no cleaning."""

    documents: list[RawDocument | str]    # a str is a file left for the cleaning worker to read
    rejects: list[Reject]
    unchanged: list[str]                  # page URLs the warehouse has, unchanged since
    versions: dict[str, PageVersion]      # page URL -> what to remember of it once its article loads


@dataclass
class WorkUnit:
    """One batch's inputs: files and pages that its task reads, or records a JSONL file gave already."""

    number: int
    locations: list[str] = field(default_factory=list)
    documents: list[RawDocument] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)   # records rejected as read, duplicates among them

    def __len__(self) -> int:
        return len(self.locations) + len(self.documents) + len(self.rejects)


def work_units(inputs: Inputs, settings: Settings) -> Iterator[WorkUnit]:
    """The run's inputs in batches of `clean.batch_size`, made as they are asked for: a JSONL file is read
    record by record (one file can hold a whole backfill), and a record is dropped before it is cleaned
    when an earlier one had the same URL or the same content (a crawl's repeats are not cleaned twice).

    A batch of records also ends once their contents hold `clean.batch_megabytes` of memory: the run
    holds a record from its reading until it is cleaned, and 200 records of HTML can be 60 MB."""
    size, number = settings.clean.batch_size, 0
    most_bytes = settings.clean.batch_megabytes * 1_000_000
    seen: dict[bytes, str] = {}   # digest of a record's URL or content -> the record that had it first
    unit, held = WorkUnit(0), 0
    for location in inputs.locations:
        items = _records(location, settings) if is_jsonl(location) else [location]
        for item in items:
            if isinstance(item, str):
                unit.locations.append(item)
            elif isinstance(item, Reject):
                unit.rejects.append(item)
            elif (first := _seen_before(item, seen)) is not None:
                unit.rejects.append(Reject(item.source, "ingest", "duplicate",
                                           f"the same {first} as an earlier input; not read again"))
            else:
                unit.documents.append(item)
                held += sys.getsizeof(item.content)
            if len(unit) >= size or held >= most_bytes:
                number += 1
                yield replace(unit, number=number)
                unit, held = WorkUnit(0), 0
    if len(unit):
        yield replace(unit, number=number + 1)


def _records(location: str, settings: Settings) -> Iterator[RawDocument | Reject]:
    try:
        yield from iter_jsonl(Path(location), settings)
    except Exception as err:  # noqa: BLE001 - a JSONL file that cannot be read is that file's reject
        yield reject_for(location, "ingest", err)


def _seen_before(document: RawDocument, seen: dict[bytes, str]) -> str | None:
    """What an earlier record shared with this one ("URL as x.jsonl:3", "content as ..."), else None;
    remembers this one's. Digests, not texts, so a backfill's worth costs a few megabytes."""
    keys = {"content": hashlib.blake2b(document.content.encode("utf-8", "replace"), digest_size=16).digest()}
    if url := article_url(document.url):
        keys["URL"] = hashlib.blake2b(f"url:{canonical_url(url)}".encode(), digest_size=16).digest()
    for what, key in keys.items():
        if key in seen:
            return f"{what} as {seen[key]}"
    for key in keys.values():
        seen[key] = document.source
    return None


def gather_inputs(sources: list[str], settings: Settings, loaded: Mapping[str, PageVersion] | None = None
                  ) -> Inputs:
    """Expand SOURCEs: directories walked, feeds and sitemaps (local or fetched) replaced by the pages
    they list (at most `ingest.max_links_per_feed` per SOURCE: a cut listing is recorded as a reject
    saying so), sitemap indexes followed `MAX_SITEMAP_DEPTH` levels. Whatever fails is its own reject:
    a SOURCE, a child sitemap of an index; the rest goes on."""
    loaded = loaded or {}
    inputs = Inputs()
    listed: dict[str, int] = {}   # SOURCE -> pages it listed before the cap
    urls = [source for source in sources if is_url(source)]
    # Page URLs the warehouse has are asked for conditionally: a 304 is a page that has not changed.
    fetched = fetch_pages(urls, settings, _validators(urls, loaded))
    pending: list[tuple[str, str, int]] = []   # (SOURCE, sitemap URL, depth) of sitemap indexes' children
    for source in sources:
        try:
            if not is_url(source):
                files, listing = expand_local(source, settings)
                inputs.locations += files
            elif isinstance(outcome := fetched[source], Reject):
                inputs.rejects.append(outcome)
                continue
            elif isinstance(outcome, NotModified):
                inputs.locations.append(source)
                inputs.unchanged.append(source)
                continue
            elif (listing := listing_of_response(outcome, settings)) is None:
                inputs.locations.append(source)
                inputs.pages[source] = outcome
                continue
        except Exception as err:  # noqa: BLE001 - one bad SOURCE must not stop the others
            inputs.rejects.append(reject_for(source, "ingest", err))
            continue
        if listing is not None:
            _add_listing(inputs, listed, source, listing, settings)
            pending += [(source, sitemap, 1) for sitemap in listing.sitemaps]
    while pending:
        pending = _follow_sitemaps(inputs, listed, pending, settings)
    for source, count in listed.items():
        if count > settings.ingest.max_links_per_feed:
            inputs.rejects.append(Reject(source, "ingest", "listing truncated",
                                         f"{source}: lists {count} pages; read the first "
                                         f"{settings.ingest.max_links_per_feed} (ingest.max_links_per_feed)"))
    inputs.locations = list(dict.fromkeys(inputs.locations))  # a page listed twice is read once
    return inputs


def _follow_sitemaps(inputs: Inputs, listed: dict[str, int], pending: list[tuple[str, str, int]],
                     settings: Settings) -> list[tuple[str, str, int]]:
    """Fetch one level of sitemap index children at once; returns the next level's."""
    fetched = fetch_pages([sitemap for _, sitemap, _ in pending], settings)
    deeper: list[tuple[str, str, int]] = []
    for source, sitemap, depth in pending:
        outcome = fetched[sitemap]
        if isinstance(outcome, Reject):
            inputs.rejects.append(outcome)
            continue
        try:
            listing = listing_of_response(outcome, settings) if isinstance(outcome, Fetched) else None
        except Exception as err:  # noqa: BLE001 - a broken child sitemap must not lose its siblings
            inputs.rejects.append(reject_for(sitemap, "ingest", err))
            continue
        if listing is None:
            inputs.rejects.append(Reject(sitemap, "ingest", "bad sitemap",
                                         f"{sitemap}: listed by the sitemap index {source}, but not a sitemap"))
            continue
        if listing.sitemaps and depth >= MAX_SITEMAP_DEPTH:
            inputs.rejects.append(Reject(sitemap, "ingest", "sitemap too deep",
                                         f"{sitemap}: sitemap indexes nested more than {MAX_SITEMAP_DEPTH} levels"))
            continue
        _add_listing(inputs, listed, source, listing, settings)
        deeper += [(source, child, depth + 1) for child in listing.sitemaps]
    return deeper


def _add_listing(inputs: Inputs, listed: dict[str, int], source: str, listing: Listing, settings: Settings) -> None:
    room = settings.ingest.max_links_per_feed - listed.get(source, 0)
    for link in listing.links[:max(0, room)]:
        inputs.locations.append(link.url)
        inputs.links.setdefault(link.url, link)
    listed[source] = listed.get(source, 0) + len(listing.links)


def read_batch(locations: list[str], inputs: Inputs, settings: Settings,
               loaded: Mapping[str, PageVersion] | None = None, read_files: bool = True) -> ReadBatch:
    """Read one batch of inputs: files from disk, pages from the web (those already fetched not again),
    in input order; a page the warehouse `loaded` and that has not changed since is not read again.
    Without `read_files`, a file stays its path in `documents`, for the cleaning worker to read (see
    `transforms.extract.clean_and_extract`): then no page's bytes pass through this process."""
    loaded = loaded or {}
    given_unchanged = set(inputs.unchanged)
    unchanged = [url for url in locations if url in given_unchanged or _listed_as_before(url, inputs, loaded)]
    skipped = set(unchanged)
    to_fetch = [url for url in locations if is_url(url) and url not in inputs.pages and url not in skipped]
    fetched = {**fetch_pages(to_fetch, settings, _validators(to_fetch, loaded)), **inputs.pages}
    documents: list[RawDocument | str] = []
    rejects: list[Reject] = []
    versions: dict[str, PageVersion] = {}
    for location in locations:
        if location in skipped:
            continue
        if not is_url(location) and not read_files:
            documents.append(location)
            continue
        if not is_url(location):
            read, rejected = read_documents([location], settings)
            documents += read
            rejects += rejected
            continue
        outcome = fetched[location]
        if isinstance(outcome, Reject):
            rejects.append(outcome)
            continue
        link = inputs.links.get(location)
        known = loaded.get(location)
        if isinstance(outcome, NotModified):
            unchanged.append(location)
            if known is not None and link is not None and link.listed_at:
                versions[location] = replace(known, listed_at=link.listed_at)
            continue
        version = PageVersion(outcome.etag, outcome.last_modified, hashlib.sha256(outcome.body).hexdigest(),
                              link.listed_at if link else None)
        versions[location] = version
        if known is not None and known.body_hash == version.body_hash:
            unchanged.append(location)
            continue
        try:
            documents.append(document_from_response(location, outcome, link, settings))
        except Exception as err:  # noqa: BLE001 - one bad page must not stop the batch
            rejects.append(reject_for(location, "ingest", err))
    return ReadBatch(documents, rejects, unchanged, versions)


def _listed_as_before(url: str, inputs: Inputs, loaded: Mapping[str, PageVersion]) -> bool:
    link, known = inputs.links.get(url), loaded.get(url)
    return bool(link and known and link.listed_at and link.listed_at == known.listed_at)


def _validators(urls: list[str], loaded: Mapping[str, PageVersion]) -> dict[str, Validators]:
    return {url: Validators(known.etag, known.last_modified) for url in urls
            if (known := loaded.get(url)) and (known.etag or known.last_modified)}
