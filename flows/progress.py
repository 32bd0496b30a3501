"""A progress bar on stderr when a person is watching; nothing at all under cron or CI."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_enabled = False


def enable_progress(enabled: bool) -> None:
    """Called by the CLI: on only when stderr is a terminal and the user did not ask for --quiet."""
    global _enabled
    _enabled = enabled and sys.stderr.isatty()


@contextmanager
def progress(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; draws a rich progress bar only when enabled."""
    if not _enabled or total <= 0:
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        task_id = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task_id, n)
