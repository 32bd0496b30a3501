-- The statements of one story ($story_id) that more than one outlet quoted: one row per outlet's
-- version (mart_statement_outlets), to set side by side; statements in the order the story's
-- articles first give them.
with versions as (
    select
        mart_statement_outlets.statement_id,
        mart_statement_outlets.speaker,
        mart_statement_outlets.article_id,
        mart_statement_outlets.published,
        mart_statement_outlets.site,
        mart_statement_outlets.quote,
        mart_statement_outlets.quote_pieces,
        (select min(quotes.start_offset) from quotes
         where quotes.statement_id = mart_statement_outlets.statement_id
           and quotes.article_id = mart_statement_outlets.article_id) as position
    from mart_statement_outlets
    join articles using (article_id)
    where articles.story_id = $story_id
)
select * exclude (position), min(position) over (partition by statement_id) as first_position
from versions
order by first_position, statement_id, published nulls last, site nulls last, article_id;
