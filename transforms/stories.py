"""Across articles: which quotes are one statement reported twice, and which articles are one story.

Two outlets rarely quote a speaker the same way: one writes "defence", the other "defense"; one keeps a
clause the other drops, or reorders them; one quotes four words where the other gives the sentence.
Quotes of the same speaker are one statement when one contains the other or they share most of their
content words. Articles are one story when they carry the same statement, or name the same people and
say much the same thing, within a few days of each other.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from transforms.spelling import american

_STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being it its
it's this that these those we our us you your he she his her they their them i me my not no so do does did have has
had will would can could should may might must shall there here what which who whom whose when where why how
just very also all any some such than then too only about into over under up down out more most""".split())
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

STATEMENT_MIN_WORDS = 4          # a shorter quote ("mutually aware") is too common a phrase to link
STATEMENT_MIN_SHARED = 5         # content words two paraphrases must share
STATEMENT_MIN_SHARE = 0.6        # ... as a share of the shorter quote's content words
STORY_MIN_SHARED_PEOPLE = 2
STORY_MIN_SIMILARITY = 0.3       # cosine of content-word counts of the two texts
STORY_WINDOW_DAYS = 3


@dataclass(frozen=True)
class QuoteRecord:
    quote_id: str
    article_id: str
    speaker: str                 # canonical speaker (person id or name); only the same speaker's quotes link
    text: str


@dataclass(frozen=True)
class ArticleRecord:
    article_id: str
    published: date | None
    people: frozenset[str]       # person ids
    text: str


def words(text: str) -> list[str]:
    """Lower-case words with quote style, accents and British/American spelling folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return [american(w) for w in _WORD.findall(folded.replace("\u2019", "'"))]


def content_words(text: str) -> list[str]:
    """Words that carry meaning, with a plural 's' dropped ("interests" ~ "interest")."""
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words(text) if w not in _STOPWORDS]


def same_statement(a: str, b: str) -> bool:
    """Whether two quotes of one speaker report the same statement."""
    words_a, words_b = words(a), words(b)
    shorter, longer = sorted((words_a, words_b), key=len)
    if len(shorter) < STATEMENT_MIN_WORDS:
        return False
    if f" {' '.join(shorter)} " in f" {' '.join(longer)} ":
        return True
    content_a, content_b = set(content_words(a)), set(content_words(b))
    shared = content_a & content_b
    smaller = min(len(content_a), len(content_b))
    return len(shared) >= STATEMENT_MIN_SHARED and len(shared) / smaller >= STATEMENT_MIN_SHARE


class _Groups:
    """Union-find whose group name is its smallest member, so names do not depend on input order."""

    def __init__(self, members: list[str]) -> None:
        self.parent = {m: m for m in members}

    def find(self, member: str) -> str:
        while self.parent[member] != member:
            self.parent[member] = self.parent[self.parent[member]]
            member = self.parent[member]
        return member

    def join(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)

    def names(self) -> dict[str, str]:
        return {m: self.find(m) for m in self.parent}


def link_statements(quotes: list[QuoteRecord]) -> dict[str, str]:
    """quote_id -> the quote_id that names its statement (its own when no other outlet reports it).

    Only quotes of the same speaker in different articles are compared, so the cost grows with the
    number of quotes per speaker, not with the warehouse.
    """
    groups = _Groups(sorted(q.quote_id for q in quotes))
    by_speaker: dict[str, list[QuoteRecord]] = defaultdict(list)
    for quote in quotes:
        by_speaker[quote.speaker].append(quote)
    for same_speaker in by_speaker.values():
        for a, b in combinations(same_speaker, 2):
            if a.article_id != b.article_id and same_statement(a.text, b.text):
                groups.join(a.quote_id, b.quote_id)
    return groups.names()


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(count * b[word] for word, count in a.items())
    norm = math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values()))
    return dot / norm if norm else 0.0


def _close_in_time(a: date | None, b: date | None) -> bool:
    """Undated articles are compared with everything they share people with."""
    return a is None or b is None or abs((a - b).days) <= STORY_WINDOW_DAYS


def assign_stories(articles: list[ArticleRecord], shared_statements: set[tuple[str, str]]) -> dict[str, str]:
    """article_id -> the article_id that names its story (its own when it stands alone).

    `shared_statements` holds pairs of article ids that report one statement (see `link_statements`);
    such a pair is one story whenever the dates allow. Otherwise two articles are compared only when
    they name at least two of the same people.
    """
    groups = _Groups(sorted(a.article_id for a in articles))
    by_id = {a.article_id: a for a in articles}
    for first, second in shared_statements:
        if first in by_id and second in by_id and _close_in_time(by_id[first].published, by_id[second].published):
            groups.join(first, second)
    by_person: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        for person in article.people:
            by_person[person].append(article.article_id)
    counted: Counter[tuple[str, str]] = Counter()
    for article_ids in by_person.values():
        for pair in combinations(sorted(article_ids), 2):
            counted[pair] += 1
    vectors: dict[str, Counter] = {}
    for (first, second), shared_people in counted.items():
        if shared_people < STORY_MIN_SHARED_PEOPLE or groups.find(first) == groups.find(second):
            continue
        a, b = by_id[first], by_id[second]
        if not _close_in_time(a.published, b.published):
            continue
        for article in (a, b):
            if article.article_id not in vectors:
                vectors[article.article_id] = Counter(content_words(article.text))
        if _cosine(vectors[first], vectors[second]) >= STORY_MIN_SIMILARITY:
            groups.join(first, second)
    return groups.names()
