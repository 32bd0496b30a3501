-- Record a run before any work, once: the command line records it before starting Prefect (so a run
-- whose orchestrator never starts is still on record), and the flow again for a run it starts alone.
insert into runs (run_id, started_at, status, sources, host, pid)
select $run_id, $started_at, 'running', $sources, $host, $pid
where not exists (select 1 from runs where run_id = $run_id);
