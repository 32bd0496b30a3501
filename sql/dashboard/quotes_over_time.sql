-- Quotes by person over time: one row per chosen speaker ($speakers, a list) and period ($grain:
-- 'week' or 'month', named by its first day), every period between the first and the last dated
-- quote of the warehouse included, with 0 where the person was not quoted, so gaps show as gaps.
-- Quotes in undated articles have no period and are left out.
with dated_quotes as (
    select speaker, date_trunc($grain, published)::date as period
    from quote_details
    where published is not null
),
bounds as (
    select min(period) as first_period, max(period) as last_period
    from dated_quotes
),
periods as (
    select unnest(generate_series(
        first_period, last_period,
        case $grain when 'week' then interval 7 day else interval 1 month end))::date as period
    from bounds
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
