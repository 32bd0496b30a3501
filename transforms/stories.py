"""Across articles: which quotes are one statement reported twice, and which articles are one story.

Two outlets rarely quote a speaker the same way: one writes "defence", the other "defense"; one keeps a
clause the other drops, or reorders them; one quotes four words where the other gives the sentence.
Quotes of the same speaker are one statement when one contains the other or they share most of their
content words. Articles are one story when they carry the same statement, or name the same people and
say much the same thing, within a few days of each other.

Both are computed over the articles a run can touch (see `warehouse/links.py`), so their cost must grow
with those, never with the warehouse: quotes are compared only with the few quotes of their speaker that
share a rare enough word with them (a filter that never drops a pair `same_statement` accepts), and
articles only with those within the window that name two of the same people.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from transforms.normalise import stable_id
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
RECENT_DAYS = 7                  # undated articles meet the articles loaded this recently that name their people
STORY_BLOCK = 2000               # articles walked per read of texts


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    quote_id: str
    article_id: str
    speaker: str                 # canonical speaker (person id or name); only the same speaker's quotes link
    text: str


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What linking keeps of an article; its text is read only when it is compared (`TextsOf`)."""

    article_id: str
    published: date | None
    people: tuple[str, ...]      # distinct person ids; an article naming fewer than two is never compared by its words


def compared_by_words(articles: list[ArticleRecord]) -> list[str]:
    """The ids of the articles whose texts linking may read: those naming enough people to share
    `STORY_MIN_SHARED_PEOPLE` with another."""
    return [article.article_id for article in articles if len(article.people) >= STORY_MIN_SHARED_PEOPLE]


# Article ids -> their texts (those it has; an article never compared need not be given). Linking reads
# texts through it a block at a time, so a backfill's texts are never all in memory at once.
TextsOf = Callable[[list[str]], Mapping[str, str]]
Item = TypeVar("Item")


