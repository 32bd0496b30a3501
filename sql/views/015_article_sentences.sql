-- Which sentence and paragraph of its article does an offset fall in? One row per sentence, with the
-- sentence's and its paragraph's spans as 0-based [start, end) offsets into `articles.text`, like the
-- quotes' offsets. Paragraphs are separated by a blank line ("\n\n"), as cleaning writes them.
-- Sentences are an approximation: one ends at . ? or ! (with any closing quote mark or bracket) followed
-- by white space, except after a lone capital ("S. Jaishankar", "U.S."); "Mr." or "Dr." still end one.
-- A sentence's span includes its stop and the white space after it, so the spans tile the paragraph.
create or replace view article_sentences as
with paragraph_lists as (
    select article_id, string_split(text, chr(10) || chr(10)) as paragraphs
    from articles
),
paragraphs as (
    select
        article_id,
        unnest(paragraphs) as paragraph,
        generate_subscripts(paragraphs, 1) as paragraph_no
    from paragraph_lists
),
placed_paragraphs as (
    select
        article_id,
        paragraph_no,
        paragraph,
        -- each earlier paragraph and the blank line after it
        coalesce(sum(length(paragraph) + 2) over (
            partition by article_id order by paragraph_no
            rows between unbounded preceding and 1 preceding), 0)::integer as paragraph_start
    from paragraphs
),
sentence_lists as (
    select
        article_id,
        paragraph_no,
        paragraph_start,
        (paragraph_start + length(paragraph))::integer as paragraph_end,
        -- the paragraph cut at each stop, and the stops (the same pattern twice: piece k and stop k
        -- make sentence k). A stop takes the sentence's last character with it, as RE2 has no
        -- look-behind to say "not after a lone capital".
        regexp_split_to_array(paragraph, '[^\sA-Z.?!][.?!]+["”’)\]]*\s+|[A-Z]{2}[.?!]+["”’)\]]*\s+') as bodies,
        regexp_extract_all(paragraph, '[^\sA-Z.?!][.?!]+["”’)\]]*\s+|[A-Z]{2}[.?!]+["”’)\]]*\s+') as stops
    from placed_paragraphs
),
sentences as (
    select
        article_id,
        paragraph_no,
        paragraph_start,
        paragraph_end,
        generate_subscripts(bodies, 1) as sentence_no,
        unnest(bodies) as body,
        unnest(list_concat(stops, [''])) as stop
    from sentence_lists
),
placed_sentences as (
    select
        article_id,
        paragraph_no,
        sentence_no,
        paragraph_start
            + coalesce(sum(length(body) + length(stop)) over (
                partition by article_id, paragraph_no order by sentence_no
                rows between unbounded preceding and 1 preceding), 0)::integer as start_offset,
        (length(body) + length(stop))::integer as sentence_length,
        paragraph_start,
        paragraph_end
    from sentences
),
final as (
    select
        article_id,
        paragraph_no,
        sentence_no,
        start_offset,
        start_offset + sentence_length as end_offset,
        paragraph_start,
        paragraph_end
    from placed_sentences
)
select * from final;
