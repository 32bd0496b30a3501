"""The `newsware` command line (see shared/CONTRACT.md): run, serve, extract, sql, export, eval.

Only `run` and `serve` import Prefect; `extract`, `sql`, `export` and `eval` call the transforms directly, so they
start in a fraction of a second and never touch a Prefect server.
"""
from __future__ import annotations

import json
import logging
import os
import re
import signal
import sys
import threading
import traceback
import uuid
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

import click

from flows.runlog import attach_run_log, prepare_prefect
from flows.stopping import RunInterrupted, as_stop, stopping_on_signals, stops_held
from transforms.evaluate import GoldFileError
from transforms.settings import ConfigError, Settings, load_settings
from warehouse.connect import WarehouseError, disk_full

if TYPE_CHECKING:  # the pipeline imports Prefect, which only `run` may load
    import duckdb

    from flows.pipeline import RunSummary

log = logging.getLogger("newsware")

CONFIG_OPTION = click.option("--config", "config_path", type=click.Path(path_type=Path),
                             help="Settings file [default: config/newsware.toml].")
WAREHOUSE_OPTION = click.option("--warehouse", "warehouse_path", type=click.Path(path_type=Path),
                                help="DuckDB file [default: $NEWSWARE_WAREHOUSE, else the config's, "
                                     "warehouse/newsware.duckdb].")


class UserError(click.ClickException):
    """A mistake the user can fix: one line on stderr, exit code 2, no traceback."""

    exit_code = 2

    def show(self, file: IO | None = None) -> None:
        click.echo(f"newsware: error: {self.message}", err=True)


def settings_for(config_path: Path | None, warehouse_path: Path | None = None) -> Settings:
    try:
        settings = load_settings(config_path)
    except ConfigError as err:
        raise UserError(str(err)) from None
    return settings.with_warehouse(warehouse_path.expanduser().absolute()) if warehouse_path else settings


def with_gazetteers_checked(settings: Settings) -> Settings:
    """The settings of a command that extracts, once every gazetteer they name is read and checked here, in
    this process, so that a missing or broken file stops the command before Prefect or a worker starts."""
    from transforms.extract import load_extractors

    try:
        load_extractors(settings)
    except ConfigError as err:
        raise UserError(str(err)) from None
    return settings


def writable_warehouse_checked(settings: Settings) -> Settings:
    """The settings of a command that writes the warehouse, once its path is found writable: a mistyped
    folder is the user's to fix, said before a run (or a night of scheduled runs) starts."""
    from warehouse.runs import unwritable_warehouse

    if problem := unwritable_warehouse(settings.warehouse.path):
        raise UserError(problem)
    return settings


# --debug: tracebacks on the terminal too (they always go to a run's log file).
_debug = False


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="newsware")
@click.option("--debug", is_flag=True, help="Show the traceback of a failure, not only its one-line reason.")
def cli(debug: bool) -> None:
    """Turn news articles into a DuckDB warehouse of articles, people, quotes and equipment.

    \b
    Example, the bundled sample into warehouse/newsware.duckdb, then a question in SQL:
      newsware run
      newsware sql "select speaker, count(*) from quotes group by speaker order by 2 desc"
    """
    global _debug
    _debug = debug


# --------------------------------------------------------------------------------------------- run
def _start_worker_imports(settings: Settings) -> None:
    """The cleaning workers' imports (1.7 s of CPU) start on the other core first thing, unless a Dask
    cluster cleans: the run's own way to its first batch (opening the warehouse, importing Prefect,
    creating the flow run) is longer, so the workers are ready when it gets there."""
    if not settings.cluster.address:
        from transforms.extract import start_worker_imports

        start_worker_imports()


def _prepare_run(settings: Settings) -> None:
    """What a run does while Prefect's server starts: import Prefect and the flow. Prefect's own logging
    setup replaces its loggers' handlers, so the log file is attached to the flow and task run loggers
    again after it."""
    import flows.pipeline  # noqa: F401 - imported for its side effect on logging

    attach_run_log(settings.warehouse.path)


