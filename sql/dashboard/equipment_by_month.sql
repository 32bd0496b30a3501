-- How often weapons systems are named in the chosen dated articles, month by month and by category.
select
    date_trunc('month', published)::date as month,
    coalesce(category, 'not in the catalogue') as category,
    sum(mentions)::bigint as mentions
from equipment_mentions
where article_id in (
    select article_id from chosen_articles($first_day, $last_day, $undated, $sites, $languages))
group by all
order by month, category;
