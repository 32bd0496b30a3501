"""Extraction: people, then quotes (which need the people), then equipment; and a batch of documents
cleaned and extracted, each in a killable worker under a CPU limit."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from transforms.attribution import LanguageRules, find_quotes_and_speakers, load_languages
from transforms.clean import clean_document, warm_up_cleaner
from transforms.equipment import EquipmentCatalogue, find_equipment, load_equipment_catalogue
from transforms.ingest import read_documents
from transforms.isolation import IsolatedPool, Limits, map_isolated, start_fork_server
from transforms.model import Article, Extraction, RawDocument, Reject, StageError
from transforms.people import PeopleGazetteer, find_people, load_people_gazetteer
from transforms.quotes import find_quotes
from transforms.settings import ConfigError, Settings

Loaded = TypeVar("Loaded")


@dataclass(frozen=True)
class Extractors:
    """The gazetteers every extraction reads, loaded once per process rather than once per article."""

    people: PeopleGazetteer
    equipment: EquipmentCatalogue
    # Quote rules of the languages other than English that have a data file, by language code.
    languages: dict[str, LanguageRules] = field(default_factory=dict)


def load_extractors(settings: Settings) -> Extractors:
    """The gazetteers the config names; a file that is missing or malformed is a ConfigError naming it.
    Commands that extract call this in their own process first, so a broken gazetteer stops them before
    any worker starts (each worker loads them again)."""
    gazetteers = settings.gazetteers
    people = _loaded(gazetteers.people,
                     lambda: load_people_gazetteer(gazetteers.people, gazetteers.organisations, gazetteers.languages))
    return Extractors(
        people=people,
        equipment=_loaded(gazetteers.equipment, lambda: load_equipment_catalogue(gazetteers.equipment)),
        languages=load_languages(gazetteers.languages, people.given_names),
    )


def _loaded(path: Path, load: Callable[[], Loaded]) -> Loaded:
    """`load()`, with an entry of the wrong shape (a list for a mapping, a missing `name`) reported as a
    ConfigError naming the gazetteer rather than as a KeyError from deep inside the loader."""
    try:
        return load()
    except (KeyError, TypeError, AttributeError, ValueError) as err:
        if isinstance(err, ConfigError):
            raise
        raise ConfigError(f"gazetteer {path} (or a file beside it): an entry of the wrong shape: "
                          f"{type(err).__name__}: {err}") from None


# The people and quote rules of transforms/people.py and transforms/quotes.py read English: its speech
# verbs, role nouns, pronouns and capitalisation (German capitalises every noun). On the 634 German pages
# of shared/pages they gave 3,143 quotes, 93% of them without a speaker, many being the words between two
# „…“ quotes, and 835 "people". So they run only on English text, or on a text too short to tell
# (language None), as they always did with such texts. A language with a data file in the languages
# folder (config/languages/de.yaml, ...) gets its quotes and speakers from transforms/attribution.py, and
# its people are its speakers; anywhere else `skipped` says people and quotes were not looked for.
# Designations ("F-35", "MH-60R") read the same in every language, so equipment is looked for everywhere.
ENGLISH_RULES_LANGUAGES: frozenset[str | None] = frozenset({"en", None})


def extract_article(article: Article, extractors: Extractors) -> Extraction:
    """People, quotes and equipment: by the English rules, or a language file's; in an article in a language
    with neither, equipment only, and `skipped` says so."""
    equipment = find_equipment(article.text, extractors.equipment)
    if article.language not in ENGLISH_RULES_LANGUAGES:
        rules = extractors.languages.get(article.language or "")
        if rules is None:
            return Extraction(article=article, equipment=equipment, skipped=["people", "quotes"])
        people, quotes = find_quotes_and_speakers(article.text, rules, extractors.people)
        return Extraction(article=article, people=people, quotes=quotes, equipment=equipment)
    people = find_people(article.text, extractors.people, article.language)
    return Extraction(
        article=article,
        people=people,
        quotes=find_quotes(article.text, people, extractors.people),
        equipment=equipment,
    )


# What the cleaning workers' fork server imports once for every worker it starts (they share its memory).
WORKER_PRELOAD = (__name__, "transforms.language")
# The settings and extractors of a worker process, loaded once by `start_extraction_worker`.
_worker_settings: Settings | None = None
_worker_extractors: Extractors | None = None


def start_extraction_worker(settings: Settings) -> None:
    global _worker_settings, _worker_extractors
    _worker_settings, _worker_extractors = settings, load_extractors(settings)
    warm_up_cleaner()


def clean_and_extract(item: RawDocument | str) -> Extraction | Reject:
    """One input's whole journey in a worker, a file (its path) read here too, so that reading and
    decoding run on every core and no page's bytes pass through the run's main process; what fails is
    a Reject naming the stage it failed at."""
    assert _worker_extractors is not None and _worker_settings is not None, \
        "start_extraction_worker runs first in every worker"
    if isinstance(item, str):
        documents, rejects = read_documents([item], _worker_settings)
        if rejects or len(documents) != 1:  # a JSONL file is streamed by the flow, never sent here
            return rejects[0] if rejects else Reject(item, "ingest", "error", f"{item}: not one document")
        item = documents[0]
    doc = item
    try:
        article = clean_document(doc)
    except StageError as err:
        return Reject(doc.source, "clean", err.reason, err.detail)
    except Exception as err:  # noqa: BLE001 - one bad input must not stop the batch
        return Reject(doc.source, "clean", "error", f"{type(err).__name__}: {err}"[:1000])
    try:
        return extract_article(article, _worker_extractors)
    except Exception as err:  # noqa: BLE001 - one article's bug must not lose the night's run
        return Reject(doc.source, "extract", "error", f"{type(err).__name__}: {err}"[:1000])


def start_worker_imports() -> None:
    """Have the cleaning workers' fork server import what they need now, in the background: a run that
    does so before it waits on other things (importing Prefect, its server starting) finds it ready."""
    start_fork_server(WORKER_PRELOAD)


def extraction_pool(settings: Settings) -> IsolatedPool:
    """Cleaning workers for all of a run's batches (`with extraction_pool(settings) as pool:`)."""
    return IsolatedPool(_limits(settings), preload=WORKER_PRELOAD, initializer=start_extraction_worker,
                        initargs=(settings,))


def extract_documents(docs: list[RawDocument | str], settings: Settings, pool: IsolatedPool | None = None
                      ) -> tuple[list[Extraction], list[Reject]]:
    """Clean and extract a batch of documents or file paths in worker processes (`pool`'s, else a pool of
    the batch's own), in input order; never raises for one input."""
    if pool is not None:
        outcomes = pool.map(clean_and_extract, docs)
    else:
        outcomes = map_isolated(clean_and_extract, docs, _limits(settings), preload=WORKER_PRELOAD,
                                initializer=start_extraction_worker, initargs=(settings,))
    extractions, rejects = [], []
    for doc, outcome in zip(docs, outcomes):
        if isinstance(outcome, Extraction):
            extractions.append(outcome)
        elif isinstance(outcome, Reject):
            rejects.append(outcome)
        else:  # the worker gave no answer: too slow, or it died
            source = doc if isinstance(doc, str) else doc.source
            rejects.append(Reject(source, "clean", outcome.reason, f"{source}: {outcome.detail}"))
    return extractions, rejects


def _limits(settings: Settings) -> Limits:
    return Limits(settings.clean.timeout, settings.clean.wall_timeout, settings.clean.workers)
