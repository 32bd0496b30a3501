"""Benchmark: the same input on a Dask LocalCluster of one worker, then of two (`newsware run --cluster
local`): how the batches spread over Dask's workers.

Usage:  .venv/bin/python bench/bench_dask.py [--articles N] [--workdir DIR] [--pages DIR]
        (or `make bench-dask`; by default the 923 pages of ../shared/pages, with --articles the input of N
        distinct articles bench_scale.py makes from them)

Each Dask worker cleans its batches in one worker process of its own (NEWSWARE_CLEAN__WORKERS=1), so one
Dask worker uses one core and two use both; batches of 50 (NEWSWARE_CLEAN__BATCH_SIZE), so that 923
pages make 19 batches to share out rather than 5 (two workers with 3 and 2 batches of 200 took 1.09x
the time of one). Both runs talk to one Prefect server started beforehand, so
that its start-up is not counted as the cluster's; each starts and stops its own LocalCluster.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_scale import fresh_warehouse, run_newsware  # noqa: E402
from flows.prefect_server import prefect_api  # noqa: E402
from flows.runlog import prepare_prefect  # noqa: E402
from scale_inputs import pages_or_articles, pages_or_articles_arguments  # noqa: E402
from transforms.settings import load_settings  # noqa: E402


def main() -> None:
    args = pages_or_articles_arguments(__doc__.split("\n")[0]).parse_args()
    source = pages_or_articles(args)

    prepare_prefect()
    runs = {}
    with prefect_api(load_settings().prefect.startup_timeout) as api_url:
        for workers in (1, 2):
            start = time.perf_counter()
            runs[workers] = run_newsware(source, fresh_warehouse(args.workdir / f"dask-{workers}"), api_url,
                                         ["--cluster", "local"],
                                         {"NEWSWARE_CLUSTER__WORKERS": str(workers), "NEWSWARE_CLEAN__WORKERS": "1",
                                          "NEWSWARE_CLEAN__BATCH_SIZE": "50"})
            print(f"{workers} Dask worker(s): {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)

    one = runs[1]
    print(f"\ninput: {source}\n")
    print("| Dask workers | wall s | inputs/s | speed-up over 1 worker | CPU s | articles | peak PSS MB (tree, summed) "
          "| load avg |\n|---|---|---|---|---|---|---|---|")
    for workers, run in runs.items():
        inputs = run.loaded + run.summary["rejected"]
        print(f"| {workers} | {run.seconds:.1f} | {inputs / run.seconds:.1f} | {one.seconds / run.seconds:.2f} | "
              f"{run.cpu_seconds:.0f} | {run.loaded} | {run.memory.peak_pss_mb:.0f} | {run.load:.1f} |")
    print(f"\ncommand: .venv/bin/python bench/bench_dask.py {' '.join(sys.argv[1:])}".rstrip())


if __name__ == "__main__":
    main()
