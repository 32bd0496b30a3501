-- Which weapons systems are in the news, by country of origin, category and maker, month by month?
-- One row per month and system: how often articles of that month name it and in how many articles.
-- `month` is the month's first day, null for undated articles. country_of_origin, category and maker
-- are the catalogue's (config/equipment.yaml): a joint programme keeps its joint origin ('Norway,
-- United States'), and systems found by pattern only have a null category, maker and origin.
create or replace view mart_equipment_by_month as
with namings as (
    select article_id, published, designation, name, category, maker, country_of_origin, mentions
    from equipment_mentions
),
monthly as (
    select
        date_trunc('month', published)::date as month,
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
