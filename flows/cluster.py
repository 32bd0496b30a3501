"""Where a run's batch tasks run: threads of the run's own process (the default), or a Dask cluster.

On one machine the threads are the better choice, measured on 2 cores: one pool of cleaning workers
shared by every batch keeps both cores busy, while Dask adds a scheduler and a worker process per core
(about 250 MB more), several seconds to start a LocalCluster, and ~0.3 s of Prefect bookkeeping per
task inside each worker. A cluster pays off when there are more machines than one: `--cluster
tcp://scheduler:8786` (or `[cluster] address`) sends the batches to an existing Dask cluster through
prefect-dask, and `--cluster local` starts a LocalCluster of `[cluster] workers` processes, to try
it on one machine. In both, each Dask worker cleans its batches in worker processes of its own, kept
from batch to batch (the per-input CPU limit needs them), so Dask's workers must be allowed children:
`distributed.worker.daemon` is False for a LocalCluster, and a remote cluster's workers are started
with DASK_DISTRIBUTED__WORKER__DAEMON=False.
"""
from __future__ import annotations

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

from transforms.settings import Settings

LOCAL = "local"


def batches_in_flight(settings: Settings) -> int:
    """Batches submitted at once: one more than can run, so a worker that finishes always has the next
    one ready, and no more (each holds its documents in memory)."""
    return (settings.cluster.workers if settings.cluster.address else settings.clean.workers) + 1


def task_runner_for(settings: Settings) -> TaskRunner:
    """The task runner of a run under these settings (see the module's docstring)."""
    if not settings.cluster.address:
        return ThreadPoolTaskRunner(max_workers=batches_in_flight(settings))
    import dask
    from prefect_dask import DaskTaskRunner

    if settings.cluster.address != LOCAL:
        return DaskTaskRunner(address=settings.cluster.address)
    # Cleaning workers are children of a Dask worker: Dask's are daemonic, and those may have none.
    dask.config.set({"distributed.worker.daemon": False})
    return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs={
        "n_workers": settings.cluster.workers, "threads_per_worker": 1, "processes": True,
        "host": "127.0.0.1", "dashboard_address": ":0"})
