"""The nightly flow: ingest -> clean -> extract, batch by batch, then normalise and load in one go.

Prefect is the orchestrator, not the inner loop: each task run handles a batch of documents
(`clean.batch_size` in the config), never one article, and the parsing lives in `transforms/`.
The flow takes plain values (sources, config path, warehouse path) and resolves its settings itself,
so it runs the same from the command line and as a deployment.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows.progress import progress
from transforms.extract import extract_locations
from transforms.ingest import Fetched, expand_sources_with_pages
from transforms.model import Extraction, Reject
from transforms.normalise import drop_duplicate_articles, normalise
from transforms.settings import Settings, load_settings
from warehouse.connect import connect
from warehouse.load import known_people, load_tables, rejects_frame
from warehouse.publish import table_counts
from warehouse.runlock import hold_run_lock
from warehouse.runs import begin_run, end_run_early


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
    abandoned_runs: list[str] = field(default_factory=list)


def resolve_settings(config_path: str | None, warehouse: str | None) -> Settings:
    settings = load_settings(config_path)
    return settings.with_warehouse(Path(warehouse)) if warehouse else settings


# Settings are plain objects passed by reference; hashing them for a cache key would cost more than
# the work, so no task here caches.
@task(cache_policy=NO_CACHE)
def find_inputs(sources: list[str], settings: Settings) -> tuple[list[str], dict[str, Fetched], list[Reject]]:
    """Concrete inputs, plus the pages already fetched to tell a page from a feed (not fetched again)."""
    return expand_sources_with_pages(sources, settings)


# A whole batch is retried only for failures outside one document (those become rejects instead).
@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def process_batch(locations: list[str], settings: Settings,
                  pages: dict[str, Fetched]) -> tuple[list[Extraction], list[Reject]]:
    return extract_locations(locations, settings, pages)


@task(cache_policy=NO_CACHE)
def load_run(extractions: list[Extraction], rejects: list[Reject], settings: Settings, run_id: str,
             abandoned_runs: list[str]) -> RunSummary:
    extractions, duplicates = drop_duplicate_articles(extractions)
    rejects = [*rejects, *duplicates]
    now = datetime.now()
    with connect(settings.warehouse.path, lock_wait=settings.warehouse.lock_wait) as con:
        tables = normalise(extractions, known_people(con), run_id, now)
        result = load_tables(con, tables, rejects_frame(rejects, run_id, now), run_id)
        rows = table_counts(con)
    return RunSummary(run_id, "completed", result.articles_new, result.articles_changed,
                      result.articles_unchanged, rejects, rows, str(settings.warehouse.path), abandoned_runs)


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
def run_pipeline(sources: list[str] | None = None, config_path: str | None = None, warehouse: str | None = None,
                 run_id: str | None = None) -> RunSummary:
    """One pipeline run over `sources` (default: the config's) into the warehouse (default: the config's).

    `run_id` is given by the command line, which records the run before Prefect starts; a deployment
    run leaves it out and the flow run's id is used.
    """
    logger = get_run_logger()
    settings = resolve_settings(config_path, warehouse)
    sources = list(sources or settings.sources.paths)
    run_id = run_id or str(flow_run.id)
    with hold_run_lock(settings.warehouse.path):
        abandoned = begin_run(settings.warehouse.path, run_id, sources, settings.warehouse.lock_wait)
        for dead in abandoned:
            logger.warning("run %s had ended without finishing; it is now marked abandoned", dead)
        try:
            summary = _extract_and_load(sources, settings, run_id, abandoned)
        except BaseException as err:
            logger.error("run %s ended early: %s: %s", run_id, type(err).__name__, err, exc_info=True)
            end_run_early(settings.warehouse.path, run_id, err, settings.warehouse.lock_wait)
            raise
    for reject in summary.rejects:
        logger.warning("rejected %s at %s: %s %s", reject.source, reject.stage, reject.reason, reject.detail)
    logger.info("run %s done: %d new, %d changed, %d unchanged, %d rejected", run_id, summary.articles_new,
                summary.articles_changed, summary.articles_unchanged, len(summary.rejects))
    create_markdown_artifact(markdown=summary_markdown(summary), key="newsware-run-summary",
                             description="Articles and rows of this newsware run")
    return summary


def _extract_and_load(sources: list[str], settings: Settings, run_id: str, abandoned: list[str]) -> RunSummary:
    logger = get_run_logger()
    locations, pages, rejects = find_inputs(sources, settings)
    logger.info("run %s: %d inputs from %d sources into %s", run_id, len(locations), len(sources),
                settings.warehouse.path)
    extractions: list[Extraction] = []
    with progress("articles", total=len(locations)) as advance:
        all_batches = batches(locations, settings.clean.batch_size)
        for number, batch in enumerate(all_batches, 1):
            batch_extractions, batch_rejects = process_batch(
                batch, settings, {location: pages[location] for location in batch if location in pages})
            extractions += batch_extractions
            rejects += batch_rejects
            advance(len(batch))
            logger.info("batch %d/%d: %d inputs, %d articles extracted, %d rejected", number,
                        len(all_batches), len(batch), len(batch_extractions), len(batch_rejects))
    return load_run(extractions, rejects, settings, run_id, abandoned)
