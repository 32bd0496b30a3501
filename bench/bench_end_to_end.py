"""Benchmark: `newsware run` end to end against bare `trafilatura.extract` on the same pages, one run.

Usage:  .venv/bin/python bench/bench_end_to_end.py [--articles N] [--workdir DIR] [--pages DIR]
        (or `make bench-e2e`; by default the 923 pages of ../shared/pages as they are; with --articles, the
        input of N distinct articles that bench_scale.py makes from them, kept in DIR/inputs)

Three passes over the same input, one after the other:
  1. bare: `trafilatura.extract(html, with_metadata=True)` over every page on 2 processes
     (multiprocessing.Pool(2)), each process reading and decoding its pages as newsware does;
  2. `newsware run SOURCE --warehouse <fresh>` in a subprocess, default config, which starts and stops its
     own temporary Prefect server;
  3. the same with PREFECT_API_URL naming a Prefect server started beforehand (newsware's temporary server,
     started here): 2 minus 3 is what a run spends on its server.
Printed: wall time, pages/s (every input page, whether it gave an article or was rejected) and the ratio
of newsware's throughput to bare trafilatura's; the same in CPU time of each pass's processes, which other
work on a shared machine changes far less than wall time; the peak summed RSS and PSS of each pass's
process tree (for 1, this script and its pool; for 3, without the server, which is not the run's).
"""
from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_scale import RunResult, TreeMemory, cpu_seconds, fresh_warehouse, run_newsware  # noqa: E402
from flows.prefect_server import prefect_api  # noqa: E402
from flows.runlog import prepare_prefect  # noqa: E402
from scale_inputs import page_html, pages_or_articles, pages_or_articles_arguments  # noqa: E402
from transforms.settings import load_settings  # noqa: E402


def extracted_page(path: Path) -> bool:
    return trafilatura.extract(page_html(path), with_metadata=True) is not None


def extracted_record(line: bytes) -> bool:
    return trafilatura.extract(json.loads(line)["html"], with_metadata=True) is not None


def jsonl_lines(path: Path) -> Iterator[bytes]:
    with gzip.open(path, "rb") as lines:
        yield from lines


@dataclass
class BareResult:
    pages: int
    texts: int               # pages that gave a text
    seconds: float
    cpu_seconds: float       # this process's and its pool's
    memory: TreeMemory       # this process and its pool
    load: float


def bare_pass(source: Path) -> BareResult:
    work, items = (extracted_page, sorted(source.glob("*.gz"))) if source.is_dir() else \
        (extracted_record, jsonl_lines(source))
    cpu_before = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # The pool's processes are forked when it starts, before the sampling thread is.
    with multiprocessing.Pool(2) as pool, TreeMemory(os.getpid()) as memory:
        results = list(pool.imap_unordered(work, items, chunksize=4))
    seconds = time.perf_counter() - start
    cpu = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before
    return BareResult(len(results), sum(results), seconds, cpu, memory, os.getloadavg()[0])


# Lines of a run's log that start its steps: the run, its batches (once its inputs are found), its load,
# its end. The log gives whole seconds.
STEP_MARKS = {"start": ": starting", "cleaning": " inputs from ", "load": ": loading ", "end": " done: "}


def run_steps(warehouse: Path, seconds: float) -> str:
    """How a run's wall time divides into steps, from its log (`<warehouse folder>/logs`)."""
    times: dict[str, datetime] = {}
    for log in sorted((warehouse.parent / "logs").glob("*.log")):
        for line in log.read_text(encoding="utf-8").splitlines():
            for step, mark in STEP_MARKS.items():
                if mark in line:
                    times[step] = datetime.strptime(line[:19], "%Y-%m-%d %H:%M:%S")
    if len(times) < len(STEP_MARKS):
        return "steps: not in the run's log"
    between = [(times[b] - times[a]).total_seconds() for a, b in zip(STEP_MARKS, list(STEP_MARKS)[1:])]
    return (f"until the first batch {between[0]:.0f} s (Prefect's server, imports, finding inputs), cleaning, "
            f"extraction and staging the rows {between[1]:.0f} s, merging and linking {between[2]:.0f} s, the rest of {seconds:.1f} s "
            f"{seconds - sum(between):.0f} s (starting Python, closing down)")


def table_line(label: str, pages: int, articles: int, run: RunResult | BareResult, bare: BareResult) -> str:
    return (f"| {label} | {run.seconds:.1f} | {pages / run.seconds:.1f} | {bare.seconds / run.seconds:.2f} | "
            f"{run.cpu_seconds:.0f} | {1000 * run.cpu_seconds / pages:.0f} | {bare.cpu_seconds / run.cpu_seconds:.2f} | "
            f"{articles} | {run.memory.peak_rss_mb:.0f} | {run.memory.peak_pss_mb:.0f} | {run.load:.1f} |")


def main() -> None:
    args = pages_or_articles_arguments(__doc__.split("\n")[0]).parse_args()
    source = pages_or_articles(args)

    bare = bare_pass(source)
    print(f"bare: {bare.pages} pages in {bare.seconds:.1f} s", file=sys.stderr, flush=True)
    warehouse = fresh_warehouse(args.workdir / "e2e")
    own_server = run_newsware(source, warehouse)
    own_steps = run_steps(warehouse, own_server.seconds)
    print(f"newsware run: {own_server.seconds:.1f} s", file=sys.stderr, flush=True)
    prepare_prefect()
    start = time.perf_counter()
    with prefect_api(load_settings().prefect.startup_timeout) as api_url:
        server_start = time.perf_counter() - start
        warehouse = fresh_warehouse(args.workdir / "e2e")
        running_server = run_newsware(source, warehouse, api_url)
        running_steps = run_steps(warehouse, running_server.seconds)

    print(f"\ninput: {source} ({bare.pages} pages)\n")
    print("| pass | wall s | pages/s | throughput / bare | CPU s | CPU ms/page | CPU bare / this | articles "
          "| peak RSS MB (tree, summed) | peak PSS MB (tree, summed) | load avg |\n|---|---|---|---|---|---|---|---|---|---|---|")
    print(table_line("bare trafilatura.extract(with_metadata=True), Pool(2)", bare.pages, bare.texts, bare, bare))
    for label, run in (("newsware run, its own temporary Prefect server", own_server),
                       ("newsware run, PREFECT_API_URL of a running server", running_server)):
        print(table_line(label, run.loaded + run.summary["rejected"], run.loaded, run, bare))
    print(f"\nsteps of the run with its own server: {own_steps}\nsteps against a running server: {running_steps}")
    print(f"\nthe temporary Prefect server: {own_server.seconds - running_server.seconds:.1f} s wall and "
          f"{own_server.cpu_seconds - running_server.cpu_seconds:.1f} s CPU of the run (the differences); a server "
          f"like it took {server_start:.1f} s to start here")
    print(f"command: .venv/bin/python bench/bench_end_to_end.py {' '.join(sys.argv[1:])}".rstrip())


if __name__ == "__main__":
    main()
