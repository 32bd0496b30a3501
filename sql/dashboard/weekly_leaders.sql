-- The three most quoted named speakers (people and organisations; descriptions such as "a senior
-- official" are left out and do not take a rank) of each outlet's week, newest week first, for the
-- outlets' weeks that hold a chosen article, counting the quotes in the chosen languages only. Ties
-- share a rank.
with chosen as (
    select site, date_trunc('week', published)::date as week, language
    from chosen_articles($first_day, $last_day, $undated, $sites, $languages)
),
named as (
    select *
    from mart_top_speakers_weekly
    where speaker_kind is not null
),
chosen_weeks as (
    select named.*
    from named
    semi join chosen
        on chosen.site is not distinct from named.site and chosen.week is not distinct from named.week
        and chosen.language is not distinct from named.language
),
ranked as (
    select *, rank() over (partition by week, site order by quotes desc, articles desc) as named_rank
    from chosen_weeks
)
select
    iso_week,
    site,
    named_rank as speaker_rank,
    speaker,
    speaker_kind,
    quotes,
    articles
from ranked
where named_rank <= 3
order by week desc nulls last, site nulls last, speaker_rank, speaker;
