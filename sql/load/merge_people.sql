-- People and equipment are shared across articles: add the new ones, fill in what was unknown (a
-- catalogue correction replaces a value, a missing value never erases one), and add every written form
-- not seen before as an alias.
merge into people as target
using staged_people as staged
on target.person_id = staged.person_id
when matched and target.country is null and staged.country is not null then update set
    country = staged.country
when not matched then insert (person_id, name, country) values (staged.person_id, staged.name, staged.country);

insert into person_aliases by name
select distinct staged.person_id, staged.alias
from staged_person_aliases as staged
anti join person_aliases as known
    on known.person_id = staged.person_id and known.alias = staged.alias;

merge into equipment as target
using staged_equipment as staged
on target.equipment_id = staged.equipment_id
when matched and (
        coalesce(staged.name, target.name) is distinct from target.name
        or coalesce(staged.category, target.category) is distinct from target.category
        or coalesce(staged.maker, target.maker) is distinct from target.maker
        or coalesce(staged.country_of_origin, target.country_of_origin) is distinct from target.country_of_origin
    ) then update set
        name = coalesce(staged.name, target.name),
        category = coalesce(staged.category, target.category),
        maker = coalesce(staged.maker, target.maker),
        country_of_origin = coalesce(staged.country_of_origin, target.country_of_origin)
when not matched then insert (equipment_id, designation, name, category, maker, country_of_origin)
    values (staged.equipment_id, staged.designation, staged.name, staged.category, staged.maker,
            staged.country_of_origin);
