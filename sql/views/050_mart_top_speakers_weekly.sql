-- Who is quoted most, by outlet and ISO week? One row per week, outlet (site), language and speaker: how
-- many quotes the speaker has in that outlet's articles of that week in that language, in how many
-- articles, and their rank in that outlet's week and language (1 = most quoted; ties share a rank), so
-- that a filter on language keeps the ranks right (an outlet almost always writes in one language).
-- `week` is the ISO week's Monday and `iso_week` its name ('2025-W27'); undated articles have a null
-- week, articles of no known outlet a null site. Descriptions ("a spokesperson for the ministry") count as speakers with a null
-- speaker_kind: filter on speaker_kind = 'person' for people only.
create or replace view mart_top_speakers_weekly as
with attributed_quotes as (
    select quote_id, article_id, speaker, speaker_kind, person_id, site, published, language
    from quote_details
    where speaker is not null
),
weekly as (
    select
        date_trunc('week', published)::date as week,
        strftime(published, '%G-W%V') as iso_week,
        site,
        language,
        speaker,
        speaker_kind,
        person_id,
        count(*) as quotes,
        count(distinct article_id) as articles
    from attributed_quotes
    group by all
),
ranked as (
    select
        *,
        rank() over (partition by week, site, language order by quotes desc, articles desc) as speaker_rank
    from weekly
)
select * from ranked;
