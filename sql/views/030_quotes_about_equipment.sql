-- "Who said what about which weapons system": quotes from articles that name a system, one row per
-- (quote, system) pair. The pairing is per article, not per sentence.
create or replace view quotes_about_equipment as
with pairs as (
    select
        quote_details.speaker,
        quote_details.quote,
        equipment_mentions.designation,
        equipment_mentions.name as equipment_name,
        equipment_mentions.category,
        quote_details.site,
        quote_details.published,
        quote_details.title,
        quote_details.article_id
    from quote_details
    join equipment_mentions using (article_id)
)
select * from pairs;
