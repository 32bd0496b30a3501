"""`newsware serve`: the pipeline flow as a Prefect deployment that runs on the config's schedule.

Scheduling needs a Prefect server that keeps running (`prefect server start`), named by
`PREFECT_API_URL`: the temporary server `newsware run` starts for itself cannot schedule.
One run at a time: the runner starts no second flow run while one is going (a run that falls due
meanwhile waits for it), and the flow takes the warehouse's run lock, so a `newsware run` from cron or a
terminal cannot overlap a served run either. Flow runs of this deployment that ended more than
`[schedule] keep_prefect_runs_days` ago are deleted from Prefect's database at start and once a day.

Each flow run is a fresh process started by Prefect's runner: it inherits this process's environment
(`prepare_prefect`), and resolves settings, log file and warehouse itself from plain parameters.
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import zoneinfo
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from flows.prefect_server import answers_health
from flows.runlog import attach_run_log, prepare_prefect
from transforms.settings import Settings

if TYPE_CHECKING:
    from prefect.client.orchestration import PrefectClient
    from prefect.client.schemas.objects import FlowRun

FLOW_NAME = "newsware-run"  # the @flow name of flows.pipeline.run_pipeline
DEPLOYMENT_NAME = "newsware-nightly"
RUNNER_NAME = "newsware-serve"
PRUNE_EVERY = timedelta(days=1)
# Only runs that have ended are ever deleted; scheduled, pending, running and paused ones are kept.
ENDED_STATES = ("COMPLETED", "FAILED", "CANCELLED", "CRASHED")

log = logging.getLogger("newsware.serve")

NO_SERVER = ("newsware serve needs a Prefect server that keeps running (the temporary one `newsware run` "
             "starts cannot schedule): start one with `.venv/bin/prefect server start`, then "
             "`export PREFECT_API_URL=http://127.0.0.1:4200/api` and run serve again; or, with no server, "
             "run `newsware run` from cron (see \"Running it nightly\" in README.md)")


class ServeError(Exception):
    """serve cannot start; the message is one line saying what to do."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def serve(settings: Settings, sources: list[str] | None, config_path: Path | None,
          warehouse_path: Path | None, announce: Callable[[str], Any] = print) -> int:
    """Register the deployment and run its flow runs until SIGTERM, SIGHUP or Ctrl-C; returns the
    number of the signal that stopped it. `sources`, `config_path` and `warehouse_path` are what the
    command line gave (None: the config's, read again by every run)."""
    prepare_prefect()  # before Prefect is imported, and inherited by the runs' processes
    api_url = _api_url()
    if not api_url:
        raise ServeError(NO_SERVER, 2)
    if not api_url.startswith(("http://", "https://")):
        raise ServeError(f"PREFECT_API_URL={api_url} is not the http(s) URL of a Prefect server's API, "
                         "e.g. http://127.0.0.1:4200/api", 2)
    schedule = _schedule(settings)
    _wait_for_server(api_url, settings.prefect.startup_timeout)
    attach_run_log(settings.warehouse.path)
    parameters = {"sources": sources or None,
                  "config_path": str(config_path) if config_path else None,
                  "warehouse": str(warehouse_path) if warehouse_path else None}
    return asyncio.run(_serve(schedule, parameters, settings, api_url, announce))


def _api_url() -> str:
    """PREFECT_API_URL from the environment, else from the active Prefect profile (`prefect config set`)."""
    if configured := os.environ.get("PREFECT_API_URL", "").strip():
        return configured
    from prefect.settings import get_current_settings

    return (get_current_settings().api.url or "").strip()


def _schedule(settings: Settings) -> Any:
    from prefect.schedules import Cron

    try:
        zoneinfo.ZoneInfo(settings.schedule.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ServeError(f"config: schedule.timezone {settings.schedule.timezone!r} is not a time zone "
                         "(an IANA name such as 'UTC' or 'Europe/Berlin')", 2) from None
    try:
        return Cron(settings.schedule.cron, timezone=settings.schedule.timezone)
    except ValueError:
        raise ServeError(f"config: schedule.cron {settings.schedule.cron!r} is not a cron expression "
                         "(five fields, e.g. '0 2 * * *' for 02:00 every day)", 2) from None


def _wait_for_server(api_url: str, wait: float) -> None:
    if not answers_health(api_url, wait):
        raise ServeError(f"the Prefect server at PREFECT_API_URL={api_url} did not answer within {wait:g} s: "
                         "start it with `.venv/bin/prefect server start`, or correct PREFECT_API_URL", 1)


async def _serve(schedule: Any, parameters: dict[str, Any], settings: Settings, api_url: str,
                 announce: Callable[[str], Any]) -> int:
    import anyio
    from prefect.runner import Runner
    from prefect.types.entrypoint import EntrypointType

    from flows.pipeline import run_pipeline

    # limit=1: a run that falls due while one is going waits for it instead of running beside it.
    runner = Runner(name=RUNNER_NAME, limit=1, pause_on_shutdown=True)
    deployment_id = await runner.aadd_flow(
        run_pipeline, name=DEPLOYMENT_NAME, schedule=schedule, parameters=parameters, tags=["newsware"],
        description="newsware's pipeline run on the schedule in the config (newsware serve)",
        entrypoint_type=EntrypointType.MODULE_PATH)
    pruned = await _prune(deployment_id, settings)
    _announce(announce, api_url, settings, await _next_run(settings), pruned)

    stop = anyio.Event()
    stopped_by: list[int] = []
    loop = asyncio.get_running_loop()

    def on_signal(number: int, frame: object) -> None:
        stopped_by.append(number)
        loop.call_soon_threadsafe(stop.set)

    # Runner.start installs `handle_sigterm` for SIGTERM; ours stops the runner from inside the loop.
    # A signal ignored when serve started stays ignored: SIGHUP under nohup, SIGINT in the background.
    runner.handle_sigterm = on_signal
    for number in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, on_signal)

    async with anyio.create_task_group() as group:
        group.start_soon(runner.start)
        group.start_soon(_prune_daily, deployment_id, settings, stop)
        await stop.wait()
        while not runner.started:  # stopped while the runner was still starting
            await anyio.sleep(0.1)
        # Cancels a flow run in progress (its process gets SIGTERM and records the run as interrupted),
        # pauses the schedule so no runs pile up while serve is down, and ends runner.start.
        await runner.astop()
    return stopped_by[0] if stopped_by else signal.SIGTERM


