-- The date filter: the first and last day of a dated article, and the range the page opens with:
-- from the month in which the newest 90% of the dated quotes begin (so that a few stray old dates do
-- not squeeze every bar into a corner of the charts) to the last dated article. Nulls when no article
-- is dated; without dated quotes the range opens at the first dated article. And how many articles
-- have no date.
with dated_articles as (
    select published
    from articles
    where published is not null
),
dated_quotes as (
    select published
    from quote_details
    where published is not null
),
bounds as (
    select
        min(published) as first_day,
        max(published) as last_day,
        (select date_trunc('month', quantile_disc(published, 0.1))::date from dated_quotes) as newest_quotes_month
    from dated_articles
)
select
    first_day,
    last_day,
    greatest(coalesce(newest_quotes_month, first_day), first_day) as default_first_day,
    (select count(*) from articles where published is null) as undated_articles
from bounds;
