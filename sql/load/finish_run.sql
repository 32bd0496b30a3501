update runs set
    finished_at = $finished_at,
    status = $status,
    articles_new = $articles_new,
    articles_changed = $articles_changed,
    articles_unchanged = $articles_unchanged,
    rejected = $rejected,
    error = $error
where run_id = $run_id;
