-- Upsert the run's articles from `staged_articles`; an article whose content and metadata are unchanged
-- is left as it is (a rerun changes nothing; a new `skipped` alone is written with the article's rows,
-- by replace_article_rows.sql). Returns one row per inserted or updated article.
merge into articles as target
using staged_articles as staged
on target.article_id = staged.article_id
when matched and (
        target.content_hash is distinct from staged.content_hash
        or target.url is distinct from staged.url
        or target.title is distinct from staged.title
        or target.site is distinct from staged.site
        or target.author is distinct from staged.author
        or target.published is distinct from staged.published
        or target.language is distinct from staged.language
    ) then update set
        url = staged.url,
        source = staged.source,
        title = staged.title,
        site = staged.site,
        author = staged.author,
        published = staged.published,
        language = staged.language,
        text = staged.text,
        content_hash = staged.content_hash,
        skipped = staged.skipped,
        updated_at = staged.ingested_at,
        run_id = staged.run_id
when not matched then insert (
        article_id, url, source, title, site, author, published, language, text, content_hash,
        ingested_at, updated_at, run_id, skipped
    ) values (
        staged.article_id, staged.url, staged.source, staged.title, staged.site, staged.author,
        staged.published, staged.language, staged.text, staged.content_hash,
        staged.ingested_at, staged.ingested_at, staged.run_id, staged.skipped
    )
returning merge_action, article_id;
