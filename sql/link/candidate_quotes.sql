-- Quotes with a known speaker in the candidate articles (`staged_candidates`); a person is keyed by id,
-- an organisation by name.
select
    quotes.quote_id,
    quotes.article_id,
    coalesce(quotes.person_id, lower(quotes.speaker)) as speaker,
    quotes.text
from quotes
where quotes.article_id in (select article_id from staged_candidates)
    and quotes.speaker is not null
order by quotes.quote_id;
