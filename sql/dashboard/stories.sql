-- Stories (events) that more than one article reports and one of the chosen articles is part of, to
-- pick one from: the outlets, the dates and the people quoted, most reported first. A story counts all
-- its articles, chosen or not. An article of no known outlet counts as an outlet of its own.
with story_articles as (
    select story_id, article_id, site, published, title
    from articles
    where story_id in (
        select story_id from chosen_articles($first_day, $last_day, $undated, $sites, $languages))
),
story_speakers as (
    select story_articles.story_id, quotes.speaker, count(*) as quotes
    from story_articles
    join quotes using (article_id)
    where quotes.person_id is not null
    group by all
),
stories as (
    select
        story_id,
        count(*) as articles,
        count(distinct coalesce(site, article_id)) as outlets,
        min(published) as first_published,
        max(published) as last_published,
        string_agg(distinct site, ', ' order by site) as sites,
        min(title) as title
    from story_articles
    group by story_id
    having count(*) > 1
),
with_speakers as (
    select
        stories.*,
        (select string_agg(speaker, ', ' order by quotes desc, speaker)
         from story_speakers where story_speakers.story_id = stories.story_id) as speakers
    from stories
)
select * from with_speakers
order by outlets desc, articles desc, first_published desc nulls last, story_id;
