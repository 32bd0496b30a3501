"""The nightly flow: ingest -> clean -> extract, batch by batch, then normalise and load in one go.

Prefect is the orchestrator, not the inner loop: each task run handles a batch of documents
(`clean.batch_size` in the config), never one article, and the parsing lives in `transforms/`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.progress import progress
from transforms.extract import Extractors, extract_locations, load_extractors
from transforms.ingest import Fetched, expand_sources_with_pages
from transforms.model import Extraction, Reject
from transforms.normalise import drop_duplicate_articles, normalise
from transforms.settings import Settings
from warehouse.connect import connect
from warehouse.load import finish_run, known_people, load_tables, rejects_frame, start_run
from warehouse.migrate import migrate
from warehouse.publish import publish_views, table_counts


@dataclass
class RunSummary:
    run_id: str
    status: str
    articles_new: int = 0
    articles_changed: int = 0
    articles_unchanged: int = 0
    rejects: list[Reject] = field(default_factory=list)
    table_rows: dict[str, int] = field(default_factory=dict)
    warehouse: str = ""


# Settings and gazetteers are plain objects passed by reference; hashing them for a cache key would
# cost more than the work, so no task here caches.
@task(cache_policy=NO_CACHE)
def open_run(settings: Settings, run_id: str, sources: list[str]) -> None:
    with connect(settings.warehouse) as con:
        migrate(con)
        publish_views(con)
        start_run(con, run_id, datetime.now(), sources)


@task(cache_policy=NO_CACHE)
def find_inputs(sources: list[str], settings: Settings) -> tuple[list[str], dict[str, Fetched], list[Reject]]:
    """Concrete inputs, plus the pages already fetched to tell a page from a feed (not fetched again)."""
    return expand_sources_with_pages(sources, settings)


# A whole batch is retried only for failures outside one document (those become rejects instead).
@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def process_batch(locations: list[str], settings: Settings, extractors: Extractors,
                  pages: dict[str, Fetched]) -> tuple[list[Extraction], list[Reject]]:
    return extract_locations(locations, settings, extractors, pages)


@task(cache_policy=NO_CACHE)
def load_run(extractions: list[Extraction], rejects: list[Reject], settings: Settings, run_id: str) -> RunSummary:
    extractions, duplicates = drop_duplicate_articles(extractions)
    rejects = [*rejects, *duplicates]
    now = datetime.now()
    with connect(settings.warehouse) as con:
        tables = normalise(extractions, known_people(con), run_id, now)
        result = load_tables(con, tables, rejects_frame(rejects, run_id, now), run_id)
        rows = table_counts(con)
    return RunSummary(run_id, "completed", result.articles_new, result.articles_changed,
                      result.articles_unchanged, rejects, rows, str(settings.warehouse))


def record_failure(settings: Settings, run_id: str, error: BaseException) -> None:
    """Mark the run failed in `runs`; the load's own transaction has already rolled back.

    If even that fails (the warehouse is held by another process), the run's row stays 'running' and the
    original error is the one reported.
    """
    try:
        with connect(settings.warehouse) as con:
            finish_run(con, run_id, "failed", None, 0, f"{type(error).__name__}: {error}"[:1000])
    except Exception as recording_error:  # noqa: BLE001 - never mask the error that failed the run
        get_run_logger().error("could not record run %s as failed: %s", run_id, recording_error)


def summary_markdown(summary: RunSummary) -> str:
    lines = [
        f"# newsware run {summary.run_id}", "",
        "| articles | count |", "|---|---|",
        f"| new | {summary.articles_new} |", f"| changed | {summary.articles_changed} |",
        f"| unchanged | {summary.articles_unchanged} |", f"| rejected | {len(summary.rejects)} |", "",
        "| table | rows |", "|---|---|",
        *(f"| {table} | {rows} |" for table, rows in summary.table_rows.items()),
    ]
    if summary.rejects:
        lines += ["", "| rejected input | stage | reason |", "|---|---|---|",
                  *(f"| {r.source} | {r.stage} | {r.reason} |" for r in summary.rejects)]
    return "\n".join(lines)


def batches(items: list[str], size: int) -> list[list[str]]:
    return [items[i:i + size] for i in range(0, len(items), max(1, size))]


@flow(name="newsware-run", log_prints=False)
def run_pipeline(sources: list[str], settings: Settings) -> RunSummary:
    """One pipeline run over `sources` into the warehouse named in `settings`."""
    logger = get_run_logger()
    run_id = str(flow_run.id)
    open_run(settings, run_id, sources)
    try:
        locations, pages, rejects = find_inputs(sources, settings)
        logger.info("run %s: %d inputs from %d sources into %s", run_id, len(locations), len(sources),
                    settings.warehouse)
        extractors = load_extractors(settings)
        extractions: list[Extraction] = []
        with progress("articles", total=len(locations)) as advance:
            all_batches = batches(locations, settings.batch_size)
            for number, batch in enumerate(all_batches, 1):
                batch_extractions, batch_rejects = process_batch(
                    batch, settings, extractors, {location: pages[location] for location in batch if location in pages})
                extractions += batch_extractions
                rejects += batch_rejects
                advance(len(batch))
                logger.info("batch %d/%d: %d inputs, %d articles extracted, %d rejected", number,
                            len(all_batches), len(batch), len(batch_extractions), len(batch_rejects))
        summary = load_run(extractions, rejects, settings, run_id)
    except Exception as err:
        logger.error("run %s failed: %s: %s", run_id, type(err).__name__, err)
        record_failure(settings, run_id, err)
        raise
    for reject in summary.rejects:
        logger.warning("rejected %s at %s: %s %s", reject.source, reject.stage, reject.reason, reject.detail)
    logger.info("run %s done: %d new, %d changed, %d unchanged, %d rejected", run_id, summary.articles_new,
                summary.articles_changed, summary.articles_unchanged, len(summary.rejects))
    create_markdown_artifact(markdown=summary_markdown(summary), key="newsware-run-summary",
                             description="Articles and rows of this newsware run")
    return summary
