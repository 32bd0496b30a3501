"""Benchmark: `newsware run` on inputs of 1k, 10k and 100k distinct articles, each into a fresh warehouse:
wall time, articles loaded per second, and the peak memory of the run's whole process tree.

Usage:  .venv/bin/python bench/bench_scale.py [SIZE ...] [--workdir DIR] [--pages DIR] [--rerun]
        (or `make bench-scale`; sizes 1000 10000 100000 by default; the inputs are made from ../shared/pages
        by bench/scale_inputs.py and kept in DIR/inputs for the next time)

Each run is `newsware run INPUT --warehouse DIR/scale-SIZE/newsware.duckdb` in a subprocess (`python -m
flows`, this checkout's code), with the default config and its own temporary Prefect server, as a user
starts it. Memory: every 0.5 s, the run's process and all its descendants (worker processes, the Prefect
server); summed RSS counts a page that forked processes share once per process, summed PSS divides it
among them; the peak of each sum over the run. Also the CPU time of the run's processes, which other work
on a shared machine changes far less than wall time, and the load average as the run ended (the run
itself adds about 2).
With --rerun, the same input goes again into the same warehouse, which should add and change nothing:
the file's size and every table's rows before and after it, and the rerun's own row in `runs`.
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scale_inputs import DEFAULT_PAGES, cached_inputs  # noqa: E402
from transforms.settings import REPO_ROOT  # noqa: E402
from warehouse.publish import table_counts  # noqa: E402

SAMPLE_SECONDS = 0.5
PR_SET_CHILD_SUBREAPER = 36
ORPHAN_WAIT_SECONDS = 30


def process_tree(root: int) -> list[int]:
    """`root` and all its descendants alive now."""
    tree, index = [root], 0
    while index < len(tree):
        for children in Path(f"/proc/{tree[index]}/task").glob("*/children"):
            try:
                tree += [int(pid) for pid in children.read_text().split()]
            except OSError:  # the thread or process has just ended
                pass
        index += 1
    return tree


def rss_pss_kb(pid: int) -> tuple[int, int]:
    """Resident and proportional set size of one process; (0, 0) if it has just ended."""
    try:
        lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
    except OSError:
        return 0, 0
    sizes = {line.split(":")[0]: int(line.split()[1]) for line in lines if line.startswith(("Rss:", "Pss:"))}
    return sizes.get("Rss", 0), sizes.get("Pss", 0)


def process_role(pid: int, root: int) -> str:
    """What a process of a run's tree is, from its command line."""
    if pid == root:
        return "run"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return "other"
    if b"uvicorn" in command:
        return "Prefect server"
    if b"forkserver" in command:
        return "cleaning workers"
    return "other"


class TreeMemory:
    """The peak, over the life of the block, of the summed RSS and summed PSS of a process tree; and, at
    the PSS peak, when it came and what each kind of process held."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak_rss_mb = self.peak_pss_mb = 0.0
        self.peak_seconds = 0.0
        self.peak_pss_by_role: dict[str, float] = {}
        self.most_processes = 0
        self.seen: set[int] = set()
        self._start = time.perf_counter()
        self._done = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._sampler.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._sampler.join()

    def peak_line(self, seconds: float) -> str:
        """When the PSS peak came in a run of `seconds`, and what held it."""
        parts = ", ".join(f"{role} {mb:.0f}" for role, mb in sorted(self.peak_pss_by_role.items(), key=lambda i: -i[1]))
        return f"peak PSS {self.peak_pss_mb:.0f} MB at {self.peak_seconds:.0f} s of {seconds:.0f} s: {parts}"

    def _sample(self) -> None:
        while True:
            tree = process_tree(self.root)
            self.seen.update(tree)
            sizes = [rss_pss_kb(pid) for pid in tree]
            self.peak_rss_mb = max(self.peak_rss_mb, sum(rss for rss, _ in sizes) / 1024)
            if sum(pss for _, pss in sizes) / 1024 > self.peak_pss_mb:
                self.peak_pss_mb = sum(pss for _, pss in sizes) / 1024
                self.peak_seconds = time.perf_counter() - self._start
                self.peak_pss_by_role = {}
                for pid, (_, pss) in zip(tree, sizes):
                    role = process_role(pid, self.root)
                    self.peak_pss_by_role[role] = self.peak_pss_by_role.get(role, 0) + pss / 1024
            self.most_processes = max(self.most_processes, len(tree))
            if self._done.wait(SAMPLE_SECONDS):
                return


@dataclass
class RunResult:
    seconds: float
    summary: dict            # `newsware run --format json`
    memory: TreeMemory
    cpu_seconds: float       # user + system time of the run's processes: what a busy machine changes least
    load: float              # the machine's 1-minute load average as the run ended

    @property
    def loaded(self) -> int:
        return sum(self.summary[key] for key in ("articles_new", "articles_changed", "articles_unchanged"))


def run_newsware(source: Path, warehouse: Path, prefect_api_url: str | None = None, options: list[str] | None = None,
                 settings: dict[str, str] | None = None) -> RunResult:
    """One `newsware run` of `source` into `warehouse` (with more `options`, and `settings` as
    NEWSWARE_* variables), timed and its memory sampled; with its own temporary Prefect server unless
    `prefect_api_url` names a running one."""
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"} | (settings or {})
    if prefect_api_url:
        env["PREFECT_API_URL"] = prefect_api_url
    # `python -m flows` from this checkout: the `newsware` the venv installed may be another's code.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    adopt_orphans()
    cpu_before, start = cpu_seconds(resource.RUSAGE_CHILDREN), time.perf_counter()
    command = [sys.executable, "-m", "flows", "run", str(source), "--warehouse", str(warehouse), "--format", "json",
               "--quiet", *(options or [])]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    with TreeMemory(process.pid) as memory:
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    reap(memory.seen - {process.pid})
    if process.returncode:
        sys.exit(f"bench: newsware run {source} failed (exit {process.returncode}): {stderr.strip()}")
    return RunResult(seconds, json.loads(stdout), memory, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before,
                     os.getloadavg()[0])


def adopt_orphans() -> None:
    """Descendants whose parent ends first (a run leaves its forkserver behind) become this process's
    children rather than init's, so that waiting for them counts their CPU time, and that of the workers
    they waited for, in RUSAGE_CHILDREN."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)


