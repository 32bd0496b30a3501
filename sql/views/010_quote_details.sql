-- Who said what, in which outlet, when: one row per quote with its article's metadata and language.
create or replace view quote_details as
with quotes_with_articles as (
    select
        quotes.quote_id,
        quotes.speaker,
        quotes.speaker_kind,
        quotes.person_id,
        quotes.text as quote,
        quotes.partial,
        quotes.cue,
        quotes.method,
        quotes.language,
        articles.article_id,
        articles.site,
        articles.title,
        articles.published,
        articles.url
    from quotes
    join articles using (article_id)
)
select * from quotes_with_articles;
