-- Quotes with a known speaker in the candidate articles; a person is keyed by id, an organisation by name.
select
    quotes.quote_id,
    quotes.article_id,
    coalesce(quotes.person_id, lower(quotes.speaker)) as speaker,
    quotes.text
from quotes
join staged_candidates using (article_id)
where quotes.speaker is not null;
