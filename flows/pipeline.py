"""The nightly flow: ingest -> clean -> extract, batch by batch, then normalise and load in one go.

Prefect is the orchestrator, not the inner loop: each task run handles a batch of documents
(`clean.batch_size` in the config), never one article, and the parsing lives in `transforms/`.
Memory does not grow with the run: batches are made as they are needed (a JSONL file is streamed),
a few are in flight at once, and each batch's result goes to the run's staging directory as soon as
it is made (`warehouse.staging`); the load reads them back one at a time.
The flow takes plain values (sources, config path, warehouse path) and resolves its settings itself,
so it runs the same from the command line and as a deployment.
"""
from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.futures import PrefectFuture, as_completed
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Cancelled, State

from flows.cluster import batches_in_flight, task_runner_for
from flows.loading import load_and_link
from flows.progress import progress
from flows.runlog import attach_run_log
from flows.sources import Inputs, WorkUnit, gather_inputs, read_batch, work_units
from flows.stopping import as_stop, forget_stop, stop_requested, stopping_on_signals
from transforms.extract import extract_documents, extraction_pool
from transforms.ingest import is_jsonl
from transforms.isolation import IsolatedPool, stop_fork_server
from transforms.model import Extraction, PageVersion, Reject
from transforms.normalise import (NamedPerson, RunPeople, RunTables, drop_duplicate_articles, fetched_pages_frame,
                                  names_of, rejects_frame)
from transforms.settings import Settings, load_settings
from warehouse.connect import WarehouseError, connect, limit_memory
from warehouse.load import known_people, loaded_pages
from warehouse.publish import table_counts
from warehouse.runlock import RunInProgress, claim_run_lock, hold_run_lock
from warehouse.runs import begin_run, describe, end_run_early
from warehouse.staging import RunStaging, remove_stale_staging, staged_rows
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
    """One batch's extractions and rejects, and what it learnt of the pages it fetched: staged as a file
    by the batch's task, read back by the load."""

    extractions: list[Extraction] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    pages_unchanged: list[str] = field(default_factory=list)
    versions: dict[str, PageVersion] = field(default_factory=dict)


@dataclass
class BatchReport:
    """What the flow keeps of a batch once its result is staged: counts, and whom it names (for the
    people of the whole run, resolved before the load)."""

    number: int
    inputs: int
    extracted: int
    rejected: int
    unchanged: int
    named: set[NamedPerson]


@dataclass
class StagedBatches:
    """What the flow keeps of a run's staged batches for its load: their numbers, and whom they name, in
    one set for the run (a name in every batch is kept once, not once per batch)."""

    numbers: list[int] = field(default_factory=list)
    named: set[NamedPerson] = field(default_factory=set)

    def add(self, report: BatchReport) -> None:
        self.numbers.append(report.number)
        self.named |= report.named


# The cleaning workers of this process for the run in progress (`_extract_and_stage`): batch tasks run
# in threads of the flow's process share them. A task running elsewhere (a Dask worker) finds None and
# uses its process's own (`_dask_worker_pool`).
_run_pool: IsolatedPool | None = None
# A Dask worker's cleaning workers, kept from batch to batch (starting them costs about a second) and for
# as long as the settings they were started with are those of the batches it gets.
_kept_pool: tuple[str, IsolatedPool] | None = None
_kept_pool_lock = threading.Lock()


def _dask_worker_pool(settings: Settings) -> IsolatedPool:
    global _kept_pool
    key = settings.model_dump_json()
    with _kept_pool_lock:
        if _kept_pool is not None and _kept_pool[0] != key:
            _close_kept_pool()
        if _kept_pool is None:
            _kept_pool = (key, extraction_pool(settings).__enter__())
            atexit.unregister(_close_kept_pool)
            atexit.register(_close_kept_pool)   # a Dask worker closing down stops its cleaning workers
        return _kept_pool[1]


def _close_kept_pool() -> None:
    global _kept_pool
    if _kept_pool is not None:
        _kept_pool[1].__exit__(None, None, None)
        _kept_pool = None


# Settings are plain objects passed by reference; hashing them for a cache key would cost more than
# the work, so no task here caches.
@task(cache_policy=NO_CACHE)
def find_inputs(sources: list[str], settings: Settings, loaded: dict[str, PageVersion]) -> Inputs:
    """Concrete inputs: directories walked, feeds and sitemaps fetched and followed."""
    return gather_inputs(sources, settings, loaded)


def _unless_stopping(task: object, task_run: object, state: State) -> bool:
    """A batch task is tried again after a failure, but never once the run is stopping."""
    return not stop_requested.is_set()


