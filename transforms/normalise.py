"""Extractions -> the warehouse's tables as pandas DataFrames, with deterministic ids.

Ids are hashes of what identifies a thing (an article's URL or file name, a person's canonical name, a
weapon's designation), so the same input yields the same rows on every run and machine, and the same
person or weapon in two articles is one row.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, fields
from datetime import date, datetime

import pandas as pd

from transforms.ingest import iso_date
from transforms.model import Extraction, PageVersion, Person, Reject
from transforms.people import PeopleIndex, person_key

# Column order of each staged frame; the warehouse's own tables may have more columns.
COLUMNS = {
    "articles": ["article_id", "url", "source", "title", "site", "author", "published", "language", "text",
                 "content_hash", "ingested_at", "run_id"],
    "people": ["person_id", "name", "country"],
    "person_aliases": ["person_id", "alias"],
    "article_people": ["article_id", "person_id", "role", "country", "mentions", "mention_texts"],
    "quotes": ["quote_id", "article_id", "person_id", "speaker", "speaker_kind", "text", "start_offset",
               "end_offset", "cue", "partial", "method", "speaker_mention", "speaker_start_offset",
               "speaker_end_offset"],
    "equipment": ["equipment_id", "designation", "name", "category", "maker", "country_of_origin"],
    "article_equipment": ["article_id", "equipment_id", "mentions", "quantity", "mention_texts"],
    "person_merges": ["old_person_id", "old_name", "new_person_id", "new_name"],
}


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


def drop_duplicate_articles(extractions: list[Extraction]) -> tuple[list[Extraction], list[Reject]]:
    """Keep the first of several inputs that are the same article (same id); reject the others."""
    seen: dict[str, str] = {}
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


def normalise(extractions: list[Extraction], known_people: dict[str, list[str]], run_id: str,
              ingested_at: datetime) -> WarehouseTables:
    """Tabulate extractions whose article ids are unique (see `drop_duplicate_articles`).

    `known_people` (canonical name -> aliases, from the warehouse) lets a surname-only or misspelt
    mention in this run join a person already known.
    """
    articles, article_people, quotes, article_equipment = [], [], [], []
    people: dict[str, dict] = {}
    aliases: set[tuple[str, str]] = set()
    equipment: dict[str, dict] = {}
    index = _index_people(known_people, extractions)
    links = [{person.name: index.link(person) for person in extraction.people} for extraction in extractions]
    spelling = _one_spelling_per_person(links, known_people)

    for extraction, linked in zip(extractions, links):
        article = extraction.article
        articles.append({
            "article_id": article.article_id, "url": article.url, "source": article.source,
            "title": article.title, "site": article.site, "author": article.author,
            "published": _as_date(article.published), "language": article.language, "text": article.text,
            "content_hash": article.content_hash, "ingested_at": ingested_at, "run_id": run_id,
        })

        canonical = {written: spelling[person_id_for(name)] for written, name in linked.items()}
        ids_by_name: dict[str, str] = {}
        named: dict[str, Person] = {}   # person id -> everything this article says of them
        for person in extraction.people:
            name = canonical[person.name]
            person_id = person_id_for(name)
            ids_by_name[person.name] = ids_by_name[name] = person_id
            _add_person(people, person_id, name, person.country)
            # Names only: a role noun the article used for them ("the defense secretary") is no alias.
            for alias in {a for a in (person.name, *person.aliases) if a[:1].isupper()} - {name}:
                aliases.add((person_id, alias))
            _add_mentions(named, person_id, person)
        for person_id, person in named.items():
            article_people.append({
                "article_id": article.article_id, "person_id": person_id, "role": person.role,
                "country": person.country, "mentions": len(person.mentions),
                "mention_texts": [m.text for m in person.mentions],
            })

        for quote in extraction.quotes:
            speaker = canonical.get(quote.speaker, quote.speaker) if quote.speaker else None
            mention = quote.speaker_mention
            quotes.append({
                "quote_id": stable_id("quote", article.article_id, quote.start, quote.end),
                "article_id": article.article_id,
                "person_id": ids_by_name.get(quote.speaker) if quote.speaker_kind == "person" else None,
                "speaker": speaker, "speaker_kind": quote.speaker_kind, "text": quote.text,
                "start_offset": quote.start, "end_offset": quote.end, "cue": quote.cue,
                "partial": quote.partial, "method": quote.method,
                "speaker_mention": mention.text if mention else None,
                "speaker_start_offset": mention.start if mention else None,
                "speaker_end_offset": mention.end if mention else None,
            })

        for item in extraction.equipment:
            equipment_id = equipment_id_for(item.designation)
            equipment.setdefault(equipment_id, {
                "equipment_id": equipment_id, "designation": item.designation, "name": item.name,
                "category": item.category, "maker": item.maker, "country_of_origin": item.country_of_origin,
            })
            article_equipment.append({
                "article_id": article.article_id, "equipment_id": equipment_id,
                "mentions": len(item.mentions), "quantity": item.quantity,
                "mention_texts": [m.text for m in item.mentions],
            })

    merges = [{"old_person_id": person_id_for(short), "old_name": short,
               "new_person_id": person_id_for(full), "new_name": full}
              for short, full in sorted(index.absorbed().items()) if short in known_people]
    tables = WarehouseTables(
        articles=_frame("articles", articles),
        people=_frame("people", sorted(people.values(), key=lambda p: p["person_id"])),
        person_aliases=_frame("person_aliases", [{"person_id": p, "alias": a} for p, a in sorted(aliases)]),
        article_people=_frame("article_people", article_people),
        quotes=_frame("quotes", quotes),
        equipment=_frame("equipment", sorted(equipment.values(), key=lambda e: e["equipment_id"])),
        article_equipment=_frame("article_equipment", article_equipment),
        person_merges=_frame("person_merges", merges),
    )
    # Nullable integers stay integers in DuckDB instead of becoming floats.
    tables.article_equipment["quantity"] = tables.article_equipment["quantity"].astype("Int64")
    for column in ("speaker_start_offset", "speaker_end_offset"):
        tables.quotes[column] = tables.quotes[column].astype("Int64")
    return tables


def _index_people(known_people: dict[str, list[str]], extractions: list[Extraction]) -> PeopleIndex:
    """The warehouse's people plus every full name of this run, added before any article is linked, so
    that a surname-only mention joins its full name whichever article comes first."""
    index = PeopleIndex(known_people)
    full_names = {p.name for e in extractions for p in e.people if len(person_key(p.name).split()) > 1}
    for name in sorted(full_names, key=_spelling_order):
        if index.link(Person(name=name)) == name:
            index.add(name)
    return index


def _spelling_order(name: str) -> tuple[str, int, str]:
    """Alphabetical, except that a name written with its accents ("Günther") comes right before the
    same name written without them ("Gunther"), so that the accented spelling is the one kept."""
    decomposed = unicodedata.normalize("NFD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare, len(bare) - len(decomposed), name


def _one_spelling_per_person(links: list[dict[str, str]], known_people: dict[str, list[str]]) -> dict[str, str]:
    """Person id -> the one name the run writes for them: the warehouse's, else the first spelling in
    `_spelling_order`. "Günther" in one article and "Gunther" in another, linked to no one, are one
    person id; without this each article would keep its own spelling, the row would get one of them,
    and only a rerun (which finds the other as the stored name) would add the other as an alias."""
    spelling: dict[str, str] = {}
    names = {name for linked in links for name in linked.values()}
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
