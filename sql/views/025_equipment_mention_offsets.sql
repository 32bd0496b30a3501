-- Where in its article's text is each weapon system named? One row per naming, with 0-based
-- [start, end) offsets into `articles.text`. The extractor knows these offsets, but the warehouse does
-- not keep them: `article_equipment` stores only the words each naming used (`mention_texts`, e.g.
-- 'MH 60R Sea Hawk'). So they are found again here by searching the text for those words, case as
-- written and as whole words. That finds every naming the extractor made (on the sample, exactly
-- those: tests/test_marts.py); it would also find those words where the extractor saw no naming, and
-- finds nothing for an article whose `mention_texts` is empty.
create or replace view equipment_mention_offsets as
with mention_words as (
    select distinct article_id, equipment_id, unnest(mention_texts) as mention
    from article_equipment
),
search_patterns as (
    select
        mention_words.article_id,
        mention_words.equipment_id,
        mention_words.mention,
        articles.text,
        -- whole words: no 'F-35' inside 'F-35A'
        case when regexp_matches(mention, '^\w') then '\b' else '' end
            || regexp_escape(mention)
            || case when regexp_matches(mention, '\w$') then '\b' else '' end as pattern
    from mention_words
    join articles using (article_id)
    where mention <> ''
),
split_texts as (
    select article_id, equipment_id, mention, regexp_split_to_array(text, pattern) as pieces
    from search_patterns
),
text_between as (
    -- naming k starts after pieces 1..k and k - 1 namings; the last piece has no naming after it
    select
        article_id,
        equipment_id,
        mention,
        unnest(pieces) as piece,
        generate_subscripts(pieces, 1) as piece_no,
        len(pieces) as piece_count
    from split_texts
),
found as (
    select
        article_id,
        equipment_id,
        mention,
        piece_no,
        piece_count,
        (sum(length(piece)) over (
            partition by article_id, equipment_id, mention order by piece_no
            rows between unbounded preceding and current row)
            + (piece_no - 1) * length(mention))::integer as start_offset
    from text_between
),
namings as (
    select
        found.article_id,
        found.equipment_id,
        equipment.designation,
        found.mention,
        found.start_offset,
        (found.start_offset + length(found.mention))::integer as end_offset
    from found
    join equipment using (equipment_id)
    where found.piece_no < found.piece_count
    -- 'Gripen' is found again inside 'Gripen E': the longer words are the naming
    qualify row_number() over (
        partition by found.article_id, found.equipment_id, found.start_offset
        order by length(found.mention) desc) = 1
)
select * from namings;