def _passing_failure(task: object, task_run: object, state: State) -> bool:
    """The load is tried again only after a failure that passes: the warehouse held by another process.
    Never after a stop (DuckDB reports one as 'Query interrupted'), nor after an error that would recur."""
    error = state.data
    return (not stop_requested.is_set() and isinstance(error, WarehouseError)
            and "in use by another process" in str(error))


# A whole batch is retried only for failures outside one document (those become rejects instead).
@task(cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5, retry_condition_fn=_unless_stopping)
def process_batch(unit: WorkUnit, inputs: Inputs, settings: Settings, loaded: dict[str, PageVersion],
                  staging: RunStaging) -> BatchReport:
    """Fetch (what may have changed), read, clean and extract one batch of inputs, and stage the result."""
    read = read_batch(unit.locations, inputs, settings, loaded, read_files=False)
    pool = _run_pool or _dask_worker_pool(settings)
    extractions, rejects = extract_documents([*unit.documents, *read.documents], settings, pool)
    result = BatchResult(extractions, [*unit.rejects, *read.rejects, *rejects], read.unchanged, read.versions)
    staging.write_batch(unit.number, result)
    return BatchReport(unit.number, len(unit), len(extractions), len(result.rejects), len(read.unchanged),
                       names_of(extractions))


# The load is one transaction (rolled back on failure), so trying it again is safe, and it keeps the
# run's cleaning and extraction from being thrown away for a passing failure.
@task(cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10, retry_condition_fn=_passing_failure)
def load_run(staging: RunStaging, batches: StagedBatches, input_rejects: list[Reject], settings: Settings,
             run_id: str, abandoned_runs: list[str]) -> RunSummary:
    """Tabulate the staged batches in input order with the run's people resolved once, stage the rows,
    and merge them into the warehouse in one transaction."""
    now = datetime.now()
    logger = get_run_logger()
    rejects, pages_unchanged, seen = list(input_rejects), 0, {}
    with connect(settings.warehouse.path, lock_wait=settings.warehouse.lock_wait) as con:
        limit_memory(con, settings.warehouse.memory_limit)
        people = RunPeople(known_people(con), batches.named)
        tables = RunTables(people, run_id, now)
        with staged_rows(con, staging.rows_path) as staged:
            staged.append({"rejects": rejects_frame(input_rejects, run_id, now)})
            for number in sorted(batches.numbers):
                batch: BatchResult = staging.read_batch(number)
                extractions, duplicates = drop_duplicate_articles(batch.extractions, seen)
                # Pages remembered: those that loaded as articles, and those found unchanged (their
                # validators may be new).
                article_of = {e.article.source: e.article.article_id for e in batch.extractions}
                unchanged = set(batch.pages_unchanged)
                versions = {url: version for url, version in batch.versions.items()
                            if url in article_of or url in unchanged}
                staged.append({**tables.article_rows(extractions),
                               "rejects": rejects_frame([*batch.rejects, *duplicates], run_id, now),
                               "fetched_pages": fetched_pages_frame(versions, article_of, now)})
                rejects += [*batch.rejects, *duplicates]
                pages_unchanged += len(batch.pages_unchanged)
            staged.append(tables.shared_rows())
            logger.info("run %s: loading %d articles into %s", run_id, staged.count("articles"),
                        settings.warehouse.path)
            relations = staged.relations()
            result = load_and_link(con, relations, relations["rejects"], now, run_id, relations["fetched_pages"],
                                   pages_unchanged, settings.warehouse.link_memory_limit)
        rows = table_counts(con)
    logger.info("run %s: %d articles written, their stories and statements linked again", run_id,
                len(result.articles_written))
    return RunSummary(run_id, "completed", result.articles_new, result.articles_changed,
                      result.articles_unchanged, rejects, rows, str(settings.warehouse.path), abandoned_runs,
                      pages_unchanged)


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


@flow(name="newsware-run", log_prints=False)
def run_pipeline(sources: list[str] | None = None, config_path: str | None = None, warehouse: str | None = None,
                 run_id: str | None = None, cluster: str | None = None) -> RunSummary:
    """One pipeline run over `sources` (default: the config's) into the warehouse (default: the config's).

    `run_id` is given by the command line, which records the run before Prefect starts; a deployment
    run leaves it out and the flow run's id is used. `cluster` replaces the config's `[cluster] address`.
    """
    with stopping_on_signals():  # within Prefect's own SIGTERM handler: a stop is noted before it acts
        return _run(sources, config_path, warehouse, run_id, cluster)


