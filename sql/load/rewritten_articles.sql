-- The run's articles whose own rows (people named, quotes, equipment) or steps not attempted (`skipped`)
-- differ from the stored ones, new articles included. Only these are rewritten: an unchanged article's
-- rows are left where they are, so a rerun of the same input writes nothing and the file does not grow.
with stored_people as (
    select article_id, person_id, role, country, mentions, mention_texts
    from article_people
    where article_id in (select article_id from staged_articles)
),
run_people as (
    select article_id, person_id, role, country, mentions, mention_texts
    from staged_article_people
),
stored_quotes as (
    select quote_id, article_id, person_id, speaker, speaker_kind, text, start_offset, end_offset, cue, partial,
        method, speaker_mention, speaker_start_offset, speaker_end_offset, language
    from quotes
    where article_id in (select article_id from staged_articles)
),
run_quotes as (
    select quote_id, article_id, person_id, speaker, speaker_kind, text, start_offset, end_offset, cue, partial,
        method, speaker_mention, speaker_start_offset, speaker_end_offset, language
    from staged_quotes
),
stored_equipment as (
    select article_id, equipment_id, mentions, quantity, mention_texts
    from article_equipment
    where article_id in (select article_id from staged_articles)
),
run_equipment as (
    select article_id, equipment_id, mentions, quantity, mention_texts
    from staged_article_equipment
),
stored_skipped as (
    select article_id, skipped
    from articles
    where article_id in (select article_id from staged_articles)
),
run_skipped as (
    select article_id, skipped
    from staged_articles
),
differing as (
    select article_id from (select * from stored_people except select * from run_people)
    union all
    select article_id from (select * from run_people except select * from stored_people)
    union all
    select article_id from (select * from stored_quotes except select * from run_quotes)
    union all
    select article_id from (select * from run_quotes except select * from stored_quotes)
    union all
    select article_id from (select * from stored_equipment except select * from run_equipment)
    union all
    select article_id from (select * from run_equipment except select * from stored_equipment)
    union all
    select article_id from (select * from run_skipped except select * from stored_skipped)
)
select distinct article_id
from differing
order by article_id;
