-- How often weapons systems are named, month by month and by category (dated articles only).
select
    month,
    coalesce(category, 'not in the catalogue') as category,
    sum(mentions)::bigint as mentions
from mart_equipment_by_month
where month is not null
group by all
order by month, category;
