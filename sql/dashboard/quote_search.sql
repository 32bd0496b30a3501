-- The quote list: quotes of the chosen articles whose speaker or words contain $search (any case; ''
-- matches every quote), newest first, at most $limit of them; `matches` counts them all.
with chosen as (
    select article_id
    from chosen_articles($first_day, $last_day, $undated, $sites, $languages)
),
matching as (
    select published, site, speaker, quote, title, url, article_id, quote_id
    from quote_details
    where article_id in (select article_id from chosen)
        and ($search = ''
            or contains(lower(coalesce(speaker, '')), lower($search))
            or contains(lower(quote), lower($search)))
)
select *, count(*) over () as matches
from matching
order by published desc nulls last, site, speaker, quote_id
limit $limit;