def reap(pids: set[int]) -> None:
    """Wait (for a while) for those of `pids` that are now this process's children."""
    deadline = time.monotonic() + ORPHAN_WAIT_SECONDS
    while pids and time.monotonic() < deadline:
        for pid in list(pids):
            try:
                if os.waitpid(pid, os.WNOHANG)[0]:
                    pids.discard(pid)
            except ChildProcessError:  # another's child, already waited for by its parent
                pids.discard(pid)
        time.sleep(0.1)


def cpu_seconds(who: int) -> float:
    """CPU time so far of this process (RUSAGE_SELF), or of its ended descendants that were waited for
    (RUSAGE_CHILDREN: a run's workers and Prefect server, once the run has ended)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def fresh_warehouse(folder: Path) -> Path:
    """An absent warehouse in an emptied `folder` (its logs and working copies go beside it)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder / "newsware.duckdb"


def warehouse_state(path: Path) -> tuple[int, dict[str, int]]:
    """The file's size and each base table's rows."""
    with duckdb.connect(str(path), read_only=True) as con:
        return path.stat().st_size, table_counts(con)


def rerun_line(size: int, source: Path, warehouse: Path) -> str:
    """The same input again into the same warehouse: a markdown row saying what it changed."""
    size_before, rows_before = warehouse_state(warehouse)
    rerun = run_newsware(source, warehouse)
    size_after, rows_after = warehouse_state(warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        new, changed, unchanged = con.execute(
            "select articles_new, articles_changed, articles_unchanged from runs where run_id = ?",
            [rerun.summary["run_id"]]).fetchone()
    rows = ", ".join(f"{table} {rows_before.get(table)} -> {count}" for table, count in rows_after.items()
                     if rows_before.get(table) != count) or "none"
    return (f"| {size} | {rerun.seconds:.1f} | {rerun.cpu_seconds:.0f} | {new} | {changed} | {unchanged} | "
            f"{size_before / 1e6:.1f} -> {size_after / 1e6:.1f} | {rows} | {rerun.memory.peak_pss_mb:.0f} | "
            f"{rerun.load:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10_000, 100_000], help="articles per input")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "newsware-bench",
                        help="inputs (kept) and warehouses (replaced) [default: %(default)s]")
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--rerun", action="store_true", help="run each input again into its warehouse")
    parser.add_argument("--text", action="store_true",
                        help="plain-text records of the pages' cleaned text (no trafilatura: minutes, not hours, at 100k)")
    args = parser.parse_args()
    if not args.pages.is_dir():
        sys.exit(f"bench: no page folder at {args.pages}; pass --pages DIR")

    inputs = cached_inputs(args.sizes, args.workdir / "inputs", args.pages, args.text)
    lines, reruns, peaks = [], [], []
    for size in args.sizes:
        warehouse = fresh_warehouse(args.workdir / f"scale-{'text-' if args.text else ''}{size}")
        run = run_newsware(inputs[size], warehouse)
        memory = run.memory
        lines.append(f"| {size} | {run.loaded} | {run.summary['rejected']} | {run.seconds:.1f} | "
                     f"{run.loaded / run.seconds:.1f} | {run.cpu_seconds:.0f} | {memory.peak_rss_mb:.0f} | {memory.peak_pss_mb:.0f} | "
                     f"{memory.most_processes} | {warehouse.stat().st_size / 1e6:.1f} | {run.load:.1f} |")
        peaks.append(f"{size}: {memory.peak_line(run.seconds)}")
        print(lines[-1], file=sys.stderr, flush=True)   # progress: the whole table comes at the end
        if args.rerun:
            reruns.append(rerun_line(size, inputs[size], warehouse))

    print("\n| articles in input | loaded | rejected | wall s | articles/s | CPU s | peak RSS MB (tree, summed) "
          "| peak PSS MB (tree, summed) | processes | warehouse MB | load avg |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    print("\nwhere each run's memory peaked (PSS MB of each kind of process):\n\n" + "\n".join(peaks))
    if reruns:
        print("\nthe same input again into the same warehouse:\n\n| articles | wall s | CPU s | new | changed "
              "| unchanged | file MB before -> after | rows changed | peak PSS MB | load avg |\n"
              "|---|---|---|---|---|---|---|---|---|---|")
        print("\n".join(reruns))
    print(f"\ncommand: .venv/bin/python bench/bench_scale.py {' '.join(sys.argv[1:])}".rstrip())


if __name__ == "__main__":
    main()
