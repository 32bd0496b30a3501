-- Everything one person ($person_id) said in the chosen articles, newest first, each quote with the
-- words around it (mart_person_statements) and whether the article goes on beyond them.
with chosen as (
    select article_id, length(text) as text_length
    from chosen_articles($first_day, $last_day, $undated, $sites, $languages)
)
select
    statements.published,
    statements.site,
    statements.title,
    statements.url,
    statements.context_before,
    statements.quote,
    statements.context_after,
    statements.start_offset > length(statements.context_before) as cut_before,
    chosen.text_length > statements.end_offset + length(statements.context_after) as cut_after,
    statements.quote_id
from mart_person_statements as statements
join chosen using (article_id)
where statements.person_id = $person_id
order by statements.published desc nulls last, statements.site nulls last, statements.article_id,
    statements.start_offset;
