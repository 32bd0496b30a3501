"""Typed records passed between the pipeline's steps.

Steps hand these small dataclasses to each other; pandas appears only when
`normalise` assembles them into warehouse tables.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

DocumentKind = Literal["html", "text"]
SpeakerKind = Literal["person", "organization"]


@dataclass(frozen=True)
class Span:
    """A stretch of an article's cleaned text: `text == article_text[start:end]`."""

    start: int
    end: int
    text: str


@dataclass
class RawDocument:
    """One input as read from disk, a URL or a JSONL record, before cleaning."""

    source: str                      # the path or URL it came from
    content: str                     # decoded HTML or plain text
    kind: DocumentKind
    url: str | None = None           # known before cleaning (JSONL record, fetched URL)
    title: str | None = None         # these three stand in for what cleaning does not find in the content
    published: str | None = None     # YYYY-MM-DD
    author: str | None = None
    # One record of a multi-record file (JSONL): its `path:LINE` source names no stable identity.
    is_record: bool = False


@dataclass(frozen=True)
class PageVersion:
    """What the warehouse remembers of a page URL it loaded, to tell at the next run whether the page
    may have changed: the response's validators, a hash of its bytes, and its listing's date."""

    etag: str | None
    last_modified: str | None
    body_hash: str
    listed_at: str | None             # the feed's or sitemap's date for the page, as written


@dataclass
class Reject:
    """An input that could not go through a stage, and why; it lands in `rejects`."""

    source: str
    stage: str                       # ingest | clean | extract | load
    reason: str                      # short machine-friendly reason, e.g. "timeout", "http 404"
    detail: str = ""                 # the human-readable message


@dataclass
class Article:
    """A cleaned article: metadata plus the body text every offset indexes into."""

    article_id: str
    source: str
    text: str
    content_hash: str
    url: str | None = None
    title: str | None = None
    site: str | None = None
    author: str | None = None
    published: str | None = None     # YYYY-MM-DD
    language: str | None = "en"


@dataclass
class Person:
    """One canonical person within an article, with every mention of them."""

    name: str                        # canonical, e.g. "S. Jaishankar"
    role: str | None = None          # as the article gives it, e.g. "External Affairs Minister"
    country: str | None = None
    mentions: list[Span] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)   # other written forms, e.g. "Jaishanakar"


@dataclass
class Quote:
    """A quoted span and whom the article attributes it to."""

    text: str                        # without the enclosing quote marks
    start: int
    end: int
    speaker: str | None = None       # canonical person or organisation name
    speaker_kind: SpeakerKind | None = None
    speaker_mention: Span | None = None
    cue: str | None = None           # said / stated / wrote / according to ...
    partial: bool = False
    method: str | None = None        # explicit | adjacent | pronoun | role | continuation | ...


@dataclass
class EquipmentMention:
    """A weapon system or platform named in an article."""

    designation: str                 # canonical, e.g. "MH-60R"
    name: str | None = None          # e.g. "Seahawk"
    category: str | None = None      # None when found by pattern only
    quantity: int | None = None
    maker: str | None = None
    country_of_origin: str | None = None
    mentions: list[Span] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one article: the unit `extract` prints and `normalise` tabulates."""

    article: Article
    people: list[Person] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    equipment: list[EquipmentMention] = field(default_factory=list)
    # What was not looked for, so that "no quotes" is not read as "none said anything": people and quotes
    # are looked for in English and in the languages of config/languages/, not in any other language
    # (["people", "quotes"]).
    skipped: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """The contract's `extract` object (see CONTRACT.md)."""
        article = asdict(self.article)
        article.pop("content_hash")
        return {
            **article,
            "people": [
                {"name": p.name, "role": p.role, "country": p.country,
                 "mentions": [asdict(m) for m in p.mentions]}
                for p in self.people
            ],
            "quotes": [asdict(q) for q in self.quotes],
            "equipment": [
                {"designation": e.designation, "name": e.name, "category": e.category,
                 "quantity": e.quantity, "mentions": [asdict(m) for m in e.mentions]}
                for e in self.equipment
            ],
            "skipped": list(self.skipped),
        }


class StageError(Exception):
    """An input a stage cannot handle; it becomes a `Reject` with this `reason` and `detail`."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(reason, detail)  # both in args, so the error survives pickling from a worker
        self.reason = reason
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.reason}: {self.detail}"
