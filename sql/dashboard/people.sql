-- The people quoted in the chosen articles (mart_person_statements: known people only), most quoted
-- first: the choices of "What one person said".
select
    person_id,
    any_value(speaker) as speaker,
    count(*) as quotes,
    count(distinct article_id) as articles
from mart_person_statements
where article_id in (
    select article_id from chosen_articles($first_day, $last_day, $undated, $sites, $languages))
group by person_id
order by quotes desc, articles desc, speaker;