def _print_summary(summary: RunSummary, log_file: Path, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({
            "run_id": summary.run_id, "status": summary.status, "articles_new": summary.articles_new,
            "articles_changed": summary.articles_changed, "articles_unchanged": summary.articles_unchanged,
            "rejected": len(summary.rejects), "rows": summary.table_rows, "warehouse": summary.warehouse,
            "abandoned_runs": summary.abandoned_runs, "rejects": [r.__dict__ for r in summary.rejects]}, indent=2))
        return
    loaded = summary.articles_new + summary.articles_changed + summary.articles_unchanged
    click.echo(f"newsware run {summary.run_id}: {summary.status}")
    click.echo(f"  articles: {summary.articles_new} new, {summary.articles_changed} changed, "
               f"{summary.articles_unchanged} unchanged, {len(summary.rejects)} rejected")
    if not loaded:
        click.echo("  nothing loaded: no input gave an article" + (" (the rejects below say why)" if summary.rejects else ""))
    click.echo("  rows: " + ", ".join(f"{table} {rows}" for table, rows in summary.table_rows.items()))
    for reject in summary.rejects[:20]:
        click.echo(f"  rejected: {reject.source} ({reject.stage}: {reject.reason})")
    if len(summary.rejects) > 20:
        click.echo(f"  ... and {len(summary.rejects) - 20} more: select * from rejects where run_id = '{summary.run_id}'")
    for dead in summary.abandoned_runs:
        click.echo(f"  earlier run {dead} had ended without finishing; it is now marked abandoned")
    click.echo(f"  warehouse: {summary.warehouse}")
    click.echo(f"  log: {log_file}")


@cli.command()
@click.argument("sources", nargs=-1)
@CONFIG_OPTION
@WAREHOUSE_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Summary for people, or JSON for scripts.")
@click.option("--quiet", is_flag=True, help="No progress bar even on a terminal.")
@click.option("--cluster", metavar="ADDRESS",
              help="Run the batches on a Dask cluster: 'local' starts one on this machine ([cluster] workers "
                   "processes), tcp://HOST:8786 uses a running one. Default: [cluster] address of the config "
                   "(none: this process's own workers).")
def run(sources: tuple[str, ...], config_path: Path | None, warehouse_path: Path | None, output_format: str,
        quiet: bool, cluster: str | None) -> None:
    """One pipeline run: ingest, clean, extract, normalise, load.

    SOURCE is a file, a directory, an http(s) URL of a page, feed or sitemap, or a .jsonl file of
    {"url", "html"|"text", "title", "published"} records. Without SOURCE, the config's sources
    (by default the bundled sample) are read. Rejected inputs are listed and kept in `rejects`; the
    exit code is non-zero only when the run itself failed or was stopped.

    \b
    Examples:
      newsware run
      newsware run sample/pages https://example.org/feed.xml --warehouse /tmp/news.duckdb
      newsware run /data/crawl-2025.jsonl.gz --cluster tcp://10.0.0.5:8786
    """
    from flows.prefect_server import prefect_api
    from flows.progress import enable_progress
    from warehouse.runlock import hold_run_lock
    from warehouse.runs import begin_run, describe, end_run_early
    from warehouse.workcopy import writing

    settings = writable_warehouse_checked(settings_for(config_path, warehouse_path))
    _start_worker_imports(settings)
    with_gazetteers_checked(settings)
    if cluster is not None:
        try:
            settings = settings.with_cluster(cluster)
        except ValueError:
            raise UserError(f"--cluster {cluster!r}: give 'local' or a Dask scheduler address such as "
                            "tcp://10.0.0.5:8786") from None
    warehouse = settings.warehouse.path
    run_sources = [_from_cwd(s) for s in sources] or settings.sources.paths
    run_id = str(uuid.uuid4())
    prepare_prefect()
    log_file = attach_run_log(warehouse)
    enable_progress(not quiet)
    status = None
    with stopping_on_signals():
        try:
            with hold_run_lock(warehouse), writing(warehouse, while_publishing=stops_held) as work:
                abandoned = begin_run(work, run_id, run_sources, settings.warehouse.lock_wait)
                try:
                    log.info("run %s: starting", run_id)
                    with prefect_api(settings.prefect.startup_timeout, log_file,
                                     while_starting=lambda: _prepare_run(settings)):
                        from flows.pipeline import run_pipeline
                        summary = run_pipeline(run_sources, str(config_path.resolve()) if config_path else None,
                                               str(warehouse), run_id, cluster)
                        status = summary.status
                except BaseException as err:
                    ended = as_stop(err)
                    log.error("run %s ended early: %s", run_id, describe(ended), exc_info=err)
                    status = end_run_early(work, run_id, ended, settings.warehouse.lock_wait)
                    raise
        except BaseException as err:  # noqa: BLE001 - every way a run ends is one line and an exit code
            _run_failed(run_id, err, status, log_file, warehouse)
    summary.abandoned_runs = [*abandoned, *summary.abandoned_runs]
    _print_summary(summary, log_file, output_format == "json")


