-- Everything a person said: one row per quote attributed to a known person, with its article, outlet
-- and date, and the words around it: up to 200 characters of the article's text on each side, cut at
-- a word boundary, so that context_before || quote || context_after is the passage as printed
-- (the quote marks are in the context).
create or replace view mart_person_statements as
with person_quotes as (
    select
        quotes.quote_id,
        quotes.person_id,
        quotes.speaker,
        quotes.text as quote,
        quotes.start_offset,
        quotes.end_offset,
        quotes.statement_id,
        quotes.language,
        articles.article_id,
        articles.published,
        articles.site,
        articles.title,
        articles.url,
        articles.text
    from quotes
    join articles using (article_id)
    where quotes.person_id is not null
),
context_windows as (
    -- one character more than 200 where the text goes on, to see whether the cut falls inside a word
    select
        *,
        substring(text, greatest(start_offset - 201, 0) + 1, start_offset - greatest(start_offset - 201, 0))
            as window_before,
        substring(text, end_offset + 1, 201) as window_after
    from person_quotes
),
contexts as (
    select
        *,
        case when start_offset > 200 then regexp_replace(window_before, '^\S*\s+', '')
             else window_before end as context_before,
        case when length(text) - end_offset > 200 then regexp_replace(window_after, '\s+\S*$', '')
             else window_after end as context_after
    from context_windows
),
final as (
    select
        speaker,
        person_id,
        quote,
        published,
        site,
        title,
        url,
        article_id,
        context_before,
        context_after,
        quote_id,
        statement_id,
        start_offset,
        end_offset,
        language
    from contexts
)
select * from final;
