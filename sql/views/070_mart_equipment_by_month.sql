-- Which weapons systems are in the news, by country of origin, category and maker, month by month?
-- One row per month, language and system: how often articles of that month in that language name it
-- and in how many articles (sum over languages for all of them).
-- `month` is the month's first day, null for undated articles. country_of_origin, category and maker
-- are the catalogue's (config/equipment.yaml): a joint programme keeps its joint origin ('Norway,
-- United States'), and systems found by pattern only have a null category, maker and origin.
create or replace view mart_equipment_by_month as
with namings as (
    select
        equipment_mentions.article_id,
        equipment_mentions.published,
        articles.language,
        equipment_mentions.designation,
        equipment_mentions.name,
        equipment_mentions.category,
        equipment_mentions.maker,
        equipment_mentions.country_of_origin,
        equipment_mentions.mentions
    from equipment_mentions
    join articles using (article_id)
),
monthly as (
    select
        date_trunc('month', published)::date as month,
        language,
        country_of_origin,
        category,
        maker,
        designation,
        name,
        sum(mentions)::bigint as mentions,
        count(distinct article_id) as articles
    from namings
    group by all
)
select * from monthly;