def _run_failed(run_id: str, err: BaseException, status: str | None, log_file: Path, warehouse: Path
                ) -> NoReturn:
    """A run that did not finish: one line on stderr, its last, saying why and whether the load had
    committed, and the exit code (1 failed; 128 + the signal when stopped: 130, 143, 129)."""
    from flows.prefect_server import PrefectUnavailable
    from warehouse.runlock import RunInProgress
    from warehouse.runs import describe

    stop = as_stop(err)
    if isinstance(stop, RunInterrupted):
        _fail(f"run {run_id} {stop}; {_warehouse_state(status)}", stop.exit_code, last_word=True)
    if isinstance(err, (RunInProgress, WarehouseError)):
        _fail(str(err), 1, last_word=True)
    if isinstance(err, PrefectUnavailable):
        _fail(f"run {run_id} could not start: {err}", 1, last_word=True)
    if disk_full(err):
        _fail(f"run {run_id} failed: no space left on {_full_folder(err, warehouse)} while {_step_of(err)}; the "
              "warehouse is as it was before the run (free some space and run again)", 1, err, last_word=True)
    if isinstance(err, Exception):
        _fail(f"run {run_id} failed: {describe(err)}; {_warehouse_state(status)} (details in {log_file})", 1, err,
              last_word=True)
    raise err


# What a run was doing, named by the innermost of these functions in a failure's traceback.
RUN_STEPS = {
    "prepare_working_copy": "copying the warehouse to its working copy",
    "begin_run": "recording the run's start",
    "write_batch": "staging a batch",
    "staged_rows": "staging the run's rows", "append": "staging the run's rows",
    "merge_tables": "loading", "link_stories": "linking stories",
    "end_run_early": "recording the run's end",
    "publish": "publishing the warehouse",
}


def _step_of(error: BaseException) -> str:
    names = [frame.f_code.co_name for frame, _ in traceback.walk_tb(error.__traceback__)]
    return next((RUN_STEPS[name] for name in reversed(names) if name in RUN_STEPS), "writing")


def _full_folder(error: BaseException, warehouse: Path) -> Path:
    """The folder whose disk is full: the file the error names, else the warehouse's."""
    written = getattr(error, "filename", None) or next(iter(re.findall(r'"(/[^"]+)"', str(error))), None)
    return Path(written).parent if written else warehouse.parent


def _warehouse_state(status: str | None) -> str:
    return ("its load had committed, so its articles are in the warehouse" if status == "completed"
            else "the warehouse is as it was before the run")


def _from_cwd(source: str) -> str:
    """A SOURCE typed on the command line: a path relative to where the user is, or a URL."""
    return source if "://" in source else str(Path(source).expanduser().absolute())


