-- How outlets reported the same statement: one row per version, for statements reported more than once.
create or replace view statement_versions as
with versions as (
    select
        quotes.statement_id,
        quotes.speaker,
        quotes.text as quote,
        articles.site,
        articles.published,
        articles.title,
        articles.article_id,
        quotes.language,
        count(distinct quotes.article_id) over (partition by quotes.statement_id) as reported_by
    from quotes
    join articles using (article_id)
    where quotes.statement_id is not null
)
select * from versions where reported_by > 1
order by statement_id, published;
