-- The articles whose story or statements may change because this run wrote the articles in
-- `staged_link_seeds`, each with its people:
--   the seeds themselves; the articles published within $window_days of a seed (of each seed, not of the
--   run's first and last dates: one old article must not make it the whole warehouse); those that name
--   one of the seeds' people and were loaded within $recent_days before $loaded_at (undated articles meet
--   here); and every other member of a story or statement one of those belongs to, so regrouping never
--   splits a group made by an earlier run.
-- No texts: linking reads those of the articles it compares, a block at a time (`link/copy_texts.sql`);
-- reading a backfill's texts here took most of the load's memory. In no order: linking sorts them itself.
with seeds as (
    select article_id, published
    from articles
    where article_id in (select article_id from staged_link_seeds)
),
seed_days as (
    select distinct published as day
    from seeds
    where published is not null
),
seed_people as (
    select distinct person_id
    from article_people
    where article_id in (select article_id from seeds)
),
near_in_time as (
    select articles.article_id
    from articles
    join seed_days
        on articles.published between seed_days.day - to_days($window_days) and seed_days.day + to_days($window_days)
),
near_in_people as (
    select article_people.article_id
    from article_people
    join articles using (article_id)
    where article_people.person_id in (select person_id from seed_people)
        and articles.ingested_at >= $loaded_at - to_days($recent_days)
),
near as (
    select article_id from seeds
    union
    select article_id from near_in_time
    union
    select article_id from near_in_people
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
),
named as (
    select
        article_id,
        coalesce(list(distinct person_id) filter (where person_id is not null), []) as people
    from candidates
    left join article_people using (article_id)
    group by article_id
)
select
    articles.article_id,
    articles.published,
    named.people
from articles
join named using (article_id);