def _fail(message: str, exit_code: int, error: BaseException | None = None, *, last_word: bool = False
          ) -> NoReturn:
    """One line on stderr and an exit code; the traceback only with --debug (it is in the log anyway).

    `last_word` (a run that did not finish) makes that line the last on stderr: what a stopped or failed
    run still holds when the interpreter is torn down (DuckDB objects in Prefect's records of its states)
    is reported there as leaks, by DuckDB's bindings, after the line that says what happened."""
    if error is not None and _debug:
        traceback.print_exception(error)
    # The failure's frames would keep what they held (DuckDB connections, worker pools) alive until the
    # interpreter is torn down, which then reports them as leaks on stderr.
    for failure in filter(None, (error, sys.exc_info()[1])):
        traceback.clear_frames(failure.__traceback__)
    click.echo(f"newsware: {message}", err=True)
    if last_word:
        sys.stderr.flush()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stderr.fileno())
    sys.exit(exit_code)


# ------------------------------------------------------------------------------------------- serve
@cli.command()
@click.argument("sources", nargs=-1)
@CONFIG_OPTION
@WAREHOUSE_OPTION
def serve(sources: tuple[str, ...], config_path: Path | None, warehouse_path: Path | None) -> None:
    """Keep running and start a pipeline run on the config's [schedule] (02:00 UTC every night by default).

    Needs a Prefect server that keeps running, named by PREFECT_API_URL (`prefect server start`; the
    temporary server of `newsware run` cannot schedule). Serves the deployment
    newsware-run/newsware-nightly, one run at a time: a run that falls due while another newsware run
    writes the same warehouse is skipped, and says so in its log. Without SOURCE, every run reads the
    config's sources as they are then. Finished flow runs older than [schedule] keep_prefect_runs_days
    are deleted from Prefect's database. SIGTERM or Ctrl-C stops serve (exit 0); a run in progress is
    then interrupted and recorded so.

    \b
    Example: a Prefect server, then serve beside it, then a run now by hand:
      .venv/bin/prefect server start &
      export PREFECT_API_URL=http://127.0.0.1:4200/api
      newsware serve https://example.org/feed.xml --warehouse /data/news.duckdb &
      .venv/bin/prefect deployment run newsware-run/newsware-nightly
    """
    from flows.serve import ServeError
    from flows.serve import serve as serve_deployment

    settings = with_gazetteers_checked(writable_warehouse_checked(settings_for(config_path, warehouse_path)))
    try:
        number = serve_deployment(settings, [_from_cwd(s) for s in sources] or None,
                                  config_path.expanduser().absolute() if config_path else None,
                                  settings.warehouse.path if warehouse_path else None, announce=click.echo)
    except ServeError as err:
        if err.exit_code == 2:
            raise UserError(str(err)) from None
        _fail(str(err), err.exit_code)
    click.echo(f"newsware serve: stopped by {signal.Signals(number).name}")


# ----------------------------------------------------------------------------------------- extract
@cli.command()
@click.argument("sources", nargs=-1, required=True)
@CONFIG_OPTION
@click.option("--format", "output_format", type=click.Choice(["json", "jsonl"]), default="json",
              show_default=True, help="An indented JSON array for reading, or one object per line for scripts.")
