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
from prefect.states import Cancelled

from flows.loading import load_and_link
from flows.progress import progress
from flows.runlog import attach_run_log
from flows.sources import Inputs, gather_inputs, read_batch
from transforms.extract import extract_documents
from transforms.model import Extraction, PageVersion, Reject
from transforms.normalise import drop_duplicate_articles, fetched_pages_frame, normalise, rejects_frame
from transforms.settings import Settings, load_settings
from warehouse.connect import connect
from warehouse.load import known_people, loaded_pages
from warehouse.publish import table_counts
from warehouse.runlock import RunInProgress, claim_run_lock, hold_run_lock
from warehouse.runs import begin_run, end_run_early
from warehouse.workcopy import writing


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
    pages_unchanged: int = 0          # of articles_unchanged: pages not fetched or cleaned again


def resolve_settings(config_path: str | None, warehouse: str | None) -> Settings:
    settings = load_settings(config_path)
    return settings.with_warehouse(Path(warehouse)) if warehouse else settings


@dataclass
class BatchResult:
    """One batch's extractions and rejects, and what it learnt of the pages it fetched."""

    extractions: list[Extraction] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    pages_unchanged: list[str] = field(default_factory=list)
    versions: dict[str, PageVersion] = field(default_factory=dict)

    def add(self, other: BatchResult) -> None:
        self.extractions += other.extractions
        self.rejects += other.rejects
        self.pages_unchanged += other.pages_unchanged
        self.versions.update(other.versions)


# Settings are plain objects passed by reference; hashing them for a cache key would cost more than
# the work, so no task here caches.
@task(cache_policy=NO_CACHE)
def find_inputs(sources: list[str], settings: Settings, loaded: dict[str, PageVersion]) -> Inputs:
    """Concrete inputs: directories walked, feeds and sitemaps fetched and followed."""
    return gather_inputs(sources, settings, loaded)


# A whole batch is retried only for failures outside one document (those become rejects instead).
@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def process_batch(locations: list[str], inputs: Inputs, settings: Settings,
                  loaded: dict[str, PageVersion]) -> BatchResult:
    """Fetch (what may have changed), read, clean and extract one batch of inputs."""
    read = read_batch(locations, inputs, settings, loaded)
    extractions, rejects = extract_documents(read.documents, settings)
    return BatchResult(extractions, [*read.rejects, *rejects], read.unchanged, read.versions)


# The load is one transaction (rolled back on failure), so trying it again is safe, and it keeps the
# run's cleaning and extraction from being thrown away for a passing failure (a full disk freed, ...).
@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def load_run(batch: BatchResult, settings: Settings, run_id: str, abandoned_runs: list[str]) -> RunSummary:
    extractions, duplicates = drop_duplicate_articles(batch.extractions)
    rejects = [*batch.rejects, *duplicates]
    now = datetime.now()
    # Pages remembered: those that loaded as articles, and those found unchanged (their validators may be new).
    article_of = {e.article.source: e.article.article_id for e in batch.extractions}
    unchanged = set(batch.pages_unchanged)
    versions = {url: version for url, version in batch.versions.items() if url in article_of or url in unchanged}
    logger = get_run_logger()
    logger.info("run %s: loading %d articles into %s", run_id, len(extractions), settings.warehouse.path)
    with connect(settings.warehouse.path, lock_wait=settings.warehouse.lock_wait) as con:
        tables = normalise(extractions, known_people(con), run_id, now)
        result = load_and_link(con, tables, rejects_frame(rejects, run_id, now), now, run_id,
                               fetched_pages_frame(versions, article_of, now), len(batch.pages_unchanged))
        rows = table_counts(con)
    logger.info("run %s: %d articles written, their stories and statements linked again", run_id,
                len(result.articles_written))
    return RunSummary(run_id, "completed", result.articles_new, result.articles_changed,
                      result.articles_unchanged, rejects, rows, str(settings.warehouse.path), abandoned_runs,
                      len(batch.pages_unchanged))


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
    settings = resolve_settings(config_path, warehouse)
    attach_run_log(settings.warehouse.path)  # a served run is a fresh process that no command line set up
    logger = get_run_logger()
    try:  # already ours under `newsware run`; a served run that finds another going ends here, in one line
        claim_run_lock(settings.warehouse.path)
    except RunInProgress as busy:
        logger.warning("run skipped: %s", busy)
        return Cancelled(message=f"skipped: {busy}")
    sources = list(sources or settings.sources.paths)
    run_id = run_id or str(flow_run.id)
    published = settings.warehouse.path
    with hold_run_lock(published), writing(published) as work:
        abandoned = begin_run(work, run_id, sources, settings.warehouse.lock_wait)
        for dead in abandoned:
            logger.warning("run %s had ended without finishing; it is now marked abandoned", dead)
        try:
            summary = _extract_and_load(sources, settings.with_warehouse(work), run_id, abandoned)
        except BaseException as err:
            logger.error("run %s ended early: %s: %s", run_id, type(err).__name__, err, exc_info=True)
            end_run_early(work, run_id, err, settings.warehouse.lock_wait)
            raise
    summary.warehouse = str(published)
    for reject in summary.rejects:
        logger.warning("rejected %s at %s: %s %s", reject.source, reject.stage, reject.reason, reject.detail)
    logger.info("run %s done: %d new, %d changed, %d unchanged, %d rejected", run_id, summary.articles_new,
                summary.articles_changed, summary.articles_unchanged, len(summary.rejects))
    create_markdown_artifact(markdown=summary_markdown(summary), key="newsware-run-summary",
                             description="Articles and rows of this newsware run")
    return summary


def _extract_and_load(sources: list[str], settings: Settings, run_id: str, abandoned: list[str]) -> RunSummary:
    logger = get_run_logger()
    loaded = _loaded_pages(settings)
    inputs = find_inputs(sources, settings, loaded)
    logger.info("run %s: %d inputs from %d sources into %s", run_id, len(inputs.locations), len(sources),
                settings.warehouse.path)
    result = BatchResult(rejects=list(inputs.rejects))
    with progress("articles", total=len(inputs.locations)) as advance:
        all_batches = batches(inputs.locations, settings.clean.batch_size)
        for number, batch in enumerate(all_batches, 1):
            batch_result = process_batch(batch, inputs.for_batch(batch), settings,
                                         {url: loaded[url] for url in batch if url in loaded})
            result.add(batch_result)
            advance(len(batch))
            logger.info("batch %d/%d: %d inputs, %d articles extracted, %d unchanged pages not read again, "
                        "%d rejected", number, len(all_batches), len(batch), len(batch_result.extractions),
                        len(batch_result.pages_unchanged), len(batch_result.rejects))
    return load_run(result, settings, run_id, abandoned)


def _loaded_pages(settings: Settings) -> dict[str, PageVersion]:
    """In a function of its own, so that no frame of the run keeps the connection alive afterwards."""
    with connect(settings.warehouse.path, read_only=True, lock_wait=settings.warehouse.lock_wait) as con:
        return {url: PageVersion(*version) for url, version in loaded_pages(con).items()}
