-- How a run ended; only a run still marked 'running' is changed, so no later failure can overwrite a
-- completed load, and a run recorded as failed by the flow is not recorded again by the command line.
-- `rejected` is counted from the run's rows in `rejects`, in the same transaction as the load that wrote
-- them: the ledger says what the table holds (none for a run whose load never committed).
update runs set
    finished_at = $finished_at,
    status = $status,
    articles_new = $articles_new,
    articles_changed = $articles_changed,
    articles_unchanged = $articles_unchanged,
    rejected = (select count(*) from rejects where rejects.run_id = $run_id),
    error = $error
where run_id = $run_id and status = 'running';
