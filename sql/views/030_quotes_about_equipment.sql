-- "Who said what about which weapons system": each quote with each system named in the quote itself,
-- or else in the sentence or the paragraph the quote stands in; a system named only elsewhere in the
-- article is not what the quote is about. `nearness` says where the nearest naming is ('quote',
-- 'sentence' or 'paragraph', see article_sentences for what a sentence is) and `distance` how many
-- characters lie between it and the quote (0 inside the quote). Namings are located by
-- equipment_mention_offsets, since the warehouse keeps no offsets for them.
create or replace view quotes_about_equipment as
with quote_surroundings as (
    -- the sentence(s) and paragraph(s) a quote overlaps: a quote may run over several sentences
    select
        quotes.quote_id,
        quotes.article_id,
        quotes.start_offset,
        quotes.end_offset,
        min(article_sentences.start_offset) as sentence_start,
        max(article_sentences.end_offset) as sentence_end,
        min(article_sentences.paragraph_start) as paragraph_start,
        max(article_sentences.paragraph_end) as paragraph_end
    from quotes
    join article_sentences
        on article_sentences.article_id = quotes.article_id
        and article_sentences.start_offset < quotes.end_offset
        and article_sentences.end_offset > quotes.start_offset
    group by all
),
namings_nearby as (
    select
        quote_surroundings.quote_id,
        equipment_mention_offsets.equipment_id,
        equipment_mention_offsets.mention,
        case
            when equipment_mention_offsets.start_offset < quote_surroundings.end_offset
                and equipment_mention_offsets.end_offset > quote_surroundings.start_offset then 'quote'
            when equipment_mention_offsets.start_offset >= quote_surroundings.sentence_start
                and equipment_mention_offsets.end_offset <= quote_surroundings.sentence_end then 'sentence'
            else 'paragraph'
        end as nearness,
        greatest(0,
                 quote_surroundings.start_offset - equipment_mention_offsets.end_offset,
                 equipment_mention_offsets.start_offset - quote_surroundings.end_offset) as distance
    from quote_surroundings
    join equipment_mention_offsets
        on equipment_mention_offsets.article_id = quote_surroundings.article_id
        and equipment_mention_offsets.start_offset >= quote_surroundings.paragraph_start
        and equipment_mention_offsets.end_offset <= quote_surroundings.paragraph_end
),
nearest_naming as (
    select *
    from namings_nearby
    qualify row_number() over (
        partition by quote_id, equipment_id
        order by case nearness when 'quote' then 1 when 'sentence' then 2 else 3 end, distance) = 1
),
pairs as (
    select
        quote_details.speaker,
        quote_details.quote,
        equipment.designation,
        equipment.name as equipment_name,
        equipment.category,
        quote_details.site,
        quote_details.published,
        quote_details.title,
        quote_details.article_id,
        nearest_naming.nearness,
        nearest_naming.distance,
        nearest_naming.mention,
        quote_details.quote_id,
        quote_details.person_id,
        equipment.equipment_id,
        quote_details.language
    from nearest_naming
    join quote_details using (quote_id)
    join equipment using (equipment_id)
)
select * from pairs;
