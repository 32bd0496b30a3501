-- A run's rows, staged batch by batch in a DuckDB file of the run's own (attached as `run_staging`)
-- before the load merges them all in one transaction: the columns the load reads, typed as the
-- warehouse's own, so that a batch whose column happens to be all empty stages as well as any other.
create table run_staging.articles as
select article_id, url, source, title, site, author, published, language, text, content_hash, ingested_at, run_id,
    skipped
from articles limit 0;

create table run_staging.people as
select person_id, name, country from people limit 0;

create table run_staging.person_aliases as
select person_id, alias from person_aliases limit 0;

create table run_staging.article_people as
select article_id, person_id, role, country, mentions, mention_texts from article_people limit 0;

create table run_staging.quotes as
select quote_id, article_id, person_id, speaker, speaker_kind, text, start_offset, end_offset, cue, partial,
    method, speaker_mention, speaker_start_offset, speaker_end_offset, language
from quotes limit 0;

create table run_staging.equipment as
select equipment_id, designation, name, category, maker, country_of_origin from equipment limit 0;

create table run_staging.article_equipment as
select article_id, equipment_id, mentions, quantity, mention_texts from article_equipment limit 0;

-- Surname-only people already stored that a full name of the run absorbs (no warehouse table: the load
-- applies them to people, aliases, quotes and article_people).
create table run_staging.person_merges (
    old_person_id varchar, old_name varchar, new_person_id varchar, new_name varchar
);

create table run_staging.rejects as
select run_id, source, stage, reason, detail, rejected_at from rejects limit 0;

-- Pages the run fetched; article_id is null for a page found unchanged (the stored one stays).
create table run_staging.fetched_pages as
select url, article_id, etag, last_modified, body_hash, listed_at, fetched_at from fetched_pages limit 0;
