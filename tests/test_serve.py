"""`newsware serve`: the flow served as a Prefect deployment on a real Prefect server.

The quick tests need no server: serve's one-line refusals, which flow runs pruning deletes, and the
daily log file attached once. The slow test starts one real `prefect server start`, serves, triggers a
run by hand as a user would, stops serve with SIGTERM, and prunes against the same server.
"""
from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from uuid import uuid4

import duckdb
import pytest
from click.testing import CliRunner

from flows.cli import cli
from flows.runlog import RUN_LOGGERS, RunLogHandler, attach_run_log
from flows.serve import runs_to_delete
from tests.conftest import REPO, SAMPLE
from tests.processes import descendants, still_alive
from transforms.settings import DEFAULT_CONFIG
from warehouse.runlock import claim_run_lock, hold_run_lock, lock_path

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)


def newsware_serve(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | env
    return subprocess.run([sys.executable, "-m", "flows", "serve", *args], capture_output=True, text=True,
                          cwd=REPO, env=full_env, timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------------------------- no server
def test_serve_has_help_with_a_real_example():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "prefect server start" in result.stdout
    assert "newsware serve https://example.org/feed.xml" in result.stdout


def test_serve_without_a_prefect_server_says_how_to_start_one_in_one_line():
    result = newsware_serve(env={})
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("newsware: error: newsware serve needs a Prefect server")
    assert "prefect server start" in line and "export PREFECT_API_URL=http://127.0.0.1:4200/api" in line
    assert "cron" in line
    assert result.stdout == ""


def test_serve_against_a_server_that_does_not_answer_says_so_in_one_line():
    url = f"http://127.0.0.1:{free_port()}/api"
    result = newsware_serve(env={"PREFECT_API_URL": url, "NEWSWARE_PREFECT__STARTUP_TIMEOUT": "1"})
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"newsware: the Prefect server at PREFECT_API_URL={url} did not answer within 1 s: start it with "
        "`.venv/bin/prefect server start`, or correct PREFECT_API_URL"]


def test_a_schedule_that_is_not_cron_is_named_in_one_line(tmp_path):
    config = tmp_path / "newsware.toml"
    config.write_text(DEFAULT_CONFIG.read_text().replace('cron = "0 2 * * *"', 'cron = "0 2 * *"'))
    result = newsware_serve("--config", str(config), env={"PREFECT_API_URL": f"http://127.0.0.1:{free_port()}/api"})
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["newsware: error: config: schedule.cron '0 2 * *' is not a cron "
                                          "expression (five fields, e.g. '0 2 * * *' for 02:00 every day)"]


def flow_run(state: str, ended: datetime | None = None, due: datetime | None = None):
    from prefect.client.schemas.objects import FlowRun, StateType

    return FlowRun(id=uuid4(), flow_id=uuid4(), state_type=StateType(state), end_time=ended, expected_start_time=due)


def test_pruning_picks_only_runs_that_ended_before_the_days_kept():
    old = {state: flow_run(state, ended=NOW - timedelta(days=31)) for state in ("COMPLETED", "FAILED", "CANCELLED",
                                                                             "CRASHED")}
    never_started = flow_run("CANCELLED", due=NOW - timedelta(days=40))
    recent = flow_run("COMPLETED", ended=NOW - timedelta(days=29))
    late = flow_run("SCHEDULED", due=NOW - timedelta(days=40))         # due long ago, never run: kept
    stuck = flow_run("RUNNING", due=NOW - timedelta(days=40))
    paused = flow_run("PAUSED", due=NOW - timedelta(days=40))
    runs = [*old.values(), never_started, recent, late, stuck, paused]
    assert runs_to_delete(runs, NOW, keep_days=30) == [run.id for run in [*old.values(), never_started]]
    assert runs_to_delete(runs, NOW, keep_days=60) == []


def another_process_could_take(warehouse: Path) -> bool:
    """A second open file description of the lock file stands for another process."""
    fd = os.open(lock_path(warehouse), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_a_flow_claims_the_run_lock_at_its_first_line_and_its_run_lets_go_at_the_end(warehouse_path):
    claim_run_lock(warehouse_path)
    assert not another_process_could_take(warehouse_path)
    claim_run_lock(warehouse_path)  # under `newsware run`, the process holds it already
    with hold_run_lock(warehouse_path):
        assert not another_process_could_take(warehouse_path)
    assert another_process_could_take(warehouse_path)


@pytest.fixture
def run_loggers():
    """The run loggers as they were, restored after the test."""
    saved = {name: (list(logging.getLogger(name).handlers), logging.getLogger(name).propagate,
                    logging.getLogger(name).level) for name in RUN_LOGGERS}
    yield
    for name, (handlers, propagate, level) in saved.items():
        logger = logging.getLogger(name)
        for handler in logger.handlers:
            if handler not in handlers:
                handler.close()
        logger.handlers[:] = handlers
        logger.propagate, logger.level = propagate, level


def run_log_files() -> dict[str, list[str]]:
    return {name: [Path(h.baseFilename).name for h in logging.getLogger(name).handlers if isinstance(h, RunLogHandler)]
            for name in RUN_LOGGERS}


def test_the_daily_log_file_is_attached_once_however_often_it_is_asked_for(tmp_path, run_loggers, monkeypatch):
    warehouse = tmp_path / "news.duckdb"
    today = f"newsware-{date.today():%Y-%m-%d}.log"
    assert attach_run_log(warehouse) == tmp_path / "logs" / today
    attach_run_log(warehouse)
    logging.getLogger("prefect.flow_runs").handlers.clear()  # as Prefect's logging setup does
    attach_run_log(warehouse)
    assert run_log_files() == {name: [today] for name in RUN_LOGGERS}
    logging.getLogger("newsware").info("one line")
    assert (tmp_path / "logs" / today).read_text().count("one line") == 1

    monkeypatch.setattr("flows.runlog.date", type("Tomorrow", (), {"today": lambda: date.today() + timedelta(days=1)}))
    tomorrow = f"newsware-{date.today() + timedelta(days=1):%Y-%m-%d}.log"
    attach_run_log(warehouse)
    assert run_log_files() == {name: [tomorrow] for name in RUN_LOGGERS}


# ------------------------------------------------------------------------------- a real server
def get_json(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())
    except (OSError, ValueError):
        return None


def wait_for(what: str, check, timeout: float, *, alive: subprocess.Popen | None = None):
    """Poll `check()` until it gives something truthy; nothing here may depend on being fast."""
    deadline = time.monotonic() + timeout
    while True:
        if found := check():
            return found
        if alive is not None and alive.poll() is not None:
            pytest.fail(f"{what}: the process exited with {alive.returncode}")
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout} s")
        time.sleep(1)


def stop_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process's whole group (its session), then SIGKILL to what is left."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


@pytest.fixture
def prefect_server(tmp_path):
    """A real Prefect server (`prefect server start`, SQLite) on a free port, with its own PREFECT_HOME."""
    home = tmp_path / "prefect-home"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    port = free_port()
    with open(tmp_path / "prefect-server.log", "w") as output:
        server = subprocess.Popen([str(Path(sys.executable).with_name("prefect")), "server", "start", "--host",
                                   "127.0.0.1", "--port", str(port), "--no-ui"], env=env, stdin=subprocess.DEVNULL,
                                  stdout=output, stderr=output, start_new_session=True)
    url = f"http://127.0.0.1:{port}/api"
    try:
        wait_for("the Prefect server", lambda: get_json(f"{url}/health"), 300, alive=server)
        yield url, home
    finally:
        stop_group(server)


def prune(url: str, home: Path, deployment_id: str, days_ahead: int) -> int:
    """`prune_flow_runs` as serve calls it, as if `days_ahead` days had passed."""
    code = (f"import asyncio; from datetime import datetime, timedelta, timezone; from uuid import UUID\n"
            f"from prefect.client.orchestration import get_client; from flows.serve import prune_flow_runs\n"
            f"async def main():\n"
            f"    async with get_client() as client:\n"
            f"        return await prune_flow_runs(client, UUID('{deployment_id}'), 30,"
            f" datetime.now(timezone.utc) + timedelta(days={days_ahead}))\n"
            f"print(asyncio.run(main()))\n")
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def ended_state(url: str, run_id: str) -> str | None:
    state = (get_json(f"{url}/flow_runs/{run_id}") or {}).get("state_type")
    return state if state in ("COMPLETED", "FAILED", "CANCELLED", "CRASHED") else None


def post_json(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_serve_runs_the_deployment_on_a_real_server_stops_on_sigterm_and_prunes(tmp_path, prefect_server):
    url, home = prefect_server
    warehouse = tmp_path / "w" / "news.duckdb"
    warehouse.parent.mkdir()  # serve, like run, makes no folder for a warehouse: a mistyped path is refused
    env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(home)}
    with open(tmp_path / "serve.out", "w") as out, open(tmp_path / "serve.err", "w") as err:
        serve = subprocess.Popen([sys.executable, "-m", "flows", "serve", str(SAMPLE / "seeds"), "--warehouse",
                                  str(warehouse)], cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                 stderr=err, start_new_session=True)
    try:
        deployment = wait_for("the deployment", lambda: get_json(
            f"{url}/deployments/name/newsware-run/newsware-nightly"), 300, alive=serve)
        assert deployment["schedules"][0]["schedule"]["cron"] == "0 2 * * *"
        assert deployment["parameters"]["sources"] == [str(SAMPLE / "seeds")]

        # A run by hand, as the README says.
        trigger = subprocess.run([str(Path(sys.executable).with_name("prefect")), "deployment", "run",
                                  "newsware-run/newsware-nightly"], capture_output=True, text=True, env=env,
                                 cwd=tmp_path, timeout=300)
        assert trigger.returncode == 0, trigger.stdout + trigger.stderr
        run_id = re.search(r"UUID: ([0-9a-f-]{36})", trigger.stdout).group(1)
        assert wait_for("the flow run", lambda: ended_state(url, run_id), 600, alive=serve) == "COMPLETED"

        with duckdb.connect(str(warehouse), read_only=True) as con:
            assert con.execute("select count(*) from articles where source like '%seeds%'").fetchone() == (2,)
            assert con.execute("select run_id, status from runs").fetchall() == [(run_id, "completed")]
        # The flow run's process set up the log file beside the warehouse by itself.
        log = (warehouse.parent / "logs" / f"newsware-{date.today():%Y-%m-%d}.log").read_text()
        assert f"run {run_id} done: 2 new" in log
        assert (tmp_path / "serve.err").read_text() == ""  # Prefect's quiet console applies to served runs
        helpers = descendants(serve.pid)
    finally:
        stopping = time.monotonic()
        if serve.poll() is None:
            serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(120)
        except subprocess.TimeoutExpired:
            pass
        stopped_after = time.monotonic() - stopping
        stop_group(serve)
    stdout = (tmp_path / "serve.out").read_text()
    assert serve.returncode == 0, stdout + (tmp_path / "serve.err").read_text()
    assert stopped_after < 120
    assert stdout.startswith("newsware serve: deployment newsware-run/newsware-nightly on " + url)
    assert stdout.splitlines()[-1] == "newsware serve: stopped by SIGTERM"
    assert still_alive(helpers) == set()

    # Pruning: 31 days on, the finished run goes with its summary artifact; a run still due stays.
    due_long_ago = (datetime.now(timezone.utc) - timedelta(days=40)).isoformat()
    waiting = post_json(f"{url}/deployments/{deployment['id']}/create_flow_run",
                        {"state": {"type": "SCHEDULED", "state_details": {"scheduled_time": due_long_ago}}})
    assert post_json(f"{url}/artifacts/filter", {})  # the run's summary
    assert prune(url, home, deployment["id"], days_ahead=0) == 0
    assert prune(url, home, deployment["id"], days_ahead=31) == 1
    remaining = {run["id"]: run["state_type"] for run in post_json(f"{url}/flow_runs/filter", {})}
    assert run_id not in remaining and remaining[waiting["id"]] == "SCHEDULED"
    assert set(remaining.values()) == {"SCHEDULED"}
    assert post_json(f"{url}/artifacts/filter", {}) == []
