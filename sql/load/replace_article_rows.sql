-- The per-article rows (who is named, what is said, which equipment) of the run's articles that
-- `rewritten_articles.sql` found different (`staged_rewritten`) are replaced wholesale, so a re-extracted
-- article never keeps rows its new text no longer supports, nor a list of steps not attempted
-- (`skipped`) that no longer holds; the others are not touched.
update articles set skipped = staged_articles.skipped
from staged_articles
where articles.article_id = staged_articles.article_id
    and articles.article_id in (select article_id from staged_rewritten)
    and articles.skipped is distinct from staged_articles.skipped;
delete from article_people where article_id in (select article_id from staged_rewritten);
delete from quotes where article_id in (select article_id from staged_rewritten);
delete from article_equipment where article_id in (select article_id from staged_rewritten);
insert into article_people by name
select * from staged_article_people where article_id in (select article_id from staged_rewritten);
insert into quotes by name
select * from staged_quotes where article_id in (select article_id from staged_rewritten);
insert into article_equipment by name
select * from staged_article_equipment where article_id in (select article_id from staged_rewritten);
