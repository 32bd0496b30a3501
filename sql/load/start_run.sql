insert into runs (run_id, started_at, status, sources) values ($run_id, $started_at, 'running', $sources);
