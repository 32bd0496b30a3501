-- The articles that name or quote a person this run absorbs (`staged_person_merges`): their people and
-- speakers change, so their stories and statements are linked again.
select article_id from article_people where person_id in (select old_person_id from staged_person_merges)
union
select article_id from quotes where person_id in (select old_person_id from staged_person_merges)
order by article_id;
