"""Extractions -> the warehouse's tables as pandas DataFrames, with deterministic ids.

Ids are hashes of what identifies a thing (an article's URL or file name, a person's canonical name, a
weapon's designation), so the same input yields the same rows on every run and machine, and the same
person or weapon in two articles is one row.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime

import pandas as pd

from transforms.ingest import iso_date
from transforms.model import Article, Extraction, PageVersion, Person, Quote, Reject
from transforms.people import PeopleIndex, person_key

# Column order of each staged frame; the warehouse's own tables may have more columns.
COLUMNS = {
    "articles": ["article_id", "url", "source", "title", "site", "author", "published", "language", "text",
                 "content_hash", "ingested_at", "run_id", "skipped"],
    "people": ["person_id", "name", "country"],
    "person_aliases": ["person_id", "alias"],
    "article_people": ["article_id", "person_id", "role", "country", "mentions", "mention_texts"],
    "quotes": ["quote_id", "article_id", "person_id", "speaker", "speaker_kind", "text", "start_offset",
               "end_offset", "cue", "partial", "method", "speaker_mention", "speaker_start_offset",
               "speaker_end_offset", "language"],
    "equipment": ["equipment_id", "designation", "name", "category", "maker", "country_of_origin"],
    "article_equipment": ["article_id", "equipment_id", "mentions", "quantity", "mention_texts"],
    "person_merges": ["old_person_id", "old_name", "new_person_id", "new_name"],
}
# The tables with one set of rows per article, made batch by batch; the others are shared by articles.
ARTICLE_TABLES = ("articles", "article_people", "quotes", "article_equipment")

NamedPerson = tuple[str, tuple[str, ...]]   # a written name and the article's other forms of it


@dataclass
class WarehouseTables:
    """One run's rows, table by table, ready for `warehouse.load`."""

    articles: pd.DataFrame
    people: pd.DataFrame
    person_aliases: pd.DataFrame
    article_people: pd.DataFrame
    quotes: pd.DataFrame
    equipment: pd.DataFrame
    article_equipment: pd.DataFrame
    person_merges: pd.DataFrame     # surname-only people already stored, absorbed by a full name

    def row_counts(self) -> dict[str, int]:
        return {f.name: len(getattr(self, f.name)) for f in fields(self)}

    def frames(self) -> dict[str, pd.DataFrame]:
        """Table name -> frame, as `warehouse.load.merge_tables` takes them."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def stable_id(kind: str, *parts: object) -> str:
    """A short id that depends only on what identifies the thing (16 hex digits of BLAKE2b)."""
    key = "\x1f".join([kind, *(str(p) for p in parts)])
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def person_id_for(canonical_name: str) -> str:
    return stable_id("person", person_key(canonical_name))


def equipment_id_for(designation: str) -> str:
    return stable_id("equipment", designation.upper())


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(day) if (day := iso_date(value)) else None


def drop_duplicate_articles(extractions: list[Extraction], seen: dict[str, str] | None = None
                            ) -> tuple[list[Extraction], list[Reject]]:
    """Keep the first of several inputs that are the same article (same id); reject the others.
    `seen` (article id -> source) carries what earlier batches of the run kept, and is updated."""
    seen = {} if seen is None else seen
    kept, rejects = [], []
    for extraction in extractions:
        article = extraction.article
        if article.article_id in seen:
            rejects.append(Reject(article.source, "normalise", "duplicate",
                                  f"same article as {seen[article.article_id]} (id {article.article_id})"))
            continue
        seen[article.article_id] = article.source
        kept.append(extraction)
    return kept, rejects


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=COLUMNS[table])


def names_of(extractions: Iterable[Extraction]) -> set[NamedPerson]:
    """Who these articles name, each written name with its other forms: all `RunPeople` needs of a
    batch, so a run's batches need not stay in memory while its people are resolved."""
    return {(person.name, tuple(person.aliases)) for e in extractions for person in e.people}


class RunPeople:
    """The people of a whole run, resolved together before any of its articles is tabulated.

    The warehouse's people plus every full name of the run go into one index, so that a surname-only
    mention joins its full name whichever article (or batch) comes first, and each person gets the one
    spelling the run writes for them.
    """

    def __init__(self, known_people: dict[str, list[str]], named: Iterable[NamedPerson]) -> None:
        named = set(named)
        self.known = known_people
        self.index = PeopleIndex(known_people)
        full_names = {name for name, _ in named if len(person_key(name).split()) > 1}
        for name in sorted(full_names, key=_spelling_order):
            if self.index.link(Person(name=name)) == name:
                self.index.add(name)
        linked = {self.index.link(Person(name=name, aliases=list(aliases))) for name, aliases in named}
        self.spelling = _one_spelling_per_person(linked, known_people)

    def canonical(self, person: Person) -> str:
        """The name the run writes for this article's person."""
        return self.spelling[person_id_for(self.index.link(person))]

    def merges(self) -> list[dict[str, str]]:
        """Surname-only people already stored that a full name of this run absorbs."""
        return [{"old_person_id": person_id_for(short), "old_name": short,
                 "new_person_id": person_id_for(full), "new_name": full}
                for short, full in sorted(self.index.absorbed().items()) if short in self.known]


