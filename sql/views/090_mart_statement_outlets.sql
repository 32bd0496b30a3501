-- How did different outlets report the same statement? One row per outlet's version of a statement
-- that more than one outlet quoted, to read side by side. A statement an article quotes in pieces
-- ("...," he said. "...") is one version, its pieces joined by ' … ' in the article's order.
-- `outlets` counts the outlets that quoted the statement (an article of no known site counting as an
-- outlet of its own) and `versions` the articles.
create or replace view mart_statement_outlets as
with statement_quotes as (
    select
        quotes.statement_id,
        quotes.speaker,
        quotes.text,
        quotes.start_offset,
        quotes.language,
        articles.article_id,
        articles.site,
        articles.published,
        articles.title,
        articles.url
    from quotes
    join articles using (article_id)
    where quotes.statement_id is not null
),
versions as (
    select
        statement_id,
        article_id,
        site,
        published,
        title,
        url,
        language,
        arg_min(speaker, start_offset) as speaker,
        string_agg(text, ' … ' order by start_offset) as quote,
        count(*) as quote_pieces
    from statement_quotes
    group by all
),
counted as (
    select
        *,
        count(distinct coalesce(site, article_id)) over (partition by statement_id) as outlets,
        count(*) over (partition by statement_id) as versions
    from versions
),
final as (
    select
        statement_id,
        outlets,
        versions,
        speaker,
        site,
        published,
        quote,
        quote_pieces,
        title,
        url,
        article_id,
        language
    from counted
    where outlets > 1
)
select * from final;
