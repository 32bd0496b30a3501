"""The temporary Prefect server a run needs when no `PREFECT_API_URL` is configured.

Prefect would start one by itself, but with a fixed 20 s limit that a busy machine misses, in the
terminal's process group (so Ctrl-C kills it under the running flow, which then hangs), and it
outlives a killed run. We start the same server ourselves: in its own session, told to stop when
its parent dies, waited for as long as `[prefect] startup_timeout` allows, and on a copy of a migrated
empty database, so it starts fast and Prefect's database never grows across nightly runs.

Nothing here imports Prefect: the server starts while the run imports it.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from importlib.metadata import version
from pathlib import Path

# Run in the server's own process: ask the kernel for SIGTERM when the run that started it dies
# (even by kill -9), then serve Prefect's API app, as Prefect's own temporary server does.
LAUNCHER = """
import ctypes, os, signal, sys
parent, port = int(sys.argv[1]), int(sys.argv[2])
if sys.platform.startswith("linux"):
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        sys.exit(0)
import uvicorn
uvicorn.run("prefect.server.api.server:create_app", factory=True, host="127.0.0.1", port=port,
            log_level="critical", lifespan="on")
"""
# A run uses no Prefect blocks, so the server does not register block types at its start: that step
# imports every installed Prefect integration first (prefect-dask, and with it Dask's distributed),
# and skipping it took the server's start from 5.8 to 4.5 s of CPU (three starts each, alternated).
SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}
HEALTH_POLL_SECONDS = 0.25
STOP_GRACE_SECONDS = 10


class PrefectUnavailable(RuntimeError):
    """The temporary Prefect server could not be started; the message says what to do."""


@contextmanager
def prefect_api(startup_timeout: float, log_file: Path | None = None,
                while_starting: Callable[[], None] = lambda: None) -> Iterator[str]:
    """Yield the Prefect API URL a run talks to: `PREFECT_API_URL` if set, else a temporary server's,
    which is stopped (and its database deleted) when the block ends, however it ends.

    `while_starting` runs while the server starts (importing Prefect takes as long as starting it).
    """
    if configured := os.environ.get("PREFECT_API_URL"):
        while_starting()
        yield configured
        return
    with tempfile.TemporaryDirectory(prefix="newsware-prefect-") as scratch:
        database = Path(scratch) / "prefect.db"
        shutil.copyfile(_migrated_template(startup_timeout, log_file), database)
        with _server(database, startup_timeout, log_file, while_starting) as url:
            yield url


def _migrated_template(startup_timeout: float, log_file: Path | None) -> Path:
    """An empty Prefect database with every migration applied, made once per Prefect version
    (a fresh database costs the server 5-10 s of migrations at every start)."""
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    template = home / "newsware" / f"empty-prefect-{version('prefect')}.db"
    if template.exists():
        return template
    template.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=template.parent) as scratch:
        database = Path(scratch) / "prefect.db"
        with _server(database, startup_timeout, log_file):
            pass
        with closing(sqlite3.connect(database)) as con:  # fold the write-ahead log into the file
            con.execute("pragma wal_checkpoint(truncate)")
            con.execute("pragma journal_mode=delete")
        os.replace(database, template)  # atomic: a concurrent first run sees all of it or none
    return template


@contextmanager
def _server(database: Path, startup_timeout: float, log_file: Path | None,
            while_starting: Callable[[], None] = lambda: None) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, **SERVER_ENV, "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{database}"}
    env.pop("PREFECT_API_URL", None)
    with open(log_file or os.devnull, "a", encoding="utf-8") as output:
        process = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(os.getpid()), str(port)], env=env,
                                   stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                                   start_new_session=True)  # Ctrl-C in the terminal is the run's to handle
    url = f"http://127.0.0.1:{port}/api"
    # Set before Prefect is imported (by `while_starting`): Prefect reads its settings once, and without
    # an API URL it would start a temporary server of its own.
    os.environ["PREFECT_API_URL"] = url
    try:
        while_starting()
        _wait_until_healthy(process, url, startup_timeout)
        yield url
    finally:
        _drain_prefect_clients()
        os.environ.pop("PREFECT_API_URL", None)
        _stop(process)


def _wait_until_healthy(process: subprocess.Popen, url: str, startup_timeout: float) -> None:
    if answers_health(url, startup_timeout, still_starting=lambda: process.poll() is None):
        return
    if process.poll() is not None:
        raise PrefectUnavailable(f"Prefect's temporary server exited with code {process.returncode} while "
                                 "starting; see the log, or set PREFECT_API_URL to a running Prefect server")
    raise PrefectUnavailable(
        f"Prefect's temporary server did not answer within {startup_timeout:g} s (a busy machine?); "
        "raise [prefect] startup_timeout in the config, or set PREFECT_API_URL to a running server")


def answers_health(api_url: str, wait: float, still_starting: Callable[[], bool] = lambda: True) -> bool:
    """Whether the Prefect API at `api_url` answers its health check within `wait` seconds, asked again
    and again (a server starting at the same time, on a busy machine, may take a while); gives up early
    once `still_starting()` is False."""
    deadline = time.monotonic() + wait
    while still_starting():
        try:
            with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=10) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() >= deadline:
            return False
        time.sleep(HEALTH_POLL_SECONDS)
    return False


def _drain_prefect_clients() -> None:
    """Let this process's Prefect send its last logs and events while the server still listens; after
    it stops they would fail with 'Error logging to API' on the terminal."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        worker.drain_all(timeout=STOP_GRACE_SECONDS)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
