-- Weapons systems named in the chosen articles by category and country of origin: how often they
-- are named and how many systems that is. Systems found only by pattern have no catalogue facts.
select
    coalesce(category, 'not in the catalogue') as category,
    coalesce(country_of_origin, 'unknown') as country_of_origin,
    sum(mentions)::bigint as mentions,
    count(distinct designation) as systems
from equipment_mentions
where article_id in (
    select article_id from chosen_articles($first_day, $last_day, $undated, $sites, $languages))
group by all
order by mentions desc, category, country_of_origin;