def extract(sources: tuple[str, ...], config_path: Path | None, output_format: str) -> None:
    """Clean and extract SOURCEs without touching any warehouse; print one JSON object per article.

    Rejected inputs are reported on stderr, one line each.

    \b
    Examples:
      newsware extract sample/seeds/000_a85791ee8d2e1584.txt
      newsware extract sample/ --format jsonl > extracted.jsonl
    """
    from flows.sources import gather_inputs, read_batch
    from transforms.extract import extract_documents

    settings = with_gazetteers_checked(settings_for(config_path))
    inputs = gather_inputs(list(sources), settings)
    read = read_batch(inputs.locations, inputs, settings)
    extractions, extract_rejects = extract_documents(read.documents, settings)
    rejects = [*inputs.rejects, *read.rejects]
    records = [extraction.to_json() for extraction in extractions]
    if output_format == "jsonl":
        for record in records:
            click.echo(json.dumps(record, ensure_ascii=False))
    else:
        click.echo(json.dumps(records, ensure_ascii=False, indent=2))
    for reject in [*rejects, *extract_rejects]:
        click.echo(f"newsware: rejected {reject.source} ({reject.stage}: {reject.reason}) {reject.detail}".rstrip(),
                   err=True)
    if not extractions:
        sys.exit(1)


# --------------------------------------------------------------------------------------------- sql
# Seconds the query's thread gets to stop once DuckDB is told to (it stops within milliseconds; this is
# for a thread busy outside DuckDB, e.g. turning a huge result into a DataFrame).
QUERY_STOP_GRACE = 2.0


