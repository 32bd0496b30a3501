-- Which people appear together with which weapons systems, and when? One row per person, system and
-- language of the articles that name both: in how many articles, the first and last publication dates
-- among them (null when all are undated), and how many of the person's quotes quotes_about_equipment
-- ties to the system (0 when the person is only named near it, never quoted about it).
create or replace view mart_people_equipment as
with named_together as (
    select
        article_people.person_id,
        article_equipment.equipment_id,
        articles.article_id,
        articles.published,
        articles.language
    from article_people
    join article_equipment using (article_id)
    join articles using (article_id)
),
pairs as (
    select
        person_id,
        equipment_id,
        language,
        count(distinct article_id) as articles,
        min(published) as first_seen,
        max(published) as last_seen
    from named_together
    group by all
),
quoted_about as (
    select person_id, equipment_id, language, count(*) as quotes_about
    from quotes_about_equipment
    where person_id is not null
    group by all
),
final as (
    select
        people.name as person,
        equipment.designation,
        pairs.articles,
        pairs.first_seen,
        pairs.last_seen,
        coalesce(quoted_about.quotes_about, 0) as quotes_about,
        equipment.name as equipment_name,
        equipment.category,
        pairs.person_id,
        pairs.equipment_id,
        pairs.language
    from pairs
    join people using (person_id)
    join equipment using (equipment_id)
    left join quoted_about
        on quoted_about.person_id = pairs.person_id
        and quoted_about.equipment_id = pairs.equipment_id
        and quoted_about.language is not distinct from pairs.language
)
select * from final;
