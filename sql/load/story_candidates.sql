-- Articles that may share a story or a statement with this run's articles: those published within the
-- window around the run's dates, and every undated one.
with run_dates as (
    select
        min(cast(published as date)) - to_days($window_days) as first_day,
        max(cast(published as date)) + to_days($window_days) as last_day
    from staged_articles
),
candidates as (
    select articles.article_id, articles.published, articles.text
    from articles, run_dates
    where articles.published is null
        or run_dates.first_day is null
        or articles.published between run_dates.first_day and run_dates.last_day
)
select
    candidates.article_id,
    candidates.published,
    candidates.text,
    coalesce(list(distinct article_people.person_id) filter (where article_people.person_id is not null), []) as people
from candidates
left join article_people using (article_id)
group by all;
