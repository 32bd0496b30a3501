"""`newsware dashboard`: the Streamlit page of flows/dashboard_app.py, served on 127.0.0.1.

Streamlit runs in a child process (`python -m streamlit run ...`) in a session of its own, so that it
gets each Ctrl-C or SIGTERM exactly once, from us; it also gets SIGTERM from the kernel if this
process dies, even by kill -9, so a dashboard never outlives its command.
"""
from __future__ import annotations

import ctypes
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

APP = Path(__file__).resolve().with_name("dashboard_app.py")
HOST = "127.0.0.1"
DEFAULT_PORT = 8501
# Streamlit stops in about a second; a busy machine may take much longer before we stop waiting.
STOP_GRACE_SECONDS = 60
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class DashboardError(RuntimeError):
    """The dashboard cannot start or stopped by itself; the message says what to do."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def streamlit_command(warehouse: Path, port: int) -> list[str]:
    """The command that serves the page; the warehouse goes to the script after `--`."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.address", HOST,
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",      # the page is not being edited: no reloads, no inotify
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",        # no developer menu for readers
        "--theme.base", "light",
        "--", "--warehouse", str(warehouse),
    ]


def serve_dashboard(warehouse: Path, port: int = DEFAULT_PORT,
                    announce: Callable[[str], None] = print) -> int | None:
    """Serve the dashboard until a signal stops it; return that signal's number.

    Raises DashboardError when there is no warehouse at `warehouse` or the port is taken (exit code
    2), or when Streamlit stops by itself (1).
    """
    if not warehouse.exists():
        raise DashboardError(f"no warehouse at {warehouse}: run `newsware run` first, or pass --warehouse PATH")
    _check_port_free(port)
    process = subprocess.Popen(streamlit_command(warehouse, port), start_new_session=True,
                               preexec_fn=_die_with(os.getpid()))
    stopped_by: list[int] = []

    def forward(signal_number: int, frame: object) -> None:
        stopped_by.append(signal_number)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM if signal_number == signal.SIGHUP else signal_number)

    previous = {number: signal.signal(number, forward) for number in FORWARDED_SIGNALS}
    try:
        announce(f"newsware dashboard: http://{HOST}:{port} reading {warehouse} (read-only); Ctrl-C stops it")
        returncode = _wait(process, stopped_by)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if process.poll() is None:   # an error of ours, not a signal: leave nothing behind
            process.kill()
            process.wait()
    if stopped_by:
        return stopped_by[0]
    if returncode != 0:
        raise DashboardError(f"the dashboard server stopped with exit code {returncode} (its messages are above)", 1)
    return None


def _wait(process: subprocess.Popen, stopped_by: list[int]) -> int:
    """Wait for Streamlit to end; once a signal has been forwarded, wait STOP_GRACE_SECONDS at most."""
    deadline: float | None = None
    while True:
        try:
            return process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            if stopped_by and deadline is None:
                deadline = time.monotonic() + STOP_GRACE_SECONDS
            if deadline is not None and time.monotonic() > deadline:
                process.kill()


def _check_port_free(port: int) -> None:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise DashboardError(f"port {port} on {HOST} is in use (another dashboard?); "
                                     "pick another with --port N") from None
            raise DashboardError(f"cannot serve on {HOST}:{port}: {err.strerror or err}") from None


def _die_with(parent: int) -> Callable[[], None] | None:
    """Run in the child before Streamlit starts: ask the kernel for SIGTERM when `parent` dies."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)   # loaded here: the child should only make the call

    def set_parent_death_signal() -> None:
        libc.prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
        if os.getppid() != parent:       # the parent died before the call
            os._exit(0)
    return set_parent_death_signal
