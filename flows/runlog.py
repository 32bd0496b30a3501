"""Where a run's log goes: one file a day next to the warehouse, and a quiet console from Prefect.

Set up by `newsware run` before the flow starts, and again by the flow itself, because a served
deployment runs each flow in a fresh process that no command line has prepared.
Nothing here imports Prefect: `prepare_prefect` must run before Prefect is imported.
"""
from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from transforms.settings import REPO_ROOT

# newsware's own records, and the flow and task run loggers Prefect gives the flow and its tasks.
RUN_LOGGERS = ("newsware", "prefect.flow_runs", "prefect.task_runs")
LINE_FORMAT = "%(asctime)s %(levelname)-7s %(run_label)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def prepare_prefect() -> None:
    """Prefect settings for a quiet, offline run, unless the user set their own. Prefect reads them when
    it is imported, and the processes a served deployment starts for its runs inherit them."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_SETTINGS_PATH", str(REPO_ROOT / "config" / "prefect-logging.yml"))
    os.environ.setdefault("PREFECT_SERVER_LOGGING_LEVEL", "CRITICAL")


class RunLogFormatter(logging.Formatter):
    """Names the flow or task run a line comes from ('process_batch-3f2'), else the logger."""

    def format(self, record: logging.LogRecord) -> str:
        record.run_label = (getattr(record, "task_run_name", None) or getattr(record, "flow_run_name", None)
                            or record.name)
        return super().format(record)


class RunLogHandler(logging.FileHandler):
    """The daily log file's handler (its own class, so that attaching it again can find it)."""


def log_file(warehouse: Path, day: date | None = None) -> Path:
    return warehouse.parent / "logs" / f"newsware-{day or date.today():%Y-%m-%d}.log"


def attach_run_log(warehouse: Path) -> Path:
    """Append the INFO log of newsware and of Prefect's flow and task runs to today's file beside the
    warehouse, for the morning after; returns the file. Idempotent: calling it again in one process adds
    no second handler, re-attaches it to loggers Prefect's logging setup has reset since, and moves to
    a new file when the day (or the warehouse) has changed."""
    path = log_file(warehouse).absolute()
    current = _attached(path)
    if current is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        current = RunLogHandler(path, encoding="utf-8")
        current.setLevel(logging.INFO)
        current.setFormatter(RunLogFormatter(LINE_FORMAT, DATE_FORMAT))
    for name in RUN_LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if isinstance(h, RunLogHandler) and h is not current]:
            logger.removeHandler(handler)
            if _attached(Path(handler.baseFilename)) is None:
                handler.close()
        if current not in logger.handlers:
            logger.addHandler(current)
    newsware = logging.getLogger("newsware")
    newsware.setLevel(logging.INFO)
    newsware.propagate = False  # the terminal gets newsware's own one-line messages, not log records
    return path


def _attached(path: Path) -> RunLogHandler | None:
    for name in RUN_LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, RunLogHandler) and Path(handler.baseFilename) == path:
                return handler
    return None
