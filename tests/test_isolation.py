"""isolation: each input in a killable worker, limited by CPU time, so a busy machine changes nothing."""
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from transforms.isolation import IsolatedPool, Limits, map_isolated
from transforms.model import StageError


def square_or_misbehave(item: str) -> int:
    """Stands in for a cleaner meeting a good page, a pathological one, a bug, or a crash."""
    if item == "spin":
        while True:
            pass
    if item == "sleep":  # waits without using CPU, as on a machine busy with other work
        time.sleep(2.5)
        return 0
    if item == "bug":
        raise KeyError("no such field")
    if item == "rejected":
        raise StageError("empty", "no body text")
    if item == "crash":
        os._exit(3)
    return int(item) ** 2


def test_results_come_back_in_input_order_and_each_failure_is_that_inputs_alone():
    outcomes = map_isolated(square_or_misbehave, ["2", "bug", "3", "rejected", "crash", "4"],
                            Limits(cpu_seconds=10, wall_seconds=60, workers=2))
    assert outcomes[0] == 4 and outcomes[2] == 9 and outcomes[5] == 16
    assert (outcomes[1].reason, outcomes[1].detail) == ("error", "KeyError: 'no such field'")
    assert (outcomes[3].reason, outcomes[3].detail) == ("empty", "no body text")
    assert outcomes[4].reason == "worker died" and "code 3" in outcomes[4].detail


def test_an_input_that_spins_is_stopped_by_its_cpu_limit_and_the_others_still_finish():
    outcomes = map_isolated(square_or_misbehave, ["spin", "5"], Limits(cpu_seconds=1, wall_seconds=120, workers=1))
    assert (outcomes[0].reason, outcomes[0].detail) == ("timeout", "used more than 1 s of CPU")
    assert outcomes[1] == 25


def test_waiting_without_using_cpu_is_not_a_timeout():
    """2.5 s of wall time against a 1 s CPU limit: what a page meets on a machine busy with other work."""
    assert map_isolated(square_or_misbehave, ["sleep"], Limits(cpu_seconds=1, wall_seconds=60, workers=1)) == [0]


def test_a_worker_stuck_past_the_wall_limit_is_retried_alone_then_rejected():
    [outcome] = map_isolated(square_or_misbehave, ["sleep"], Limits(cpu_seconds=10, wall_seconds=0.5, workers=1))
    assert isinstance(outcome, StageError)
    assert (outcome.reason, outcome.detail) == ("timeout", "no result within 0.5 s of wall time, twice")


def test_an_interrupt_stops_the_workers_at_once(monkeypatch):
    """Ctrl-C or SIGTERM while a batch runs: the pool is stopped, not waited for (a pool that waited for
    these inputs, which spin for an hour of CPU, would never let the test end)."""
    from transforms import isolation

    def interrupted(pool, future):
        raise KeyboardInterrupt
    monkeypatch.setattr(isolation.IsolatedPool, "_outcome", interrupted)
    with pytest.raises(KeyboardInterrupt):
        map_isolated(square_or_misbehave, ["spin", "spin"], Limits(cpu_seconds=3600, wall_seconds=3600, workers=2))


def refuse_to_start() -> None:
    """Stands in for a worker initialiser that cannot load what it needs (a gazetteer gone missing)."""
    raise FileNotFoundError("config/people.yaml")


def test_workers_that_cannot_start_answer_every_input_with_why_at_once():
    """Not a pool that starts workers again and again while the batch waits for ever."""
    with IsolatedPool(Limits(cpu_seconds=10, wall_seconds=3600, workers=2), initializer=refuse_to_start) as pool:
        outcomes = pool.map(square_or_misbehave, ["2", "3", "4"])
    assert [(o.reason, o.detail) for o in outcomes] == [
        ("worker could not start", "FileNotFoundError: config/people.yaml")] * 3


def test_a_pool_that_dies_under_a_batch_answers_its_inputs_instead_of_leaving_them_waiting():
    with IsolatedPool(Limits(cpu_seconds=3600, wall_seconds=3600, workers=1)) as pool:
        with ThreadPoolExecutor(max_workers=1) as thread:
            batch = thread.submit(pool.map, square_or_misbehave, ["spin", "2", "3"])
            time.sleep(1)
            pool._pool.stop()  # what pebble's pool is when its workers are gone: inactive, futures unanswered
            outcomes = batch.result(timeout=600)
    assert [o.reason for o in outcomes] == ["worker pool broken"] * 3


def test_inputs_mapped_after_a_stop_are_not_started():
    pool = IsolatedPool(Limits(cpu_seconds=10, wall_seconds=60, workers=1))
    with pytest.raises(KeyboardInterrupt), pool:
        raise KeyboardInterrupt
    assert [o.reason for o in pool.map(square_or_misbehave, ["2"])] == ["stopped"]


def test_batches_mapped_from_several_threads_share_one_pool_and_each_gets_its_own_results():
    batches = [[str(n) for n in range(start, start + 20)] for start in (0, 100, 200)]
    with IsolatedPool(Limits(cpu_seconds=10, wall_seconds=60, workers=2)) as pool:
        with ThreadPoolExecutor(max_workers=3) as threads:
            results = list(threads.map(lambda batch: pool.map(square_or_misbehave, batch), batches))
    assert results == [[int(n) ** 2 for n in batch] for batch in batches]
