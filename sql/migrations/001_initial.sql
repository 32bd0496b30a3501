-- The contract's base tables (shared/CONTRACT.md). Loaded by the pipeline; no primary keys, because they
-- slow every bulk load: uniqueness of the ids is checked by tests/test_warehouse.py instead.

create table articles (
    article_id   varchar not null,   -- stable: hash of the canonical URL, else of the file name
    url          varchar,
    source       varchar not null,   -- the path or URL it was read from
    title        varchar,
    site         varchar,
    author       varchar,
    published    date,
    language     varchar,
    text         varchar not null,   -- cleaned body; quote offsets index into it
    content_hash varchar not null,
    ingested_at  timestamp not null, -- first time this article was loaded
    updated_at   timestamp not null, -- last time its content changed
    run_id       varchar not null    -- the run that last changed it
);

create table people (
    person_id varchar not null,
    name      varchar not null,      -- canonical, e.g. 'S. Jaishankar'
    country   varchar
);

create table person_aliases (
    person_id varchar not null,
    alias     varchar not null       -- every other written form seen, e.g. 'Jaishanakar'
);

create table article_people (
    article_id    varchar not null,
    person_id     varchar not null,
    role          varchar,           -- as this article gives it
    country       varchar,
    mentions      integer not null,  -- how many times the article names them
    mention_texts varchar[]
);

create table quotes (
    quote_id             varchar not null,
    article_id           varchar not null,
    person_id            varchar,    -- null when the speaker is not a known person
    speaker              varchar,
    speaker_kind         varchar,    -- person | organization | null
    text                 varchar not null,
    start_offset         integer not null,
    end_offset           integer not null,
    cue                  varchar,
    partial              boolean not null,
    method               varchar,
    speaker_mention      varchar,    -- the words that name the speaker here, e.g. 'He'
    speaker_start_offset integer,
    speaker_end_offset   integer
);

create table equipment (
    equipment_id      varchar not null,
    designation       varchar not null,  -- canonical, e.g. 'MH-60R'
    name              varchar,
    category          varchar,           -- null when found by pattern only
    maker             varchar,
    country_of_origin varchar
);

create table article_equipment (
    article_id    varchar not null,
    equipment_id  varchar not null,
    mentions      integer not null,
    quantity      integer,
    mention_texts varchar[]
);

create table runs (
    run_id             varchar not null,
    started_at         timestamp not null,
    finished_at        timestamp,
    status             varchar not null,  -- running | completed | failed (a crash leaves 'running')
    articles_new       integer,
    articles_changed   integer,
    articles_unchanged integer,
    rejected           integer,
    sources            varchar[],
    error              varchar
);

create table rejects (
    run_id      varchar not null,
    source      varchar not null,   -- which input
    stage       varchar not null,   -- ingest | clean | extract
    reason      varchar not null,   -- short: 'http 404', 'timeout', 'too large', 'empty', ...
    detail      varchar,
    rejected_at timestamp not null
);
