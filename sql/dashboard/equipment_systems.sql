-- Every weapons system named in the chosen articles, with its catalogue facts, most named first.
select
    designation,
    name,
    category,
    country_of_origin,
    maker,
    sum(mentions)::bigint as mentions,
    count(distinct article_id) as articles,
    date_trunc('month', min(published))::date as first_month,
    date_trunc('month', max(published))::date as last_month
from equipment_mentions
where article_id in (
    select article_id from chosen_articles($first_day, $last_day, $undated, $sites, $languages))
group by all
order by mentions desc, designation;
