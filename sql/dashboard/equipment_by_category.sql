-- Weapons systems in the news by category and country of origin, over all months: how often they are
-- named and how many systems that is. Systems found only by pattern have no catalogue facts.
select
    coalesce(category, 'not in the catalogue') as category,
    coalesce(country_of_origin, 'unknown') as country_of_origin,
    sum(mentions)::bigint as mentions,
    count(distinct designation) as systems
from mart_equipment_by_month
group by all
order by mentions desc, category, country_of_origin;