def _run(sources: list[str] | None, config_path: str | None, warehouse: str | None, run_id: str | None,
         cluster: str | None) -> RunSummary:
    forget_stop()
    settings = resolve_settings(config_path, warehouse)
    if cluster is not None:
        settings = settings.with_cluster(cluster)
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
        for stale in remove_stale_staging(settings.warehouse.staging_root()):
            logger.warning("removed the staged batches of run %s, which ended without loading them", stale)
        staging = RunStaging(settings.warehouse.staging_root(), run_id)
        try:
            summary = _extract_and_load(sources, settings.with_warehouse(work), staging, run_id, abandoned)
        except BaseException as err:
            logger.error("run %s ended early: %s", run_id, describe(as_stop(err)), exc_info=True)
            end_run_early(work, run_id, as_stop(err), settings.warehouse.lock_wait)
            raise
        finally:
            staging.remove()
    summary.warehouse = str(published)
    for reject in summary.rejects:
        logger.warning("rejected %s at %s: %s %s", reject.source, reject.stage, reject.reason, reject.detail)
    logger.info("run %s done: %d new, %d changed, %d unchanged, %d rejected", run_id, summary.articles_new,
                summary.articles_changed, summary.articles_unchanged, len(summary.rejects))
    create_markdown_artifact(markdown=summary_markdown(summary), key="newsware-run-summary",
                             description="Articles and rows of this newsware run")
    return summary


def _extract_and_load(sources: list[str], settings: Settings, staging: RunStaging, run_id: str,
                      abandoned: list[str]) -> RunSummary:
    logger = get_run_logger()
    loaded = _loaded_pages(settings)
    inputs = find_inputs(sources, settings, loaded)
    logger.info("run %s: %d inputs from %d sources into %s", run_id, len(inputs.locations), len(sources),
                settings.warehouse.path)
    batches = _extract_and_stage(inputs, settings, loaded, staging.create())
    return load_run(staging, batches, inputs.rejects, settings, run_id, abandoned)


def _extract_and_stage(inputs: Inputs, settings: Settings, loaded: dict[str, PageVersion],
                       staging: RunStaging) -> StagedBatches:
    """Every batch cleaned, extracted and staged, `batches_in_flight` at a time, the next submitted as
    soon as any one is done (batches read their inputs at their own pace, so the first submitted is not
    always the first done)."""
    global _run_pool
    logger = get_run_logger()
    staged = StagedBatches()
    in_flight: set[PrefectFuture] = set()
    # A JSONL file's records are counted only as it is read: then the bar counts without a total.
    total = None if any(is_jsonl(location) for location in inputs.locations) else len(inputs.locations)

    def finish_one(advance: Callable[[int], None]) -> None:
        done = next(as_completed(list(in_flight)))
        in_flight.remove(done)
        report: BatchReport = done.result()
        staged.add(report)
        advance(report.inputs)
        logger.info("batch %d: %d inputs, %d articles extracted, %d unchanged pages not read again, %d rejected",
                    report.number, report.inputs, report.extracted, report.unchanged, report.rejected)

    # On a Dask cluster each batch's task cleans in workers of its own, where it runs.
    workers = nullcontext() if settings.cluster.address else extraction_pool(settings)
    # The flow picks its batches' runner itself (not its caller), so a served run follows the config too.
    # Leaving the runner waits for the batches in flight; when a stop or a failure ends the run, the
    # workers are stopped first (the pool is left before the runner) and the batches told to give up
    # (`stop_requested`: fetching looks at it), so that wait is short.
    with progress("articles", total=total) as advance, task_runner_for(settings) as runner, workers as pool:
        _run_pool = pool
        try:
            for unit in work_units(inputs, settings):
                if len(in_flight) >= batches_in_flight(settings):
                    finish_one(advance)
                in_flight.add(runner.submit(process_batch, {
                    "unit": unit, "inputs": inputs.for_batch(unit.locations), "settings": settings,
                    "loaded": {url: loaded[url] for url in unit.locations if url in loaded}, "staging": staging}))
            while in_flight:
                finish_one(advance)
        except BaseException:
            stop_requested.set()
            raise
        finally:
            _run_pool = None
    if pool is not None:
        stop_fork_server()  # the load needs no workers: their fork server's memory is the load's
    return staged


def _loaded_pages(settings: Settings) -> dict[str, PageVersion]:
    """In a function of its own, so that no frame of the run keeps the connection alive afterwards."""
    with connect(settings.warehouse.path, read_only=True, lock_wait=settings.warehouse.lock_wait) as con:
        return {url: PageVersion(*version) for url, version in loaded_pages(con).items()}
