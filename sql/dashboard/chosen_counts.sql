-- How much the filters keep: articles, quotes, people quoted and quotes of no known speaker.
with chosen as (
    select article_id
    from chosen_articles($first_day, $last_day, $undated, $sites, $languages)
)
select
    (select count(*) from chosen) as articles,
    count(*) as quotes,
    count(distinct person_id) as people_quoted,
    count(*) filter (where speaker is null) as without_speaker
from quotes
where article_id in (select article_id from chosen);
