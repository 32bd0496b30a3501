-- Who is quoted most, across the whole warehouse: one row per speaker, most quoted first. `kind` is
-- 'person', 'organization' or 'description' (a quote attributed to "a senior official" and the like).
with attributed_quotes as (
    select speaker, coalesce(speaker_kind, 'description') as kind, article_id, site, published
    from quote_details
    where speaker is not null
),
per_speaker as (
    select
        speaker,
        kind,
        count(*) as quotes,
        count(distinct article_id) as articles,
        count(distinct site) as outlets,
        count(*) filter (where published is null) as undated_quotes,
        min(published) as first_quoted,
        max(published) as last_quoted
    from attributed_quotes
    group by all
)
select * from per_speaker
order by quotes desc, articles desc, speaker;
