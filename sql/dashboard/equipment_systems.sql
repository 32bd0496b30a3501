-- Every weapons system named, with its catalogue facts, most named first.
select
    designation,
    name,
    category,
    country_of_origin,
    maker,
    sum(mentions)::bigint as mentions,
    sum(articles)::bigint as articles,
    min(month) as first_month,
    max(month) as last_month
from mart_equipment_by_month
group by all
order by mentions desc, designation;
