-- Every person already in the warehouse with the names they were written under, so that a new article's
-- "Jaishankar" joins the existing "S. Jaishankar" rather than becoming a new person.
select
    people.name,
    coalesce(list(distinct person_aliases.alias) filter (where person_aliases.alias is not null), []) as aliases
from people
left join person_aliases using (person_id)
group by people.name
order by people.name;
