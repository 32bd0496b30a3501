-- What the run learnt of each page it fetched (`staged_fetched_pages`): pages that loaded as articles
-- (with their article_id) and pages found unchanged (article_id null: the stored one stays).
merge into fetched_pages as target
using staged_fetched_pages as staged
on target.url = staged.url
when matched then update set
        article_id = coalesce(staged.article_id, target.article_id),
        etag = staged.etag,
        last_modified = staged.last_modified,
        body_hash = staged.body_hash,
        listed_at = staged.listed_at,
        fetched_at = staged.fetched_at
when not matched and staged.article_id is not null then insert (
        url, article_id, etag, last_modified, body_hash, listed_at, fetched_at
    ) values (
        staged.url, staged.article_id, staged.etag, staged.last_modified, staged.body_hash, staged.listed_at,
        staged.fetched_at
    );
