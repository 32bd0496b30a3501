-- What the warehouse remembers of every page URL it loaded an article from, so that a nightly run
-- fetches and cleans only what may have changed: a page whose feed or sitemap gives it the same date
-- (`listed_at`) is not fetched; one whose server answers 304 to the stored validators, or sends the
-- same bytes (`body_hash`), is not cleaned again.
create table fetched_pages (
    url           varchar not null,  -- as listed or given, before redirects
    article_id    varchar not null,  -- the article it loaded as
    etag          varchar,
    last_modified varchar,           -- the Last-Modified header, as sent
    body_hash     varchar not null,  -- sha256 of the response body
    listed_at     varchar,           -- the feed's or sitemap's date for the page, as written
    fetched_at    timestamp not null -- when these were last learnt
);
