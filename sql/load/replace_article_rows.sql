-- The per-article rows (who is named, what is said, which equipment) are replaced wholesale for every
-- article in the run, so a re-extracted article never keeps rows its new text no longer supports.
-- Their ids are deterministic, so a rerun of the same input writes back identical rows.
delete from article_people where article_id in (select article_id from staged_articles);
delete from quotes where article_id in (select article_id from staged_articles);
delete from article_equipment where article_id in (select article_id from staged_articles);
insert into article_people by name select * from staged_article_people;
insert into quotes by name select * from staged_quotes;
insert into article_equipment by name select * from staged_article_equipment;
