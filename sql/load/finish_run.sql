-- How a run ended; only a run still marked 'running' is changed, so no later failure can overwrite a
-- completed load, and a run recorded as failed by the flow is not recorded again by the command line.
update runs set
    finished_at = $finished_at,
    status = $status,
    articles_new = $articles_new,
    articles_changed = $articles_changed,
    articles_unchanged = $articles_unchanged,
    rejected = $rejected,
    error = $error
where run_id = $run_id and status = 'running';
