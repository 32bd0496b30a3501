-- Called while holding the warehouse's run lock, so no other run is alive: a run still marked
-- 'running' ended without recording how (killed with SIGKILL, out of memory, the machine went down).
update runs set
    status = 'abandoned',
    finished_at = coalesce(finished_at, $now),
    error = coalesce(error, 'the run ended without finishing (its process was killed or the machine stopped); '
        || 'nothing it did was loaded')
where status = 'running' and run_id <> $run_id
returning run_id;