def _announce(announce: Callable[[str], Any], api_url: str, settings: Settings, next_run: datetime,
              pruned: int) -> None:
    ui = api_url.rstrip("/").removesuffix("/api")
    warehouse = settings.warehouse.path
    announce(f"newsware serve: deployment {FLOW_NAME}/{DEPLOYMENT_NAME} on {api_url}, "
             f"cron '{settings.schedule.cron}' ({settings.schedule.timezone}), next run {next_run:%Y-%m-%d %H:%M %Z}")
    announce(f"  runs into {warehouse}, one at a time; log in {warehouse.parent / 'logs'}")
    announce(f"  run now: prefect deployment run {FLOW_NAME}/{DEPLOYMENT_NAME}; runs in the UI at {ui}/runs")
    if pruned:
        announce(f"  deleted {pruned} flow runs older than {settings.schedule.keep_prefect_runs_days} days "
                 "from Prefect's database")
    announce("  SIGTERM or Ctrl-C stops serve (a run in progress is interrupted and recorded so)")


async def _next_run(settings: Settings) -> datetime:
    """When the schedule next falls due (the server's scheduler makes the flow runs a little later)."""
    from prefect.server.schemas.schedules import CronSchedule

    schedule = CronSchedule(cron=settings.schedule.cron, timezone=settings.schedule.timezone)
    return (await schedule.get_dates(n=1))[0]


# ------------------------------------------------------------------------------------------ pruning
def runs_to_delete(runs: Iterable[FlowRun], now: datetime, keep_days: int) -> list[UUID]:
    """The runs that ended more than `keep_days` before `now` (a run that never started counts from
    when it was due); runs still to come or going are never chosen."""
    cutoff = now - timedelta(days=keep_days)
    chosen = []
    for run in runs:
        state_type = run.state_type or (run.state.type if run.state else None)
        state = state_type.value if state_type else None
        ended = run.end_time or run.expected_start_time or run.created
        if state in ENDED_STATES and ended is not None and ended < cutoff:
            chosen.append(run.id)
    return chosen


async def prune_flow_runs(client: PrefectClient, deployment_id: UUID, keep_days: int,
                          now: datetime | None = None) -> int:
    """Delete this deployment's flow runs that ended more than `keep_days` ago, with their task runs,
    states and artifacts; returns how many. (Their log lines stay until the server's orphan vacuum,
    `PREFECT_SERVER_SERVICES_DB_VACUUM_ENABLED=events,orphans`, removes them: the API cannot.)"""
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterId, FlowRunFilter,
                                                FlowRunFilterExpectedStartTime, FlowRunFilterId,
                                                FlowRunFilterState, FlowRunFilterStateType)
    from prefect.exceptions import ObjectNotFound

    now = now or datetime.now(timezone.utc)
    deleted = 0
    while True:
        # Narrowed on the server to ended runs due before the cutoff; `runs_to_delete` decides on end time.
        candidates = await client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment_id])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=list(ENDED_STATES))),
                expected_start_time=FlowRunFilterExpectedStartTime(before_=now - timedelta(days=keep_days))),
            limit=200)
        doomed = runs_to_delete(candidates, now, keep_days)
        if not doomed:
            return deleted
        for artifact in await client.read_artifacts(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=doomed))):
            try:
                await client.delete_artifact(artifact.id)
            except ObjectNotFound:
                pass
        for flow_run_id in doomed:
            try:
                await client.delete_flow_run(flow_run_id)
            except ObjectNotFound:
                pass
            deleted += 1


async def _prune_daily(deployment_id: UUID, settings: Settings, stop: Any) -> None:
    import anyio

    while not stop.is_set():
        with anyio.move_on_after(PRUNE_EVERY.total_seconds()):
            await stop.wait()
        if not stop.is_set():
            attach_run_log(settings.warehouse.path)  # today's file: serve outlives many days
            await _prune(deployment_id, settings)


async def _prune(deployment_id: UUID, settings: Settings) -> int:
    """`prune_flow_runs` now; a failure is one line on stderr and in the log, and is tried again tomorrow."""
    from prefect.client.orchestration import get_client

    keep_days = settings.schedule.keep_prefect_runs_days
    try:
        async with get_client() as client:
            deleted = await prune_flow_runs(client, deployment_id, keep_days)
    except Exception as err:  # noqa: BLE001 - a failed clean-up must not stop the schedule
        log.warning("could not delete old flow runs from Prefect's database: %s", err)
        print(f"newsware serve: could not delete old flow runs from Prefect's database: {err}", file=sys.stderr)
        return 0
    if deleted:
        log.info("deleted %d flow runs older than %d days from Prefect's database", deleted, keep_days)
    return deleted