class RunTables:
    """A run's rows, made batch by batch: `article_rows` gives each batch's per-article tables at once
    (they can leave the process), while the shared tables (people, aliases, equipment) gather across
    batches and come out once from `shared_rows`."""

    def __init__(self, people: RunPeople, run_id: str, ingested_at: datetime) -> None:
        self.people, self.run_id, self.ingested_at = people, run_id, ingested_at
        self._people_rows: dict[str, dict] = {}
        self._aliases: set[tuple[str, str]] = set()
        self._equipment: dict[str, dict] = {}

    def article_rows(self, extractions: list[Extraction]) -> dict[str, pd.DataFrame]:
        """`articles`, `article_people`, `quotes` and `article_equipment` of extractions whose article ids
        are unique (see `drop_duplicate_articles`)."""
        articles, article_people, quotes, article_equipment = [], [], [], []
        for extraction in extractions:
            article = extraction.article
            articles.append({
                "article_id": article.article_id, "url": article.url, "source": article.source,
                "title": article.title, "site": article.site, "author": article.author,
                "published": _as_date(article.published), "language": article.language, "text": article.text,
                "content_hash": article.content_hash, "ingested_at": self.ingested_at, "run_id": self.run_id,
                "skipped": list(extraction.skipped),
            })
            ids_by_name, canonical = self._add_people(extraction, article_people)
            for quote in extraction.quotes:
                quotes.append(self._quote_row(article, quote, ids_by_name, canonical))
            for item in extraction.equipment:
                equipment_id = equipment_id_for(item.designation)
                self._equipment.setdefault(equipment_id, {
                    "equipment_id": equipment_id, "designation": item.designation, "name": item.name,
                    "category": item.category, "maker": item.maker, "country_of_origin": item.country_of_origin,
                })
                article_equipment.append({
                    "article_id": article.article_id, "equipment_id": equipment_id,
                    "mentions": len(item.mentions), "quantity": item.quantity,
                    "mention_texts": [m.text for m in item.mentions],
                })
        frames = {"articles": _frame("articles", articles), "article_people": _frame("article_people", article_people),
                  "quotes": _frame("quotes", quotes), "article_equipment": _frame("article_equipment", article_equipment)}
        # Nullable integers stay integers in DuckDB instead of becoming floats.
        frames["article_equipment"]["quantity"] = frames["article_equipment"]["quantity"].astype("Int64")
        for column in ("speaker_start_offset", "speaker_end_offset"):
            frames["quotes"][column] = frames["quotes"][column].astype("Int64")
        return frames

    def shared_rows(self) -> dict[str, pd.DataFrame]:
        """`people`, `person_aliases`, `equipment` and `person_merges` of every batch tabulated so far."""
        return {
            "people": _frame("people", sorted(self._people_rows.values(), key=lambda p: p["person_id"])),
            "person_aliases": _frame("person_aliases",
                                     [{"person_id": p, "alias": a} for p, a in sorted(self._aliases)]),
            "equipment": _frame("equipment", sorted(self._equipment.values(), key=lambda e: e["equipment_id"])),
            "person_merges": _frame("person_merges", self.people.merges()),
        }

    def _add_people(self, extraction: Extraction, article_people: list[dict]
                    ) -> tuple[dict[str, str], dict[str, str]]:
        """The article's people rows; returns, by every name the article wrote a person under, their
        person id, and by each written name the name the run writes."""
        ids_by_name: dict[str, str] = {}
        canonical: dict[str, str] = {}
        named: dict[str, Person] = {}   # person id -> everything this article says of them
        for person in extraction.people:
            name = canonical[person.name] = self.people.canonical(person)
            person_id = person_id_for(name)
            ids_by_name[person.name] = ids_by_name[name] = person_id
            for alias in person.aliases:    # a quote's speaker as written ("Władimir Putin" of Vladimir Putin)
                ids_by_name.setdefault(alias, person_id)
                canonical.setdefault(alias, name)
            _add_person(self._people_rows, person_id, name, person.country)
            # Names only: a role noun the article used for them ("the defense secretary") is no alias.
            for alias in {a for a in (person.name, *person.aliases) if a[:1].isupper()} - {name}:
                self._aliases.add((person_id, alias))
            _add_mentions(named, person_id, person)
        for person_id, person in named.items():
            article_people.append({
                "article_id": extraction.article.article_id, "person_id": person_id, "role": person.role,
                "country": person.country, "mentions": len(person.mentions),
                "mention_texts": [m.text for m in person.mentions],
            })
        return ids_by_name, canonical

    @staticmethod
    def _quote_row(article: Article, quote: Quote, ids_by_name: dict[str, str], canonical: dict[str, str]) -> dict:
        """A quote's row, in its article's language, so that quotes filter by language without a join."""
        mention = quote.speaker_mention
        return {
            "quote_id": stable_id("quote", article.article_id, quote.start, quote.end),
            "article_id": article.article_id, "language": article.language,
            "person_id": ids_by_name.get(quote.speaker) if quote.speaker_kind == "person" else None,
            "speaker": canonical.get(quote.speaker, quote.speaker) if quote.speaker else None, "speaker_kind": quote.speaker_kind, "text": quote.text,
            "start_offset": quote.start, "end_offset": quote.end, "cue": quote.cue,
            "partial": quote.partial, "method": quote.method,
            "speaker_mention": mention.text if mention else None,
            "speaker_start_offset": mention.start if mention else None,
            "speaker_end_offset": mention.end if mention else None,
        }


