-- Articles by language ('' when undetermined), most first: how many there are, how many of them have
-- quotes or people extracted, how many were not looked at for them (a language without extraction rules:
-- `skipped`), and their quotes. Gives the language filter's choices and says why articles have no quotes.
with article_extractions as (
    select
        coalesce(language, '') as language,
        list_contains(skipped, 'quotes') as not_attempted,
        (select count(*) from quotes where quotes.article_id = articles.article_id) as quotes,
        exists (select 1 from article_people where article_people.article_id = articles.article_id)
            as has_people
    from articles
)
select
    language,
    count(*) as articles,
    count(*) filter (where quotes > 0 or has_people) as with_people_or_quotes,
    count(*) filter (where not_attempted) as not_attempted,
    sum(quotes)::bigint as quotes
from article_extractions
group by language
order by articles desc, language;