def words(text: str) -> list[str]:
    """Lower-case words with quote style, accents and British/American spelling folded."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return [american(w) for w in _WORD.findall(folded.replace("\u2019", "'"))]


def content_words(text: str) -> list[str]:
    """Words that carry meaning, with a plural 's' dropped ("interests" ~ "interest")."""
    return [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
            for w in words(text) if w not in _STOPWORDS]


@dataclass(frozen=True)
class _QuoteWords:
    """What `same_statement` reads of a quote, computed once per quote rather than once per pair."""

    words: tuple[str, ...]
    content: frozenset[str]


def _quote_words(text: str) -> _QuoteWords:
    return _QuoteWords(tuple(words(text)), frozenset(content_words(text)))


def _same_statement(a: _QuoteWords, b: _QuoteWords) -> bool:
    shorter, longer = sorted((a.words, b.words), key=len)
    if len(shorter) < STATEMENT_MIN_WORDS:
        return False
    if f" {' '.join(shorter)} " in f" {' '.join(longer)} ":
        return True
    shared = a.content & b.content
    smaller = min(len(a.content), len(b.content))
    return len(shared) >= STATEMENT_MIN_SHARED and len(shared) / smaller >= STATEMENT_MIN_SHARE


def same_statement(a: str, b: str) -> bool:
    """Whether two quotes of one speaker report the same statement."""
    return _same_statement(_quote_words(a), _quote_words(b))


def _shared_needed(size: int) -> int:
    """How many content words a quote of `size` content words must share with one that has no fewer to
    be one statement with it (more than `size` when it cannot)."""
    if size == 0:
        return 1
    return max(STATEMENT_MIN_SHARED, next(k for k in range(size + 1) if k / size >= STATEMENT_MIN_SHARE))


def _statement_pairs(quotes: list[_QuoteWords]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of the quotes of one speaker that may be one statement: a superset of the
    pairs `_same_statement` accepts, found without comparing every quote with every other.

    A quote inside a longer one has all its words in it, so the longer one holds its rarest word; two
    quotes that share at least k of the smaller one's n content words share one of its n - k + 1 rarest
    (prefix filtering). Rare words have short lists, so the pairs grow with the quotes, not their square.
    """
    word_lists: dict[str, list[int]] = defaultdict(list)
    content_lists: dict[str, list[int]] = defaultdict(list)
    for i, quote in enumerate(quotes):
        if len(quote.words) < STATEMENT_MIN_WORDS:
            continue
        for word in set(quote.words):
            word_lists[word].append(i)
        for word in quote.content:
            content_lists[word].append(i)
    pairs: set[tuple[int, int]] = set()
    for i, quote in enumerate(quotes):
        if len(quote.words) < STATEMENT_MIN_WORDS:
            continue
        rarest = min(set(quote.words), key=lambda w: (len(word_lists[w]), w))
        for j in word_lists[rarest]:
            if j != i and len(quotes[j].words) >= len(quote.words):
                pairs.add((min(i, j), max(i, j)))
        needed = _shared_needed(len(quote.content))
        if needed > len(quote.content):
            continue
        by_rarity = sorted(quote.content, key=lambda w: (len(content_lists[w]), w))
        for word in by_rarity[:len(quote.content) - needed + 1]:
            for j in content_lists[word]:
                if j != i and len(quotes[j].content) >= len(quote.content):
                    pairs.add((min(i, j), max(i, j)))
    return pairs


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

    Only quotes of the same speaker in different articles are compared, and of those only the pairs
    `_statement_pairs` finds, so the cost grows with the number of quotes, not with its square.
    """
    groups = _Groups(sorted(q.quote_id for q in quotes))
    by_speaker: dict[str, list[QuoteRecord]] = defaultdict(list)
    for quote in quotes:
        by_speaker[quote.speaker].append(quote)
    for same_speaker in by_speaker.values():
        read = [_quote_words(q.text) for q in same_speaker]
        for i, j in _statement_pairs(read):
            a, b = same_speaker[i], same_speaker[j]
            if a.article_id != b.article_id and _same_statement(read[i], read[j]):
                groups.join(a.quote_id, b.quote_id)
    return groups.names()


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(count * b[word] for word, count in a.items())
    norm = math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values()))
    return dot / norm if norm else 0.0


def _close_in_time(a: date | None, b: date | None) -> bool:
    """Undated articles are compared with everything they share people with."""
    return a is None or b is None or abs((a - b).days) <= STORY_WINDOW_DAYS


def assign_stories(articles: list[ArticleRecord], shared_statements: set[tuple[str, str]],
                   texts_of: TextsOf) -> dict[str, str]:
    """article_id -> the article_id that names its story (its own when it stands alone).

    `shared_statements` holds pairs of article ids that report one statement (see `link_statements`);
    such a pair is one story whenever the dates allow. Otherwise two articles are compared only when
    they name at least two of the same people and are close in time; `texts_of` gives the texts of
    those (by id), asked for a block of articles at a time.

    The texts held follow the window and the block, not the number of articles (the records, an id, a
    date and people each, are all kept): dated articles are walked in date order, `STORY_BLOCK` at a
    time, each meeting the earlier ones within the window that share a person with it; texts are read
    for a block's meetings and dropped once the walk has left their window. Undated ones then meet, a
    block at a time, every article that shares a person with them.
    """
    groups = _Groups(sorted(a.article_id for a in articles))
    by_id = {a.article_id: a for a in articles}
    for first, second in shared_statements:
        if first in by_id and second in by_id and _close_in_time(by_id[first].published, by_id[second].published):
            groups.join(first, second)
    counts = _WordCounts(texts_of)
    in_window: dict[str, deque[ArticleRecord]] = defaultdict(deque)   # person -> their articles walked, in window
    dated = sorted((a for a in articles if a.published is not None), key=lambda a: (a.published, a.article_id))
    for block in _blocks(dated):
        counts.forget_before(block[0].published)
        _join_similar([(article, _met_in_window(article, in_window)) for article in block], by_id, groups, counts)
    undated = sorted(a.article_id for a in articles if a.published is None)
    if undated:
        by_person: dict[str, list[ArticleRecord]] = defaultdict(list)
        for other in articles:
            for person in other.people:
                by_person[person].append(other)
        for block in _blocks(undated):   # each pair once: an undated article meets those dated, or before it
            counts.forget_all()
            _join_similar([(by_id[article_id], Counter(
                other.article_id for person in by_id[article_id].people for other in by_person[person]
                if other.published is not None or other.article_id < article_id)) for article_id in block],
                by_id, groups, counts)
    return groups.names()


def _blocks(items: list[Item]) -> Iterator[list[Item]]:
    for start in range(0, len(items), STORY_BLOCK):
        yield items[start:start + STORY_BLOCK]


def _met_in_window(article: ArticleRecord, in_window: dict[str, deque[ArticleRecord]]) -> Counter[str]:
    """The articles walked before `article` within the window, by id, with how many people each shares
    with it; `article` joins its people's windows, and those too old for it leave them."""
    assert article.published is not None
    met: Counter[str] = Counter()
    for person in article.people:
        window = in_window[person]
        while window and (article.published - window[0].published).days > STORY_WINDOW_DAYS:
            window.popleft()
        met.update(other.article_id for other in window)
        window.append(article)
    return met


