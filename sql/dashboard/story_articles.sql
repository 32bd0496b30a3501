-- The articles of one story ($story_id), oldest first, with how many quotes and people each gives.
select
    articles.article_id,
    articles.site,
    articles.published,
    articles.title,
    articles.url,
    articles.source,
    (select count(*) from quotes where quotes.article_id = articles.article_id) as quotes,
    (select count(*) from article_people where article_people.article_id = articles.article_id) as people
from articles
where articles.story_id = $story_id
order by articles.published nulls last, articles.site nulls last, articles.article_id;
