-- Articles that may share a story or a statement with this run's articles, each with its people:
--   the run's own, those published within the window around the run's dates, those that name one of
--   the run's people and were loaded in the last $recent_days days (undated articles meet here), and
--   every other member of a story or statement one of those belongs to, so regrouping never splits a
--   group made by an earlier run.
with run_dates as (
    select
        min(cast(published as date)) - to_days($window_days) as first_day,
        max(cast(published as date)) + to_days($window_days) as last_day
    from staged_articles
),
run_people as (
    select distinct person_id
    from article_people
    where article_id in (select article_id from staged_articles)
),
near as (
    select article_id from staged_articles
    union
    select articles.article_id
    from articles, run_dates
    where articles.published between run_dates.first_day and run_dates.last_day
    union
    select article_people.article_id
    from article_people
    join articles using (article_id)
    where article_people.person_id in (select person_id from run_people)
        and articles.ingested_at >= (select max(ingested_at) from staged_articles) - to_days($recent_days)
),
same_story as (
    select article_id from articles
    where story_id in (select story_id from articles where article_id in (select article_id from near))
),
same_statement as (
    select article_id from quotes
    where statement_id in (select statement_id from quotes where article_id in (select article_id from near))
),
candidates as (
    select article_id from near
    union
    select article_id from same_story
    union
    select article_id from same_statement
)
select
    articles.article_id,
    articles.published,
    articles.text,
    coalesce(list(distinct article_people.person_id) filter (where article_people.person_id is not null), []) as people
from articles
join candidates using (article_id)
left join article_people using (article_id)
group by all;