class QueryStopped(Exception):
    """The query was stopped, at its timeout or by Ctrl-C: the message and exit code say which."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _run_query(con: duckdb.DuckDBPyConnection, query: str, timeout: float) -> tuple | None:
    """`query`'s (columns, types, DataFrame), or None for a statement with no result (SET, PRAGMA).

    The query runs in a thread of its own, so that the main thread stays free for Ctrl-C and the
    timeout, and stops it with con.interrupt(): DuckDB looks for Ctrl-C only between two of its tasks,
    and one task of a join can run for minutes. Raises QueryStopped, or the query's own error. (An Event,
    not Thread.join: a join cut by Ctrl-C marks a running thread as ended in Python 3.11.)"""
    outcome: dict = {}
    done = threading.Event()

    def work() -> None:
        try:
            relation = con.sql(query)
            outcome["result"] = None if relation is None else (relation.columns, relation.types, relation.df())
        except BaseException as err:  # noqa: BLE001 - handed to the main thread
            outcome["error"] = err
        finally:
            done.set()

    threading.Thread(target=work, name="newsware-sql", daemon=True).start()
    try:
        finished = done.wait(timeout or None)
    except KeyboardInterrupt:
        _stop_query(con, done, QueryStopped("query stopped by Ctrl-C", 130))
    if not finished:
        _stop_query(con, done, QueryStopped(f"query stopped after {timeout:g} s, its timeout (--timeout "
                                            "SECONDS for longer, 0 for no limit)", 1))
    if "error" in outcome:
        raise outcome["error"]
    return outcome["result"]


def _stop_query(con: duckdb.DuckDBPyConnection, done: threading.Event, stopped: QueryStopped) -> NoReturn:
    con.interrupt()
    if not done.wait(QUERY_STOP_GRACE):  # closing the connection under a running query could hang: leave now
        click.echo(f"newsware: {stopped}", err=True)
        sys.stdout.flush()
        os._exit(stopped.exit_code)
    raise stopped from None


def _empty_query(query: str) -> bool:
    """Nothing but blanks, semicolons and comments."""
    import duckdb

    try:
        return not duckdb.extract_statements(query)
    except duckdb.Error:
        return False  # a syntax error: running it says where


@cli.command()
@click.argument("query")
@WAREHOUSE_OPTION
@CONFIG_OPTION
@click.option("--format", "output_format", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0), metavar="SECONDS",
              help="Stop the query after this many seconds, 0 for no limit [default: the config's [sql] "
                   "timeout, 60].")
def sql(query: str, warehouse_path: Path | None, config_path: Path | None, output_format: str,
        timeout: float | None) -> None:
    """Run one read-only QUERY against the warehouse and print the result.

    A query still running after its timeout is stopped (exit 1); Ctrl-C stops it at once (exit 130).

    \b
    Examples:
      newsware sql "select speaker, text from quotes where speaker like '%Jaishankar%'"
      newsware sql "select * from equipment_mentions" --format csv > equipment.csv
      newsware sql "select count(*) from quotes a, quotes b" --timeout 600
    """
    import duckdb
    import pandas as pd

    from warehouse.connect import connect
    from warehouse.dbfile import require_duckdb_file

    settings = settings_for(config_path, warehouse_path)
    limit = settings.sql.timeout if timeout is None else timeout
    if _empty_query(query):
        raise UserError('the query is empty: give one SQL statement, e.g. '
                        'newsware sql "select count(*) from articles"')
    try:
        require_duckdb_file(settings.warehouse.path)
        with connect(settings.warehouse.path, read_only=True, lock_wait=5) as con:
            con.execute("set enable_progress_bar = false")  # DuckDB draws it on stdout, into the CSV a script reads
            result = _run_query(con, query, limit)
            if result is None:  # a statement with no result, e.g. SET or PRAGMA
                return
            columns, column_types, frame = result
            for column, column_type in zip(columns, column_types):
                if str(column_type) == "DATE":  # pandas would print midnight timestamps
                    frame[column] = [d.date().isoformat() if pd.notna(d) else None for d in frame[column]]
    except WarehouseError as err:
        raise UserError(str(err)) from None
    except QueryStopped as err:
        _fail(str(err), err.exit_code)
    except KeyboardInterrupt:  # waiting for the warehouse's lock
        _fail("stopped by Ctrl-C", 130)
    except duckdb.Error as err:
        first_line = str(err).strip().splitlines()[0]
        raise UserError(f"query failed: {first_line}") from None
    if output_format == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif output_format == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        with pd.option_context("display.max_colwidth", 80, "display.width", 200, "display.max_rows", 200):
            shown = frame.astype(object).where(frame.notna(), "NULL")
            click.echo(shown.to_string(index=False) if len(frame) else "(no rows)")


# ------------------------------------------------------------------------------------------ export
@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@WAREHOUSE_OPTION
@CONFIG_OPTION
@click.option("--format", "output_format", type=click.Choice(["parquet", "csv"]), default="parquet",
              show_default=True, help="Parquet for analysis tools, CSV for spreadsheets.")
def export(directory: Path, warehouse_path: Path | None, config_path: Path | None, output_format: str) -> None:
    """Write every table and view of the warehouse to DIRECTORY, for tools that do not speak DuckDB.

    Tables and views with a `published` date are split by month (published_month=YYYY-MM/). DIRECTORY
    must be new, empty or an earlier export: the new export replaces the earlier one whole, once it is
    written, and a file newsware did not write there makes it refuse (it never deletes one). In CSV,
    list columns are JSON arrays. Safe while a run writes: it reads the published warehouse.

    \b
    Examples:
      newsware export exports/
      newsware export /srv/share/news --format csv --warehouse /data/news.duckdb
    """
    import duckdb

    from warehouse.export import ExportTargetError, export_warehouse

    settings = settings_for(config_path, warehouse_path)
    try:
        exported = export_warehouse(settings.warehouse.path, directory, output_format)
    except (WarehouseError, ExportTargetError) as err:
        raise UserError(str(err)) from None
    except KeyboardInterrupt:
        _fail(f"export stopped by Ctrl-C; {directory} is as it was", 130)
    except (OSError, duckdb.IOException) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err).strip().splitlines()[0]
        raise UserError(f"cannot write to {directory}: {reason}; it is as it was") from None
    except duckdb.Error as err:  # a view that fails when it is read, say
        _fail(f"export failed: {str(err).strip().splitlines()[0]}; {directory} is as it was", 1)
    for item in exported:
        click.echo(f"{item.relation:32} {item.rows:>8} rows  {item.path}")
    click.echo(f"{len(exported)} tables and views from {settings.warehouse.path} in {directory}")


# --------------------------------------------------------------------------------------- dashboard
@cli.command()
@click.option("--port", type=click.IntRange(1, 65535), default=8501, show_default=True,
              help="Port to serve on (127.0.0.1 only).")
@WAREHOUSE_OPTION
@CONFIG_OPTION
def dashboard(port: int, warehouse_path: Path | None, config_path: Path | None) -> None:
    """Serve a dashboard of the warehouse on http://127.0.0.1:PORT until Ctrl-C or SIGTERM.

    Quotes by person over time, top speakers, weapons systems by category, country of origin and
    month, a searchable list of quotes with links to their articles, and one story as each outlet
    reported it. It reads the published warehouse read-only, never blocks a run, and shows what a
    nightly run published at the next click or reload. From another machine, use an SSH tunnel.

    \b
    Examples:
      newsware dashboard                 # then open http://127.0.0.1:8501
      newsware dashboard --port 8600 --warehouse /data/news.duckdb
      ssh -L 8600:127.0.0.1:8600 news-server   # on your laptop, to reach the line above
    """
    from flows.dashboard import DashboardError, serve_dashboard

    settings = settings_for(config_path, warehouse_path)
    try:
        number = serve_dashboard(settings.warehouse.path, port, announce=click.echo)
    except DashboardError as err:
        if err.exit_code == 2:
            raise UserError(str(err)) from None
        _fail(str(err), err.exit_code)
    if number:
        click.echo(f"newsware dashboard: stopped by {signal.Signals(number).name}")


# -------------------------------------------------------------------------------------------- eval
@cli.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path))
@CONFIG_OPTION
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--predictions", type=click.Path(path_type=Path),
              help="Also write the predictions as `extract --format jsonl` lines to this file.")
def evaluate(gold: Path, config_path: Path | None, output_format: str, predictions: Path | None) -> None:
    """Score quote and speaker extraction against a GOLD.jsonl of annotated articles.

    GOLD has one {"id", "text", "quotes": [...]} object per line, as shared/eval/polnear-dev.jsonl.
    An article's "language" (English when it has none) groups the figures: after those of all
    articles come those of each language, when there are several (`by_language` in JSON).

    \b
    Example:
      newsware eval ../shared/eval/polnear-dev.jsonl
    """
    from transforms.clean import clean_text_document
    from transforms.evaluate import read_gold, score, score_by_language
    from transforms.extract import extract_article, load_extractors
    from transforms.model import RawDocument

    settings = with_gazetteers_checked(settings_for(config_path))
    try:
        gold_articles = read_gold(gold)
    except GoldFileError as err:
        raise UserError(str(err)) from None
    extractors = load_extractors(settings)
    predicted: dict[str, list[dict]] = {}
    lines = []
    for article in gold_articles:
        cleaned = clean_text_document(RawDocument(source=f"{article.article_id}.txt", content=article.text, kind="text"))
        record = extract_article(cleaned, extractors).to_json()
        predicted[article.article_id] = record["quotes"]
        lines.append(json.dumps(record, ensure_ascii=False))
    if predictions:
        predictions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    scores, by_language = score(gold_articles, predicted), score_by_language(gold_articles, predicted)
    if output_format == "json":
        click.echo(json.dumps(scores.as_dict() | {
            "by_language": {language: figures.as_dict() for language, figures in by_language.items()}}))
        return
    click.echo("\n".join(scores.summary()))
    if len(by_language) > 1:
        for language, figures in by_language.items():
            click.echo(f"\n{language}:")
            click.echo("\n".join(f"  {line}" for line in figures.summary()))


def main() -> None:
    """The console script: a failure nobody foresaw is still one line (and its traceback with --debug)."""
    logging.raiseExceptions = False  # a log file that cannot be written (a full disk) prints no tracebacks
    try:
        cli(prog_name="newsware")
    except Exception as err:  # noqa: BLE001 - the last line of defence between a bug and the user
        _fail(f"unexpected error: {type(err).__name__}: {err} (run again with --debug for the traceback, "
              "and report it)", 1, err)
