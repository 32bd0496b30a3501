-- Which weapon systems each article names, with catalogue facts and quantities.
create or replace view equipment_mentions as
with mentions as (
    select
        article_equipment.article_id,
        equipment.designation,
        equipment.name,
        equipment.category,
        equipment.maker,
        equipment.country_of_origin,
        article_equipment.quantity,
        article_equipment.mentions
    from article_equipment
    join equipment using (equipment_id)
),
with_articles as (
    select mentions.*, articles.site, articles.title, articles.published, articles.url
    from mentions
    join articles using (article_id)
)
select * from with_articles;