def _join_similar(meetings: list[tuple[ArticleRecord, Counter[str]]], by_id: dict[str, ArticleRecord],
                  groups: _Groups, counts: _WordCounts) -> None:
    """One story of each article and each it met (id -> people shared) that shares enough people and
    words; the texts of those that share enough people are read first, together."""
    pairs = [(article.article_id, other_id) for article, met in meetings
             for other_id, shared_people in met.items() if shared_people >= STORY_MIN_SHARED_PEOPLE]
    counts.read([by_id[article_id] for pair in pairs if groups.find(pair[0]) != groups.find(pair[1])
                 for article_id in pair])
    for article_id, other_id in pairs:
        if groups.find(article_id) != groups.find(other_id) and \
                _cosine(counts.of(article_id), counts.of(other_id)) >= STORY_MIN_SIMILARITY:
            groups.join(article_id, other_id)


class _WordCounts:
    """Content-word counts of the articles being compared: their texts read when a block needs them,
    counted when first compared, and dropped once the date-ordered walk has passed their window."""

    def __init__(self, texts_of: TextsOf) -> None:
        self._texts_of = texts_of
        self._published: dict[str, date | None] = {}
        self._words: dict[str, str | Counter] = {}    # the text until it is first compared, then its counts

    def read(self, articles: list[ArticleRecord]) -> None:
        """Read the texts of those of `articles` not held yet, in one call of `texts_of`."""
        missing = {a.article_id: a.published for a in articles if a.article_id not in self._words}
        if not missing:
            return
        texts = self._texts_of(sorted(missing))
        for article_id, published in missing.items():
            self._published[article_id] = published
            self._words[article_id] = texts.get(article_id) or ""

    def of(self, article_id: str) -> Counter:
        words = self._words[article_id]
        if isinstance(words, str):
            words = self._words[article_id] = Counter(content_words(words))
        return words

    def forget_before(self, day: date) -> None:
        """Drop the texts and counts of dated articles too old to meet an article of `day` or later."""
        old = [article_id for article_id, published in self._published.items()
               if published is not None and (day - published).days > STORY_WINDOW_DAYS]
        for article_id in old:
            del self._words[article_id], self._published[article_id]

    def forget_all(self) -> None:
        self._words.clear()
        self._published.clear()


@dataclass(frozen=True)
class Links:
    """Which story each article is in and which statement each quote reports, by their ids."""

    stories: dict[str, str]      # article_id -> story_id
    statements: dict[str, str]   # quote_id -> statement_id


def link_across_articles(articles: list[ArticleRecord], quotes: list[QuoteRecord], texts_of: TextsOf) -> Links:
    """Statements and stories of `articles` and their `quotes`, each named after its smallest member, so
    the ids depend neither on input order nor on which run saw the group first; `texts_of` gives
    articles' texts by id (see `assign_stories`)."""
    statements = link_statements(quotes)
    article_of = {quote.quote_id: quote.article_id for quote in quotes}
    shared = {(article_of[quote], article_of[first]) for quote, first in statements.items() if quote != first}
    stories = assign_stories(articles, shared, texts_of)
    return Links({article: stable_id("story", first) for article, first in stories.items()},
                 {quote: stable_id("statement", first) for quote, first in statements.items()})
