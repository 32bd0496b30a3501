-- The three most quoted named speakers (people and organisations; descriptions such as "a senior
-- official" are left out and do not take a rank) of each outlet's week, newest week first, for the
-- outlets' weeks that hold a chosen article, counting the quotes in the chosen languages only. Ties
-- share a rank. The mart ranks within one language; a speaker quoted in two of the chosen languages in the
-- same outlet's week is one row here, with the quotes and articles of both (an article has one language,
-- so the article counts add up).
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
across_languages as (
    select week, iso_week, site, speaker, speaker_kind, person_id,
        sum(quotes)::bigint as quotes, sum(articles)::bigint as articles
    from chosen_weeks
    group by all
),
ranked as (
    select *, rank() over (partition by week, site order by quotes desc, articles desc) as named_rank
    from across_languages
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
