-- Who is quoted most in the chosen articles: one row per speaker, most quoted first. `kind` is
-- 'person', 'organization' or 'description' (a quote attributed to "a senior official" and the like,
-- a null speaker_kind); person_id is the known person's, else null.
with chosen as (
    select article_id
    from chosen_articles($first_day, $last_day, $undated, $sites, $languages)
),
attributed_quotes as (
    select speaker, person_id, coalesce(speaker_kind, 'description') as kind, article_id, site, published
    from quote_details
    where speaker is not null
        and article_id in (select article_id from chosen)
),
per_speaker as (
    select
        speaker,
        kind,
        any_value(person_id) as person_id,
        count(*) as quotes,
        count(distinct article_id) as articles,
        count(distinct site) as outlets,
        count(*) filter (where published is null) as undated_quotes
    from attributed_quotes
    group by speaker, kind
)
select * from per_speaker
order by quotes desc, articles desc, speaker;
