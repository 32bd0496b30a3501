-- A surname-only person stored by an earlier run ("Hegseth") is absorbed by the full name this run
-- found for them ("Pete Hegseth"): their quotes and article links move to the full name, the short
-- name becomes an alias, and the short person's row goes. The result is the same whichever came first.
update quotes set person_id = merges.new_person_id, speaker = merges.new_name
from staged_person_merges as merges
where quotes.person_id = merges.old_person_id;

update article_people set person_id = merges.new_person_id
from staged_person_merges as merges
where article_people.person_id = merges.old_person_id;

update person_aliases set person_id = merges.new_person_id
from staged_person_merges as merges
where person_aliases.person_id = merges.old_person_id;

insert into person_aliases (person_id, alias)
select merges.new_person_id, merges.old_name
from staged_person_merges as merges
anti join person_aliases as known
    on known.person_id = merges.new_person_id and known.alias = merges.old_name;

insert into people (person_id, name, country)
select merges.new_person_id, merges.new_name, old.country
from staged_person_merges as merges
join people as old on old.person_id = merges.old_person_id
anti join people as existing on existing.person_id = merges.new_person_id;

delete from people where person_id in (select old_person_id from staged_person_merges);
