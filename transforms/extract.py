"""Extraction: people, then quotes (which need the people), then equipment; and a batch of inputs
read, cleaned and extracted in one call."""
from __future__ import annotations

from dataclasses import dataclass

from transforms.clean import clean_documents
from transforms.equipment import EquipmentCatalogue, find_equipment, load_equipment_catalogue
from transforms.ingest import Fetched, read_documents
from transforms.model import Article, Extraction, Reject
from transforms.people import PeopleGazetteer, find_people, load_people_gazetteer
from transforms.quotes import find_quotes
from transforms.settings import Settings


@dataclass(frozen=True)
class Extractors:
    """The gazetteers every extraction reads, loaded once per run rather than once per article."""

    people: PeopleGazetteer
    equipment: EquipmentCatalogue


def load_extractors(settings: Settings) -> Extractors:
    return Extractors(
        people=load_people_gazetteer(settings.people_gazetteer, settings.organisations_gazetteer),
        equipment=load_equipment_catalogue(settings.equipment_gazetteer),
    )


def extract_article(article: Article, extractors: Extractors) -> Extraction:
    people = find_people(article.text, extractors.people)
    return Extraction(
        article=article,
        people=people,
        quotes=find_quotes(article.text, people, extractors.people),
        equipment=find_equipment(article.text, extractors.equipment),
    )


def extract_articles(articles: list[Article], extractors: Extractors) -> tuple[list[Extraction], list[Reject]]:
    """Extract a batch; an article that breaks an extractor is rejected, and the batch goes on."""
    extractions, rejects = [], []
    for article in articles:
        try:
            extractions.append(extract_article(article, extractors))
        except Exception as err:  # one article's bug must not lose the night's run
            rejects.append(Reject(article.source, "extract", type(err).__name__, str(err)[:500]))
    return extractions, rejects


def extract_locations(locations: list[str], settings: Settings, extractors: Extractors,
                      pages: dict[str, Fetched] | None = None) -> tuple[list[Extraction], list[Reject]]:
    """Read, clean and extract a batch of inputs: one flow task's work, and all of `newsware extract`'s."""
    documents, read_rejects = read_documents(locations, settings, prefetched=pages)
    articles, clean_rejects = clean_documents(documents, settings.clean_timeout, settings.clean_workers)
    extractions, extract_rejects = extract_articles(articles, extractors)
    return extractions, [*read_rejects, *clean_rejects, *extract_rejects]
