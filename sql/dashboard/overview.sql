-- The dashboard's headline: how much the warehouse holds, the dates it spans and its latest run.
with article_counts as (
    select
        count(*) as articles,
        count(distinct site) as outlets,
        min(published) as first_published,
        max(published) as last_published
    from articles
),
quote_counts as (
    select
        count(*) as quotes,
        count(distinct person_id) as people_quoted
    from quotes
),
equipment_counts as (
    select count(distinct equipment_id) as systems
    from article_equipment
),
latest_run as (
    select max_by(finished_at, started_at) as last_run_finished, max_by(status, started_at) as last_run_status
    from runs
)
select *
from article_counts, quote_counts, equipment_counts, latest_run;
