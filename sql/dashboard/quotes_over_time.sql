-- Quotes by person over time: one row per chosen speaker ($speakers, a list) and period ($grain:
-- 'week' or 'month', named by its first day), every period from $first_day to $last_day included,
-- with 0 where the person was not quoted, so gaps show as gaps. Quotes in undated articles have no
-- period: the page passes $undated false.
with chosen as (
    select article_id
    from chosen_articles($first_day, $last_day, $undated, $sites, $languages)
),
dated_quotes as (
    select speaker, date_trunc($grain, published)::date as period
    from quote_details
    where article_id in (select article_id from chosen)
),
periods as (
    select unnest(generate_series(
        date_trunc($grain, $first_day::date)::date, date_trunc($grain, $last_day::date)::date,
        case $grain when 'week' then interval 7 day else interval 1 month end))::date as period
),
speakers as (
    select unnest($speakers::varchar[]) as speaker
),
counts as (
    select speaker, period, count(*) as quotes
    from dated_quotes
    where list_contains($speakers::varchar[], speaker)
    group by all
),
filled as (
    select periods.period, speakers.speaker, coalesce(counts.quotes, 0) as quotes
    from periods
    cross join speakers
    left join counts using (period, speaker)
)
select * from filled
order by period, speaker;