def normalise(extractions: list[Extraction], known_people: dict[str, list[str]], run_id: str,
              ingested_at: datetime) -> WarehouseTables:
    """All of a run's tables at once, for a run small enough to hold (see `RunTables` for a big one).

    `known_people` (canonical name -> aliases, from the warehouse) lets a surname-only or misspelt
    mention in this run join a person already known.
    """
    tables = RunTables(RunPeople(known_people, names_of(extractions)), run_id, ingested_at)
    return WarehouseTables(**tables.article_rows(extractions), **tables.shared_rows())


def _spelling_order(name: str) -> tuple[str, int, str]:
    """Alphabetical, except that a name written with its accents ("Günther") comes right before the
    same name written without them ("Gunther"), so that the accented spelling is the one kept."""
    decomposed = unicodedata.normalize("NFD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare, len(bare) - len(decomposed), name


def _one_spelling_per_person(names: set[str], known_people: dict[str, list[str]]) -> dict[str, str]:
    """Person id -> the one name the run writes for them, of the `names` its people linked to: the
    warehouse's, else the first spelling in `_spelling_order`. "Günther" in one article and "Gunther"
    in another, linked to no one, are one person id; without this each article would keep its own
    spelling, the row would get one of them, and only a rerun (which finds the other as the stored
    name) would add the other as an alias."""
    spelling: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (n not in known_people, _spelling_order(n))):
        spelling.setdefault(person_id_for(name), name)
    return spelling


def _add_person(people: dict[str, dict], person_id: str, name: str, country: str | None) -> None:
    """One row per person (`name` is the same for every mention of a run); the first known country wins."""
    row = people.setdefault(person_id, {"person_id": person_id, "name": name, "country": country})
    row["country"] = row["country"] or country


def _add_mentions(named: dict[str, Person], person_id: str, person: Person) -> None:
    """One article_people row per person of an article, even when two of its names ("Joan Honoré-Paul",
    "Joan Honore-Paul"; a typo that links to a full name) turn out to be one person: their mentions
    add up, and the first role given (with its country) stands."""
    row = named.get(person_id)
    if row is None:
        named[person_id] = Person(name=person.name, role=person.role, country=person.country,
                                  mentions=list(person.mentions))
        return
    row.mentions = sorted([*row.mentions, *person.mentions], key=lambda span: span.start)
    if row.role is None and person.role:
        row.role, row.country = person.role, person.country
    row.country = row.country or person.country


def rejects_frame(rejects: list[Reject], run_id: str, rejected_at: datetime) -> pd.DataFrame:
    """The rows of `rejects` for a run's rejected inputs."""
    return pd.DataFrame(
        [{"run_id": run_id, "source": r.source, "stage": r.stage, "reason": r.reason, "detail": r.detail,
          "rejected_at": rejected_at} for r in rejects],
        columns=["run_id", "source", "stage", "reason", "detail", "rejected_at"],
    )


def fetched_pages_frame(versions: dict[str, PageVersion], article_ids: dict[str, str], fetched_at: datetime
                        ) -> pd.DataFrame:
    """The rows of `fetched_pages` to merge: `article_ids` names the article each newly loaded page became
    (pages found unchanged have none: the stored one stays)."""
    return pd.DataFrame(
        [{"url": url, "article_id": article_ids.get(url), "etag": v.etag, "last_modified": v.last_modified,
          "body_hash": v.body_hash, "listed_at": v.listed_at, "fetched_at": fetched_at} for url, v in versions.items()],
        columns=["url", "article_id", "etag", "last_modified", "body_hash", "listed_at", "fetched_at"],
    ).astype({"article_id": "string", "etag": "string", "last_modified": "string", "listed_at": "string"})
