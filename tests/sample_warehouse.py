"""The bundled sample as a warehouse, built in-process: no Prefect, no network, no worker processes.

The same steps as a run (read, clean, extract, normalise, load, publish), so the marts' tests read the
rows an analyst finds after `newsware run` on `sample/`.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from flows.loading import load_and_link
from transforms.clean import clean_document
from transforms.extract import extract_article, load_extractors
from transforms.ingest import expand_local, read_documents
from transforms.model import Extraction
from transforms.normalise import drop_duplicate_articles, normalise, rejects_frame
from transforms.settings import load_settings
from warehouse.load import known_people
from warehouse.migrate import migrate
from warehouse.publish import publish_views

SAMPLE = Path(__file__).resolve().parent.parent / "sample"
LOADED_AT = datetime(2025, 7, 10, 2, 0)


def sample_extractions(sample: Path = SAMPLE) -> list[Extraction]:
    """Every article of `sample/`, cleaned and extracted with the bundled config's gazetteers."""
    settings = load_settings(environ={})   # the bundled config, whatever NEWSWARE_* the shell has
    locations, _ = expand_local(str(sample), settings)
    documents, rejects = read_documents(locations, settings)
    assert not rejects, rejects
    extractors = load_extractors(settings)
    extractions, duplicates = drop_duplicate_articles(
        [extract_article(clean_document(doc), extractors) for doc in documents])
    assert not duplicates, duplicates
    return extractions


def build_sample_warehouse(path: Path, extractions: list[Extraction]) -> duckdb.DuckDBPyConnection:
    """A new warehouse at `path` holding `extractions` as one run loads them; returns the open connection."""
    con = duckdb.connect(str(path))
    migrate(con)
    publish_views(con)
    tables = normalise(extractions, known_people(con), "sample-run", LOADED_AT)
    load_and_link(con, tables, rejects_frame([], "sample-run", LOADED_AT), LOADED_AT)
    return con
